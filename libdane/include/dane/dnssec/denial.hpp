/*
 * libdane: authenticated denial of existence.
 *   NSEC  : RFC 4035 §5.4, RFC 4034 §4.1, RFC 6840 §4.1 and §4.3
 *   NSEC3 : RFC 5155 §8, RFC 9276 §3.2
 *
 * These functions decide what validated NSEC / NSEC3 records prove. The
 * caller has already checked their RRSIGs (verify.hpp) and passes, for each,
 * whether that RRSIG says the NSEC itself was synthesised from a wildcard:
 * such an NSEC proves nothing (CVE-2017-15105).
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/dnssec/status.hpp"

namespace dane::dnssec {

/// What the answer claims, and so what must be proved.
enum class DenialClaim {
  NxDomain,        ///< the name does not exist (RCODE 3): no qname, no wildcard
  NoData,          ///< the name exists without the type (or a wildcard matches without it)
  WildcardAnswer,  ///< a positive answer expanded from a wildcard: no closer name exists
  NoDs,            ///< the delegation to qname has no DS: an insecure delegation
};

/// Work limits against hostile proofs (dnssec-rules.md §7).
struct DenialLimits {
  /// NSEC3 iterations above this make the proof Insecure with EDE 27 (RFC 9276 §3.2).
  std::uint16_t max_nsec3_iterations = 50;
  /// NSEC3 salt longer than this is treated the same way.
  std::size_t max_nsec3_salt = 64;
  /// A proof offering more NSEC3 records than this is refused (Bogus).
  std::size_t max_nsec3_records = 8;
  /// NSEC3 name hashes one proof may compute.
  std::size_t hash_budget = 600;
};

/// An NSEC record whose RRSIG the caller has verified.
struct SignedNsec {
  dns::Name owner;
  Nsec nsec;
  /// The covering RRSIG's labels field was below the owner's label count:
  /// the NSEC is a wildcard expansion and must not be used (CVE-2017-15105).
  bool from_wildcard = false;
};

/// An NSEC3 record whose RRSIG the caller has verified.
struct SignedNsec3 {
  dns::Name owner;  ///< "<base32hex hash>.<zone>"
  Nsec3 nsec3;
  bool from_wildcard = false;
};

/// The verdict of a denial proof.
struct DenialResult {
  /// Secure: proved. Insecure: proved only up to an opt-out span or refused
  /// for NSEC3 cost (EDE 27). Bogus: not proved.
  Security status = Security::Bogus;
  Ede ede = Ede::DnssecBogus;
  /// The steps, in order, each with its rule.
  std::vector<Reason> reasons;
  /// The closest encloser the proof established, when it needed one.
  std::optional<dns::Name> closest_encloser;
  /// A limit (hash budget, record count) stopped the proof.
  bool limit_hit = false;
  /// NSEC3 name hashes computed.
  std::size_t hashes = 0;
};

/**
 * Does the NSEC at owner (next name next) cover name: owner < name < next in
 * canonical order, the last NSEC of the zone (next = apex) covering every
 * name after its owner (RFC 4034 §4.1.1, RFC 4035 §5.4)?
 */
bool nsec_covers(const dns::Name& owner, const dns::Name& next, const dns::Name& name);

/**
 * Does the NSEC3 with owner hash owner_hash and next hash next_hash cover the
 * hash h: owner_hash < h < next_hash, the last NSEC3 of the chain wrapping
 * round (RFC 5155 §8.3 "covers")?
 */
bool nsec3_covers(std::span<const std::uint8_t> owner_hash, std::span<const std::uint8_t> next_hash,
                  std::span<const std::uint8_t> h);

/**
 * What NSEC records prove for (qname, qtype) in zone.
 * @param wildcard_labels for WildcardAnswer: the RRSIG labels field of the
 *   expanded answer (the wildcard's owner is "*." + the last labels of qname).
 */
DenialResult prove_with_nsec(const dns::Name& qname, std::uint16_t qtype, DenialClaim claim, const dns::Name& zone,
                             std::span<const SignedNsec> nsecs, std::uint8_t wildcard_labels = 0);

/// What NSEC3 records prove for (qname, qtype) in zone (RFC 5155 §8.3-8.8).
DenialResult prove_with_nsec3(const dns::Name& qname, std::uint16_t qtype, DenialClaim claim, const dns::Name& zone,
                              std::span<const SignedNsec3> nsec3s, const DenialLimits& limits = {},
                              std::uint8_t wildcard_labels = 0);

}  // namespace dane::dnssec
