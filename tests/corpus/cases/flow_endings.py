# Which statements end the flow of their block, as CPython's compiler decides: after one, a def is
# unreachable, and 3.11 drops its code object when no reachable code after it loads a constant.
# Each `dropped` must have no code object, each `kept` one.


def endless_loop_break_of_inner_loop(items):
    while True:
        for item in items:
            break

    def dropped():
        return items


def loop_broken_from_inner_else(items):
    while True:
        for item in items:
            pass
        else:
            break

    def kept():
        return items


def endless_loop_break_in_nested_def(items):
    while 1:

        def helper():
            for item in items:
                break

    def dropped():
        return items


def endless_loop_break_in_own_else(outer, items):
    for _ in outer:
        while True:
            pass
        else:
            break

        def dropped():
            return items


def loop_broken_in_try(items):
    while True:
        try:
            break
        finally:
            pass

    def kept():
        return items


def loop_broken_in_case(items):
    while True:
        match items:
            case []:
                break

    def kept():
        return items


def loop_break_in_dead_code(items):
    while True:
        continue
        break  # unreachable: no way out of the loop

    def dropped():
        return items


def endless_loop_with_continue(items):
    while True:
        continue

    def dropped():
        return items


def every_branch_returns(x):
    if x:
        return
    elif x is None:
        raise ValueError
    else:
        return

    def dropped():
        return x


def no_else(x):
    if x:
        return
    elif x is None:
        return

    def kept():
        return x


def false_branch_skipped(x):
    if 0:
        pass
    else:
        return

    def dropped():
        return x


def true_condition_without_else(x):
    if True:
        return

    def dropped():
        return x


def true_elif(x):
    if x:
        return
    elif 1:
        raise ValueError
    elif x:
        pass

    def dropped():
        return x


def true_elif_after_open_branch(x):
    if x:
        pass
    elif True:
        return

    def kept():
        return x


def nested_if_in_else(x):
    if x:
        return
    else:
        if True:
            raise ValueError

    def dropped():
        return x


def branch_ending_before_its_last_statement(x):
    if x:
        return
        x = 2
    else:
        return

    def dropped():
        return x


def branch_ending_with_a_comment(x):
    if x:
        return
        # nothing after
    else:
        raise ValueError  # nor here

    def dropped():
        return x


def assert_false(x):
    assert False, "never"

    def dropped():
        return x


def assert_zero_in_parentheses(x):
    assert (0)

    def dropped():
        return x


def assert_true(x):
    assert True, "always"

    def kept():
        return x


def endless_loop_in_a_branch(x):
    if x:
        while True:
            pass
    else:
        return

    def dropped():
        return x


def endless_loop_then_else_branch(x):
    if x:
        while True:
            if x:
                break
    else:
        return

    def kept():
        return x


def loop_body_returning(items):
    while True:
        return
        break

    def dropped():
        return items


def loop_break_never_run(items):
    while True:
        if 0:
            break

    def dropped():
        return items


def loop_break_after_endless_inner_loop(items):
    while True:
        while True:
            pass
        break

    def dropped():
        return items


def elif_branch_ending_early(x, y):
    if x:
        return
    elif y:
        return
        y = 1
    else:
        raise ValueError

    def dropped():
        return x


def endless_loop_after_return_in_branch(x):
    if x:
        return
        while True:
            continue
            break
    else:
        return

    def dropped():
        return x


class BranchesInClassBody:
    if __debug__:
        raise RuntimeError

    def dropped(self):
        return 1


class LoopInClassBody:
    while 1:
        pass

    def dropped(self):
        return 1


# Compound statements whose every way out ends the flow (try, loops with else, match).


def try_finally_returns(x):
    try:
        pass
    finally:
        return

    def dropped():
        return x


def try_except_all_return(x):
    try:
        return 1
    except ValueError:
        return 2

    def dropped():
        return x


def try_except_else_all_return(x):
    try:
        pass
    except ValueError:
        return 2
    else:
        return 3

    def dropped():
        return x


def for_else_returns(x):
    for i in x:
        pass
    else:
        return

    def dropped():
        return x


def while_else_returns(x):
    while x:
        pass
    else:
        return

    def dropped():
        return x


def match_all_return(x):
    match x:
        case 1:
            return 1
        case _:
            return 2

    def dropped():
        return x


def with_returns(x):  # __exit__ may swallow an exception: the flow goes on
    with x:
        return

    def kept():
        return x


def try_bare_except_all_return(x):
    try:
        return 1
    except:
        return 2

    def dropped():
        return x


