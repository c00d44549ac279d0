# Arithmetic on strings, bytes and tuples in tests, as CPython's AST optimizer folds it (with its
# limits: 4,096 characters or bytes, 256 items, 1,024 items counted through nested tuples). For
# each expression E, `if E:` with a lambda in the branch (gone when E folds to false) and
# `if E: pass else:` with a lambda in the else (gone when E folds to true); both stay where E is
# not folded. The expected code objects are CPython's: corpus.cpython_cases and
# corpus.cpython312_cases.
x = 1


def when_00():  # a string repeated no times
    if 'a' * 0:
        lambda: 1


def unless_00():  # a string repeated no times
    if 'a' * 0:
        pass
    else:
        lambda: 2


def when_01():  # the int first
    if 0 * 'a':
        lambda: 1


def unless_01():  # the int first
    if 0 * 'a':
        pass
    else:
        lambda: 2


def when_02():  # an empty string repeated
    if '' * 3:
        lambda: 1


def unless_02():  # an empty string repeated
    if '' * 3:
        pass
    else:
        lambda: 2


def when_03():  # an empty string repeated a negative number of times
    if '' * -1:
        lambda: 1


def unless_03():  # an empty string repeated a negative number of times
    if '' * -1:
        pass
    else:
        lambda: 2


def when_04():  # a negative count on a non-empty string: not folded
    if 'a' * -1:
        lambda: 1


def unless_04():  # a negative count on a non-empty string: not folded
    if 'a' * -1:
        pass
    else:
        lambda: 2


def when_05():  # at the 4096-character limit
    if 'ab' * 2048:
        lambda: 1


def unless_05():  # at the 4096-character limit
    if 'ab' * 2048:
        pass
    else:
        lambda: 2


def when_06():  # past the limit: not folded
    if 'ab' * 2049:
        lambda: 1


def unless_06():  # past the limit: not folded
    if 'ab' * 2049:
        pass
    else:
        lambda: 2


def when_07():  # characters, not bytes, count
    if 'é' * 4096:
        lambda: 1


def unless_07():  # characters, not bytes, count
    if 'é' * 4096:
        pass
    else:
        lambda: 2


def when_08():  # bytes: each escape one byte
    if b'\xff' * 4096:
        lambda: 1


def unless_08():  # bytes: each escape one byte
    if b'\xff' * 4096:
        pass
    else:
        lambda: 2


def when_09():  # an escape is one character
    if '\n' * 4096:
        lambda: 1


def unless_09():  # an escape is one character
    if '\n' * 4096:
        pass
    else:
        lambda: 2


def when_10():  # a named character is one
    if '\N{BULLET}' * 4096:
        lambda: 1


def unless_10():  # a named character is one
    if '\N{BULLET}' * 4096:
        pass
    else:
        lambda: 2


def when_11():  # a backslash-newline alone is empty
    if '\
':
        lambda: 1


def unless_11():  # a backslash-newline alone is empty
    if '\
':
        pass
    else:
        lambda: 2


def when_12():  # a tuple of a jump-folded test is no constant
    if (x and False,):
        lambda: 1


def unless_12():  # a tuple of a jump-folded test is no constant
    if (x and False,):
        pass
    else:
        lambda: 2


def when_13():  # constants this model holds no value for
    if (not None, ..., 170141183460469231731687303715884105728) * 0:
        lambda: 1


def unless_13():  # constants this model holds no value for
    if (not None, ..., 170141183460469231731687303715884105728) * 0:
        pass
    else:
        lambda: 2


def when_14():  # raw: two characters, past the limit
    if r'\n' * 2049:
        lambda: 1


def unless_14():  # raw: two characters, past the limit
    if r'\n' * 2049:
        pass
    else:
        lambda: 2


def when_15():  # a newline in a triple-quoted string is one character (5 * 820 = 4100)
    if '''ab
cd''' * 820:
        lambda: 1


def unless_15():  # a newline in a triple-quoted string is one character (5 * 820 = 4100)
    if '''ab
cd''' * 820:
        pass
    else:
        lambda: 2


def when_16():  # 4095 characters
    if '''ab
cd''' * 819:
        lambda: 1


def unless_16():  # 4095 characters
    if '''ab
cd''' * 819:
        pass
    else:
        lambda: 2


def when_17():  # a concatenation is one constant
    if 'a' 'b' * 2048:
        lambda: 1


def unless_17():  # a concatenation is one constant
    if 'a' 'b' * 2048:
        pass
    else:
        lambda: 2


def when_18():  # an f-string without fields
    if f'{{' * 4096:
        lambda: 1


def unless_18():  # an f-string without fields
    if f'{{' * 4096:
        pass
    else:
        lambda: 2


def when_19():  # two empty strings
    if '' + '':
        lambda: 1


def unless_19():  # two empty strings
    if '' + '':
        pass
    else:
        lambda: 2


def when_20():  # a non-empty sum
    if 'a' + '':
        lambda: 1


def unless_20():  # a non-empty sum
    if 'a' + '':
        pass
    else:
        lambda: 2


def when_21():  # bytes
    if b'' + b'':
        lambda: 1


def unless_21():  # bytes
    if b'' + b'':
        pass
    else:
        lambda: 2


def when_22():  # formatting: not folded
    if 'a' % ():
        lambda: 1


def unless_22():  # formatting: not folded
    if 'a' % ():
        pass
    else:
        lambda: 2


def when_23():  # a folded count
    if '' * (1 - 1):
        lambda: 1


