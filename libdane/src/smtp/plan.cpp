// libdane: plan_delivery, RFC 7672 §2.1-§2.2.3: MX lookup, per-host address
// and TLSA lookups, and the TLS requirement of each host (policy.hpp).
#include <algorithm>

#include <fmt/format.h>

#include "dane/smtp/policy.hpp"
#include "internal.hpp"

namespace dane::smtp {

namespace {

using dnssec::Security;
using detail::host_text;

/// Largest TLSA RRset kept (verify_chain's own limit).
constexpr std::size_t max_tlsa_records = 64;
/// Largest number of addresses kept per host.
constexpr std::size_t max_addresses = 64;

Verdict domain_verdict(Action action, std::string status, std::string reason, std::string rule, ReportResult report) {
  Verdict v;
  v.action = action;
  v.status = std::move(status);
  v.reason = std::move(reason);
  v.rule = std::move(rule);
  v.report = report;
  return v;
}

using detail::host_verdict;

/// A mandatory-mode refusal when DANE cannot apply: the profile says defer or bounce.
HostVerdict mandatory_refusal(const Profile& profile, std::string reason, std::string rule) {
  if (profile.refusal == RefusalKind::Bounce) {
    return host_verdict(Action::Bounce, "5.7.5", "DANE required, but " + reason, std::move(rule),
                        ReportResult::DaneRequired);
  }
  return host_verdict(Action::TryNextMx, "4.7.5", std::move(reason), std::move(rule), ReportResult::DaneRequired);
}

/// RFC 7672 §2.2.1: MX hosts sorted by preference only (ties by name, so the plan is deterministic).
std::vector<std::pair<std::uint16_t, dns::Name>> sorted_exchanges(const std::vector<dns::RR>& records, bool& malformed) {
  std::vector<std::pair<std::uint16_t, dns::Name>> out;
  for (const dns::RR& rr : records) {
    auto mx = detail::parse_mx(rr);
    if (!mx) {
      malformed = true;
      return {};
    }
    if (mx->second.is_root()) continue;  // a "." among real MX records is ignored (RFC 7505 §3)
    if (std::find(out.begin(), out.end(), *mx) == out.end()) out.push_back(std::move(*mx));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second < b.second;
  });
  if (out.size() > max_mx_hosts) out.resize(max_mx_hosts);
  return out;
}

/// Builds the TLSA records from a secure answer; records shorter than 3 octets are dropped.
std::vector<Tlsa> tlsa_records(const Lookup& lookup, const Profile& profile) {
  std::vector<Tlsa> out;
  for (const dns::RR& rr : lookup.records) {
    if (rr.rdata.size() < 3 || out.size() >= max_tlsa_records) continue;
    auto usage = static_cast<Usage>(rr.rdata[0]);
    if (profile.pkix_ee_as_dane_ee && usage == Usage::PkixEe) usage = Usage::DaneEe;
    out.emplace_back(usage, static_cast<Selector>(rr.rdata[1]), static_cast<MatchingType>(rr.rdata[2]),
                     std::vector<std::uint8_t>(rr.rdata.begin() + 3, rr.rdata.end()));
  }
  return out;
}

class Planner {
 public:
  Planner(const dns::Name& next_hop, Resolver& resolver, const Profile& profile)
      : next_hop_(next_hop), resolver_(resolver), profile_(profile) {}

  DeliveryPlan run();

 private:
  HostPlan plan_host(const dns::Name& host, std::uint16_t pref, bool implicit);
  /// True when no MX host has a usable address and a lookup failed (Exim's router defers).
  bool all_addresses_fail(const std::vector<std::pair<std::uint16_t, dns::Name>>& exchanges);
  /// Looks up TLSA at the candidates; sets tlsa_state, tlsa_base, tlsa.
  void lookup_tlsa(HostPlan& h);
  /// Sets requirement (and refusal) from the TLSA state and the profile.
  void decide_requirement(HostPlan& h, bool address_secure_for_dane);

