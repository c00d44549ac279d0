#include "analysis/constant_arithmetic.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace closurelens::analysis {

// A literal's items (`bytes` or `tuple`), or the items of `first` then those of `second` (a
// concatenation), or those of `first` over and over (`repeat`). Never empty: an empty sequence
// has no items at all.
struct SequenceItems {
  std::string bytes;
  std::vector<ConstantValue> tuple;
  std::shared_ptr<const SequenceItems> first;
  std::shared_ptr<const SequenceItems> second;
  uint64_t firstLength = 0; // the items of `first` (of one round, for a repeat)
  bool repeat = false;
};

namespace {

// ast_opt.c's MAX_INT_SIZE: no product, power or left shift past this many bits is folded.
constexpr uint64_t kMaxIntBits = 128;

// An int operand of a float or complex operation, as CPython converts it (PyLong_AsDouble):
// empty where that raises OverflowError.
std::optional<double> toDouble(const ConstantValue& n) {
  return n.kind == ConstantValue::Kind::Int ? n.integer.toDouble() : std::optional<double>(n.real);
}

bool isOddInteger(double x) {
  return std::fmod(std::fabs(x), 2.0) == 1.0;
}

// --- ints (Objects/longobject.c) -------------------------------------------------------------

std::optional<ConstantValue> floatPower(double base, double exponent);

std::optional<ConstantValue> ofInt(std::optional<BigInteger> value) {
  if (!value) return std::nullopt;
  return ConstantValue::ofInt(std::move(*value));
}

// A count (exponent, shift) as PyLong_AsSize_t reads it: empty when negative or past size_t. A
// count from 2**63 on is held as UINT64_MAX: each use compares it with 128 or shifts all bits out.
std::optional<uint64_t> countOf(const BigInteger& n) {
  if (n.sign() < 0 || n.bitLength() > 64) return std::nullopt;
  const std::optional<int64_t> small = n.toInt64();
  return small ? static_cast<uint64_t>(*small) : UINT64_MAX;
}

std::optional<ConstantValue> intPower(const BigInteger& base, const BigInteger& exponent) {
  if (exponent.sign() < 0) {
    // A negative exponent makes it a float power of the two converted; 0 ** -1 raises.
    if (base.isZero()) return std::nullopt;
    const std::optional<double> b = base.toDouble();
    const std::optional<double> e = exponent.toDouble();
    if (!b || !e) return std::nullopt;
    return floatPower(*b, *e);
  }
  if (exponent.isZero()) return ConstantValue::ofInt(BigInteger::of(1));
  if (base.isZero()) return ConstantValue::ofInt(BigInteger{});
  // safe_power: bits(base) * exponent may not pass the limit (an exponent past size_t fails the
  // conversion).
  const std::optional<uint64_t> times = countOf(exponent);
  if (!times || base.bitLength() > kMaxIntBits / *times) return std::nullopt;
  BigInteger result = BigInteger::of(1);
  for (uint64_t e = 0; e < *times; ++e) {
    std::optional<BigInteger> next = multiply(result, base);
    if (!next) return std::nullopt;
    result = std::move(*next);
  }
  return ConstantValue::ofInt(std::move(result));
}

std::optional<ConstantValue> intOperation(ArithmeticOperator op, const BigInteger& a,
                                          const BigInteger& b) {
  switch (op) {
  case ArithmeticOperator::Add:
    return ofInt(add(a, b));
  case ArithmeticOperator::Subtract:
    return ofInt(subtract(a, b));
  case ArithmeticOperator::Multiply:
    // safe_multiply
    if (!a.isZero() && !b.isZero() && a.bitLength() + b.bitLength() > kMaxIntBits)
      return std::nullopt;
    return ofInt(multiply(a, b));
  case ArithmeticOperator::Divide:
    if (const std::optional<double> quotient = trueDivide(a, b))
      return ConstantValue::ofFloat(*quotient);
    return std::nullopt;
  case ArithmeticOperator::FloorDivide:
    return ofInt(floorDivide(a, b));
  case ArithmeticOperator::Modulo:
    return ofInt(modulo(a, b));
  case ArithmeticOperator::Power:
    return intPower(a, b);
  case ArithmeticOperator::LeftShift: {
    if (b.sign() < 0) return std::nullopt; // negative shift count
    if (a.isZero() || b.isZero()) return ConstantValue::ofInt(a);
    // safe_lshift
    const std::optional<uint64_t> count = countOf(b);
    if (!count || *count > kMaxIntBits || a.bitLength() > kMaxIntBits - *count) return std::nullopt;
    return ofInt(shiftLeft(a, *count));
  }
  case ArithmeticOperator::RightShift: {
    if (b.sign() < 0) return std::nullopt;
    const std::optional<uint64_t> count = countOf(b);
    return ConstantValue::ofInt(shiftRight(a, count ? *count : UINT64_MAX));
  }
  case ArithmeticOperator::BitAnd:
    return ConstantValue::ofInt(bitAnd(a, b));
  case ArithmeticOperator::BitOr:
    return ConstantValue::ofInt(bitOr(a, b));
  case ArithmeticOperator::BitXor:
    return ConstantValue::ofInt(bitXor(a, b));
  case ArithmeticOperator::MatrixMultiply:
    break;
  }
  return std::nullopt;
}

// --- complex numbers (Objects/complexobject.c) -----------------------------------------------

struct Complex {
  double real;
  double imag;
};

Complex product(Complex a, Complex b) {
  return {a.real * b.real - a.imag * b.imag, a.real * b.imag + a.imag * b.real};
}

// _Py_c_quot; EDOM for a zero divisor.
Complex quotient(Complex a, Complex b) {
  const double absReal = b.real < 0 ? -b.real : b.real;
  const double absImag = b.imag < 0 ? -b.imag : b.imag;
  if (absReal >= absImag) {
    if (absReal == 0.0) {
      errno = EDOM;
      return {0.0, 0.0};
    }
    const double ratio = b.imag / b.real;
    const double denominator = b.real + b.imag * ratio;
    return {(a.real + a.imag * ratio) / denominator, (a.imag - a.real * ratio) / denominator};
  }
  if (absImag >= absReal) {
    const double ratio = b.real / b.imag;
    const double denominator = b.real * ratio + b.imag;
    return {(a.real * ratio + a.imag) / denominator, (a.imag * ratio - a.real) / denominator};
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  return {nan, nan};
}

// c_powu, c_powi and _Py_c_pow.
Complex unsignedPower(Complex x, long n) {
  Complex r{1.0, 0.0};
  Complex p = x;
  for (long mask = 1; mask > 0 && n >= mask; mask <<= 1) {
    if ((n & mask) != 0) r = product(r, p);
    p = product(p, p);
  }
  return r;
}

Complex generalPower(Complex a, Complex b) {
  if (b.real == 0.0 && b.imag == 0.0) return {1.0, 0.0};
  if (a.real == 0.0 && a.imag == 0.0) {
    if (b.imag != 0.0 || b.real < 0.0) errno = EDOM;
    return {0.0, 0.0};
  }
  const double length = std::hypot(a.real, a.imag);
  double scaled = std::pow(length, b.real);
  const double angle = std::atan2(a.imag, a.real);
  double phase = angle * b.real;
  if (b.imag != 0.0) {
    scaled /= std::exp(angle * b.imag);
    phase += b.imag * std::log(length);
  }
  return {scaled * std::cos(phase), scaled * std::sin(phase)};
}

// complex_pow: a small integral exponent by repeated multiplication, any other through polar
// form; a zero base to a negative power raises, and so does an infinite result.
std::optional<ConstantValue> complexPower(Complex a, Complex b) {
  errno = 0;
  Complex p{};
  if (b.imag == 0.0 && b.real == std::floor(b.real) && std::fabs(b.real) <= 100.0) {
    const auto n = static_cast<long>(b.real);
    p = n > 0 ? unsignedPower(a, n) : quotient({1.0, 0.0}, unsignedPower(a, -n));
  } else {
    p = generalPower(a, b);
  }
  if (std::isinf(p.real) || std::isinf(p.imag)) {
    if (errno == 0) errno = ERANGE;
  } else if (errno == ERANGE) {
    errno = 0;
  }
  if (errno != 0) return std::nullopt;
  return ConstantValue::ofComplex(p.real, p.imag);
}

std::optional<ConstantValue> complexOperation(ArithmeticOperator op, Complex a, Complex b) {
  switch (op) {
  case ArithmeticOperator::Add:
    return ConstantValue::ofComplex(a.real + b.real, a.imag + b.imag);
  case ArithmeticOperator::Subtract:
    return ConstantValue::ofComplex(a.real - b.real, a.imag - b.imag);
  case ArithmeticOperator::Multiply: {
    const Complex p = product(a, b);
    return ConstantValue::ofComplex(p.real, p.imag);
  }
  case ArithmeticOperator::Divide: {
    errno = 0;
    const Complex q = quotient(a, b);
    if (errno == EDOM) return std::nullopt;
    return ConstantValue::ofComplex(q.real, q.imag);
  }
  case ArithmeticOperator::Power:
    return complexPower(a, b);
  default:
    return std::nullopt; // //, %, shifts and bit operations raise TypeError
  }
}

// --- floats (Objects/floatobject.c) ----------------------------------------------------------

// float_pow, special cases first, as CPython orders them.
std::optional<ConstantValue> floatPower(double base, double exponent) {
  if (exponent == 0.0) return ConstantValue::ofFloat(1.0);
  if (std::isnan(base)) return ConstantValue::ofFloat(base);
  if (std::isnan(exponent)) return ConstantValue::ofFloat(base == 1.0 ? 1.0 : exponent);
  if (std::isinf(exponent)) {
    base = std::fabs(base);
    if (base == 1.0) return ConstantValue::ofFloat(1.0);
    return ConstantValue::ofFloat((exponent > 0.0) == (base > 1.0) ? std::fabs(exponent) : 0.0);
  }
  if (std::isinf(base)) {
    const bool odd = isOddInteger(exponent);
    if (exponent > 0.0) return ConstantValue::ofFloat(odd ? base : std::fabs(base));
    return ConstantValue::ofFloat(odd ? std::copysign(0.0, base) : 0.0);
  }
  if (base == 0.0) {
    if (exponent < 0.0) return std::nullopt; // ZeroDivisionError
    return ConstantValue::ofFloat(isOddInteger(exponent) ? base : 0.0);
  }
  if (base == 1.0) return ConstantValue::ofFloat(1.0);
  bool negate = false;
  if (base < 0.0) {
    // A negative base to a fractional power is a complex number.
    if (exponent != std::floor(exponent)) return complexPower({base, 0.0}, {exponent, 0.0});
    base = -base;
    negate = isOddInteger(exponent);
  }
  if (base == 1.0) return ConstantValue::ofFloat(negate ? -1.0 : 1.0);
  errno = 0;
  const double result = std::pow(base, exponent);
  // _Py_ADJUST_ERANGE1: an infinite result overflowed; an underflow to zero is fine.
  if (errno == 0 && std::isinf(result)) errno = ERANGE;
  if (errno == ERANGE && result == 0.0) errno = 0;
  if (errno != 0) return std::nullopt;
  return ConstantValue::ofFloat(negate ? -result : result);
}

std::optional<ConstantValue> floatOperation(ArithmeticOperator op, double a, double b) {
  switch (op) {
  case ArithmeticOperator::Add:
    return ConstantValue::ofFloat(a + b);
  case ArithmeticOperator::Subtract:
    return ConstantValue::ofFloat(a - b);
  case ArithmeticOperator::Multiply:
    return ConstantValue::ofFloat(a * b);
  case ArithmeticOperator::Divide:
    if (b == 0.0) return std::nullopt;
    return ConstantValue::ofFloat(a / b);
  case ArithmeticOperator::FloorDivide: {
    // _float_div_mod
    if (b == 0.0) return std::nullopt;
    const double mod = std::fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0.0 && ((b < 0) != (mod < 0))) div -= 1.0;
    if (div == 0.0) return ConstantValue::ofFloat(std::copysign(0.0, a / b));
    double floorDiv = std::floor(div);
    if (div - floorDiv > 0.5) floorDiv += 1.0;
    return ConstantValue::ofFloat(floorDiv);
  }
  case ArithmeticOperator::Modulo: {
    // float_rem
    if (b == 0.0) return std::nullopt;
    double mod = std::fmod(a, b);
    if (mod != 0.0) {
      if ((b < 0) != (mod < 0)) mod += b;
    } else {
      mod = std::copysign(0.0, b);
    }
    return ConstantValue::ofFloat(mod);
  }
  case ArithmeticOperator::Power:
    return floatPower(a, b);
  default:
    return std::nullopt; // shifts, bit operations and @ on floats raise TypeError
  }
}

// --- strings, bytes and tuples: their lengths -----------------------------------------------

// ast_opt.c's MAX_STR_SIZE, MAX_COLLECTION_SIZE and MAX_TOTAL_ITEMS.
constexpr uint64_t kMaxStringSize = 4096;
constexpr uint64_t kMaxCollectionSize = 256;
constexpr uint64_t kMaxTotalItems = 1024;

// `sequence * count` as safe_multiply allows it: a non-empty sequence only to the size limits and
// never a negative number of times; any count must fit a C long (Py_ssize_t) to repeat.
std::optional<ConstantValue> repeat(const ConstantValue& sequence, const BigInteger& by) {
  using Kind = ConstantValue::Kind;
  const std::optional<int64_t> fits = by.toInt64();
  if (!fits) return std::nullopt;
  const int64_t count = *fits;
  if (sequence.length != 0) {
    const uint64_t limit = sequence.kind == Kind::Tuple ? kMaxCollectionSize : kMaxStringSize;
    if (count < 0 || static_cast<uint64_t>(count) > limit / sequence.length) return std::nullopt;
    if (sequence.kind == Kind::Tuple && count != 0 &&
        sequence.nested > kMaxTotalItems / static_cast<uint64_t>(count))
      return std::nullopt;
  }
  const uint64_t times = count > 0 ? static_cast<uint64_t>(count) : 0;
  ConstantValue result = sequence;
  result.length = sequence.length * times;
  result.nested = sequence.nested * times;
  if (result.length == 0) {
    result.items.reset();
  } else if (times > 1 && sequence.items) {
    auto rounds = std::make_shared<SequenceItems>();
    rounds->first = sequence.items;
    rounds->firstLength = sequence.length;
    rounds->repeat = true;
    result.items = std::move(rounds);
  }
  return result;
}

ConstantValue concatenate(const ConstantValue& left, const ConstantValue& right) {
  ConstantValue result = left;
  result.length = left.length + right.length;
  result.nested = left.nested + right.nested;
  if (!left.items) {
    result.items = right.items;
  } else if (right.items) {
    auto both = std::make_shared<SequenceItems>();
    both->first = left.items;
    both->second = right.items;
    both->firstLength = left.length;
    result.items = std::move(both);
  }
  return result;
}

std::optional<ConstantValue> sequenceOperation(ArithmeticOperator op, const ConstantValue& left,
                                               const ConstantValue& right) {
  using Kind = ConstantValue::Kind;
  if (op == ArithmeticOperator::Add) {
    // Concatenation has no limit; str + bytes and the like raise TypeError.
    if (left.kind != right.kind) return std::nullopt;
    return concatenate(left, right);
  }
  if (op == ArithmeticOperator::Multiply) {
    if (left.isSequence() && right.kind == Kind::Int) return repeat(left, right.integer);
    if (right.isSequence() && left.kind == Kind::Int) return repeat(right, left.integer);
  }
  return std::nullopt; // `%` on strings is left to run time (safe_mod); the rest raise
}

bool isHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

unsigned hexValue(char c) {
  return c <= '9' ? static_cast<unsigned>(c - '0') : static_cast<unsigned>((c | 0x20) - 'a' + 10);
}

// The characters (bytes, for bytes) a literal's body stands for, and for bytes into `decoded`
// their values. The tokenizer turns `\r\n` and a lone `\r` into one newline; escapes follow
// Python's string-literal rules.
uint64_t literalLength(std::string_view body, bool raw, bool bytes, std::string* decoded) {
  uint64_t length = 0;
  size_t i = 0;
  auto newlineAt = [&](size_t at) { return body[at] == '\n' || body[at] == '\r'; };
  auto skipNewline = [&](size_t at) {
    return at + (body[at] == '\r' && at + 1 < body.size() && body[at + 1] == '\n' ? 2 : 1);
  };
  auto emit = [&](unsigned byte) {
    if (decoded != nullptr) decoded->push_back(static_cast<char>(byte & 0xFF));
  };
  auto countCharacter = [&](size_t at) {
    // One character: a UTF-8 sequence in a str, one byte in bytes.
    if (newlineAt(at)) {
      emit('\n');
      return skipNewline(at);
    }
    emit(static_cast<unsigned char>(body[at]));
    size_t next = at + 1;
    if (!bytes)
      while (next < body.size() && (static_cast<unsigned char>(body[next]) & 0xC0) == 0x80)
        ++next;
    return next;
  };
  while (i < body.size()) {
    if (raw || body[i] != '\\' || i + 1 == body.size()) {
      i = countCharacter(i);
      ++length;
      continue;
    }
    const char e = body[i + 1];
    if (newlineAt(i + 1)) {
      i = skipNewline(i + 1); // a backslash at a line's end joins the lines: no character
      continue;
    }
    size_t end = i + 2;
    unsigned value = 0;
    if (e >= '0' && e <= '7') {
      // Past \377 a bytes literal keeps the low byte (with a warning).
      value = static_cast<unsigned>(e - '0');
      while (end < body.size() && end < i + 4 && body[end] >= '0' && body[end] <= '7')
        value = value * 8 + static_cast<unsigned>(body[end++] - '0');
    } else if (e == 'x' || (!bytes && (e == 'u' || e == 'U'))) {
      const size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      while (end < body.size() && end < i + 2 + digits && isHexDigit(body[end]))
        value = value * 16 + hexValue(body[end++]);
    } else if (!bytes && e == 'N' && end < body.size() && body[end] == '{') {
      const size_t close = body.find('}', end);
      end = close == std::string_view::npos ? body.size() : close + 1;
    } else if (const size_t simple = std::string_view("\\'\"abfnrtv").find(e);
               simple != std::string_view::npos) {
      value = static_cast<unsigned char>("\\'\"\a\b\f\n\r\t\v"[simple]);
    } else {
      // Not an escape: the backslash stays, then the character after it.
      emit('\\');
      i = countCharacter(i + 1);
      length += 2;
      continue;
    }
    emit(value);
    i = end;
    ++length;
  }
  return length;
}

} // namespace

