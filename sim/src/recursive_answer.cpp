// dane::sim: what the recursive resolver tells its clients: a DNS response
// for a stub (RFC 4035 §3.2, RFC 6840 §5.7-5.9, RFC 8914) or a dane::Lookup.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <tuple>

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

/// Unbound's positive_answer (util/data/msgencode.c), the test of
/// minimal-responses: NOERROR with an RRset of the query type in the answer
/// section, and no NSEC/NSEC3 in the authority section (a wildcard answer's
/// proof cannot be removed). qtype ANY never matches a record type.
bool positive_answer(const Resolution& r, std::uint16_t qtype) {
  if (r.rcode != dns::rcode::NOERROR || qtype == dns::rrtype::ANY) return false;
  if (std::none_of(r.answer.begin(), r.answer.end(), [&](const dns::RR& rr) { return rr.type == qtype; })) return false;
  return std::none_of(r.authority.begin(), r.authority.end(), [](const dns::RR& rr) {
    return rr.type == dns::rrtype::NSEC || rr.type == dns::rrtype::NSEC3;
  });
}

/// Unbound ≥ 1.26 (validator.c shorten_answer_any, MAX_RRSETS_ANY_VALIDATED,
/// dnssec-rules.md §4 table): an answer to qtype ANY keeps its first 24
/// RRsets, each with its RRSIGs (val_any_cap.rpl); the rest are not validated
/// and not returned.
void shorten_answer_any(std::vector<dns::RR>& answer) {
  constexpr std::size_t max_rrsets = 24;
  auto key = [](const dns::RR& rr) {
    return std::pair{rr.owner, rr.type == dns::rrtype::RRSIG ? detail::covered_type(rr) : rr.type};
  };
  std::vector<std::pair<dns::Name, std::uint16_t>> kept;
  std::erase_if(answer, [&](const dns::RR& rr) {
    const auto k = key(rr);
    if (std::find(kept.begin(), kept.end(), k) != kept.end()) return false;
    if (kept.size() == max_rrsets) return true;
    kept.push_back(k);
    return false;
  });
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
  if (validating && q.type == dns::rrtype::ANY) shorten_answer_any(resp.answer);
  if (s.config.minimal_responses && positive_answer(r, q.type)) {  // Unbound's minimal-responses
    resp.authority.clear();
    resp.additional.clear();
  }
  // RFC 6840 §5.7: AD only when the client showed it understands it (DO or AD), never under CD (§5.9 here).
  resp.ad = validating && !query.cd && r.security == Security::Secure && (dnssec_ok || query.ad);
  if (r.ede) add_ede(*r.ede, r.reasons.empty() ? std::string() : r.reasons.back().text);
  return resp;
}

namespace {

/// The octets Unbound's encoder (util/data/msgencode.c) gives a message,
/// counted as it is written: owner and question names compressed, and so are
/// the names inside the RDATA of the RFC 1035 types that RFC 3597 §4 allows
/// to be compressed (NS, MD, MF, CNAME, SOA, MB, MG, MR, PTR, MINFO, MX);
/// other RDATA as is. Each name costs O(labels · log names).
class WireSize {
 public:
  WireSize() = default;
  std::size_t octets() const { return pos_; }

  void question(const dns::Question& q) {
    name(q.name);
    pos_ += 4;
  }

  void rr(const dns::RR& rr) {
    name(rr.owner);
    pos_ += 10;
    std::size_t names = 0, skip = 0;
    switch (rr.type) {
      case dns::rrtype::NS: case 3: case 4: case dns::rrtype::CNAME: case 7: case 8: case 9: case 12:
        names = 1;
        break;
      case dns::rrtype::MX: names = 1; skip = 2; break;
      case dns::rrtype::SOA: case 14: names = 2; break;
      default: break;
    }
    std::size_t at = std::min(skip, rr.rdata.size());
    pos_ += at;
    try {
      for (std::size_t i = 0; i < names; ++i) {
        std::size_t used = 0;
        const dns::Name n = dns::Name::from_wire(std::span(rr.rdata).subspan(at), used);
        name(n);
        at += used;
      }
    } catch (const std::exception&) {  // not the type's form: the rest as is
    }
    pos_ += rr.rdata.size() - at;
  }

