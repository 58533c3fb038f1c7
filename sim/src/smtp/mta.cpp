/*
 * dane::sim: the simulated sending MTA: the RFC 7672 policy (dane::smtp)
 * driving the simulated SMTP client, logging like Postfix's smtp(8).
 */
#include "dane/sim/mta.hpp"

#include <fmt/format.h>

#include <utility>

#include "dane/error.hpp"
#include "dane/sim/smtp_server.hpp"

namespace dane::sim {

namespace {

/// Addresses tried per MX host (Postfix's smtp_mx_address_limit is 5).
constexpr std::size_t max_addresses_per_host = 5;

/// A name without its trailing dot, as Postfix prints host names.
std::string host_text(const dns::Name& n) {
  std::string s = n.to_string();
  if (s.size() > 1 && s.back() == '.') s.pop_back();
  return s;
}

/// RFC 3463 §2: the enhanced status code at the start of a reply's text,
/// or the class default ("4.0.0" / "5.0.0").
std::string enhanced_code(const std::string& reply, int code) {
  const auto space = reply.find(' ');
  if (space != std::string::npos) {
    const auto end = reply.find(' ', space + 1);
    const std::string word = reply.substr(space + 1, end == std::string::npos ? std::string::npos : end - space - 1);
    const bool looks = word.size() >= 5 && word[1] == '.' && (word[0] == '2' || word[0] == '4' || word[0] == '5') &&
                       word.find_first_not_of("0123456789.") == std::string::npos;
    if (looks) return word;
  }
  return code / 100 == 5 ? "5.0.0" : "4.0.0";
}

/// The TLS requirement as the client's STARTTLS mode.
TlsMode mode_for(smtp::TlsRequirement r) {
  return r == smtp::TlsRequirement::Opportunistic ? TlsMode::Opportunistic : TlsMode::Required;
}

smtp::HostVerdict failure_verdict(smtp::Action action, std::string status, std::string reason, std::string rule) {
  smtp::HostVerdict v;
  v.action = action;
  v.status = std::move(status);
  v.reason = std::move(reason);
  v.rule = std::move(rule);
  return v;
}

}  // namespace

std::string postfix_delay(Duration d) {
  const auto ms = d.count() < 0 ? 0 : d.count();
  if (ms >= 10'000) return fmt::format("{}", ms / 1000);
  if (ms >= 1000) return fmt::format("{}.{}", ms / 1000, (ms % 1000) / 100);
  const auto hundredths = ms / 10;
  if (hundredths == 0) return "0";
  if (hundredths % 10 == 0) return fmt::format("0.{}", hundredths / 10);
  return fmt::format("0.{:02}", hundredths);
}

Mta::Mta(Network& net, Resolver& resolver, MtaConfig config)
    : net_(net),
      resolver_(resolver),
      config_(std::move(config)),
      profile_(&smtp::profile(config_.profile)),
      client_(net, SmtpClientConfig{.local_address = config_.address,
                                    .helo_name = config_.helo_name,
                                    .connect_timeout = config_.connect_timeout,
                                    .seed = config_.seed}),
      random_(Random(config_.seed).fork("postfix/smtp")),
      pid_(static_cast<std::uint32_t>(random_.between(1000, 32767))),
      qmgr_pid_(static_cast<std::uint32_t>(random_.between(1000, 32767))) {}

SendResult Mta::send(const OutgoingMessage& msg) {
  const auto at = msg.to.rfind('@');
  if (at == std::string::npos || at + 1 >= msg.to.size()) {
    throw InputError("message", "to", msg.to, "has no domain part");
  }
  const dns::Name domain = dns::Name::parse(msg.to.substr(at + 1));
  auto& clock = net_.clock();
  const Instant start = clock.now_ms();

  SendResult res;
  res.queue_id = fmt::format("{:010X}", random_.next() & 0xFF'FFFF'FFFFULL);
  auto log = [&](std::string_view program, const std::string& line) {
    const auto pid = program == "postfix/qmgr" ? qmgr_pid_ : pid_;
    res.log.push_back(syslog_prefix(clock.now_ms(), config_.syslog_host, program, pid) + line);
  };
  log("postfix/qmgr", fmt::format("{}: from=<{}>, size={}, nrcpt=1 (queue active)", res.queue_id, msg.from,
                                  msg.data.size()));

  const smtp::DeliveryPlan plan = smtp::plan_delivery(domain, resolver_, *profile_);
  res.dns_log = plan.log;
  for (const auto& h : plan.hosts) res.dns_log.insert(res.dns_log.end(), h.log.begin(), h.log.end());

  const Envelope envelope{msg.from, {msg.to}, msg.data};
  std::vector<smtp::HostVerdict> tried;
  if (!plan.verdict) {
    for (const smtp::HostPlan& host : plan.hosts) {
      HostAttempt ha;
      ha.host = host_text(host.host);
      ha.requirement = host.requirement;
      ha.tlsa_state = host.tlsa_state;
      if (host.requirement != smtp::TlsRequirement::Refused) ha.sni = host.sni.value_or("");
      if (host.requirement == smtp::TlsRequirement::Refused) {
        ha.verdict = smtp::decide_host(host, {}, *profile_);
      } else {
        std::optional<smtp::HostVerdict> decided;
        std::string connect_failure;
        std::size_t tried_addresses = 0;
        for (const std::string& address : host.addresses) {
          if (++tried_addresses > max_addresses_per_host) break;
          SmtpTarget target{ha.host, {address, config_.port}, ha.sni, mode_for(host.requirement)};
          std::optional<smtp::HostVerdict> hv;
          // After TLS negotiation: the DANE check at the virtual time, then the policy's decision.
          auto gate = [&](const TlsSummary& tls) {
            smtp::TlsOutcome o;
            o.starttls_offered = tls.offered;
            o.handshake_ok = tls.established;
            o.peer_certificate = !tls.peer_chain.empty();
            if (host.requirement == smtp::TlsRequirement::Dane && tls.established && !tls.peer_chain.empty()) {
              try {
                ha.dane = smtp::check_peer(host, tls.peer_chain, clock.now());
              } catch (const InputError&) {
                ha.dane.reset();  // a chain beyond the matcher's limits: not verified
              }
              o.dane = ha.dane;
            }
            hv = smtp::decide_host(host, o, *profile_);
            if (tls.established) {
              const auto cls = hv->log_class == smtp::TlsLogClass::None ? smtp::TlsLogClass::Untrusted : hv->log_class;
              log("postfix/smtp", fmt::format("{} TLS connection established to {}[{}]:{}: {} with cipher {} ({}/{} bits)",
                                              smtp::to_string(cls), ha.host, address, config_.port, tls.protocol,
                                              tls.cipher, tls.cipher_bits, tls.cipher_bits));
            }
            return smtp::delivers(hv->action);
          };
          SmtpAttempt a = client_.deliver(target, envelope, gate);
          if (!a.connected) {
            log("postfix/smtp", a.failure);
            connect_failure = a.failure;
            ha.connections.push_back(std::move(a));
            continue;
          }
          if (!hv && (a.stage == SmtpStage::Handshake || a.stage == SmtpStage::StartTls)) {
            // The gate never ran: STARTTLS was refused or the handshake failed.
            smtp::TlsOutcome o;
            o.starttls_offered = true;
            hv = smtp::decide_host(host, o, *profile_);
            if (a.stage == SmtpStage::Handshake) {
              log("postfix/smtp", fmt::format("SSL_connect error to {}[{}]:{}: {}", ha.host, address, config_.port,
                                              a.tls.error));
            }
            ha.connections.push_back(std::move(a));
            if (hv->action == smtp::Action::DeliverClear) {
              // Opportunistic TLS (RFC 7435 §3): deliver in clear over a new connection.
              target.mode = TlsMode::None;
              target.sni.clear();
              a = client_.deliver(target, envelope);
            } else {
              a = ha.connections.back();
              ha.connections.pop_back();
            }
          }
          if (!hv) {
            hv = failure_verdict(smtp::Action::TryNextMx, "4.4.2", a.failure, "RFC 5321 §3.8");
          } else if (smtp::delivers(hv->action) && !a.delivered) {
            // The policy allowed delivery; the server refused (RFC 5321 §4.2.1: 5yz permanent, 4yz temporary).
            const bool permanent = a.code / 100 == 5;
            hv = failure_verdict(permanent ? smtp::Action::Bounce : smtp::Action::TryNextMx,
                                 a.code != 0 ? enhanced_code(a.reply, a.code) : "4.4.2",
                                 a.failure.empty() ? "lost connection" : a.failure, "RFC 5321 §4.2.1");
          }
          ha.connections.push_back(std::move(a));
          decided = std::move(hv);
          break;
        }
        ha.verdict = decided ? *decided
                             : failure_verdict(smtp::Action::TryNextMx, "4.4.1",
                                               connect_failure.empty() ? "no address to connect to" : connect_failure,
                                               "RFC 5321 §5.1");
      }
      tried.push_back(ha.verdict);
      res.attempts.push_back(std::move(ha));
      if (smtp::delivers(tried.back().action)) break;
    }
  }

  res.verdict = smtp::overall_verdict(plan, tried);
  res.report = res.verdict.report;
  res.tls_class = res.verdict.log_class;
  res.dsn = res.verdict.status;
  const bool sent = smtp::delivers(res.verdict.action);
  res.status = sent ? "sent" : res.verdict.action == smtp::Action::Bounce ? "bounced" : "deferred";

  // relay= is the host that decided, as it was reached; "none" when no connection was made.
  std::string relay = "none";
  const SmtpAttempt* deciding = nullptr;
  if (res.verdict.host && *res.verdict.host < res.attempts.size()) {
    const auto& ha = res.attempts[*res.verdict.host];
    if (!ha.connections.empty() && ha.connections.back().connected) deciding = &ha.connections.back();
  }
  if (deciding) {
    relay = fmt::format("{}[{}]:{}", deciding->target.host, deciding->target.endpoint.address,
                        deciding->target.endpoint.port);
  }
  const Duration total = clock.now_ms() - start;
  const Duration transfer = sent && deciding ? deciding->transfer_time : Duration{0};
  const std::string text = sent && deciding ? deciding->reply : res.verdict.reason;
  log("postfix/smtp", fmt::format("{}: to=<{}>, relay={}, delay={}, delays=0/0/{}/{}, dsn={}, status={} ({})",
                                  res.queue_id, msg.to, relay, postfix_delay(total), postfix_delay(total - transfer),
                                  postfix_delay(transfer), res.dsn, res.status, text));
  if (sent) log("postfix/qmgr", res.queue_id + ": removed");
  return res;
}

}  // namespace dane::sim
