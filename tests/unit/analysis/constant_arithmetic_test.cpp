// Number literals and the arithmetic CPython's AST optimizer folds, value by value: the expected
// values are what CPython 3.11 prints for the same expression (noted beside each row). What the
// folds decide about code objects is checked against CPython itself by
// tests/corpus/cases/constant_arithmetic.py.
#include "analysis/constant_arithmetic.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string_view>
#include <vector>

namespace closurelens::analysis {
namespace {

using Kind = ConstantValue::Kind;

struct Expected {
  Kind kind;
  double real; // an Int's value too (all rows fit a double exactly)
  double imag = 0.0;
};

void check(const std::optional<ConstantValue>& got, const std::optional<Expected>& expected,
           std::string_view what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(got.has_value(), expected.has_value());
  if (!got) return;
  ASSERT_EQ(got->kind, expected->kind);
  if (got->kind == Kind::Int) {
    EXPECT_EQ(static_cast<double>(got->integer), expected->real);
  } else {
    EXPECT_EQ(got->real, expected->real);
    EXPECT_EQ(got->imag, expected->imag);
  }
}

// A literal, or `-` and a literal (folded as CPython folds the unary minus first).
std::optional<ConstantValue> value(std::string_view text) {
  if (!text.starts_with('-')) return numberLiteral(text);
  std::optional<ConstantValue> operand = numberLiteral(text.substr(1));
  return operand ? foldUnary('-', *operand) : std::nullopt;
}

std::optional<ConstantValue> fold(std::string_view left, std::string_view op,
                                  std::string_view right) {
  std::optional<ConstantValue> a = value(left);
  std::optional<ConstantValue> b = value(right);
  std::optional<ArithmeticOperator> o = arithmeticOperator(op);
  if (!a || !b || !o) return std::nullopt;
  return foldBinary(*o, *a, *b);
}

TEST(ConstantArithmetic, Literals) {
  struct Row {
    std::string_view literal;
    std::optional<Expected> value;
  };
  const std::vector<Row> rows = {
      {"0x_1F", Expected{Kind::Int, 31}},
      {"0o17", Expected{Kind::Int, 15}},
      {"0B101", Expected{Kind::Int, 5}},
      {"1_000", Expected{Kind::Int, 1000}},
      {"00", Expected{Kind::Int, 0}},
      {"01", std::nullopt}, // not Python 3
      {"10L", std::nullopt},
      {"1.5e3", Expected{Kind::Float, 1500.0}},
      {"1_0.2_5", Expected{Kind::Float, 10.25}},
      {"1e-400", Expected{Kind::Float, 0.0}},
      {".5", Expected{Kind::Float, 0.5}},
      {"2j", Expected{Kind::Complex, 0.0, 2.0}},
      {"1.5E1J", Expected{Kind::Complex, 0.0, 15.0}},
      {"0xfg", std::nullopt},
      // 2**127 - 1 is the largest int held; 2**127 is past it.
      {"170141183460469231731687303715884105727", Expected{Kind::Int, std::ldexp(1.0, 127)}},
      {"170141183460469231731687303715884105728", std::nullopt},
  };
  for (const Row& row : rows)
    check(numberLiteral(row.literal), row.value, row.literal);
}

TEST(ConstantArithmetic, FoldsAsCPython) {
  struct Row {
    std::string_view left, op, right;
    std::optional<Expected> value;
  };
  const double inf = HUGE_VAL;
  const std::vector<Row> rows = {
      {"7", "//", "-2", Expected{Kind::Int, -4}},
      {"-7", "%", "3", Expected{Kind::Int, 2}},
      {"7", "%", "-3", Expected{Kind::Int, -2}},
      {"-7.5", "//", "2", Expected{Kind::Float, -4.0}},
      {"-7.5", "%", "2", Expected{Kind::Float, 0.5}},
      {"2", "**", "10", Expected{Kind::Int, 1024}},
      {"2", "**", "-2", Expected{Kind::Float, 0.25}},
      {"0", "**", "0", Expected{Kind::Int, 1}},
      {"1", "<<", "3", Expected{Kind::Int, 8}},
      {"-9", ">>", "1", Expected{Kind::Int, -5}},
      {"-9", ">>", "1000", Expected{Kind::Int, -1}},
      {"6", "&", "3", Expected{Kind::Int, 2}},
      {"6", "|", "3", Expected{Kind::Int, 7}},
      {"6", "^", "3", Expected{Kind::Int, 5}},
      {"1", "/", "4", Expected{Kind::Float, 0.25}},
      {"1e308", "*", "10", Expected{Kind::Float, inf}}, // no error: inf
      {"1j", "**", "2", Expected{Kind::Complex, -1.0, 0.0}},
      {"2j", "*", "2j", Expected{Kind::Complex, -4.0, 0.0}},
      {"1", "/", "0", std::nullopt},                                     // ZeroDivisionError
      {"1.0", "%", "0", std::nullopt},                                   // ZeroDivisionError
      {"0", "**", "-1", std::nullopt},                                   // ZeroDivisionError
      {"1", "<<", "-1", std::nullopt},                                   // ValueError
      {"10.0", "**", "400", std::nullopt},                               // OverflowError
      {"1.0", "&", "1", std::nullopt},                                   // TypeError
      {"1j", "//", "1", std::nullopt},                                   // TypeError
      {"2", "@", "2", std::nullopt},                                     // TypeError
      {"0x10000000000000000", "*", "0x10000000000000000", std::nullopt}, // 130 bits: refused
      {"2", "**", "128", std::nullopt}, // past the optimizer's limit
      {"1", "<<", "200", std::nullopt}, // past the optimizer's limit
  };
  for (const Row& row : rows) {
    std::string what(row.left);
    what.append(" ").append(row.op).append(" ").append(row.right);
    check(fold(row.left, row.op, row.right), row.value, what);
  }
}

TEST(ConstantArithmetic, UnaryAndTruth) {
  check(foldUnary('-', *numberLiteral("0.0")), Expected{Kind::Float, -0.0}, "-0.0");
  check(foldUnary('~', *numberLiteral("0")), Expected{Kind::Int, -1}, "~0");
  check(foldUnary('~', *numberLiteral("1.5")), std::nullopt, "~1.5");
  check(foldUnary('+', *numberLiteral("3j")), Expected{Kind::Complex, 0.0, 3.0}, "+3j");
  EXPECT_FALSE(numberLiteral("0x0")->truth());
  EXPECT_FALSE(numberLiteral("0.0e5")->truth());
  EXPECT_FALSE(numberLiteral("0j")->truth());
  EXPECT_TRUE(numberLiteral("1e-300")->truth());
  EXPECT_TRUE(ConstantValue::ofFloat(std::nan("")).truth()); // bool(float('nan')) is True
}

TEST(ConstantArithmetic, StringLiteralLengths) {
  // Lengths as len() gives them for the same literal compiled from a file.
  struct Row {
    std::string_view literal;
    std::optional<Expected> value; // real: the length
  };
  const std::vector<Row> rows = {
      {"''", Expected{Kind::Str, 0}},
      {R"('\u00e9')", Expected{Kind::Str, 1}},
      {R"('\xc3\xa9')", Expected{Kind::Str, 2}}, // two \x escapes
      {"'\xc3\xa9'", Expected{Kind::Str, 1}},    // one character, two bytes of UTF-8
      {R"(b'\N{X}')", Expected{Kind::Bytes, 5}}, // no named escapes in bytes
      {R"('\N{BULLET}')", Expected{Kind::Str, 1}},
      {R"('\1234')", Expected{Kind::Str, 2}}, // octal stops after three digits
      {R"('\d')", Expected{Kind::Str, 2}},    // not an escape: the backslash stays
      {R"('a\\b')", Expected{Kind::Str, 3}},
      {R"(rb'\n')", Expected{Kind::Bytes, 2}},
      {"'\\\n'", Expected{Kind::Str, 0}},       // a backslash-newline is nothing
      {"r'\\\n'", Expected{Kind::Str, 2}},      // but two characters in a raw string
      {"'''a\r\nb'''", Expected{Kind::Str, 3}}, // the tokenizer reads a CRLF as one newline
      {"'''a\rb'''", Expected{Kind::Str, 3}},   // and a lone CR
      {R"("""x""")", Expected{Kind::Str, 1}},
      {"f'x'", std::nullopt}, // an f-string is no constant to the optimizer
      {"'open", std::nullopt},
  };
  for (const Row& row : rows) {
    const std::optional<ConstantValue> got = stringLiteral(row.literal);
    SCOPED_TRACE(row.literal);
    ASSERT_EQ(got.has_value(), row.value.has_value());
    if (!got) continue;
    EXPECT_EQ(got->kind, row.value->kind);
    EXPECT_EQ(static_cast<double>(got->length), row.value->real);
  }
}

TEST(ConstantArithmetic, SequencesWithinTheOptimizersLimits) {
  const ConstantValue ab = *stringLiteral("'ab'");
  const ConstantValue empty = *stringLiteral("''");
  const ConstantValue bytes = *stringLiteral("b'x'");
  auto times = [](const ConstantValue& v, Int128 n) {
    return foldBinary(ArithmeticOperator::Multiply, v, ConstantValue::ofInt(n));
  };
  EXPECT_EQ(times(ab, 2048)->length, 4096u); // at MAX_STR_SIZE
  EXPECT_FALSE(times(ab, 2049));
  EXPECT_FALSE(times(ab, -1)); // a negative count is refused for a non-empty string
  EXPECT_EQ(times(empty, -1)->length, 0u);
  EXPECT_FALSE(times(empty, Int128{1} << 70)); // past a C long: OverflowError
  EXPECT_EQ(foldBinary(ArithmeticOperator::Multiply, ConstantValue::ofInt(0), ab)->length, 0u);
  EXPECT_FALSE(foldBinary(ArithmeticOperator::Multiply, ConstantValue::ofFloat(2.0), ab));
  EXPECT_EQ(foldBinary(ArithmeticOperator::Add, ab, empty)->length, 2u);
  EXPECT_FALSE(foldBinary(ArithmeticOperator::Add, ab, bytes)); // str + bytes: TypeError
  EXPECT_FALSE(foldBinary(ArithmeticOperator::Modulo, ab, ConstantValue::ofInt(1)));
  EXPECT_FALSE(foldUnary('-', ab));

  // ((1, 2, 3, 4),): one item, five counted through the nested tuple.
  const auto nested = ConstantValue::ofSequence(Kind::Tuple, 1, 5);
  EXPECT_EQ(times(nested, 204)->nested, 1020u);
  EXPECT_FALSE(times(nested, 205)); // past MAX_TOTAL_ITEMS
  const auto pair = ConstantValue::ofSequence(Kind::Tuple, 2, 2);
  EXPECT_EQ(times(pair, 128)->length, 256u); // at MAX_COLLECTION_SIZE
  EXPECT_FALSE(times(pair, 129));
  EXPECT_FALSE(times(pair, 0)->truth());
}

} // namespace
} // namespace closurelens::analysis
