// Number literals and the arithmetic CPython's AST optimizer folds, value by value: the expected
// values are what CPython 3.11 prints for the same expression (noted beside each row). What the
// folds decide about code objects is checked against CPython itself by
// tests/corpus/cases/constant_arithmetic.py.
#include "analysis/constant_arithmetic.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
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
    EXPECT_EQ(got->integer.toDouble(), expected->real);
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
      {"170141183460469231731687303715884105728", Expected{Kind::Int, std::ldexp(1.0, 127)}},
      {"0x1_0000_0000_0000_0000_0000_0000_0000_0000", Expected{Kind::Int, std::ldexp(1.0, 128)}},
  };
  for (const Row& row : rows)
    check(numberLiteral(row.literal), row.value, row.literal);
  // Past BigInteger's 65,536 bits, and a decimal of 4,301 digits (a SyntaxError in CPython 3.11).
  EXPECT_TRUE(numberLiteral("0x8" + std::string(16383, '0')));
  EXPECT_FALSE(numberLiteral("0x1" + std::string(16384, '0')));
  EXPECT_TRUE(numberLiteral("1" + std::string(4299, '0')));
  EXPECT_FALSE(numberLiteral("1" + std::string(4300, '0')));
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
  auto times = [](const ConstantValue& v, int64_t n) {
    return foldBinary(ArithmeticOperator::Multiply, v, ConstantValue::ofInt(n));
  };
  EXPECT_EQ(times(ab, 2048)->length, 4096u); // at MAX_STR_SIZE
  EXPECT_FALSE(times(ab, 2049));
  EXPECT_FALSE(times(ab, -1)); // a negative count is refused for a non-empty string
  EXPECT_EQ(times(empty, -1)->length, 0u);
  EXPECT_FALSE(foldBinary(ArithmeticOperator::Multiply, empty,
                          ConstantValue::ofInt(*shiftLeft(BigInteger::of(1), 70))));
  // past a C long: OverflowError
  EXPECT_EQ(foldBinary(ArithmeticOperator::Multiply, ConstantValue::ofInt(0), ab)->length, 0u);
  EXPECT_FALSE(foldBinary(ArithmeticOperator::Multiply, ConstantValue::ofFloat(2.0), ab));
  EXPECT_EQ(foldBinary(ArithmeticOperator::Add, ab, empty)->length, 2u);
  EXPECT_FALSE(foldBinary(ArithmeticOperator::Add, ab, bytes)); // str + bytes: TypeError
  EXPECT_FALSE(foldBinary(ArithmeticOperator::Modulo, ab, ConstantValue::ofInt(1)));
  EXPECT_FALSE(foldUnary('-', ab));

  auto ints = [](std::initializer_list<int> values) {
    std::vector<ConstantValue> items;
    for (int v : values)
      items.push_back(ConstantValue::ofInt(v));
    return ConstantValue::ofTuple(std::move(items));
  };
  // ((1, 2, 3, 4),): one item, five counted through the nested tuple.
  const auto nested = ConstantValue::ofTuple({ints({1, 2, 3, 4})});
  EXPECT_EQ(nested.length, 1u);
  EXPECT_EQ(nested.nested, 5u);
  EXPECT_EQ(times(nested, 204)->nested, 1020u);
  EXPECT_FALSE(times(nested, 205)); // past MAX_TOTAL_ITEMS
  const auto pair = ints({1, 2});
  EXPECT_EQ(times(pair, 128)->length, 256u); // at MAX_COLLECTION_SIZE
  EXPECT_FALSE(times(pair, 129));
  EXPECT_FALSE(times(pair, 0)->truth());
}

