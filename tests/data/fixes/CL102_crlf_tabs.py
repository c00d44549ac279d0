# expect: CL102 line 9
# after-contains: 		nonlocal total
"""A CRLF file indented with tabs: the fix keeps both."""


def make_adder():
	total = 0
	def add(x):
		total = total + x
		return total
	return add


add = make_adder()
add(2)
print(add(3))
