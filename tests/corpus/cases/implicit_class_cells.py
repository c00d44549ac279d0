# The implicit cells a class offers its methods: `__class__` in every version, `__classdict__`
# from 3.12 on (before it is an ordinary, global name).


class Reads:
    def dict_of_class(self):
        return __classdict__

    def class_of_method(self):
        return __class__


def outer():
    __classdict__ = {}

    class Inner:
        def m(self):
            return __classdict__

    return Inner
