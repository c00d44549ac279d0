# expect: CL106 line 16
# fix: Keep the last 1000 entries with `collections.deque(maxlen=1000)`
# before: (99999,)
# after: (99999,)
# after-contains: history = collections.deque(maxlen=1000)
"""Remembers every call: the fix bounds the history, importing collections after the
docstring and the __future__ import."""

from __future__ import annotations


def remember_calls(func):
    history = []

    def wrapper(*args, **kwargs):
        history.append(args)
        return func(*args, **kwargs)

    wrapper.history = history
    return wrapper


@remember_calls
def square(x):
    return x * x


for n in range(100_000):
    square(n)
print(square.history[-1])