ConstantValue ConstantValue::ofInt(BigInteger value) {
  ConstantValue v;
  v.integer = std::move(value);
  return v;
}

ConstantValue ConstantValue::ofFloat(double value) {
  ConstantValue v;
  v.kind = Kind::Float;
  v.real = value;
  return v;
}

ConstantValue ConstantValue::ofComplex(double real, double imag) {
  ConstantValue v;
  v.kind = Kind::Complex;
  v.real = real;
  v.imag = imag;
  return v;
}

ConstantValue ConstantValue::ofNone() {
  ConstantValue v;
  v.kind = Kind::None;
  return v;
}

ConstantValue ConstantValue::ofEllipsis() {
  ConstantValue v;
  v.kind = Kind::Ellipsis;
  return v;
}

ConstantValue ConstantValue::ofStr(uint64_t length) {
  ConstantValue v;
  v.kind = Kind::Str;
  v.length = length;
  return v;
}

ConstantValue ConstantValue::ofBytes(std::string bytes) {
  ConstantValue v;
  v.kind = Kind::Bytes;
  v.length = bytes.size();
  if (!bytes.empty()) {
    auto items = std::make_shared<SequenceItems>();
    items->bytes = std::move(bytes);
    v.items = std::move(items);
  }
  return v;
}

ConstantValue ConstantValue::ofTuple(std::vector<ConstantValue> items) {
  ConstantValue v;
  v.kind = Kind::Tuple;
  v.length = items.size();
  v.nested = items.size();
  for (const ConstantValue& item : items)
    v.nested += item.kind == Kind::Tuple ? item.nested : 0;
  if (!items.empty()) {
    auto held = std::make_shared<SequenceItems>();
    held->tuple = std::move(items);
    v.items = std::move(held);
  }
  return v;
}

