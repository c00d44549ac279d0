import functools


def retry(times):
    def decorate(fn):
        @functools.wraps(fn)
        def attempt(*args, **kwargs):
            for _ in range(times - 1):
                try:
                    return fn(*args, **kwargs)
                except Exception:
                    pass
            return fn(*args, **kwargs)

        return attempt

    return decorate
