# expect: CL103 line 11
# fix: Create `calls = 0` in `count_calls`
# before: SyntaxError: no binding for nonlocal 'calls' found
# after: 2 1
import functools


def count_calls(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        nonlocal calls
        calls += 1
        return func(*args, **kwargs)

    wrapper.calls = lambda: calls
    return wrapper


@count_calls
def ping():
    return "pong"


@count_calls
def pong():
    return "ping"


ping()
ping()
pong()
print(ping.calls(), pong.calls())
