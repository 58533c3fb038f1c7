/*
 * libdane: DNSSEC security status (RFC 4033 §5, RFC 4035 §4.3) and Extended
 * DNS Errors (RFC 8914, RFC 9276 for code 27).
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dane::dnssec {

/// RFC 4035 §4.3. Ordered from strongest to weakest, as Unbound orders it:
/// a chain's status is its weakest link.
enum class Security { Secure, Insecure, Bogus, Indeterminate };

/// "Secure", "Insecure", "Bogus", "Indeterminate".
std::string_view to_string(Security s) noexcept;

/// Extended DNS Error INFO-CODEs (RFC 8914 §4; 27 from RFC 9276 §3.2).
enum class Ede : std::uint16_t {
  Other = 0,
  UnsupportedDnskeyAlgorithm = 1,
  UnsupportedDsDigestType = 2,
  DnssecIndeterminate = 5,
  DnssecBogus = 6,
  SignatureExpired = 7,
  SignatureNotYetValid = 8,
  DnskeyMissing = 9,
  RrsigsMissing = 10,
  NoZoneKeyBitSet = 11,
  NsecMissing = 12,
  NoReachableAuthority = 22,
  NetworkError = 23,
  UnsupportedNsec3IterationsValue = 27,
};

/// The RFC 8914 name: "DNSSEC Bogus", "Signature Expired", ...
std::string_view to_string(Ede e) noexcept;

/// One step of an explanation: what was checked, what was found, the rule.
struct Reason {
  /// One sentence for the operator, naming the records involved, e.g.
  /// "DS for example.com. matches no DNSKEY: tag 12345 alg 8 not found".
  std::string text;
  /// The rule behind it, e.g. "RFC 4035 §5.3.1".
  std::string rule;
};

}  // namespace dane::dnssec
