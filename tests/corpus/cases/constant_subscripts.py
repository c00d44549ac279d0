# Subscripts of constants in tests, as CPython's AST optimizer folds them (fold_subscr: a
# constant indexed by a constant; an IndexError or TypeError leaves it to run time). For each
# expression E, `if E:` with a lambda in the branch (gone when E folds to false) and
# `if E: pass else:` with a lambda in the else (gone when E folds to true); both stay where E is
# not folded. The expected code objects are CPython's: corpus.cpython_cases and
# corpus.cpython312_cases.
x = 1


def when_00():  # a character
    if 'abc'[0]:
        lambda: 1


def unless_00():  # a character
    if 'abc'[0]:
        pass
    else:
        lambda: 2


def when_01():  # past the end: IndexError, not folded
    if 'abc'[3]:
        lambda: 1


def unless_01():  # past the end: IndexError, not folded
    if 'abc'[3]:
        pass
    else:
        lambda: 2


def when_02():  # from the end
    if 'abc'[-3]:
        lambda: 1


def unless_02():  # from the end
    if 'abc'[-3]:
        pass
    else:
        lambda: 2


def when_03():  # before the start: not folded
    if 'abc'[-4]:
        lambda: 1


def unless_03():  # before the start: not folded
    if 'abc'[-4]:
        pass
    else:
        lambda: 2


def when_04():  # an empty string: not folded
    if ''[0]:
        lambda: 1


def unless_04():  # an empty string: not folded
    if ''[0]:
        pass
    else:
        lambda: 2


def when_05():  # a bool index
    if 'abc'[True]:
        lambda: 1


def unless_05():  # a bool index
    if 'abc'[True]:
        pass
    else:
        lambda: 2


def when_06():  # a float index: TypeError, not folded
    if 'abc'[1.0]:
        lambda: 1


def unless_06():  # a float index: TypeError, not folded
    if 'abc'[1.0]:
        pass
    else:
        lambda: 2


def when_07():  # a tuple index: not folded
    if 'abc'[1,]:
        lambda: 1


def unless_07():  # a tuple index: not folded
    if 'abc'[1,]:
        pass
    else:
        lambda: 2


def when_08():  # a slice is no constant: not folded
    if 'abc'[0:0]:
        lambda: 1


def unless_08():  # a slice is no constant: not folded
    if 'abc'[0:0]:
        pass
    else:
        lambda: 2


def when_09():  # a false item
    if (0, 1)[0]:
        lambda: 1


def unless_09():  # a false item
    if (0, 1)[0]:
        pass
    else:
        lambda: 2


def when_10():  # a true item from the end
    if (0, 1)[-1]:
        lambda: 1


def unless_10():  # a true item from the end
    if (0, 1)[-1]:
        pass
    else:
        lambda: 2


def when_11():  # an empty string item
    if ('',)[0]:
        lambda: 1


def unless_11():  # an empty string item
    if ('',)[0]:
        pass
    else:
        lambda: 2


def when_12():  # None
    if (None,)[0]:
        lambda: 1


def unless_12():  # None
    if (None,)[0]:
        pass
    else:
        lambda: 2


def when_13():  # the ellipsis
    if (...,)[0]:
        lambda: 1


def unless_13():  # the ellipsis
    if (...,)[0]:
        pass
    else:
        lambda: 2


def when_14():  # an empty tuple item
    if ((),)[0]:
        lambda: 1


def unless_14():  # an empty tuple item
    if ((),)[0]:
        pass
    else:
        lambda: 2


def when_15():  # a non-empty tuple item
    if ((0,),)[0]:
        lambda: 1


def unless_15():  # a non-empty tuple item
    if ((0,),)[0]:
        pass
    else:
        lambda: 2


def when_16():  # a subscript of a subscript
    if ((0,),)[0][0]:
        lambda: 1


def unless_16():  # a subscript of a subscript
    if ((0,),)[0][0]:
        pass
    else:
        lambda: 2


