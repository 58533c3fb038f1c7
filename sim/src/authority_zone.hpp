/*
 * dane::sim internal: a served zone indexed for the RFC 1034 §4.3.2 lookup:
 * RRsets and their RRSIGs by owner (canonical order), every existing name
 * including empty non-terminals, the NSEC chain and the NSEC3 chain by hash.
 */
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "dane/dns/message.hpp"
#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/sim/authority.hpp"

namespace dane::sim::detail {

/// The RRsets of one owner name.
struct Node {
  std::map<std::uint16_t, std::vector<dns::RR>> sets;  ///< by type, RRSIG excluded
  std::map<std::uint16_t, std::vector<dns::RR>> sigs;  ///< RRSIGs by type covered
  bool has(std::uint16_t type) const { return sets.count(type) != 0; }
};

/// One NSEC3 RR of the chain with its RRSIGs.
struct Nsec3Entry {
  std::vector<std::uint8_t> hash;  ///< the owner's first label, decoded
  dns::RR rr;
  std::vector<dns::RR> sigs;
};

/// A served zone, indexed.
struct ZoneIndex {
  Zone zone;
  std::map<dns::Name, Node> nodes;       ///< every owner except NSEC3 owners
  std::set<dns::Name> existing;          ///< owners and their ancestors up to the apex (ENTs)
  std::vector<dns::Name> nsec_owners;    ///< owners of NSEC RRs, canonical order
  std::vector<Nsec3Entry> nsec3;         ///< sorted by hash
  std::optional<dnssec::Nsec3Param> nsec3_param;  ///< hashing parameters (NSEC3PARAM or the first NSEC3)

  /**
   * Indexes a zone.
   * @throws InputError (naming server and zone) when the apex has no SOA, a
   *   record lies outside the apex or an NSEC3 record is malformed.
   */
  static std::shared_ptr<const ZoneIndex> build(Zone zone, std::string_view server);

  const dns::Name& apex() const noexcept { return zone.apex; }
  /// The node at name, or nullptr.
  const Node* node(const dns::Name& name) const;
  /// True when name exists (has RRs or descendants: RFC 4592 §2.2.2 ENTs).
  bool exists(const dns::Name& name) const { return existing.count(name) != 0; }
  /// The NSEC3 hash of name with the zone's parameters.
  std::vector<std::uint8_t> hash(const dns::Name& name) const;
  /// The NSEC3 whose owner hash equals name's hash, or nullptr.
  const Nsec3Entry* nsec3_matching(const dns::Name& name) const;
  /// The NSEC3 covering name's hash (RFC 5155 §1.3 "covers"), or nullptr
  /// when the chain is empty or an entry matches it.
  const Nsec3Entry* nsec3_covering(const dns::Name& name) const;
  /// The owner of the NSEC that covers name (its canonical predecessor,
  /// wrapping round to the last), or nullptr when the zone has no NSEC.
  const dns::Name* nsec_covering(const dns::Name& name) const;
};

/**
 * Fills the answer, authority and additional sections, AA and RCODE of
 * response for question from zone, per RFC 1034 §4.3.2 with the DNSSEC
 * records of RFC 4035 §3.1 / RFC 5155 §7.2 when dnssec_ok.
 */
void answer_from_zone(const ZoneIndex& zone, const dns::Question& question, bool dnssec_ok, dns::Message& response);

}  // namespace dane::sim::detail
