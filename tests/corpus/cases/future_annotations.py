from __future__ import annotations


def annotations_not_evaluated(kind, ret):
    local = 1

    def inner(a: kind, b: local = 1) -> ret:
        c: local = 2
        return c

    class K:
        attribute: local
        other: kind = 3

    return inner, K
