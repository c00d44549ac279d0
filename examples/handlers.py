"""Callbacks registered in a loop, and a counter that forgets `nonlocal`."""


def make_handlers(names):
    handlers = []
    for name in names:
        handlers.append(lambda: print("clicked", name))
    return handlers


def make_counter():
    count = 0

    def increment():
        count += 1
        return count

    return increment


def squares_later(n):
    return [lambda: i * i for i in range(n)]
