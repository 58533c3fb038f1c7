/*
 * dane::sim: the simulator's only source of randomness. A fixed algorithm
 * (std::mt19937_64, whose output sequence the C++ standard fixes) with our
 * own range reduction (std::*_distribution differ between standard
 * libraries), so a seed gives the same run on every machine.
 */
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <string_view>

namespace dane::sim {

/// A seeded, portable pseudo-random source. Not for cryptography.
class Random {
 public:
  explicit Random(std::uint64_t seed);

  /// The next 64 random bits.
  std::uint64_t next();
  /// Uniform in [0, n); n must be > 0 (rejection sampling, no modulo bias).
  /// @throws UsageError for n == 0.
  std::uint64_t uniform(std::uint64_t n);
  /// Uniform in [lo, hi] (inclusive). @throws UsageError when lo > hi.
  std::int64_t between(std::int64_t lo, std::int64_t hi);
  /// True with probability p (p clamped to [0, 1]; 53-bit resolution).
  bool chance(double p);
  /// Fills out with random octets.
  void fill(std::span<std::uint8_t> out);
  /// An independent generator derived from this seed and a label, so adding
  /// a consumer of randomness does not shift every other stream.
  Random fork(std::string_view label) const;
  /// The seed this generator was made from.
  std::uint64_t seed() const noexcept { return seed_; }

 private:
  std::uint64_t seed_;
  std::mt19937_64 engine_;
};

}  // namespace dane::sim
