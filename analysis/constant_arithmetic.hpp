// Constants and the arithmetic CPython's AST optimizer folds between them before the compiler
// sees a test (Python/ast_opt.c, the same in 3.11 and 3.12): ints (held here to 127 bits; the
// optimizer refuses products, powers and left shifts past 128), floats and complex numbers, each
// operation following CPython's own algorithm so that a result is zero exactly when CPython's is;
// and strings, bytes and tuples, of which only the length matters (`'ab' * 0`, `() + ()`, with the
// optimizer's limits on the size of a repeat). Plain functions over values; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace closurelens::analysis {

__extension__ using Int128 = __int128;

struct ConstantValue {
  enum class Kind : uint8_t { Int, Float, Complex, Str, Bytes, Tuple };
  Kind kind = Kind::Int;
  Int128 integer = 0;  // Int (bools are ints)
  double real = 0.0;   // Float and Complex
  double imag = 0.0;   // Complex
  uint64_t length = 0; // Str: characters, Bytes: bytes, Tuple: items
  uint64_t nested = 0; // Tuple: items counted through nested tuples (ast_opt's check_complexity)

  static ConstantValue ofInt(Int128 value) { return {Kind::Int, value, 0.0, 0.0, 0, 0}; }
  static ConstantValue ofFloat(double value) { return {Kind::Float, 0, value, 0.0, 0, 0}; }
  static ConstantValue ofComplex(double real, double imag) {
    return {Kind::Complex, 0, real, imag, 0, 0};
  }
  static ConstantValue ofSequence(Kind kind, uint64_t length, uint64_t nested = 0) {
    return {kind, 0, 0.0, 0.0, length, nested};
  }
  bool isSequence() const { return kind >= Kind::Str; }
  // Python's bool(): not zero (NaN is true), not empty.
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
std::optional<ConstantValue> numberLiteral(std::string_view literal);

// A string literal's letters before the quote (`rb`, `f`, ...) and the text between its quotes;
// empty when it has no quote or is not closed.
struct StringParts {
  std::string_view prefix;
  std::string_view body;
};
std::optional<StringParts> stringParts(std::string_view literal);

// A string or bytes literal as the tokenizer reads it (prefixes, quotes, escapes, line ends);
// empty for an f-string, which is not a constant to the AST optimizer.
std::optional<ConstantValue> stringLiteral(std::string_view literal);

// The folded value, or empty where CPython leaves the operation to run time (it would raise, or
// the optimizer's size limits refuse it) or the value is past what this model holds.
std::optional<ConstantValue> foldBinary(ArithmeticOperator op, const ConstantValue& left,
                                        const ConstantValue& right);
// `-x`, `+x` and `~x` (ints only).
std::optional<ConstantValue> foldUnary(char op, const ConstantValue& operand);

} // namespace closurelens::analysis
