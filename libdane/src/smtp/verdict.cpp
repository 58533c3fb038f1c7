// libdane: names and one-line summaries of SMTP verdicts (verdict.hpp).
#include "dane/smtp/verdict.hpp"

#include <fmt/format.h>

#include "internal.hpp"

namespace dane::smtp {

std::string_view to_string(Action a) noexcept {
  switch (a) {
    case Action::DeliverAuthenticated: return "deliver-authenticated";
    case Action::DeliverEncrypted: return "deliver-encrypted";
    case Action::DeliverClear: return "deliver-clear";
    case Action::TryNextMx: return "try-next-mx";
    case Action::Defer: return "defer";
    case Action::Bounce: return "bounce";
  }
  return "?";
}

std::string_view to_string(TlsLogClass c) noexcept {
  switch (c) {
    case TlsLogClass::None: return "none";
    case TlsLogClass::Anonymous: return "Anonymous";
    case TlsLogClass::Untrusted: return "Untrusted";
    case TlsLogClass::Trusted: return "Trusted";
    case TlsLogClass::Verified: return "Verified";
  }
  return "?";
}

std::string_view to_string(ReportResult r) noexcept {
  switch (r) {
    case ReportResult::None: return "";
    case ReportResult::StarttlsNotSupported: return "starttls-not-supported";
    case ReportResult::CertificateHostMismatch: return "certificate-host-mismatch";
    case ReportResult::CertificateExpired: return "certificate-expired";
    case ReportResult::CertificateNotTrusted: return "certificate-not-trusted";
    case ReportResult::ValidationFailure: return "validation-failure";
    case ReportResult::TlsaInvalid: return "tlsa-invalid";
    case ReportResult::DnssecInvalid: return "dnssec-invalid";
    case ReportResult::DaneRequired: return "dane-required";
  }
  return "?";
}

bool delivers(Action a) noexcept {
  return a == Action::DeliverAuthenticated || a == Action::DeliverEncrypted || a == Action::DeliverClear;
}

namespace {
std::string summarise(Action action, const std::string& status, const std::string& reason, const std::string& rule,
                      ReportResult report, TlsLogClass log_class) {
  std::string out = fmt::format("{} {} {}", to_string(action), status, reason);
  if (!rule.empty()) out += fmt::format(" ({})", rule);
  if (log_class != TlsLogClass::None) out += fmt::format(" [TLS {}]", to_string(log_class));
  if (report != ReportResult::None) out += fmt::format(" [TLSRPT {}]", to_string(report));
  return out;
}
}  // namespace

std::string HostVerdict::summary() const { return summarise(action, status, reason, rule, report, log_class); }

std::string Verdict::summary() const { return summarise(action, status, reason, rule, report, log_class); }

namespace detail {

HostVerdict host_verdict(Action action, std::string status, std::string reason, std::string rule,
                         ReportResult report, TlsLogClass log_class) {
  HostVerdict v;
  v.action = action;
  v.status = std::move(status);
  v.reason = std::move(reason);
  v.rule = std::move(rule);
  v.report = report;
  v.log_class = log_class;
  return v;
}

}  // namespace detail

}  // namespace dane::smtp
