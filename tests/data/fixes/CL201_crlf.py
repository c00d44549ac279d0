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


# The runner keeps the CR that ends each header value of a CRLF file: print one too.
print(greet.__name__, greet.__doc__, end="\r\n")