  const dns::Name& next_hop_;
  Resolver& resolver_;
  const Profile& profile_;
  DeliveryPlan plan_;
  std::optional<dns::Name> next_hop_expanded_;
};

DeliveryPlan Planner::run() {
  plan_.next_hop = next_hop_;
  const std::string d = host_text(next_hop_);
  const Lookup mx = resolver_.lookup(next_hop_, dns::rrtype::MX);
  plan_.mx_security = mx.security;
  if (!mx.aliases.empty()) next_hop_expanded_ = mx.final_name;

  // RFC 7672 §2.1.2: an error that prevents finding the servers delays delivery.
  if (is_lookup_error(mx)) {
    plan_.log.push_back(fmt::format("BOGUS MX record found for {}", d));
    plan_.verdict = domain_verdict(
        Action::Defer, "4.4.3",
        fmt::format("Host or domain name not found. Name service error for name={} type=MX: Host not found, try again", d),
        "RFC 7672 §2.1.2", ReportResult::DnssecInvalid);
    return std::move(plan_);
  }
  if (mx.outcome == Lookup::Outcome::NxDomain) {
    plan_.log.push_back(fmt::format("{} NXDOMAIN for {}", detail::status_word(mx.security), d));
    plan_.verdict = domain_verdict(
        Action::Bounce, "5.4.4",
        fmt::format("Host or domain name not found. Name service error for name={} type=MX: Host not found", d),
        "RFC 5321 §5.1", ReportResult::None);
    return std::move(plan_);
  }

  std::vector<std::pair<std::uint16_t, dns::Name>> exchanges;
  bool implicit = false;
  if (mx.outcome == Lookup::Outcome::Answer) {
    if (is_null_mx(mx.records)) {
      plan_.verdict = domain_verdict(Action::Bounce, "5.1.0", fmt::format("Domain {} does not accept mail (nullMX)", d),
                                     "RFC 7505 §4", ReportResult::None);
      return std::move(plan_);
    }
    bool malformed = false;
    exchanges = sorted_exchanges(mx.records, malformed);
    if (malformed || exchanges.empty()) {
      plan_.verdict = domain_verdict(Action::Defer, "4.4.3",
                                     fmt::format("malformed MX reply for {}: try again", d), "RFC 7672 §2.1.1",
                                     ReportResult::DnssecInvalid);
      return std::move(plan_);
    }
    for (const auto& [pref, name] : exchanges) {
      plan_.log.push_back(
          fmt::format("{} MX record({}) found for {}", detail::status_word(mx.security), host_text(name), d));
    }
  } else {  // NODATA: RFC 5321 §5.1 implicit MX, the domain itself (RFC 7672 §2.2.2 applies to it)
    exchanges.emplace_back(0, next_hop_);
    implicit = true;
    plan_.log.push_back(fmt::format("{} no MX records for {}: implicit MX", detail::status_word(mx.security), d));
  }

  // RFC 7672 §2.2.1: with mandatory DANE an insecure MX RRset delays delivery.
  if (mx.security != Security::Secure && profile_.dane != DaneUse::Never &&
      profile_.insecure_mx == InsecureMxPolicy::Refuse) {
    const HostVerdict r = mandatory_refusal(profile_, "non DNSSEC destination", "RFC 7672 §2.2.1");
    if (r.action == Action::Bounce && all_addresses_fail(exchanges)) {
      // Exim resolves the MX hosts' addresses in its router, before the
      // transport's hosts_require_dane can fail: an address lookup error
      // defers first (smtp-dane-scenarios.md §3.3 row 8).
      plan_.verdict = domain_verdict(Action::Defer, "4.4.3", "Host or domain name not found: try again",
                                     "RFC 7672 §2.1.2", ReportResult::DnssecInvalid);
      return std::move(plan_);
    }
    plan_.verdict = domain_verdict(r.action == Action::Bounce ? Action::Bounce : Action::Defer, r.status, r.reason,
                                   r.rule, r.report);
    return std::move(plan_);
  }

  for (const auto& [pref, name] : exchanges) plan_.hosts.push_back(plan_host(name, pref, implicit));
  return std::move(plan_);
}

bool Planner::all_addresses_fail(const std::vector<std::pair<std::uint16_t, dns::Name>>& exchanges) {
  bool any_error = false;
  for (const auto& exchange : exchanges) {
    for (const std::uint16_t type : {dns::rrtype::A, dns::rrtype::AAAA}) {
      const Lookup l = resolver_.lookup(exchange.second, type);
      if (is_lookup_error(l)) any_error = true;
      else if (l.outcome == Lookup::Outcome::Answer) return false;  // a usable address: the transport runs
    }
  }
  return any_error;
}

HostPlan Planner::plan_host(const dns::Name& host, std::uint16_t pref, bool implicit) {
  HostPlan h;
  h.host = host;
  h.preference = pref;
  h.implicit_mx = implicit;
  h.mx_security = plan_.mx_security;
  const std::string hn = host_text(host);
  const std::string d = host_text(next_hop_);

  // RFC 7672 §2.2.2: addresses first. §2.1.2: an address error skips the host;
  // one family failing leaves the other (scenarios §3.3 row 9).
  const Lookup a = resolver_.lookup(host, dns::rrtype::A);
  const Lookup aaaa = resolver_.lookup(host, dns::rrtype::AAAA);
  std::vector<const Lookup*> answered;
  const Lookup* failed = nullptr;
  for (const Lookup* l : {&a, &aaaa}) {
    if (is_lookup_error(*l)) {
      failed = failed ? failed : l;
      h.log.push_back(fmt::format("BOGUS {} record found for MX({}) in {}", dns::type_to_string(l->qtype), hn, d));
      continue;
    }
    if (l->outcome != Lookup::Outcome::Answer) continue;
    answered.push_back(l);
    for (const dns::RR& rr : l->records) {
      auto text = detail::address_text(rr);
      if (!text || h.addresses.size() >= max_addresses) continue;
      h.log.push_back(fmt::format("{} {} record ({}) found for MX({}) in {}", detail::status_word(l->security),
                                  dns::type_to_string(rr.type), *text, hn, d));
      h.addresses.push_back(std::move(*text));
    }
  }
  if (h.addresses.empty()) {
    h.requirement = TlsRequirement::Refused;
    if (failed) {
      h.address_security = failed->security;
      h.refusal = host_verdict(Action::TryNextMx, "4.4.3",
                               fmt::format("Host or domain name not found. Name service error for name={} type={}: "
                                           "Host not found, try again",
                                           hn, dns::type_to_string(failed->qtype)),
                               "RFC 7672 §2.1.2", ReportResult::DnssecInvalid);
    } else {
      h.address_security = a.security;
      h.refusal = host_verdict(
          Action::Bounce, "5.4.4",
          fmt::format("Host or domain name not found. Name service error for name={} type=A: Host not found", hn),
          "RFC 5321 §5.1", ReportResult::None);
    }
    return h;
  }
  h.address_security = Security::Secure;
  bool allows_tlsa = true;
  for (const Lookup* l : answered) {
    if (l->security != Security::Secure) h.address_security = Security::Insecure;
    allows_tlsa = allows_tlsa && address_allows_tlsa_lookup(*l, profile_.secure_first_cname_suffices);
  }
  if (allows_tlsa) h.tlsa_candidates = tlsa_base_domains(host, *answered.front());
  if (profile_.tlsa_for_insecure_address && h.tlsa_candidates.empty()) h.tlsa_candidates = {host};

  bool dane_possible = profile_.dane != DaneUse::Never;
  const bool insecure_mx = plan_.mx_security != Security::Secure;
  if (dane_possible && insecure_mx) {
    switch (profile_.insecure_mx) {
      case InsecureMxPolicy::May:
      case InsecureMxPolicy::Encrypt:
        dane_possible = false;
        break;
      default:
        break;
    }
  }
  if (dane_possible && !h.tlsa_candidates.empty()) lookup_tlsa(h);
  decide_requirement(h, allows_tlsa);
  return h;
}

void Planner::lookup_tlsa(HostPlan& h) {
  const std::string hn = host_text(h.host);
  const std::string d = host_text(next_hop_);
  for (const dns::Name& base : h.tlsa_candidates) {
    const dns::Name owner = base.prepend("_tcp").prepend(fmt::format("_{}", profile_.port));
    const Lookup t = resolver_.lookup(owner, dns::rrtype::TLSA);
    h.tlsa_base = base;
    h.log.push_back(fmt::format("{} TLSA {} for MX({}) in {}", detail::status_word(t.security),
                                t.outcome == Lookup::Outcome::Answer ? "record found" : to_string(t.outcome), hn, d));
    if (is_lookup_error(t)) {  // RFC 7672 §2.1.2: any TLSA failure makes the server unusable
      h.tlsa_state = TlsaState::Error;
      return;
    }
    if (t.outcome == Lookup::Outcome::Answer) {
      if (t.security != Security::Secure) {
        h.tlsa_state = TlsaState::Insecure;
        return;
      }
      h.tlsa = tlsa_records(t, profile_);
      h.tlsa_state = std::any_of(h.tlsa.begin(), h.tlsa.end(), [&](const Tlsa& r) { return tlsa_usable(r, profile_); })
                         ? TlsaState::Usable
                         : TlsaState::Unusable;
      return;
    }
    // NXDOMAIN / NODATA: try the next candidate (the original name, §2.2.2).
    h.tlsa_state = t.security == Security::Secure ? TlsaState::Absent : TlsaState::Insecure;
  }
}

void Planner::decide_requirement(HostPlan& h, bool address_secure_for_dane) {
  const std::string hn = host_text(h.host);
  const bool insecure_mx = plan_.mx_security != Security::Secure;
  TlsaState state = h.tlsa_state;
  // Cisco Opportunistic: behind an insecure MX the records are ignored, only errors count.
  if (insecure_mx && profile_.insecure_mx == InsecureMxPolicy::MayAfterTlsaLookup && state != TlsaState::Error) {
    state = TlsaState::NotLookedUp;
  }
  if (profile_.dane == DaneUse::Never) {
    h.requirement = profile_.base_tls == BaseTls::Encrypt ? TlsRequirement::Encrypt : TlsRequirement::Opportunistic;
    return;
  }
  if (insecure_mx && profile_.insecure_mx == InsecureMxPolicy::Encrypt) {
    h.requirement = TlsRequirement::Encrypt;
    return;
  }
  h.requirement = tls_requirement_from_tlsa(state, profile_);
  if (h.requirement == TlsRequirement::Dane) {
    h.sni = host_text(*h.tlsa_base);
    h.reference_names = reference_identifiers(*h.tlsa_base, next_hop_, next_hop_expanded_, plan_.mx_security);
    return;
  }
  if (h.requirement != TlsRequirement::Refused) return;
  switch (state) {
    case TlsaState::Error:
      h.refusal = host_verdict(Action::TryNextMx, "4.7.5", fmt::format("TLSA lookup error for {}:{}", hn, profile_.port),
                               "RFC 7672 §2.1.2", ReportResult::DnssecInvalid);
      break;
    case TlsaState::Unusable:
      h.refusal = host_verdict(Action::TryNextMx, "4.7.5",
                               profile_.all_unusable == UnusableTlsaAction::Encrypt ? "TLSA records unusable" : "No usable TLSA records",
                               "RFC 7672 §2.2", ReportResult::TlsaInvalid);
      break;
    case TlsaState::Absent:
      h.refusal = mandatory_refusal(profile_, "no TLSA records found", "RFC 7672 §2.2");
      break;
    default:  // insecure TLSA, insecure address or insecure MX
      h.refusal = mandatory_refusal(profile_, "non DNSSEC destination",
                                    insecure_mx ? "RFC 7672 §2.2.1"
                                    : address_secure_for_dane ? "RFC 7672 §2.2"
                                                              : "RFC 7672 §2.2.2");
      break;
  }
}

}  // namespace

DeliveryPlan plan_delivery(const dns::Name& next_hop, Resolver& resolver, const Profile& profile) {
  return Planner(next_hop, resolver, profile).run();
}

}  // namespace dane::smtp
