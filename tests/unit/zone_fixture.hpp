// Test support for the misconfiguration catalog (test_catalog.cpp): a signed
// hierarchy root -> example. -> {sub.example. (secure, with DS),
// insecure.example. (signed, no DS)} built with dane::dnssec::sign_zone, and
// mutation helpers that break exactly one thing in the signed records,
// re-signing where the defect needs a valid signature over the changed data.
//
// Keys are members (never statics: Botan's secure-memory pool is torn down
// before static destructors run).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/nsec3hash.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/dnssec/verify.hpp"
#include "dane/time.hpp"

namespace catalog {

using dane::Time;
using dane::dns::Name;
using dane::dns::RR;
using dane::dns::RRset;
namespace dnssec = dane::dnssec;
namespace rrtype = dane::dns::rrtype;

/// Pinned times: signatures valid 2026-01-01 .. 2026-03-01, validation on 2026-02-01.
inline Time inception() { return dane::parse_time("2026-01-01"); }
inline Time expiration() { return dane::parse_time("2026-03-01"); }
inline Time now() { return dane::parse_time("2026-02-01"); }
inline dnssec::SignatureWindow window() { return {inception(), expiration()}; }

inline Name N(const std::string& text) { return Name::parse(text); }

// ------------------------------------------------------------------ lookups

/// The data RRs (no RRSIG) of (owner, type) as one RRset.
inline RRset rrset_of(const std::vector<RR>& records, const Name& owner, std::uint16_t type) {
  std::vector<RR> data;
  for (const auto& rr : records)
    if (rr.owner == owner && rr.type == type) data.push_back(rr);
  auto sets = dane::dns::group_rrsets(data);
  if (sets.empty()) throw std::runtime_error("zone_fixture: no RRset " + owner.to_string() + " " + std::to_string(type));
  return sets.front();
}

/// The signed RRset (owner, type), with every RRSIG covering it.
inline dnssec::SignedRRset find(const std::vector<RR>& records, const std::string& owner, std::uint16_t type) {
  for (auto& s : dnssec::group_signed(records))
    if (s.rrset.owner == N(owner) && s.rrset.type == type) return s;
  throw std::runtime_error("zone_fixture: no signed RRset " + owner + " " + std::to_string(type));
}

inline bool covers_type(const RR& rr, const Name& owner, std::uint16_t type) {
  return rr.type == rrtype::RRSIG && rr.owner == owner && dnssec::Rrsig::from_rdata(rr.rdata).type_covered == type;
}

// ---------------------------------------------------------------- mutations

/// Removes the RRSIGs over (owner, type).
inline void strip_rrsigs(std::vector<RR>& records, const Name& owner, std::uint16_t type) {
  std::erase_if(records, [&](const RR& rr) { return covers_type(rr, owner, type); });
}

/// Removes the RRset (owner, type) and its RRSIGs.
inline void remove_rrset(std::vector<RR>& records, const Name& owner, std::uint16_t type) {
  strip_rrsigs(records, owner, type);
  std::erase_if(records, [&](const RR& rr) { return rr.owner == owner && rr.type == type; });
}

/// Replaces the RRSIGs over (owner, type) by fresh ones by key (zone = signer).
inline void resign(std::vector<RR>& records, const Name& owner, std::uint16_t type, const Name& zone,
                   const dnssec::SigningKey& key, const dnssec::SignatureWindow& w = window()) {
  strip_rrsigs(records, owner, type);
  records.push_back(dnssec::sign_rrset(rrset_of(records, owner, type), zone, key, w));
}

/// Applies f to every RDATA of (owner, type) (the RRSIGs are left as they are).
inline void mutate_rdata(std::vector<RR>& records, const Name& owner, std::uint16_t type,
                         const std::function<void(std::vector<std::uint8_t>&)>& f) {
  for (auto& rr : records)
    if (rr.owner == owner && rr.type == type) f(rr.rdata);
}

/// Applies f to every RRSIG over (owner, type), without re-signing.
inline void mutate_rrsigs(std::vector<RR>& records, const Name& owner, std::uint16_t type,
                          const std::function<void(dnssec::Rrsig&)>& f) {
  for (auto& rr : records)
    if (covers_type(rr, owner, type)) {
      auto sig = dnssec::Rrsig::from_rdata(rr.rdata);
      f(sig);
      rr.rdata = sig.rdata();
    }
}

/// Renames the RRset (owner, type) (its RRSIGs are dropped: re-sign it).
inline void rename_rrset(std::vector<RR>& records, const Name& owner, std::uint16_t type, const Name& to) {
  strip_rrsigs(records, owner, type);
  for (auto& rr : records)
    if (rr.owner == owner && rr.type == type) rr.owner = to;
}

/// An RRSIG RR with arbitrary fields (labels, key tag, ...) whose signature
/// is really made by key over the data those fields describe.
inline RR sign_with_fields(const RRset& rrset, dnssec::Rrsig fields, const dnssec::SigningKey& key) {
  fields.signature = key.sign(dnssec::signed_data(rrset, fields));
  return RR{rrset.owner, rrtype::RRSIG, rrset.rclass, rrset.ttl, fields.rdata()};
}

/// The RRSIG fields sign_rrset would use for rrset.
inline dnssec::Rrsig default_fields(const RRset& rrset, const Name& zone, const dnssec::SigningKey& key,
                                    const dnssec::SignatureWindow& w = window()) {
  return dnssec::Rrsig::from_rdata(dnssec::sign_rrset(rrset, zone, key, w).rdata);
}

/**
 * The zone as it would be if key's DNSKEY were `claimed` (other flags,
 * protocol or public key bytes) while the private key stays the same: the
 * DNSKEY RDATA is replaced and every RRSIG key made is rebuilt with the
 * claimed key tag and signed again. A DS made from `claimed` then matches.
 */
inline std::vector<RR> masquerade(std::vector<RR> records, const Name& zone, const dnssec::SigningKey& key,
                                  const dnssec::Dnskey& claimed) {
  const auto real = key.dnskey().rdata();
  for (auto& rr : records)
    if (rr.type == rrtype::DNSKEY && rr.owner == zone && rr.rdata == real) rr.rdata = claimed.rdata();
  for (auto& rr : records) {
    if (rr.type != rrtype::RRSIG) continue;
    auto sig = dnssec::Rrsig::from_rdata(rr.rdata);
    if (!(sig.signer == zone) || sig.key_tag != key.key_tag() || sig.algorithm != key.dnskey().algorithm) continue;
    sig.key_tag = dnssec::key_tag(claimed);
    rr.rdata = sign_with_fields(rrset_of(records, rr.owner, sig.type_covered), sig, key).rdata;
  }
  return records;
}

/// Moves the RR (owner, type, rdata) in front of every other record, so that
/// RecordPool lists it first in its RRset.
inline void put_first(std::vector<RR>& records, const Name& owner, std::uint16_t type,
                      const std::vector<std::uint8_t>& rdata) {
  auto it = std::find_if(records.begin(), records.end(),
                         [&](const RR& rr) { return rr.owner == owner && rr.type == type && rr.rdata == rdata; });
  if (it == records.end()) throw std::runtime_error("zone_fixture: put_first: no such record");
  std::rotate(records.begin(), it, it + 1);
}

/// The owner names of the NSEC3 records of zone that match and cover name
/// (RFC 5155 §8.3 terms), for picking a proof apart.
struct Nsec3Roles {
  std::optional<Name> matching;
  std::optional<Name> covering;
};
inline Nsec3Roles nsec3_roles(const std::vector<RR>& records, const Name& zone, const Name& name) {
  Nsec3Roles r;
  for (const auto& rr : records) {
    if (rr.type != rrtype::NSEC3 || !(rr.owner.parent() == zone)) continue;
    const auto n3 = dnssec::Nsec3::from_rdata(rr.rdata);
    const auto h = dnssec::nsec3_hash(name, 1, n3.iterations, n3.salt);
    const auto own = dnssec::from_base32hex(rr.owner.labels().front());
    const auto& next = n3.next_hashed_owner;
    if (h == own) r.matching = rr.owner;
    else if (own < next ? (own < h && h < next) : (own < h || h < next)) r.covering = rr.owner;
  }
  return r;
}

/// The signed NSEC / NSEC3 RRsets named by owner (for building authority sections).
inline std::vector<dnssec::SignedRRset> proof(const std::vector<RR>& records, std::uint16_t type,
                                              const std::vector<Name>& owners) {
  std::vector<dnssec::SignedRRset> out;
  for (const auto& o : owners) out.push_back(find(records, o.to_string(), type));
  return out;
}

// ---------------------------------------------------------------- hierarchy

/**
 * root (anchor: its DNSKEY) -> example. (KSK + ZSK, DS in the root)
 *   -> sub.example.      secure child (DS in example.)
 *   -> insecure.example. signed child without DS (an insecure delegation)
 * example. also holds www (A), alias (CNAME), *.wild (TXT) and real.wild (A).
 * NSEC chain of example.: example. alias insecure ns sub *.wild real.wild www.
 */
/// How the zones of a Hierarchy are signed.
struct HierarchyOptions {
  bool nsec3 = false;
  std::uint16_t nsec3_iterations = 0;
  bool opt_out = false;
  dnssec::SignatureWindow window = catalog::window();
};

struct Hierarchy {
  using Options = HierarchyOptions;

