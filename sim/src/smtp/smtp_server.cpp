/*
 * dane::sim: the simulated receiving MTA (RFC 5321 with RFC 3207 STARTTLS),
 * replying and logging with Postfix 3.7's wording.
 */
#include "dane/sim/smtp_server.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "../tls/tls_channel.hpp"
#include "dane/error.hpp"
#include "dane/sim/random.hpp"

namespace dane::sim {

using detail::TlsChannel;
using detail::TlsState;

struct SmtpServer::State {
  State(Clock& c, SmtpServerConfig cfg)
      : clock(c), config(std::move(cfg)), random(Random(config.seed).fork("smtpd")) {
    std::map<std::string, detail::TlsCredential> by_sni;
    for (const auto& [name, cert] : config.certificates) by_sni[name] = {cert.chain, cert.private_key_pem};
    std::optional<detail::TlsCredential> fallback;
    if (config.default_certificate) {
      fallback = detail::TlsCredential{config.default_certificate->chain, config.default_certificate->private_key_pem};
    }
    credentials = detail::make_server_credentials(by_sni, fallback);
    pid = static_cast<std::uint32_t>(random.between(1000, 32767));
  }

  /// Appends one smtpd line with the syslog prefix at the current virtual time.
  void log(const std::string& line) {
    lines.push_back(syslog_prefix(clock.now_ms(), config.syslog_host, "postfix/smtpd", pid) + line);
  }
  /// A Postfix-style short queue id: 10 upper-case hex digits.
  std::string queue_id() { return fmt::format("{:010X}", random.next() & 0xFF'FFFF'FFFFULL); }

  Clock& clock;
  SmtpServerConfig config;
  Random random;
  std::shared_ptr<const detail::TlsServerCredentials> credentials;
  std::uint32_t pid = 0;
  std::uint64_t sessions = 0;
  std::vector<StoredMessage> mailbox;
  std::vector<std::string> lines;
};

namespace {

/// Postfix's order of commands in the "disconnect from" statistics.
constexpr std::array<const char*, 11> command_order = {"helo", "ehlo", "starttls", "mail", "rcpt", "data",
                                                        "rset", "noop", "vrfy", "quit", "unknown"};

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

/**
 * RFC 5321 §4.1.1.2/§4.1.1.3: the path in "MAIL FROM:<path> params" or
 * "RCPT TO:<path> params" after the keyword; nullopt when the argument is
 * not "<...>" (Postfix also accepts a missing space after the colon).
 */
std::optional<std::string> parse_path(std::string_view arg, std::string_view keyword) {
  if (arg.size() < keyword.size() || upper(arg.substr(0, keyword.size())) != keyword) return std::nullopt;
  arg.remove_prefix(keyword.size());
  while (!arg.empty() && arg.front() == ' ') arg.remove_prefix(1);
  if (arg.empty() || arg.front() != '<') return std::nullopt;
  const auto close = arg.find('>');
  if (close == std::string_view::npos) return std::nullopt;
  const auto path = arg.substr(1, close - 1);
  if (path.find_first_of("<> ") != std::string_view::npos) return std::nullopt;
  return std::string(path);
}

/// One SMTP session with one client.
class Session final : public StreamSession {
 public:
  Session(std::shared_ptr<SmtpServer::State> st, Endpoint client, std::uint64_t number)
      : st_(std::move(st)), client_(std::move(client)), number_(number) {}

  std::vector<std::uint8_t> on_open() override {
    st_->log("connect from " + peer());
    std::string out = "220 " + st_->config.hostname + " ESMTP Postfix (Debian/GNU)\r\n";
    return {out.begin(), out.end()};
  }

