# Arithmetic between constants in tests: CPython's AST optimizer folds it (with limits on the
# size of ints), then the test is a constant. For each expression E two functions: `if E:` with a
# lambda in the branch (gone when E folds to false) and `if E: pass else:` with a lambda in the
# else (gone when E folds to true). Where E is not folded both lambdas stay.
# The expected code objects are CPython's: corpus.cpython_cases and corpus.cpython312_cases.
x = 1


def when_00():  # 1 - 1: int subtraction
    if 1 - 1:
        lambda: 1


def unless_00():  # 1 - 1
    if 1 - 1:
        pass
    else:
        lambda: 2


def when_01():  # 2 * 0: int multiplication
    if 2 * 0:
        lambda: 1


def unless_01():  # 2 * 0
    if 2 * 0:
        pass
    else:
        lambda: 2


def when_02():  # 3 // 4: floor division
    if 3 // 4:
        lambda: 1


def unless_02():  # 3 // 4
    if 3 // 4:
        pass
    else:
        lambda: 2


def when_03():  # 7 // -8 + 1: floor division rounds toward minus infinity
    if 7 // -8 + 1:
        lambda: 1


def unless_03():  # 7 // -8 + 1
    if 7 // -8 + 1:
        pass
    else:
        lambda: 2


def when_04():  # 4 % 2: modulo
    if 4 % 2:
        lambda: 1


def unless_04():  # 4 % 2
    if 4 % 2:
        pass
    else:
        lambda: 2


def when_05():  # -7 % 7: modulo of a negative
    if -7 % 7:
        lambda: 1


def unless_05():  # -7 % 7
    if -7 % 7:
        pass
    else:
        lambda: 2


def when_06():  # -1 % 7: modulo takes the divisor's sign
    if -1 % 7:
        lambda: 1


def unless_06():  # -1 % 7
    if -1 % 7:
        pass
    else:
        lambda: 2


def when_07():  # 1 >> 1: right shift
    if 1 >> 1:
        lambda: 1


def unless_07():  # 1 >> 1
    if 1 >> 1:
        pass
    else:
        lambda: 2


def when_08():  # -1 >> 100: right shift of a negative
    if -1 >> 100:
        lambda: 1


def unless_08():  # -1 >> 100
    if -1 >> 100:
        pass
    else:
        lambda: 2


def when_09():  # 6 & 1: and
    if 6 & 1:
        lambda: 1


def unless_09():  # 6 & 1
    if 6 & 1:
        pass
    else:
        lambda: 2


def when_10():  # 5 ^ 5: xor
    if 5 ^ 5:
        lambda: 1


def unless_10():  # 5 ^ 5
    if 5 ^ 5:
        pass
    else:
        lambda: 2


def when_11():  # 0 | 0: or
    if 0 | 0:
        lambda: 1


def unless_11():  # 0 | 0
    if 0 | 0:
        pass
    else:
        lambda: 2


def when_12():  # 0 ** 3: power
    if 0 ** 3:
        lambda: 1


def unless_12():  # 0 ** 3
    if 0 ** 3:
        pass
    else:
        lambda: 2


def when_13():  # 0 ** 0: zero to the zero
    if 0 ** 0:
        lambda: 1


def unless_13():  # 0 ** 0
    if 0 ** 0:
        pass
    else:
        lambda: 2


def when_14():  # 1 << 0: left shift
    if 1 << 0:
        lambda: 1


def unless_14():  # 1 << 0
    if 1 << 0:
        pass
    else:
        lambda: 2


def when_15():  # ~-1: invert of a folded negative
    if ~-1:
        lambda: 1


def unless_15():  # ~-1
    if ~-1:
        pass
    else:
        lambda: 2


def when_16():  # -(1 - 1): negated fold
    if -(1 - 1):
        lambda: 1


def unless_16():  # -(1 - 1)
    if -(1 - 1):
        pass
    else:
        lambda: 2


def when_17():  # +(2 - 2): unary plus of a fold
    if +(2 - 2):
        lambda: 1


def unless_17():  # +(2 - 2)
    if +(2 - 2):
        pass
    else:
        lambda: 2


def when_18():  # True - True: bools are ints
    if True - True:
        lambda: 1


def unless_18():  # True - True
    if True - True:
        pass
    else:
        lambda: 2


def when_19():  # (not 1) + 0: not folds to a bool
    if (not 1) + 0:
        lambda: 1


def unless_19():  # (not 1) + 0
    if (not 1) + 0:
        pass
    else:
        lambda: 2


def when_20():  # 1.5 - 1.5: float subtraction
    if 1.5 - 1.5:
        lambda: 1


def unless_20():  # 1.5 - 1.5
    if 1.5 - 1.5:
        pass
    else:
        lambda: 2


def when_21():  # 0.0 * 7: float times int
    if 0.0 * 7:
        lambda: 1


