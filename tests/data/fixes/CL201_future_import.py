# expect: CL201 line 8
# before: wrapper None
# after: greet Say hello.
"""A module with a docstring and a __future__ import: the import goes after them."""
from __future__ import annotations

def log_calls(func):
    def wrapper(*args: object, **kwargs: object) -> object:
        return func(*args, **kwargs)

    return wrapper


@log_calls
def greet() -> str:
    """Say hello."""
    return "hello"


print(greet.__name__, greet.__doc__)