def unless_23():  # a folded count
    if '' * (1 - 1):
        pass
    else:
        lambda: 2


def when_24():  # a bool count
    if 'a' * True:
        lambda: 1


def unless_24():  # a bool count
    if 'a' * True:
        pass
    else:
        lambda: 2


def when_25():  # a count past an index: not folded
    if 'a' * 10 ** 30:
        lambda: 1


def unless_25():  # a count past an index: not folded
    if 'a' * 10 ** 30:
        pass
    else:
        lambda: 2


def when_26():  # an empty string with a count past an index: not folded
    if '' * 10 ** 30:
        lambda: 1


def unless_26():  # an empty string with a count past an index: not folded
    if '' * 10 ** 30:
        pass
    else:
        lambda: 2


def when_27():  # an empty tuple repeated
    if () * 5:
        lambda: 1


def unless_27():  # an empty tuple repeated
    if () * 5:
        pass
    else:
        lambda: 2


def when_28():  # a tuple repeated no times
    if (1,) * 0:
        lambda: 1


def unless_28():  # a tuple repeated no times
    if (1,) * 0:
        pass
    else:
        lambda: 2


def when_29():  # at the 256-item limit
    if (1, 2) * 128:
        lambda: 1


def unless_29():  # at the 256-item limit
    if (1, 2) * 128:
        pass
    else:
        lambda: 2


def when_30():  # past it: not folded
    if (1, 2) * 129:
        lambda: 1


def unless_30():  # past it: not folded
    if (1, 2) * 129:
        pass
    else:
        lambda: 2


def when_31():  # nested items: 5 * 205 = 1025 past 1024, not folded
    if ((1, 2, 3, 4),) * 205:
        lambda: 1


def unless_31():  # nested items: 5 * 205 = 1025 past 1024, not folded
    if ((1, 2, 3, 4),) * 205:
        pass
    else:
        lambda: 2


def when_32():  # nested items: 1020
    if ((1, 2, 3, 4),) * 204:
        lambda: 1


def unless_32():  # nested items: 1020
    if ((1, 2, 3, 4),) * 204:
        pass
    else:
        lambda: 2


def when_33():  # two empty tuples
    if () + ():
        lambda: 1


def unless_33():  # two empty tuples
    if () + ():
        pass
    else:
        lambda: 2


def when_34():  # a tuple with None
    if (None,) + ():
        lambda: 1


def unless_34():  # a tuple with None
    if (None,) + ():
        pass
    else:
        lambda: 2


def when_35():  # a tuple with a name: not a constant
    if (x,) * 0:
        lambda: 1


def unless_35():  # a tuple with a name: not a constant
    if (x,) * 0:
        pass
    else:
        lambda: 2


def when_36():  # str + int: not folded
    if 'a' + 1:
        lambda: 1


def unless_36():  # str + int: not folded
    if 'a' + 1:
        pass
    else:
        lambda: 2


def when_37():  # str - str: not folded
    if 'a' - 'a':
        lambda: 1


def unless_37():  # str - str: not folded
    if 'a' - 'a':
        pass
    else:
        lambda: 2


def when_38():  # an empty tuple, negative count
    if () * -1:
        lambda: 1


def unless_38():  # an empty tuple, negative count
    if () * -1:
        pass
    else:
        lambda: 2


def when_39():  # a tuple, negative count: not folded
    if (1,) * -1:
        lambda: 1


def unless_39():  # a tuple, negative count: not folded
    if (1,) * -1:
        pass
    else:
        lambda: 2


def when_40():  # a backslash-newline is nothing
    if '\
' * 5:
        lambda: 1


def unless_40():  # a backslash-newline is nothing
    if '\
' * 5:
        pass
    else:
        lambda: 2


def when_41():  # hex, octal and unicode escapes: one each
    if '\x41\101\u0041\U00000041' * 1024:
        lambda: 1


def unless_41():  # hex, octal and unicode escapes: one each
    if '\x41\101\u0041\U00000041' * 1024:
        pass
    else:
        lambda: 2


def when_42():  # octal takes three digits at most: two characters
    if '\1234' * 2048:
        lambda: 1


def unless_42():  # octal takes three digits at most: two characters
    if '\1234' * 2048:
        pass
    else:
        lambda: 2


def when_43():  # two characters past the limit
    if '\1234' * 2049:
        lambda: 1


def unless_43():  # two characters past the limit
    if '\1234' * 2049:
        pass
    else:
        lambda: 2


def when_44():  # not of an empty repeat
    if not ('a' * 0):
        lambda: 1


def unless_44():  # not of an empty repeat
    if not ('a' * 0):
        pass
    else:
        lambda: 2


def when_45():  # a fold inside a sum
    if ('a' * 0) + 'b':
        lambda: 1


def unless_45():  # a fold inside a sum
    if ('a' * 0) + 'b':
        pass
    else:
        lambda: 2


def when_46():  # a tuple holding a fold
    if (1, 'a' * 0):
        lambda: 1


def unless_46():  # a tuple holding a fold
    if (1, 'a' * 0):
        pass
    else:
        lambda: 2


def when_47():  # a tuple of a fold repeated no times
    if ('a' * 0,) * 0:
        lambda: 1


def unless_47():  # a tuple of a fold repeated no times
    if ('a' * 0,) * 0:
        pass
    else:
        lambda: 2


def when_48():  # a conditional expression's test
    if 1 if 'a' * 0 else 0:
        lambda: 1


def unless_48():  # a conditional expression's test
    if 1 if 'a' * 0 else 0:
        pass
    else:
        lambda: 2
