/*
 * libdane: the RFC 7672 SMTP sender policy as pure logic (no I/O): which MX
 * hosts to try, in which order, with which TLS requirement, and what to do
 * after each TLS attempt. DNS comes in through dane::Resolver; the TLS attempt
 * is described by the caller (TlsOutcome).
 *
 * Usage (an MTA delivering to example.com):
 *
 *   #include "dane/smtp/policy.hpp"
 *
 *   const dane::smtp::Profile& pol = dane::smtp::profile("postfix-dane");
 *   dane::smtp::DeliveryPlan plan =
 *       dane::smtp::plan_delivery(dane::dns::Name::parse("example.com."), resolver, pol);
 *   std::vector<dane::smtp::HostVerdict> tried;
 *   if (!plan.verdict) {                       // else: MX lookup failed, null MX, ...
 *     for (const dane::smtp::HostPlan& host : plan.hosts) {
 *       dane::smtp::TlsOutcome tls;
 *       if (host.requirement != dane::smtp::TlsRequirement::Refused) {
 *         // connect to host.addresses, EHLO, STARTTLS with SNI host.sni ...
 *         tls.starttls_offered = ...; tls.handshake_ok = ...;
 *         tls.peer_certificate = !chain.empty();
 *         if (host.requirement == dane::smtp::TlsRequirement::Dane && !chain.empty())
 *           tls.dane = dane::smtp::check_peer(host, chain, now);
 *       }
 *       tried.push_back(dane::smtp::decide_host(host, tls, pol));
 *       if (dane::smtp::delivers(tried.back().action)) break;   // send the message
 *     }
 *   }
 *   dane::smtp::Verdict v = dane::smtp::overall_verdict(plan, tried);  // deliver / defer / bounce
 *
 * Every RFC rule is one named function below, citing its section.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dane/cert.hpp"
#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/status.hpp"
#include "dane/match.hpp"
#include "dane/resolver.hpp"
#include "dane/smtp/profiles.hpp"
#include "dane/smtp/verdict.hpp"
#include "dane/time.hpp"
#include "dane/tlsa.hpp"

namespace dane::smtp {

/// The TLS a host is to be contacted with.
enum class TlsRequirement {
  Opportunistic,  ///< "may": STARTTLS if offered, clear text otherwise (RFC 7672 §2.2 case 3)
  Encrypt,        ///< TLS required, no authentication (RFC 7672 §2.2 case 2)
  Dane,           ///< DANE-authenticated TLS required (RFC 7672 §2.2 case 1)
  Refused,        ///< do not connect: HostPlan::refusal says why
};
/// "may", "encrypt", "dane", "refused".
std::string_view to_string(TlsRequirement r) noexcept;

/// What the TLSA lookup for a host found (RFC 7672 §2.2's four outcomes, and "not looked up").
enum class TlsaState {
  NotLookedUp,     ///< no TLSA query (address insecure, insecure MX policy, DaneUse::Never, ...)
  Usable,          ///< secure RRset with at least one usable record
  Unusable,        ///< secure non-empty RRset, no usable record
  Insecure,        ///< insecure RRset or insecure denial
  Absent,          ///< validated NXDOMAIN / NODATA
  Error,           ///< lookup error (bogus, SERVFAIL, timeout, ...)
};
/// "not-looked-up", "usable", "unusable", "insecure", "absent", "error".
std::string_view to_string(TlsaState s) noexcept;

/// The plan for one MX host (or the implicit MX).
struct HostPlan {
  dns::Name host;                 ///< MX exchange, or the next-hop domain for the implicit MX
  std::uint16_t preference = 0;   ///< MX preference (0 for the implicit MX)
  bool implicit_mx = false;       ///< RFC 5321 §5.1: no MX records, the domain itself
  /// Security of the MX RRset (or of its denial for the implicit MX).
  dnssec::Security mx_security = dnssec::Security::Indeterminate;
  /// Weakest security of the address lookups that answered (errors excluded).
  dnssec::Security address_security = dnssec::Security::Indeterminate;
  std::vector<std::string> addresses;  ///< IPv4 then IPv6, as text
  std::vector<dns::Name> tlsa_candidates;  ///< TLSA base domains to try, in order (§2.2.2)
  std::optional<dns::Name> tlsa_base;      ///< the base domain whose TLSA lookup decided
  TlsaState tlsa_state = TlsaState::NotLookedUp;
  std::vector<Tlsa> tlsa;                  ///< the TLSA RRset as the profile sees it (usage mapping applied)
  std::vector<std::string> reference_names;  ///< DANE-TA reference identifiers (§3.2.2)
  std::optional<std::string> sni;          ///< SNI to send: the TLSA base domain when DANE applies
  TlsRequirement requirement = TlsRequirement::Opportunistic;
  /// The verdict without connecting, when requirement == Refused.
  HostVerdict refusal;
  /// The lookups made for this host, one line each ("SECURE A record ... found ...").
  std::vector<std::string> log;

  /// Options for verify_chain: smtp profile, reference_names.
  MatchOptions match_options() const;
};

/// The plan for one delivery attempt to a next-hop domain.
struct DeliveryPlan {
  dns::Name next_hop;
  /// Security of the MX lookup (Indeterminate/Bogus on error).
  dnssec::Security mx_security = dnssec::Security::Indeterminate;
  /// Set when the domain fails as a whole (MX lookup error, null MX, NXDOMAIN,
  /// insecure MX under a refusing profile, no MX host left): no host is tried.
  std::optional<Verdict> verdict;
  /// MX hosts in preference order (never re-ordered by TLSA presence, §2.2.1).
  std::vector<HostPlan> hosts;
  /// The MX lookup, one line.
  std::vector<std::string> log;
};

/// What happened when the client connected to a host.
struct TlsOutcome {
  bool starttls_offered = false;  ///< the EHLO response listed STARTTLS
  bool handshake_ok = false;      ///< the TLS handshake completed
  bool peer_certificate = false;  ///< the server sent a certificate
  /// verify_chain's result (check_peer) when the requirement is Dane.
  std::optional<MatchResult> dane;
  /// The chain verified against the client's WebPKI roots (log class "Trusted"
  /// for opportunistic TLS; never used to authenticate DANE).
  bool pkix_trusted = false;
};

/// Largest number of MX hosts planned; more are dropped (highest preference values first).
inline constexpr std::size_t max_mx_hosts = 32;

/**
 * RFC 7672 §2.1-§2.2.3: the MX lookup, then per MX host (in preference order)
 * the A and AAAA lookups and, where allowed, the TLSA lookup, and the TLS
 * requirement the profile gives each host.
 * Never throws for DNS failures: they become verdicts.
 */
