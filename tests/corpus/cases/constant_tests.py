# Tests the compiler folds to a constant. The branch that never runs is still compiled, then
# removed as unreachable: 3.11 keeps its code objects only when a later constant keeps them in
# co_consts (it trims trailing unused constants), 3.12 drops them always.


def false_branch_last():
    if False:

        def dropped():
            pass


def false_branch_then_constant():
    if 0:

        def kept_by_311():
            pass

    return "a later constant"


def else_of_true():
    if True:
        pass
    else:

        def dropped():
            pass


def elif_false(flag):
    if flag:
        pass
    elif False:

        def dropped():
            pass


def not_debug():
    if not __debug__:

        def dropped():
            pass


def falsy_literals():
    if ():
        lambda: 1
    if "":
        lambda: 2
    if b"":
        lambda: 3
    if 0x0:
        lambda: 4
    if 0.0e3:
        lambda: 5
    if 0j:
        lambda: 6
    if -0:
        lambda: 7
    if "" "":
        lambda: 8


def truthy_literals():
    if (1, "a"):
        pass
    else:
        lambda: 1
    if ~0:
        pass
    else:
        lambda: 2
    if f"{{":
        pass
    else:
        lambda: 3
    if ...:
        pass
    else:
        lambda: 4


def and_false(flag):
    if flag and False:

        def dropped():
            pass


def or_true(flag):
    if flag or True:
        pass
    else:

        def dropped():
            pass


def never_entered_loop():
    while 0:

        def dropped():
            pass


def else_of_endless_loop(queue):
    while True:
        if queue.get():
            break
    else:

        def dropped():
            pass


def after_true_branch_returns():
    if 1:
        return

    def dropped():
        pass


def after_failing_assert():
    assert False, "always raises"

    def dropped():
        pass


def message_of_passing_assert():
    assert True, lambda: "never built"


def f_string_with_a_field_is_no_constant(name):
    if f"{name}":
        pass
    else:

        def kept():
            pass


if False:

    class DroppedAtTheEndOfTheModule:
        pass


# Where None enters co_consts decides 3.11's trim: it is constant 0 of a function without a
# docstring; elsewhere it comes with its first load (reachable or not: `x = None`, `import m`, the
# exit of a `with`, the end of `except ... as e`, a slice bound left out, a bare `return`), or
# last, with the implicit `return None` at the end of the body.


def no_docstring_none_after():
    if False:

        def dropped():
            pass

    x = None


def docstring_none_after():
    "None comes after the dead def: it keeps it in 3.11."
    if False:

        def kept_by_311():
            pass

    x = None


def docstring_none_in_dead_code_before():
    "None entered the constants in the dead branch, before the def."
    if False:
        z = None
    if False:

        def dropped():
            pass


def docstring_implicit_return():
    "The implicit return appends None after the def."
    if False:

        def kept_by_311():
            pass


def docstring_slice(seq):
    "seq[1:] loads None before the def."
    head = seq[1:]
    if False:

        def dropped():
            pass


def docstring_with(lock):
    "Leaving the with block loads None."
    with lock:
        pass
    if False:

        def dropped():
            pass


def docstring_except_as():
    "`e = None; del e` at the end of the handler."
    try:
        pass
    except OSError as e:
        pass
    if False:

        def dropped():
            pass


class ReturnsItsClassCell:
    def method(self):
        return super().method()

    if False:

        def dropped(self):
            pass
