// dane::sim: what the recursive resolver tells its clients: a DNS response
// for a stub (RFC 4035 §3.2, RFC 6840 §5.7-5.9, RFC 8914) or a dane::Lookup.
#include <algorithm>

#include <fmt/format.h>

#include "dane/error.hpp"
#include "recursive_impl.hpp"

namespace dane::sim {

using detail::Resolution;
using detail::Upstream;
using dnssec::Security;

namespace {

bool is_dnssec_type(std::uint16_t t) {
  return t == dns::rrtype::RRSIG || t == dns::rrtype::NSEC || t == dns::rrtype::NSEC3;
}


/// The sections for the client (RRSIGs already sit with their RRsets);
/// without DO the DNSSEC records are left out (RFC 4035 §3.2.1) unless the
/// query asked for their type.
void build_sections(const Resolution& r, bool dnssec_ok, std::uint16_t qtype, dns::Message& out) {
  auto fill = [&](const std::vector<dns::RR>& in, std::vector<dns::RR>& to, bool is_answer) {
    for (const auto& rr : in) {
      if (!dnssec_ok && is_dnssec_type(rr.type) && !(is_answer && rr.type == qtype)) continue;
      if (std::find(to.begin(), to.end(), rr) == to.end()) to.push_back(rr);
    }
  };
  fill(r.answer, out.answer, true);
  fill(r.authority, out.authority, false);
  fill(r.additional, out.additional, false);
}

}  // namespace

dns::Message RecursiveResolver::answer(const dns::Message& query) {
  Impl& s = *impl_;
  dns::Message resp;
  resp.id = query.id;
  resp.qr = true;
  resp.opcode = query.opcode;
  resp.rd = query.rd;
  resp.ra = true;
  resp.cd = query.cd;
  resp.question = query.question;
  if (query.edns) {
    dns::Edns e;
    e.udp_payload_size = s.config.udp_size;
    e.dnssec_ok = query.edns->dnssec_ok;
    resp.edns = e;
  }
  if (query.opcode != dns::opcode::QUERY) {
    resp.rcode = dns::rcode::NOTIMP;
    return resp;
  }
  if (!query.question || query.qr) {
    resp.rcode = dns::rcode::FORMERR;
    return resp;
  }
  const dns::Question& q = *query.question;
  ++s.stats.lookups;
  s.queries_this_lookup = 0;
  Resolution r;
  try {
    // RFC 1034 §4.3.2: without RD the answer comes from the cache; Unbound
    // refers the client to the closest cached zone when it has no answer.
    std::optional<Resolution> from_cache;
    if (!query.rd && !s.cache.resolution(q.name, q.type, s.now())) from_cache = s.cached_referral(q.name);
    r = from_cache ? std::move(*from_cache) : s.resolve(q.name, q.type);
  } catch (const detail::LimitReached& e) {
    r.status = Upstream::Status::Fail;
    r.ede = dnssec::Ede::Other;
    r.failure = e.what();
  }
  const bool dnssec_ok = query.edns && query.edns->dnssec_ok;
  const bool validating = s.config.kind == ResolverKind::Validating;
  auto add_ede = [&](dnssec::Ede code, const std::string& text) {
    if (resp.edns) resp.edns->errors.push_back(dns::ExtendedError{static_cast<std::uint16_t>(code), text});
  };
  if (r.status == Upstream::Status::Fail || (validating && !query.cd && r.security == Security::Bogus)) {
    // RFC 4035 §5.5: bogus data is not returned; RFC 8914 says why.
    resp.rcode = dns::rcode::SERVFAIL;
    if (r.ede) add_ede(*r.ede, r.failure.empty() && !r.reasons.empty() ? r.reasons.back().text : r.failure);
    return resp;
  }
  resp.rcode = r.rcode;
  build_sections(r, dnssec_ok, q.type, resp);
  // RFC 6840 §5.7: AD only when the client showed it understands it (DO or AD), never under CD (§5.9 here).
  resp.ad = validating && !query.cd && r.security == Security::Secure && (dnssec_ok || query.ad);
  if (r.ede) add_ede(*r.ede, r.reasons.empty() ? std::string() : r.reasons.back().text);
  return resp;
}

Lookup RecursiveResolver::lookup(const dns::Name& name, std::uint16_t type) {
  Impl& s = *impl_;
  ++s.stats.lookups;
  s.queries_this_lookup = 0;
  Lookup out;
  out.qname = name;
  out.qtype = type;
  out.final_name = name;
  Resolution r;
  try {
    r = s.resolve(name, type);
  } catch (const detail::LimitReached& e) {
    out.outcome = Lookup::Outcome::Error;
    out.rcode = dns::rcode::SERVFAIL;
    out.security = Security::Indeterminate;
    out.ede = dnssec::Ede::Other;
    out.reasons.push_back({std::string("limit reached: ") + e.what(), "ResolverConfig"});
    return out;
  }
  out.reasons = r.reasons;
  out.ede = r.ede;
  out.aliases = r.aliases;
  out.final_name = r.names.back();
  out.ttl = r.ttl;
  out.security = r.security;
  if (r.status == Upstream::Status::Fail || r.security == Security::Bogus) {
    out.outcome = Lookup::Outcome::Error;
    out.rcode = dns::rcode::SERVFAIL;
    if (r.status == Upstream::Status::Fail && r.security != Security::Bogus) out.security = Security::Indeterminate;
    return out;
  }
  out.rcode = r.rcode;
  if (r.final_rrset) {
    out.outcome = Lookup::Outcome::Answer;
    out.records = r.final_rrset->records();
  } else if (r.rcode == dns::rcode::NXDOMAIN) {
    out.outcome = Lookup::Outcome::NxDomain;
  } else if (r.rcode == dns::rcode::NOERROR) {
    out.outcome = Lookup::Outcome::NoData;
  } else {
    out.outcome = Lookup::Outcome::Error;
  }
  return out;
}

}  // namespace dane::sim
