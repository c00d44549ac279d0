# 3.12 (PEP 709): an inlined comprehension's cell named like a free variable of the function that
# inlines it: the name is both in co_freevars and co_cellvars.


def outer():
    T = 1

    def f():
        print(T)
        return [lambda: T for T in range(3)]

    return f


class K:
    T = 1
    items = [lambda: T for T in range(3)]
