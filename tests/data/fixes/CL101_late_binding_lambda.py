# expect: CL101 line 9
# before: [2, 2, 2]
# after: [0, 1, 2]
# after-contains: callbacks.append(lambda i=i: i)


callbacks = []
for i in range(3):
    callbacks.append(lambda: i)

print([f() for f in callbacks])
