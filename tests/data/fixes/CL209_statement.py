# expect: CL209 line 8
# before: wrapper None
# after: greet Say hello.
import functools


def log_calls(func):
    functools.wraps(func)

    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@log_calls
def greet():
    """Say hello."""
    return "hello"


print(greet.__name__, greet.__doc__)
