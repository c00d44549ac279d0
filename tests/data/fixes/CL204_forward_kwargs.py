# expect: CL204 line 9
# before: TypeError: add() missing 1 required positional argument: 'b'
# after: 5
import functools


def log_calls(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args)

    return wrapper


@log_calls
def add(a, b):
    return a + b


print(add(2, b=3))
