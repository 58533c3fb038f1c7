/*
 * dane::sim: the seeded pseudo-random source (std::mt19937_64 with our own
 * range reduction, so every standard library gives the same sequence).
 */
#include "dane/sim/random.hpp"

#include <botan/hash.h>

#include <array>
#include <limits>

#include "dane/error.hpp"

namespace dane::sim {

Random::Random(std::uint64_t seed) : seed_(seed), engine_(seed) {}

std::uint64_t Random::next() { return engine_(); }

std::uint64_t Random::uniform(std::uint64_t n) {
  if (n == 0) throw UsageError("Random::uniform: n must be > 0");
  // Reject the top partial block of 2^64 so every residue is equally likely.
  // limit = 2^64 - (2^64 mod n); values >= limit are redrawn (p < 1/2 each draw).
  const std::uint64_t rem = (std::numeric_limits<std::uint64_t>::max() % n + 1) % n;  // 2^64 mod n
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - rem;       // accept x <= limit
  for (;;) {
    const std::uint64_t x = engine_();
    if (rem == 0 || x <= limit) return x % n;
  }
}

std::int64_t Random::between(std::int64_t lo, std::int64_t hi) {
  if (lo > hi) throw UsageError("Random::between: lo > hi");
  const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  const std::uint64_t off = span == std::numeric_limits<std::uint64_t>::max() ? next() : uniform(span + 1);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + off);
}

bool Random::chance(double p) {
  if (!(p > 0.0)) return false;  // also NaN
  if (p >= 1.0) return true;
  const double u = static_cast<double>(next() >> 11) * 0x1.0p-53;  // [0, 1) with 53 bits
  return u < p;
}

void Random::fill(std::span<std::uint8_t> out) {
  std::size_t i = 0;
  while (i < out.size()) {
    std::uint64_t x = next();
    for (int b = 0; b < 8 && i < out.size(); ++b, ++i) {
      out[i] = static_cast<std::uint8_t>(x & 0xff);
      x >>= 8;
    }
  }
}

Random Random::fork(std::string_view label) const {
  // New seed = first 8 octets (big-endian) of SHA-256(seed as 8 big-endian octets || label).
  auto sha = Botan::HashFunction::create_or_throw("SHA-256");
  std::array<std::uint8_t, 8> s{};
  for (int i = 0; i < 8; ++i) s[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(seed_ >> (56 - 8 * i));
  sha->update(s.data(), s.size());
  sha->update(reinterpret_cast<const std::uint8_t*>(label.data()), label.size());
  const auto digest = sha->final();
  std::uint64_t derived = 0;
  for (std::size_t i = 0; i < 8; ++i) derived = (derived << 8) | digest[i];
  return Random(derived);
}

}  // namespace dane::sim
