/*
 * dane sim fingerprint --provider SPEC [--testbed FILE] [--json] [--logs]
 *   Sends one message from a simulated mail provider to every subdomain of the
 *   USENIX'20 study's test bed and prints the provider's row of the study's
 *   table, inferred only from the receiving side's BIND query log, Postfix
 *   smtpd log and mailbox. SPEC: a preset ("mail.com"), "all" for every
 *   preset, or key=value pairs ("profile=postfix-dane,resolver=validating,
 *   same-operator=yes").
 */
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common.hpp"
#include "dane/sim/fingerprint.hpp"

#ifndef DANE_STUDY_TESTBED
#define DANE_STUDY_TESTBED "sim/scenarios/study/security-protocol.yaml"
#endif

namespace dane_cli {

namespace {

struct FingerprintOptions {
  std::string provider;
  std::string testbed = DANE_STUDY_TESTBED;
  bool json = false;
  bool logs = false;
};

int run_fingerprint_cmd(const FingerprintOptions& o) {
  const auto bed = dane::sim::load_study_testbed(o.testbed);
  std::vector<dane::sim::Provider> providers;
  if (o.provider == "all") providers = dane::sim::provider_presets();
  else providers.push_back(dane::sim::parse_provider(o.provider));

  std::vector<dane::sim::ProviderRow> rows;
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& p : providers) {
    const auto run = dane::sim::run_fingerprint(p, bed);
    rows.push_back(run.row);
    if (o.json) runs.push_back(nlohmann::json::parse(dane::sim::to_json(run)));
    if (o.logs && !o.json) {
      std::cout << "## " << p.name << ": BIND query log\n";
      for (const auto& l : run.observations.query_log) std::cout << l << '\n';
      std::cout << "## " << p.name << ": Postfix smtpd log\n";
      for (const auto& l : run.observations.smtpd_log) std::cout << l << '\n';
      std::cout << "## " << p.name << ": mailbox\n";
      for (const auto& l : run.observations.mailbox) std::cout << l << '\n';
      std::cout << '\n';
    }
  }
  if (o.json) {
    std::cout << runs.dump(2) << '\n';
  } else {
    std::cout << dane::sim::render_table(rows);
  }
  return exit_ok;
}

}  // namespace

Command register_sim_fingerprint(CLI::App& sim) {
  auto o = std::make_shared<FingerprintOptions>();
  CLI::App* cmd = sim.add_subcommand(
      "fingerprint", "Infer a mail provider's DNSSEC/STARTTLS/DANE row of the USENIX'20 provider table");
  cmd->add_option("--provider", o->provider,
                   "A preset (mail.com, comcast.net, ...), 'all', or key=value pairs: profile, resolver "
                   "(validating|do-no-validate|cd-setting|no-do), same-operator, starttls, tlsa-published, network")
      ->required()
      ->type_name("SPEC");
  cmd->add_option("--testbed", o->testbed, "The test bed file")->type_name("FILE");
  cmd->add_flag("--json", o->json, "Print JSON (row and per-subdomain delivery)");
  cmd->add_flag("--logs", o->logs, "Also print the receiving side's logs and mailbox");
  return {cmd, [o] { return run_fingerprint_cmd(*o); }};
}

}  // namespace dane_cli
