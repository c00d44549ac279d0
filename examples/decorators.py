"""Decorators that lose the wrapped function's metadata or its result."""
import functools
import time


def timed(func):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        result = func(*args, **kwargs)
        print(f"{func.__name__} took {time.perf_counter() - started:.3f}s")
        return result

    return wrapper


def logged(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        print("calling", func.__name__)
        func(*args, **kwargs)

    return wrapper


def retry(times):
    def decorate(func):
        @functools.wraps(func)
        def attempt(*args, **kwargs):
            for _ in range(times - 1):
                try:
                    return func(*args, **kwargs)
                except Exception:
                    pass
            return func(*args, **kwargs)

        return attempt

    return decorate


@timed
@retry(times=3)
def fetch(url):
    """Fetch a URL."""
    return url.upper()


@logged
def total(values):
    return sum(values)


class Repository:
    @functools.lru_cache(maxsize=None)
    def lookup(self, key):
        return key * 2
