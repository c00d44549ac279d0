# expect: CL207 line 13
# fix: Use `@cached_property` (call sites change from `obj.total()` to `obj.total`)
# before: _lru_cache_wrapper
# after: cached_property
# after-contains: from functools import cache, cached_property
from functools import cache, cached_property


class Report:
    def __init__(self, rows):
        self.rows = rows

    @cache
    def total(self):
        return sum(self.rows)


print(type(Report.__dict__["total"]).__name__)