  Options opt;
  dnssec::SigningKey root_key = dnssec::SigningKey::generate(13, 257, 11);
  dnssec::SigningKey ksk = dnssec::SigningKey::generate(13, 257, 12);
  dnssec::SigningKey zsk = dnssec::SigningKey::generate(13, 256, 13);
  dnssec::SigningKey sub_key = dnssec::SigningKey::generate(13, 257, 14);
  dnssec::SigningKey insecure_key = dnssec::SigningKey::generate(13, 257, 15);
  /// The keys example. is signed with (tests may add to them before sign_example()).
  std::vector<dnssec::SigningKey> example_keys{ksk, zsk};
  /// The DS RRset for example. in the root, and for sub.example. in example.
  std::vector<dnssec::Ds> example_ds{dnssec::make_ds(N("example."), ksk.dnskey(), 2)};
  std::vector<dnssec::Ds> sub_ds{dnssec::make_ds(N("sub.example."), sub_key.dnskey(), 2)};
  std::vector<RR> root, example, sub, insecure;

  explicit Hierarchy(Options o = {}) : opt(std::move(o)) {
    sign_root();
    sign_example();
    sub = sign(std::string("sub.example. 3600 IN SOA ns.sub.example. h.example. 1 3600 600 86400 300\n"
                           "sub.example. 3600 IN NS ns.sub.example.\n"
                           "ns.sub.example. 3600 IN A 192.0.2.55\n"
                           "host.sub.example. 3600 IN A 192.0.2.56\n"),
               N("sub.example."), std::span(&sub_key, 1), {});
    insecure = sign(std::string("insecure.example. 3600 IN SOA ns.insecure.example. h.example. 1 3600 600 86400 300\n"
                                "insecure.example. 3600 IN NS ns.insecure.example.\n"
                                "ns.insecure.example. 3600 IN A 192.0.2.54\n"
                                "mail.insecure.example. 3600 IN A 192.0.2.25\n"),
                    N("insecure.example."), std::span(&insecure_key, 1), {});
  }

