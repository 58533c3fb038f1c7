/*
 * dane::sim: one scenario run: a fresh world (DNS servers, resolver,
 * receiving MTAs, attacker), one sim::Mta delivery, the comparison with the
 * scenario's expectation.
 */
#include <fmt/format.h>

#include <memory>
#include <sstream>

#include "dane/error.hpp"
#include "dane/sim/mta.hpp"
#include "dane/sim/runner.hpp"
#include "dane/sim/smtp_server.hpp"
#include "dane/sim/world.hpp"
#include "dane/smtp/profiles.hpp"

namespace dane::sim {

namespace {

/// "mail.example.test." -> "mail.example.test".
std::string host_text(const dns::Name& name) {
  std::string s = name.to_string();
  if (s.size() > 1 && s.back() == '.') s.pop_back();
  return s;
}

/// The first label, for the syslog prefix ("mail" for mail.example.test).
std::string first_label(const std::string& host) { return host.substr(0, host.find('.')); }

ServerCertificate server_certificate(const FullScenario& s, const std::string& id) {
  const ScenarioCertificate& c = s.certificates.at(id);
  return ServerCertificate{c.chain, c.private_key_pem};
}

SmtpServerConfig server_config(const FullScenario& s, const MtaSpec& m, std::uint64_t seed) {
  SmtpServerConfig cfg;
  cfg.hostname = host_text(m.host);
  cfg.syslog_host = first_label(cfg.hostname);
  cfg.offer_starttls = m.starttls;
  cfg.seed = seed;
  for (const auto& [sni, id] : m.certificates) cfg.certificates[sni] = server_certificate(s, id);
  if (m.default_certificate) cfg.default_certificate = server_certificate(s, *m.default_certificate);
  return cfg;
}

/// Compares what happened with what the scenario expects, one line per differing field.
std::vector<std::string> compare(const Expectation& e, const RunResult& r) {
  std::vector<std::string> out;
  if (e.verdict != r.verdict)
    out.push_back(fmt::format("verdict: expected {}, got {}", smtp::to_string(e.verdict), smtp::to_string(r.verdict)));
  if (e.tls && *e.tls != r.tls)
    out.push_back(fmt::format("tls: expected {}, got {}", smtp::to_string(*e.tls), smtp::to_string(r.tls)));
  if (e.report && *e.report != r.report)
    out.push_back(fmt::format("report: expected {}, got {}", report_name(*e.report), report_name(r.report)));
  if (e.via && e.via != r.via)
    out.push_back(fmt::format("via: expected {}, got {}", *e.via, r.via.value_or("none")));
  return out;
}

}  // namespace

RunResult run_scenario(const FullScenario& s, std::string_view profile, const RunOptions& options) {
  const smtp::Profile& prof = smtp::profile(profile);  // InputError for an unknown name
  const std::uint64_t seed = options.seed.value_or(s.dns.seed);

  DnsWorld world(s.built, seed);
  Network& net = world.network();

  // The receiving MTAs, each on port 25 of its addresses; each gets its own seed.
  std::vector<std::shared_ptr<SmtpServer>> servers;
  for (std::size_t i = 0; i < s.mtas.size(); ++i) {
    auto server = std::make_shared<SmtpServer>(world.clock(), server_config(s, s.mtas[i], seed + 1 + i));
    for (const Address& a : s.mtas[i].addresses) net.listen(Endpoint{a, 25}, server);
    servers.push_back(std::move(server));
  }

  // The on-path attacker wraps whatever listens at its address (RFC 7672 §1.3).
  std::shared_ptr<SmtpServer> impostor;
  if (s.attacker) {
    const Endpoint at{s.attacker->address, 25};
    std::shared_ptr<StreamService> real;
    for (std::size_t i = 0; i < s.mtas.size() && !real; ++i)
      for (const Address& a : s.mtas[i].addresses)
        if (a == at.address) real = servers[i];
    if (s.attacker->kind == AttackerSpec::Kind::StripStarttls) {
      net.listen(at, make_starttls_stripper(real));
    } else {
      SmtpServerConfig cfg;
      cfg.hostname = std::static_pointer_cast<SmtpServer>(real)->config().hostname;
      cfg.syslog_host = "attacker";
      cfg.seed = seed + 1000;
      cfg.default_certificate = server_certificate(s, s.attacker->certificate);
      impostor = std::make_shared<SmtpServer>(world.clock(), cfg);
      net.listen(at, make_tls_interceptor(real, impostor));
    }
  }

  auto resolver = world.resolver(options.resolver);
  MtaConfig mcfg;
  mcfg.profile = prof.name;
  mcfg.seed = seed;
  Mta mta(net, *resolver, mcfg);
  const SendResult sent = mta.send(OutgoingMessage{s.send.from, options.to.value_or(s.send.to), s.send.data});

  RunResult r;
  r.scenario = s.name();
  r.profile = prof.name;
  r.resolver = options.resolver;
  r.seed = seed;
  r.verdict = sent.verdict.action;
  r.tls = sent.tls_class;
  r.report = sent.report;
  if (smtp::delivers(sent.verdict.action) && sent.verdict.host && *sent.verdict.host < sent.attempts.size())
    r.via = sent.attempts[*sent.verdict.host].host;
  r.reason = sent.verdict.reason;
  r.rule = sent.verdict.rule;
  r.status = sent.status;
  r.dsn = sent.dsn;
  for (const auto& server : servers) r.delivered = r.delivered || !server->mailbox().empty();
  r.client_log = sent.log;
  for (const auto& server : servers) r.server_log.insert(r.server_log.end(), server->log().begin(), server->log().end());
  if (impostor) r.server_log.insert(r.server_log.end(), impostor->log().begin(), impostor->log().end());
  r.dns_log = sent.dns_log;
  r.attempts = sent.attempts;
  {
    std::istringstream lines(world.query_log().to_string());
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) r.query_log.push_back(line);
  }
  if (const Expectation* e = s.expectation(prof.name)) {
    r.expected = *e;
    r.differences = compare(*e, r);
    r.met = r.differences.empty();
  }
  return r;
}

RunResult run_scenario(const FullScenario& scenario, std::string_view profile, ResolverKind resolver,
                       std::uint64_t seed) {
  RunOptions o;
  o.resolver = resolver;
  o.seed = seed;
  return run_scenario(scenario, profile, o);
}

}  // namespace dane::sim
