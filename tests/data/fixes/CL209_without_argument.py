# expect: CL209 line 8
# before: TypeError: update_wrapper() missing 1 required positional argument: 'wrapper'
# after: hello
from functools import wraps


def log_calls(func):
    @wraps
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@log_calls
def greet():
    return "hello"


print(greet())
