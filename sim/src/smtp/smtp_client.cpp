/*
 * dane::sim: one SMTP delivery attempt (RFC 5321, RFC 3207 STARTTLS) over a
 * sim::Network stream, with Postfix smtp(8)'s wording for failures.
 */
#include "dane/sim/smtp_client.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <utility>

#include "../tls/tls_channel.hpp"
#include "dane/error.hpp"
#include "reply.hpp"

namespace dane::sim {

std::string_view to_string(SmtpStage s) noexcept {
  switch (s) {
    case SmtpStage::Connect: return "connect";
    case SmtpStage::Greeting: return "greeting";
    case SmtpStage::Ehlo: return "ehlo";
    case SmtpStage::StartTls: return "starttls";
    case SmtpStage::Handshake: return "handshake";
    case SmtpStage::Gate: return "gate";
    case SmtpStage::Mail: return "mail";
    case SmtpStage::Rcpt: return "rcpt";
    case SmtpStage::Data: return "data";
    case SmtpStage::Done: return "done";
  }
  return "?";
}

namespace {

/// RFC 5321 §4.5.2 and §2.3.8: CRLF line ends, a leading "." doubled, the
/// content ended by "." on a line of its own.
std::string stuff(std::string_view data) {
  std::string out;
  out.reserve(data.size() + 16);
  bool line_start = true;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    if (line_start && c == '.') out += '.';
    if (c == '\n') {
      if (out.empty() || out.back() != '\r') out += '\r';
      out += '\n';
      line_start = true;
      continue;
    }
    out += c;
    line_start = false;
  }
  if (!line_start) out += "\r\n";
  out += ".\r\n";
  return out;
}

/// RFC 3207 §4: STARTTLS is an EHLO keyword.
bool offers_starttls(const detail::Reply& ehlo) {
  const auto texts = ehlo.texts();
  for (std::size_t i = 1; i < texts.size(); ++i) {
    std::string t = texts[i];
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (t == "STARTTLS") return true;
  }
  return false;
}

/// One attempt's state: the connection, the TLS channel once started, buffers.
class Dialogue {
 public:
  Dialogue(Network& net, const SmtpClientConfig& cfg, SmtpAttempt& a) : net_(net), cfg_(cfg), a_(a) {}

  bool connect() {
    std::string error;
    conn_ = net_.connect(cfg_.local_address, a_.target.endpoint, cfg_.connect_timeout, &error);
    if (!conn_) {
      std::string why = error.empty() ? "connection failed" : error;
      if (!why.empty()) why[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(why[0])));
      a_.failure = fmt::format("connect to {}:{}: {}", peer(), a_.target.endpoint.port, why);
      return false;
    }
    a_.connected = true;
    a_.local = conn_->client();
    return true;
  }

  /// "mail.example.test[192.0.2.25]".
  std::string peer() const { return a_.target.host + "[" + a_.target.endpoint.address + "]"; }

  /// Sends one command line (recorded in the transcript).
  bool command(const std::string& line) {
    a_.transcript.push_back("C: " + line);
    return write(line + "\r\n");
  }

  /// Sends raw text (over TLS once it is up).
  bool write(const std::string& text) {
    if (tls_) {
      if (tls_->state() != detail::TlsState::Active) return false;
      tls_->send(text);
      return flush_tls();
    }
    return send_bytes(std::vector<std::uint8_t>(text.begin(), text.end()));
  }

  /// Reads one complete reply; false (with a_.failure set) when the
  /// connection ends first or the reply is malformed.
  bool read(detail::Reply& r, std::string_view waiting_for) {
    const detail::ReplyLimits limits{cfg_.max_reply_line, cfg_.max_reply_lines};
    for (std::size_t reads = 0; reads <= cfg_.max_reads; ++reads) {
      const auto scan = detail::take_reply(in_, r, limits);
      if (scan == detail::ReplyScan::Complete) {
        for (const auto& l : r.lines) a_.transcript.push_back("S: " + l);
        a_.code = r.code;
        a_.reply = r.last_line();
        return true;
      }
      if (scan == detail::ReplyScan::Malformed) {
        a_.failure = fmt::format("malformed reply from {} while {}", peer(), waiting_for);
        return false;
      }
      if (!pull()) break;
    }
    a_.failure = fmt::format("lost connection with {} while {}", peer(), waiting_for);
    return false;
  }

