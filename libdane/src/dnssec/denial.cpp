/*
 * Authenticated denial of existence: one function per proof step.
 *   NSEC  : RFC 4035 §5.4 (and §3.1.3), RFC 4034 §4.1, RFC 6840 §4.1, §4.3
 *   NSEC3 : RFC 5155 §8.3-8.8, RFC 9276 §3.2
 */
#include "dane/dnssec/denial.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

#include "dane/dns/rr.hpp"
#include "dane/dnssec/nsec3hash.hpp"
#include "dane/error.hpp"

namespace dane::dnssec {
namespace {

using dns::Name;
namespace rrtype = dns::rrtype;

DenialResult& step(DenialResult& r, std::string text, std::string rule) {
  r.reasons.push_back(Reason{std::move(text), std::move(rule)});
  return r;
}

DenialResult& conclude(DenialResult& r, Security s, Ede e, std::string text, std::string rule) {
  r.status = s;
  r.ede = e;
  return step(r, std::move(text), std::move(rule));
}

/// The longest common ancestor of two names (the shared right-most labels).
Name common_ancestor(const Name& a, const Name& b) {
  const std::size_t la = a.label_count(), lb = b.label_count();
  std::size_t n = 0;
  while (n < std::min(la, lb) && a.suffix(n + 1) == b.suffix(n + 1)) ++n;
  return a.suffix(n);
}

std::string type_list(const TypeBitmap& t) {
  std::string out;
  for (const auto type : t.types) out += (out.empty() ? "" : " ") + dns::type_to_string(type);
  return out.empty() ? "no types" : out;
}

// ============================================================ NSEC

/// RFC 6840 §4.1: an NSEC owned by a delegation point (NS without SOA) or by a
/// DNAME owner comes from above a zone cut; it says nothing about names below
/// its owner.
bool nsec_blind_below_owner(const SignedNsec& n, const Name& name) {
  const auto& t = n.nsec.types;
  const bool delegation = t.contains(rrtype::NS) && !t.contains(rrtype::SOA);
  return name.is_subdomain_of(n.owner) && !(name == n.owner) && (delegation || t.contains(rrtype::DNAME));
}

/// RFC 4034 §4.1.1: the Next Domain field names the next owner name in the
/// canonical order of the zone, or the apex for the last NSEC: a next name
/// outside the signer's zone "overreaches" and proves nothing (Unbound's
/// val_nsec.c, val_nx_overreach.rpl).
bool nsec_overreaches(const SignedNsec& n, const Name& zone) { return !n.nsec.next.is_subdomain_of(zone); }

/// The NSEC that covers name, if any, usable for it.
const SignedNsec* find_covering_nsec(const Name& name, std::span<const SignedNsec> nsecs) {
  for (const auto& n : nsecs)
    if (nsec_covers(n.owner, n.nsec.next, name) && !nsec_blind_below_owner(n, name)) return &n;
  return nullptr;
}

const SignedNsec* find_matching_nsec(const Name& name, std::span<const SignedNsec> nsecs) {
  for (const auto& n : nsecs)
    if (n.owner == name) return &n;
  return nullptr;
}

/// RFC 4035 §5.4: the closest encloser an NSEC implies for a name it covers:
/// the longer of the name's common ancestors with the NSEC's owner and next.
Name nsec_closest_encloser(const Name& qname, const SignedNsec& cover) {
  const Name a = common_ancestor(qname, cover.owner), b = common_ancestor(qname, cover.nsec.next);
  return a.label_count() >= b.label_count() ? a : b;
}

/// RFC 4035 §5.4 / RFC 6840 §4.3: an NSEC matching qname proves NODATA when it
/// lists neither qtype nor CNAME and comes from the right side of a zone cut.
std::optional<std::string> nsec_bitmap_denies(const TypeBitmap& t, std::uint16_t qtype, const Name& qname,
                                              const char* what) {
  const std::string ty = dns::type_to_string(qtype);
  if (t.contains(qtype)) return fmt::format("the {} at {} lists {} ({})", what, qname.to_string(), ty, type_list(t));
  if (qtype != rrtype::CNAME && t.contains(rrtype::CNAME))
    return fmt::format("the {} at {} lists CNAME: the answer should have been the CNAME (RFC 6840 §4.3)", what,
                       qname.to_string());
  const bool delegation = t.contains(rrtype::NS) && !t.contains(rrtype::SOA);
  if (qtype == rrtype::DS && t.contains(rrtype::SOA) && !qname.is_root())
    return fmt::format("the {} at {} is the child zone's apex record; only the parent's can deny DS", what,
                       qname.to_string());
  if (qtype != rrtype::DS && delegation)
    return fmt::format("the {} at {} is from the parent side of a zone cut (NS without SOA); it cannot deny {}",
                       what, qname.to_string(), ty);
  return std::nullopt;
}

DenialResult nsec_nxdomain(const Name& qname, std::span<const SignedNsec> nsecs, DenialResult r) {
  if (const auto* m = find_matching_nsec(qname, nsecs))
    return conclude(r, Security::Bogus, Ede::DnssecBogus,
                    fmt::format("an NSEC at {} shows the name exists ({})", qname.to_string(), type_list(m->nsec.types)),
                    "RFC 4035 §5.4");
  const SignedNsec* cover = find_covering_nsec(qname, nsecs);
  if (!cover)
    return conclude(r, Security::Bogus, Ede::NsecMissing, fmt::format("no NSEC covers {}", qname.to_string()),
                    "RFC 4035 §5.4");
  // RFC 4592 §2.2.2: a name with a descendant exists (an empty non-terminal):
  // an NSEC whose next name lies below qname proves it exists, not that it does not.
  if (cover->nsec.next.is_subdomain_of(qname) && !(cover->nsec.next == qname))
    return conclude(r, Security::Bogus, Ede::DnssecBogus,
                    fmt::format("{} is an empty non-terminal: NSEC {} -> {} has a next name below it, so it exists",
                                qname.to_string(), cover->owner.to_string(), cover->nsec.next.to_string()),
                    "RFC 4592 §2.2.2");
  step(r, fmt::format("NSEC {} -> {} covers {}", cover->owner.to_string(), cover->nsec.next.to_string(), qname.to_string()),
       "RFC 4035 §5.4");
  const Name ce = nsec_closest_encloser(qname, *cover);
  r.closest_encloser = ce;
  const Name wildcard = ce.prepend("*");
  if (const auto* w = find_matching_nsec(wildcard, nsecs))
    return conclude(r, Security::Bogus, Ede::DnssecBogus,
                    fmt::format("the wildcard {} exists ({}): the answer should have been expanded from it",
                                wildcard.to_string(), type_list(w->nsec.types)),
                    "RFC 4035 §5.4");
  const SignedNsec* wcover = find_covering_nsec(wildcard, nsecs);
  if (!wcover)
    return conclude(r, Security::Bogus, Ede::NsecMissing,
                    fmt::format("no NSEC proves that the wildcard {} does not exist", wildcard.to_string()),
                    "RFC 4035 §5.4");
  return conclude(r, Security::Secure, Ede::Other,
                  fmt::format("NSEC {} -> {} covers the wildcard {}", wcover->owner.to_string(),
                              wcover->nsec.next.to_string(), wildcard.to_string()),
                  "RFC 4035 §5.4");
}

DenialResult nsec_nodata(const Name& qname, std::uint16_t qtype, bool need_delegation,
                         std::span<const SignedNsec> nsecs, DenialResult r) {
  if (const auto* m = find_matching_nsec(qname, nsecs)) {
    if (auto why = nsec_bitmap_denies(m->nsec.types, qtype, qname, "NSEC"))
      return conclude(r, Security::Bogus, Ede::DnssecBogus, *why, "RFC 4035 §5.4");
    if (need_delegation && !m->nsec.types.contains(rrtype::NS))
      return conclude(r, Security::Bogus, Ede::DnssecBogus,
                      fmt::format("the NSEC at {} lists no NS: {} is not a delegation", qname.to_string(), qname.to_string()),
                      "RFC 4035 §5.2");
    return conclude(r, Security::Secure, Ede::Other,
                    fmt::format("the NSEC at {} lists {}, not {}", qname.to_string(), type_list(m->nsec.types),
                                dns::type_to_string(qtype)),
                    "RFC 4035 §5.4");
  }
  // RFC 4035 §3.1.3.2 / §5.4: an empty non-terminal is proved by the NSEC
  // that covers it and whose next name lies below it.
  if (const SignedNsec* cover = find_covering_nsec(qname, nsecs);
      cover && !need_delegation && cover->nsec.next.is_subdomain_of(qname) && !(cover->nsec.next == qname))
    return conclude(r, Security::Secure, Ede::Other,
                    fmt::format("{} is an empty non-terminal: NSEC {} -> {} covers it and its next name is below it",
                                qname.to_string(), cover->owner.to_string(), cover->nsec.next.to_string()),
                    "RFC 4035 §5.4");
  // RFC 4035 §5.4: NODATA from a wildcard: qname is covered and the wildcard
  // at the closest encloser exists without the type.
  if (const SignedNsec* cover = find_covering_nsec(qname, nsecs); cover && !need_delegation) {
    const Name ce = nsec_closest_encloser(qname, *cover);
    const Name wildcard = ce.prepend("*");
    if (const auto* w = find_matching_nsec(wildcard, nsecs)) {
      r.closest_encloser = ce;
      step(r, fmt::format("NSEC {} -> {} covers {}", cover->owner.to_string(), cover->nsec.next.to_string(),
                          qname.to_string()),
           "RFC 4035 §5.4");
      if (auto why = nsec_bitmap_denies(w->nsec.types, qtype, wildcard, "wildcard NSEC"))
        return conclude(r, Security::Bogus, Ede::DnssecBogus, *why, "RFC 4035 §5.4");
      return conclude(r, Security::Secure, Ede::Other,
                      fmt::format("the wildcard {} exists with {}, not {}", wildcard.to_string(),
                                  type_list(w->nsec.types), dns::type_to_string(qtype)),
                      "RFC 4035 §5.4");
    }
  }
  return conclude(r, Security::Bogus, Ede::NsecMissing,
                  fmt::format("no NSEC proves that {} has no {}", qname.to_string(), dns::type_to_string(qtype)),
                  "RFC 4035 §5.4");
}

/// RFC 4035 §5.3.4: a wildcard expansion is valid only with proof that no
/// closer name exists: an NSEC covering qname whose closest encloser is the
/// wildcard's parent.
DenialResult nsec_wildcard_answer(const Name& qname, std::uint8_t labels, std::span<const SignedNsec> nsecs,
                                  DenialResult r) {
  if (labels >= qname.label_count())
    return conclude(r, Security::Bogus, Ede::DnssecBogus,
                    fmt::format("RRSIG labels {} is not below the {} labels of {}", labels, qname.label_count(),
                                qname.to_string()),
                    "RFC 4035 §5.3.4");
  const Name source = qname.suffix(labels);
  const SignedNsec* cover = find_covering_nsec(qname, nsecs);
  if (!cover)
    return conclude(r, Security::Bogus, Ede::DnssecBogus,
                    fmt::format("no NSEC proves that {} itself does not exist (wildcard *.{} expanded)", qname.to_string(),
                                source.to_string()),
                    "RFC 4035 §5.3.4");
  const Name ce = nsec_closest_encloser(qname, *cover);
  if (!(ce == source))
    return conclude(r, Security::Bogus, Ede::DnssecBogus,
                    fmt::format("NSEC {} -> {} implies the closest encloser {}, not the wildcard's parent {}",
                                cover->owner.to_string(), cover->nsec.next.to_string(), ce.to_string(), source.to_string()),
                    "RFC 4035 §5.3.4");
  r.closest_encloser = ce;
  return conclude(r, Security::Secure, Ede::Other,
                  fmt::format("NSEC {} -> {} proves no name closer than *.{} matches {}", cover->owner.to_string(),
                              cover->nsec.next.to_string(), source.to_string(), qname.to_string()),
                  "RFC 4035 §5.3.4");
}

// ============================================================ NSEC3

/// The NSEC3 records of one proof with their decoded owner hashes, and the
/// hashing of names with one parameter set under a budget.
class Nsec3Proof {
 public:
  struct Rec {
    const SignedNsec3* rr;
    std::vector<std::uint8_t> owner_hash;
  };

