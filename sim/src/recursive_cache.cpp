// dane::sim: the recursive resolver's caches (RFC 1035 §3.2.1, RFC 2308 §5)
// and the answers made from them (RFC 8198 aggressive NSEC, RFC 6672 §3.1
// DNAME synthesis, referrals for queries without RD).
#include <algorithm>
#include <chrono>

#include "dane/dnssec/denial.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/error.hpp"
#include "recursive_impl.hpp"

namespace dane::sim::detail {

namespace {

Instant expiry(Instant now, std::uint32_t ttl) { return now + std::chrono::seconds(ttl); }

}  // namespace

std::vector<dns::RR> rrs_of(const std::vector<dns::RR>& rrs, const dns::Name& name, std::uint16_t type) {
  std::vector<dns::RR> out;
  for (const auto& rr : rrs)
    if (rr.type == type && rr.owner == name) out.push_back(rr);
  return out;
}

std::uint32_t cache_ttl(const Upstream& u, std::uint32_t max_ttl) {
  std::uint32_t ttl = max_ttl;
  if (u.status == Upstream::Status::Answer) {
    for (const auto& rr : u.reply.answer) ttl = std::min(ttl, rr.ttl);
    return ttl;
  }
  // RFC 2308 §5: the negative TTL is the SOA's TTL capped by its MINIMUM field.
  bool soa = false;
  for (const auto& rr : u.reply.authority) {
    if (rr.type != dns::rrtype::SOA || rr.rdata.size() < 4) continue;
    const auto& d = rr.rdata;
    const std::size_t n = d.size();
    const std::uint32_t minimum = (std::uint32_t{d[n - 4]} << 24) | (std::uint32_t{d[n - 3]} << 16) |
                                  (std::uint32_t{d[n - 2]} << 8) | std::uint32_t{d[n - 1]};
    ttl = std::min({ttl, rr.ttl, minimum});
    soa = true;
  }
  // RFC 2308 §5: without an SOA the negative answer is not cached.
  return soa ? ttl : 0;
}

std::optional<Upstream> Cache::upstream(const dns::Name& name, std::uint16_t type, Instant now) const {
  auto it = upstream_.find({name, type});
  if (it == upstream_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.value;
}

void Cache::put_upstream(const dns::Name& name, std::uint16_t type, const Upstream& u, std::uint32_t ttl, Instant now) {
  if (u.status == Upstream::Status::Fail || ttl == 0 || max_ == 0) return;
  make_room();
  upstream_[{name, type}] = Entry<Upstream>{u, expiry(now, ttl), now};
}

std::optional<Resolution> Cache::resolution(const dns::Name& name, std::uint16_t type, Instant now) const {
  auto it = resolutions_.find({name, type});
  if (it == resolutions_.end() || it->second.expires <= now) return std::nullopt;
  Resolution r = it->second.value;
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(it->second.expires - now).count();
  r.ttl = static_cast<std::uint32_t>(std::max<std::int64_t>(left, 0));
  return r;
}

void Cache::put_resolution(const dns::Name& name, std::uint16_t type, const Resolution& r, std::uint32_t ttl,
                           Instant now) {
  if (ttl == 0 || max_ == 0) return;
  make_room();
  resolutions_[{name, type}] = Entry<Resolution>{r, expiry(now, ttl), now};
}

std::optional<std::pair<dns::Name, std::vector<Address>>> Cache::delegation(const dns::Name& name, bool strictly_above,
                                                                             Instant now) const {
  const std::size_t labels = name.label_count();
  for (std::size_t n = strictly_above ? labels : labels + 1; n-- > 0;) {
    const dns::Name zone = name.suffix(n);
    auto it = delegations_.find(zone);
    if (it != delegations_.end() && it->second.expires > now && !it->second.value.empty())
      return std::make_pair(zone, it->second.value);
  }
  return std::nullopt;
}

void Cache::put_delegation(const dns::Name& zone, std::vector<Address> servers, std::uint32_t ttl, Instant now) {
  if (ttl == 0 || servers.empty() || max_ == 0) return;
  make_room();
  delegations_[zone] = Entry<std::vector<Address>>{std::move(servers), expiry(now, ttl), now};
}

bool has_rrsig(const std::vector<dns::RR>& rrs) {
  return std::any_of(rrs.begin(), rrs.end(), [](const dns::RR& rr) { return rr.type == dns::rrtype::RRSIG; });
}

namespace {

std::uint32_t seconds_left(Instant expires, Instant now) {
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(expires - now).count();
  return static_cast<std::uint32_t>(std::max<std::int64_t>(left, 0));
}

}  // namespace

std::optional<CachedRRset> Cache::rrset(const dns::Name& name, std::uint16_t type, Instant now) const {
  auto it = rrsets_.find({name, type});
  if (it == rrsets_.end() || it->second.expires <= now) return std::nullopt;
  CachedRRset out = it->second.value;
  out.ttl = seconds_left(it->second.expires, now);
  return out;
}

void Cache::put_rrset(const dns::Name& name, std::uint16_t type, CachedRRset set, std::uint32_t ttl, Instant now) {
  if (ttl == 0 || max_ == 0 || set.rrs.empty()) return;
  if (auto it = rrsets_.find({name, type}); it != rrsets_.end() && it->second.expires > now) {
    const CachedRRset& old = it->second.value;
    if (old.security == dnssec::Security::Secure && set.security != dnssec::Security::Secure) return;
    if (has_rrsig(old.rrs) && !has_rrsig(set.rrs)) return;
  }
  make_room();
  rrsets_[{name, type}] = Entry<CachedRRset>{std::move(set), expiry(now, ttl), now};
}

void Cache::put_nsec(const dns::Name& zone, const dns::Name& owner, std::vector<dns::RR> rrs, std::uint32_t ttl,
                     Instant now) {
  if (ttl == 0 || max_ == 0 || rrs.empty()) return;
  make_room();
  auto& in_zone = nsecs_[zone];
  if (in_zone.find(owner) == in_zone.end()) ++nsec_count_;
  in_zone[owner] = Entry<CachedRRset>{CachedRRset{std::move(rrs), dnssec::Security::Secure, 0}, expiry(now, ttl), now};
}

std::optional<dns::Name> Cache::nsec_zone(const dns::Name& name, Instant now) const {
  for (std::size_t n = name.label_count() + 1; n-- > 0;) {
    auto it = nsecs_.find(name.suffix(n));
    if (it == nsecs_.end()) continue;
    for (const auto& [owner, e] : it->second)
      if (e.expires > now) return it->first;
  }
  return std::nullopt;
}

std::optional<CachedRRset> Cache::nsec_before(const dns::Name& zone, const dns::Name& name, Instant now) const {
  auto z = nsecs_.find(zone);
  if (z == nsecs_.end()) return std::nullopt;
  auto it = z->second.upper_bound(name);  // the first owner after name
  if (it == z->second.begin()) {
    // Nothing sorts before name: the zone's last NSEC wraps round to the apex (RFC 4034 §4.1.1).
    it = z->second.end();
  }
  --it;
  if (it->second.expires <= now) return std::nullopt;
  CachedRRset out = it->second.value;
  out.ttl = seconds_left(it->second.expires, now);
  return out;
}

void Cache::erase(const dns::Name& name, std::uint16_t type) {
  upstream_.erase({name, type});
  resolutions_.erase({name, type});
  rrsets_.erase({name, type});
}

void Cache::clear() {
  upstream_.clear();
  resolutions_.clear();
  delegations_.clear();
  rrsets_.clear();
  nsecs_.clear();
  nsec_count_ = 0;
}

void Cache::make_room() {
  // A full cache is emptied wholesale: simple, bounded, deterministic.
  if (upstream_.size() + resolutions_.size() + delegations_.size() + rrsets_.size() + nsec_count_ >= max_) clear();
}

}  // namespace dane::sim::detail

namespace dane::sim {

using detail::CachedRRset;
using detail::Resolution;
using detail::Upstream;
using dnssec::Security;

namespace {

/// The RRset (owner, type) of rrs with the RRSIGs covering it.
std::vector<dns::RR> signed_set(const std::vector<dns::RR>& rrs, const dns::Name& owner, std::uint16_t type) {
  std::vector<dns::RR> out = detail::rrs_of(rrs, owner, type);
  if (out.empty()) return out;
  for (const auto& rr : rrs)
    if (rr.type == dns::rrtype::RRSIG && rr.owner == owner && detail::covered_type(rr) == type) out.push_back(rr);
  return out;
}

std::uint32_t min_ttl(const std::vector<dns::RR>& rrs, std::uint32_t cap) {
  for (const auto& rr : rrs) cap = std::min(cap, rr.ttl);
  return cap;
}

/// The parsed RRSIGs of a signed set (unparsable ones skipped).
std::vector<dnssec::Rrsig> rrsigs_of(const std::vector<dns::RR>& rrs) {
  std::vector<dnssec::Rrsig> out;
  for (const auto& rr : rrs) {
    if (rr.type != dns::rrtype::RRSIG) continue;
    try {
      out.push_back(dnssec::Rrsig::from_rdata(rr.rdata));
    } catch (const Error&) {
    }
  }
  return out;
}

/// The SOA MINIMUM field (RFC 1035 §3.3.13), 0 when the RDATA is too short.
std::uint32_t soa_minimum(const dns::RR& soa) {
  const auto& d = soa.rdata;
  const std::size_t n = d.size();
  if (n < 4) return 0;
  return (std::uint32_t{d[n - 4]} << 24) | (std::uint32_t{d[n - 3]} << 16) | (std::uint32_t{d[n - 2]} << 8) |
         std::uint32_t{d[n - 1]};
}

/// The deepest common ancestor of a and b.
dns::Name common_ancestor(const dns::Name& a, const dns::Name& b) {
  for (std::size_t n = std::min(a.label_count(), b.label_count()) + 1; n-- > 0;)
    if (a.suffix(n) == b.suffix(n)) return a.suffix(n);
  return dns::Name();
}

/// An NSEC RRset's record and its parsed RDATA.
std::optional<std::pair<dns::Name, dnssec::Nsec>> nsec_of(const CachedRRset& set) {
  for (const auto& rr : set.rrs) {
    if (rr.type != dns::rrtype::NSEC) continue;
    try {
      return std::make_pair(rr.owner, dnssec::Nsec::from_rdata(rr.rdata));
    } catch (const Error&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

void RecursiveResolver::Impl::remember_secure(const Resolution& r) {
  if (config.kind != ResolverKind::Validating || r.status == Upstream::Status::Fail) return;
  const Instant t = now();
  auto keep = [&](const std::vector<dns::RR>& section, const dns::Name& owner, std::uint16_t type) {
    std::vector<dns::RR> set = signed_set(section, owner, type);
    // Only signed data is kept: a CNAME synthesised from a DNAME carries no
    // RRSIG and is made again from the DNAME (RFC 6672 §3.1).
    if (!detail::has_rrsig(set)) return;
    const std::uint32_t ttl = min_ttl(set, config.max_cache_ttl);
    cache.put_rrset(owner, type, CachedRRset{std::move(set), Security::Secure, 0}, ttl, t);
  };
  // RFC 7672 §2.2.2 / RFC 4035 §5: each alias link has its own verdict.
  for (const auto& link : r.aliases) {
    if (link.security != Security::Secure) break;
    if (link.type == dns::rrtype::CNAME) {
      keep(r.answer, link.owner, dns::rrtype::CNAME);
      continue;
    }
    for (const auto& rr : r.answer)
      if (rr.type == dns::rrtype::DNAME && link.owner.is_subdomain_of(rr.owner) && !(link.owner == rr.owner)) {
        keep(r.answer, rr.owner, dns::rrtype::DNAME);
        break;
      }
  }
  if (r.security != Security::Secure) return;
  if (r.final_rrset) keep(r.answer, r.final_rrset->owner, r.final_rrset->type);
  // A DNAME the validated chain went through (also when the query was for
  // the CNAME synthesised from it, which makes no alias link).
  for (const auto& rr : r.answer)
    if (rr.type == dns::rrtype::DNAME)
      for (const auto& n : r.names)
        if (n.is_subdomain_of(rr.owner) && !(n == rr.owner)) {
          keep(r.answer, rr.owner, dns::rrtype::DNAME);
          break;
        }
  // drop_nonsecure_extras left only Secure RRsets beside a Secure answer.
  for (const auto* section : {&r.authority, &r.additional})
    for (const auto& s : dnssec::group_signed(*section))
      if (s.rrset.type != dns::rrtype::NSEC && s.rrset.type != dns::rrtype::NSEC3)
        keep(*section, s.rrset.owner, s.rrset.type);
  // RFC 8198 §4-5.4: the NSEC records, per signing zone, usable for the
  // smallest of their TTL and the SOA's TTL and MINIMUM (RFC 9077 §3).
  for (const auto& s : dnssec::group_signed(r.authority)) {
    if (s.rrset.type != dns::rrtype::NSEC || s.rrsigs.empty()) continue;
    const dnssec::Rrsig& sig = s.rrsigs.front();
    // RFC 8198 §5.1: only within the zone that signed it; an NSEC expanded
    // from a wildcard (RRSIG labels below the owner's, the "*" label not
    // counted: RFC 4034 §3.1.3) proves nothing (CVE-2017-15105).
    const std::size_t labels = s.rrset.owner.label_count() - (s.rrset.owner.is_wildcard() ? 1 : 0);
    if (!s.rrset.owner.is_subdomain_of(sig.signer) || sig.labels != labels) continue;
    std::uint32_t ttl = min_ttl(signed_set(r.authority, s.rrset.owner, dns::rrtype::NSEC), config.max_cache_ttl);
    for (const auto& rr : r.authority)
      if (rr.type == dns::rrtype::SOA && rr.owner == sig.signer) ttl = std::min({ttl, rr.ttl, soa_minimum(rr)});
    cache.put_nsec(sig.signer, s.rrset.owner, signed_set(r.authority, s.rrset.owner, dns::rrtype::NSEC), ttl, t);
  }
}

void RecursiveResolver::Impl::remember_reply(const dns::Message& reply, const dns::Name& zone) {
  if (config.kind != ResolverKind::Validating) return;
  const Instant t = now();
  auto keep = [&](const std::vector<dns::RR>& section, std::uint16_t type) {
    for (const auto& s : dnssec::group_signed(section)) {
      if (s.rrset.type != type || !s.rrset.owner.is_subdomain_of(zone)) continue;
      std::vector<dns::RR> set = signed_set(section, s.rrset.owner, type);
      const std::uint32_t ttl = min_ttl(set, config.max_cache_ttl);
      cache.put_rrset(s.rrset.owner, type, CachedRRset{std::move(set), Security::Indeterminate, 0}, ttl, t);
    }
  };
  keep(reply.answer, dns::rrtype::NS);
  keep(reply.authority, dns::rrtype::NS);
  keep(reply.additional, dns::rrtype::A);
  keep(reply.additional, dns::rrtype::AAAA);
}

std::optional<Resolution> RecursiveResolver::Impl::aggressive_negative(const dns::Name& name, std::uint16_t type) {
  if (config.kind != ResolverKind::Validating) return std::nullopt;
  // RFC 8198 §5 under aggressive-nsec; Unbound's val_neg answers DS queries
  // from its negative cache in any case.
  if (!config.aggressive_nsec && type != dns::rrtype::DS) return std::nullopt;
  // RFC 6895 §3.1: ANY and the other query-only types (128-255) are never in
  // an NSEC type bitmap, so a bitmap cannot deny them.
  if (type >= 128 && type <= 255) return std::nullopt;
  // RFC 7646 §2.1: nothing below a negative trust anchor is treated as signed.
  for (const auto& nta : config.negative_anchors)
    if (name.is_subdomain_of(nta)) return std::nullopt;
  const Instant t = now();
  const auto zone = cache.nsec_zone(name, t);
  if (!zone) return std::nullopt;
  const auto soa = cache.rrset(*zone, dns::rrtype::SOA, t);
  if (!soa || soa->security != Security::Secure) return std::nullopt;
  const auto first = cache.nsec_before(*zone, name, t);
  if (!first) return std::nullopt;
  const auto parsed = nsec_of(*first);
  if (!parsed) return std::nullopt;
  const auto& [owner, nsec] = *parsed;
  std::vector<CachedRRset> picked{*first};
  dnssec::DenialClaim claim = dnssec::DenialClaim::NoData;
  if (owner == name) {
    claim = dnssec::DenialClaim::NoData;  // RFC 4035 §5.4: the name exists without the type
  } else if (!dnssec::nsec_covers(owner, nsec.next, name)) {
    return std::nullopt;
  } else if (nsec.next.is_subdomain_of(name)) {
    claim = dnssec::DenialClaim::NoData;  // RFC 4592 §2.2.2: an empty non-terminal
  } else {
    // RFC 8198 §5.2 / RFC 4035 §5.4: the name is covered; the wildcard at
    // its closest encloser must be covered too.
    claim = dnssec::DenialClaim::NxDomain;
    dns::Name ce = common_ancestor(name, owner);
    if (const dns::Name other = common_ancestor(name, nsec.next); other.label_count() > ce.label_count()) ce = other;
    if (!ce.is_subdomain_of(*zone)) return std::nullopt;
    dns::Name wildcard;
    try {
      wildcard = ce.prepend("*");
    } catch (const Error&) {
      return std::nullopt;
    }
    const auto wc = cache.nsec_before(*zone, wildcard, t);
    if (!wc) return std::nullopt;
    const auto wparsed = nsec_of(*wc);
    if (!wparsed || wparsed->first == wildcard || !dnssec::nsec_covers(wparsed->first, wparsed->second.next, wildcard))
      return std::nullopt;  // the wildcard exists: Unbound's val_neg does not synthesise from it
    if (!(wparsed->first == owner)) picked.push_back(*wc);
  }
  std::vector<dnssec::SignedNsec> proof;
  for (const auto& p : picked)
    if (auto n = nsec_of(p)) proof.push_back(dnssec::SignedNsec{n->first, n->second, false});
  const dnssec::DenialResult d = dnssec::prove_with_nsec(name, type, claim, *zone, proof);
  if (d.status != Security::Secure) return std::nullopt;

  Resolution r;
  r.names.push_back(name);
  r.status = claim == dnssec::DenialClaim::NxDomain ? Upstream::Status::NxDomain : Upstream::Status::NoData;
  r.rcode = claim == dnssec::DenialClaim::NxDomain ? dns::rcode::NXDOMAIN : dns::rcode::NOERROR;
  r.ttl = soa->ttl;
  for (const auto& p : picked) {
    r.authority.insert(r.authority.end(), p.rrs.begin(), p.rrs.end());
    r.ttl = std::min(r.ttl, p.ttl);
  }
  r.authority.insert(r.authority.end(), soa->rrs.begin(), soa->rrs.end());
  // RFC 8198 §5.4: the synthesised answer's TTLs are what is left of the cached ones.
  for (auto& rr : r.authority) rr.ttl = std::min(rr.ttl, r.ttl);
  r.last_authority = r.authority;
  r.security = Security::Secure;
  r.reasons = d.reasons;
  r.reasons.push_back({"answered from cached validated NSEC records without asking upstream", "RFC 8198 §5"});
  return r;
}

std::optional<Upstream> RecursiveResolver::Impl::cached_alias(const dns::Name& name, std::uint16_t type) {
  if (config.kind != ResolverKind::Validating || type == dns::rrtype::DS) return std::nullopt;
  const bool alias_type = type == dns::rrtype::CNAME || type == dns::rrtype::DNAME;
  const Instant t = now();
  auto reply = [&](std::vector<dns::RR> answer) {
    Upstream u;
    u.status = Upstream::Status::Answer;
    u.reply.qr = true;
    u.reply.question = dns::Question{name, type, dns::class_in};
    for (const auto& sig : rrsigs_of(answer)) u.zone = sig.signer;
    u.reply.answer = std::move(answer);
    return u;
  };
  if (auto hit = alias_type ? cache.rrset(name, type, t) : std::nullopt; hit && hit->security == Security::Secure) {
    for (auto& rr : hit->rrs) rr.ttl = std::min(rr.ttl, hit->ttl);
    return reply(std::move(hit->rrs));
  }
  // RFC 1034 §3.6.2: a CNAME at the name answers for every other type; the chain goes on from its target.
  if (auto hit = cache.rrset(name, dns::rrtype::CNAME, t); hit && hit->security == Security::Secure) {
    for (auto& rr : hit->rrs) rr.ttl = std::min(rr.ttl, hit->ttl);
    return reply(std::move(hit->rrs));
  }
  // RFC 6672 §3.1: a DNAME above the name answers for it with a CNAME made on the spot.
  for (std::size_t n = name.label_count(); n-- > 1;) {
    const dns::Name owner = name.suffix(n);
    auto hit = cache.rrset(owner, dns::rrtype::DNAME, t);
    if (!hit || hit->security != Security::Secure) continue;
    const auto dname = detail::rrs_of(hit->rrs, owner, dns::rrtype::DNAME);
    if (dname.size() != 1) return std::nullopt;
    std::optional<dns::Name> target;
    try {
      std::size_t used = 0;
      target = dns::dname_substitute(name, owner, dns::Name::from_wire(dname.front().rdata, used));
    } catch (const Error&) {
    }
    if (!target) return std::nullopt;  // unreadable, or too long: left to the authority (YXDOMAIN, RFC 6672 §2.2)
    std::vector<dns::RR> answer = hit->rrs;
    for (auto& rr : answer) rr.ttl = std::min(rr.ttl, hit->ttl);
    dns::RR cname;
    cname.owner = name;
    cname.type = dns::rrtype::CNAME;
    cname.rclass = dns::class_in;
    cname.ttl = dname.front().ttl;
    cname.rdata = target->wire();
    answer.push_back(std::move(cname));
    return reply(std::move(answer));
  }
  return std::nullopt;
}

std::optional<Resolution> RecursiveResolver::Impl::cached_referral(const dns::Name& name) {
  if (config.kind != ResolverKind::Validating) return std::nullopt;
  for (std::size_t n = name.label_count() + 1; n-- > 1;) {
    const dns::Name zone = name.suffix(n);
    if (!cache.rrset(zone, dns::rrtype::NS, now())) continue;
    const auto ns = secure_rrset(zone, dns::rrtype::NS);
    if (!ns) return std::nullopt;  // not Secure: iterate as before
    Resolution r;
    r.names.push_back(name);
    r.status = Upstream::Status::NoData;
    r.rcode = dns::rcode::NOERROR;
    r.security = Security::Secure;
    r.ttl = ns->ttl;
    r.authority = ns->rrs;
    for (const auto& rr : detail::rrs_of(ns->rrs, zone, dns::rrtype::NS)) {
      std::size_t used = 0;
      dns::Name host;
      try {
        host = dns::Name::from_wire(rr.rdata, used);
      } catch (const Error&) {
        continue;
      }
      // Unbound's val-clean-additional: only Secure addresses beside an AD referral.
      for (const std::uint16_t type : {dns::rrtype::A, dns::rrtype::AAAA})
        if (auto addr = secure_rrset(host, type)) r.additional.insert(r.additional.end(), addr->rrs.begin(), addr->rrs.end());
    }
    for (auto* section : {&r.authority, &r.additional})
      for (auto& rr : *section) rr.ttl = std::min(rr.ttl, r.ttl);
    r.reasons.push_back({"a query without RD answered with a referral from the cache", "RFC 1034 §4.3.2"});
    return r;
  }
  return std::nullopt;
}

}  // namespace dane::sim
