from . import util
from .util import timed
from app import retrying


@timed
def index():
    """The index page."""
    return "index"


@timed()
def about():
    return "about"


@util.timed
@retrying(3)
def contact():
    return "contact"
