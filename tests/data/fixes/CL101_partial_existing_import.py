# expect: CL101 line 13
# fix: Bind `n` with `ft.partial`
# before: [30, 30, 30]
# after: [0, 10, 20]
# after-contains: ft.partial(lambda x, *, n: x * n, n=n)
import functools as ft


def scalers():
    out = []
    n = 0
    while n < 3:
        out.append(lambda x: x * n)
        n += 1
    return out


print([f(10) for f in scalers()])