  /// RFC 3207: the TLS handshake after "220 Ready to start TLS".
  void handshake(std::uint64_t seed, std::uint64_t attempt) {
    tls_ = detail::TlsChannel::client(a_.target.sni, detail::tls_seed(seed, fmt::format("smtp attempt {}", attempt)));
    in_.clear();  // RFC 3207 §5: nothing read before TLS is trusted after it
    for (std::size_t round = 0; round <= cfg_.max_reads; ++round) {
      if (!flush_tls()) break;
      if (tls_->state() != detail::TlsState::Handshaking) break;
      auto bytes = conn_->receive();
      if (bytes.empty()) break;
      tls_->feed(bytes);
    }
    flush_tls();  // a failing side's last bytes carry the alert
    if (tls_->state() == detail::TlsState::Active) {
      const auto& p = tls_->parameters();
      a_.tls.established = true;
      a_.tls.protocol = p.protocol;
      a_.tls.cipher = p.cipher;
      a_.tls.cipher_bits = p.cipher_bits;
      a_.tls.peer_chain = tls_->peer_chain();
      a_.transcript.push_back(fmt::format("-- TLS established: {} with cipher {} ({}/{} bits)", p.protocol, p.cipher,
                                          p.cipher_bits, p.cipher_bits));
    } else {
      a_.tls.error = tls_->state() == detail::TlsState::Failed ? tls_->error() : "handshake did not complete";
      a_.transcript.push_back("-- TLS handshake failed: " + a_.tls.error);
    }
  }

  void close() {
    if (!conn_) return;
    if (tls_ && tls_->state() == detail::TlsState::Active) {
      tls_->close();
      flush_tls();
    }
    if (conn_->is_open()) conn_->close();
  }

  bool open() const { return conn_ && conn_->is_open(); }

  /// Sends QUIT and reads the answer, keeping the reply that decided the
  /// attempt as the attempt's code and reply.
  void quit() {
    const int code = a_.code;
    std::string reply = a_.reply;
    detail::Reply r;
    if (command("QUIT")) read(r, "sending QUIT");
    a_.code = code;
    a_.reply = std::move(reply);
  }

 private:
  bool send_bytes(const std::vector<std::uint8_t>& bytes) {
    if (bytes.empty()) return true;
    if (!conn_ || !conn_->is_open()) return false;
    conn_->send(bytes);
    return true;
  }

  bool flush_tls() { return send_bytes(tls_->take_output()); }

  /// Moves what the server sent into in_ (through TLS when it is up).
  bool pull() {
    if (!conn_) return false;
    auto bytes = conn_->receive();
    if (bytes.empty()) return false;
    if (!tls_) {
      in_.append(bytes.begin(), bytes.end());
      return true;
    }
    tls_->feed(bytes);
    flush_tls();
    in_ += tls_->take_plaintext();
    return true;
  }

  Network& net_;
  const SmtpClientConfig& cfg_;
  SmtpAttempt& a_;
  std::unique_ptr<Connection> conn_;
  std::unique_ptr<detail::TlsChannel> tls_;
  std::string in_;
};

/// Postfix smtp(8): "host X said: 550 ... (in reply to RCPT TO command)".
std::string said(const std::string& peer, const detail::Reply& r, std::string_view in_reply_to) {
  std::string text;
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    if (i == 0) {
      text = r.lines[i];
    } else {
      text += " " + r.texts()[i];
    }
  }
  return fmt::format("host {} said: {} (in reply to {})", peer, text, in_reply_to);
}

}  // namespace

SmtpClient::SmtpClient(Network& net, SmtpClientConfig config) : net_(net), config_(std::move(config)) {}

