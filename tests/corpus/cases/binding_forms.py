# Every way a name gets bound inside a function, each captured by an inner function.
import contextlib


def assignment_targets(src):
    a = 1
    b, (c, [d, *e]) = src
    f = g = 2
    h: int
    i: int = 3
    j += 1
    k[0] = 4  # subscript targets bind nothing
    k = []
    m.attr = 5  # attribute targets bind nothing
    m = object()
    (n) = 6
    [o, p] = src
    for q, *r in src:
        pass
    async def agen():
        async for s in src:
            pass
        async with src as t:
            pass
        return lambda: (s, t)
    with open(src) as u, contextlib.suppress() as (v, w):
        pass
    try:
        pass
    except ValueError as x:
        pass
    import os.path
    import collections.abc as y
    from functools import partial as z, reduce
    del a

    def inner():
        return (a, b, c, d, e, f, g, h, i, j, k, m, n, o, p, q, r, u, v, w, x, os, y, z, reduce)

    return inner, agen


def exception_groups(src):
    try:
        pass
    except* ValueError as group:
        pass
    return lambda: group


def walrus_everywhere(data):
    if (n := len(data)) > 3:
        pass
    print(total := 0)
    return lambda: (n, total)


def deletes(x):
    y = 1
    del y
    del x

    def inner():
        del y  # noqa: F821 -- binds y locally in inner; nothing is captured
        return x

    return inner


def star_params(a, /, b, *args, c, d=1, **kwargs):
    def inner():
        return a, b, args, c, d, kwargs

    return inner


def cell_params_order(zeta, alpha, /, mid, *rest, kwonly, **options):
    late = 1
    early = 2

    def inner():
        return options, kwonly, rest, mid, alpha, zeta, late, early

    return inner


def lambda_params(outer):
    return lambda a, *b, c=outer, **d: (lambda: (a, b, c, d))


def class_in_function(value, other):
    shadow = 1

    class Local:
        attribute = value
        shadow = 2

        def method(self):
            return other, shadow

    return Local


def names_in_fstrings(width, precision, value):
    def inner():
        return f"{value!r:>{width}.{precision}}"

    return inner
