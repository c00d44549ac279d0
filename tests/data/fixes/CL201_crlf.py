# expect: CL201 line 8
# before: wrapper None
# after: greet Say hello.
import sys


def log_calls(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@log_calls
def greet():
    """Say hello."""
    return "hello"


# The file keeps its CRLF line ends through the fix.
print(greet.__name__, greet.__doc__)
