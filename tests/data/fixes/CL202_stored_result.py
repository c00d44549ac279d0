# expect: CL202 line 12
# before: None
# after: 5
import functools
import time


def timed(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        result = func(*args, **kwargs)
        elapsed = time.perf_counter() - started
        print(f"{func.__name__} took {elapsed:.0f}s")

    return wrapper


@timed
def add(a, b):
    return a + b


print(add(2, 3))
