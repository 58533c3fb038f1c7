/*
 * libdane: keys and zone signing, for the simulator and for users building
 * test zones. Deterministic: the same seed gives the same keys and the same
 * signatures (ECDSA with RFC 6979 nonces; Ed25519 is deterministic; RSA
 * PKCS#1 v1.5 is).
 */
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/time.hpp"

namespace dane::dnssec {

/// A DNSSEC signing key: the DNSKEY and its private half.
class SigningKey {
 public:
  /**
   * Generates a key. Algorithms: 8 (RSASHA256), 10 (RSASHA512), 13
   * (ECDSAP256SHA256), 14 (ECDSAP384SHA384), 15 (ED25519).
   * @param flags 257 for a KSK/CSK (SEP), 256 for a ZSK
   * @param bits RSA modulus size (ignored for the others; 1024..4096)
   * @param seed all randomness derives from it
   * @throws InputError for another algorithm or size
   */
  static SigningKey generate(std::uint8_t algorithm, std::uint16_t flags, std::uint64_t seed, std::size_t bits = 2048);

  /// Loads a key from PKCS#8 PEM (as to_pkcs8_pem writes it).
  static SigningKey from_pkcs8_pem(std::string_view pem, std::uint8_t algorithm, std::uint16_t flags);

  ~SigningKey();
  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  SigningKey(const SigningKey&);
  SigningKey& operator=(const SigningKey&);

  const Dnskey& dnskey() const noexcept;
  std::uint16_t key_tag() const;
  /// PKCS#8 PEM of the private key.
  std::string to_pkcs8_pem() const;
  /// The private key in BIND's "Private-key-format: v1.3" form (K*.private),
  /// so real servers and ldns-signzone can use it.
  std::string to_bind_private() const;

  /// Signs data (the RRSIG signed data) in the DNSSEC signature encoding.
  std::vector<std::uint8_t> sign(std::span<const std::uint8_t> data) const;

  struct Impl;

 private:
  explicit SigningKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The validity window of generated signatures.
struct SignatureWindow {
  Time inception;
  Time expiration;
};

/**
 * An RRSIG over rrset by key, signer = zone (RFC 4034 §3, RFC 4035 §2.2):
 * labels = owner labels without a leading "*", original TTL = rrset.ttl.
 * @throws UsageError when the owner is not in zone.
 */
dns::RR sign_rrset(const dns::RRset& rrset, const dns::Name& zone, const SigningKey& key, const SignatureWindow& window);

/// Where a name stands in a zone (RFC 4035 §2.2, RFC 6672 §2.4).
enum class NamePlace {
  Authoritative,  ///< the zone's own data: signed, in the denial chain
  Delegation,     ///< a zone cut: only its DS and NSEC/NSEC3 are the zone's (and signed)
  Occluded,       ///< below a cut or a DNAME, or outside the zone: glue or occluded data, not signed
};

/**
 * The zone cuts and DNAMEs of a zone, and so where each of its names stands.
 * The one place the signer and the zone checks learn which data is the
 * zone's own.
 */
class ZoneShape {
 public:
  explicit ZoneShape(dns::Name apex) : apex_(std::move(apex)) {}
  /// Notes an RRset (or RR) of owner and type: NS below the apex makes a cut, DNAME occludes below it.
  void add(const dns::Name& owner, std::uint16_t type);
  /// Where name stands.
  NamePlace place(const dns::Name& name) const;
  const dns::Name& apex() const noexcept { return apex_; }

 private:
  dns::Name apex_;
  std::set<dns::Name> cuts_, dnames_;
};

/// How to sign a zone.
struct ZoneSigningOptions {
  SignatureWindow window;
  /// NSEC3 instead of NSEC (RFC 5155); RFC 9276 §3.1 defaults: 0 iterations, no salt.
  bool nsec3 = false;
  std::uint16_t nsec3_iterations = 0;
  std::vector<std::uint8_t> nsec3_salt;
  /// NSEC3 Opt-Out (RFC 5155 §6): insecure delegations get no NSEC3.
  bool opt_out = false;
  /// TTL of NSEC/NSEC3 records; default: the SOA minimum (RFC 4034 §4, RFC 9077).
  std::optional<std::uint32_t> denial_ttl;
};

/**
 * Signs a zone: adds the DNSKEY RRset (all keys), the NSEC or NSEC3 chain
 * (and NSEC3PARAM), and RRSIGs: DNSKEY by the SEP keys (flags 257) or all
 * keys when none is SEP, everything else by the non-SEP keys (or all keys
 * when every key is SEP: a CSK). Glue and records below delegations are not
 * signed; delegations get RRSIGs only on DS and NSEC/NSEC3 (RFC 4035 §2.2).
 * Existing DNSSEC records (RRSIG, NSEC, NSEC3, NSEC3PARAM, DNSKEY) in the
 * input are replaced. The output is sorted canonically.
 * @throws InputError when the zone has no SOA at its apex or records outside it.
 */
std::vector<dns::RR> sign_zone(std::span<const dns::RR> zone_records, const dns::Name& apex,
                               std::span<const SigningKey> keys, const ZoneSigningOptions& options);

/// Writes records in RFC 1035 master-file format, one per line, with $ORIGIN.
std::string write_zone(std::span<const dns::RR> records, const dns::Name& origin);

}  // namespace dane::dnssec
