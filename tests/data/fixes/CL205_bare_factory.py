# expect: CL205 line 18
# before: TypeError: tag.<locals>.decorate() missing 1 required positional argument: 'func'
# after: [Ellipsis] hello
import functools


def tag(label):
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return f"[{label}] {func(*args, **kwargs)}"

        return wrapper

    return decorate


@tag
def hello():
    return "hello"


print(hello())