def when_17():  # a zero byte
    if b'a\0'[1]:
        lambda: 1


def unless_17():  # a zero byte
    if b'a\0'[1]:
        pass
    else:
        lambda: 2


def when_18():  # a non-zero byte
    if b'a\0'[0]:
        lambda: 1


def unless_18():  # a non-zero byte
    if b'a\0'[0]:
        pass
    else:
        lambda: 2


def when_19():  # an octal escape past 255 keeps its low byte: 255
    if b'\777'[0]:
        lambda: 1


def unless_19():  # an octal escape past 255 keeps its low byte: 255
    if b'\777'[0]:
        pass
    else:
        lambda: 2


def when_20():  # and 256 is 0
    if b'\400'[0]:
        lambda: 1


def unless_20():  # and 256 is 0
    if b'\400'[0]:
        pass
    else:
        lambda: 2


def when_21():  # a hex escape
    if b'\x00\x01'[0]:
        lambda: 1


def unless_21():  # a hex escape
    if b'\x00\x01'[0]:
        pass
    else:
        lambda: 2


def when_22():  # raw: the backslash
    if rb'\0'[0]:
        lambda: 1


def unless_22():  # raw: the backslash
    if rb'\0'[0]:
        pass
    else:
        lambda: 2


def when_23():  # through a repeat and a concatenation: the zero byte
    if (b'ab' * 3 + b'\0')[6]:
        lambda: 1


def unless_23():  # through a repeat and a concatenation: the zero byte
    if (b'ab' * 3 + b'\0')[6]:
        pass
    else:
        lambda: 2


def when_24():  # inside the repeat
    if (b'ab' * 3 + b'\0')[5]:
        lambda: 1


def unless_24():  # inside the repeat
    if (b'ab' * 3 + b'\0')[5]:
        pass
    else:
        lambda: 2


def when_25():  # a tuple repeat: ''
    if (('', 1) * 2 + (0,))[2]:
        lambda: 1


def unless_25():  # a tuple repeat: ''
    if (('', 1) * 2 + (0,))[2]:
        pass
    else:
        lambda: 2


def when_26():  # from the end: 1
    if (('', 1) * 2 + (0,))[-2]:
        lambda: 1


def unless_26():  # from the end: 1
    if (('', 1) * 2 + (0,))[-2]:
        pass
    else:
        lambda: 2


def when_27():  # the concatenated item: 0
    if (('', 1) * 2 + (0,))[4]:
        lambda: 1


def unless_27():  # the concatenated item: 0
    if (('', 1) * 2 + (0,))[4]:
        pass
    else:
        lambda: 2


def when_28():  # a repeated string
    if ('abc' * 2)[5]:
        lambda: 1


def unless_28():  # a repeated string
    if ('abc' * 2)[5]:
        pass
    else:
        lambda: 2


def when_29():  # past it: not folded
    if ('abc' * 2)[6]:
        lambda: 1


def unless_29():  # past it: not folded
    if ('abc' * 2)[6]:
        pass
    else:
        lambda: 2


def when_30():  # a folded index
    if (0, 1)[1 - 1]:
        lambda: 1


def unless_30():  # a folded index
    if (0, 1)[1 - 1]:
        pass
    else:
        lambda: 2


def when_31():  # a tuple with a name is no constant
    if (0, x)[0]:
        lambda: 1


def unless_31():  # a tuple with a name is no constant
    if (0, x)[0]:
        pass
    else:
        lambda: 2


def when_32():  # a name as index
    if 'abc'[x]:
        lambda: 1


def unless_32():  # a name as index
    if 'abc'[x]:
        pass
    else:
        lambda: 2


def when_33():  # an index past Py_ssize_t: not folded
    if (0, 1)[2 ** 70]:
        lambda: 1


def unless_33():  # an index past Py_ssize_t: not folded
    if (0, 1)[2 ** 70]:
        pass
    else:
        lambda: 2


