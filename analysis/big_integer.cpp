#include "analysis/big_integer.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>

namespace closurelens::analysis {

using Limbs = std::vector<uint32_t>;

namespace {

// Every Limbs below is normalized (no high zero limbs) unless said otherwise.
Limbs normalized(Limbs m) {
  while (!m.empty() && m.back() == 0)
    m.pop_back();
  return m;
}

} // namespace

struct BigIntegerAccess {
  static const Limbs& magnitude(const BigInteger& v) { return v.limbs_; }

  // sign * magnitude, whatever the magnitude's high zero limbs.
  static BigInteger make(int sign, Limbs magnitude) {
    magnitude = normalized(std::move(magnitude));
    BigInteger v;
    v.sign_ = magnitude.empty() ? 0 : sign;
    v.limbs_ = std::move(magnitude);
    return v;
  }
};

namespace {

using Access = BigIntegerAccess;

constexpr uint64_t kLimbBase = uint64_t{1} << 32;
// CPython 3.11's default sys.get_int_max_str_digits().
constexpr size_t kMaxDecimalDigits = 4300;
// Decimal digits go in and out nine at a time: 10**9 is the largest power of ten in a limb.
constexpr uint32_t kDecimalChunk = 1'000'000'000;
constexpr size_t kDecimalChunkDigits = 9;
// IEEE double: 53 bits of mantissa, the lowest subnormal bit 2**-1074, and 2**1024 the first
// magnitude past the largest finite double.
constexpr int64_t kDoubleDigits = 53;
constexpr int64_t kLowestDoubleBit = -1074;
constexpr int64_t kDoubleMaxExponent = 1024;
// float.h's DBL_MIN_EXP: 2**(DBL_MIN_EXP - 1) is the smallest normal double.
constexpr int64_t kDoubleMinExponent = -1021;

uint64_t magnitudeBits(const Limbs& m) {
  if (m.empty()) return 0;
  return (m.size() - 1) * 32 + std::bit_width(m.back());
}

std::optional<BigInteger> bounded(BigInteger v) {
  if (v.bitLength() > BigInteger::kMaxBits) return std::nullopt;
  return v;
}

int compareMagnitudes(const Limbs& a, const Limbs& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = a.size(); i-- > 0;)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

void increment(Limbs& m) {
  for (uint32_t& limb : m)
    if (++limb != 0) return;
  m.push_back(1);
}

Limbs addMagnitudes(const Limbs& a, const Limbs& b) {
  const Limbs& longer = a.size() >= b.size() ? a : b;
  const Limbs& shorter = a.size() >= b.size() ? b : a;
  Limbs sum;
  sum.reserve(longer.size() + 1);
  uint64_t carry = 0;
  for (size_t i = 0; i < longer.size(); ++i) {
    carry += uint64_t{longer[i]} + (i < shorter.size() ? shorter[i] : 0);
    sum.push_back(static_cast<uint32_t>(carry));
    carry >>= 32;
  }
  if (carry != 0) sum.push_back(static_cast<uint32_t>(carry));
  return sum;
}

// a - b for a >= b.
Limbs subtractMagnitudes(const Limbs& a, const Limbs& b) {
  Limbs difference(a.size());
  uint64_t borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const uint64_t take = (i < b.size() ? b[i] : 0) + borrow;
    borrow = a[i] < take ? 1 : 0;
    difference[i] = static_cast<uint32_t>(a[i] + (borrow << 32) - take);
  }
  return normalized(std::move(difference));
}

Limbs multiplyMagnitudes(const Limbs& a, const Limbs& b) {
  Limbs product(a.size() + b.size(), 0);
  for (size_t i = 0; i < a.size(); ++i) {
    // (2**32 - 1)**2 plus two limbs still fits 64 bits.
    uint64_t carry = 0;
    for (size_t j = 0; j < b.size(); ++j) {
      carry += uint64_t{a[i]} * b[j] + product[i + j];
      product[i + j] = static_cast<uint32_t>(carry);
      carry >>= 32;
    }
    product[i + b.size()] = static_cast<uint32_t>(carry);
  }
  return normalized(std::move(product));
}

// m = m * factor + addend.
void multiplyAdd(Limbs& m, uint32_t factor, uint32_t addend) {
  uint64_t carry = addend;
  for (uint32_t& limb : m) {
    carry += uint64_t{limb} * factor;
    limb = static_cast<uint32_t>(carry);
    carry >>= 32;
  }
  if (carry != 0) m.push_back(static_cast<uint32_t>(carry));
}

// m //= divisor, in place (m may be left with high zero limbs); answers the remainder.
uint32_t divideBySmall(Limbs& m, uint32_t divisor) {
  uint64_t remainder = 0;
  for (size_t i = m.size(); i-- > 0;) {
    const uint64_t current = (remainder << 32) | m[i];
    m[i] = static_cast<uint32_t>(current / divisor);
    remainder = current % divisor;
  }
  return static_cast<uint32_t>(remainder);
}

Limbs shiftMagnitudeLeft(const Limbs& m, uint64_t count) {
  if (m.empty()) return {};
  const size_t limbShift = count / 32;
  const unsigned bitShift = count % 32;
  Limbs shifted(m.size() + limbShift + 1, 0);
  for (size_t i = 0; i < m.size(); ++i) {
    const uint64_t wide = uint64_t{m[i]} << bitShift;
    shifted[i + limbShift] |= static_cast<uint32_t>(wide);
    shifted[i + limbShift + 1] |= static_cast<uint32_t>(wide >> 32);
  }
  return normalized(std::move(shifted));
}

// floor(m / 2**count).
Limbs shiftMagnitudeRight(const Limbs& m, uint64_t count) {
  if (count >= magnitudeBits(m)) return {};
  const size_t limbShift = count / 32;
  const unsigned bitShift = count % 32;
  Limbs shifted(m.size() - limbShift, 0);
  for (size_t i = 0; i < shifted.size(); ++i) {
    uint64_t wide = m[i + limbShift];
    if (i + limbShift + 1 < m.size()) wide |= uint64_t{m[i + limbShift + 1]} << 32;
    shifted[i] = static_cast<uint32_t>(wide >> bitShift);
  }
  return normalized(std::move(shifted));
}

bool bitAt(const Limbs& m, uint64_t position) {
  const uint64_t limb = position / 32;
  return limb < m.size() && ((m[limb] >> (position % 32)) & 1) != 0;
}

// Whether m has a set bit below 2**position.
bool anyBitBelow(const Limbs& m, uint64_t position) {
  const uint64_t whole = std::min<uint64_t>(position / 32, m.size());
  for (size_t i = 0; i < whole; ++i)
    if (m[i] != 0) return true;
  if (whole == m.size()) return false;
  const unsigned partial = position % 32;
  return partial != 0 && (m[whole] & ((uint32_t{1} << partial) - 1)) != 0;
}

// Bits position .. position + 63 of m.
uint64_t bitsFrom(const Limbs& m, uint64_t position) {
  const uint64_t first = position / 32;
  const int offset = static_cast<int>(position % 32);
  uint64_t bits = 0;
  for (int k = 0; k < 3 && first + k < m.size(); ++k) {
    const uint64_t limb = m[first + k];
    const int shift = 32 * k - offset;
    if (shift < 0) {
      bits |= limb >> -shift;
    } else if (shift < 64) {
      bits |= limb << shift;
    }
  }
  return bits;
}

// Knuth's algorithm D (TAOCP 4.3.1) for a divisor of two limbs or more and a dividend no
// shorter: each quotient limb is guessed from the top limbs and corrected at most twice.
std::pair<Limbs, Limbs> divideLong(const Limbs& dividend, const Limbs& divisor) {
  const size_t n = divisor.size();
  const size_t m = dividend.size() - n;
  // Normalizing the divisor's top bit to 1 keeps each guess within two of the right limb.
  const unsigned shift = std::countl_zero(divisor.back());
  Limbs v = shiftMagnitudeLeft(divisor, shift);
  v.resize(n);
  Limbs u = shiftMagnitudeLeft(dividend, shift);
  u.resize(dividend.size() + 1);
  Limbs quotient(m + 1, 0);
  for (size_t j = m + 1; j-- > 0;) {
    const uint64_t top = (uint64_t{u[j + n]} << 32) | u[j + n - 1];
    uint64_t guess = top / v[n - 1];
    uint64_t rest = top % v[n - 1];
    while (guess >= kLimbBase || guess * v[n - 2] > ((rest << 32) | u[j + n - 2])) {
      --guess;
      rest += v[n - 1];
      if (rest >= kLimbBase) break;
    }
    uint64_t carry = 0;
    uint64_t borrow = 0;
    for (size_t i = 0; i < n; ++i) {
      const uint64_t product = guess * v[i] + carry;
      carry = product >> 32;
      const uint64_t take = (product & 0xffff'ffff) + borrow;
      borrow = u[i + j] < take ? 1 : 0;
      u[i + j] = static_cast<uint32_t>(u[i + j] - take);
    }
    const uint64_t take = carry + borrow;
    const bool overshot = u[j + n] < take;
    u[j + n] = static_cast<uint32_t>(u[j + n] - take);
    if (overshot) {
      --guess;
      uint64_t sum = 0;
      for (size_t i = 0; i < n; ++i) {
        sum += uint64_t{u[i + j]} + v[i];
        u[i + j] = static_cast<uint32_t>(sum);
        sum >>= 32;
      }
      u[j + n] = static_cast<uint32_t>(u[j + n] + sum);
    }
    quotient[j] = static_cast<uint32_t>(guess);
  }
  u.resize(n);
  return {normalized(std::move(quotient)), shiftMagnitudeRight(normalized(std::move(u)), shift)};
}

// Quotient and remainder of magnitudes, divisor not zero.
std::pair<Limbs, Limbs> divideMagnitudes(const Limbs& dividend, const Limbs& divisor) {
  if (compareMagnitudes(dividend, divisor) < 0) return {Limbs{}, dividend};
  if (divisor.size() == 1) {
    Limbs quotient = dividend;
    const uint32_t remainder = divideBySmall(quotient, divisor[0]);
    return {normalized(std::move(quotient)), normalized(Limbs{remainder})};
  }
  return divideLong(dividend, divisor);
}

// Python's divmod: the quotient floors, the remainder takes the divisor's sign.
std::optional<std::pair<BigInteger, BigInteger>> floorDivideModulo(const BigInteger& a,
                                                                   const BigInteger& b) {
  if (b.isZero()) return std::nullopt;
  const Limbs& divisor = Access::magnitude(b);
  auto [quotient, remainder] = divideMagnitudes(Access::magnitude(a), divisor);
  const int quotientSign = a.sign() * b.sign();
  if (quotientSign < 0 && !remainder.empty()) {
    increment(quotient);
    remainder = subtractMagnitudes(divisor, remainder);
  }
  return std::pair{Access::make(quotientSign, std::move(quotient)),
                   Access::make(b.sign(), std::move(remainder))};
}

// (m + f) * 2**exponent, f in (0, 1) when inexact and 0 otherwise, rounded to the nearest double
// (ties to even, subnormals included) as one rounding; empty when that rounds to 2**1024 or past.
// An inexact m must carry at least one bit below the double's last (the round bit), or f could
// not be told from a half.
std::optional<double> roundToDouble(const Limbs& m, bool inexact, int64_t exponent) {
  const int64_t bits = static_cast<int64_t>(magnitudeBits(m));
  if (bits == 0) return 0.0;
  const int64_t lowest = std::max(bits + exponent - kDoubleDigits, kLowestDoubleBit);
  uint64_t mantissa = 0;
  int64_t mantissaExponent = exponent;
  if (lowest <= exponent) {
    mantissa = bitsFrom(m, 0);
  } else {
    const uint64_t drop = static_cast<uint64_t>(lowest - exponent);
    mantissa = bitsFrom(m, drop);
    mantissaExponent = lowest;
    const bool half = bitAt(m, drop - 1);
    const bool belowHalf = inexact || anyBitBelow(m, drop - 1);
    if (half && (belowHalf || (mantissa & 1) != 0)) ++mantissa;
  }
  if (mantissa == 0) return 0.0;
  if (static_cast<int64_t>(std::bit_width(mantissa)) + mantissaExponent > kDoubleMaxExponent)
    return std::nullopt;
  return std::ldexp(static_cast<double>(mantissa), static_cast<int>(mantissaExponent));
}

int digitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 16;
}

Limbs parsePowerOfTwo(std::string_view digits, unsigned bitsPerDigit) {
  Limbs m;
  uint64_t pending = 0;
  unsigned pendingBits = 0;
  for (size_t i = digits.size(); i-- > 0;) {
    pending |= uint64_t(digitValue(digits[i])) << pendingBits;
    pendingBits += bitsPerDigit;
    if (pendingBits >= 32) {
      m.push_back(static_cast<uint32_t>(pending));
      pending >>= 32;
      pendingBits -= 32;
    }
  }
  if (pendingBits > 0) m.push_back(static_cast<uint32_t>(pending));
  return normalized(std::move(m));
}

Limbs parseDecimal(std::string_view digits) {
  Limbs m;
  size_t chunk = digits.size() % kDecimalChunkDigits;
  if (chunk == 0) chunk = kDecimalChunkDigits;
  for (size_t start = 0; start < digits.size(); start += chunk, chunk = kDecimalChunkDigits) {
    uint32_t factor = 1;
    uint32_t value = 0;
    for (char c : digits.substr(start, chunk)) {
      factor *= 10;
      value = value * 10 + static_cast<uint32_t>(c - '0');
    }
    multiplyAdd(m, factor, value);
  }
  return m;
}

Limbs twosComplement(const BigInteger& v, size_t size) {
  Limbs bits = Access::magnitude(v);
  bits.resize(size, 0);
  if (v.sign() < 0) {
    // -m is ~(m - 1) in two's complement.
    for (uint32_t& limb : bits)
      if (limb-- != 0) break;
    for (uint32_t& limb : bits)
      limb = ~limb;
  }
  return bits;
}

template <typename Operation>
BigInteger bitwise(const BigInteger& a, const BigInteger& b, Operation operation) {
  // One limb past the longer operand holds nothing but sign bits, which stand for the infinitely
  // many of Python's model.
  const size_t size = std::max(Access::magnitude(a).size(), Access::magnitude(b).size()) + 1;
  Limbs bits = twosComplement(a, size);
  const Limbs other = twosComplement(b, size);
  for (size_t i = 0; i < size; ++i)
    bits[i] = operation(bits[i], other[i]);
  if ((bits.back() >> 31) == 0) return Access::make(1, std::move(bits));
  for (uint32_t& limb : bits)
    limb = ~limb;
  increment(bits);
  return Access::make(-1, std::move(bits));
}

} // namespace