  Nsec3Proof(const Name& zone, const DenialLimits& limits, DenialResult& r) : zone_(zone), limits_(limits), r_(r) {}

  /// RFC 5155 §8.1-8.2: keeps the NSEC3s this proof may use, checks that they
  /// share one parameter set and that its cost is acceptable (RFC 9276 §3.2).
  /// Returns false with r_ concluded when the proof cannot go on.
  bool select(std::span<const SignedNsec3> all) {
    for (const auto& n : all) {
      const auto& p = n.nsec3;
      std::string skip;
      if (n.from_wildcard) skip = "is a wildcard expansion (CVE-2017-15105)";
      else if (p.hash_algorithm != 1) skip = fmt::format("uses unknown hash algorithm {} (RFC 5155 §8.1)", p.hash_algorithm);
      else if ((p.flags & ~0x01) != 0) skip = fmt::format("has unknown flags 0x{:02X} (RFC 5155 §8.2)", p.flags);
      else if (n.owner.label_count() != zone_.label_count() + 1 || !(n.owner.parent() == zone_))
        skip = fmt::format("is not owned by a hash label directly below {}", zone_.to_string());
      std::vector<std::uint8_t> h;
      if (skip.empty()) {
        try {
          h = from_base32hex(n.owner.labels().front());
        } catch (const Error&) {
          skip = "has an owner label that is not base32hex";
        }
        if (skip.empty() && (h.size() != 20 || p.next_hashed_owner.size() != 20))
          skip = "has a hash that is not 20 octets (SHA-1)";
      }
      if (!skip.empty()) {
        step(r_, fmt::format("ignored NSEC3 {}: it {}", n.owner.to_string(), skip), "RFC 5155 §8.1");
        continue;
      }
      recs_.push_back(Rec{&n, std::move(h)});
    }
    if (recs_.empty()) {
      conclude(r_, Security::Bogus, Ede::NsecMissing, "no usable NSEC3 record in the answer", "RFC 5155 §8");
      return false;
    }
    if (recs_.size() > limits_.max_nsec3_records) {
      r_.limit_hit = true;
      conclude(r_, Security::Bogus, Ede::DnssecBogus,
               fmt::format("the answer offers {} NSEC3 records, more than the limit of {}", recs_.size(),
                           limits_.max_nsec3_records),
               "RFC 9276 §3.2 (resource limit)");
      return false;
    }
    const auto& first = recs_.front().rr->nsec3;
    for (const auto& rec : recs_) {
      const auto& p = rec.rr->nsec3;
      if (p.iterations != first.iterations || p.salt != first.salt) {
        conclude(r_, Security::Bogus, Ede::DnssecBogus,
                 fmt::format("NSEC3 records with different parameters in one proof ({} and {} iterations, salts of {} "
                             "and {} octets)",
                             first.iterations, p.iterations, first.salt.size(), p.salt.size()),
                 "RFC 5155 §8.2");
        return false;
      }
    }
    iterations_ = first.iterations;
    salt_ = first.salt;
    // RFC 9276 §3.2: too many iterations (or an oversized salt): Insecure, EDE 27.
    if (iterations_ > limits_.max_nsec3_iterations || salt_.size() > limits_.max_nsec3_salt) {
      conclude(r_, Security::Insecure, Ede::UnsupportedNsec3IterationsValue,
               fmt::format("NSEC3 uses {} iterations and a {}-octet salt; the limits are {} and {}", iterations_,
                           salt_.size(), limits_.max_nsec3_iterations, limits_.max_nsec3_salt),
               "RFC 9276 §3.2");
      return false;
    }
    return true;
  }