def unless_21():  # 0.0 * 7
    if 0.0 * 7:
        pass
    else:
        lambda: 2


def when_22():  # 1 / 3 * 3 - 1: true division
    if 1 / 3 * 3 - 1:
        lambda: 1


def unless_22():  # 1 / 3 * 3 - 1
    if 1 / 3 * 3 - 1:
        pass
    else:
        lambda: 2


def when_23():  # 5.0 // 10: float floor division
    if 5.0 // 10:
        lambda: 1


def unless_23():  # 5.0 // 10
    if 5.0 // 10:
        pass
    else:
        lambda: 2


def when_24():  # -0.5 // 1 + 1: float floor division of a negative
    if -0.5 // 1 + 1:
        lambda: 1


def unless_24():  # -0.5 // 1 + 1
    if -0.5 // 1 + 1:
        pass
    else:
        lambda: 2


def when_25():  # 7.5 % 2.5: float modulo
    if 7.5 % 2.5:
        lambda: 1


def unless_25():  # 7.5 % 2.5
    if 7.5 % 2.5:
        pass
    else:
        lambda: 2


def when_26():  # -1.0 % 3 - 2: float modulo takes the divisor's sign
    if -1.0 % 3 - 2:
        lambda: 1


def unless_26():  # -1.0 % 3 - 2
    if -1.0 % 3 - 2:
        pass
    else:
        lambda: 2


def when_27():  # 2 ** -1 - 0.5: negative exponent gives a float
    if 2 ** -1 - 0.5:
        lambda: 1


def unless_27():  # 2 ** -1 - 0.5
    if 2 ** -1 - 0.5:
        pass
    else:
        lambda: 2


def when_28():  # 4 ** 0.5 - 2: float power
    if 4 ** 0.5 - 2:
        lambda: 1


def unless_28():  # 4 ** 0.5 - 2
    if 4 ** 0.5 - 2:
        pass
    else:
        lambda: 2


def when_29():  # 0.1 + 0.2 - 0.3: rounding: not zero
    if 0.1 + 0.2 - 0.3:
        lambda: 1


def unless_29():  # 0.1 + 0.2 - 0.3
    if 0.1 + 0.2 - 0.3:
        pass
    else:
        lambda: 2


def when_30():  # 1e308 * 10 - 1e308 * 10: inf - inf is nan, which is true
    if 1e308 * 10 - 1e308 * 10:
        lambda: 1


def unless_30():  # 1e308 * 10 - 1e308 * 10
    if 1e308 * 10 - 1e308 * 10:
        pass
    else:
        lambda: 2


def when_31():  # 2 ** 64 - 18446744073709551616: big ints within the limit
    if 2 ** 64 - 18446744073709551616:
        lambda: 1


def unless_31():  # 2 ** 64 - 18446744073709551616
    if 2 ** 64 - 18446744073709551616:
        pass
    else:
        lambda: 2


def when_32():  # (2 ** 63) * (2 ** 63) - 2 ** 126: a product at the 128-bit limit
    if (2 ** 63) * (2 ** 63) - 2 ** 126:
        lambda: 1


def unless_32():  # (2 ** 63) * (2 ** 63) - 2 ** 126
    if (2 ** 63) * (2 ** 63) - 2 ** 126:
        pass
    else:
        lambda: 2


def when_33():  # 2 ** 127 - 2 ** 127: a power over the 128-bit limit: not folded
    if 2 ** 127 - 2 ** 127:
        lambda: 1


def unless_33():  # 2 ** 127 - 2 ** 127
    if 2 ** 127 - 2 ** 127:
        pass
    else:
        lambda: 2


def when_34():  # (1 << 200) - (1 << 200): a shift over the limit: not folded
    if (1 << 200) - (1 << 200):
        lambda: 1


def unless_34():  # (1 << 200) - (1 << 200)
    if (1 << 200) - (1 << 200):
        pass
    else:
        lambda: 2


def when_35():  # (2 ** 64) * (2 ** 65) - 1: a product over the limit: not folded
    if (2 ** 64) * (2 ** 65) - 1:
        lambda: 1


def unless_35():  # (2 ** 64) * (2 ** 65) - 1
    if (2 ** 64) * (2 ** 65) - 1:
        pass
    else:
        lambda: 2


def when_36():  # 1 / 0: division by zero: not folded
    if 1 / 0:
        lambda: 1


def unless_36():  # 1 / 0
    if 1 / 0:
        pass
    else:
        lambda: 2


def when_37():  # 1 // 0 - 1: floor division by zero: not folded
    if 1 // 0 - 1:
        lambda: 1


def unless_37():  # 1 // 0 - 1
    if 1 // 0 - 1:
        pass
    else:
        lambda: 2


def when_38():  # 1 % 0: modulo by zero: not folded
    if 1 % 0:
        lambda: 1