  /// The OPT RR with its options (RFC 6891 §6.1.2), EDE per RFC 8914 §2.
  static std::size_t opt(const std::optional<dns::Edns>& edns) {
    if (!edns) return 0;
    std::size_t n = 11;
    for (const auto& e : edns->errors) n += 4 + 2 + e.extra_text.size();
    for (const auto& o : edns->options) n += 4 + o.data.size();
    return n;
  }

 private:
  /// A name written at pos_: its labels up to the longest suffix already
  /// written, then a pointer to it (RFC 1035 §4.1.4); its new suffixes are remembered.
  void name(const dns::Name& n) {
    const auto& w = n.wire();
    std::size_t at = 0;
    const std::size_t start = pos_;
    while (at < w.size() && w[at] != 0) {
      std::vector<std::uint8_t> suffix(w.begin() + static_cast<std::ptrdiff_t>(at), w.end());
      for (auto& c : suffix)
        if (c >= 'A' && c <= 'Z') c = static_cast<std::uint8_t>(c + 32);  // label lengths are < 64: never letters
      if (table_.contains(suffix)) {
        pos_ += 2;
        return;
      }
      if (start + at < 0x4000) table_.insert(std::move(suffix));  // a pointer reaches 14 bits
      pos_ += 1 + w[at];
      at += 1 + w[at];
    }
    pos_ += 1;  // the root label
  }

  std::set<std::vector<std::uint8_t>> table_;
  std::size_t pos_ = 12;  // the header
};

}  // namespace

std::size_t udp_limit(const dns::Message& query) {
  return query.edns ? std::max<std::size_t>(512, query.edns->udp_payload_size) : 512;
}

dns::Message truncate_for_udp(const dns::Message& response, std::size_t limit) {
  const std::size_t opt = WireSize::opt(response.edns);
  {
    WireSize whole;
    if (response.question) whole.question(*response.question);
    for (const auto* section : {&response.answer, &response.authority, &response.additional})
      for (const auto& rr : *section) whole.rr(rr);
    if (whole.octets() + opt <= limit) return response;
  }
  // An RRset's key: owner, class and type, an RRSIG counting as the type it covers.
  using Key = std::tuple<std::vector<std::uint8_t>, std::uint16_t, std::uint16_t>;
  auto key = [](const dns::RR& rr) {
    const std::uint16_t t = rr.type == dns::rrtype::RRSIG ? detail::covered_type(rr) : rr.type;
    return Key{rr.owner.canonical_wire(), rr.rclass, t};
  };
  dns::Message out = response;
  out.answer.clear();
  out.authority.clear();
  out.additional.clear();
  WireSize size;
  if (out.question) size.question(*out.question);
  const std::vector<dns::RR>* from[3] = {&response.answer, &response.authority, &response.additional};
  std::vector<dns::RR>* to[3] = {&out.answer, &out.authority, &out.additional};
  for (std::size_t s = 0; s < 3; ++s) {
    // The section's RRsets in order of first appearance, each with its RRSIGs.
    std::map<Key, std::size_t> index;
    std::vector<std::vector<const dns::RR*>> rrsets;
    for (const auto& rr : *from[s]) {
      const auto [it, fresh] = index.emplace(key(rr), rrsets.size());
      if (fresh) rrsets.emplace_back();
      rrsets[it->second].push_back(&rr);
    }
    for (const auto& g : rrsets) {
      for (const dns::RR* rr : g) size.rr(*rr);
      if (size.octets() + opt > limit) {
        if (s < 2) out.tc = true;  // answer or authority incomplete; the additional section never sets TC
        return out;
      }
      for (const dns::RR* rr : g) to[s]->push_back(*rr);
    }
  }
  return out;
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