BigInteger BigInteger::of(int64_t value) {
  const uint64_t magnitude =
      value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  return Access::make(value < 0 ? -1 : 1, Limbs{static_cast<uint32_t>(magnitude),
                                                static_cast<uint32_t>(magnitude >> 32)});
}

std::optional<BigInteger> BigInteger::parse(std::string_view digits, unsigned base) {
  if (base != 2 && base != 8 && base != 10 && base != 16) return std::nullopt;
  if (digits.empty()) return std::nullopt;
  for (char c : digits)
    if (static_cast<unsigned>(digitValue(c)) >= base) return std::nullopt;
  Limbs m;
  if (base == 10) {
    if (digits.find_first_not_of('0') == std::string_view::npos) return BigInteger();
    if (digits.size() > kMaxDecimalDigits) return std::nullopt;
    m = parseDecimal(digits);
  } else {
    m = parsePowerOfTwo(digits, static_cast<unsigned>(std::countr_zero(base)));
  }
  return bounded(Access::make(1, std::move(m)));
}

uint64_t BigInteger::bitLength() const {
  return magnitudeBits(limbs_);
}

std::optional<int64_t> BigInteger::toInt64() const {
  if (bitLength() > 64) return std::nullopt;
  const uint64_t magnitude = bitsFrom(limbs_, 0);
  constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
  if (sign_ >= 0) {
    if (magnitude > kMax) return std::nullopt;
    return static_cast<int64_t>(magnitude);
  }
  if (magnitude > kMax + 1) return std::nullopt;
  return -static_cast<int64_t>(magnitude - 1) - 1;
}

