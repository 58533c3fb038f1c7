/*
 * dane::sim (private): a zone being built, and the record surgery the
 * mutations share (re-signing, renaming keys, finding denial records).
 */
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/sim/zone_builder.hpp"

namespace dane::sim::detail {

/// A zone while it is built and mutated.
struct ZoneDraft {
  dns::Name apex;
  bool is_signed = true;
  std::vector<dns::RR> records;
  std::vector<dnssec::SigningKey> keys;  ///< [KSK or CSK, ZSK?]
  dnssec::ZoneSigningOptions options;
  Time now;                              ///< the scenario time
  std::string source;                    ///< scenario source, for errors
  /// The DNSKEY the parent's DS is made from (the KSK, or what a mutation claims it is).
  dnssec::Dnskey ds_key;
  std::uint8_t ds_digest = 2;
  /// The DS RRset the parent publishes.
  std::vector<dnssec::Ds> ds;

  /// The key signing the DNSKEY RRset (KSK or CSK).
  const dnssec::SigningKey& ksk() const { return keys.front(); }
  /// The key signing everything else (ZSK or CSK).
  const dnssec::SigningKey& zsk() const { return keys.back(); }
};

/// Throws InputError naming the mutation's path.
[[noreturn]] void fail(const ZoneDraft& z, const MutationSpec& m, const std::string& problem);

/// The data RRs (no RRSIG) of (owner, type) as one RRset; nullopt when absent.
std::optional<dns::RRset> rrset_of(const std::vector<dns::RR>& records, const dns::Name& owner, std::uint16_t type);
/// True for an RRSIG RR at owner covering type.
bool covers_type(const dns::RR& rr, const dns::Name& owner, std::uint16_t type);
/// Removes the RRSIGs over (owner, type).
void strip_rrsigs(std::vector<dns::RR>& records, const dns::Name& owner, std::uint16_t type);
/// Removes the RRset (owner, type) and its RRSIGs.
void remove_rrset(std::vector<dns::RR>& records, const dns::Name& owner, std::uint16_t type);
/// Replaces the RRSIGs over (owner, type) by fresh ones by key over window.
void resign(ZoneDraft& z, const dns::Name& owner, std::uint16_t type, const dnssec::SigningKey& key,
            const dnssec::SignatureWindow& window);
/// Same with the zone's own window and the key that signs that type.
void resign(ZoneDraft& z, const dns::Name& owner, std::uint16_t type);
/// Applies f to every RRSIG over (owner, type) without re-signing.
void edit_rrsigs(std::vector<dns::RR>& records, const dns::Name& owner, std::uint16_t type,
                 const std::function<void(dnssec::Rrsig&)>& f);
/// An RRSIG RR with arbitrary fields whose signature key really made over the data those fields describe.
dns::RR sign_with_fields(const dns::RRset& rrset, dnssec::Rrsig fields, const dnssec::SigningKey& key);
/**
 * The zone as it would be if key's DNSKEY were `claimed` while the private
 * key stays the same: the DNSKEY RDATA is replaced and every RRSIG key made
 * is rebuilt with the claimed key tag and signed again.
 */
void masquerade(ZoneDraft& z, const dnssec::SigningKey& key, const dnssec::Dnskey& claimed);

/// The owners of the NSEC or NSEC3 RRsets of the zone that match name (same
/// owner / same hash) or cover it (RFC 4034 §4.1.1, RFC 5155 §8.3).
struct DenialRoles {
  std::optional<dns::Name> matching;
  std::optional<dns::Name> covering;
};
DenialRoles denial_roles(const ZoneDraft& z, const dns::Name& name);

/// The RRset a mutation targets: its owner/type, or the zone's first TLSA
/// RRset, or the apex MX. @throws InputError when it does not exist.
std::pair<dns::Name, std::uint16_t> target(const ZoneDraft& z, const MutationSpec& m);
/// The mutation's `name` (required), relative to the apex.
dns::Name name_param(const ZoneDraft& z, const MutationSpec& m);

/// Where a mutation acts.
struct MutationOps {
  /// Before signing: on the signing options.
  std::function<void(ZoneDraft&, const MutationSpec&)> options;
  /// After signing: on the zone's records.
  std::function<void(ZoneDraft&, const MutationSpec&)> zone;
  /// On the DS RRset the parent publishes (before the parent is signed).
  std::function<void(ZoneDraft&, const MutationSpec&)> ds;
  /// On the parent's records after the parent was signed (child, parent).
  std::function<void(const ZoneDraft&, ZoneDraft&, const MutationSpec&)> parent;
  bool needs_signed = true;  ///< the zone itself must be signed
  bool needs_parent = false;
};

/// The operations of a kind (same table as mutation_catalog()).
const MutationOps& mutation_ops(const std::string& kind);

}  // namespace dane::sim::detail
