// dane::sim: alias chasing (RFC 1034 §3.6.2, RFC 6672) and the validator
// glue (RFC 4035 §5): a ChainSource over the resolver's own iteration.
#include <algorithm>
#include <functional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "dane/error.hpp"
#include "recursive_impl.hpp"

namespace dane::sim {

using detail::Resolution;
using detail::Upstream;
using dnssec::Security;

namespace {

constexpr std::uint16_t yxdomain = 6;  // RFC 6672 §2.2 / RFC 2136 §2.2

/// The validator's view of the network: DS and DNSKEY fetched by iteration,
/// through the resolver's cache.
class IterationSource : public dnssec::ChainSource {
 public:
  using Iterate = std::function<Upstream(const dns::Name&, std::uint16_t)>;
  /// hints: NSEC / NSEC3 RRsets that came with the answer being validated.
  IterationSource(Iterate iterate, std::vector<dnssec::SignedRRset> hints)
      : iterate_(std::move(iterate)), hints_(std::move(hints)) {}

  dnssec::SourceAnswer fetch(const dns::Name& name, std::uint16_t type) override {
    dnssec::SourceAnswer a;
    const Upstream u = iterate_(name, type);
    if (u.status == Upstream::Status::Fail) {
      // A DS query that gets no answer may still be denied by the signed
      // NSEC / NSEC3 records that came with the answer (Unbound proves a DS
      // absent from its cache of validated NSECs): the validator checks them.
      if (type == dns::rrtype::DS && !hints_.empty()) {
        a.denial = hints_;
        return a;
      }
      a.failed = true;
      a.failure = u.failure;
      return a;
    }
    if (u.status == Upstream::Status::Answer) {
      for (auto& s : dnssec::group_signed(u.reply.answer))
        if (s.rrset.owner == name && s.rrset.type == type) a.rrset = std::move(s);
      if (a.rrset) return a;
    }
    for (auto& s : dnssec::group_signed(u.reply.authority))
      if (s.rrset.type == dns::rrtype::NSEC || s.rrset.type == dns::rrtype::NSEC3) a.denial.push_back(std::move(s));
    return a;
  }