  std::vector<std::uint8_t> on_data(std::span<const std::uint8_t> data) override {
    if (closed_) return {};
    std::vector<std::uint8_t> out;
    if (!tls_) {
      in_.append(reinterpret_cast<const char*>(data.data()), data.size());
      process(out);
      return out;
    }
    tls_->feed(data);
    if (tls_->state() == TlsState::Failed) return tls_failed();
    if (tls_->state() == TlsState::Active && !tls_logged_) {
      tls_logged_ = true;
      const auto& p = tls_->parameters();
      st_->log(fmt::format("Anonymous TLS connection established from {}: {} with cipher {} ({}/{} bits)", peer(),
                           p.protocol, p.cipher, p.cipher_bits, p.cipher_bits));
    }
    in_ += tls_->take_plaintext();
    std::vector<std::uint8_t> replies;
    process(replies);
    if (!replies.empty() && tls_->state() == TlsState::Active) {
      tls_->send(std::string_view(reinterpret_cast<const char*>(replies.data()), replies.size()));
    }
    if (closed_) tls_->close();
    if (tls_->state() == TlsState::Failed && !closed_) {
      auto failed = tls_failed();
      return failed;
    }
    return tls_->take_output();
  }

  bool closed() const override { return closed_; }

  void on_close() override {
    if (!disconnected_ && !quit_) st_->log("lost connection after " + last_command_ + " from " + peer());
    disconnect();
  }

  ~Session() override { disconnect(); }

 private:
  std::string peer() const { return "unknown[" + client_.address + "]"; }

  /// Log lines and state for a handshake that failed (no certificate, bad alert...).
  std::vector<std::uint8_t> tls_failed() {
    st_->log("SSL_accept error from " + peer() + ": -1");
    st_->log("warning: TLS library problem: " + tls_->error());
    st_->log("lost connection after STARTTLS from " + peer());
    closed_ = true;
    disconnect();
    return tls_->take_output();
  }

  void disconnect() {
    if (disconnected_) return;
    disconnected_ = true;
    std::string stats;
    std::size_t ok_total = 0, all_total = 0;
    for (const char* name : command_order) {
      const auto it = counts_.find(name);
      if (it == counts_.end()) continue;
      const auto [ok, all] = it->second;
      ok_total += ok;
      all_total += all;
      stats += ok == all ? fmt::format(" {}={}", name, all) : fmt::format(" {}={}/{}", name, ok, all);
    }
    stats += ok_total == all_total ? fmt::format(" commands={}", all_total)
                                   : fmt::format(" commands={}/{}", ok_total, all_total);
    st_->log("disconnect from " + peer() + stats);
  }

  void reply(std::vector<std::uint8_t>& out, const std::string& text) {
    out.insert(out.end(), text.begin(), text.end());
    out.push_back('\r');
    out.push_back('\n');
  }

  void count(const std::string& name, bool ok) {
    auto& c = counts_[name];
    c.second++;
    if (ok) c.first++;
  }

  /// Consumes complete lines from in_, writing replies to out.
  void process(std::vector<std::uint8_t>& out) {
    while (!closed_) {
      if (in_data_) {
        if (!data_line(out)) return;
        continue;
      }
      const auto lf = in_.find('\n');
      if (lf == std::string::npos) {
        // RFC 5321 §4.5.3.1.4: command lines are at most 512 octets.
        if (in_.size() > st_->config.max_command_line) {
          in_.clear();
          skip_line_ = true;
          reply(out, "500 5.5.2 Error: line too long");
        }
        return;
      }
      std::string line = in_.substr(0, lf);
      in_.erase(0, lf + 1);
      if (skip_line_) {
        skip_line_ = false;
        continue;
      }
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.size() + 2 > st_->config.max_command_line) {
        reply(out, "500 5.5.2 Error: line too long");
        continue;
      }
      command(line, out);
    }
  }

