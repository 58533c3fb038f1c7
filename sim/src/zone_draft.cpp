/*
 * dane::sim (private): record surgery on a zone being built.
 */
#include "zone_draft.hpp"

#include <algorithm>

#include "dane/dnssec/denial.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/nsec3hash.hpp"
#include "dane/dnssec/verify.hpp"
#include "dane/error.hpp"

namespace dane::sim::detail {

namespace rrtype = dns::rrtype;

void fail(const ZoneDraft& z, const MutationSpec& m, const std::string& problem) {
  throw InputError(z.source, m.path, m.kind, problem);
}

std::optional<dns::RRset> rrset_of(const std::vector<dns::RR>& records, const dns::Name& owner, std::uint16_t type) {
  std::vector<dns::RR> data;
  for (const auto& rr : records)
    if (rr.owner == owner && rr.type == type) data.push_back(rr);
  auto sets = dns::group_rrsets(data);
  if (sets.empty()) return std::nullopt;
  return sets.front();
}

bool covers_type(const dns::RR& rr, const dns::Name& owner, std::uint16_t type) {
  return rr.type == rrtype::RRSIG && rr.owner == owner && dnssec::Rrsig::from_rdata(rr.rdata).type_covered == type;
}

void strip_rrsigs(std::vector<dns::RR>& records, const dns::Name& owner, std::uint16_t type) {
  std::erase_if(records, [&](const dns::RR& rr) { return covers_type(rr, owner, type); });
}

void remove_rrset(std::vector<dns::RR>& records, const dns::Name& owner, std::uint16_t type) {
  strip_rrsigs(records, owner, type);
  std::erase_if(records, [&](const dns::RR& rr) { return rr.owner == owner && rr.type == type; });
}

void resign(ZoneDraft& z, const dns::Name& owner, std::uint16_t type, const dnssec::SigningKey& key,
            const dnssec::SignatureWindow& window) {
  const auto set = rrset_of(z.records, owner, type);
  if (!set) throw UsageError("resign: no RRset " + owner.to_string() + " " + dns::type_to_string(type));
  strip_rrsigs(z.records, owner, type);
  z.records.push_back(dnssec::sign_rrset(*set, z.apex, key, window));
}

void resign(ZoneDraft& z, const dns::Name& owner, std::uint16_t type) {
  const auto& key = type == rrtype::DNSKEY ? z.ksk() : z.zsk();
  resign(z, owner, type, key, z.options.window);
}

void edit_rrsigs(std::vector<dns::RR>& records, const dns::Name& owner, std::uint16_t type,
                 const std::function<void(dnssec::Rrsig&)>& f) {
  for (auto& rr : records)
    if (covers_type(rr, owner, type)) {
      auto sig = dnssec::Rrsig::from_rdata(rr.rdata);
      f(sig);
      rr.rdata = sig.rdata();
    }
}

dns::RR sign_with_fields(const dns::RRset& rrset, dnssec::Rrsig fields, const dnssec::SigningKey& key) {
  fields.signature = key.sign(dnssec::signed_data(rrset, fields));
  return dns::RR{rrset.owner, rrtype::RRSIG, rrset.rclass, rrset.ttl, fields.rdata()};
}

void masquerade(ZoneDraft& z, const dnssec::SigningKey& key, const dnssec::Dnskey& claimed) {
  const auto real = key.dnskey().rdata();
  for (auto& rr : z.records)
    if (rr.type == rrtype::DNSKEY && rr.owner == z.apex && rr.rdata == real) rr.rdata = claimed.rdata();
  for (auto& rr : z.records) {
    if (rr.type != rrtype::RRSIG) continue;
    auto sig = dnssec::Rrsig::from_rdata(rr.rdata);
    if (!(sig.signer == z.apex) || sig.key_tag != key.key_tag() || sig.algorithm != key.dnskey().algorithm) continue;
    sig.key_tag = dnssec::key_tag(claimed);
    const auto set = rrset_of(z.records, rr.owner, sig.type_covered);
    if (set) rr.rdata = sign_with_fields(*set, sig, key).rdata;
  }
}

DenialRoles denial_roles(const ZoneDraft& z, const dns::Name& name) {
  DenialRoles r;
  for (const auto& rr : z.records) {
    if (rr.type == rrtype::NSEC && rr.owner.is_subdomain_of(z.apex)) {
      const auto nsec = dnssec::Nsec::from_rdata(rr.rdata);
      if (rr.owner == name) r.matching = rr.owner;
      else if (dnssec::nsec_covers(rr.owner, nsec.next, name)) r.covering = rr.owner;
    } else if (rr.type == rrtype::NSEC3 && rr.owner.label_count() == z.apex.label_count() + 1 &&
               rr.owner.is_subdomain_of(z.apex)) {
      const auto n3 = dnssec::Nsec3::from_rdata(rr.rdata);
      std::vector<std::uint8_t> own;
      try {
        own = dnssec::from_base32hex(rr.owner.labels().front());
      } catch (const InputError&) {
        continue;
      }
      const auto h = dnssec::nsec3_hash(name, n3.hash_algorithm, n3.iterations, n3.salt);
      if (h == own) r.matching = rr.owner;
      else if (own.size() == h.size() && n3.next_hashed_owner.size() == h.size() &&
               dnssec::nsec3_covers(own, n3.next_hashed_owner, h))
        r.covering = rr.owner;
    }
  }
  return r;
}

std::pair<dns::Name, std::uint16_t> target(const ZoneDraft& z, const MutationSpec& m) {
  std::optional<dns::Name> owner;
  if (m.owner) {
    try {
      owner = *m.owner == "@" ? z.apex : dns::Name::parse(*m.owner, z.apex);
    } catch (const InputError& e) {
      fail(z, m, "owner '" + *m.owner + "' is not a name: " + e.problem());
    }
    if (!owner->is_subdomain_of(z.apex)) fail(z, m, "owner " + owner->to_string() + " is outside the zone");
  }
  if (m.type) {
    const dns::Name o = owner.value_or(z.apex);
    if (!rrset_of(z.records, o, *m.type)) fail(z, m, "no " + dns::type_to_string(*m.type) + " RRset at " + o.to_string());
    return {o, *m.type};
  }
  for (const auto& rr : z.records)
    if (rr.type == rrtype::TLSA && (!owner || rr.owner == *owner)) return {rr.owner, rrtype::TLSA};
  const dns::Name o = owner.value_or(z.apex);
  if (rrset_of(z.records, o, rrtype::MX)) return {o, rrtype::MX};
  fail(z, m, "names no RRset (give owner and type; the default is the zone's first TLSA RRset, else the apex MX)");
}

dns::Name name_param(const ZoneDraft& z, const MutationSpec& m) {
  if (!m.name) fail(z, m, "needs a name (the name whose proof it breaks)");
  try {
    const auto n = *m.name == "@" ? z.apex : dns::Name::parse(*m.name, z.apex);
    if (!n.is_subdomain_of(z.apex)) fail(z, m, "name " + n.to_string() + " is outside the zone");
    return n;
  } catch (const InputError& e) {
    if (e.where() == z.source) throw;
    fail(z, m, "name '" + *m.name + "' is not a name: " + e.problem());
  }
}

}  // namespace dane::sim::detail
