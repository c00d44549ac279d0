# Comprehensions whose cells and free names move when 3.12 inlines them (PEP 709); under 3.11 the
# same code keeps a code object per comprehension.


def iteration_variable_captured(items):
    return [lambda: x for x in items]


def shadows_outer_local(items):
    x = 1
    return [lambda: x for x in items], x


def nested_captures(rows):
    z = 2
    return [[lambda: (x, z) for x in row] for row in rows]


def cells_in_varnames_order(a, b):
    c = [lambda: (a, q) for q in b]
    d = 5

    def h():
        return d

    return c, h, {k: (lambda: k) for k in b}, {s for s in b}


def generator_keeps_its_code(items):
    return (lambda: g for g in items)


class ClassScope:
    def method(self):
        super()
        return __class__

    items = [(lambda: i) for i in range(5)]
    values = [v for v in range(3)]


def super_in_comprehension():
    class K:
        def m(self):
            return [super() for _ in range(2)]

    return K
