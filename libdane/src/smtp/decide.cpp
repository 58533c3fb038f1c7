// libdane: decide_host and overall_verdict, RFC 7672 §2.2 and §3 (policy.hpp).
#include <fmt/format.h>

#include "dane/smtp/policy.hpp"
#include "internal.hpp"

namespace dane::smtp {

namespace {

using detail::host_verdict;

/// Postfix tls_misc.c: the class of an unauthenticated session.
TlsLogClass unauthenticated_class(const TlsOutcome& tls) {
  if (!tls.peer_certificate) return TlsLogClass::Anonymous;
  return tls.pkix_trusted ? TlsLogClass::Trusted : TlsLogClass::Untrusted;
}

/// RFC 8460 §4.3 result type of a failed DANE check. A certificate that
/// matches no usable TLSA record is "validation-failure" (§4.3.2's general
/// failure), as Exim reports it and smtp-dane-scenarios.md §4 lists it for
/// T01-T03 / T08-T10 / S06; "certificate-not-trusted" is left to PKIX (MTA-STS).
ReportResult report_for(Failure f) {
  switch (f) {
    case Failure::NameMismatch: return ReportResult::CertificateHostMismatch;
    case Failure::CertificateExpired: return ReportResult::CertificateExpired;
    case Failure::PathInvalid: return ReportResult::ValidationFailure;
    case Failure::NoUsableRecords: return ReportResult::TlsaInvalid;
    default: return ReportResult::ValidationFailure;
  }
}

/// RFC 3207 / RFC 7672 §2.2: STARTTLS offered and the handshake completed, or the failure verdict.
std::optional<HostVerdict> tls_required_failure(const HostPlan& plan, const TlsOutcome& tls, const char* rule) {
  if (!tls.starttls_offered) {
    return host_verdict(Action::TryNextMx, "4.7.4",
                fmt::format("TLS is required, but was not offered by host {}", detail::host_text(plan.host)), rule,
                ReportResult::StarttlsNotSupported, TlsLogClass::None);
  }
  if (!tls.handshake_ok) {
    return host_verdict(Action::TryNextMx, "4.7.5", "Cannot start TLS: handshake failure", rule,
                ReportResult::ValidationFailure, TlsLogClass::None);
  }
  return std::nullopt;
}

/// RFC 7672 §2.2 case 3: pre-DANE opportunistic TLS, clear text allowed.
HostVerdict decide_opportunistic(const TlsOutcome& tls) {
  const char* rule = "RFC 7672 §2.2";
  if (!tls.starttls_offered) {
    return host_verdict(Action::DeliverClear, "2.0.0", "STARTTLS not offered: clear text (opportunistic TLS)", rule,
                ReportResult::None, TlsLogClass::None);
  }
  if (!tls.handshake_ok) {
    return host_verdict(Action::DeliverClear, "2.0.0", "TLS handshake failed: retry in clear text (opportunistic TLS)", rule,
                ReportResult::None, TlsLogClass::None);
  }
  return host_verdict(Action::DeliverEncrypted, "2.0.0", "opportunistic TLS", rule, ReportResult::None,
              unauthenticated_class(tls));
}

/// RFC 7672 §2.2 case 2 (or a profile's "encrypt"): TLS without authentication.
HostVerdict decide_encrypt(const HostPlan& plan, const TlsOutcome& tls) {
  const bool unusable = plan.tlsa_state == TlsaState::Unusable;
  const char* rule = unusable ? "RFC 7672 §2.2" : "RFC 3207";
  if (auto failure = tls_required_failure(plan, tls, rule)) return *failure;
  return host_verdict(Action::DeliverEncrypted, "2.0.0",
              unusable ? "TLSA records unusable: TLS without authentication" : "TLS required, not authenticated",
              rule, unusable ? ReportResult::TlsaInvalid : ReportResult::None, unauthenticated_class(tls));
}

/// RFC 7672 §2.2 case 1 and §3: DANE-authenticated TLS.
HostVerdict decide_dane(const HostPlan& plan, const TlsOutcome& tls, const Profile& profile) {
  if (auto failure = tls_required_failure(plan, tls, "RFC 7672 §2.2")) return *failure;
  const bool secure_mx = plan.mx_security == dnssec::Security::Secure;
  if (!tls.dane || !tls.peer_certificate) {
    return host_verdict(Action::TryNextMx, "4.7.5", "Server certificate not verified", "RFC 7672 §2.2",
                ReportResult::ValidationFailure, unauthenticated_class(tls));
  }
  const MatchResult& m = *tls.dane;
  if (m.verified()) {
    // RFC 7672 §2.2.1: with an insecure MX the next-hop domain is not verified: "Trusted".
    const TlsLogClass log_class = secure_mx ? TlsLogClass::Verified : TlsLogClass::Trusted;
    if (!secure_mx && profile.dane == DaneUse::Mandatory) {
      if (profile.refusal == RefusalKind::Bounce) {
        return host_verdict(Action::Bounce, "5.7.5", "DANE required, but non DNSSEC destination", "RFC 7672 §2.2.1",
                    ReportResult::DaneRequired, log_class);
      }
      return host_verdict(Action::TryNextMx, "4.7.5", "non DNSSEC destination", "RFC 7672 §2.2.1",
                  ReportResult::DaneRequired, log_class);
    }
    return host_verdict(Action::DeliverAuthenticated, "2.0.0",
                secure_mx ? "Verified TLS connection (DANE)"
                          : "Trusted TLS connection (DANE; insecure MX: next-hop domain not verified)",
                secure_mx ? "RFC 7672 §3" : "RFC 7672 §2.2.1", ReportResult::None, log_class);
  }
  if (m.status == MatchStatus::NoUsableRecords && profile.dane != DaneUse::Mandatory &&
      profile.all_unusable == UnusableTlsaAction::Encrypt) {
    // Scenarios §9.1: records found unusable only at match time: TLS without authentication.
    return host_verdict(Action::DeliverEncrypted, "2.0.0", "TLSA records unusable: TLS without authentication",
                "RFC 7672 §2.2", ReportResult::TlsaInvalid, unauthenticated_class(tls));
  }
  // RFC 7672 §2.2: usable records and no match: MUST NOT deliver (scenarios §9.4: after the handshake).
  return host_verdict(Action::TryNextMx, "4.7.5", "Server certificate not verified", "RFC 7672 §2.2",
              report_for(m.failure), unauthenticated_class(tls));
}

}  // namespace

HostVerdict decide_host(const HostPlan& plan, const TlsOutcome& tls, const Profile& profile) {
  switch (plan.requirement) {
    case TlsRequirement::Refused: return plan.refusal;
    case TlsRequirement::Opportunistic: return decide_opportunistic(tls);
    case TlsRequirement::Encrypt: return decide_encrypt(plan, tls);
    case TlsRequirement::Dane: return decide_dane(plan, tls, profile);
  }
  return plan.refusal;
}

Verdict overall_verdict(const DeliveryPlan& plan, std::span<const HostVerdict> tried) {
  if (plan.verdict) return *plan.verdict;
  auto from = [](const HostVerdict& h, std::size_t i, Action action) {
    Verdict v;
    v.action = action;
    v.status = h.status;
    v.reason = h.reason;
    v.rule = h.rule;
    v.report = h.report;
    v.log_class = h.log_class;
    v.host = i;
    return v;
  };
  for (std::size_t i = 0; i < tried.size(); ++i) {
    if (delivers(tried[i].action)) return from(tried[i], i, tried[i].action);
  }
  // The last temporary failure explains the deferral, as in Postfix's queue entry.
  std::optional<std::size_t> temporary;
  for (std::size_t i = 0; i < tried.size(); ++i) {
    if (tried[i].action == Action::TryNextMx || tried[i].action == Action::Defer) temporary = i;
  }
  if (temporary) return from(tried[*temporary], *temporary, Action::Defer);
  if (tried.empty() || tried.size() < plan.hosts.size()) {
    Verdict v;
    v.action = Action::Defer;
    v.status = "4.4.1";
    v.reason = "no MX host was tried";
    v.rule = "RFC 7672 §2.1.2";
    return v;
  }
  return from(tried.back(), tried.size() - 1, Action::Bounce);
}

MatchOptions HostPlan::match_options() const {
  MatchOptions o;
  o.profile = dane::Profile::Smtp;
  o.reference_names = reference_names;
  return o;
}

MatchResult check_peer(const HostPlan& plan, std::span<const Certificate> chain, Time now) {
  return verify_chain(chain, plan.tlsa, now, plan.match_options());
}

}  // namespace dane::smtp
