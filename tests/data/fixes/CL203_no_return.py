# expect: CL203 line 7
# before: TypeError: 'NoneType' object is not callable
# after: 5
import functools


def log_calls(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        print("calling", func.__name__)
        return func(*args, **kwargs)


@log_calls
def add(a, b):
    return a + b


print(add(2, 3))