bool ConstantValue::truth() const {
  switch (kind) {
  case Kind::None:
    return false;
  case Kind::Ellipsis:
    return true;
  case Kind::Int:
    return !integer.isZero();
  case Kind::Float:
    return real != 0.0;
  case Kind::Complex:
    return real != 0.0 || imag != 0.0;
  case Kind::Str:
  case Kind::Bytes:
  case Kind::Tuple:
    return length != 0;
  }
  return true;
}

std::optional<ArithmeticOperator> arithmeticOperator(std::string_view spelling) {
  using Op = ArithmeticOperator;
  static constexpr std::pair<std::string_view, Op> kSpellings[] = {
      {"+", Op::Add},           {"-", Op::Subtract}, {"*", Op::Multiply}, {"/", Op::Divide},
      {"//", Op::FloorDivide},  {"%", Op::Modulo},   {"**", Op::Power},   {"<<", Op::LeftShift},
      {">>", Op::RightShift},   {"&", Op::BitAnd},   {"|", Op::BitOr},    {"^", Op::BitXor},
      {"@", Op::MatrixMultiply}};
  for (const auto& [text, op] : kSpellings)
    if (text == spelling) return op;
  return std::nullopt;
}

std::optional<ConstantValue> numberLiteral(std::string_view literal) {
  std::string digits;
  digits.reserve(literal.size());
  for (char c : literal)
    if (c != '_') digits.push_back(c);
  if (digits.empty()) return std::nullopt;
  const char last = digits.back();
  if (last == 'j' || last == 'J') {
    digits.pop_back();
    char* end = nullptr;
    const double imag = std::strtod(digits.c_str(), &end);
    if (digits.empty() || *end != '\0') return std::nullopt;
    return ConstantValue::ofComplex(0.0, imag);
  }
  if (digits.size() > 1 && digits[0] == '0' &&
      std::string_view("xXoObB").find(digits[1]) != std::string_view::npos) {
    const char radix = static_cast<char>(digits[1] | 0x20);
    const unsigned base = radix == 'x' ? 16 : radix == 'o' ? 8 : 2;
    std::optional<BigInteger> value = BigInteger::parse(std::string_view(digits).substr(2), base);
    if (!value) return std::nullopt;
    return ConstantValue::ofInt(std::move(*value));
  }
  if (digits.find_first_of(".eE") != std::string::npos) {
    char* end = nullptr;
    const double value = std::strtod(digits.c_str(), &end);
    if (*end != '\0') return std::nullopt;
    return ConstantValue::ofFloat(value);
  }
  // Python 3 spells a decimal int without leading zeros, zero itself aside (`00`).
  if (digits.size() > 1 && digits[0] == '0' && digits.find_first_not_of('0') != std::string::npos)
    return std::nullopt;
  std::optional<BigInteger> value = BigInteger::parse(digits, 10);
  if (!value) return std::nullopt;
  return ConstantValue::ofInt(std::move(*value));
}

