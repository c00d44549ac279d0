# expect: CL102 line 11
# before: UnboundLocalError: cannot access local variable 'count' where it is not associated with a value
# after: 2
# after-contains:         nonlocal count


def make_counter():
    count = 0

    def increment():
        count += 1
        return count

    return increment


counter = make_counter()
counter()
print(counter())
