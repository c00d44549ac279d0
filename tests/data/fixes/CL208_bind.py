# expect: CL208 line 22
# before: TypeError: Greeter.greet() missing 1 required positional argument: 'self'
# after: hello from ada 1
import functools


class CountCalls:
    def __init__(self, func):
        functools.update_wrapper(self, func)
        self.func = func
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.func(*args, **kwargs)


class Greeter:
    def __init__(self, name):
        self.name = name

    @CountCalls
    def greet(self):
        return f"hello from {self.name}"


print(Greeter("ada").greet(), Greeter.greet.calls)