 private:
  Iterate iterate_;
  std::vector<dnssec::SignedRRset> hints_;
};

/// The NSEC / NSEC3 RRsets among signed sets.
std::vector<dnssec::SignedRRset> denial_sets(const std::vector<dnssec::SignedRRset>& sets) {
  std::vector<dnssec::SignedRRset> out;
  for (const auto& s : sets)
    if (s.rrset.type == dns::rrtype::NSEC || s.rrset.type == dns::rrtype::NSEC3) out.push_back(s);
  return out;
}

/// Folds one more verdict into v: the weakest status wins, with its EDE.
void fold(dnssec::Validation& v, const dnssec::Validation& d) {
  const Security w = dnssec::weakest(v.status, d.status);
  if (w != v.status) v.ede = d.ede;
  v.status = w;
  v.limit_hit = v.limit_hit || d.limit_hit;
  v.crypto_used += d.crypto_used;
  v.reasons.insert(v.reasons.end(), d.reasons.begin(), d.reasons.end());
}

/// The first RDATA name of an alias record.
std::optional<dns::Name> rdata_name(const dns::RR& rr) {
  try {
    std::size_t used = 0;
    return dns::Name::from_wire(rr.rdata, used);
  } catch (const InputError&) {
    return std::nullopt;
  }
}

/// The records that answer (name, type): of that type, or any type but RRSIG for ANY.
std::vector<dns::RR> final_rrs(const std::vector<dns::RR>& answer, const dns::Name& name, std::uint16_t type) {
  if (type != dns::rrtype::ANY) return detail::rrs_of(answer, name, type);
  std::vector<dns::RR> out;
  for (const auto& rr : answer)
    if (rr.owner == name && rr.type != dns::rrtype::RRSIG) out.push_back(rr);
  return out;
}

/// Follows aliases within one reply's answer section from `from`. Returns
/// where the chain stops; appends the links to r.
dns::Name follow(const std::vector<dns::RR>& answer, const dns::Name& from, std::uint16_t type, Resolution& r,
                 std::size_t max_chain) {
  dns::Name cur = from;
  // RFC 6672 §2.3/§3.4: a DNAME applied here without a CNAME for the name in
  // the answer (the DNAME came in an earlier reply of the chain) gets its
  // CNAME synthesized, with the DNAME's TTL, as Unbound's answer shows
  // (val_dname_twice.rpl). Added after the loop: `answer` may be r.answer.
  std::vector<dns::RR> synthesized;
  while (final_rrs(answer, cur, type).empty()) {
    std::optional<dns::Name> next;
    std::uint16_t via = dns::rrtype::CNAME;
    const auto cnames = detail::rrs_of(answer, cur, dns::rrtype::CNAME);
    if (!cnames.empty()) next = rdata_name(cnames.front());
    const dns::RR* dname = nullptr;
    for (const auto& rr : answer)
      if (rr.type == dns::rrtype::DNAME && cur.is_subdomain_of(rr.owner) && !(cur == rr.owner)) {
        via = dns::rrtype::DNAME;
        if (!next)
          if (auto t = rdata_name(rr)) {
            next = dns::dname_substitute(cur, rr.owner, *t);
            dname = &rr;
          }
      }
    if (next && dname && synthesized.size() < max_chain)
      synthesized.push_back(dns::RR{cur, dns::rrtype::CNAME, dname->rclass, dname->ttl, next->wire()});
    if (!next) break;
    if (std::find(r.names.begin(), r.names.end(), *next) != r.names.end()) {
      r.failure = fmt::format("the alias chain loops back to {}", next->to_string());
      break;
    }
    if (r.aliases.size() >= max_chain) {
      r.failure = fmt::format("the alias chain from {} is longer than {} links (max_cname_chain)",
                              r.names.front().to_string(), max_chain);
      break;
    }
    r.aliases.push_back(AliasLink{cur, *next, via, Security::Indeterminate});
    r.names.push_back(*next);
    cur = *next;
  }
  for (auto& rr : synthesized)
    if (std::find(r.answer.begin(), r.answer.end(), rr) == r.answer.end()) r.answer.push_back(std::move(rr));
  return cur;
}

/// RFC 2181 §5.4.1: answer records outside the zone of the servers that sent
/// them are not trusted (Unbound's scrubber drops them); an alias target out
/// there is resolved at its own servers (Deckard val_cname_oob.rpl).
std::vector<dns::RR> in_bailiwick(const std::vector<dns::RR>& answer, const dns::Name& zone) {
  std::vector<dns::RR> out;
  for (const auto& rr : answer)
    if (rr.owner.is_subdomain_of(zone)) out.push_back(rr);
  return out;
}

/// RFC 2181 §5.2: records differing only in TTL are one record (a copy from
/// the cache has its TTL counted down): the first copy is kept.
void append_unique(std::vector<dns::RR>& to, const std::vector<dns::RR>& from) {
  for (const auto& rr : from)
    if (std::none_of(to.begin(), to.end(), [&](const dns::RR& x) {
          return x.owner == rr.owner && x.type == rr.type && x.rclass == rr.rclass && x.rdata == rr.rdata;
        }))
      to.push_back(rr);
}

}  // namespace

Resolution RecursiveResolver::Impl::resolve(const dns::Name& name, std::uint16_t type) {
  if (auto hit = cache.resolution(name, type, now())) {
    ++stats.cache_hits;
    return *hit;
  }
  if (auto hit = aggressive_negative(name, type)) {
    ++stats.cache_hits;
    return *hit;
  }
  if (type == dns::rrtype::DS) forget_referral_ds(name);
  Resolution r;
  r.names.push_back(name);
  dns::Name current = name;
  for (;;) {
    auto cached = cached_alias(current, type);
    if (!cached && !(current == name))
      if (auto neg = aggressive_negative(current, type)) {
        // RFC 8198 §5: an alias target denied by cached NSEC records is not asked for.
        Upstream u;
        u.status = neg->status;
        u.reply.qr = true;
        u.reply.rcode = neg->rcode;
        u.reply.question = dns::Question{current, type, dns::class_in};
        u.reply.authority = neg->authority;
        for (const auto& rr : neg->authority)
          if (rr.type == dns::rrtype::SOA) u.zone = rr.owner;
        cached = std::move(u);
      }
    if (cached) ++stats.cache_hits;
    const Upstream u = cached ? *cached : iterate(current, type);
    if (u.status == Upstream::Status::Fail) {
      r.status = Upstream::Status::Fail;
      r.rcode = dns::rcode::SERVFAIL;
      r.failure = u.failure;
      r.ede = dnssec::Ede::NoReachableAuthority;
      r.reasons.push_back({u.failure, "RFC 1034 §5.3.3"});
      return r;  // failures are not cached
    }
    append_unique(r.answer, detail::alias_order(in_bailiwick(u.reply.answer, u.zone), current, type));
    append_unique(r.authority, u.reply.authority);  // a wildcard link's proof stays with the chain
    r.last_authority = u.reply.authority;
    r.additional = u.reply.additional;
    r.rcode = u.reply.rcode;
    r.status = u.status;
    if (u.status == Upstream::Status::Fail) break;
    const dns::Name end = follow(r.answer, current, type, r, config.max_cname_chain);
    if (!r.failure.empty() || !final_rrs(r.answer, end, type).empty() || end == current) break;
    // RFC 6604 §2-3: the NXDOMAIN / NODATA of a reply with an alias chain is
    // about the chain's last name, but only a server of that name's zone may
    // say so: a target outside the answering zone is resolved on its own
    // (Unbound's iterator, val_cnamenx_rcodenx.rpl).
    if (u.status != Upstream::Status::Answer && end.is_subdomain_of(u.zone)) break;
    current = end;  // the alias leads out of this reply: resolve its target
  }
  const dns::Name& end = r.names.back();
  if (auto rrs = final_rrs(r.answer, end, type); !rrs.empty()) r.final_rrset = dns::group_rrsets(rrs).front();
  if (!r.failure.empty()) {
    r.status = Upstream::Status::Fail;
    r.rcode = dns::rcode::SERVFAIL;
    r.reasons.push_back({r.failure, "RFC 1034 §3.6.2"});
  }
  r.additional = detail::relevant_additional(r, config.harden_unknown_additional);
  if (r.status == Upstream::Status::Answer && !r.final_rrset && r.rcode == dns::rcode::NOERROR)
    r.status = Upstream::Status::NoData;

  Upstream whole;
  whole.status = r.final_rrset ? Upstream::Status::Answer : r.status;
  whole.reply.answer = r.answer;
  whole.reply.authority = r.authority;
  r.ttl = detail::cache_ttl(whole, config.max_cache_ttl);

  if (r.status != Upstream::Status::Fail) {
    if (config.kind == ResolverKind::Validating) {
      validate(r, name, type);
      if (r.security == Security::Secure) drop_nonsecure_extras(r);
      add_cached_soa(r, type);
    }
    else if (config.kind == ResolverKind::CdSetting) fetch_chain_only(r);
  }
  if (config.kind != ResolverKind::Validating && r.status != Upstream::Status::Fail) r.security = Security::Insecure;
  if (config.kind == ResolverKind::Validating && r.status != Upstream::Status::Fail) alias_security(r);
  else
    for (auto& a : r.aliases) a.security = r.security;
  // Unbound's val-bogus-ttl: a bogus result is cached for that long, whatever
  // the data's own TTL (even a negative reply without an SOA, RFC 2308 §5).
  const std::uint32_t ttl = r.security == Security::Bogus ? config.bogus_ttl : r.ttl;
  if (r.status != Upstream::Status::Fail || r.security == Security::Bogus) cache.put_resolution(name, type, r, ttl, now());
  remember_secure(r);
  return r;
}

void RecursiveResolver::Impl::forget_referral_ds(const dns::Name& name) {
  // Unbound answers a client's DS query with the NSEC and the parent's SOA
  // (RFC 2308 §3): from its negative cache when it holds the SOA, else from
  // a DS reply of the parent. The denial kept from a referral
  // (remember_referral_ds, RFC 4035 §3.1.4) has no SOA: without a cached
  // Secure SOA of the parent, the parent is asked.
  const auto u = cache.upstream(name, dns::rrtype::DS, now());
  if (!u || u->status != Upstream::Status::NoData) return;
  const auto& auth = u->reply.authority;
  if (std::any_of(auth.begin(), auth.end(), [](const dns::RR& rr) { return rr.type == dns::rrtype::SOA; })) return;
  if (auto soa = cache.rrset(u->zone, dns::rrtype::SOA, now()); soa && soa->security == Security::Secure) return;
  cache.erase(name, dns::rrtype::DS);
}

void RecursiveResolver::Impl::add_cached_soa(Resolution& r, std::uint16_t qtype) {
  // Unbound's val_neg_getmsg: the DS denial from the negative cache carries
  // the zone's cached SOA with its RRSIG (RFC 2308 §3).
  if (qtype != dns::rrtype::DS || r.security != Security::Secure || r.status != Upstream::Status::NoData) return;
  if (std::any_of(r.authority.begin(), r.authority.end(), [](const dns::RR& rr) { return rr.type == dns::rrtype::SOA; }))
    return;
  for (const auto& s : dnssec::group_signed(r.authority)) {
    if (s.rrset.type != dns::rrtype::NSEC && s.rrset.type != dns::rrtype::NSEC3) continue;
    if (s.rrsigs.empty()) continue;
    auto soa = cache.rrset(s.rrsigs.front().signer, dns::rrtype::SOA, now());
    if (!soa || soa->security != Security::Secure) continue;
    for (auto& rr : soa->rrs) rr.ttl = std::min(rr.ttl, soa->ttl);
    append_unique(r.authority, soa->rrs);
    return;
  }
}

std::optional<detail::CachedRRset> RecursiveResolver::Impl::secure_rrset(const dns::Name& name, std::uint16_t type) {
  auto hit = cache.rrset(name, type, now());
  if (!hit) return std::nullopt;
  if (hit->security == Security::Secure) return hit;
  // Stored from a reply unchecked: RFC 4035 §5.3 before it is handed out with AD.
  const auto sets = dnssec::group_signed(hit->rrs);
  if (sets.size() != 1 || sets.front().rrsigs.empty()) return std::nullopt;
  IterationSource source([this](const dns::Name& n, std::uint16_t ty) { return iterate(n, ty); }, {});
  const dnssec::Validation v = validator.validate_rrset(sets.front(), source, net.clock().now());
  stats.signature_checks += v.crypto_used;
  if (v.status != Security::Secure) return std::nullopt;
  hit->security = Security::Secure;
  cache.put_rrset(name, type, *hit, hit->ttl, now());
  return hit;
}

void RecursiveResolver::Impl::validate(Resolution& r, const dns::Name& qname, std::uint16_t qtype) {
  const Time t = net.clock().now();
  const auto answer = dnssec::group_signed(r.answer);
  const auto authority = dnssec::group_signed(r.authority);
  IterationSource source([this](const dns::Name& n, std::uint16_t ty) { return iterate(n, ty); },
                         denial_sets(authority));
  dnssec::Validation v;
  dns::Name last = qname;
  bool need_denial = true;
  if (qtype == dns::rrtype::RRSIG && r.final_rrset && r.aliases.empty()) {
    // RFC 4035 §2.2: RRSIG RRsets are never signed themselves, so a positive
    // answer to a query for RRSIG cannot be validated (Unbound's
    // needs_validation): it is returned without AD, not as Bogus.
    r.security = Security::Insecure;
    r.reasons.push_back({"an RRSIG RRset carries no signature of its own: not validated", "RFC 4035 §2.2"});
    return;
  }
  if (r.rcode == yxdomain) {
    validate_yxdomain(r, source, t);
    return;
  }
  if (qtype == dns::rrtype::ANY && r.final_rrset) {
    // RFC 8482 aside, an ANY answer is every RRset at the name: each must validate.
    v.status = Security::Secure;
    bool wildcard_checked = false;
    for (const auto& s : answer) {
      if (!(s.rrset.owner == qname)) continue;
      dnssec::Validation one = validator.validate_rrset(s, source, t);
      if (one.status == Security::Secure && one.wildcard_labels && !wildcard_checked) {
        // RFC 4035 §5.3.4: RRsets expanded from a wildcard need the proof that
        // no closer name exists (Unbound's validate_any_response).
        wildcard_checked = true;
        const dnssec::Validation d = validator.validate_denial(qname, s.rrset.type, dnssec::DenialClaim::WildcardAnswer,
                                                               authority, source, t, *one.wildcard_labels);
        fold(one, d);
      }
      if (dnssec::weakest(v.status, one.status) != v.status) {
        v.status = one.status;
        v.ede = one.ede;
      }
      v.crypto_used += one.crypto_used;
      v.limit_hit = v.limit_hit || one.limit_hit;
      v.reasons.insert(v.reasons.end(), one.reasons.begin(), one.reasons.end());
    }
    need_denial = false;
  } else if (!answer.empty()) {
    const dnssec::AnswerChain chain = validator.validate_answer(qname, qtype, answer, authority, source, t);
    v = chain.validation;
    last = chain.names.back();
    need_denial = !chain.final_rrset && v.status != Security::Bogus;
  }
  if (need_denial) {
    // RFC 4035 §5.4: the end of the chain has no data: NXDOMAIN or NODATA must be proved.
    const auto claim = r.rcode == dns::rcode::NXDOMAIN ? dnssec::DenialClaim::NxDomain : dnssec::DenialClaim::NoData;
    dnssec::Validation d = validate_negative(r, last, qtype, claim, authority, source, t);
    if (answer.empty()) v = std::move(d);
    else fold(v, d);
  }
  ++stats.validations;
  stats.signature_checks += v.crypto_used;
  r.reasons.insert(r.reasons.end(), v.reasons.begin(), v.reasons.end());
  r.security = v.status;
  // No trust anchor above the name: the data is returned as Insecure (RFC 4035 §4.3, "indeterminate" islands).
  if (r.security == Security::Indeterminate && v.ede == dnssec::Ede::DnssecIndeterminate) {
    r.security = Security::Insecure;
    return;
  }
  if (r.security == Security::Bogus)
    r.ede = v.ede == dnssec::Ede::Other && !v.limit_hit ? dnssec::Ede::DnssecBogus : v.ede;
  else if (r.security == Security::Indeterminate || v.ede != dnssec::Ede::Other)
    r.ede = v.ede;
  root_key_sentinel(r, qname, qtype);
}

void RecursiveResolver::Impl::root_key_sentinel(Resolution& r, const dns::Name& qname, std::uint16_t qtype) const {
  // RFC 8509 §3.2: only a validated (Secure) A or AAAA answer whose QNAME's
  // leftmost label is "root-key-sentinel-is-ta-<tag>" or
  // "root-key-sentinel-not-ta-<tag>" (<tag>: five decimal digits, §2) is
  // checked against the root zone trust anchors' key tags.
  if (r.security != Security::Secure || (qtype != dns::rrtype::A && qtype != dns::rrtype::AAAA) ||
      qname.label_count() == 0)
    return;
  std::string label = qname.labels().front();
  std::transform(label.begin(), label.end(), label.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  static constexpr std::string_view is_ta = "root-key-sentinel-is-ta-", not_ta = "root-key-sentinel-not-ta-";
  const bool is = label.starts_with(is_ta), is_not = label.starts_with(not_ta);
  if (!is && !is_not) return;
  const std::string digits = label.substr(is ? is_ta.size() : not_ta.size());
  if (digits.size() != 5 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return;
  const unsigned long tag = std::stoul(digits);
  bool trusted = false;
  for (const auto& a : config.anchors) {
    if (!a.zone.is_root()) continue;
    for (const auto& d : a.ds) trusted = trusted || d.key_tag == tag;
    for (const auto& k : a.dnskeys) trusted = trusted || dnssec::key_tag(k) == tag;
  }
  if (is == trusted) return;
  r.security = Security::Bogus;
  r.ede = dnssec::Ede::Other;
  r.reasons.push_back({fmt::format("root key sentinel: key tag {} is {}a root trust anchor", digits, trusted ? "" : "not "),
                       "RFC 8509 §3.2"});
}

void RecursiveResolver::Impl::alias_security(Resolution& r) {
  if (r.aliases.empty()) return;
  const Time t = net.clock().now();
  const auto answer = dnssec::group_signed(r.answer);
  IterationSource source([this](const dns::Name& n, std::uint16_t ty) { return iterate(n, ty); },
                         denial_sets(dnssec::group_signed(r.authority)));
  Security so_far = Security::Secure;
  for (auto& link : r.aliases) {
    const dnssec::SignedRRset* set = nullptr;
    for (const auto& s : answer) {
      const bool cname = link.type == dns::rrtype::CNAME && s.rrset.type == dns::rrtype::CNAME && s.rrset.owner == link.owner;
      const bool dname = link.type == dns::rrtype::DNAME && s.rrset.type == dns::rrtype::DNAME &&
                         link.owner.is_subdomain_of(s.rrset.owner);
      if (cname || dname) {
        set = &s;
        break;
      }
    }
    Security own = r.security;
    if (set) {
      const dnssec::Validation v = validator.validate_rrset(*set, source, t);
      stats.signature_checks += v.crypto_used;
      own = v.status == Security::Indeterminate && v.ede == dnssec::Ede::DnssecIndeterminate ? Security::Insecure
                                                                                            : v.status;
    }
    so_far = dnssec::weakest(so_far, own);
    link.security = so_far;
  }
}

void RecursiveResolver::Impl::drop_nonsecure_extras(Resolution& r) {
  const Time t = net.clock().now();
  IterationSource source([this](const dns::Name& n, std::uint16_t ty) { return iterate(n, ty); }, {});
  auto clean = [&](std::vector<dns::RR>& section) {
    for (const auto& s : dnssec::group_signed(section)) {
      if (!s.rrsigs.empty()) {
        const dnssec::Validation v = validator.validate_rrset(s, source, t);
        stats.signature_checks += v.crypto_used;
        if (v.status == Security::Secure) continue;
      }
      std::erase_if(section, [&](const dns::RR& rr) {
        return rr.owner == s.rrset.owner &&
               (rr.type == s.rrset.type || (rr.type == dns::rrtype::RRSIG && detail::covered_type(rr) == s.rrset.type));
      });
    }
  };
  clean(r.authority);
  clean(r.additional);
}

void RecursiveResolver::Impl::validate_yxdomain(Resolution& r, dnssec::ChainSource& source, Time t) {
  // RFC 6672 §2.2: YXDOMAIN says the DNAME substitution overflowed 255
  // octets; the DNAME RRset(s) of the answer are checked (a Bogus one is a
  // SERVFAIL), but a non-answer is never marked Secure: it goes back without
  // AD, as Unbound's validator ("cannot validate non-answer") does.
  Security worst = Security::Insecure;
  for (const auto& s : dnssec::group_signed(r.answer)) {
    if (s.rrset.type != dns::rrtype::DNAME) continue;
    const dnssec::Validation v = validator.validate_rrset(s, source, t);
    ++stats.validations;
    stats.signature_checks += v.crypto_used;
    r.reasons.insert(r.reasons.end(), v.reasons.begin(), v.reasons.end());
    if (v.status == Security::Bogus && worst != Security::Bogus) {
      worst = Security::Bogus;
      r.ede = v.ede == dnssec::Ede::Other ? dnssec::Ede::DnssecBogus : v.ede;
    }
  }
  r.security = worst;
  r.reasons.push_back({"a YXDOMAIN answer (the DNAME substitution is too long) is not marked Secure", "RFC 6672 §2.2"});
}

namespace {

/// EDE 12 (NSEC Missing, RFC 8914 §4.13) describes a negative answer, one
/// with the SOA of RFC 2308 §2.1-2.2 in its authority section, whose NSEC /
/// NSEC3 proof is absent (Unbound's ede.tdir nsec-failures, catalog rows
/// 23-25). A reply without data and without SOA (val_ds_cname.rpl: only the
/// zone's NS RRset) is no negative answer at all: its failure is plain DNSSEC
/// Bogus (EDE 6), as Unbound reports it.
dnssec::Validation not_a_negative_answer(const Resolution& r, dnssec::Validation d) {
  if (d.status != Security::Bogus || d.ede != dnssec::Ede::NsecMissing) return d;
  const bool has_soa = std::any_of(r.last_authority.begin(), r.last_authority.end(),
                                   [](const dns::RR& rr) { return rr.type == dns::rrtype::SOA; });
  if (!has_soa) {
    d.ede = dnssec::Ede::DnssecBogus;
    d.reasons.push_back({"the reply has neither data nor an SOA: it is not a negative answer", "RFC 2308 §2.2"});
  }
  return d;
}

}  // namespace

dnssec::Validation RecursiveResolver::Impl::validate_negative(Resolution& r, const dns::Name& last,
                                                              std::uint16_t qtype, dnssec::DenialClaim claim,
                                                              const std::vector<dnssec::SignedRRset>& authority,
                                                              dnssec::ChainSource& source, Time t) {
  // RFC 4035 §5 (Unbound's validate_msg_signatures runs before the denial
  // checks): every other RRset of the negative reply's authority section,
  // the SOA above all, must validate; a failure there (an unsigned or stale
  // SOA) is the answer's reason even when the proof is missing too
  // (val_cnametonodata_nonsec.rpl: EDE 10, not 12).
  const dnssec::Validation sigs = validate_authority_signatures(r, source, t);
  if (sigs.status == Security::Bogus) return sigs;
  dnssec::Validation d = validator.validate_denial(last, qtype, claim, authority, source, t);
  if (claim == dnssec::DenialClaim::NxDomain && d.status == Security::Bogus && !d.limit_hit) {
    // RFC 4592 §2.2.2: an NXDOMAIN for an empty non-terminal; when the NSECs
    // prove the name exists without the type, the answer is NODATA (Unbound
    // turns the rcode into NOERROR, val_nodata_entnx.rpl).
    dnssec::Validation nd = validator.validate_denial(last, qtype, dnssec::DenialClaim::NoData, authority, source, t);
    if (nd.status == Security::Secure) {
      d = std::move(nd);
      r.rcode = dns::rcode::NOERROR;
      r.status = Upstream::Status::NoData;
    }
  }
  if (d.status == Security::Bogus && !d.limit_hit && !r.aliases.empty()) {
    // RFC 4035 §5.2: the end of an alias chain may lie below an insecure
    // delegation (proved by the signed parent): then its denial needs no proof.
    // (Only for alias targets: the name asked is answered by its own zone.)
    const dnssec::SignedRRset unsigned_set{dns::RRset{last, qtype, dns::class_in, 0, {}}, {}};
    dnssec::Validation ins = validator.validate_rrset(unsigned_set, source, t);
    if (ins.status == Security::Insecure) d = std::move(ins);
  }
  if (d.status == Security::Bogus) return not_a_negative_answer(r, std::move(d));
  fold(d, sigs);
  return d;
}

dnssec::Validation RecursiveResolver::Impl::validate_authority_signatures(const Resolution& r,
                                                                         dnssec::ChainSource& source, Time t) {
  // The NSEC / NSEC3 RRsets are validated with the proof (validate_denial).
  dnssec::Validation all;
  all.status = Security::Secure;
  for (const auto& s : dnssec::group_signed(r.last_authority)) {
    if (s.rrset.type == dns::rrtype::NSEC || s.rrset.type == dns::rrtype::NSEC3) continue;
    fold(all, validator.validate_rrset(s, source, t));
    if (all.status == Security::Bogus) break;
  }
  return all;
}

void RecursiveResolver::Impl::fetch_chain_only(const Resolution& r) {
  // A CD-setting resolver asks for what a validator would need (the study's
  // DS / DNSKEY columns) and then ignores it.
  std::vector<dns::Name> signers;
  for (const auto* section : {&r.answer, &r.authority})
    for (const auto& s : dnssec::group_signed(*section))
      for (const auto& sig : s.rrsigs)
        if (std::find(signers.begin(), signers.end(), sig.signer) == signers.end() && signers.size() < 8)
          signers.push_back(sig.signer);
  for (const auto& s : signers) {
    (void)iterate(s, dns::rrtype::DNSKEY);
    if (!s.is_root()) (void)iterate(s, dns::rrtype::DS);
  }
}

}  // namespace dane::sim
