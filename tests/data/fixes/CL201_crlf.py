# expect: CL201 line 9
# before: wrapper None
# after: greet Say hello.
# after-contains: import functools
import sys


def log_calls(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@log_calls
def greet():
    """Say hello."""
    return "hello"


print(greet.__name__, greet.__doc__)
