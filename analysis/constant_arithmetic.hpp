// Constants and the arithmetic CPython's AST optimizer folds between them before the compiler
// sees a test (Python/ast_opt.c, the same in 3.11 and 3.12): ints (of any size to BigInteger's
// limit; the optimizer refuses products, powers and left shifts past 128 bits), floats and complex
// numbers, each operation following CPython's own algorithm so that a result is zero exactly when
// CPython's is; strings, bytes and tuples with their lengths (`'ab' * 0`, `() + ()`, with the
// optimizer's limits on the size of a repeat) and the items a subscript reads (`(0, 1)[0]`,
// `b'a\0'[1]`); None and the ellipsis as tuple items. Plain functions over values; any thread.
#pragma once

#include "analysis/big_integer.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace closurelens::analysis {

// The items of a bytes or tuple constant, shared by the values folded from it (a concatenation
// or a repeat points at its operands' items instead of copying them). Defined in the .cpp.
struct SequenceItems;

struct ConstantValue {
  enum class Kind : uint8_t { Int, Float, Complex, None, Ellipsis, Str, Bytes, Tuple };
  Kind kind = Kind::Int;
  BigInteger integer;  // Int (bools are ints)
  double real = 0.0;   // Float and Complex
  double imag = 0.0;   // Complex
  uint64_t length = 0; // Str: characters, Bytes: bytes, Tuple: items
  uint64_t nested = 0; // Tuple: items counted through nested tuples (ast_opt's check_complexity)
  // Bytes and Tuple: what a subscript reads; null when empty. A str's characters are not kept:
  // any one of them is a true string of length 1.
  std::shared_ptr<const SequenceItems> items;

  static ConstantValue ofInt(BigInteger value);
  static ConstantValue ofInt(int64_t value) { return ofInt(BigInteger::of(value)); }
  static ConstantValue ofFloat(double value);
  static ConstantValue ofComplex(double real, double imag);
  static ConstantValue ofNone();
  static ConstantValue ofEllipsis();
  static ConstantValue ofStr(uint64_t length);
  static ConstantValue ofBytes(std::string bytes);
  static ConstantValue ofTuple(std::vector<ConstantValue> items);
  bool isSequence() const { return kind >= Kind::Str; }
  // Python's bool(): not zero (NaN is true), not empty, None false, the ellipsis true.
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
// empty for an int past BigInteger's limit or what is not a Python 3 number.
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

// Adjacent literals (`'a' 'b'`, each as stringLiteral reads it), which the parser joins into one
// str or bytes constant; empty when str and bytes mix. One flat value however many pieces: a
// chain of concatenations as deep as the pieces are many would be freed recursively.
std::optional<ConstantValue> joinLiterals(const std::vector<ConstantValue>& pieces);

// The folded value, or empty where CPython leaves the operation to run time (it would raise, or
// the optimizer's size limits refuse it) or the value is past what this model holds.
std::optional<ConstantValue> foldBinary(ArithmeticOperator op, const ConstantValue& left,
                                        const ConstantValue& right);
// `-x`, `+x` and `~x` (ints only).
std::optional<ConstantValue> foldUnary(char op, const ConstantValue& operand);
// `sequence[index]` (fold_subscr: an index, not a slice); empty where Python raises.
std::optional<ConstantValue> foldSubscript(const ConstantValue& sequence,
                                           const ConstantValue& index);

} // namespace closurelens::analysis
