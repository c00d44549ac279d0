# expect: CL205 line 15
# before: TypeError: shout() missing 1 required positional argument: 'func'
# after: HELLO
import functools


def shout(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs).upper()

    return wrapper


@shout()
def greet():
    return "hello"


print(greet())
