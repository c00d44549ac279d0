# expect: CL201 line 10
# before: wrapper None
# after: ping Check the link.
# after-contains:         @functools.wraps(func)
import functools


def retry(times):
    def decorate(func):
        def wrapper(*args, **kwargs):
            for attempt in range(times):
                try:
                    return func(*args, **kwargs)
                except OSError:
                    if attempt == times - 1:
                        raise

        return wrapper

    return decorate


@retry(times=3)
def ping():
    """Check the link."""
    return "pong"


print(ping.__name__, ping.__doc__)
