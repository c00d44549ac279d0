# nonlocal/global through several levels, pass-through variables, comprehensions.


def pass_through(a):
    def middle():
        def inner():
            return a

        return inner

    return middle


def nonlocal_levels():
    counter = 0

    def level1():
        def level2():
            def level3():
                nonlocal counter
                counter += 1

            return level3

        return level2

    return level1


def nonlocal_only_declared():
    name = None

    def inner():
        nonlocal name

    return inner


def global_in_nested():
    g = 1

    def inner():
        global g
        g = 2

        def deeper():
            return g

        return deeper

    return inner


def comprehension_scopes(items, limit):
    squares = [x * x for x in items if x < limit]
    pairs = {k: v for k, v in items}
    unique = {y for y in items}
    lazy = (z for z in items)
    nested = [[i + j for j in row] for i, row in enumerate(items)]
    first_iterable = [w for w in items for v in w if v > limit]
    return squares, pairs, unique, lazy, nested, first_iterable


def walrus_in_comprehension(items):
    [last := item for item in items]
    [[deep := j for j in row] for row in items]
    return lambda: (last, deep)


[module_level := n for n in range(3)]


def walrus_global(items):
    global found
    [found := item for item in items]


class ComprehensionInClass:
    values = [1, 2]
    doubled = [v * 2 for v in values]
    nested = [[a for a in range(b)] for b in values]


def generator_default(x=(n for n in range(3)), y=lambda: 1):
    return x, y


def lambda_in_default(factor):
    def inner(scale=lambda v: v * factor):
        return scale

    return inner


def decorated(dec, arg):
    @dec(arg)
    @dec
    def target():
        return arg

    @dec
    class Klass:
        pass

    return target, Klass


def multiline_decorator(dec):
    @dec(
        1,
    )
    async def target():
        return dec

    return target


def annotations_evaluated(kind, ret, local_kind):
    def inner(a: kind, *args: kind, b: kind = 1, **kw: kind) -> ret:
        c: local_kind = 1
        return c

    def no_value():
        d: local_kind
        e: (lambda: local_kind) = 2

    return inner, no_value


def super_outside_class():
    return super


def lambda_walrus(items):
    return lambda: [(t := i) for i in items]
