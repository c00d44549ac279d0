# expect: CL102 line 11
# before: UnboundLocalError: cannot access local variable 'hits' where it is not associated with a value
# after: 2
# after-contains:     global hits

hits = 0


def hit():
    """Count one hit."""
    hits += 1


hit()
hit()
print(hits)
