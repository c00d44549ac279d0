"""A package whose __init__ re-exports its decorators."""
from .util import timed
from .factories import retry as retrying

__all__ = ["timed", "retrying"]