def when_34():  # a concatenation subscripted
    if b'a' b'\0'[1]:
        lambda: 1


def unless_34():  # a concatenation subscripted
    if b'a' b'\0'[1]:
        pass
    else:
        lambda: 2


def when_35():  # not of a subscript
    if not (0, 1)[0]:
        lambda: 1


def unless_35():  # not of a subscript
    if not (0, 1)[0]:
        pass
    else:
        lambda: 2


def when_36():  # a tuple of a subscript repeated no times
    if ((0, 1)[0],) * 0:
        lambda: 1


def unless_36():  # a tuple of a subscript repeated no times
    if ((0, 1)[0],) * 0:
        pass
    else:
        lambda: 2


def when_37():  # a character repeated no times
    if 'abc'[0] * 0:
        lambda: 1


def unless_37():  # a character repeated no times
    if 'abc'[0] * 0:
        pass
    else:
        lambda: 2


def when_38():  # arithmetic on an item
    if (0, 1)[0] + 0:
        lambda: 1


def unless_38():  # arithmetic on an item
    if (0, 1)[0] + 0:
        pass
    else:
        lambda: 2


def when_39():  # a False index
    if (1, 2)[False]:
        lambda: 1


def unless_39():  # a False index
    if (1, 2)[False]:
        pass
    else:
        lambda: 2


def when_40():  # the last of 256 items
    if ((1,) * 256)[255]:
        lambda: 1


def unless_40():  # the last of 256 items
    if ((1,) * 256)[255]:
        pass
    else:
        lambda: 2


def when_41():  # a u-string
    if u'abc'[0]:
        lambda: 1


def unless_41():  # a u-string
    if u'abc'[0]:
        pass
    else:
        lambda: 2


def when_42():  # a parenthesized concatenation
    if ('a' 'b')[1]:
        lambda: 1


def unless_42():  # a parenthesized concatenation
    if ('a' 'b')[1]:
        pass
    else:
        lambda: 2


def when_43():  # a parenthesized index
    if (0, 1)[(0)]:
        lambda: 1


def unless_43():  # a parenthesized index
    if (0, 1)[(0)]:
        pass
    else:
        lambda: 2


def when_44():  # empty bytes: not folded
    if b''[0]:
        lambda: 1


def unless_44():  # empty bytes: not folded
    if b''[0]:
        pass
    else:
        lambda: 2


def when_45():  # a list is no constant
    if [0][0]:
        lambda: 1


def unless_45():  # a list is no constant
    if [0][0]:
        pass
    else:
        lambda: 2


def when_46():  # arms alike
    if (0, 1)[0] if x else 0:
        lambda: 1


def unless_46():  # arms alike
    if (0, 1)[0] if x else 0:
        pass
    else:
        lambda: 2


def when_47():  # a tuple holding a fold
    if (0, 'a' * 0)[1]:
        lambda: 1


def unless_47():  # a tuple holding a fold
    if (0, 'a' * 0)[1]:
        pass
    else:
        lambda: 2


def when_48():  # a comment inside the brackets
    if (0, 1)[
        0  # the first
    ]:
        lambda: 1


def unless_48():  # a comment inside the brackets
    if (0, 1)[
        0  # the first
    ]:
        pass
    else:
        lambda: 2


def when_49():  # a tuple with an int past 127 bits
    if (170141183460469231731687303715884105728, 0)[1]:
        lambda: 1


def unless_49():  # a tuple with an int past 127 bits
    if (170141183460469231731687303715884105728, 0)[1]:
        pass
    else:
        lambda: 2


def when_50():  # the lowest Py_ssize_t: IndexError
    if (0, 1)[-2 ** 63]:
        lambda: 1


def unless_50():  # the lowest Py_ssize_t: IndexError
    if (0, 1)[-2 ** 63]:
        pass
    else:
        lambda: 2
