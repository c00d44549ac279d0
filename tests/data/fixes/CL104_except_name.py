# expect: CL104 line 9
# before: NameError: cannot access free variable 'failure' where it is not associated with a value in enclosing scope
# after: failed: division by zero
# after-contains: lambda failure=failure: f"failed: {failure}"
def risky():
    try:
        1 / 0
    except ZeroDivisionError as failure:
        return lambda: f"failed: {failure}"


report = risky()
print(report())