  /// RFC 5321 §4.1.1: one command line.
  void command(const std::string& line, std::vector<std::uint8_t>& out) {
    if (++commands_ > st_->config.max_commands) {
      reply(out, "421 4.7.0 " + st_->config.hostname + " Error: too many commands");
      closed_ = true;
      disconnect();
      return;
    }
    const auto sp = line.find(' ');
    const std::string verb = upper(line.substr(0, sp));
    const std::string arg = sp == std::string::npos ? std::string() : line.substr(sp + 1);
    last_command_ = verb;
    const auto& host = st_->config.hostname;
    if (verb == "EHLO" || verb == "HELO") {
      const bool ok = !arg.empty();
      count(verb == "EHLO" ? "ehlo" : "helo", ok);
      if (!ok) return reply(out, "501 Syntax: " + verb + " hostname");
      helo_ = true;
      reset_transaction();
      if (verb == "HELO") return reply(out, "250 " + host);
      reply(out, "250-" + host);
      reply(out, "250-PIPELINING");
      reply(out, fmt::format("250-SIZE {}", st_->config.max_message_size));
      if (st_->config.offer_starttls && !tls_) reply(out, "250-STARTTLS");
      reply(out, "250-ENHANCEDSTATUSCODES");
      reply(out, "250-8BITMIME");
      return reply(out, "250 SMTPUTF8");
    }
    if (verb == "STARTTLS") return starttls(arg, out);
    if (verb == "MAIL") {
      const auto path = parse_path(arg, "FROM:");
      if (!helo_) return count("mail", false), reply(out, "503 5.5.1 Error: send HELO/EHLO first");
      if (mail_from_) return count("mail", false), reply(out, "503 5.5.1 Error: nested MAIL command");
      if (!path) return count("mail", false), reply(out, "501 5.5.4 Syntax: MAIL FROM:<address>");
      count("mail", true);
      mail_from_ = *path;
      return reply(out, "250 2.1.0 Ok");
    }
    if (verb == "RCPT") {
      const auto path = parse_path(arg, "TO:");
      if (!mail_from_) return count("rcpt", false), reply(out, "503 5.5.1 Error: need MAIL command");
      if (!path || path->empty()) return count("rcpt", false), reply(out, "501 5.5.4 Syntax: RCPT TO:<address>");
      if (recipients_.size() >= st_->config.max_recipients) {
        return count("rcpt", false), reply(out, "452 4.5.3 Error: too many recipients");
      }
      count("rcpt", true);
      if (queue_id_.empty()) {
        queue_id_ = st_->queue_id();
        st_->log(queue_id_ + ": client=" + peer());
      }
      recipients_.push_back(*path);
      return reply(out, "250 2.1.5 Ok");
    }
    if (verb == "DATA") {
      if (!mail_from_) return count("data", false), reply(out, "503 5.5.1 Error: need MAIL command");
      if (recipients_.empty()) return count("data", false), reply(out, "503 5.5.1 Error: need RCPT command");
      in_data_ = true;
      data_.clear();
      too_big_ = false;
      return reply(out, "354 End data with <CR><LF>.<CR><LF>");
    }
    if (verb == "RSET") return count("rset", true), reset_transaction(), reply(out, "250 2.0.0 Ok");
    if (verb == "NOOP") return count("noop", true), reply(out, "250 2.0.0 Ok");
    if (verb == "VRFY") return count("vrfy", false), reply(out, "502 5.5.1 VRFY command is disabled");
    if (verb == "QUIT") {
      count("quit", true);
      reply(out, "221 2.0.0 Bye");
      quit_ = true;
      closed_ = true;
      disconnect();
      return;
    }
    count("unknown", false);
    st_->log("warning: non-SMTP command from " + peer() + ": " + line.substr(0, 100));
    reply(out, "502 5.5.2 Error: command not recognized");
  }

  /// RFC 3207 §4: 220 then TLS; everything the client pipelined after the
  /// command is discarded (§5, the STARTTLS command injection attack).
  void starttls(const std::string& arg, std::vector<std::uint8_t>& out) {
    if (!st_->config.offer_starttls) return count("starttls", false), reply(out, "502 5.5.1 Error: command not implemented");
    if (tls_) return count("starttls", false), reply(out, "554 5.5.1 Error: TLS already active");
    if (!arg.empty()) return count("starttls", false), reply(out, "501 5.5.4 Syntax: STARTTLS");
    count("starttls", true);
    reply(out, "220 2.0.0 Ready to start TLS");
    in_.clear();
    tls_ = TlsChannel::server(st_->credentials,
                              detail::tls_seed(st_->config.seed, fmt::format("smtpd session {}", number_)));
    // RFC 3207 §4.2: the server forgets what the client said before TLS.
    helo_ = false;
    reset_transaction();
  }

