/*
 * dane::sim: a simulated sending MTA. send() resolves the recipient domain
 * through a dane::Resolver (a sim::RecursiveResolver of some kind, or any
 * other), plans the delivery with a dane::smtp profile (RFC 7672 §2), tries
 * the MX hosts in preference order over the simulated network with STARTTLS
 * and SNI = the TLSA base domain, checks the peer chain with
 * dane::verify_chain at the virtual time against the host's TLSA records
 * and reference names, and logs like Postfix's smtp(8):
 *
 *   Nov 22 12:00:05 sender postfix/smtp[2345]: Verified TLS connection established to
 *     mail.example.test[192.0.2.25]:25: TLSv1.2 with cipher ECDHE-ECDSA-AES256-GCM-SHA384 (256/256 bits)
 *   Nov 22 12:00:05 sender postfix/smtp[2345]: 3F2A1B4C5D: to=<user@example.test>,
 *     relay=mail.example.test[192.0.2.25]:25, delay=0.1, delays=0/0/0.06/0.04, dsn=2.0.0,
 *     status=sent (250 2.0.0 Ok: queued as 7A1B2C3D4E)
 *
 *   sim::Mta mta(net, resolver, {.profile = "postfix-dane"});
 *   sim::SendResult r = mta.send({"sender@example.net", "user@example.test", "Subject: hi\r\n\r\nhi\r\n"});
 *   r.verdict.action, r.report, r.tls_class, r.attempts, r.log
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dane/match.hpp"
#include "dane/resolver.hpp"
#include "dane/sim/clock.hpp"
#include "dane/sim/network.hpp"
#include "dane/sim/random.hpp"
#include "dane/sim/smtp_client.hpp"
#include "dane/smtp/policy.hpp"
#include "dane/smtp/verdict.hpp"

namespace dane::sim {

/// A sending MTA's settings.
struct MtaConfig {
  /// The dane::smtp profile name ("postfix-dane", "rfc7672", "exim-try", ...).
  std::string profile = "postfix-dane";
  /// Where it sends from.
  Address address = "198.51.100.25";
  std::string helo_name = "sender.example.net";
  /// The host name in the syslog prefix.
  std::string syslog_host = "sender";
  /// Seeds queue ids, the pid and the TLS randomness.
  std::uint64_t seed = 1;
  /// The SMTP port of every MX host.
  std::uint16_t port = 25;
  Duration connect_timeout{30'000};
};

/// One message to one recipient.
struct OutgoingMessage {
  std::string from;  ///< "sender@example.net"
  std::string to;    ///< "user@example.test": the domain after the last '@' is the next hop
  std::string data;  ///< the content (headers and body)
};

/// What happened at one MX host (one entry per planned host, in plan order, until one delivered).
struct HostAttempt {
  std::string host;  ///< "mail.example.test" (no trailing dot)
  smtp::TlsRequirement requirement = smtp::TlsRequirement::Opportunistic;
  smtp::TlsaState tlsa_state = smtp::TlsaState::NotLookedUp;
  std::string sni;  ///< SNI sent ("" for none)
  /// One per address tried (none when the host was refused before connecting).
  std::vector<SmtpAttempt> connections;
  /// verify_chain's result when a DANE check ran.
  std::optional<MatchResult> dane;
  smtp::HostVerdict verdict;
};

/// The outcome of send().
struct SendResult {
  std::string queue_id;
  /// The policy's verdict over all hosts (deliver / defer / bounce).
  smtp::Verdict verdict;
  /// "sent", "deferred" or "bounced" (Postfix's status= word).
  std::string status;
  /// The enhanced status code logged as dsn= ("2.0.0", "4.7.5", ...).
  std::string dsn;
  /// RFC 8460 result type for a TLSRPT report (None on success).
  smtp::ReportResult report = smtp::ReportResult::None;
  /// The Postfix TLS class of the connection that decided (None without TLS).
  smtp::TlsLogClass tls_class = smtp::TlsLogClass::None;
  std::vector<HostAttempt> attempts;
  /// Postfix-format log lines (qmgr and smtp), each with the syslog prefix.
  std::vector<std::string> log;
  /// The policy's lookup notes ("SECURE MX record(...) found for ..."), Cisco daneverify style.
  std::vector<std::string> dns_log;

  bool delivered() const noexcept { return status == "sent"; }
};

/// A sending MTA over a simulated network.
class Mta {
 public:
  /// @throws InputError when config.profile names no known profile.
  Mta(Network& net, Resolver& resolver, MtaConfig config);

  /// One delivery attempt of msg (RFC 7672 §2: no retry queue; a deferral is a result).
  /// @throws InputError when msg.to has no domain part or the domain is not a valid name.
  SendResult send(const OutgoingMessage& msg);

  const MtaConfig& config() const noexcept { return config_; }

 private:
  Network& net_;
  Resolver& resolver_;
  MtaConfig config_;
  const smtp::Profile* profile_;
  SmtpClient client_;
  Random random_;
  std::uint32_t pid_;       ///< postfix/smtp
  std::uint32_t qmgr_pid_;  ///< postfix/qmgr
};

/// Postfix's rendering of a delay in seconds (two significant digits, truncated):
/// whole seconds from 10 s ("123"), one decimal from 1 s ("1.2"), two below
/// ("0.05", "0.1"), and "0" under 10 ms.
std::string postfix_delay(Duration d);

}  // namespace dane::sim