std::optional<double> BigInteger::toDouble() const {
  const std::optional<double> magnitude = roundToDouble(limbs_, false, 0);
  if (!magnitude) return std::nullopt;
  return sign_ < 0 ? -*magnitude : *magnitude;
}

int BigInteger::compare(const BigInteger& other) const {
  if (sign_ != other.sign_) return sign_ < other.sign_ ? -1 : 1;
  const int magnitudes = compareMagnitudes(limbs_, other.limbs_);
  return sign_ < 0 ? -magnitudes : magnitudes;
}

std::string BigInteger::toString() const {
  if (sign_ == 0) return "0";
  std::vector<uint32_t> chunks; // least significant first
  Limbs rest = limbs_;
  while (!rest.empty()) {
    chunks.push_back(divideBySmall(rest, kDecimalChunk));
    while (!rest.empty() && rest.back() == 0)
      rest.pop_back();
  }
  std::string text = sign_ < 0 ? "-" : "";
  text += std::to_string(chunks.back());
  for (size_t i = chunks.size() - 1; i-- > 0;) {
    const std::string chunk = std::to_string(chunks[i]);
    text.append(kDecimalChunkDigits - chunk.size(), '0').append(chunk);
  }
  return text;
}

std::optional<BigInteger> add(const BigInteger& a, const BigInteger& b) {
  const Limbs& x = Access::magnitude(a);
  const Limbs& y = Access::magnitude(b);
  if (a.sign() * b.sign() >= 0)
    return bounded(Access::make(a.sign() != 0 ? a.sign() : b.sign(), addMagnitudes(x, y)));
  const int order = compareMagnitudes(x, y);
  if (order == 0) return BigInteger();
  if (order > 0) return bounded(Access::make(a.sign(), subtractMagnitudes(x, y)));
  return bounded(Access::make(b.sign(), subtractMagnitudes(y, x)));
}