// Ints past any machine word, as CPython 3.11 folds them (each row's value as it prints it).
TEST(ConstantArithmetic, IntsOfAnySize) {
  const ConstantValue big = *numberLiteral("0x1" + std::string(50, '0'));   // 2**200
  const ConstantValue huge = *numberLiteral("0x1" + std::string(256, '0')); // 2**1024
  auto fold = [](const ConstantValue& a, std::string_view op, const ConstantValue& b) {
    return foldBinary(*arithmeticOperator(op), a, b);
  };
  auto text = [](const std::optional<ConstantValue>& v) {
    return v && v->kind == Kind::Int ? v->integer.toString() : std::string("none");
  };
  const ConstantValue one = ConstantValue::ofInt(1);
  const ConstantValue two = ConstantValue::ofInt(2);
  EXPECT_EQ(text(fold(big, "-", big)), "0");
  EXPECT_FALSE(fold(big, "-", big)->truth());
  EXPECT_EQ(text(fold(big, "%", ConstantValue::ofInt(7))), "4");
  EXPECT_EQ(text(fold(*foldUnary('-', big), ">>", ConstantValue::ofInt(199))), "-2");
  EXPECT_EQ(text(fold(big, "&", *numberLiteral("0x1" + std::string(25, '0')))), "0");
  EXPECT_EQ(fold(big, "/", ConstantValue::ofInt(3))->real, 5.356460147529967e+59);
  EXPECT_EQ(fold(huge, "/", two)->real, 8.98846567431158e+307);
  EXPECT_FALSE(fold(huge, "*", ConstantValue::ofFloat(1.0))); // OverflowError: int too large
  EXPECT_EQ(fold(big, "**", ConstantValue::ofInt(-1))->real, 6.223015277861142e-61);
  EXPECT_FALSE(fold(huge, "**", ConstantValue::ofInt(-1)));
  EXPECT_EQ(text(fold(big, "**", ConstantValue::ofInt(0))), "1");
  // safe_lshift, safe_multiply, safe_power: nothing past 128 bits.
  EXPECT_EQ(text(fold(one, "<<", ConstantValue::ofInt(127))),
            "170141183460469231731687303715884105728");
  EXPECT_FALSE(fold(one, "<<", ConstantValue::ofInt(128)));
  EXPECT_EQ(text(fold(big, "<<", ConstantValue::ofInt(0))), big.integer.toString());
  const ConstantValue p63 = *fold(two, "**", ConstantValue::ofInt(63));
  EXPECT_EQ(text(fold(p63, "*", p63)), "85070591730234615865843651857942052864"); // 2**126
  const ConstantValue p64 = *fold(two, "**", ConstantValue::ofInt(64));
  EXPECT_FALSE(fold(p64, "*", p64));
  EXPECT_FALSE(fold(two, "**", ConstantValue::ofInt(65)));
  EXPECT_EQ(text(fold(big, "*", ConstantValue::ofInt(0))), "0");
  // A repeat count past Py_ssize_t raises, even for an empty string.
  EXPECT_FALSE(fold(*stringLiteral("''"), "*", big));
}

// The bytes a literal stands for, read back through subscripts; each row as `list(literal)` prints
// in CPython 3.11.
TEST(ConstantArithmetic, BytesLiteralValues) {
  struct Row {
    std::string_view literal;
    std::vector<int> bytes;
  };
  const std::vector<Row> rows = {
      {R"(b'\777')", {255}}, // past \377 the low byte stays
      {R"(b'\400')", {0}},
      {R"(b'\1234')", {83, 52}},
      {R"(b'\0\00\000')", {0, 0, 0}},
      {R"(b'\x41\x4a')", {65, 74}},
      {R"(b'\q')", {92, 113}},
      {R"(b'\N{x}')", {92, 78, 123, 120, 125}},
      {R"(rb'\n')", {92, 110}},
      {"b'a\\\nb'", {97, 98}},
      {"b'''a\r\nb'''", {97, 10, 98}},
      {R"(b'\a\b\f\n\r\t\v\'\"\\')", {7, 8, 12, 10, 13, 9, 11, 39, 34, 92}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.literal);
    const std::optional<ConstantValue> literal = stringLiteral(row.literal);
    ASSERT_TRUE(literal);
    ASSERT_EQ(literal->length, row.bytes.size());
    for (size_t i = 0; i < row.bytes.size(); ++i) {
      const std::optional<ConstantValue> item =
          foldSubscript(*literal, ConstantValue::ofInt(static_cast<int64_t>(i)));
      ASSERT_TRUE(item);
      EXPECT_EQ(item->kind, Kind::Int);
      EXPECT_EQ(item->integer.toInt64(), row.bytes[i]) << "index " << i;
    }
    EXPECT_FALSE(foldSubscript(
        *literal, ConstantValue::ofInt(static_cast<int64_t>(row.bytes.size())))); // IndexError
  }
}

// Adjacent literals: b'a' b'\0' b'' b'c' is b'a\x00c'; 'ab' 'c' has three characters; 'a' b'b' is
// a SyntaxError.
TEST(ConstantArithmetic, AdjacentLiteralsJoined) {
  const std::optional<ConstantValue> bytes =
      joinLiterals({*stringLiteral("b'a'"), *stringLiteral(R"(b'\0')"), *stringLiteral("b''"),
                    *stringLiteral("b'c'")});
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->kind, Kind::Bytes);
  ASSERT_EQ(bytes->length, 3u);
  EXPECT_EQ(foldSubscript(*bytes, ConstantValue::ofInt(1))->integer.toInt64(), 0);
  EXPECT_EQ(foldSubscript(*bytes, ConstantValue::ofInt(2))->integer.toInt64(), 99);
  EXPECT_EQ(joinLiterals({*stringLiteral("'ab'"), *stringLiteral("'c'")})->length, 3u);
  EXPECT_FALSE(joinLiterals({*stringLiteral("'a'"), *stringLiteral("b'b'")}));
  EXPECT_FALSE(joinLiterals({*stringLiteral("b''"), *stringLiteral("b''")})->truth());
}