def unless_38():  # 1 % 0
    if 1 % 0:
        pass
    else:
        lambda: 2


def when_39():  # 0 ** -1: zero to a negative power: not folded
    if 0 ** -1:
        lambda: 1


def unless_39():  # 0 ** -1
    if 0 ** -1:
        pass
    else:
        lambda: 2


def when_40():  # 1 << -1: negative shift: not folded
    if 1 << -1:
        lambda: 1


def unless_40():  # 1 << -1
    if 1 << -1:
        pass
    else:
        lambda: 2


def when_41():  # 1.0 & 1: a float's bits: not folded
    if 1.0 & 1:
        lambda: 1


def unless_41():  # 1.0 & 1
    if 1.0 & 1:
        pass
    else:
        lambda: 2


def when_42():  # (-8) ** 0.5: a complex root: not folded by this model, true
    if (-8) ** 0.5:
        lambda: 1


def unless_42():  # (-8) ** 0.5
    if (-8) ** 0.5:
        pass
    else:
        lambda: 2


def when_43():  # 10.0 ** 400: float overflow: not folded
    if 10.0 ** 400:
        lambda: 1


def unless_43():  # 10.0 ** 400
    if 10.0 ** 400:
        pass
    else:
        lambda: 2


def when_44():  # 1 - 1 if x else 0: a conditional expression: not folded
    if 1 - 1 if x else 0:
        lambda: 1


def unless_44():  # 1 - 1 if x else 0
    if 1 - 1 if x else 0:
        pass
    else:
        lambda: 2


def when_45():  # 1 - x: a name: not folded
    if 1 - x:
        lambda: 1


def unless_45():  # 1 - x
    if 1 - x:
        pass
    else:
        lambda: 2


def when_46():  # 0 and 1 - 1: and of folds
    if 0 and 1 - 1:
        lambda: 1


def unless_46():  # 0 and 1 - 1
    if 0 and 1 - 1:
        pass
    else:
        lambda: 2


def when_47():  # (1 - 1) or (2 - 2): or of folds
    if (1 - 1) or (2 - 2):
        lambda: 1


def unless_47():  # (1 - 1) or (2 - 2)
    if (1 - 1) or (2 - 2):
        pass
    else:
        lambda: 2


def when_48():  # not (3 - 3): not of a fold
    if not (3 - 3):
        lambda: 1


def unless_48():  # not (3 - 3)
    if not (3 - 3):
        pass
    else:
        lambda: 2


def when_49():  # __debug__ - 1: __debug__ is a constant
    if __debug__ - 1:
        lambda: 1


def unless_49():  # __debug__ - 1
    if __debug__ - 1:
        pass
    else:
        lambda: 2


def when_50():  # None - 1: None in arithmetic: not folded
    if None - 1:
        lambda: 1


def unless_50():  # None - 1
    if None - 1:
        pass
    else:
        lambda: 2


def when_51():  # ... - 1: Ellipsis in arithmetic: not folded
    if ... - 1:
        lambda: 1


def unless_51():  # ... - 1
    if ... - 1:
        pass
    else:
        lambda: 2


def when_52():  # 0x10 - 16: hex
    if 0x10 - 16:
        lambda: 1


def unless_52():  # 0x10 - 16
    if 0x10 - 16:
        pass
    else:
        lambda: 2


def when_53():  # 0o10 - 0b1000: octal and binary
    if 0o10 - 0b1000:
        lambda: 1


def unless_53():  # 0o10 - 0b1000
    if 0o10 - 0b1000:
        pass
    else:
        lambda: 2


def when_54():  # 1_000 - 1000: underscores
    if 1_000 - 1000:
        lambda: 1


def unless_54():  # 1_000 - 1000
    if 1_000 - 1000:
        pass
    else:
        lambda: 2


def when_55():  # 1e3 - 1000: float literal
    if 1e3 - 1000:
        lambda: 1


def unless_55():  # 1e3 - 1000
    if 1e3 - 1000:
        pass
    else:
        lambda: 2


def when_56():  # 0j * 1: complex: not in this model
    if 0j * 1:
        lambda: 1


def unless_56():  # 0j * 1
    if 0j * 1:
        pass
    else:
        lambda: 2


def when_57():  # 1 if 0 else 0: a conditional expression with a constant test
    if 1 if 0 else 0:
        lambda: 1


def unless_57():  # 1 if 0 else 0
    if 1 if 0 else 0:
        pass
    else:
        lambda: 2


def when_58():  # 0 if x else 1: arms that differ: not folded
    if 0 if x else 1:
        lambda: 1


def unless_58():  # 0 if x else 1
    if 0 if x else 1:
        pass
    else:
        lambda: 2


def when_59():  # 1.0 // 0.0: float floor division by zero: not folded
    if 1.0 // 0.0:
        lambda: 1


