# PEP 695 (Python 3.12): type-parameter, bound and type-alias scopes.
# Every code object here is compared with CPython 3.12's.


def plain[T](x: T) -> T:
    return x


def bounded[T: int, C: (str, bytes), *Ts, **P](a: T, *args: Ts) -> C: ...


def defaults_outside():
    default = 1

    def f[T](a: T = default, *, b: int = default) -> T:
        return a

    return f


def captures_parameter[T]():
    def inner() -> T:
        return T

    return inner


def bound_with_lambda[T: (lambda: 0)]():
    pass


def annotation_with_lambda[T](a: (lambda: T) = None): ...


type Alias = list[int]
type Generic[K, V] = dict[K, V]
type Lazy = lambda: Lazy


def aliases_in_function():
    y = 1
    type Local = list[y]
    type LocalGeneric[K] = dict[K, y]
    return Local, LocalGeneric


class Box[T](list[T]):
    def get(self) -> T:
        return super().get()

    def cls(self):
        return __class__


class Plain:
    x = int

    def method[V: x](self, a: x = x) -> V: ...

    type Member = x

    def generic_super[W](self) -> W:
        return super().generic_super()


def class_in_function():
    x = 1
    z = 2

    class Shadows:
        x = 2
        type Sees = x
        type Free = z

        def m[W](self) -> x: ...

    class Outer[T: z](list[z]):
        pass

    return Shadows, Outer


class __Private[__T]:
    def m[__U](self, a: __U, b: __T) -> None: ...


def global_generic():
    global made_global

    def made_global[T](): ...

    return made_global


def uses_nonlocal():
    count = 0

    def bump[T](step: T) -> T:
        nonlocal count
        count += 1
        return step

    return bump


@staticmethod
def decorated[T](): ...


async def coroutine[T](): ...


def comprehension_in_bound[T: [i for i in range(3)]](): ...


class Nested:
    class Inner[T]:
        def deep[U](self) -> [T, U]:
            def innermost():
                return T, U

            return innermost


def generic_with_closure_default[T](callback=lambda: None): ...
