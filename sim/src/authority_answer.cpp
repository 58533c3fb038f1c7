/*
 * dane::sim internal: the authoritative answer algorithm of RFC 1034 §4.3.2
 * (steps 3a-3c), with wildcards per RFC 4592 and the DNSSEC additions of
 * RFC 4035 §3.1 (RRSIGs, NSEC denial) and RFC 5155 §7.2 (NSEC3 denial).
 */
#include <algorithm>
#include <cstddef>
#include <optional>

#include "authority_zone.hpp"
#include "dane/error.hpp"

namespace dane::sim::detail {

namespace {

using dns::Name;
using dns::RR;
namespace rrtype = dns::rrtype;

/// CNAME links followed within a zone before the answer stops (RFC 1034
/// §3.6.2 asks servers not to loop; BIND stops at 16).
constexpr int max_cname_links = 16;

/// The domain name at the start of an NS or CNAME RDATA.
std::optional<Name> rdata_name(const RR& rr) {
  try {
    std::size_t used = 0;
    return Name::from_wire(rr.rdata, used);
  } catch (const dane::Error&) {
    return std::nullopt;
  }
}

/// Builds the answer for one question from one zone.
class Answerer {
 public:
  Answerer(const ZoneIndex& z, bool dnssec_ok, dns::Message& m) : z_(z), do_(dnssec_ok), m_(m) {}

  /// RFC 1034 §4.3.2 step 3, restarted for each CNAME link in the zone.
  void run(Name name, std::uint16_t qtype) {
    for (int links = 0;; ++links) {
      if (auto cut = delegation_on_path(name, qtype)) {
        if (m_.answer.empty()) referral(*cut);  // after a CNAME, the chain stops at the cut
        return;
      }
      m_.aa = true;
      std::optional<Name> next;
      if (const Node* n = z_.node(name); n != nullptr && !n->sets.empty()) {
        next = exact(name, qtype, *n);  // step 3a
      } else if (z_.exists(name)) {
        nodata(name, qtype);  // an empty non-terminal
      } else {
        next = nonexistent(name, qtype);  // step 3c
      }
      if (!next || links + 1 >= max_cname_links || !next->is_subdomain_of(z_.apex())) return;
      name = *next;
    }
  }

 private:
  /// Step 3b: the highest zone cut strictly below the apex on the way to
  /// name. A DS query at the cut itself is the parent's (RFC 4035 §3.1.4.1).
  std::optional<Name> delegation_on_path(const Name& name, std::uint16_t qtype) const {
    for (std::size_t k = z_.apex().label_count() + 1; k <= name.label_count(); ++k) {
      Name c = name.suffix(k);
      const Node* n = z_.node(c);
      if (n == nullptr || !n->has(rrtype::NS)) continue;
      if (k == name.label_count() && qtype == rrtype::DS) return std::nullopt;
      return c;
    }
    return std::nullopt;
  }

  /// Step 3a: name exists with RRsets. Returns the CNAME target to follow.
  std::optional<Name> exact(const Name& name, std::uint16_t qtype, const Node& n) {
    if (qtype == rrtype::ANY) {
      for (const auto& [type, set] : n.sets) add(m_.answer, n, type);
      return std::nullopt;
    }
    if (qtype == rrtype::RRSIG) {  // asked for: returned whatever DO says
      for (const auto& [type, sigs] : n.sigs) append(m_.answer, sigs, nullptr);
      if (n.sigs.empty()) nodata(name, qtype);
      return std::nullopt;
    }
    if (n.has(qtype)) {
      add(m_.answer, n, qtype);
      return std::nullopt;
    }
    if (n.has(rrtype::CNAME)) {
      add(m_.answer, n, rrtype::CNAME);
      return rdata_name(n.sets.at(rrtype::CNAME).front());
    }
    nodata(name, qtype);
    return std::nullopt;
  }

  /// Step 3c: name does not exist; a wildcard at the closest encloser may
  /// synthesize the answer (RFC 4592 §3.3.1), else NXDOMAIN.
  std::optional<Name> nonexistent(const Name& name, std::uint16_t qtype) {
    const Name ce = closest_encloser(name);
    const Name wild = ce.prepend("*");
    const Node* w = z_.node(wild);
    if (w == nullptr || w->sets.empty()) {
      nxdomain(name, ce);
      return std::nullopt;
    }
    if (w->has(qtype) || (qtype != rrtype::CNAME && w->has(rrtype::CNAME))) {
      const std::uint16_t type = w->has(qtype) ? qtype : rrtype::CNAME;
      add(m_.answer, *w, type, &name);
      wildcard_answer_proof(name, ce);
      return type == rrtype::CNAME && qtype != rrtype::CNAME ? rdata_name(w->sets.at(rrtype::CNAME).front())
                                                             : std::nullopt;
    }
    wildcard_nodata(name, ce, wild);
    return std::nullopt;
  }

