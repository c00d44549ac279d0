# expect: CL204 line 9
# before: TypeError: add() takes 0 positional arguments but 2 were given
# after: 5
import functools


def log_calls(func):
    @functools.wraps(func)
    def wrapper():
        print("calling", func.__name__)
        return func()

    return wrapper


@log_calls
def add(a, b):
    return a + b


print(add(2, 3))
