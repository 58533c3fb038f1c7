// dane::sim: iterative resolution (RFC 1034 §5.3.3) over the simulated network.
#include <algorithm>

#include <fmt/format.h>

#include "dane/error.hpp"
#include "recursive_impl.hpp"

namespace dane::sim {

using detail::LimitReached;
using detail::Upstream;

namespace {

/// Name servers asked for their own addresses at most this deep (a chain of
/// out-of-bailiwick NS names).
constexpr std::size_t max_ns_depth = 4;
/// NS names resolved per referral without glue.
constexpr std::size_t max_ns_names = 4;

/// RFC 9156 §3: at most this many minimised queries per name, the first
/// MINIMISE_ONE_LAB of them one label at a time.
constexpr std::size_t max_minimise_count = 10;
constexpr std::size_t minimise_one_lab = 4;

/// RFC 9156 §3 step 5: the next name to show the servers of the zone whose
/// deepest known name is `known`: one label more at first, then bigger steps
/// so that no more than max_minimise_count queries are spent on name.
dns::Name next_minimised(const dns::Name& name, const dns::Name& known, std::size_t& count) {
  const std::size_t have = known.label_count(), want = name.label_count();
  std::size_t add = 1;
  if (count >= minimise_one_lab) {
    const std::size_t steps_left = count < max_minimise_count ? max_minimise_count - count : 1;
    add = std::max<std::size_t>(1, (want - have) / steps_left);
  }
  ++count;
  return name.suffix(std::min(want, have + add));
}

/// The query the resolver kind sends upstream (the study's DO / CD columns).
dns::Message upstream_query(const ResolverConfig& c, std::uint16_t id, const dns::Name& name, std::uint16_t type) {
  dns::Message q;
  q.id = id;
  q.question = dns::Question{name, type, dns::class_in};
  dns::Edns e;
  e.udp_payload_size = c.udp_size;
  e.dnssec_ok = c.kind != ResolverKind::NoDo;
  q.edns = e;
  q.cd = c.kind == ResolverKind::CdSetting;
  return q;
}

/// RFC 1034 §4.3.1: a server that neither answers, refers, nor says the
/// data is absent (no SOA) is lame for the name.
bool is_lame(const dns::Message& m) {
  if (m.rcode != dns::rcode::NOERROR || m.aa || !m.answer.empty()) return false;
  return std::none_of(m.authority.begin(), m.authority.end(), [](const dns::RR& rr) {
    return rr.type == dns::rrtype::SOA || rr.type == dns::rrtype::NS || rr.type == dns::rrtype::NSEC ||
           rr.type == dns::rrtype::NSEC3;
  });
}

/// The address in an A / AAAA record, in canonical text form.
std::optional<Address> glue_address(const dns::RR& rr) {
  try {
    const std::string text = rr.to_string();
    const auto pos = text.find_last_of(" \t");
    return canonical_address(text.substr(pos == std::string::npos ? 0 : pos + 1));
  } catch (const Error&) {
    return std::nullopt;
  }
}

/// The referral's zone: the NS owner deepest below `zone` that contains name.
std::optional<dns::Name> referral_zone(const dns::Message& m, const dns::Name& zone, const dns::Name& name,
                                       std::uint16_t type) {
  if (m.rcode != dns::rcode::NOERROR || !m.answer.empty()) return std::nullopt;
  std::optional<dns::Name> best;
  for (const auto& rr : m.authority) {
    if (rr.type != dns::rrtype::NS) continue;
    if (!name.is_subdomain_of(rr.owner) || rr.owner.label_count() <= zone.label_count()) continue;
    // RFC 4035 §3.1.4.1: the DS of a zone lives at its parent; a referral to
    // the zone itself is the parent's no-DS answer.
    if (type == dns::rrtype::DS && rr.owner == name) continue;
    if (!best || rr.owner.label_count() > best->label_count()) best = rr.owner;
  }
  return best;
}

/// True when the answer section speaks about name (data, an alias, a DNAME above it).
bool answers(const dns::Message& m, const dns::Name& name) {
  return std::any_of(m.answer.begin(), m.answer.end(), [&](const dns::RR& rr) {
    return rr.owner == name || (rr.type == dns::rrtype::DNAME && name.is_subdomain_of(rr.owner));
  });
}

}  // namespace

void RecursiveResolver::Impl::remember_referral_ds(const dns::Message& referral, const dns::Name& child,
                                                   const dns::Name& parent) {
  // RFC 4035 §3.1.4: a signed parent's referral carries the child's DS RRset,
  // or the NSEC / NSEC3 records proving there is none; keep them as the
  // answer to (child, DS) so the validator need not ask again.
  Upstream u;
  u.zone = parent;
  u.reply.qr = true;
  u.reply.question = dns::Question{child, dns::rrtype::DS, dns::class_in};
  std::uint32_t ttl = config.max_cache_ttl;
  for (const auto& rr : referral.authority) {
    const bool ds = rr.owner == child && (rr.type == dns::rrtype::DS ||
                                          (rr.type == dns::rrtype::RRSIG && detail::covered_type(rr) == dns::rrtype::DS));
    if (ds) {
      u.reply.answer.push_back(rr);
      ttl = std::min(ttl, rr.ttl);
    }
  }
  if (!u.reply.answer.empty()) {
    u.status = Upstream::Status::Answer;
  } else {
    for (const auto& rr : referral.authority)
      if (rr.type == dns::rrtype::NSEC || rr.type == dns::rrtype::NSEC3 ||
          (rr.type == dns::rrtype::RRSIG &&
           (detail::covered_type(rr) == dns::rrtype::NSEC || detail::covered_type(rr) == dns::rrtype::NSEC3))) {
        u.reply.authority.push_back(rr);
        ttl = std::min(ttl, rr.ttl);
      }
    if (u.reply.authority.empty()) return;
    u.status = Upstream::Status::NoData;
  }
  cache.put_upstream(child, dns::rrtype::DS, u, ttl, now());
}

void RecursiveResolver::Impl::count_query() {
  if (++queries_this_lookup > config.max_queries_per_lookup)
    throw LimitReached(fmt::format("more than {} upstream queries for one lookup (max_queries_per_lookup)",
                                   config.max_queries_per_lookup));
}

std::optional<dns::Message> RecursiveResolver::Impl::query_servers(const std::vector<Address>& servers,
                                                                   const dns::Name& name, std::uint16_t type,
                                                                   std::string& why) {
  for (std::size_t attempt = 0; attempt <= config.retries; ++attempt) {
    bool timed_out = false;
    for (const Address& server : servers) {
      const std::uint16_t id = next_id++;
      const auto wire = upstream_query(config, id, name, type).to_wire();
      Transport transport = Transport::Udp;
      for (int leg = 0; leg < 2; ++leg) {
        count_query();
        ++stats.queries_sent;
        const ExchangeResult r = net.exchange(config.address, Endpoint{server, 53}, transport, wire, config.timeout);
        if (r.status == ExchangeResult::Status::Timeout) {
          ++stats.timeouts;
          timed_out = true;
          why = fmt::format("{} did not answer within {} ms", server, config.timeout.count());
          break;
        }
        if (r.status == ExchangeResult::Status::Refused) {
          why = fmt::format("nothing listens at {}#53", server);
          break;
        }
        dns::Message reply;
        try {
          reply = dns::Message::from_wire(r.reply);
        } catch (const InputError& e) {
          why = fmt::format("{} sent a malformed reply: {}", server, e.what());
          break;
        }
        if (reply.id != id || !reply.qr || !reply.question || !(reply.question->name == name) ||
            reply.question->type != type) {
          why = fmt::format("{} sent a reply that does not match the query", server);
          break;
        }
        if (reply.tc && transport == Transport::Udp) {
          // RFC 7766 §5: a truncated UDP reply is retried over TCP.
          ++stats.tcp_retries;
          transport = Transport::Tcp;
          continue;
        }
        const auto rc = reply.rcode;
        if (rc != dns::rcode::NOERROR && rc != dns::rcode::NXDOMAIN && rc != 6 /* YXDOMAIN */) {
          why = fmt::format("{} answered {} for {} {}", server, rc == dns::rcode::SERVFAIL  ? "SERVFAIL"
                                                                  : rc == dns::rcode::REFUSED ? "REFUSED"
                                                                  : rc == dns::rcode::NOTIMP  ? "NOTIMP"
                                                                  : rc == dns::rcode::FORMERR ? "FORMERR"
                                                                                              : std::to_string(rc),
                            name.to_string(), dns::type_to_string(type));
          break;
        }
        detail::scrub_malformed(reply);
        detail::attach_rrsigs(reply);
        if (is_lame(reply)) {
          why = fmt::format("{} is lame for {}", server, name.to_string());
          break;
        }
        return reply;
      }
    }
    if (!timed_out) break;  // every server refused or failed: trying again changes nothing
  }
  return std::nullopt;
}

std::vector<Address> RecursiveResolver::Impl::server_addresses(const dns::Message& referral, const dns::Name& zone,
                                                               std::size_t depth) {
  std::vector<dns::Name> ns_names;
  for (const auto& rr : referral.authority) {
    if (rr.type != dns::rrtype::NS || !(rr.owner == zone)) continue;
    try {
      std::size_t used = 0;
      ns_names.push_back(dns::Name::from_wire(rr.rdata, used));
    } catch (const InputError&) {
    }
  }
  std::vector<Address> out;
  auto add = [&](const Address& a) {
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  };
  for (const auto& ns : ns_names)
    for (const auto& rr : referral.additional)
      if ((rr.type == dns::rrtype::A || rr.type == dns::rrtype::AAAA) && rr.owner == ns)
        if (auto a = glue_address(rr)) add(*a);
  if (!out.empty() || depth >= max_ns_depth) return out;
  // No glue: resolve the name servers' addresses (RFC 1034 §5.3.3 step 3).
  std::size_t tried = 0;
  for (const auto& ns : ns_names) {
    if (tried++ == max_ns_names) break;
    if (ns.is_subdomain_of(zone)) continue;  // in-bailiwick without glue: unreachable
    // Unbound's iterator takes a name server's address from its rrset cache
    // (the additional sections of earlier replies) before asking for it.
    if (auto cached = cache.rrset(ns, dns::rrtype::A, now())) {
      for (const auto& rr : detail::rrs_of(cached->rrs, ns, dns::rrtype::A))
        if (auto a = glue_address(rr)) add(*a);
      if (!out.empty()) break;
    }
    const Upstream u = iterate(ns, dns::rrtype::A, depth + 1);
    if (u.status != Upstream::Status::Answer) continue;
    for (const auto& rr : u.reply.answer)
      if (rr.type == dns::rrtype::A)
        if (auto a = glue_address(rr)) add(*a);
    if (!out.empty()) break;
  }
  return out;
}

std::optional<std::vector<Address>> RecursiveResolver::Impl::follow_referral(const dns::Message& referral,
                                                                            const dns::Name& child,
                                                                            const dns::Name& parent, std::size_t depth) {
  remember_reply(referral, parent);  // the glue, for name servers of other zones later
  std::vector<Address> next = server_addresses(referral, child, depth);
  if (next.empty()) return std::nullopt;
  std::uint32_t ttl = config.max_cache_ttl;
  for (const auto& rr : referral.authority)
    if (rr.type == dns::rrtype::NS && rr.owner == child) ttl = std::min(ttl, rr.ttl);
  cache.put_delegation(child, next, ttl, now());
  // A CD-setting resolver asks the parent for DS itself (the study's DS column).
  if (config.kind == ResolverKind::Validating) remember_referral_ds(referral, child, parent);
  return next;
}

Upstream RecursiveResolver::Impl::iterate(const dns::Name& name, std::uint16_t type, std::size_t depth) {
  if (auto hit = cache.upstream(name, type, now())) {
    ++stats.cache_hits;
    return *hit;
  }
  // Where to start: the deepest of the root hints, the stub zones and the
  // cached delegations that contain name (strictly above it for DS).
  const bool above = type == dns::rrtype::DS && !name.is_root();
  dns::Name zone;
  std::vector<Address> servers = config.root_hints;
  for (const auto& stub : config.stub_zones) {
    if (!name.is_subdomain_of(stub.zone) || (above && stub.zone == name) || stub.addresses.empty()) continue;
    if (stub.zone.label_count() >= zone.label_count() && (zone.is_root() || stub.zone.label_count() > zone.label_count())) {
      zone = stub.zone;
      servers = stub.addresses;
    }
  }
  if (auto d = cache.delegation(name, above, now()); d && d->first.label_count() > zone.label_count()) {
    zone = d->first;
    servers = d->second;
  }

  Upstream u;
  // RFC 9156: a minimising resolver shows each zone's servers only one label
  // more than it knows (QTYPE A, §2.1) until it reaches name. DS queries go
  // unminimised: their zone is the parent, whose delegation is known by then.
  bool minimise = config.qname_minimisation && type != dns::rrtype::DS;
  std::size_t minimise_count = 0;
  dns::Name known = zone;  // the deepest name known to exist at `servers`
  std::size_t referrals = 0;
  // Counts one referral against max_referrals (a delegation loop ends here).
  auto count_referral = [&] {
    if (referrals++ >= config.max_referrals)
      throw LimitReached(fmt::format("more than {} referrals for {} (max_referrals)", config.max_referrals,
                                     name.to_string()));
  };
  for (;;) {
    std::string why = "no server to ask";
    if (minimise && known.label_count() < name.label_count()) {
      const dns::Name ask = next_minimised(name, known, minimise_count);
      if (!(ask == name)) {
        auto reply = query_servers(servers, ask, dns::rrtype::A, why);
        const auto child = reply ? referral_zone(*reply, zone, ask, dns::rrtype::A) : std::nullopt;
        if (child) {
          count_referral();
          if (auto next = follow_referral(*reply, *child, zone, depth)) {
            zone = *child;
            known = *child;
            servers = std::move(*next);
            continue;
          }
        } else if (reply && reply->rcode == dns::rcode::NOERROR) {
          known = ask;  // data or an empty non-terminal: the name exists here, go one label deeper
          continue;
        }
        // RFC 9156 §2.3 (relaxed mode, as Unbound's default): NXDOMAIN, an
        // error or silence for the minimised name: ask the full name instead.
        minimise = false;
        continue;
      }
    }
    auto reply = query_servers(servers, name, type, why);
    if (!reply) {
      u.status = Upstream::Status::Fail;
      u.zone = zone;
      u.failure = fmt::format("no server of {} answered {} {}: {}", zone.to_string(), name.to_string(),
                              dns::type_to_string(type), why);
      return u;
    }
    if (auto child = referral_zone(*reply, zone, name, type)) {
      count_referral();
      auto next = follow_referral(*reply, *child, zone, depth);
      if (!next) {
        u.status = Upstream::Status::Fail;
        u.zone = *child;
        u.failure = fmt::format("no address for any name server of {}", child->to_string());
        return u;
      }
      zone = *child;
      known = *child;
      servers = std::move(*next);
      continue;
    }
    u.zone = zone;
    remember_reply(*reply, zone);
    u.reply = std::move(*reply);
    if (u.reply.rcode == dns::rcode::NXDOMAIN) u.status = Upstream::Status::NxDomain;
    else if (answers(u.reply, name) || u.reply.rcode != dns::rcode::NOERROR) u.status = Upstream::Status::Answer;
    else u.status = Upstream::Status::NoData;
    cache.put_upstream(name, type, u, detail::cache_ttl(u, config.max_cache_ttl), now());
    return u;
  }
}

}  // namespace dane::sim
