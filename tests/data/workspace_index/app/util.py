import time


def timed(fn):
    """Print how long each call takes."""

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        print(fn.__name__, time.perf_counter() - start)
        return result

    return wrapper