def if_not_true(x):
    if not True:
        pass
    else:
        return

    def dropped():
        return x


def try_handler_falls_through(x):
    try:
        return 1
    except ValueError:
        pass

    def kept():
        return x


def try_else_falls_through(x):
    try:
        pass
    except ValueError:
        return 2
    else:
        x = 3

    def kept():
        return x


def try_finally_falls_through(x):
    try:
        x = 1
    finally:
        x = 2

    def kept():
        return x


def try_body_returns_finally_falls_through(x):
    try:
        return
    finally:
        x = 2

    def dropped():
        return x


def try_star_handlers_never_end(x):
    try:
        return 1
    except* ValueError:
        raise TypeError

    def kept():
        return x


def for_else_with_break(x):
    for i in x:
        if i:
            break
    else:
        return

    def kept():
        return x


def for_else_falls_through(x):
    for i in x:
        pass
    else:
        x = 1

    def kept():
        return x


def while_else_with_break(x):
    while x:
        break
    else:
        return

    def kept():
        return x


def while_false_else_returns(x):
    while 0:
        pass
    else:
        return

    def dropped():
        return x


def match_without_irrefutable_case(x):
    match x:
        case 1:
            return 1
        case str():
            return 2

    def kept():
        return x


def match_guarded_wildcard(x):
    match x:
        case 1:
            return 1
        case _ if x:
            return 2

    def kept():
        return x


def match_capture_all_return(x):
    match x:
        case 1:
            raise ValueError
        case y:
            return y

    def dropped():
        return x


def match_capture_with_as(x):
    match x:
        case 1:
            return 1
        case y as z:
            return z

    def dropped():
        return x


def match_one_case_falls_through(x):
    match x:
        case 1:
            pass
        case _:
            return 2

    def kept():
        return x


def match_value_pattern_is_refutable(x, Color):
    match x:
        case Color.RED:
            return 1

    def kept():
        return x


def docstring_and_unreachable_end(x):
    "The implicit return None at the end is unreachable: None never enters the constants."
    if x:
        return x

        def dropped():
            return x

    try:
        return x
    except ValueError:
        return x


def docstring_and_reachable_end(x):
    "Here the end is reachable: its return None loads a new constant after the dead def."
    if x:
        return x

        def kept():
            return x

    try:
        return x
    except ValueError:
        pass


def or_with_wildcard(x):
    match x:
        case 1 | _:
            return 1

    def dropped():
        return x


def group_wildcard(x):
    match x:
        case (_):
            return 1

    def dropped():
        return x


def group_capture(x):
    match x:
        case (y):
            return y

    def dropped():
        return x


def as_of_or(x):
    match x:
        case (1 | _) as z:
            return z

    def dropped():
        return x


def star_in_try_else(x):
    try:
        pass
    except ValueError:
        return 1
    else:
        while True:
            pass

    def dropped():
        return x


def nested_try_in_finally(x):
    try:
        pass
    finally:
        try:
            return
        except Exception:
            raise

    def dropped():
        return x


# Breaks that cross finally clauses on their way out of the loop.


def break_through_returning_finally(x):
    while True:
        try:
            break
        finally:
            return

    def dropped():
        return x


def continue_in_handler(items, x):
    for _ in items:
        try:
            pass
        except ValueError:
            continue
        else:
            continue

        def dropped():
            return x


def try_in_else_of_if(x):
    if x:
        return
    else:
        try:
            raise ValueError
        except ValueError:
            raise

    def dropped():
        return x


def loop_else_break_of_outer(items, x):
    for _ in items:
        for _ in items:
            pass
        else:
            break

        def dropped():
            return x


def try_finally_in_loop_body_returns(items, x):
    for _ in items:
        try:
            return
        finally:
            pass
    else:
        return

    def dropped():
        return x


def break_through_plain_finally(x):
    while True:
        try:
            break
        finally:
            x = 1

    def kept():
        return x


def break_through_two_finally_outer_returns(x):
    while True:
        try:
            try:
                break
            finally:
                x = 1
        finally:
            return

    def dropped():
        return x


def break_through_two_plain_finally(x):
    while True:
        try:
            try:
                break
            finally:
                x = 1
        finally:
            x = 2

    def kept():
        return x


def break_in_handler_through_raising_finally(x):
    while True:
        try:
            pass
        except ValueError:
            break
        finally:
            raise RuntimeError

    def dropped():
        return x


def break_of_inner_loop_inside_finally_try(x):
    while True:
        try:
            for _ in x:
                break
        finally:
            pass

    def dropped():
        return x
