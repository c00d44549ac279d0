from __future__ import annotations

# PEP 695 under postponed annotations: annotations are strings, bounds and values still scopes.


def outer():
    y = 1

    def f[T: y](a: T, b: y) -> y: ...

    type A[K] = dict[K, y]

    class C[U](list[y]):
        def m(self) -> U: ...

    return f, A, C