std::optional<BigInteger> subtract(const BigInteger& a, const BigInteger& b) {
  return add(a, negate(b));
}

std::optional<BigInteger> multiply(const BigInteger& a, const BigInteger& b) {
  if (a.isZero() || b.isZero()) return BigInteger();
  // The product has at least this many bits; refusing it first spares the work.
  if (a.bitLength() + b.bitLength() - 1 > BigInteger::kMaxBits) return std::nullopt;
  return bounded(Access::make(a.sign() * b.sign(),
                              multiplyMagnitudes(Access::magnitude(a), Access::magnitude(b))));
}

std::optional<BigInteger> floorDivide(const BigInteger& a, const BigInteger& b) {
  auto result = floorDivideModulo(a, b);
  if (!result) return std::nullopt;
  return bounded(std::move(result->first));
}

std::optional<BigInteger> modulo(const BigInteger& a, const BigInteger& b) {
  auto result = floorDivideModulo(a, b);
  if (!result) return std::nullopt;
  return bounded(std::move(result->second));
}

std::optional<double> trueDivide(const BigInteger& a, const BigInteger& b) {
  if (b.isZero()) return std::nullopt;
  // As CPython, from the signs alone: 0 / -1 is -0.0.
  const bool negative = (a.sign() < 0) != (b.sign() < 0);
  const auto withSign = [negative](double magnitude) { return negative ? -magnitude : magnitude; };
  if (a.isZero()) return withSign(0.0);
  const Limbs& x = Access::magnitude(a);
  const Limbs& y = Access::magnitude(b);
  // |a / b| lies in [2**(difference - 1), 2**(difference + 1)).
  const int64_t difference =
      static_cast<int64_t>(a.bitLength()) - static_cast<int64_t>(b.bitLength());
  if (difference > kDoubleMaxExponent) return std::nullopt;
  // Below 2**-1075, half the smallest subnormal, the quotient rounds to zero.
  if (difference < kLowestDoubleBit - 2) return withSign(0.0);
  // As long_true_divide: scale |a| so that the integer quotient keeps 55 or 56 bits (of a normal
  // result; a subnormal keeps fewer), two or three past the double's, whose lowest bits with the
  // remainder decide the rounding. (CPython's fast path for operands below 2**53, one IEEE
  // division, rounds the same way.)
  const int64_t shift = std::max(difference, kDoubleMinExponent) - kDoubleDigits - 2;
  bool inexact = false;
  Limbs scaled;
  if (shift <= 0) {
    scaled = shiftMagnitudeLeft(x, static_cast<uint64_t>(-shift));
  } else {
    scaled = shiftMagnitudeRight(x, static_cast<uint64_t>(shift));
    inexact = anyBitBelow(x, static_cast<uint64_t>(shift));
  }
  auto [quotient, remainder] = divideMagnitudes(scaled, y);
  inexact = inexact || !remainder.empty();
  const std::optional<double> magnitude = roundToDouble(quotient, inexact, shift);
  if (!magnitude) return std::nullopt;
  return withSign(*magnitude);
}