  std::vector<RR> sign(const std::string& text, const Name& apex, std::span<const dnssec::SigningKey> keys,
                       const std::vector<RR>& extra) const {
    dnssec::ZoneSigningOptions o;
    o.window = opt.window;
    o.nsec3 = opt.nsec3;
    o.nsec3_iterations = opt.nsec3_iterations;
    o.opt_out = opt.opt_out;
    auto records = dane::dns::parse_zone(text, apex);
    records.insert(records.end(), extra.begin(), extra.end());
    return dnssec::sign_zone(records, apex, keys, o);
  }

  static std::vector<RR> ds_records(const Name& owner, const std::vector<dnssec::Ds>& ds) {
    std::vector<RR> out;
    for (const auto& d : ds) out.push_back(RR{owner, rrtype::DS, dane::dns::class_in, 3600, d.rdata()});
    return out;
  }

  /// (Re-)signs the root with the current example_ds.
  void sign_root() {
    root = sign(". 3600 IN SOA a.root. nobody.invalid. 1 3600 600 86400 300\n"
                ". 3600 IN NS a.root.\n"
                "a.root. 3600 IN A 192.0.2.1\n"
                "example. 3600 IN NS ns.example.\n"
                "ns.example. 3600 IN A 192.0.2.53\n",
                Name(), std::span(&root_key, 1), ds_records(N("example."), example_ds));
  }

