# expect: CL201 line 8
# before: wrapper None
# after: fetch Fetch a URL.
import time


def timed(func):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        result = func(*args, **kwargs)
        print(f"took {time.perf_counter() - started:.0f}s")
        return result

    return wrapper


@timed
def fetch(url):
    """Fetch a URL."""
    return url


print(fetch.__name__, fetch.__doc__)