SmtpAttempt SmtpClient::deliver(const SmtpTarget& target, const Envelope& envelope, const TlsGate& gate) {
  const auto attempt_number = ++attempts_;
  SmtpAttempt a;
  a.target = target;
  a.tls.sni = target.mode == TlsMode::None ? std::string() : target.sni;
  auto& clock = net_.clock();
  const auto start = clock.now_ms();
  Dialogue d(net_, config_, a);
  detail::Reply r;

  auto finish = [&](SmtpStage stage) {
    a.stage = stage;
    d.close();
    if (a.setup_time == Duration{0}) a.setup_time = clock.now_ms() - start;
    return a;
  };
  auto refused = [&](SmtpStage stage, std::string_view in_reply_to) {
    a.failure = said(d.peer(), r, in_reply_to);
    d.quit();
    return finish(stage);
  };

  if (!d.connect()) return finish(SmtpStage::Connect);
  if (!d.read(r, "receiving the initial server greeting")) return finish(SmtpStage::Greeting);
  if (r.code != 220) return refused(SmtpStage::Greeting, "initial greeting");

  if (!d.command("EHLO " + config_.helo_name) || !d.read(r, "performing the EHLO handshake")) {
    return finish(SmtpStage::Ehlo);
  }
  if (r.code != 250) return refused(SmtpStage::Ehlo, "EHLO command");
  a.tls.offered = offers_starttls(r);

  if (target.mode != TlsMode::None && a.tls.offered) {
    if (!d.command("STARTTLS") || !d.read(r, "sending STARTTLS")) return finish(SmtpStage::StartTls);
    if (r.code != 220) {
      a.tls.error = r.last_line();
      if (target.mode == TlsMode::Required || (gate && !gate(a.tls))) {
        a.aborted = true;
        return refused(SmtpStage::StartTls, "STARTTLS command");
      }
    } else {
      a.tls.attempted = true;
      d.handshake(config_.seed, attempt_number);
      if (!a.tls.established) {
        a.failure = fmt::format("Cannot start TLS: handshake failure with {}: {}", d.peer(), a.tls.error);
        return finish(SmtpStage::Handshake);
      }
      // RFC 3207 §4.2: EHLO again; the server forgot the first one.
      if (!d.command("EHLO " + config_.helo_name) || !d.read(r, "performing the EHLO handshake")) {
        return finish(SmtpStage::Ehlo);
      }
      if (r.code != 250) return refused(SmtpStage::Ehlo, "EHLO command");
    }
  }
  a.setup_time = clock.now_ms() - start;

  const bool tls_missing = target.mode == TlsMode::Required && !a.tls.established;
  if ((gate && !gate(a.tls)) || tls_missing) {
    a.aborted = true;
    if (tls_missing && a.failure.empty()) a.failure = "TLS is required, but was not offered by host " + d.peer();
    d.quit();
    a.stage = SmtpStage::Gate;
    d.close();
    return a;
  }

  const auto transfer_start = clock.now_ms();
  auto done = [&](SmtpStage stage) {
    a.transfer_time = clock.now_ms() - transfer_start;
    a.stage = stage;
    d.close();
    return a;
  };
  if (!d.command("MAIL FROM:<" + envelope.mail_from + ">") || !d.read(r, "sending MAIL FROM")) {
    return done(SmtpStage::Mail);
  }
  if (r.code != 250) {
    a.failure = said(d.peer(), r, "MAIL FROM command");
    d.quit();
    return done(SmtpStage::Mail);
  }
  std::size_t accepted = 0;
  std::string rcpt_failure;
  for (const auto& rcpt : envelope.recipients) {
    if (!d.command("RCPT TO:<" + rcpt + ">") || !d.read(r, "sending RCPT TO")) return done(SmtpStage::Rcpt);
    if (r.code == 250 || r.code == 251) {
      ++accepted;
    } else if (rcpt_failure.empty()) {
      rcpt_failure = said(d.peer(), r, "RCPT TO command");
    }
  }
  if (accepted == 0) {
    a.failure = rcpt_failure.empty() ? "no recipients" : rcpt_failure;
    d.quit();
    return done(SmtpStage::Rcpt);
  }
  if (!d.command("DATA") || !d.read(r, "sending DATA")) return done(SmtpStage::Data);
  if (r.code != 354) {
    a.failure = said(d.peer(), r, "DATA command");
    d.quit();
    return done(SmtpStage::Data);
  }
  const std::string body = stuff(envelope.data);
  a.transcript.push_back(fmt::format("C: <message content, {} octets>", body.size()));
  if (!d.write(body) || !d.read(r, "sending end of data -- message may be sent more than once")) {
    return done(SmtpStage::Data);
  }
  if (r.code / 100 != 2) {
    a.failure = said(d.peer(), r, "end of DATA command");
    d.quit();
    return done(SmtpStage::Data);
  }
  a.delivered = true;
  d.quit();  // the end-of-data reply stays the attempt's reply
  a.transfer_time = clock.now_ms() - transfer_start;
  a.stage = SmtpStage::Done;
  d.close();
  return a;
}

}  // namespace dane::sim
