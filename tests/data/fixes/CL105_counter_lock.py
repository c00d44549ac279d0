# expect: CL105 line 19
# fix: Guard the update with `with _lock:`
# before: 3
# after: 3
# after-contains:     _lock = threading.Lock()
# after-contains:         with _lock:
"""A decorator counting calls; the fix adds the threading import after the docstring."""
from __future__ import annotations

import functools


def count_calls(func):
    calls = 0

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        nonlocal calls
        calls += 1
        wrapper.calls = calls
        return func(*args, **kwargs)

    return wrapper


@count_calls
def ping() -> str:
    return "pong"


for _ in range(3):
    ping()
print(ping.calls)
