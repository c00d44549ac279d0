# expect: CL206 line 8
# before: TypeError: the first argument must be callable
# after: 6
import functools


class Report:
    @functools.cache
    @property
    def total(self):
        return sum([1, 2, 3])


print(Report().total)
