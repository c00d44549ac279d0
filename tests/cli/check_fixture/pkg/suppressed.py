"""Findings silenced by comments; the string below is not a comment."""

NOT_A_COMMENT = "# noqa"


def shout(func):
    def wrapper(*args, **kwargs):  # noqa: CL201
        return func(*args, **kwargs).upper()

    return wrapper


def make_counter():
    total = 0

    def add(n):
        total += n  # closurelens: ignore[CL102]
        return total

    return add


def quiet(func):
    def wrapper(*args, **kwargs):  # pylint: disable=unused-argument
        return func(*args, **kwargs)

    return wrapper