  /// The longest existing ancestor of name (RFC 4592 §3.3.1 / RFC 5155 §1.3).
  Name closest_encloser(const Name& name) const {
    Name ce = name;
    while (!z_.exists(ce) && ce.label_count() > z_.apex().label_count()) ce = ce.parent();
    return ce;
  }

  /// The ancestor of name one label longer than ce (RFC 5155 §1.3 "next closer name").
  static Name next_closer(const Name& name, const Name& ce) { return name.suffix(ce.label_count() + 1); }

  /// NODATA: SOA, plus the NSEC at name (RFC 4035 §3.1.3.1), the NSEC
  /// covering an empty non-terminal, or the NSEC3 matching name (RFC 5155
  /// §7.2.3/7.2.4; without one, opt-out, the closest provable encloser proof).
  void nodata(const Name& name, std::uint16_t) {
    add_soa();
    if (!do_) return;
    if (const Node* n = z_.node(name); n != nullptr && n->has(rrtype::NSEC)) {
      add(m_.authority, *n, rrtype::NSEC);
    } else if (const Name* owner = z_.nsec_covering(name)) {
      add_nsec(*owner);
    }
    if (const Nsec3Entry* e = z_.nsec3_matching(name)) {
      add_nsec3(e);
    } else {
      closest_provable_encloser_proof(name);
    }
  }

  /// NXDOMAIN: SOA, the NSEC covering name and the NSEC covering the wildcard
  /// at the closest encloser (RFC 4035 §3.1.3.2), or the closest encloser
  /// proof plus the NSEC3 covering the wildcard (RFC 5155 §7.2.2).
  void nxdomain(const Name& name, const Name& ce) {
    m_.rcode = dns::rcode::NXDOMAIN;
    add_soa();
    if (!do_) return;
    if (const Name* owner = z_.nsec_covering(name)) add_nsec(*owner);
    if (const Name* owner = z_.nsec_covering(ce.prepend("*"))) add_nsec(*owner);
    if (!z_.nsec3.empty()) {
      // The closest encloser, or above it the closest one an NSEC3 matches
      // (an opt-out span may leave an empty non-terminal without one).
      Name cpe = ce;
      while (z_.nsec3_matching(cpe) == nullptr && cpe.label_count() > z_.apex().label_count()) cpe = cpe.parent();
      add_nsec3(z_.nsec3_matching(cpe));
      add_nsec3(z_.nsec3_covering(next_closer(name, cpe)));
      add_nsec3(z_.nsec3_covering(cpe.prepend("*")));
    }
  }

  /// A wildcard answer: the NSEC covering name (RFC 4035 §3.1.3.3) or the
  /// NSEC3 covering the next closer name (RFC 5155 §7.2.6).
  void wildcard_answer_proof(const Name& name, const Name& ce) {
    if (!do_) return;
    if (const Name* owner = z_.nsec_covering(name)) add_nsec(*owner);
    if (!z_.nsec3.empty()) add_nsec3(z_.nsec3_covering(next_closer(name, ce)));
  }

  /// Wildcard NODATA: SOA, the NSEC covering name and the NSEC matching the
  /// wildcard (RFC 4035 §3.1.3.4), or the NSEC3 matching the closest encloser,
  /// covering the next closer and matching the wildcard (RFC 5155 §7.2.5).
  void wildcard_nodata(const Name& name, const Name& ce, const Name& wild) {
    add_soa();
    if (!do_) return;
    if (const Name* owner = z_.nsec_covering(name)) add_nsec(*owner);
    if (const Node* w = z_.node(wild); w != nullptr && w->has(rrtype::NSEC)) add(m_.authority, *w, rrtype::NSEC);
    if (!z_.nsec3.empty()) {
      add_nsec3(z_.nsec3_matching(ce));
      add_nsec3(z_.nsec3_covering(next_closer(name, ce)));
      add_nsec3(z_.nsec3_matching(wild));
    }
  }

