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

using Kind = ConstantNumber::Kind;

struct Expected {
  Kind kind;
  double real; // an Int's value too (all rows fit a double exactly)
  double imag = 0.0;
};

void check(const std::optional<ConstantNumber>& got, const std::optional<Expected>& expected,
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
std::optional<ConstantNumber> value(std::string_view text) {
  if (!text.starts_with('-')) return numberLiteral(text);
  std::optional<ConstantNumber> operand = numberLiteral(text.substr(1));
  return operand ? foldUnary('-', *operand) : std::nullopt;
}

std::optional<ConstantNumber> fold(std::string_view left, std::string_view op,
                                   std::string_view right) {
  std::optional<ConstantNumber> a = value(left);
  std::optional<ConstantNumber> b = value(right);
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
  EXPECT_TRUE(ConstantNumber::ofFloat(std::nan("")).truth()); // bool(float('nan')) is True
}

} // namespace
} // namespace closurelens::analysis
