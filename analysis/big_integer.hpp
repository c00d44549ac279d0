// An int as Python's behaves in the operations CPython's AST optimizer folds (Objects/longobject.c
// of CPython 3.11), up to kMaxBits bits: past that an operation answers nothing. Value type; any
// thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace closurelens::analysis {

// big_integer.cpp's way into the representation, which the free operations below share.
struct BigIntegerAccess;

class BigInteger {
public:
  static constexpr uint64_t kMaxBits = 65536;

  BigInteger() = default; // zero
  static BigInteger of(int64_t value);
  // Digits (no sign, no underscores, no 0x prefix) in base 2, 8, 10 or 16. Empty for a bad digit,
  // an empty string, a value past kMaxBits, or a decimal of more than 4300 digits (CPython 3.11's
  // default int_max_str_digits: such a literal is a SyntaxError). Leading zeros count as digits,
  // as int() counts them, except in a decimal of zeros only: CPython reads that literal without
  // the limit (parsenumber's PyOS_strtoul), so `0000...` of any length is 0.
  static std::optional<BigInteger> parse(std::string_view digits, unsigned base);

  bool isZero() const { return sign_ == 0; }
  int sign() const { return sign_; }      // -1, 0, 1
  uint64_t bitLength() const;             // _PyLong_NumBits: bits of |v|, 0 for 0
  std::optional<int64_t> toInt64() const; // empty when it does not fit
  // PyLong_AsDouble: correctly rounded, ties to even; empty where CPython raises OverflowError
  // (the rounded magnitude is 2**1024 or more).
  std::optional<double> toDouble() const;
  int compare(const BigInteger& other) const; // <0, 0, >0
  // The representation is normalized, so equal values have equal members.
  bool operator==(const BigInteger& other) const = default;
  std::string toString() const; // decimal, with '-' (for tests and messages)

private:
  friend struct BigIntegerAccess;

  // |v| in base 2**32, least significant limb first, without high zero limbs: zero has none.
  std::vector<uint32_t> limbs_;
  int sign_ = 0;
};

// Each empty when the result passes kMaxBits or Python raises.
std::optional<BigInteger> add(const BigInteger& a, const BigInteger& b);
std::optional<BigInteger> subtract(const BigInteger& a, const BigInteger& b);
std::optional<BigInteger> multiply(const BigInteger& a, const BigInteger& b);
// Python //, floors; empty for b == 0
std::optional<BigInteger> floorDivide(const BigInteger& a, const BigInteger& b);
// Python %, sign of b; empty for b == 0
std::optional<BigInteger> modulo(const BigInteger& a, const BigInteger& b);
// long_true_divide: a / b correctly rounded to a double (ties to even) for any sizes; empty for
// b == 0 and where CPython raises OverflowError ("integer division result too large for a float").
// Results that underflow are rounded correctly to subnormals or zero as CPython does; a zero
// result keeps the sign of the quotient (0 / -1 is -0.0).
std::optional<double> trueDivide(const BigInteger& a, const BigInteger& b);
std::optional<BigInteger> shiftLeft(const BigInteger& a, uint64_t count);
BigInteger shiftRight(const BigInteger& a, uint64_t count); // floors (Python >> on negatives)
// Python's infinite two's complement semantics for negatives. Operands within kMaxBits give a
// result within it, except -2**kMaxBits (one bit more), which `&` and `^` can reach; as an operand
// it is a value like any other (only results are held to kMaxBits).
BigInteger bitAnd(const BigInteger& a, const BigInteger& b);
BigInteger bitOr(const BigInteger& a, const BigInteger& b);
BigInteger bitXor(const BigInteger& a, const BigInteger& b);
BigInteger negate(const BigInteger& a);
std::optional<BigInteger> invert(const BigInteger& a); // ~a == -a - 1

} // namespace closurelens::analysis
