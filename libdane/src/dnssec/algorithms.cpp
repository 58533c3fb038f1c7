/*
 * libdane: which DNSSEC algorithms and DS digest types the library verifies,
 * their mnemonics (IANA "DNS Security Algorithm Numbers" and "DS RR Type
 * Digest Algorithms" registries) and the validation policy (RFC 8624 §3.1,
 * §3.3; RFC 9904).
 */
#include "dane/dnssec/algorithms.hpp"

namespace dane::dnssec {

Support algorithm_support(std::uint8_t algorithm) noexcept {
  switch (algorithm) {
    case 1:   // RSAMD5: RSA PKCS#1 v1.5 with MD5 (RFC 3110 key format)
    case 3:   // DSA/SHA-1 (RFC 2536)
    case 5:   // RSASHA1 (RFC 3110)
    case 6:   // DSA-NSEC3-SHA1 (RFC 5155)
    case 7:   // RSASHA1-NSEC3-SHA1 (RFC 5155)
    case 8:   // RSASHA256 (RFC 5702)
    case 10:  // RSASHA512 (RFC 5702)
    case 13:  // ECDSAP256SHA256 (RFC 6605)
    case 14:  // ECDSAP384SHA384 (RFC 6605)
    case 15:  // ED25519 (RFC 8080)
      return Support::Supported;
    default:  // 12 ECC-GOST, 16 ED448 (no Botan 2 backend), unassigned numbers
      return Support::Unsupported;
  }
}

Support digest_support(std::uint8_t digest_type) noexcept {
  switch (digest_type) {
    case 1:  // SHA-1 (RFC 4034)
    case 2:  // SHA-256 (RFC 4509)
    case 4:  // SHA-384 (RFC 6605)
      return Support::Supported;
    default:  // 0 (CDS delete), 3 GOST R 34.11-94 (RFC 5933), unassigned
      return Support::Unsupported;
  }
}

std::string_view algorithm_mnemonic(std::uint8_t algorithm) noexcept {
  switch (algorithm) {
    case 1: return "RSAMD5";
    case 2: return "DH";
    case 3: return "DSA";
    case 5: return "RSASHA1";
    case 6: return "DSA-NSEC3-SHA1";
    case 7: return "RSASHA1-NSEC3-SHA1";
    case 8: return "RSASHA256";
    case 10: return "RSASHA512";
    case 12: return "ECC-GOST";
    case 13: return "ECDSAP256SHA256";
    case 14: return "ECDSAP384SHA384";
    case 15: return "ED25519";
    case 16: return "ED448";
    case 252: return "INDIRECT";
    case 253: return "PRIVATEDNS";
    case 254: return "PRIVATEOID";
    default: return "";
  }
}

std::string_view digest_mnemonic(std::uint8_t digest_type) noexcept {
  switch (digest_type) {
    case 1: return "SHA-1";
    case 2: return "SHA-256";
    case 3: return "GOST R 34.11-94";
    case 4: return "SHA-384";
    default: return "";
  }
}

bool AlgorithmPolicy::algorithm_usable(std::uint8_t algorithm) const {
  return algorithm_support(algorithm) == Support::Supported && refused_algorithms.count(algorithm) == 0;
}

bool AlgorithmPolicy::digest_usable(std::uint8_t digest_type) const {
  return digest_support(digest_type) == Support::Supported && refused_digests.count(digest_type) == 0;
}

}  // namespace dane::dnssec
