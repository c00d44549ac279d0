# expect: CL106 line 12
# fix: Keep the last 1000 entries with `deque(maxlen=1000)`
# before: 5
# after: 5
# after-contains: seen = deque(maxlen=1000)
from collections import deque


def trace(func):
	seen = []
	def wrapper(x):
		seen.append(x)
		return func(x)
	wrapper.seen = seen
	return wrapper


@trace
def ident(x):
	return x


for i in range(5):
	ident(i)
print(len(ident.seen))
