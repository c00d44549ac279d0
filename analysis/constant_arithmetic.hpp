// Number constants and the arithmetic CPython's AST optimizer folds between them before the
// compiler sees a test (Python/ast_opt.c, the same in 3.11 and 3.12): ints (held here to 127
// bits; the optimizer refuses products, powers and left shifts past 128), floats and complex
// numbers, each operation following CPython's own algorithm so that a result is zero exactly when
// CPython's is. Plain functions over values; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace closurelens::analysis {

__extension__ using Int128 = __int128;

struct ConstantNumber {
  enum class Kind : uint8_t { Int, Float, Complex };
  Kind kind = Kind::Int;
  Int128 integer = 0; // Int (bools are ints)
  double real = 0.0;  // Float and Complex
  double imag = 0.0;  // Complex

  static ConstantNumber ofInt(Int128 value) { return {Kind::Int, value, 0.0, 0.0}; }
  static ConstantNumber ofFloat(double value) { return {Kind::Float, 0, value, 0.0}; }
  static ConstantNumber ofComplex(double real, double imag) {
    return {Kind::Complex, 0, real, imag};
  }
  // Python's bool(): not zero (NaN is true).
  bool truth() const;
};

enum class ArithmeticOperator : uint8_t {
  Add,
  Subtract,
  Multiply,
  Divide,
  FloorDivide,
  Modulo,
  Power,
  LeftShift,
  RightShift,
  BitAnd,
  BitOr,
  BitXor,
  MatrixMultiply,
};

// `+`, `-`, ..., `@`; empty for anything else.
std::optional<ArithmeticOperator> arithmeticOperator(std::string_view spelling);

// An integer, float or imaginary literal as Python reads it (`0x_1f`, `1_000`, `1e-400`, `2j`);
// empty for an int past 127 bits or what is not a Python 3 number.
std::optional<ConstantNumber> numberLiteral(std::string_view literal);

// The folded value, or empty where CPython leaves the operation to run time (it would raise, or
// the optimizer's size limits refuse it) or the value is past what this model holds.
std::optional<ConstantNumber> foldBinary(ArithmeticOperator op, const ConstantNumber& left,
                                         const ConstantNumber& right);
// `-x`, `+x` and `~x` (ints only).
std::optional<ConstantNumber> foldUnary(char op, const ConstantNumber& operand);

} // namespace closurelens::analysis
