/*
 * libdane: what an SMTP client does with one MX host, and with a whole
 * delivery attempt (RFC 7672 §2.1-§2.2), in the words of the reports that
 * describe it: an RFC 3463 enhanced status code, the Postfix log wording, the
 * RFC 8460 (TLSRPT) result type and the Postfix TLS log class.
 */
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dane::smtp {

/// What the client does with one MX host after the DNS lookups and the TLS attempt.
enum class Action {
  DeliverAuthenticated,  ///< send over DANE-authenticated TLS
  DeliverEncrypted,      ///< send over TLS without authentication ("encrypt", or opportunistic TLS that worked)
  DeliverClear,          ///< send in clear text: allowed, opportunistic TLS was not available
  TryNextMx,             ///< temporary failure for this host: try the next MX host, else defer
  Defer,                 ///< temporary failure for the whole domain: queue and retry later
  Bounce,                ///< permanent failure: return the message to the sender
};

/// The Postfix TLS log class of a connection (Postfix tls_misc.c), or None without TLS.
enum class TlsLogClass { None, Anonymous, Untrusted, Trusted, Verified };

/// RFC 8460 §4.3 result types the SMTP DANE policy can produce (None: nothing to report).
enum class ReportResult {
  None,
  StarttlsNotSupported,     ///< "starttls-not-supported"
  CertificateHostMismatch,  ///< "certificate-host-mismatch"
  CertificateExpired,       ///< "certificate-expired"
  CertificateNotTrusted,    ///< "certificate-not-trusted"
  ValidationFailure,        ///< "validation-failure"
  TlsaInvalid,              ///< "tlsa-invalid"
  DnssecInvalid,            ///< "dnssec-invalid"
  DaneRequired,             ///< "dane-required"
};

/// "deliver-authenticated", "deliver-encrypted", "deliver-clear", "try-next-mx", "defer", "bounce".
std::string_view to_string(Action a) noexcept;
/// "none", "Anonymous", "Untrusted", "Trusted", "Verified" (Postfix's words).
std::string_view to_string(TlsLogClass c) noexcept;
/// The RFC 8460 token, e.g. "certificate-not-trusted"; "" for None.
std::string_view to_string(ReportResult r) noexcept;

/// True for the three Deliver actions.
bool delivers(Action a) noexcept;

/// The decision for one MX host.
struct HostVerdict {
  Action action = Action::TryNextMx;
  /// RFC 3463 enhanced status code, e.g. "4.7.5"; "2.0.0" when delivered.
  std::string status;
  /// Why, in Postfix's wording where Postfix has one ("Server certificate not verified").
  std::string reason;
  /// The rule that decided, e.g. "RFC 7672 §2.2".
  std::string rule;
  ReportResult report = ReportResult::None;
  /// The TLS log class of the connection, None when no TLS session was established.
  TlsLogClass log_class = TlsLogClass::None;

  /// One line: "try-next-mx 4.7.5 Server certificate not verified (RFC 7672 §2.2)".
  std::string summary() const;
};

/// The outcome of a whole delivery attempt over every MX host.
struct Verdict {
  /// DeliverAuthenticated / DeliverEncrypted / DeliverClear, Defer or Bounce
  /// (never TryNextMx: with no host left that becomes Defer).
  Action action = Action::Defer;
  std::string status;
  std::string reason;
  std::string rule;
  ReportResult report = ReportResult::None;
  TlsLogClass log_class = TlsLogClass::None;
  /// Index in DeliveryPlan::hosts of the host that delivered or decided, if any.
  std::optional<std::size_t> host;

  /// One line like HostVerdict::summary().
  std::string summary() const;
};

}  // namespace dane::smtp
