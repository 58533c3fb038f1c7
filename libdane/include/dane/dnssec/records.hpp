/*
 * libdane: typed views of the DNSSEC record types (RFC 4034 §2-5, RFC 5155 §3-4).
 * Each parses RDATA in wire form and throws InputError when it is malformed.
 */
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"

namespace dane::dnssec {

/// DNSKEY RDATA (RFC 4034 §2.1).
struct Dnskey {
  std::uint16_t flags = 0;
  std::uint8_t protocol = 3;
  std::uint8_t algorithm = 0;
  std::vector<std::uint8_t> public_key;

  /// @throws InputError when shorter than 4 octets or without a key.
  static Dnskey from_rdata(std::span<const std::uint8_t> rdata);
  std::vector<std::uint8_t> rdata() const;
  /// Zone Key flag, bit 7 (RFC 4034 §2.1.1).
  bool is_zone_key() const noexcept { return (flags & 0x0100) != 0; }
  /// Secure Entry Point flag, bit 15 (RFC 4034 §2.1.1).
  bool is_sep() const noexcept { return (flags & 0x0001) != 0; }
  /// REVOKE flag, bit 8 (RFC 5011 §3).
  bool is_revoked() const noexcept { return (flags & 0x0080) != 0; }
};

/// RRSIG RDATA (RFC 4034 §3.1).
struct Rrsig {
  std::uint16_t type_covered = 0;
  std::uint8_t algorithm = 0;
  std::uint8_t labels = 0;
  std::uint32_t original_ttl = 0;
  std::uint32_t expiration = 0;  ///< seconds since the epoch, mod 2^32 (RFC 4034 §3.1.5)
  std::uint32_t inception = 0;
  std::uint16_t key_tag = 0;
  dns::Name signer;
  std::vector<std::uint8_t> signature;

  /// @throws InputError when truncated or the signer name is malformed.
  static Rrsig from_rdata(std::span<const std::uint8_t> rdata);
  std::vector<std::uint8_t> rdata() const;
  /// The RDATA without the signature field, signer in canonical form: the
  /// first part of the signed data (RFC 4034 §3.1.8.1).
  std::vector<std::uint8_t> signed_prefix() const;
};

/// DS RDATA (RFC 4034 §5.1).
struct Ds {
  std::uint16_t key_tag = 0;
  std::uint8_t algorithm = 0;
  std::uint8_t digest_type = 0;
  std::vector<std::uint8_t> digest;

  /// @throws InputError when shorter than 5 octets.
  static Ds from_rdata(std::span<const std::uint8_t> rdata);
  std::vector<std::uint8_t> rdata() const;
};

/// A type bit map (RFC 4034 §4.1.2, RFC 5155 §3.2.1), as the sorted types.
struct TypeBitmap {
  std::vector<std::uint16_t> types;
  /// @throws InputError for a malformed window block.
  static TypeBitmap from_wire(std::span<const std::uint8_t> wire);
  std::vector<std::uint8_t> to_wire() const;
  bool contains(std::uint16_t type) const;
};

/// NSEC RDATA (RFC 4034 §4.1).
struct Nsec {
  dns::Name next;
  TypeBitmap types;
  static Nsec from_rdata(std::span<const std::uint8_t> rdata);
  std::vector<std::uint8_t> rdata() const;
};

/// NSEC3 RDATA (RFC 5155 §3.2).
struct Nsec3 {
  std::uint8_t hash_algorithm = 1;
  std::uint8_t flags = 0;
  std::uint16_t iterations = 0;
  std::vector<std::uint8_t> salt;
  std::vector<std::uint8_t> next_hashed_owner;
  TypeBitmap types;
  static Nsec3 from_rdata(std::span<const std::uint8_t> rdata);
  std::vector<std::uint8_t> rdata() const;
  /// Opt-Out flag (RFC 5155 §3.1.2.1).
  bool opt_out() const noexcept { return (flags & 0x01) != 0; }
};

/// NSEC3PARAM RDATA (RFC 5155 §4.2).
struct Nsec3Param {
  std::uint8_t hash_algorithm = 1;
  std::uint8_t flags = 0;
  std::uint16_t iterations = 0;
  std::vector<std::uint8_t> salt;
  static Nsec3Param from_rdata(std::span<const std::uint8_t> rdata);
  std::vector<std::uint8_t> rdata() const;
};

}  // namespace dane::dnssec