def unless_59():  # 1.0 // 0.0
    if 1.0 // 0.0:
        pass
    else:
        lambda: 2


def when_60():  # 0.0 ** -1: zero float to a negative power: not folded
    if 0.0 ** -1:
        lambda: 1


def unless_60():  # 0.0 ** -1
    if 0.0 ** -1:
        pass
    else:
        lambda: 2


def when_61():  # 2 ** 0.5 * 2 ** 0.5 - 2: rounding of square roots: not zero
    if 2 ** 0.5 * 2 ** 0.5 - 2:
        lambda: 1


def unless_61():  # 2 ** 0.5 * 2 ** 0.5 - 2
    if 2 ** 0.5 * 2 ** 0.5 - 2:
        pass
    else:
        lambda: 2


def when_62():  # (1 + 2j) * (1 - 2j) - 5: complex product
    if (1 + 2j) * (1 - 2j) - 5:
        lambda: 1


def unless_62():  # (1 + 2j) * (1 - 2j) - 5
    if (1 + 2j) * (1 - 2j) - 5:
        pass
    else:
        lambda: 2


def when_63():  # 1j ** 2 + 1: an integral power of a complex number
    if 1j ** 2 + 1:
        lambda: 1


def unless_63():  # 1j ** 2 + 1
    if 1j ** 2 + 1:
        pass
    else:
        lambda: 2


def when_64():  # 1j ** 0.5: a fractional power of a complex number
    if 1j ** 0.5:
        lambda: 1


def unless_64():  # 1j ** 0.5
    if 1j ** 0.5:
        pass
    else:
        lambda: 2


def when_65():  # 0j ** -1: zero complex to a negative power: not folded
    if 0j ** -1:
        lambda: 1


def unless_65():  # 0j ** -1
    if 0j ** -1:
        pass
    else:
        lambda: 2


def when_66():  # (1 + 0j) / 0: complex division by zero: not folded
    if (1 + 0j) / 0:
        lambda: 1


def unless_66():  # (1 + 0j) / 0
    if (1 + 0j) / 0:
        pass
    else:
        lambda: 2


def when_67():  # (3 + 4j) / (1 - 2j) + 1 - 2j: complex division
    if (3 + 4j) / (1 - 2j) + 1 - 2j:
        lambda: 1


def unless_67():  # (3 + 4j) / (1 - 2j) + 1 - 2j
    if (3 + 4j) / (1 - 2j) + 1 - 2j:
        pass
    else:
        lambda: 2


def when_68():  # 5 // 2.0 - 2: int floor-divided by a float
    if 5 // 2.0 - 2:
        lambda: 1


def unless_68():  # 5 // 2.0 - 2
    if 5 // 2.0 - 2:
        pass
    else:
        lambda: 2


def when_69():  # -5 // 2 + 3: negative floor division
    if -5 // 2 + 3:
        lambda: 1


def unless_69():  # -5 // 2 + 3
    if -5 // 2 + 3:
        pass
    else:
        lambda: 2


def when_70():  # 2 ** 128 - 1: a power at the limit: not folded
    if 2 ** 128 - 1:
        lambda: 1


def unless_70():  # 2 ** 128 - 1
    if 2 ** 128 - 1:
        pass
    else:
        lambda: 2


def when_71():  # (1 << 126 >> 126) - 1: shifts both ways
    if (1 << 126 >> 126) - 1:
        lambda: 1


def unless_71():  # (1 << 126 >> 126) - 1
    if (1 << 126 >> 126) - 1:
        pass
    else:
        lambda: 2


def when_72():  # 1.5 @ 2: matrix multiplication: not folded
    if 1.5 @ 2:
        lambda: 1


def unless_72():  # 1.5 @ 2
    if 1.5 @ 2:
        pass
    else:
        lambda: 2


def when_73():  # ~1j: inverting a complex number: not folded
    if ~1j:
        lambda: 1


def unless_73():  # ~1j
    if ~1j:
        pass
    else:
        lambda: 2


def when_74():  # ~170141183460469231731687303715884105728: inverting an int past 127 bits
    if ~170141183460469231731687303715884105728:
        lambda: 1


def unless_74():  # ~170141183460469231731687303715884105728
    if ~170141183460469231731687303715884105728:
        pass
    else:
        lambda: 2


def when_75():  # - -170141183460469231731687303715884105728: signs of an int past 127 bits
    if - -170141183460469231731687303715884105728:
        lambda: 1


def unless_75():  # - -170141183460469231731687303715884105728
    if - -170141183460469231731687303715884105728:
        pass
    else:
        lambda: 2


def when_76():  # - - - -0: signs of zero
    if - - - -0:
        lambda: 1


def unless_76():  # - - - -0
    if - - - -0:
        pass
    else:
        lambda: 2
