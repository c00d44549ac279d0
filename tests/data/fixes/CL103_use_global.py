# expect: CL103 line 13
# before: SyntaxError: no binding for nonlocal 'calls' found
# after: 2
# after-contains:         global calls
import functools

calls = 0


def count_calls(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        nonlocal calls
        calls += 1
        return func(*args, **kwargs)

    return wrapper


@count_calls
def ping():
    return "pong"


@count_calls
def pong():
    return "ping"


ping()
pong()
print(calls)
