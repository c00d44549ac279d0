// BigInteger against CPython 3.11: each expected value is what CPython printed for the Python
// expression its row spells (a binary row `{a, op, b}` is `(a) op (b)`), with A, B, C, D and M the
// big ints named below. A row left empty "past kMaxBits" is the model's own limit, not Python's.
#include "analysis/big_integer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace closurelens::analysis {
namespace {

std::string repeated(std::string_view unit, size_t times) {
  std::string text;
  for (size_t i = 0; i < times; ++i)
    text += unit;
  return text;
}

// The big ints rows name, as CPython builds them:
//   A = int('1234567890' * 400)              4,000 digits
//   B = int('9876543210' * 150)              1,500 digits
//   C = int('fedcba9876543210' * 1000, 16)   64,000 bits
//   D = int('3' * 4000)
//   M = int('f' * 16384, 16)                 2**65536 - 1: kMaxBits bits, the largest held
std::optional<BigInteger> named(char name) {
  switch (name) {
  case 'A':
    return BigInteger::parse(repeated("1234567890", 400), 10);
  case 'B':
    return BigInteger::parse(repeated("9876543210", 150), 10);
  case 'C':
    return BigInteger::parse(repeated("fedcba9876543210", 1000), 16);
  case 'D':
    return BigInteger::parse(repeated("3", 4000), 10);
  case 'M':
    return BigInteger::parse(repeated("f", 16384), 16);
  default:
    return std::nullopt;
  }
}

std::optional<BigInteger> term(std::string_view text) {
  if (text.starts_with("2**")) {
    const std::optional<BigInteger> exponent = BigInteger::parse(text.substr(3), 10);
    if (!exponent || !exponent->toInt64()) return std::nullopt;
    return shiftLeft(BigInteger::of(1), static_cast<uint64_t>(*exponent->toInt64()));
  }
  if (text.starts_with("0x")) return BigInteger::parse(text.substr(2), 16);
  if (text.size() == 1 && text[0] >= 'A' && text[0] <= 'Z') return named(text[0]);
  return BigInteger::parse(text, 10);
}

// An int as the rows write it, a Python expression: terms (`2**N`, `0x` and hex digits, decimal
// digits or a name above) added or subtracted, the first of them perhaps negated (`-2**70+5` is
// -(2**70) + 5 in Python too).
std::optional<BigInteger> evaluate(std::string_view text) {
  BigInteger sum;
  bool first = true;
  while (!text.empty()) {
    bool negative = false;
    if (text[0] == '-' || text[0] == '+') {
      negative = text[0] == '-';
      text.remove_prefix(1);
    } else if (!first) {
      return std::nullopt;
    }
    const std::string_view termText = text.substr(0, text.find_first_of("+-"));
    text.remove_prefix(termText.size());
    const std::optional<BigInteger> value = term(termText);
    if (!value) return std::nullopt;
    const std::optional<BigInteger> next = add(sum, negative ? negate(*value) : *value);
    if (!next) return std::nullopt;
    sum = *next;
    first = false;
  }
  if (first) return std::nullopt;
  return sum;
}

BigInteger operand(std::string_view text) {
  const std::optional<BigInteger> value = evaluate(text);
  if (!value) ADD_FAILURE() << "the test cannot read " << text;
  return value.value_or(BigInteger());
}

std::string describe(const std::optional<BigInteger>& value) {
  return value ? value->toString() : "(none)";
}

std::string describe(std::optional<double> value) {
  if (!value) return "(none)";
  char text[64];
  std::snprintf(text, sizeof text, "%a", *value);
  return text;
}

void expectValue(const std::optional<BigInteger>& got, std::optional<std::string_view> expected) {
  EXPECT_EQ(describe(got), expected ? describe(operand(*expected)) : "(none)");
}

// Bit for bit: -0.0 is not 0.0.
void expectDouble(std::optional<double> got, std::optional<double> expected) {
  const auto bits = [](std::optional<double> value) -> std::optional<uint64_t> {
    if (!value) return std::nullopt;
    return std::bit_cast<uint64_t>(*value);
  };
  EXPECT_TRUE(bits(got) == bits(expected))
      << "got " << describe(got) << ", expected " << describe(expected);
}

// A big result as CPython prints it: its number of digits, the first 21 characters of str()
// (with the sign) and the last 20 digits.
struct Digest {
  size_t digits;
  std::string_view head;
  std::string_view tail;
};

void expectDigest(const std::optional<BigInteger>& got, const std::optional<Digest>& expected) {
  ASSERT_EQ(got.has_value(), expected.has_value()) << describe(got);
  if (!got) return;
  const std::string text = got->toString();
  const std::string_view digits = std::string_view(text).substr(text.starts_with('-') ? 1 : 0);
  EXPECT_EQ(digits.size(), expected->digits);
  EXPECT_EQ(std::string_view(text).substr(0, 21), expected->head);
  EXPECT_EQ(digits.substr(digits.size() - std::min<size_t>(digits.size(), 20)), expected->tail);
}

std::optional<BigInteger> apply(std::string_view op, const BigInteger& a, const BigInteger& b) {
  if (op == "+") return add(a, b);
  if (op == "-") return subtract(a, b);
  if (op == "*") return multiply(a, b);
  if (op == "//") return floorDivide(a, b);
  if (op == "%") return modulo(a, b);
  if (op == "&") return bitAnd(a, b);
  if (op == "|") return bitOr(a, b);
  if (op == "^") return bitXor(a, b);
  ADD_FAILURE() << "no operator " << op;
  return std::nullopt;
}

struct BinaryRow {
  std::string_view a, op, b;
  std::optional<std::string_view> expected;
};

void checkBinary(const std::vector<BinaryRow>& rows) {
  for (const BinaryRow& row : rows) {
    SCOPED_TRACE("(" + std::string(row.a) + ") " + std::string(row.op) + " (" + std::string(row.b) +
                 ")");
    expectValue(apply(row.op, operand(row.a), operand(row.b)), row.expected);
  }
}

TEST(BigInteger, ParsesEachBase) {
  // The digits are prefix + unit * times.
  struct Row {
    std::string_view prefix, unit;
    size_t times;
    unsigned base;
    std::optional<Digest> expected;
  };
  const std::vector<Row> rows = {
      {"0", "", 0, 10, Digest{1, "0", "0"}},
      {"007", "", 0, 8, Digest{1, "7", "7"}},
      {"1010", "", 0, 2, Digest{2, "10", "10"}},
      {"777", "", 0, 8, Digest{3, "511", "511"}},
      {"DeadBeef", "", 0, 16, Digest{10, "3735928559", "3735928559"}},
      {"00000000000000000000000000000000001", "", 0, 2, Digest{1, "1", "1"}},
      {"ffffffffffffffffffffffffffffffff", "", 0, 16,
       Digest{39, "340282366920938463463", "63374607431768211455"}},
      {"18446744073709551616", "", 0, 10,
       Digest{20, "18446744073709551616", "18446744073709551616"}},
      {"123456789012345678901234567890", "", 0, 10,
       Digest{30, "123456789012345678901", "12345678901234567890"}},
      {"999999999", "", 0, 10, Digest{9, "999999999", "999999999"}},
      {"1000000000", "", 0, 10, Digest{10, "1000000000", "1000000000"}},
      {"12", "", 0, 2, std::nullopt},   // not a digit of the base
      {"8", "", 0, 8, std::nullopt},    // not a digit of the base
      {"a", "", 0, 10, std::nullopt},   // not a digit of the base
      {"", "", 0, 10, std::nullopt},    // empty
      {"g", "", 0, 16, std::nullopt},   // not a digit of the base
      {"_1", "", 0, 10, std::nullopt},  // no sign, underscore, space or prefix: not digits alone
      {"1_0", "", 0, 10, std::nullopt}, // no sign, underscore, space or prefix: not digits alone
      {"-1", "", 0, 10, std::nullopt},  // no sign, underscore, space or prefix: not digits alone
      {" 1", "", 0, 10, std::nullopt},  // no sign, underscore, space or prefix: not digits alone
      {"0x1", "", 0, 16, std::nullopt}, // no sign, underscore, space or prefix: not digits alone
      {"", "7", 4300, 10,
       Digest{4300, "777777777777777777777",
              "77777777777777777777"}},  // the most digits int() takes
      {"", "7", 4301, 10, std::nullopt}, // ValueError: Exceeds the limit (4300 digits)
      {"0", "1", 4300, 10,
       std::nullopt}, // leading zeros count; ValueError: Exceeds the limit (4300 digits)
      {"", "0", 5000, 10,
       Digest{1, "0", "0"}}, // a literal of zeros has no digit limit (PyOS_strtoul reads it)
      {"", "f", 16384, 16,
       Digest{19729, "200352993040684646497", "45587895905719156735"}}, // kMaxBits bits
      {"1", "0", 16384, 16, std::nullopt},                              // past kMaxBits
      {"0000", "f", 16384, 16, Digest{19729, "200352993040684646497", "45587895905719156735"}},
      {"", "1", 65536, 2, Digest{19729, "200352993040684646497", "45587895905719156735"}},
      {"", "1", 65537, 2, std::nullopt}, // past kMaxBits
      {"1", "0", 21845, 8, Digest{19729, "100176496520342323248", "22793947952859578368"}},
      {"2", "0", 21845, 8, std::nullopt}, // past kMaxBits
  };
  for (const Row& row : rows) {
    const std::string digits = std::string(row.prefix) + repeated(row.unit, row.times);
    SCOPED_TRACE(std::string(row.prefix) + " + '" + std::string(row.unit) + "' * " +
                 std::to_string(row.times) + " in base " + std::to_string(row.base));
    expectDigest(BigInteger::parse(digits, row.base), row.expected);
  }
  EXPECT_FALSE(BigInteger::parse("1", 3));
  EXPECT_FALSE(BigInteger::parse("1", 36));
}

TEST(BigInteger, AddsSubtractsAndMultiplies) {
  checkBinary({
      {"2**32-1", "+", "1", "4294967296"}, // carry into a new limb
      {"2**96-1", "+", "1", "2**96"},
      {"2**96-1", "+", "2**96-1", "0x1fffffffffffffffffffffffe"},
      {"5", "+", "-7", "-2"},
      {"-5", "+", "7", "2"},
      {"-2**64", "+", "1", "-18446744073709551615"}, // borrow across limbs
      {"2**64", "+", "-2**64", "0"},
      {"-2**100", "+", "-2**100-1", "-0x20000000000000000000000001"},
      {"0", "+", "-3", "-3"},
      {"-2**65535", "+", "-2**65535", std::nullopt}, // past kMaxBits
      {"0", "-", "1", "-1"},
      {"2**64", "-", "1", "18446744073709551615"},
      {"1", "-", "2**64", "-18446744073709551615"},
      {"-2**32", "-", "2**32", "-8589934592"},
      {"-5", "-", "-7", "2"},
      {"2**128+1", "-", "2**128", "1"},
      {"2**128", "-", "2**128", "0"},
      {"2**65535", "-", "-2**65535", std::nullopt}, // past kMaxBits
      {"2**32-1", "*", "2**32-1", "18446744065119617025"},
      {"-2**64-1", "*", "2**64+1", "-0x100000000000000020000000000000001"},
      {"-3", "*", "-5", "15"},
      {"0", "*", "-5", "0"},
      {"123456789012345678901234567890", "*", "-987654321098765432109876543210",
       "-0x136ccc118300207d2e6cfe0022e5d56a89116ec6de5d5f3ff4"},
      {"0xfedcba9876543210fedcba9876543210", "*", "0x123456789abcdef0123456789",
       "0x121fa00ad77d742247acc913fa630fef03a55cb222e59bccce1833a90"},
      {"2**32768", "*", "2**32767", "2**65535"},
      {"-2**32768", "*", "2**32768", std::nullopt}, // past kMaxBits
      {"2**40000", "*", "0", "0"},
  });
}

TEST(BigInteger, DividesAndTakesModuloAsPython) {
  checkBinary({
      {"7", "//", "2", "3"},
      {"7", "%", "2", "1"},
      {"7", "//", "-2", "-4"},
      {"7", "%", "-2", "-1"},
      {"-7", "//", "2", "-4"},
      {"-7", "%", "2", "1"},
      {"-7", "//", "-2", "3"},
      {"-7", "%", "-2", "-1"},
      {"6", "//", "3", "2"},
      {"6", "%", "3", "0"},
      {"6", "//", "-3", "-2"},
      {"6", "%", "-3", "0"},
      {"-6", "//", "3", "-2"},
      {"-6", "%", "3", "0"},
      {"-6", "//", "-3", "2"},
      {"-6", "%", "-3", "0"},
      {"3", "//", "5", "0"},
      {"3", "%", "5", "3"},
      {"3", "//", "-5", "-1"},
      {"3", "%", "-5", "-2"},
      {"-3", "//", "5", "-1"},
      {"-3", "%", "5", "2"},
      {"-3", "//", "-5", "0"},
      {"-3", "%", "-5", "-3"},
      {"2**100+12345", "//", "2**40+7", "1152921504599506944"},
      {"2**100+12345", "%", "2**40+7", "51392569"},
      {"2**100+12345", "//", "-2**40-7", "-1152921504599506945"},
      {"2**100+12345", "%", "-2**40-7", "-1099460235214"},
      {"-2**100-12345", "//", "2**40+7", "-1152921504599506945"},
      {"-2**100-12345", "%", "2**40+7", "1099460235214"},
      {"-2**100-12345", "//", "-2**40-7", "1152921504599506944"},
      {"-2**100-12345", "%", "-2**40-7", "-51392569"},
      {"2**100-1", "//", "0xfffffff1", "0x10000000f000000e10"},
      {"2**100-1", "%", "0xfffffff1", "53999"},
      {"2**100-1", "//", "-0xfffffff1", "-0x10000000f000000e11"},
      {"2**100-1", "%", "-0xfffffff1", "-4294913282"},
      {"-2**100+1", "//", "0xfffffff1", "-0x10000000f000000e11"},
      {"-2**100+1", "%", "0xfffffff1", "4294913282"},
      {"-2**100+1", "//", "-0xfffffff1", "0x10000000f000000e10"},
      {"-2**100+1", "%", "-0xfffffff1", "-53999"},
      {"2**90+5", "//", "2**90+5", "1"},
      {"2**90+5", "%", "2**90+5", "0"},
      {"2**90+5", "//", "-2**90-5", "-1"},
      {"2**90+5", "%", "-2**90-5", "0"},
      {"-2**90-5", "//", "2**90+5", "-1"},
      {"-2**90-5", "%", "2**90+5", "0"},
      {"-2**90-5", "//", "-2**90-5", "1"},
      {"-2**90-5", "%", "-2**90-5", "0"},
      {"2**64", "//", "2**64+1", "0"},
      {"2**64", "%", "2**64+1", "2**64"},
      {"2**64", "//", "-2**64-1", "-1"},
      {"2**64", "%", "-2**64-1", "-1"},
      {"-2**64", "//", "2**64+1", "-1"},
      {"-2**64", "%", "2**64+1", "1"},
      {"-2**64", "//", "-2**64-1", "0"},
      {"-2**64", "%", "-2**64-1", "-2**64"},
      {"0xfedcba9876543210fedcba98765432100123456789", "//", "0x8000000000000001ffffffff",
       "0x1fdb97530eca8641a06"},
      {"0xfedcba9876543210fedcba98765432100123456789", "%", "0x8000000000000001ffffffff",
       "0x69d0389abcdf0ce1cba9818f"},
      {"0xfedcba9876543210fedcba98765432100123456789", "//", "-0x8000000000000001ffffffff",
       "-0x1fdb97530eca8641a07"},
      {"0xfedcba9876543210fedcba98765432100123456789", "%", "-0x8000000000000001ffffffff",
       "-0x162fc7654320f32034567e70"},
      {"-0xfedcba9876543210fedcba98765432100123456789", "//", "0x8000000000000001ffffffff",
       "-0x1fdb97530eca8641a07"},
      {"-0xfedcba9876543210fedcba98765432100123456789", "%", "0x8000000000000001ffffffff",
       "0x162fc7654320f32034567e70"},
      {"-0xfedcba9876543210fedcba98765432100123456789", "//", "-0x8000000000000001ffffffff",
       "0x1fdb97530eca8641a06"},
      {"-0xfedcba9876543210fedcba98765432100123456789", "%", "-0x8000000000000001ffffffff",
       "-0x69d0389abcdf0ce1cba9818f"},
      {"0", "//", "-5", "0"},
      {"0", "%", "-5", "0"},
      {"7", "//", "0", std::nullopt}, // ZeroDivisionError
      {"7", "%", "0", std::nullopt},  // ZeroDivisionError
      {"0", "%", "0", std::nullopt},  // ZeroDivisionError
      {"0x80000001ffffffff800000008000000100000002", "//", "0xffffffffffffffff80000001",
       "9223372045444710399"}, // Knuth D's add-back step
      {"0x80000001ffffffff800000008000000100000002", "%", "0xffffffffffffffff80000001",
       "0xc0000000fffffffe80000003"}, // Knuth D's add-back step
      {"-0x80000001ffffffff800000008000000100000002", "//", "0xffffffffffffffff80000001",
       "-9223372045444710400"},
      {"0x80000001ffffffff800000008000000100000002", "%", "-0xffffffffffffffff80000001",
       "-0x3fffffff00000000fffffffe"},
      {"0x7fffffff7fffffff8000000180000001", "//", "0x27fffffffffffffff",
       "3689348813882916863"}, // Knuth D's add-back step
      {"0x7fffffff7fffffff8000000180000001", "%", "0x27fffffffffffffff",
       "0x23333333480000000"}, // Knuth D's add-back step
      {"-0x7fffffff7fffffff8000000180000001", "//", "0x27fffffffffffffff", "-3689348813882916864"},
      {"0x7fffffff7fffffff8000000180000001", "%", "-0x27fffffffffffffff", "-5534023216529407999"},
      {"0xfffffffe00000002000000017fffffff", "//", "0x7fffffff000000017fffffff",
       "8589934591"}, // Knuth D's add-back step
      {"0xfffffffe00000002000000017fffffff", "%", "0x7fffffff000000017fffffff",
       "0x7ffffffe00000004fffffffe"}, // Knuth D's add-back step
      {"-0xfffffffe00000002000000017fffffff", "//", "0x7fffffff000000017fffffff", "-8589934592"},
      {"0xfffffffe00000002000000017fffffff", "%", "-0x7fffffff000000017fffffff",
       "-18446744058677166081"},
  });
}

TEST(BigInteger, BitwiseOnInfiniteTwosComplement) {
  checkBinary({
      {"-2**70", "&", "2**69+5", "0"},
      {"-1", "^", "2**100", "-0x10000000000000000000000001"},
      {"-2**64", "|", "2**64-1", "-1"},
      {"-6", "&", "-3", "-8"},
      {"-6", "|", "-3", "-1"},
      {"-6", "^", "3", "-7"},
      {"2**100", "&", "-2**100", "2**100"},
      {"-1", "&", "0", "0"},
      {"-2**32", "&", "2**32-1", "0"},
      {"-2**32", "|", "1", "-4294967295"},
      {"-2**96-1", "^", "-2**32-1", "0x1000000000000000100000000"},
      {"-2**96-1", "&", "-2**32-1", "-0x1000000000000000100000001"},
      {"0xff00ff00ff00ff00ff", "^", "0xf0f0f0f0f0", "0xff00ff000ff00ff00f"},
      {"-0xff00ff00ff00ff00ff", "|", "0xf0f0f0f0f0", "-0xff00ff000f000f000f"},
  });
}

TEST(BigInteger, Shifts) {
  struct Row {
    std::string_view a, op;
    uint64_t count;
    std::optional<std::string_view> expected;
  };
  const std::vector<Row> rows = {
      {"1", "<<", 0u, "1"},
      {"1", "<<", 65535u, "2**65535"},
      {"1", "<<", 65536u, std::nullopt}, // past kMaxBits
      {"3", "<<", 65534u, "2**65535+2**65534"},
      {"0", "<<", 1000000u, "0"}, // zero shifts any distance
      {"-1", "<<", 64u, "-2**64"},
      {"-2**70+1", "<<", 33u, "-0x7ffffffffffffffffe00000000"},
      {"0xdeadbeef", "<<", 31u, "8022845490548703232"},
      {"-1", ">>", 1u, "-1"},
      {"-9", ">>", 1u, "-5"},
      {"9", ">>", 1u, "4"},
      {"-2**64", ">>", 64u, "-1"},
      {"-2**64-1", ">>", 64u, "-2"},
      {"2**64", ">>", 64u, "1"},
      {"2**64-1", ">>", 64u, "0"},
      {"-2**64+1", ">>", 64u, "-1"},
      {"-5", ">>", 1000000u, "-1"},
      {"5", ">>", 18446744073709551615u, "0"},
      {"-5", ">>", 18446744073709551615u, "-1"},
      {"0x123456789abcdef0123456789", ">>", 37u, "655884233731895160"},
      {"-0x123456789abcdef0123456789", ">>", 37u, "-655884233731895161"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("(" + std::string(row.a) + ") " + std::string(row.op) + " " +
                 std::to_string(row.count));
    const BigInteger a = operand(row.a);
    expectValue(row.op == "<<" ? shiftLeft(a, row.count) : shiftRight(a, row.count), row.expected);
  }
}

TEST(BigInteger, TrueDividesCorrectlyRounded) {
  struct Row {
    std::string_view a, b;
    std::optional<double> expected;
  };
  const std::vector<Row> rows = {
      {"6", "3", 0x1.0000000000000p+1},        // 2.0
      {"-7", "2", -0x1.c000000000000p+1},      // -3.5
      {"1", "10", 0x1.999999999999ap-4},       // 0.1
      {"1", "3", 0x1.5555555555555p-2},        // 0.3333333333333333
      {"-1", "3", -0x1.5555555555555p-2},      // -0.3333333333333333
      {"1", "-3", -0x1.5555555555555p-2},      // -0.3333333333333333
      {"0", "5", 0x0.0p+0},                    // 0.0
      {"0", "-5", -0x0.0p+0},                  // a zero keeps the sign of the quotient: -0.0
      {"5", "0", std::nullopt},                // ZeroDivisionError
      {"2**60+1", "3", 0x1.5555555555555p+58}, // 3.843071682022823e+17
      {"1000000000000000000000000000000", "7", 0x1.cd98a8b00a10bp+96}, // 1.4285714285714285e+29
      {"2**54+2", "2", 0x1.0000000000000p+53},          // tie to even, down: 9007199254740992.0
      {"2**54+6", "2", 0x1.0000000000002p+53},          // tie to even, up: 9007199254740996.0
      {"2**54+2", "-2", -0x1.0000000000000p+53},        // tie to even, down: -9007199254740992.0
      {"9007199254740993", "1", 0x1.0000000000000p+53}, // 9007199254740992.0
      {"2**2000", "2**1000", 0x1.0000000000000p+1000},  // 1.0715086071862673e+301
      {"2**5000+1", "2**4990", 0x1.0000000000000p+10},  // 1024.0
      {"2**3001+2**3000", "2**2000+1", 0x1.8000000000000p+1001},   // 3.214525821558802e+301
      {"-2**3001-2**3000", "2**2000+1", -0x1.8000000000000p+1001}, // -3.214525821558802e+301
      {"0xfedcba9876543210fedcba9876543210fedcba9876543210", "0x123456789abcdef0123456789abcdef",
       0x1.c000000000000p+71},                            // 4.1320706725109396e+21
      {"1", "2**1100", 0x0.0p+0},                         // underflow: 0.0
      {"-1", "2**1100", -0x0.0p+0},                       // underflow: -0.0
      {"1", "2**1074", 0x0.0000000000001p-1022},          // the smallest subnormal: 5e-324
      {"1", "2**1075", 0x0.0p+0},                         // half of it: tie to even, zero: 0.0
      {"2**1075+1", "2**2150", 0x0.0000000000001p-1022},  // just past the half: 5e-324
      {"3", "2**1075", 0x0.0000000000002p-1022},          // tie between subnormals, to even: 1e-323
      {"5", "2**1075", 0x0.0000000000002p-1022},          // tie between subnormals, to even: 1e-323
      {"2**60+1", "2**1100", 0x0.0000400000000p-1022},    // 8.487983164e-314
      {"10", "2**1030+1", 0x0.0a00000000000p-1022},       // 8.69169475979376e-310
      {"2**1100", "1", std::nullopt},                     // OverflowError
      {"2**1024", "1", std::nullopt},                     // OverflowError
      {"2**1024-2**970", "1", std::nullopt},              // rounds up to 2**1024: OverflowError
      {"2**1024-2**970-1", "1", 0x1.fffffffffffffp+1023}, // 1.7976931348623157e+308
      {"-2**1024+2**971", "1", -0x1.fffffffffffffp+1023}, // -1.7976931348623157e+308
      {"2**1025-2**971", "2", std::nullopt},              // a tie up to 2**1024: OverflowError
      {"2**2048", "2**1025", 0x1.0000000000000p+1023},    // 8.98846567431158e+307
      {"2**2048", "2**1024+1", std::nullopt},             // OverflowError
      {"1", "2**65535", 0x0.0p+0},                        // 0.0
      {"2**65535", "3", std::nullopt},                    // OverflowError
      // Big operands.
      {"A", "A+B", 0x1.0000000000000p+0},               // 1.0
      {"-A-B", "A", -0x1.0000000000000p+0},             // -1.0
      {"A", "D", 0x1.7b425e97538c7p-2},                 // 0.370370367037037
      {"D", "-A", -0x1.599999cdc8aaap+1},               // -2.7000000243000004
      {"C", "2**63999", 0x1.fdb97530eca86p+0},          // 1.991111111111111
      {"2**62960", "C", 0x0.0000404924925p-1022},       // a subnormal: 8.525875946e-314
      {"A", "B", std::nullopt},                         // OverflowError
      {"-B", "A", -0x0.0p+0},                           // -0.0
      {"C", "A", std::nullopt},                         // OverflowError
      {"A", "C", 0x0.0p+0},                             // 0.0
      {"C", "M", 0x0.0p+0},                             // 0.0
      {"M", "C", std::nullopt},                         // OverflowError
      {"M", "M-2**65000", 0x1.0000000000000p+0},        // 1.0
      {"2**65535+1", "2**65535", 0x1.0000000000000p+0}, // 1.0
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("(" + std::string(row.a) + ") / (" + std::string(row.b) + ")");
    expectDouble(trueDivide(operand(row.a), operand(row.b)), row.expected);
  }
}

TEST(BigInteger, ConvertsToDoubleRoundingToEven) {
  struct Row {
    std::string_view value;
    std::optional<double> expected; // float(value)
  };
  const std::vector<Row> rows = {
      {"0", 0x0.0p+0},                                // 0.0
      {"1", 0x1.0000000000000p+0},                    // 1.0
      {"-1", -0x1.0000000000000p+0},                  // -1.0
      {"2**53+1", 0x1.0000000000000p+53},             // tie to even, down: 9007199254740992.0
      {"2**53+3", 0x1.0000000000002p+53},             // tie to even, up: 9007199254740996.0
      {"-2**53-1", -0x1.0000000000000p+53},           // -9007199254740992.0
      {"2**63-1", 0x1.0000000000000p+63},             // 9.223372036854776e+18
      {"2**64-1", 0x1.0000000000000p+64},             // 1.8446744073709552e+19
      {"2**1023", 0x1.0000000000000p+1023},           // 8.98846567431158e+307
      {"2**100+2**47", 0x1.0000000000000p+100},       // tie to even, down: 1.2676506002282294e+30
      {"2**100+2**47+1", 0x1.0000000000001p+100},     // 1.2676506002282297e+30
      {"2**100+2**48+2**47", 0x1.0000000000002p+100}, // tie to even, up: 1.26765060022823e+30
      {"2**1024-2**971", 0x1.fffffffffffffp+1023},    // DBL_MAX: 1.7976931348623157e+308
      {"2**1024-2**970-1", 0x1.fffffffffffffp+1023},  // 1.7976931348623157e+308
      {"2**1024-2**970", std::nullopt},               // a tie, to even: 2**1024: OverflowError
      {"-2**1024+2**970", std::nullopt},              // OverflowError
      {"2**1024-1", std::nullopt},                    // OverflowError
      {"2**1024", std::nullopt},                      // OverflowError
      {"2**65535", std::nullopt},                     // OverflowError
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.value);
    expectDouble(operand(row.value).toDouble(), row.expected);
  }
}

TEST(BigInteger, BigOperands) {
  struct Row {
    std::string_view a, op, b;
    std::optional<Digest> expected;
  };
  const std::vector<Row> rows = {
      {"A", "+", "0",
       Digest{4000, "123456789012345678901", "12345678901234567890"}}, // decimal in and out
      {"M", "+", "0",
       Digest{19729, "200352993040684646497", "45587895905719156735"}}, // the largest int held
      {"A", "+", "B", Digest{4000, "123456789012345678901", "11111111011111111100"}},
      {"B", "-", "A", Digest{4000, "-12345678901234567890", "13580246791358024680"}},
      {"A", "*", "B", Digest{5500, "121932631137021795226", "37463801111263526900"}},
      {"A", "*", "-B", Digest{5500, "-12193263113702179522", "37463801111263526900"}},
      {"C", "*", "B", std::nullopt}, // past kMaxBits
      {"A", "//", "B", Digest{2500, "124999998860937500014", "05766688889927916388"}},
      {"A", "%", "B", Digest{1500, "865087452086508745208", "98854424109885442410"}},
      {"-A", "//", "B", Digest{2500, "-12499999886093750001", "05766688889927916389"}},
      {"-A", "%", "B", Digest{1500, "122566869012256686901", "99911007999991100800"}},
      {"A", "//", "-B", Digest{2500, "-12499999886093750001", "05766688889927916389"}},
      {"A", "%", "-B", Digest{1500, "-12256686901225668690", "99911007999991100800"}},
      {"C", "//", "A", Digest{15267, "670305862582615421051", "12879962871485324015"}},
      {"C", "%", "A", Digest{3998, "901082646088086944059", "78781729573713691650"}},
      {"-C", "//", "B", Digest{17766, "-83788232059306656043", "77755876598599420801"}},
      {"C", "%", "-B", Digest{1500, "-89701723601209109089", "62029626413170741210"}},
      {"C", "//", "4294967291",
       Digest{19257, "192676227416234188149", "49926380991374700252"}}, // a one-limb divisor
      {"C", "%", "-4294967291", Digest{10, "-2685854623", "2685854623"}},
      {"M", "//", "3", Digest{19728, "667843310135615488326", "81862631968573052245"}},
      {"M", "%", "2**32768+1", Digest{1, "0", "0"}},
      {"M", "//", "2**32768+1", Digest{9865, "141546103104495478900", "22668104633712377855"}},
      {"M", "//", "M", Digest{1, "1", "1"}},
      {"-M", "//", "M-1", Digest{1, "-2", "2"}},
      {"B", "//", "C", Digest{1, "0", "0"}},
      {"-B", "//", "C", Digest{1, "-1", "1"}},
      {"B", "%", "-C", Digest{19266, "-82753809450600328049", "17193058599002026790"}},
      {"M", "*", "1", Digest{19729, "200352993040684646497", "45587895905719156735"}},
      {"M", "+", "1", std::nullopt},  // past kMaxBits
      {"-M", "-", "1", std::nullopt}, // past kMaxBits
      {"M", "-", "M", Digest{1, "0", "0"}},
      {"M", "-", "C", Digest{19729, "200352993040684646497", "29629405196840586735"}},
      {"A", "&", "B", Digest{1500, "549341529013028210157", "81292276654777174722"}},
      {"-A", "|", "B", Digest{4000, "-12345678901234567890", "31053402246457393170"}},
      {"A", "^", "-B", Digest{4000, "-12345678901234567890", "48526557701556761660"}},
      {"-C", "&", "-A", Digest{19266, "-82753809450600328049", "27776113990983170784"}},
      {"M", "&", "-M", Digest{1, "1", "1"}},
      {"-M", "&", "-M+1",
       Digest{19729, "-20035299304068464649",
              "45587895905719156736"}}, // one bit past kMaxBits, which & can reach
      {"-M", "^", "1", Digest{19729, "-20035299304068464649", "45587895905719156736"}}, // and ^
      {"D", "*", "D", Digest{8000, "111111111111111111111", "88888888888888888889"}},
      {"D", "//", "-A", Digest{1, "-3", "3"}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("(" + std::string(row.a) + ") " + std::string(row.op) + " (" + std::string(row.b) +
                 ")");
    expectDigest(apply(row.op, operand(row.a), operand(row.b)), row.expected);
  }
}

TEST(BigInteger, NegatesAndInverts) {
  struct Row {
    std::string_view value;
    std::optional<Digest> negated;  // -value
    std::optional<Digest> inverted; // ~value
  };
  const std::vector<Row> rows = {
      {"0", Digest{1, "0", "0"}, Digest{1, "-1", "1"}},
      {"-1", Digest{1, "1", "1"}, Digest{1, "0", "0"}},
      {"5", Digest{1, "-5", "5"}, Digest{1, "-6", "6"}},
      {"-5", Digest{1, "5", "5"}, Digest{1, "4", "4"}},
      {"2**64-1", Digest{20, "-18446744073709551615", "18446744073709551615"},
       Digest{20, "-18446744073709551616", "18446744073709551616"}},
      {"-2**64", Digest{20, "18446744073709551616", "18446744073709551616"},
       Digest{20, "18446744073709551615", "18446744073709551615"}},
      {"-2**90", Digest{28, "123794003928538027489", "39285380274899124224"},
       Digest{28, "123794003928538027489", "39285380274899124223"}},
      {"2**90-1", Digest{28, "-12379400392853802748", "39285380274899124223"},
       Digest{28, "-12379400392853802748", "39285380274899124224"}},
      {"M", Digest{19729, "-20035299304068464649", "45587895905719156735"},
       std::nullopt}, // ~: past kMaxBits
      {"-M", Digest{19729, "200352993040684646497", "45587895905719156735"},
       Digest{19729, "200352993040684646497", "45587895905719156734"}},
      {"-M+1", Digest{19729, "200352993040684646497", "45587895905719156734"},
       Digest{19729, "200352993040684646497", "45587895905719156733"}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.value);
    const BigInteger value = operand(row.value);
    expectDigest(negate(value), row.negated);
    expectDigest(invert(value), row.inverted);
  }
}

TEST(BigInteger, BitLengthAndInt64) {
  struct Row {
    std::string_view value;
    uint64_t bitLength;           // value.bit_length()
    std::optional<int64_t> int64; // value when -2**63 <= value < 2**63
  };
  const std::vector<Row> rows = {
      {"0", 0u, 0},
      {"1", 1u, 1},
      {"-1", 1u, -1},
      {"2**32-1", 32u, 4294967295},
      {"2**32", 33u, 4294967296},
      {"-2**64", 65u, std::nullopt},
      {"2**63-1", 63u, 9223372036854775807},
      {"2**63", 64u, std::nullopt},
      {"-2**63", 64u, std::numeric_limits<int64_t>::min()},
      {"-2**63-1", 64u, std::nullopt},
      {"2**64-1", 64u, std::nullopt},
      {"-2**64+1", 64u, std::nullopt},
      {"M", 65536u, std::nullopt},
      {"-M", 65536u, std::nullopt},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.value);
    const BigInteger value = operand(row.value);
    EXPECT_EQ(value.bitLength(), row.bitLength);
    EXPECT_EQ(value.toInt64(), row.int64);
  }
  for (int64_t v : {std::numeric_limits<int64_t>::min(), int64_t{-1}, int64_t{0},
                    std::numeric_limits<int64_t>::max()}) {
    EXPECT_EQ(BigInteger::of(v).toInt64(), v);
    EXPECT_EQ(BigInteger::of(v).toString(), std::to_string(v));
  }
  EXPECT_TRUE(BigInteger().isZero());
  EXPECT_EQ(BigInteger().sign(), 0);
  EXPECT_EQ(BigInteger::of(-3).sign(), -1);
  EXPECT_EQ(BigInteger(), BigInteger::of(0));
  EXPECT_EQ(negate(BigInteger()), BigInteger()); // no negative zero
}

TEST(BigInteger, Compares) {
  struct Row {
    std::string_view a, b;
    int expected; // (a > b) - (a < b)
  };
  const std::vector<Row> rows = {
      {"0", "0", 0},
      {"1", "-1", 1},
      {"-1", "0", -1},
      {"2**64", "2**64-1", 1},
      {"-2**64", "-2**64+1", -1},
      {"-2**64", "-2**63", -1},
      {"2**100", "2**100", 0},
      {"-M", "M", -1},
      {"M", "C", 1},
      {"-M", "-C", -1},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(std::string(row.a) + " vs " + std::string(row.b));
    const BigInteger a = operand(row.a);
    const BigInteger b = operand(row.b);
    const int order = a.compare(b);
    EXPECT_EQ((order > 0) - (order < 0), row.expected);
    EXPECT_EQ(a == b, row.expected == 0);
  }
}

} // namespace
} // namespace closurelens::analysis