  /// Consumes one DATA line; false when no complete line is buffered.
  bool data_line(std::vector<std::uint8_t>& out) {
    const auto lf = in_.find('\n');
    if (lf == std::string::npos) {
      if (in_.size() > st_->config.max_text_line) {  // RFC 5321 §4.5.3.1.6; keep reading, refuse at the end
        too_big_ = true;
        in_.clear();
      }
      return false;
    }
    std::string line = in_.substr(0, lf);
    in_.erase(0, lf + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == ".") {
      in_data_ = false;
      finish_message(out);
      return true;
    }
    // RFC 5321 §4.5.2: a leading dot was doubled by the client.
    if (!line.empty() && line.front() == '.') line.erase(0, 1);
    if (data_.size() + line.size() + 2 > st_->config.max_message_size) too_big_ = true;
    if (!too_big_) data_ += line + "\r\n";
    return true;
  }

  void finish_message(std::vector<std::uint8_t>& out) {
    if (too_big_) {
      count("data", false);
      reset_transaction();
      return reply(out, "552 5.3.4 Error: message file too big");
    }
    if (st_->mailbox.size() >= st_->config.max_mailbox) {
      count("data", false);
      reset_transaction();
      return reply(out, "452 4.3.1 Insufficient system storage");
    }
    count("data", true);
    StoredMessage m;
    m.queue_id = queue_id_;
    m.mail_from = *mail_from_;
    m.recipients = recipients_;
    m.data = std::move(data_);
    m.tls = tls_ != nullptr;
    if (tls_) {
      m.tls_protocol = tls_->parameters().protocol;
      m.tls_cipher = tls_->parameters().cipher;
      m.sni = tls_->parameters().sni;
    }
    m.client = client_;
    m.received = st_->clock.now_ms();
    st_->mailbox.push_back(std::move(m));
    reply(out, "250 2.0.0 Ok: queued as " + queue_id_);
    reset_transaction();
  }

  void reset_transaction() {
    mail_from_.reset();
    recipients_.clear();
    queue_id_.clear();
    data_.clear();
  }

  std::shared_ptr<SmtpServer::State> st_;
  Endpoint client_;
  std::uint64_t number_;
  std::unique_ptr<TlsChannel> tls_;
  bool tls_logged_ = false;
  std::string in_;
  bool skip_line_ = false;
  bool closed_ = false, quit_ = false, disconnected_ = false;
  bool helo_ = false, in_data_ = false, too_big_ = false;
  std::size_t commands_ = 0;
  std::string last_command_ = "CONNECT";
  std::optional<std::string> mail_from_;
  std::vector<std::string> recipients_;
  std::string queue_id_;
  std::string data_;
  std::map<std::string, std::pair<std::size_t, std::size_t>> counts_;
};

}  // namespace

SmtpServer::SmtpServer(Clock& clock, SmtpServerConfig config)
    : state_(std::make_shared<State>(clock, std::move(config))) {}
SmtpServer::~SmtpServer() = default;

std::unique_ptr<StreamSession> SmtpServer::accept(const Endpoint& client, const Endpoint&) {
  return std::make_unique<Session>(state_, client, ++state_->sessions);
}

const std::vector<StoredMessage>& SmtpServer::mailbox() const noexcept { return state_->mailbox; }
const std::vector<std::string>& SmtpServer::log() const noexcept { return state_->lines; }
const SmtpServerConfig& SmtpServer::config() const noexcept { return state_->config; }

}  // namespace dane::sim
