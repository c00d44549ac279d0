import app.util as u


@u.timed
def report():
    return 42
