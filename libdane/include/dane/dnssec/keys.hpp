/*
 * libdane: key tags, DS digests and parsed public keys.
 */
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/dnssec/records.hpp"

namespace dane::dnssec {

/// The key tag of a DNSKEY (RFC 4034 Appendix B; for algorithm 1 the rule of
/// Appendix B.1: the 16 bits before the last octet of the modulus).
std::uint16_t key_tag(const Dnskey& key);

/**
 * The DS digest of a DNSKEY: digest(canonical owner name | DNSKEY RDATA)
 * (RFC 4034 §5.1.4; SHA-1 = 1, SHA-256 = 2 (RFC 4509), SHA-384 = 4 (RFC 6605)).
 * @throws InputError for a digest type the library does not support.
 */
std::vector<std::uint8_t> ds_digest(const dns::Name& owner, const Dnskey& key, std::uint8_t digest_type);

/// The DS record for a DNSKEY with the given digest type.
Ds make_ds(const dns::Name& owner, const Dnskey& key, std::uint8_t digest_type);

/// Does ds refer to key (tag, algorithm and digest all equal)? (RFC 4035 §5.2)
bool ds_matches(const Ds& ds, const dns::Name& owner, const Dnskey& key);

/**
 * A DNSKEY's public key parsed once for verification. Building an RSA key in
 * Botan costs about fifteen verifications, so validators keep these in a
 * cache per DNSKEY (see KeyCache).
 */
class PublicKey {
 public:
  /**
   * Parses the key for its algorithm (RSA RFC 3110, DSA RFC 2536, ECDSA
   * RFC 6605, Ed25519 RFC 8080).
   * @throws InputError when the key material is malformed for its algorithm
   *   or the algorithm is not supported.
   */
  static std::shared_ptr<const PublicKey> parse(const Dnskey& key);
  ~PublicKey();

  std::uint8_t algorithm() const noexcept;
  /// Key size in bits (modulus for RSA/DSA, curve size for ECDSA/EdDSA).
  std::size_t bits() const noexcept;

  /**
   * Verifies a DNSSEC signature over data with this key (the signature in its
   * DNSSEC encoding: RSA as is, DSA T|R|S, ECDSA r|s, Ed25519 R|S).
   * Never throws: malformed signatures simply do not verify.
   */
  bool verify(std::span<const std::uint8_t> data, std::span<const std::uint8_t> signature) const;

  struct Impl;

 private:
  explicit PublicKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/**
 * A cache of parsed keys keyed by (algorithm, public key bytes), bounded in
 * size (least recently inserted entries are dropped). Not thread-safe: give
 * each thread its own.
 */
class KeyCache {
 public:
  explicit KeyCache(std::size_t capacity = 4096);
  ~KeyCache();
  KeyCache(const KeyCache&) = delete;
  KeyCache& operator=(const KeyCache&) = delete;

  /// The parsed key, parsing it on first use. @throws InputError as PublicKey::parse.
  std::shared_ptr<const PublicKey> get(const Dnskey& key);
  std::size_t size() const noexcept;
  /// How many parses the cache saved, and how many it did.
  std::size_t hits() const noexcept;
  std::size_t misses() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dane::dnssec