  /// (Re-)signs example. with example_keys and the current sub_ds.
  void sign_example() {
    example = sign("example. 3600 IN SOA ns.example. hostmaster.example. 1 3600 600 86400 300\n"
                   "example. 3600 IN NS ns.example.\n"
                   "ns.example. 3600 IN A 192.0.2.53\n"
                   "www.example. 3600 IN A 192.0.2.80\n"
                   "alias.example. 3600 IN CNAME www.example.\n"
                   "*.wild.example. 3600 IN TXT \"from the wildcard\"\n"
                   "real.wild.example. 3600 IN A 192.0.2.9\n"
                   "insecure.example. 3600 IN NS ns.insecure.example.\n"
                   "ns.insecure.example. 3600 IN A 192.0.2.54\n"
                   "sub.example. 3600 IN NS ns.sub.example.\n"
                   "ns.sub.example. 3600 IN A 192.0.2.55\n",
                   N("example."), example_keys, ds_records(N("sub.example."), sub_ds));
  }

  /// The four zones as a pool (added apart: they share owners at the cuts).
  dnssec::RecordPool pool() const {
    dnssec::RecordPool p(root);
    p.add(example);
    p.add(sub);
    p.add(insecure);
    return p;
  }

  std::vector<dnssec::TrustAnchor> anchors() const { return {dnssec::TrustAnchor{Name(), {}, {root_key.dnskey()}}}; }

  dnssec::Validator validator(dnssec::AlgorithmPolicy policy = {}, dnssec::ValidationLimits limits = {}) const {
    return dnssec::Validator(anchors(), std::move(policy), limits);
  }

  /// Validates the RRset (owner, type) of records at time t.
  dnssec::Validation check(const dnssec::SignedRRset& answer, Time t = now()) const {
    auto p = pool();
    auto v = validator();
    return v.validate_rrset(answer, p, t);
  }
  dnssec::Validation check(const std::vector<RR>& records, const std::string& owner, std::uint16_t type,
                           Time t = now()) const {
    return check(find(records, owner, type), t);
  }
  /// Validates a denial of (qname, qtype) with the given authority section.
  /// For DenialClaim::WildcardAnswer, wildcard_labels is the RRSIG labels field of the expanded answer.
  dnssec::Validation deny(const std::string& qname, std::uint16_t qtype, dnssec::DenialClaim claim,
                          const std::vector<dnssec::SignedRRset>& authority, std::uint8_t wildcard_labels = 0) const {
    auto p = pool();
    auto v = validator();
    return v.validate_denial(N(qname), qtype, claim, authority, p, now(), wildcard_labels);
  }
};

}  // namespace catalog
