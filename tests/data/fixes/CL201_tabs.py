# expect: CL201 line 8
# before: wrapper None
# after: greet Say hello.
# after-contains: 	@functools.wraps(fn)
import functools

def log_calls(fn):
	def wrapper(*args, **kwargs):
		if args:
			return fn(*args, **kwargs)
		return fn(**kwargs)
	return wrapper


@log_calls
def greet():
	"""Say hello."""
	return "hello"


print(greet.__name__, greet.__doc__)