// fold_subscr's answers, through concatenations and repeats; each noted with what CPython 3.11
// prints for it.
TEST(ConstantArithmetic, Subscripts) {
  auto at = [](const std::optional<ConstantValue>& sequence, int64_t index) {
    return sequence ? foldSubscript(*sequence, ConstantValue::ofInt(index)) : std::nullopt;
  };
  auto add = [](const std::optional<ConstantValue>& a, const std::optional<ConstantValue>& b) {
    return a && b ? foldBinary(ArithmeticOperator::Add, *a, *b) : std::nullopt;
  };
  auto times = [](const std::optional<ConstantValue>& a, int64_t n) {
    return a ? foldBinary(ArithmeticOperator::Multiply, *a, ConstantValue::ofInt(n)) : std::nullopt;
  };
  const std::optional<ConstantValue> abc = stringLiteral("'abc'");
  EXPECT_EQ(at(abc, 0)->kind, Kind::Str); // 'a'
  EXPECT_EQ(at(abc, 0)->length, 1u);
  EXPECT_EQ(at(abc, -3)->length, 1u);       // 'a'
  EXPECT_FALSE(at(abc, 3));                 // IndexError
  EXPECT_FALSE(at(abc, -4));                // IndexError
  EXPECT_FALSE(at(stringLiteral("''"), 0)); // IndexError
  EXPECT_FALSE(foldSubscript(*abc, ConstantValue::ofInt(*shiftLeft(
                                       BigInteger::of(1), 70))));     // IndexError: past Py_ssize_t
  EXPECT_EQ(at(stringLiteral(R"(b'a\0')"), 1)->integer.toInt64(), 0); // 0
  EXPECT_EQ(at(stringLiteral(R"(b'a\0')"), -2)->integer.toInt64(), 97); // 97

  // (b'ab' * 3 + b'\0')[6], [5], [-3]: 0, 98, 97
  const auto bytes = add(times(stringLiteral("b'ab'"), 3), stringLiteral(R"(b'\0')"));
  EXPECT_EQ(at(bytes, 6)->integer.toInt64(), 0);
  EXPECT_EQ(at(bytes, 5)->integer.toInt64(), 98);
  EXPECT_EQ(at(bytes, -3)->integer.toInt64(), 97);
  EXPECT_FALSE(at(times(bytes, 0), 0)); // b''[0]: IndexError

  // (('', 1) * 2 + (0,))[2], [4], [-2]: '', 0, 1
  const auto pair = ConstantValue::ofTuple({*stringLiteral("''"), ConstantValue::ofInt(1)});
  const auto tuple = add(times(pair, 2), ConstantValue::ofTuple({ConstantValue::ofInt(0)}));
  EXPECT_EQ(at(tuple, 2)->kind, Kind::Str);
  EXPECT_FALSE(at(tuple, 2)->truth());
  EXPECT_FALSE(at(tuple, 4)->truth());
  EXPECT_TRUE(at(tuple, -2)->truth());

  // (None, ..., ())[0], [1], [2]: None, Ellipsis, ()
  const auto singletons = ConstantValue::ofTuple(
      {ConstantValue::ofNone(), ConstantValue::ofEllipsis(), ConstantValue::ofTuple({})});
  EXPECT_EQ(at(singletons, 0)->kind, Kind::None);
  EXPECT_FALSE(at(singletons, 0)->truth());
  EXPECT_TRUE(at(singletons, 1)->truth());
  EXPECT_FALSE(at(singletons, 2)->truth());

  // TypeErrors: a float or str index, an int subscripted, None in arithmetic.
  EXPECT_FALSE(foldSubscript(*abc, ConstantValue::ofFloat(0.0)));
  EXPECT_FALSE(foldSubscript(*abc, *abc));
  EXPECT_FALSE(foldSubscript(ConstantValue::ofInt(1), ConstantValue::ofInt(0)));
  EXPECT_FALSE(
      foldBinary(ArithmeticOperator::Add, ConstantValue::ofNone(), ConstantValue::ofInt(1)));
  EXPECT_FALSE(foldUnary('-', ConstantValue::ofEllipsis()));
  EXPECT_EQ(times(singletons, 2)->length, 6u); // (None, ..., ()) * 2 is a tuple like any
}

} // namespace
} // namespace closurelens::analysis
