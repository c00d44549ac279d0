# expect: CL209 line 11
# before: wrapper hello
# after: greet hello
import functools


def log_calls(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    functools.update_wrapper(func, wrapper)
    return wrapper


@log_calls
def greet():
    """Say hello."""
    return "hello"


print(greet.__name__, greet())
