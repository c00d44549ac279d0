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