DeliveryPlan plan_delivery(const dns::Name& next_hop, Resolver& resolver, const Profile& profile);

/**
 * The decision for one host after the TLS attempt (RFC 7672 §2.2, §3).
 * For a Refused host the TLS outcome is ignored and plan.refusal returned.
 */
HostVerdict decide_host(const HostPlan& plan, const TlsOutcome& tls, const Profile& profile);

/**
 * The verdict of the attempt, given the verdicts of the hosts tried in plan
 * order: plan.verdict if set; else the first host that delivered; else Defer
 * when any host failed temporarily or was not tried; else Bounce.
 */
Verdict overall_verdict(const DeliveryPlan& plan, std::span<const HostVerdict> tried);

/// verify_chain(chain, plan.tlsa, now, plan.match_options()).
MatchResult check_peer(const HostPlan& plan, std::span<const Certificate> chain, Time now);

// --- the rules, one function each ------------------------------------------

/// RFC 7672 §2.1.1: bogus, indeterminate, SERVFAIL, timeout and malformed
/// replies are lookup errors; a secure or insecure NXDOMAIN/NODATA is not.
bool is_lookup_error(const Lookup& lookup) noexcept;

/// RFC 7505 §3: an MX RRset of exactly one record with target "." is a null MX.
bool is_null_mx(std::span<const dns::RR> mx_records);

/// RFC 7672 §2.2.2: TLSA is looked up only when the address records are
/// secure, or (insecure chain) when the first CNAME link is secure and
/// secure_first_cname_suffices (false for Exim and Cisco, which want the
/// address lookup itself secure: Profile::secure_first_cname_suffices).
bool address_allows_tlsa_lookup(const Lookup& address, bool secure_first_cname_suffices = true) noexcept;

/**
 * RFC 7672 §2.2.2: the TLSA base domains of a host, in the order to try:
 * no alias -> the host; a secure CNAME chain -> the expanded name, then the
 * original; an insecure chain whose first link is secure -> the original;
 * otherwise none. Intermediate names are never base domains.
 */
std::vector<dns::Name> tlsa_base_domains(const dns::Name& host, const Lookup& address);

/// RFC 7672 §3.1.3 and RFC 7671 §9: is this record usable by an SMTP client under the profile?
bool tlsa_usable(const Tlsa& record, const Profile& profile);

/// RFC 7672 §2.2: the TLS requirement from the TLSA state (before profile refusals).
TlsRequirement tls_requirement_from_tlsa(TlsaState state, const Profile& profile);

/// RFC 7672 §3.2.2: DANE-TA reference identifiers: the TLSA base domain and,
/// with a secure MX, the next-hop domain and its CNAME expansion.
std::vector<std::string> reference_identifiers(const dns::Name& tlsa_base, const dns::Name& next_hop,
                                               const std::optional<dns::Name>& next_hop_expanded,
                                               dnssec::Security mx_security);

}  // namespace dane::smtp
