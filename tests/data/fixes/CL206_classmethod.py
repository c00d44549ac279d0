# expect: CL206 line 17
# before: TypeError: 'classmethod' object is not callable
# after: Config
import functools


def log_calls(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        print("calling", func.__name__)
        return func(*args, **kwargs)

    return wrapper


class Config:
    @log_calls  # traced
    # loads the defaults
    @classmethod
    def load(cls):
        return cls()


print(type(Config.load()).__name__)
