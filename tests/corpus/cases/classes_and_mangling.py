# Classes: invisible to nested scopes, __class__ cells, name mangling, DEF_FREE_CLASS.


class Base:
    def method(self):
        return 1


class UsesSuper(Base):
    def method(self):
        return super().method()

    def nested(self):
        def inner():
            return super(UsesSuper, self).method()

        return inner

    def explicit(self):
        return __class__

    def in_comprehension(self):
        return [super().method() for _ in range(2)]

    def in_lambda(self):
        return lambda: super().method()


class NoSuperCell:
    super = staticmethod(lambda: None)
    value = super


def enclosing(x, y, z):
    class Inner:
        x = 1  # bound in the class and free in a method: the class gets x as a free var too
        print(y)

        def method(self):
            return x, z

        def __private(self):
            __secret = 1
            _Inner__also = 2

            def peek():
                return __secret, _Inner__also

            return peek

        class __Nested:
            def __deep(self):
                __v = 3
                return lambda: __v

    return Inner


class _Leading:
    def __m(self, __p):
        import __hidden.sub as __alias
        return lambda: (__p, __alias, __dunder__)


class ___:
    def m(self, __p):
        return lambda: __p


def global_qualnames():
    global made_global

    def made_global():
        return 1

    class Holder:
        global held_global

        def held_global(self):
            return 2

    def local():
        return 3

    return local, Holder


def method_class_closure():
    class Outer:
        def method(self):
            class InnerClass:
                value = __class__

                def m(self):
                    return super()

            return InnerClass

    return Outer


class KeywordsAndBases(Base, metaclass=type):
    pass


def bases_are_outer(base, meta, arg):
    class K(base, metaclass=meta, flag=arg):
        pass

    return K