std::optional<BigInteger> shiftLeft(const BigInteger& a, uint64_t count) {
  if (a.isZero()) return a;
  if (count > BigInteger::kMaxBits || a.bitLength() + count > BigInteger::kMaxBits)
    return std::nullopt;
  return Access::make(a.sign(), shiftMagnitudeLeft(Access::magnitude(a), count));
}

BigInteger shiftRight(const BigInteger& a, uint64_t count) {
  const Limbs& m = Access::magnitude(a);
  Limbs shifted = shiftMagnitudeRight(m, count);
  // Flooring a negative takes it one further from zero whenever bits fall off.
  if (a.sign() < 0 && anyBitBelow(m, count)) increment(shifted);
  return Access::make(a.sign(), std::move(shifted));
}

BigInteger bitAnd(const BigInteger& a, const BigInteger& b) {
  return bitwise(a, b, [](uint32_t x, uint32_t y) { return x & y; });
}

BigInteger bitOr(const BigInteger& a, const BigInteger& b) {
  return bitwise(a, b, [](uint32_t x, uint32_t y) { return x | y; });
}

BigInteger bitXor(const BigInteger& a, const BigInteger& b) {
  return bitwise(a, b, [](uint32_t x, uint32_t y) { return x ^ y; });
}

BigInteger negate(const BigInteger& a) {
  return Access::make(-a.sign(), Access::magnitude(a));
}

std::optional<BigInteger> invert(const BigInteger& a) {
  return subtract(negate(a), BigInteger::of(1));
}

} // namespace closurelens::analysis
