/*
 * dane::sim internal: indexing a served zone (see authority_zone.hpp).
 */
#include "authority_zone.hpp"

#include <algorithm>
#include <string>

#include "dane/dnssec/nsec3hash.hpp"
#include "dane/error.hpp"

namespace dane::sim::detail {

namespace {

/// The type an RRSIG covers (its first two RDATA octets).
std::uint16_t covered_type(const dns::RR& sig, const std::string& where) {
  if (sig.rdata.size() < 2) throw InputError(where, "RRSIG", sig.owner.to_string(), "RDATA is truncated");
  return static_cast<std::uint16_t>((sig.rdata[0] << 8) | sig.rdata[1]);
}

/// Is owner an NSEC3 owner of this zone: one base32hex label of a 20-octet
/// SHA-1 hash directly below the apex (RFC 5155 §3)?
std::optional<std::vector<std::uint8_t>> nsec3_owner_hash(const dns::Name& owner, const dns::Name& apex) {
  if (owner.label_count() != apex.label_count() + 1 || !owner.is_subdomain_of(apex)) return std::nullopt;
  try {
    return dnssec::from_base32hex(owner.labels().front());
  } catch (const InputError&) {
    return std::nullopt;
  }
}

}  // namespace

std::shared_ptr<const ZoneIndex> ZoneIndex::build(Zone zone, std::string_view server) {
  auto z = std::make_shared<ZoneIndex>();
  const std::string where = std::string(server) + " zone " + zone.apex.to_string();
  bool soa = false;
  std::set<dns::Name> nsec3_owners;
  std::map<dns::Name, std::vector<dns::RR>> nsec3_sigs;
  for (const auto& rr : zone.records) {
    if (rr.type == dns::rrtype::NSEC3) nsec3_owners.insert(rr.owner);
  }
  for (const auto& rr : zone.records) {
    if (!rr.owner.is_subdomain_of(zone.apex))
      throw InputError(where, "owner", rr.owner.to_string(), "is outside the zone apex");
    if (rr.type == dns::rrtype::SOA && rr.owner == zone.apex) soa = true;
    const bool in_nsec3_chain =
        nsec3_owners.count(rr.owner) != 0 &&
        (rr.type == dns::rrtype::NSEC3 ||
         (rr.type == dns::rrtype::RRSIG && covered_type(rr, where) == dns::rrtype::NSEC3));
    if (in_nsec3_chain) {  // indexed below
      if (rr.type == dns::rrtype::RRSIG) nsec3_sigs[rr.owner].push_back(rr);
      continue;
    }
    auto& node = z->nodes[rr.owner];
    if (rr.type == dns::rrtype::RRSIG) {
      node.sigs[covered_type(rr, where)].push_back(rr);
    } else {
      auto& set = node.sets[rr.type];
      if (std::find(set.begin(), set.end(), rr) == set.end()) set.push_back(rr);
      if (rr.type == dns::rrtype::NSEC3PARAM && rr.owner == zone.apex && !z->nsec3_param)
        z->nsec3_param = dnssec::Nsec3Param::from_rdata(rr.rdata);
    }
  }
  if (!soa) throw InputError(where, "apex", zone.apex.to_string(), "has no SOA record");

  // Every owner and each ancestor up to the apex exists (RFC 4592 §2.2.2).
  z->existing.insert(zone.apex);
  for (const auto& [owner, node] : z->nodes) {
    for (dns::Name n = owner; !z->existing.count(n); n = n.parent()) z->existing.insert(n);
    if (node.has(dns::rrtype::NSEC)) z->nsec_owners.push_back(owner);  // map order is canonical order
  }

  for (const auto& rr : zone.records) {
    if (rr.type != dns::rrtype::NSEC3) continue;
    auto h = nsec3_owner_hash(rr.owner, zone.apex);
    if (!h) throw InputError(where, "NSEC3 owner", rr.owner.to_string(), "is not a hashed name below the apex");
    const auto n3 = dnssec::Nsec3::from_rdata(rr.rdata);
    if (!z->nsec3_param) {
      z->nsec3_param = dnssec::Nsec3Param{n3.hash_algorithm, 0, n3.iterations, n3.salt};
    }
    auto sigs = nsec3_sigs.find(rr.owner);
    z->nsec3.push_back(Nsec3Entry{*h, rr, sigs == nsec3_sigs.end() ? std::vector<dns::RR>{} : sigs->second});
  }
  std::sort(z->nsec3.begin(), z->nsec3.end(), [](const auto& a, const auto& b) { return a.hash < b.hash; });
  z->zone = std::move(zone);
  return z;
}

const Node* ZoneIndex::node(const dns::Name& name) const {
  auto it = nodes.find(name);
  return it == nodes.end() ? nullptr : &it->second;
}

std::vector<std::uint8_t> ZoneIndex::hash(const dns::Name& name) const {
  if (!nsec3_param) return {};
  return dnssec::nsec3_hash(name, nsec3_param->hash_algorithm, nsec3_param->iterations, nsec3_param->salt);
}

const Nsec3Entry* ZoneIndex::nsec3_matching(const dns::Name& name) const {
  if (nsec3.empty()) return nullptr;
  const auto h = hash(name);
  auto it = std::lower_bound(nsec3.begin(), nsec3.end(), h, [](const auto& e, const auto& v) { return e.hash < v; });
  return it != nsec3.end() && it->hash == h ? &*it : nullptr;
}

const Nsec3Entry* ZoneIndex::nsec3_covering(const dns::Name& name) const {
  if (nsec3.empty()) return nullptr;
  const auto h = hash(name);
  auto it = std::lower_bound(nsec3.begin(), nsec3.end(), h, [](const auto& e, const auto& v) { return e.hash < v; });
  if (it != nsec3.end() && it->hash == h) return nullptr;
  // The last entry before h; before the first hash, the last entry wraps round.
  return it == nsec3.begin() ? &nsec3.back() : &*std::prev(it);
}

const dns::Name* ZoneIndex::nsec_covering(const dns::Name& name) const {
  if (nsec_owners.empty()) return nullptr;
  auto it = std::upper_bound(nsec_owners.begin(), nsec_owners.end(), name);
  return it == nsec_owners.begin() ? &nsec_owners.back() : &*std::prev(it);
}

}  // namespace dane::sim::detail
