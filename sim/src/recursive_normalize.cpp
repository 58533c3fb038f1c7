// dane::sim: how the resolver reads a reply's sections (as Unbound's message
// parser does): each RRSIG joins the RRset it covers, wherever that is.
#include <algorithm>
#include <optional>
#include <span>

#include "dane/error.hpp"

#include "recursive_impl.hpp"

namespace dane::sim::detail {

std::uint16_t covered_type(const dns::RR& sig) {
  return sig.rdata.size() >= 2 ? static_cast<std::uint16_t>((sig.rdata[0] << 8) | sig.rdata[1]) : 0;
}

namespace {

/// RFC 1035 §3.4.1 / RFC 3596 §2.2: an A RDATA is 4 octets, an AAAA 16. A
/// record of another length is malformed and is dropped on receipt (Unbound's
/// scrubber, val_scrub_rr_length.rpl); an RRSIG that covered it then fails.
bool malformed_address(const dns::RR& rr) {
  return (rr.type == dns::rrtype::A && rr.rdata.size() != 4) || (rr.type == dns::rrtype::AAAA && rr.rdata.size() != 16);
}

}  // namespace

void scrub_malformed(dns::Message& m) {
  for (auto* s : {&m.answer, &m.authority, &m.additional}) std::erase_if(*s, malformed_address);
}

namespace {

/// The name an NS, MX or SRV record points at (the names whose addresses
/// belong in the additional section, RFC 1035 §3.3.9/§3.3.11, RFC 2782).
std::optional<dns::Name> additional_target(const dns::RR& rr) {
  std::size_t skip = 0;
  if (rr.type == dns::rrtype::MX) skip = 2;
  else if (rr.type == 33 /* SRV */) skip = 6;
  else if (rr.type != dns::rrtype::NS) return std::nullopt;
  if (rr.rdata.size() <= skip) return std::nullopt;
  try {
    std::size_t used = 0;
    return dns::Name::from_wire(std::span(rr.rdata).subspan(skip), used);
  } catch (const InputError&) {
    return std::nullopt;
  }
}

}  // namespace

/// Unbound's scrubber (iter_scrub.c scrub_normalize, mark_additional_rrset):
/// in the additional section an A / AAAA RRset (with its RRSIGs) stays only
/// when an NS, MX or SRV record of the answer or authority section points at
/// its name; CNAME, DNAME and NS RRsets go (they would steer the resolver).
/// Other types stay (the SRV a NAPTR points at, val_any_dname.rpl) unless
/// harden-unknown-additional is set (val_any_cap.rpl).
std::vector<dns::RR> relevant_additional(const Resolution& r, bool harden_unknown_additional) {
  std::vector<dns::Name> wanted;
  for (const auto* section : {&r.answer, &r.authority})
    for (const auto& rr : *section)
      if (auto n = additional_target(rr)) wanted.push_back(*n);
  std::vector<dns::RR> out;
  for (const auto& rr : r.additional) {
    const std::uint16_t t = rr.type == dns::rrtype::RRSIG ? covered_type(rr) : rr.type;
    if (t == dns::rrtype::A || t == dns::rrtype::AAAA) {
      if (std::find(wanted.begin(), wanted.end(), rr.owner) != wanted.end()) out.push_back(rr);
    } else if (!harden_unknown_additional && t != dns::rrtype::CNAME && t != dns::rrtype::DNAME &&
               t != dns::rrtype::NS && t != dns::rrtype::OPT) {
      out.push_back(rr);
    }
  }
  return out;
}

std::vector<dns::RR> alias_order(const std::vector<dns::RR>& answer, const dns::Name& qname, std::uint16_t qtype) {
  if (qtype == dns::rrtype::CNAME || qtype == dns::rrtype::ANY) return answer;
  using Key = std::pair<dns::Name, std::uint16_t>;
  std::vector<Key> dropped;
  std::vector<dns::Name> left, answered;
  dns::Name sname = qname;
  auto has = [](const std::vector<dns::Name>& v, const dns::Name& n) { return std::find(v.begin(), v.end(), n) != v.end(); };
  // Bounded by the section's size: every step looks at one record.
  for (const auto& rr : answer) {
    if (rr.type == dns::rrtype::RRSIG) continue;
    if (has(left, rr.owner)) {  // data at a name the chain has already left
      dropped.emplace_back(rr.owner, rr.type);
    } else if (rr.owner == sname && rr.type == qtype) {
      answered.push_back(sname);
    } else if (rr.owner == sname && rr.type == dns::rrtype::CNAME) {
      if (has(answered, sname)) {  // the data came first: this CNAME is extra
        dropped.emplace_back(rr.owner, rr.type);
      } else if (rr.rdata.size() <= 255) {
        try {
          std::size_t used = 0;
          dns::Name target = dns::Name::from_wire(rr.rdata, used);
          left.push_back(sname);
          sname = std::move(target);
        } catch (const InputError&) {
        }
      }
    }
  }
  if (dropped.empty()) return answer;
  std::vector<dns::RR> out;
  for (const auto& rr : answer) {
    const Key k{rr.owner, rr.type == dns::rrtype::RRSIG ? covered_type(rr) : rr.type};
    if (std::find(dropped.begin(), dropped.end(), k) == dropped.end()) out.push_back(rr);
  }
  return out;
}

void attach_rrsigs(dns::Message& m) {
  std::vector<dns::RR> sigs;
  std::vector<int> origin;  // the section each RRSIG came from
  int n = 0;
  for (auto* s : {&m.answer, &m.authority, &m.additional}) {
    for (const auto& rr : *s)
      if (rr.type == dns::rrtype::RRSIG) {
        sigs.push_back(rr);
        origin.push_back(n);
      }
    ++n;
  }
  if (sigs.empty()) return;
  std::vector<bool> used(sigs.size(), false);
  auto rebuild = [&](std::vector<dns::RR>& section) {
    std::vector<dns::RR> out;
    for (const auto& rr : section) {
      if (rr.type == dns::rrtype::RRSIG) continue;
      if (std::find(out.begin(), out.end(), rr) != out.end()) continue;
      out.push_back(rr);
      for (std::size_t i = 0; i < sigs.size(); ++i)
        if (!used[i] && sigs[i].owner == rr.owner && covered_type(sigs[i]) == rr.type) {
          used[i] = true;
          if (std::find(out.begin(), out.end(), sigs[i]) == out.end()) out.push_back(sigs[i]);
        }
    }
    return out;
  };
  std::vector<dns::RR> parts[3] = {rebuild(m.answer), rebuild(m.authority), rebuild(m.additional)};
  // RRSIGs covering nothing stay where they were (a query for RRSIG).
  for (std::size_t i = 0; i < sigs.size(); ++i)
    if (!used[i]) parts[origin[i]].push_back(sigs[i]);
  m.answer = std::move(parts[0]);
  m.authority = std::move(parts[1]);
  m.additional = std::move(parts[2]);
}

}  // namespace dane::sim::detail