  /// H(name), counted against the hash budget; nullopt (and r_ concluded) when spent.
  std::optional<std::vector<std::uint8_t>> hash(const Name& name) {
    if (auto it = cache_.find(name); it != cache_.end()) return it->second;
    if (r_.hashes >= limits_.hash_budget) {
      r_.limit_hit = true;
      conclude(r_, Security::Bogus, Ede::DnssecBogus,
               fmt::format("NSEC3 hash budget of {} exhausted", limits_.hash_budget), "RFC 9276 §3.2 (resource limit)");
      return std::nullopt;
    }
    ++r_.hashes;
    return cache_[name] = nsec3_hash(name, 1, iterations_, salt_);
  }

  /// How many records the proof may use.
  std::size_t usable() const noexcept { return recs_.size(); }

  const Rec* matching(const std::vector<std::uint8_t>& h) const {
    for (const auto& rec : recs_)
      if (rec.owner_hash == h) return &rec;
    return nullptr;
  }

  const Rec* covering(const std::vector<std::uint8_t>& h) const {
    for (const auto& rec : recs_)
      if (nsec3_covers(rec.owner_hash, rec.rr->nsec3.next_hashed_owner, h)) return &rec;
    return nullptr;
  }

 private:
  Name zone_;
  const DenialLimits& limits_;
  DenialResult& r_;
  std::vector<Rec> recs_;
  std::uint16_t iterations_ = 0;
  std::vector<std::uint8_t> salt_;
  std::map<Name, std::vector<std::uint8_t>> cache_;
};

/// The closest encloser and what covers its next closer name (RFC 5155 §8.3).
struct ClosestEncloser {
  Name ce;
  const Nsec3Proof::Rec* next_closer_cover = nullptr;
};

/// RFC 5155 §8.3: the closest encloser proof: the longest ancestor of qname
/// with a matching NSEC3, and an NSEC3 covering the next closer name. The
/// matching NSEC3 must not be a delegation or a DNAME (it would come from
/// above a zone cut).
std::optional<ClosestEncloser> nsec3_closest_encloser(const Name& qname, const Name& zone, Nsec3Proof& proof,
                                                      DenialResult& r) {
  const std::size_t zone_labels = zone.label_count();
  for (std::size_t n = qname.label_count(); n >= zone_labels; --n) {
    const Name candidate = qname.suffix(n);
    const auto h = proof.hash(candidate);
    if (!h) return std::nullopt;
    const auto* m = proof.matching(*h);
    if (!m) {
      if (n == zone_labels) break;
      continue;
    }
    if (candidate == qname) {
      conclude(r, Security::Bogus, Ede::DnssecBogus,
               fmt::format("an NSEC3 matches {}: the name exists", qname.to_string()), "RFC 5155 §8.3");
      return std::nullopt;
    }
    const auto& t = m->rr->nsec3.types;
    if ((t.contains(rrtype::NS) && !t.contains(rrtype::SOA)) || t.contains(rrtype::DNAME)) {
      conclude(r, Security::Bogus, Ede::DnssecBogus,
               fmt::format("the closest encloser {} is a delegation or DNAME ({}): its NSEC3 cannot deny names below it",
                           candidate.to_string(), type_list(t)),
               "RFC 5155 §8.3");
      return std::nullopt;
    }
    const Name next_closer = qname.suffix(n + 1);
    const auto nh = proof.hash(next_closer);
    if (!nh) return std::nullopt;
    const auto* cover = proof.covering(*nh);
    if (!cover) {
      conclude(r, Security::Bogus, Ede::NsecMissing,
               fmt::format("no NSEC3 covers the next closer name {} (closest encloser {})", next_closer.to_string(),
                           candidate.to_string()),
               "RFC 5155 §8.3");
      return std::nullopt;
    }
    r.closest_encloser = candidate;
    step(r,
         fmt::format("closest encloser {} (NSEC3 {}), next closer {} covered by NSEC3 {}{}", candidate.to_string(),
                     m->rr->owner.to_string(), next_closer.to_string(), cover->rr->owner.to_string(),
                     cover->rr->nsec3.opt_out() ? " (opt-out)" : ""),
         "RFC 5155 §8.3");
    return ClosestEncloser{candidate, cover};
  }
  conclude(r, Security::Bogus, Ede::NsecMissing,
           fmt::format("no NSEC3 matches any ancestor of {} in {}: no closest encloser", qname.to_string(), zone.to_string()),
           "RFC 5155 §8.3");
  return std::nullopt;
}

/// RFC 5155 §9.2: a proof that relies on an NSEC3 with the Opt-Out flag
/// covering the next closer name cannot exclude unsigned delegations there,
/// so the answer is Insecure, not Secure (Unbound's val_nsec3_b1/b4/b5).
DenialResult& opt_out_span(DenialResult& r, const Nsec3Proof::Rec* cover) {
  return conclude(r, Security::Insecure, Ede::Other,
                  fmt::format("the next closer name falls in the opt-out span of NSEC3 {}: unsigned delegations may "
                              "exist there, so the denial is not authenticated",
                              cover->rr->owner.to_string()),
                  "RFC 5155 §9.2");
}

/// RFC 5155 §8.4: name error = closest encloser proof + the wildcard at the
/// closest encloser covered. An opt-out next-closer cover leaves it Insecure.
DenialResult& nsec3_nxdomain(const Name& qname, const Name& zone, Nsec3Proof& proof, DenialResult& r) {
  const auto ce = nsec3_closest_encloser(qname, zone, proof, r);
  if (!ce) return r;
  const Name wildcard = ce->ce.prepend("*");
  const auto wh = proof.hash(wildcard);
  if (!wh) return r;
  if (proof.matching(*wh))
    return conclude(r, Security::Bogus, Ede::DnssecBogus,
                    fmt::format("the wildcard {} exists: the answer should have been expanded from it", wildcard.to_string()),
                    "RFC 5155 §8.4");
  const auto* wcover = proof.covering(*wh);
  if (!wcover)
    return conclude(r, Security::Bogus, Ede::NsecMissing,
                    fmt::format("no NSEC3 covers the wildcard {}", wildcard.to_string()), "RFC 5155 §8.4");
  step(r, fmt::format("NSEC3 {} covers the wildcard {}", wcover->rr->owner.to_string(), wildcard.to_string()),
       "RFC 5155 §8.4");
  if (ce->next_closer_cover->rr->nsec3.opt_out()) return opt_out_span(r, ce->next_closer_cover);
  return conclude(r, Security::Secure, Ede::Other, fmt::format("{} does not exist", qname.to_string()), "RFC 5155 §8.4");
}

/// RFC 5155 §8.5-8.7: NODATA (a matching NSEC3 without the type), DS NODATA
/// through an opt-out span, and wildcard NODATA.
DenialResult& nsec3_nodata(const Name& qname, std::uint16_t qtype, bool need_delegation, const Name& zone,
                          Nsec3Proof& proof, DenialResult& r) {
  const auto h = proof.hash(qname);
  if (!h) return r;
  if (const auto* m = proof.matching(*h)) {
    const auto& t = m->rr->nsec3.types;
    if (auto why = nsec_bitmap_denies(t, qtype, qname, "NSEC3"))
      return conclude(r, Security::Bogus, Ede::DnssecBogus, *why, "RFC 5155 §8.5");
    if (need_delegation && !t.contains(rrtype::NS))
      return conclude(r, Security::Bogus, Ede::DnssecBogus,
                      fmt::format("the NSEC3 for {} lists no NS: it is not a delegation", qname.to_string()),
                      "RFC 5155 §8.6");
    return conclude(r, Security::Secure, Ede::Other,
                    fmt::format("NSEC3 {} matches {} and lists {}, not {}", m->rr->owner.to_string(), qname.to_string(),
                                type_list(t), dns::type_to_string(qtype)),
                    qtype == rrtype::DS ? "RFC 5155 §8.6" : "RFC 5155 §8.5");
  }
  const auto ce = nsec3_closest_encloser(qname, zone, proof, r);
  if (!ce) return r;
  // RFC 5155 §8.6: no DS for a name in an opt-out span: an unsigned delegation.
  if (qtype == rrtype::DS) {
    if (ce->next_closer_cover->rr->nsec3.opt_out())
      return conclude(r, Security::Insecure, Ede::Other,
                      fmt::format("{} falls in an opt-out span: an unsigned delegation", qname.to_string()),
                      "RFC 5155 §8.6");
    return conclude(r, Security::Bogus, Ede::DnssecBogus,
                    fmt::format("no NSEC3 matches {} and the span covering it is not opt-out", qname.to_string()),
                    "RFC 5155 §8.6");
  }
  if (need_delegation)
    return conclude(r, Security::Bogus, Ede::DnssecBogus,
                    fmt::format("no NSEC3 matches the delegation {}", qname.to_string()), "RFC 5155 §8.6");
  // RFC 5155 §8.7: wildcard NODATA.
  const Name wildcard = ce->ce.prepend("*");
  const auto wh = proof.hash(wildcard);
  if (!wh) return r;
  const auto* w = proof.matching(*wh);
  // RFC 5155 §9.2 (and its errata 3441 to §8.6, Unbound's nsec3_prove_nodata):
  // no NSEC3 matches the name, but an opt-out NSEC3 covers the next closer
  // name: the name may be an empty non-terminal above an unsigned delegation
  // in the span, so the NODATA is Insecure, not Bogus.
  if (!w && ce->next_closer_cover->rr->nsec3.opt_out()) return opt_out_span(r, ce->next_closer_cover);
  if (!w)
    return conclude(r, Security::Bogus, Ede::NsecMissing,
                    fmt::format("no NSEC3 matches {} or the wildcard {}", qname.to_string(), wildcard.to_string()),
                    "RFC 5155 §8.7");
  if (auto why = nsec_bitmap_denies(w->rr->nsec3.types, qtype, wildcard, "wildcard NSEC3"))
    return conclude(r, Security::Bogus, Ede::DnssecBogus, *why, "RFC 5155 §8.7");
  if (ce->next_closer_cover->rr->nsec3.opt_out())
    return opt_out_span(r, ce->next_closer_cover);
  return conclude(r, Security::Secure, Ede::Other,
                  fmt::format("the wildcard {} exists with {}, not {}", wildcard.to_string(),
                              type_list(w->rr->nsec3.types), dns::type_to_string(qtype)),
                  "RFC 5155 §8.7");
}

/// RFC 5155 §8.8: a wildcard expansion needs an NSEC3 covering the next closer
/// name of the wildcard's parent (the closest encloser).
DenialResult& nsec3_wildcard_answer(const Name& qname, std::uint8_t labels, Nsec3Proof& proof, DenialResult& r) {
  if (labels >= qname.label_count())
    return conclude(r, Security::Bogus, Ede::DnssecBogus,
                    fmt::format("RRSIG labels {} is not below the {} labels of {}", labels, qname.label_count(),
                                qname.to_string()),
                    "RFC 4035 §5.3.4");
  const Name next_closer = qname.suffix(static_cast<std::size_t>(labels) + 1);
  const auto h = proof.hash(next_closer);
  if (!h) return r;
  const auto* cover = proof.covering(*h);
  if (!cover)
    return conclude(r, Security::Bogus, Ede::DnssecBogus,
                    fmt::format("no NSEC3 covers the next closer name {} of the wildcard expansion", next_closer.to_string()),
                    "RFC 5155 §8.8");
  r.closest_encloser = qname.suffix(labels);
  step(r, fmt::format("NSEC3 {} covers the next closer name {}", cover->rr->owner.to_string(), next_closer.to_string()),
       "RFC 5155 §8.8");
  if (cover->rr->nsec3.opt_out()) return opt_out_span(r, cover);
  return conclude(r, Security::Secure, Ede::Other, fmt::format("no name closer than the wildcard matches {}", qname.to_string()),
                  "RFC 5155 §8.8");
}

/// A proof that failed although records were offered, some of which had to
/// be set aside (forged wildcard NSECs, unknown NSEC3 algorithms or flags,
/// malformed owners), is Bogus data rather than missing data: EDE 6, not 12
/// (catalog rows 29, 34, 35).
DenialResult offered_but_unusable(DenialResult r, bool some_set_aside) {
  if (r.status == Security::Bogus && r.ede == Ede::NsecMissing && some_set_aside) r.ede = Ede::DnssecBogus;
  return r;
}

/// Unbound's validate_nodata_response: NSEC / NSEC3 records were offered for
/// a NODATA answer but do not prove it (no match, a span without opt-out):
/// DNSSEC Bogus (EDE 6, val_nsec3_entnodata_optout_badopt.rpl). EDE 12 (NSEC
/// Missing) stays for answers that carry no NSEC / NSEC3 record at all, and
/// for NXDOMAIN proofs (catalog rows 23-25, dnssec-rules.md §8).
DenialResult nodata_not_proved(DenialResult r, DenialClaim claim, std::size_t offered) {
  if (claim == DenialClaim::NoData && offered > 0 && r.status == Security::Bogus && r.ede == Ede::NsecMissing)
    r.ede = Ede::DnssecBogus;
  return r;
}

DenialResult outside_zone(const Name& qname, const Name& zone) {
  DenialResult r;
  return conclude(r, Security::Bogus, Ede::DnssecBogus,
                  fmt::format("{} is not in the zone {} whose records were offered", qname.to_string(), zone.to_string()),
                  "RFC 4035 §5.4");
}

}  // namespace

bool nsec3_covers(std::span<const std::uint8_t> owner_hash, std::span<const std::uint8_t> next_hash,
                  std::span<const std::uint8_t> h) {
  auto less = [](std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
  };
  // RFC 5155 §8.3: the last NSEC3 of the chain points back to the first.
  if (less(owner_hash, next_hash)) return less(owner_hash, h) && less(h, next_hash);
  return less(owner_hash, h) || less(h, next_hash);
}

bool nsec_covers(const Name& owner, const Name& next, const Name& name) {
  // RFC 4034 §4.1.1: the last NSEC of a zone points back to the apex.
  if (owner < next) return owner < name && name < next;
  return owner < name;
}

DenialResult prove_with_nsec(const Name& qname, std::uint16_t qtype, DenialClaim claim, const Name& zone,
                             std::span<const SignedNsec> nsecs, std::uint8_t wildcard_labels) {
  if (!qname.is_subdomain_of(zone)) return outside_zone(qname, zone);
  DenialResult r;
  std::vector<SignedNsec> usable;
  for (const auto& n : nsecs) {
    if (n.from_wildcard) {
      step(r, fmt::format("ignored NSEC {}: it is a wildcard expansion (CVE-2017-15105)", n.owner.to_string()),
           "RFC 4035 §5.3.4");
    } else if (!n.owner.is_subdomain_of(zone)) {
      step(r, fmt::format("ignored NSEC {}: outside the zone {}", n.owner.to_string(), zone.to_string()), "RFC 4035 §5.4");
    } else if (nsec_overreaches(n, zone)) {
      step(r,
           fmt::format("ignored NSEC {}: its next name {} is outside the zone {}", n.owner.to_string(),
                       n.nsec.next.to_string(), zone.to_string()),
           "RFC 4034 §4.1.1");
    } else {
      usable.push_back(n);
    }
  }
  DenialResult out;
  switch (claim) {
    case DenialClaim::NxDomain: out = nsec_nxdomain(qname, usable, std::move(r)); break;
    case DenialClaim::NoData: out = nsec_nodata(qname, qtype, false, usable, std::move(r)); break;
    case DenialClaim::NoDs: out = nsec_nodata(qname, rrtype::DS, true, usable, std::move(r)); break;
    case DenialClaim::WildcardAnswer: out = nsec_wildcard_answer(qname, wildcard_labels, usable, std::move(r)); break;
  }
  return nodata_not_proved(offered_but_unusable(std::move(out), usable.size() < nsecs.size()), claim, nsecs.size());
}

DenialResult prove_with_nsec3(const Name& qname, std::uint16_t qtype, DenialClaim claim, const Name& zone,
                              std::span<const SignedNsec3> nsec3s, const DenialLimits& limits,
                              std::uint8_t wildcard_labels) {
  if (!qname.is_subdomain_of(zone)) return outside_zone(qname, zone);
  DenialResult r;
  Nsec3Proof proof(zone, limits, r);
  // The proof object writes into r (hash counts, limits), so r is passed by reference.
  if (!proof.select(nsec3s))
    return nodata_not_proved(offered_but_unusable(std::move(r), proof.usable() < nsec3s.size()), claim, nsec3s.size());
  const std::size_t offered = nsec3s.size();
  switch (claim) {
    case DenialClaim::NxDomain: nsec3_nxdomain(qname, zone, proof, r); break;
    case DenialClaim::NoData: nsec3_nodata(qname, qtype, false, zone, proof, r); break;
    case DenialClaim::NoDs: nsec3_nodata(qname, rrtype::DS, true, zone, proof, r); break;
    case DenialClaim::WildcardAnswer: nsec3_wildcard_answer(qname, wildcard_labels, proof, r); break;
  }
  return nodata_not_proved(offered_but_unusable(std::move(r), proof.usable() < offered), claim, offered);
}

}  // namespace dane::dnssec
