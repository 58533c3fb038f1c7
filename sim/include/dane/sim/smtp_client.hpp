/*
 * dane::sim: the transport of a simulated sending MTA. One call makes one
 * SMTP attempt over a sim::Network stream: greeting, EHLO, optionally
 * STARTTLS (RFC 3207) with a real Botan 2 TLS 1.2 client that sends SNI,
 * captures the server's chain and leaves the trust decision to the caller
 * (the gate), then MAIL / RCPT / DATA / QUIT (RFC 5321). The client never
 * judges certificates itself: the DANE check (dane::verify_chain at the
 * virtual time) belongs to the caller, as in Postfix's smtp(8).
 *
 *   sim::SmtpClient client(net, {.local_address = "198.51.100.7", .seed = 9});
 *   sim::SmtpTarget to{"mail.example.test", {"192.0.2.25", 25}, "mail.example.test", sim::TlsMode::Required};
 *   auto attempt = client.deliver(to, envelope, [&](const sim::TlsSummary& tls) {
 *     return tls.established && dane::verify_chain(tls.peer_chain, tlsa, clock.now(), opts).verified();
 *   });
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dane/cert.hpp"
#include "dane/sim/clock.hpp"
#include "dane/sim/network.hpp"

namespace dane::sim {

/// Whether to use STARTTLS.
enum class TlsMode {
  None,           ///< never (plaintext)
  Opportunistic,  ///< when the server offers it; plaintext otherwise
  Required,       ///< when offered; otherwise QUIT without sending (the gate still runs)
};

/// What happened with TLS on one connection.
struct TlsSummary {
  bool offered = false;      ///< the EHLO reply listed STARTTLS
  bool attempted = false;    ///< the client sent STARTTLS and the server said 220
  bool established = false;  ///< the handshake completed
  std::string sni;           ///< the SNI sent ("" for none)
  std::string protocol;      ///< "TLSv1.2"
  std::string cipher;        ///< "ECDHE-ECDSA-AES256-GCM-SHA384"
  int cipher_bits = 0;       ///< 256
  Chain peer_chain;          ///< the server's Certificate message, leaf first (empty without TLS)
  std::string error;         ///< why STARTTLS or the handshake failed ("" otherwise)
};

/// Where and how to deliver.
struct SmtpTarget {
  std::string host;   ///< the MX host name, for messages ("mail.example.test")
  Endpoint endpoint;  ///< its address and port
  std::string sni;    ///< SNI for the TLS handshake ("" for none)
  TlsMode mode = TlsMode::Opportunistic;
};

/// The message: envelope and content.
struct Envelope {
  std::string mail_from;                ///< reverse path without < > ("" for the null sender)
  std::vector<std::string> recipients;  ///< forward paths without < >
  std::string data;                     ///< content; line ends normalised to CRLF, dots stuffed on sending
};

/// How far an attempt got.
enum class SmtpStage { Connect, Greeting, Ehlo, StartTls, Handshake, Gate, Mail, Rcpt, Data, Done };

/// "connect", "greeting", "ehlo", "starttls", "handshake", "gate", "mail", "rcpt", "data", "done".
std::string_view to_string(SmtpStage s) noexcept;

/// The result of one attempt.
struct SmtpAttempt {
  SmtpTarget target;
  bool connected = false;
  Endpoint local;                       ///< the client's endpoint once connected
  std::vector<std::string> transcript;  ///< "S: 220 ...", "C: EHLO ...", "-- TLS ..." lines, in order
  TlsSummary tls;
  bool aborted = false;    ///< the gate refused: QUIT after the handshake, nothing sent
  bool delivered = false;  ///< the final "." got a 2xx
  SmtpStage stage = SmtpStage::Connect;  ///< where it stopped (Done when delivered)
  int code = 0;            ///< the last reply's code (0 when none)
  std::string reply;       ///< the last reply's last line ("250 2.0.0 Ok: queued as 3F2A1B4C5D")
  /// Postfix-style reason when not delivered, e.g. "connect to mail.example.test[192.0.2.25]:25:
  /// Connection refused", "host mail.example.test[192.0.2.25] said: 550 5.1.1 ... (in reply to RCPT TO command)".
  std::string failure;
  Duration setup_time{0};     ///< connect, greeting, EHLO and TLS (Postfix's delays "c")
  Duration transfer_time{0};  ///< MAIL to the end of DATA (Postfix's delays "d")
};

/// Decides, after TLS negotiation ended (established, failed or not
/// offered), whether to send the message. false: QUIT without sending.
using TlsGate = std::function<bool(const TlsSummary&)>;

/// Client settings. Every limit bounds input the server controls.
struct SmtpClientConfig {
  Address local_address = "198.51.100.25";
  std::string helo_name = "sender.example.net";
  Duration connect_timeout{30'000};
  /// Seeds each handshake's TLS randomness (with a per-attempt counter).
  std::uint64_t seed = 1;
  std::size_t max_reply_lines = 100;
  std::size_t max_reply_line = 4096;
  /// Network reads while waiting for one reply or handshake flight.
  std::size_t max_reads = 64;
};

/// A sending MTA's SMTP/TLS transport over a sim::Network.
class SmtpClient {
 public:
  SmtpClient(Network& net, SmtpClientConfig config);

  /// One delivery attempt. Never throws for network or protocol failures:
  /// they are reported in the result.
  SmtpAttempt deliver(const SmtpTarget& target, const Envelope& envelope, const TlsGate& gate = {});

  const SmtpClientConfig& config() const noexcept { return config_; }

 private:
  Network& net_;
  SmtpClientConfig config_;
  std::uint64_t attempts_ = 0;
};

}  // namespace dane::sim
