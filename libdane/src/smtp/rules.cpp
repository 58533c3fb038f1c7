// libdane: the RFC 7672 rules of the SMTP sender policy, one function each (policy.hpp).
#include <arpa/inet.h>

#include <algorithm>
#include <array>

#include "dane/error.hpp"
#include "dane/smtp/policy.hpp"
#include "internal.hpp"

namespace dane::smtp {

namespace detail {

std::optional<std::pair<std::uint16_t, dns::Name>> parse_mx(const dns::RR& rr) {
  if (rr.rdata.size() < 3) return std::nullopt;
  const auto pref = static_cast<std::uint16_t>((rr.rdata[0] << 8) | rr.rdata[1]);
  try {
    std::size_t used = 0;
    dns::Name exchange = dns::Name::from_wire(std::span(rr.rdata).subspan(2), used);
    if (used != rr.rdata.size() - 2) return std::nullopt;
    return std::pair{pref, std::move(exchange)};
  } catch (const InputError&) {
    return std::nullopt;
  }
}

std::optional<std::string> address_text(const dns::RR& rr) {
  std::array<char, INET6_ADDRSTRLEN> buf{};
  if (rr.type == dns::rrtype::A && rr.rdata.size() == 4) {
    if (inet_ntop(AF_INET, rr.rdata.data(), buf.data(), buf.size()) != nullptr) return std::string(buf.data());
  } else if (rr.type == dns::rrtype::AAAA && rr.rdata.size() == 16) {
    if (inet_ntop(AF_INET6, rr.rdata.data(), buf.data(), buf.size()) != nullptr) return std::string(buf.data());
  }
  return std::nullopt;
}

std::string host_text(const dns::Name& name) {
  std::string s = name.to_string();
  if (s.size() > 1 && s.back() == '.') s.pop_back();
  return s;
}

std::string status_word(dnssec::Security s) {
  switch (s) {
    case dnssec::Security::Secure: return "SECURE";
    case dnssec::Security::Insecure: return "INSECURE";
    default: return "BOGUS";
  }
}

}  // namespace detail

bool is_lookup_error(const Lookup& lookup) noexcept {
  // RFC 7672 §2.1.1: "indeterminate" is treated as bogus; a lookup that
  // claims records but is bogus/indeterminate is an error too.
  return lookup.outcome == Lookup::Outcome::Error || lookup.security == dnssec::Security::Bogus ||
         lookup.security == dnssec::Security::Indeterminate;
}

bool is_null_mx(std::span<const dns::RR> mx_records) {
  if (mx_records.size() != 1) return false;
  const auto mx = detail::parse_mx(mx_records.front());
  return mx && mx->second.is_root();
}

namespace {

/// Every alias link and the answer itself are secure.
bool chain_secure(const Lookup& address) {
  return address.security == dnssec::Security::Secure &&
         std::all_of(address.aliases.begin(), address.aliases.end(),
                     [](const AliasLink& l) { return l.security == dnssec::Security::Secure; });
}

}  // namespace

bool address_allows_tlsa_lookup(const Lookup& address, bool secure_first_cname_suffices) noexcept {
  if (is_lookup_error(address)) return false;
  if (address.aliases.empty()) return address.security == dnssec::Security::Secure;
  return chain_secure(address) ||
         (secure_first_cname_suffices && address.aliases.front().security == dnssec::Security::Secure);
}

std::vector<dns::Name> tlsa_base_domains(const dns::Name& host, const Lookup& address) {
  if (!address_allows_tlsa_lookup(address)) return {};
  if (address.aliases.empty()) return {host};
  // RFC 7672 §2.2.2: secure chain -> the fully expanded name first, then the original.
  if (chain_secure(address) && !(address.final_name == host)) return {address.final_name, host};
  // Insecure chain whose first link is secure -> the original name only.
  return {host};
}

bool tlsa_usable(const Tlsa& record, const Profile& profile) {
  Usage usage = record.usage();
  if (profile.pkix_ee_as_dane_ee && usage == Usage::PkixEe) usage = Usage::DaneEe;
  // RFC 7672 §3.1.3: PKIX-TA(0)/PKIX-EE(1) are unusable for SMTP.
  const bool usage_ok = usage == Usage::DaneTa || usage == Usage::DaneEe;
  if (profile.usability == UsabilityCheck::UsageOnly) return usage_ok;
  // RFC 7671 §9: unknown selector / matching type, wrong digest length: unusable.
  const bool selector_ok = record.selector() == Selector::Cert || record.selector() == Selector::Spki;
  const bool mtype_ok = record.matching_type() == MatchingType::Full ||
                        record.matching_type() == MatchingType::Sha2_256 ||
                        record.matching_type() == MatchingType::Sha2_512;
  return usage_ok && selector_ok && mtype_ok && !record.malformation();
}

TlsRequirement tls_requirement_from_tlsa(TlsaState state, const Profile& profile) {
  if (state == TlsaState::Usable) return TlsRequirement::Dane;  // case 1: authenticated TLS
  if (state == TlsaState::Error) return TlsRequirement::Refused;  // case 4: server unusable
  if (profile.dane == DaneUse::Mandatory) return TlsRequirement::Refused;  // §2.2: DANE or nothing
  if (state == TlsaState::Unusable) {  // case 2: TLS required, no authentication
    return profile.all_unusable == UnusableTlsaAction::Encrypt ? TlsRequirement::Encrypt : TlsRequirement::Refused;
  }
  // case 3: insecure or denied (or not looked up): pre-DANE opportunistic TLS
  return profile.base_tls == BaseTls::Encrypt ? TlsRequirement::Encrypt : TlsRequirement::Opportunistic;
}

std::vector<std::string> reference_identifiers(const dns::Name& tlsa_base, const dns::Name& next_hop,
                                               const std::optional<dns::Name>& next_hop_expanded,
                                               dnssec::Security mx_security) {
  std::vector<std::string> names{detail::host_text(tlsa_base)};
  auto add = [&names](const dns::Name& n) {
    std::string t = detail::host_text(n);
    if (std::find(names.begin(), names.end(), t) == names.end()) names.push_back(std::move(t));
  };
  if (mx_security == dnssec::Security::Secure) {
    add(next_hop);
    if (next_hop_expanded) add(*next_hop_expanded);
  }
  return names;
}

std::string_view to_string(TlsRequirement r) noexcept {
  switch (r) {
    case TlsRequirement::Opportunistic: return "may";
    case TlsRequirement::Encrypt: return "encrypt";
    case TlsRequirement::Dane: return "dane";
    case TlsRequirement::Refused: return "refused";
  }
  return "?";
}

std::string_view to_string(TlsaState s) noexcept {
  switch (s) {
    case TlsaState::NotLookedUp: return "not-looked-up";
    case TlsaState::Usable: return "usable";
    case TlsaState::Unusable: return "unusable";
    case TlsaState::Insecure: return "insecure";
    case TlsaState::Absent: return "absent";
    case TlsaState::Error: return "error";
  }
  return "?";
}

}  // namespace dane::smtp
