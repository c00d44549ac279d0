# expect: CL201 line 9
# before: wrapper None
# after: greet Say hello.
# after-contains: @wraps(func)
from functools import wraps


def log_calls(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@wraps(print)
def unrelated():
    pass


@log_calls
def greet():
    """Say hello."""
    return "hello"


print(greet.__name__, greet.__doc__)