std::optional<StringParts> stringParts(std::string_view literal) {
  const size_t quote = literal.find_first_of("'\"");
  if (quote == std::string_view::npos) return std::nullopt;
  std::string_view body = literal.substr(quote);
  const size_t quoteLength = body.size() >= 6 && body[1] == body[0] && body[2] == body[0] ? 3 : 1;
  if (body.size() < 2 * quoteLength ||
      body.substr(body.size() - quoteLength) != body.substr(0, quoteLength))
    return std::nullopt; // unterminated
  return StringParts{literal.substr(0, quote),
                     body.substr(quoteLength, body.size() - 2 * quoteLength)};
}

std::optional<ConstantValue> stringLiteral(std::string_view literal) {
  const std::optional<StringParts> parts = stringParts(literal);
  if (!parts || parts->prefix.find_first_of("fF") != std::string_view::npos) return std::nullopt;
  const bool raw = parts->prefix.find_first_of("rR") != std::string_view::npos;
  const bool bytes = parts->prefix.find_first_of("bB") != std::string_view::npos;
  if (!bytes) return ConstantValue::ofStr(literalLength(parts->body, raw, false, nullptr));
  std::string decoded;
  literalLength(parts->body, raw, true, &decoded);
  return ConstantValue::ofBytes(std::move(decoded));
}