  /// A referral (RFC 1034 §4.3.2 step 3b): the cut's NS, glue addresses,
  /// and with DO the signed DS RRset or the proof there is none (RFC 4035
  /// §3.1.4: the NSEC at the cut; RFC 5155 §7.2.7: the matching NSEC3 or,
  /// opt-out, the closest provable encloser proof).
  void referral(const Name& cut) {
    m_.aa = false;
    const Node& n = *z_.node(cut);
    append(m_.authority, n.sets.at(rrtype::NS), nullptr);
    if (do_) {
      if (n.has(rrtype::DS)) {
        add(m_.authority, n, rrtype::DS);
      } else if (n.has(rrtype::NSEC)) {
        add(m_.authority, n, rrtype::NSEC);
      } else if (!z_.nsec3.empty()) {
        if (const Nsec3Entry* e = z_.nsec3_matching(cut)) {
          add_nsec3(e);
        } else {
          closest_provable_encloser_proof(cut);
        }
      }
    }
    for (const RR& ns : n.sets.at(rrtype::NS)) {
      auto target = rdata_name(ns);
      if (!target || !target->is_subdomain_of(z_.apex())) continue;  // no glue from outside the zone
      if (const Node* g = z_.node(*target)) {
        add(m_.additional, *g, rrtype::A);
        add(m_.additional, *g, rrtype::AAAA);
      }
    }
  }

  /// The NSEC3 matching the closest ancestor of name that has one, and the
  /// NSEC3 covering the next closer name (RFC 5155 §7.2.1).
  void closest_provable_encloser_proof(const Name& name) {
    if (z_.nsec3.empty()) return;
    for (Name a = name;; a = a.parent()) {
      if (const Nsec3Entry* e = z_.nsec3_matching(a)) {
        add_nsec3(e);
        if (a != name) add_nsec3(z_.nsec3_covering(next_closer(name, a)));
        return;
      }
      if (a.label_count() <= z_.apex().label_count()) return;
    }
  }

  /// The apex SOA for a negative answer, its TTL capped by the SOA MINIMUM (RFC 2308 §3).
  void add_soa() {
    const Node* apex = z_.node(z_.apex());
    const auto& soa = apex->sets.at(rrtype::SOA);
    std::uint32_t ttl = soa.front().ttl;
    const auto& rd = soa.front().rdata;
    if (rd.size() >= 4) {
      const std::size_t o = rd.size() - 4;
      const std::uint32_t minimum = (std::uint32_t{rd[o]} << 24) | (std::uint32_t{rd[o + 1]} << 16) |
                                    (std::uint32_t{rd[o + 2]} << 8) | std::uint32_t{rd[o + 3]};
      ttl = std::min(ttl, minimum);
    }
    for (RR rr : soa) {
      rr.ttl = ttl;
      push_unique(m_.authority, std::move(rr));
    }
    if (!do_) return;
    if (auto it = apex->sigs.find(rrtype::SOA); it != apex->sigs.end()) {
      for (RR rr : it->second) {
        rr.ttl = std::min(rr.ttl, ttl);
        push_unique(m_.authority, std::move(rr));
      }
    }
  }

  void add_nsec(const Name& owner) { add(m_.authority, *z_.node(owner), rrtype::NSEC); }

  void add_nsec3(const Nsec3Entry* e) {
    if (e == nullptr) return;
    push_unique(m_.authority, e->rr);
    for (const RR& s : e->sigs) push_unique(m_.authority, s);
  }

  /// The RRset of type at n (owner replaced for a wildcard expansion), with
  /// its RRSIGs when DO is set; the RRSIG RDATA stays as signed, so its
  /// labels field shows the expansion (RFC 4035 §3.1.3.3).
  void add(std::vector<RR>& section, const Node& n, std::uint16_t type, const Name* owner = nullptr) {
    auto it = n.sets.find(type);
    if (it == n.sets.end()) return;
    append(section, it->second, owner);
    if (!do_) return;
    if (auto s = n.sigs.find(type); s != n.sigs.end()) append(section, s->second, owner);
  }

  static void append(std::vector<RR>& section, const std::vector<RR>& rrs, const Name* owner) {
    for (RR rr : rrs) {
      if (owner != nullptr) rr.owner = *owner;
      push_unique(section, std::move(rr));
    }
  }

  static void push_unique(std::vector<RR>& section, RR rr) {
    if (std::find(section.begin(), section.end(), rr) == section.end()) section.push_back(std::move(rr));
  }

  const ZoneIndex& z_;
  bool do_;
  dns::Message& m_;
};

}  // namespace

void answer_from_zone(const ZoneIndex& zone, const dns::Question& question, bool dnssec_ok, dns::Message& response) {
  Answerer(zone, dnssec_ok, response).run(question.name, question.type);
}

}  // namespace dane::sim::detail
