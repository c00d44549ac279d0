# expect: CL101 line 11
# before: ['c2', 'c2', 'c2']
# after: ['a0', 'b1', 'c2']
# after-contains: 		def label(*, name=name, index=index):


def make_labels(names):
	labels = []
	for index, name in enumerate(names):
		def label():
			return name + str(index)
		labels.append(label)
	return labels


print([f() for f in make_labels("abc")])
