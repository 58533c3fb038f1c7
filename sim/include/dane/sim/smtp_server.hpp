/*
 * dane::sim: a simulated receiving MTA. It speaks RFC 5321 SMTP with the
 * RFC 3207 STARTTLS extension over a sim::Network stream, runs real TLS 1.2
 * (Botan 2) over the stream bytes, picks its certificate by SNI like
 * Postfix's tls_server_sni_maps, stores what it accepts in a mailbox and logs
 * like Postfix's smtpd ("connect from unknown[192.0.2.25]" ...), every line
 * stamped from the virtual clock. Queue ids and the pid derive from the seed.
 *
 *   sim::SmtpServerConfig cfg;
 *   cfg.hostname = "mail.example.test";
 *   cfg.certificates["mail.example.test"] = {chain.without_root(), chain.leaf.private_key_pem};
 *   auto mx = std::make_shared<sim::SmtpServer>(clock, cfg);
 *   net.listen({"192.0.2.25", 25}, mx);
 *   ... // after a delivery: mx->mailbox(), mx->log()
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dane/cert.hpp"
#include "dane/sim/clock.hpp"
#include "dane/sim/network.hpp"

namespace dane::sim {

/// A certificate chain as the server sends it (leaf first) with the leaf's PKCS#8 PEM key.
struct ServerCertificate {
  Chain chain;
  std::string private_key_pem;
};

/// How a receiving MTA behaves. Every limit bounds input the client controls.
struct SmtpServerConfig {
  /// The name in the greeting and the EHLO reply ("mail.example.test").
  std::string hostname = "mail.example.test";
  /// The host name in the syslog prefix ("mx" in "... mx postfix/smtpd[1234]: ...").
  std::string syslog_host = "mx";
  /// Offer STARTTLS in the EHLO reply (RFC 3207 §4).
  bool offer_starttls = true;
  /// Certificates by SNI name (case-insensitive, trailing dot ignored), like
  /// Postfix's tls_server_sni_maps: one address can serve many scenarios.
  std::map<std::string, ServerCertificate> certificates;
  /// Sent when the SNI is absent or not in the map (after an
  /// unrecognized_name warning). Without it, such handshakes fail: the
  /// "no usable certificate" case.
  std::optional<ServerCertificate> default_certificate;
  /// Seeds queue ids, the pid and each session's TLS randomness.
  std::uint64_t seed = 1;
  /// RFC 5321 §4.5.3.1.4: a command line is at most 512 octets with CRLF.
  std::size_t max_command_line = 512;
  /// RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets with CRLF.
  std::size_t max_text_line = 1000;
  /// Largest message accepted (Postfix message_size_limit, 10240000 by default).
  std::size_t max_message_size = 10'240'000;
  /// Commands per session before the server hangs up (421).
  std::size_t max_commands = 100;
  /// Recipients per message (RFC 5321 §4.5.3.1.8: at least 100 must be accepted).
  std::size_t max_recipients = 100;
  /// Messages kept in the mailbox; later ones are refused with 452.
  std::size_t max_mailbox = 10'000;
};

/// One accepted message.
struct StoredMessage {
  std::string queue_id;                 ///< "3F2A1B4C5D"
  std::string mail_from;                ///< the reverse path, without < >
  std::vector<std::string> recipients;  ///< forward paths, without < >
  std::string data;                     ///< the content, dot-unstuffed, CRLF line ends, without the final "."
  bool tls = false;                     ///< received over TLS
  std::string tls_protocol;             ///< "TLSv1.2" when tls
  std::string tls_cipher;               ///< "ECDHE-ECDSA-AES256-GCM-SHA384" when tls
  std::string sni;                      ///< the SNI name the client sent ("" for none)
  Endpoint client;                      ///< where it came from
  Instant received;                     ///< virtual time of the final "."
};

/// A receiving MTA listening on a stream port (usually 25).
class SmtpServer : public StreamService {
 public:
  /// @throws InputError when a certificate's key does not parse.
  SmtpServer(Clock& clock, SmtpServerConfig config);
  ~SmtpServer() override;
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  /// A new SMTP session (the network calls this for each connection).
  std::unique_ptr<StreamSession> accept(const Endpoint& client, const Endpoint& local) override;

  /// Messages accepted so far, in order.
  const std::vector<StoredMessage>& mailbox() const noexcept;
  /// The smtpd log so far, one Postfix-format line each, with the syslog prefix.
  const std::vector<std::string>& log() const noexcept;
  /// The configuration in use.
  const SmtpServerConfig& config() const noexcept;

  struct State;  ///< shared with the sessions (which may outlive a call)

 private:
  std::shared_ptr<State> state_;
};

/**
 * An on-path attacker in front of a real listener (RFC 7672 §1.3's
 * downgrade). Install it with Network::listen, which returns the listener it
 * replaces:
 *   net.listen(ep, make_starttls_stripper(server));  // returns server, the listener it replaced
 */
/// Removes STARTTLS from every EHLO reply and answers a STARTTLS command
/// itself with 502, so the client never learns the server offers TLS.
std::shared_ptr<StreamService> make_starttls_stripper(std::shared_ptr<StreamService> inner);

/// Terminates TLS itself: the client talks to `impostor` (usually an
/// SmtpServer holding the attacker's certificate) instead of the real
/// listener, which is kept only so it can be restored.
std::shared_ptr<StreamService> make_tls_interceptor(std::shared_ptr<StreamService> real,
                                                    std::shared_ptr<StreamService> impostor);

/// The syslog line prefix Postfix's programs write: "Nov 22 12:00:05 mx postfix/smtpd[1234]: "
/// (RFC 3164 timestamp: day space-padded to two columns, UTC).
std::string syslog_prefix(Instant t, std::string_view host, std::string_view program, std::uint32_t pid);

}  // namespace dane::sim
