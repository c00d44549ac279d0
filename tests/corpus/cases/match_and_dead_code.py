# match captures and CPython's trimming of unreachable code objects.


def match_captures(subject, Point, Color):
    match subject:
        case [first, *rest]:
            pass
        case {"key": value, **others}:
            pass
        case Point(x=px, y=0) as point:
            pass
        case Color.RED | Color.GREEN:
            pass
        case (1 | 2) as small:
            pass
        case str() | bytes():
            pass
        case _:
            pass
    return lambda: (first, rest, value, others, px, point, small)


def after_return():
    x = 1
    return

    def unreachable():
        return x


def after_raise():
    raise ValueError

    class Gone:
        def method(self):
            return 1


def after_continue(items):
    for item in items:
        continue

        def kept():
            return item

    def later():
        return 1


def both_branches_return(flag):
    if flag:
        return 1
    else:
        return 2

    def unreachable():
        return flag


def dead_in_handler(path):
    try:
        pass
    except OSError:
        return

        def dropped():
            return path

    finally:
        print(path)


def dead_then_constant(path):
    try:
        pass
    except OSError:
        return

        def kept():
            return path

    print(path, 12345)


if False:

    def never_called():
        return 1

while 0:

    def never_either():
        return 2


def return_inlines_finally(path):
    try:
        pass
    except OSError:
        return

        def dropped():
            return path

    finally:
        print(path, 54321)  # compiled at the return already: no new constant afterwards


def after_endless_loop(queue):
    while True:
        queue.get()

    def dropped():
        return queue


def after_loop_with_break(queue):
    while 1:
        if queue.get():
            break

    def kept():
        return queue


class DeadInClass:
    raise RuntimeError

    def dropped(self):
        return 1


raise SystemExit


def module_level_after_raise():
    return 1
