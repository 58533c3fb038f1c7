/*
 * dane::sim: on-path attackers in front of a receiving MTA (the downgrade
 * and impersonation attacks DANE for SMTP defends against, RFC 7672 §1.3).
 */
#include <cctype>
#include <utility>

#include "dane/error.hpp"
#include "dane/sim/smtp_server.hpp"
#include "reply.hpp"

namespace dane::sim {

namespace {

/// Largest reply text the stripper holds while waiting for the rest of a reply.
constexpr std::size_t max_pending = 64 * 1024;

/// A session that relays everything but edits EHLO replies (plaintext only:
/// once it has removed STARTTLS, the stream stays in the clear).
class StrippingSession final : public StreamSession {
 public:
  explicit StrippingSession(std::unique_ptr<StreamSession> inner) : inner_(std::move(inner)) {}

  std::vector<std::uint8_t> on_open() override { return edit(inner_->on_open()); }

  std::vector<std::uint8_t> on_data(std::span<const std::uint8_t> data) override {
    client_.append(reinterpret_cast<const char*>(data.data()), data.size());
    std::vector<std::uint8_t> out;
    std::string forward;
    // Commands go through line by line; STARTTLS is answered here.
    while (auto line = detail::take_line(client_)) {
      std::string upper = *line;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (upper == "STARTTLS") {
        if (!forward.empty()) append(out, edit(pass(forward)));
        forward.clear();
        static const std::string no = "502 5.5.1 Error: command not implemented\r\n";
        out.insert(out.end(), no.begin(), no.end());
        continue;
      }
      forward += *line + "\r\n";
    }
    if (client_.size() > max_pending) {  // a line that never ends: pass it through unedited
      forward += std::exchange(client_, {});
    }
    if (!forward.empty()) append(out, edit(pass(forward)));
    return out;
  }

  bool closed() const override { return inner_->closed(); }
  void on_close() override { inner_->on_close(); }

 private:
  std::vector<std::uint8_t> pass(const std::string& bytes) {
    return inner_->on_data(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  }
  static void append(std::vector<std::uint8_t>& out, const std::vector<std::uint8_t>& more) {
    out.insert(out.end(), more.begin(), more.end());
  }

  /// Drops "250-STARTTLS" / "250 STARTTLS" from complete replies, fixing the
  /// continuation marks so the reply stays well-formed (RFC 5321 §4.2.1).
  std::vector<std::uint8_t> edit(const std::vector<std::uint8_t>& bytes) {
    server_.append(bytes.begin(), bytes.end());
    std::string out;
    detail::Reply r;
    while (true) {
      const auto scan = detail::take_reply(server_, r);
      if (scan == detail::ReplyScan::Incomplete && server_.size() <= max_pending) break;
      if (scan != detail::ReplyScan::Complete) {  // not SMTP (or too long): relay as is
        out += std::exchange(server_, {});
        break;
      }
      std::vector<std::string> kept;
      for (const auto& line : r.lines) {
        std::string text = line.size() > 4 ? line.substr(4) : std::string();
        for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (text != "STARTTLS") kept.push_back(line);
      }
      for (std::size_t i = 0; i < kept.size(); ++i) {
        if (kept[i].size() > 3) kept[i][3] = i + 1 == kept.size() ? ' ' : '-';
        out += kept[i] + "\r\n";
      }
    }
    return {out.begin(), out.end()};
  }

  std::unique_ptr<StreamSession> inner_;
  std::string client_, server_;
};

class Stripper final : public StreamService {
 public:
  explicit Stripper(std::shared_ptr<StreamService> inner) : inner_(std::move(inner)) {}
  std::unique_ptr<StreamSession> accept(const Endpoint& client, const Endpoint& local) override {
    auto session = inner_->accept(client, local);
    if (!session) return nullptr;
    return std::make_unique<StrippingSession>(std::move(session));
  }

 private:
  std::shared_ptr<StreamService> inner_;
};

class Interceptor final : public StreamService {
 public:
  Interceptor(std::shared_ptr<StreamService> real, std::shared_ptr<StreamService> impostor)
      : real_(std::move(real)), impostor_(std::move(impostor)) {}
  std::unique_ptr<StreamSession> accept(const Endpoint& client, const Endpoint& local) override {
    return impostor_->accept(client, local);
  }

 private:
  std::shared_ptr<StreamService> real_;  // kept so the wrapped listener lives as long as the attack
  std::shared_ptr<StreamService> impostor_;
};

}  // namespace

std::shared_ptr<StreamService> make_starttls_stripper(std::shared_ptr<StreamService> inner) {
  if (!inner) throw UsageError("make_starttls_stripper: no listener to wrap");
  return std::make_shared<Stripper>(std::move(inner));
}

std::shared_ptr<StreamService> make_tls_interceptor(std::shared_ptr<StreamService> real,
                                                    std::shared_ptr<StreamService> impostor) {
  if (!impostor) throw UsageError("make_tls_interceptor: no impostor listener");
  return std::make_shared<Interceptor>(std::move(real), std::move(impostor));
}

}  // namespace dane::sim