std::optional<ConstantValue> joinLiterals(const std::vector<ConstantValue>& pieces) {
  using Kind = ConstantValue::Kind;
  if (pieces.empty()) return std::nullopt;
  const Kind kind = pieces.front().kind;
  uint64_t length = 0;
  for (const ConstantValue& piece : pieces) {
    if (piece.kind != kind || (kind != Kind::Str && kind != Kind::Bytes)) return std::nullopt;
    length += piece.length;
  }
  if (kind == Kind::Str) return ConstantValue::ofStr(length);
  std::string bytes;
  bytes.reserve(length);
  for (const ConstantValue& piece : pieces)
    if (piece.items) bytes += piece.items->bytes; // a literal's items are one leaf
  return ConstantValue::ofBytes(std::move(bytes));
}

std::optional<ConstantValue> foldBinary(ArithmeticOperator op, const ConstantValue& left,
                                        const ConstantValue& right) {
  using Kind = ConstantValue::Kind;
  auto singleton = [](const ConstantValue& v) {
    return v.kind == Kind::None || v.kind == Kind::Ellipsis;
  };
  if (singleton(left) || singleton(right)) return std::nullopt; // TypeError
  if (left.isSequence() || right.isSequence()) return sequenceOperation(op, left, right);
  if (left.kind == Kind::Int && right.kind == Kind::Int)
    return intOperation(op, left.integer, right.integer);
  const std::optional<double> a = toDouble(left);
  const std::optional<double> b = toDouble(right);
  if (!a || !b) return std::nullopt; // an int too large for a float: OverflowError
  if (left.kind == Kind::Complex || right.kind == Kind::Complex) {
    return complexOperation(
        op, left.kind == Kind::Complex ? Complex{left.real, left.imag} : Complex{*a, 0.0},
        right.kind == Kind::Complex ? Complex{right.real, right.imag} : Complex{*b, 0.0});
  }
  return floatOperation(op, *a, *b);
}

