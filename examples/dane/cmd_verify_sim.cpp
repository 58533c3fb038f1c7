/*
 * dane verify DOMAIN --sim SCENARIO [--profile P] [--resolver KIND] [--seed N]:
 * a DANE check of a domain in a scenario's simulated world, printed like
 * Cisco ESA's `daneverify` (mission.md Source 3):
 *
 *   SECURE MX record(mail.example.test) found for example.test
 *   SECURE A record (192.0.2.25) found for MX(mail.example.test) in example.test
 *   Connecting to 192.0.2.25 on port 25.
 *   SECURE TLSA record found for MX(mail.example.test) in example.test
 *   Checking TLS connection.
 *   TLS connection established: protocol TLSv1.2, cipher ECDHE-ECDSA-AES256-GCM-SHA384.
 *   Certificate verification successful
 *   DANE SUCCESS for example.test
 *
 * A failing host ends with "Trying next MX record in DOMAIN", a failed check
 * with "DANE FAILED for DOMAIN". The lookups come from the policy's own log
 * (smtp::plan_delivery), the rest from the delivery attempt of a sim::Mta.
 * Exit 0 for DANE SUCCESS, 1 for DANE FAILED, 2 for bad input.
 */
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "common.hpp"
#include "dane/sim/runner.hpp"
#include "dane/sim/scenario.hpp"

namespace dane_cli {

namespace {

namespace sim = dane::sim;

struct VerifyOptions {
  std::string domain;
  std::string scenario;
  std::string profile = "cisco-mandatory";
  std::string resolver = "validating";
  std::optional<std::uint64_t> seed;
};

/// RFC 5321 §4.1.2: Domain = sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str].
bool is_mail_domain(const std::string& d) {
  static const std::regex form(R"(^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$)");
  return d.size() <= 253 && std::regex_match(d, form);
}

bool starts_with(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }
bool has(const std::string& s, std::string_view p) { return s.find(p) != std::string::npos; }

/// Cisco's wording for a lookup line of the policy log.
std::string cisco_line(const std::string& line) {
  if (starts_with(line, "INSECURE MX record(")) return line + ". The command will still proceed.";
  return line;
}

/// The daneverify lines of one MX host: its lookups, the connection, TLS and the certificate check.
void print_host(const sim::HostAttempt& a, const std::vector<std::string>& dns_log, std::ostream& out) {
  const std::string tag = "MX(" + a.host + ")";
  std::vector<std::string> tlsa_lines;
  for (const auto& line : dns_log) {
    if (!has(line, tag)) continue;
    if (has(line, " TLSA ")) tlsa_lines.push_back(line);
    else out << cisco_line(line) << '\n';
  }
  if (a.connections.empty()) {
    for (const auto& line : tlsa_lines) out << line << '\n';
    return;
  }
  for (std::size_t i = 0; i < a.connections.size(); ++i) {
    const sim::SmtpAttempt& c = a.connections[i];
    out << fmt::format("Connecting to {} on port {}.\n", c.target.endpoint.address, c.target.endpoint.port);
    if (i == 0)
      for (const auto& line : tlsa_lines) out << line << '\n';
    if (!c.connected) {
      out << fmt::format("Connection to {} failed: {}\n", c.target.endpoint.address, c.failure);
      continue;
    }
    if (!c.tls.offered) {
      out << "STARTTLS is not offered by the server.\n";
      continue;
    }
    out << "Checking TLS connection.\n";
    if (!c.tls.established) {
      out << fmt::format("TLS connection failed: {}\n", c.tls.error.empty() ? std::string("handshake failure") : c.tls.error);
      continue;
    }
    out << fmt::format("TLS connection established: protocol {}, cipher {}.\n", c.tls.protocol, c.tls.cipher);
  }
  if (a.dane) {
    out << (a.dane->verified() ? std::string("Certificate verification successful\n")
                               : fmt::format("Certificate verification failed: {}\n", a.dane->summary()));
  }
}

int run_verify(const VerifyOptions& o) {
  std::string domain = o.domain;
  if (!domain.empty() && domain.back() == '.') domain.pop_back();
  if (!is_mail_domain(domain))
    throw CliInputError(fmt::format("DOMAIN '{}': not a mail domain (RFC 5321 §4.1.2: letters, digits, hyphens)", o.domain));
  const sim::FullScenario s = sim::load_full_scenario(o.scenario);
  sim::RunOptions ro;
  ro.resolver = sim::resolver_kind_from_string(o.resolver);
  ro.seed = o.seed;
  ro.to = "postmaster@" + domain;
  const sim::RunResult r = sim::run_scenario(s, o.profile, ro);

  for (const auto& line : r.dns_log)
    if (!has(line, "MX(")) std::cout << cisco_line(line) << '\n';
  for (std::size_t i = 0; i < r.attempts.size(); ++i) {
    const sim::HostAttempt& a = r.attempts[i];
    print_host(a, r.dns_log, std::cout);
    if (!dane::smtp::delivers(a.verdict.action)) {
      std::cout << fmt::format("{}\n", a.verdict.summary());
      if (i + 1 < r.attempts.size()) std::cout << fmt::format("Trying next MX record in {}\n", domain);
    }
  }
  if (r.verdict == dane::smtp::Action::DeliverAuthenticated) {
    std::cout << fmt::format("DANE SUCCESS for {}\n", domain);
    return exit_ok;
  }
  std::cout << fmt::format("DANE FAILED for {}\n", domain);
  return exit_fail;
}

}  // namespace

Command register_verify(CLI::App& app) {
  auto opts = std::make_shared<VerifyOptions>();
  CLI::App* cmd = app.add_subcommand("verify", "Check a domain's DANE deployment, Cisco daneverify style (simulated)");
  cmd->add_option("domain", opts->domain, "The recipient domain (example.test)")->required();
  cmd->add_option("--sim", opts->scenario, "The scenario whose simulated world to check in")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--profile", opts->profile, "Sender profile deciding each host")->capture_default_str();
  cmd->add_option("--resolver", opts->resolver, "Resolver kind: validating, do-no-validate, cd-setting, no-do")
      ->check(CLI::IsMember({"validating", "do-no-validate", "cd-setting", "no-do"}))
      ->capture_default_str();
  cmd->add_option("--seed", opts->seed, "The world's seed (default: the scenario's)");
  return Command{cmd, [opts]() { return run_verify(*opts); }};
}

}  // namespace dane_cli
