/*
 * libdane: which DNSSEC algorithms and DS digest types are used
 * (RFC 8624 §3.1 and §3.3, carried into the IANA registries by RFC 9904).
 */
#pragma once

#include <cstdint>
#include <set>
#include <string_view>

namespace dane::dnssec {

/// What the library can do with an algorithm, before any policy.
enum class Support {
  Supported,    ///< verified with Botan (1, 3, 5, 6, 7, 8, 10, 13, 14, 15; 1/3/6 refused by the default policy)
  Unsupported,  ///< no backend (16 Ed448 in Botan 2, GOST 12, unknown numbers)
};

/// The library's own capability for a DNSKEY/RRSIG algorithm number.
Support algorithm_support(std::uint8_t algorithm) noexcept;
/// The library's own capability for a DS digest type (1, 2, 4 supported).
Support digest_support(std::uint8_t digest_type) noexcept;
/// "RSASHA256", "ECDSAP256SHA256", ... or "" for an unassigned number.
std::string_view algorithm_mnemonic(std::uint8_t algorithm) noexcept;
/// "SHA-1", "SHA-256", "GOST R 34.11-94", "SHA-384", or "".
std::string_view digest_mnemonic(std::uint8_t digest_type) noexcept;

/**
 * The validation policy: algorithms and digests treated as usable. An
 * algorithm or digest that is refused, or that the library does not support,
 * makes the records using it unusable: a zone whose DS set has nothing usable
 * is Insecure, not Bogus (RFC 4035 §5.2, RFC 6840 §5.2).
 */
struct AlgorithmPolicy {
  /// RFC 8624 §3.1 "MUST NOT" validate: 1 RSAMD5, 3 DSA, 6 DSA-NSEC3-SHA1; and 12 ECC-GOST.
  std::set<std::uint8_t> refused_algorithms{1, 3, 6, 12};
  /// RFC 8624 §3.3: 0 and 3 (GOST) are not validated.
  std::set<std::uint8_t> refused_digests{0, 3};
  /// TEST ONLY: signatures of these algorithms are taken as valid without
  /// cryptography, like Unbound's fake-sha1 test hook (testbound replays of
  /// DSA / RSASHA1 scenarios). Every RRSIG field check still runs; only the
  /// key parsing and the signature math are skipped. Empty by default; never
  /// set it outside tests.
  std::set<std::uint8_t> assume_valid_signatures{};
  /// Unbound's harden-algo-downgrade: every usable algorithm of a zone's DS
  /// set (or DS trust anchor) must have a DNSKEY matching a DS of that
  /// algorithm that validly signs the DNSKEY RRset; otherwise the zone is
  /// Bogus (EDE 6). Off by default: RFC 6840 §5.11 asks only for one
  /// working algorithm (Unbound's default is no as well).
  bool harden_algo_downgrade = false;
  /// TEST ONLY: RRSIG inception and expiration are not checked against the
  /// clock (RFC 4035 §5.3.1 bullets 5-6 skipped), like Unbound's
  /// `val-override-date: "-1"` in testbound replays whose signatures were
  /// made for another date. Every other check still runs; the RRSIG no
  /// longer caps the TTL (there is no "now" to count from). Off by default;
  /// never set it outside tests.
  bool ignore_signature_dates = false;

  /// The default policy (RFC 8624 / RFC 9904 validation columns).
  static AlgorithmPolicy rfc8624() { return {}; }
  /// Everything the library can verify, refused ones included (for tests
  /// that check old signatures).
  static AlgorithmPolicy allow_all() {
    AlgorithmPolicy p;
    p.refused_algorithms.clear();
    p.refused_digests.clear();
    return p;
  }

  /// Supported by the library and not refused.
  bool algorithm_usable(std::uint8_t algorithm) const;
  /// Supported by the library and not refused.
  bool digest_usable(std::uint8_t digest_type) const;
};

}  // namespace dane::dnssec