std::optional<ConstantValue> foldUnary(char op, const ConstantValue& operand) {
  using Kind = ConstantValue::Kind;
  if (operand.isSequence() || operand.kind == Kind::None || operand.kind == Kind::Ellipsis)
    return std::nullopt; // TypeError
  switch (op) {
  case '+':
    return operand;
  case '-':
    if (operand.kind == Kind::Int) return ConstantValue::ofInt(negate(operand.integer));
    return operand.kind == Kind::Float ? ConstantValue::ofFloat(-operand.real)
                                       : ConstantValue::ofComplex(-operand.real, -operand.imag);
  case '~':
    if (operand.kind != Kind::Int) return std::nullopt;
    return ofInt(invert(operand.integer));
  default:
    return std::nullopt;
  }
}

std::optional<ConstantValue> foldSubscript(const ConstantValue& sequence,
                                           const ConstantValue& index) {
  using Kind = ConstantValue::Kind;
  // Only an int indexes (bools are ints); past Py_ssize_t or the ends it is an IndexError.
  if (!sequence.isSequence() || index.kind != Kind::Int) return std::nullopt;
  const std::optional<int64_t> fits = index.integer.toInt64();
  if (!fits) return std::nullopt;
  const auto length = static_cast<int64_t>(sequence.length);
  const int64_t at = *fits < 0 ? *fits + length : *fits;
  if (at < 0 || at >= length) return std::nullopt;
  if (sequence.kind == Kind::Str) return ConstantValue::ofStr(1);
  if (!sequence.items) return std::nullopt;
  auto position = static_cast<uint64_t>(at);
  const SequenceItems* items = sequence.items.get();
  while (items->first) {
    if (items->repeat) {
      position %= items->firstLength;
      items = items->first.get();
    } else if (position < items->firstLength) {
      items = items->first.get();
    } else {
      position -= items->firstLength;
      items = items->second.get();
    }
  }
  if (sequence.kind == Kind::Bytes)
    return ConstantValue::ofInt(static_cast<unsigned char>(items->bytes[position]));
  return items->tuple[position];
}

} // namespace closurelens::analysis
