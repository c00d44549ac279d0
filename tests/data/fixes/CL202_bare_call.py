# expect: CL202 line 11
# before: None
# after: 5
import functools


def log_calls(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        print("calling", func.__name__)
        func(*args, **kwargs)

    return wrapper


@log_calls
def add(a, b):
    return a + b


print(add(2, 3))
