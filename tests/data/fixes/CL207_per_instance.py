# expect: CL207 line 13
# before: True
# after: False
import functools
import gc
import weakref


class Catalog:
    def __init__(self, name):
        self.name = name

    @functools.lru_cache(maxsize=128)
    def lookup(self, key):
        return f"{self.name}:{key}"


catalog = Catalog("books")
print(catalog.lookup("isbn-1"))
alive = weakref.ref(catalog)
del catalog
gc.collect()
print(alive() is not None)
