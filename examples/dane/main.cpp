/*
 * dane: the command-line tool.
 *
 *   dane tlsa gen CERT.pem [...]       print TLSA records for a certificate
 *   dane tlsa verify --chain ... [...] match a chain against TLSA records
 *   dane tlsa owner HOST [...]         print the TLSA owner name
 *   dane demo [--seed N]               the RFC cases on a simulated PKI
 *   dane sim zone build SCENARIO --out DIR   a scenario's signed zones and keys
 *   dane sim resolve NAME TYPE --scenario F  resolve in a scenario's DNS world
 *   dane sim run SCENARIO... [--profile P]  delivery scenarios against their expectations
 *   dane sim matrix [--dir D] [--jobs J]     every scenario x profile; exit 1 when one differs
 *   dane sim send --scenario F --profile P   one delivery with both MTAs' logs
 *   dane verify DOMAIN --sim SCENARIO        Cisco daneverify-style check in a scenario's world
 *   dane zone sign ZONEFILE --origin N  sign a zone (DNSSEC)
 *   dane zone verify ZONEFILE ...      validate a signed zone
 *   dane policy list | table --profile P  SMTP sender policy profiles (RFC 7672)
 *
 * Exit codes: 0 ok / verified, 1 not verified, 2 bad input or usage.
 */
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "common.hpp"
#include "dane/error.hpp"
#include "dane/version.hpp"

namespace {

int run(int argc, char** argv) {
  using namespace dane_cli;
  CLI::App app{"DANE TLSA tools (RFC 6698, 7671, 7672)", "dane"};
  app.set_version_flag("--version", std::string(dane::version()), "Print the version and exit");
  app.require_subcommand(1);

  CLI::App* tlsa = app.add_subcommand("tlsa", "Generate, check and name TLSA records");
  tlsa->require_subcommand(1);

  std::vector<Command> commands{register_tlsa_gen(*tlsa), register_tlsa_verify(*tlsa), register_tlsa_owner(*tlsa),
                                register_demo(app)};

  CLI::App* zone = app.add_subcommand("zone", "Sign DNS zones and validate signed ones (DNSSEC)");
  zone->require_subcommand(1);
  commands.push_back(register_zone_sign(*zone));
  commands.push_back(register_zone_verify(*zone));

  CLI::App* policy = app.add_subcommand("policy", "SMTP sender policy profiles and their decision tables (RFC 7672)");
  policy->require_subcommand(1);
  commands.push_back(register_policy_list(*policy));
  commands.push_back(register_policy_table(*policy));

  // `dane sim ...`: the simulator (issue 4-6). Each subcommand registers below.
  CLI::App* sim = app.add_subcommand("sim", "Deterministic simulation: zones, resolvers, MTAs, replays");
  sim->require_subcommand(1);
  // (sim subcommands: add `commands.push_back(register_sim_xxx(*sim));` lines here)
  commands.push_back(register_sim_run(*sim));
  commands.push_back(register_sim_matrix(*sim));
  commands.push_back(register_sim_send(*sim));
  commands.push_back(register_verify(app));  // `dane verify DOMAIN --sim SCENARIO` (top level)
  CLI::App* sim_zone = sim->add_subcommand("zone", "Build a scenario's DNS world: signed zones, keys, anchors");
  sim_zone->require_subcommand(1);
  commands.push_back(register_sim_zone_build(*sim_zone));
  commands.push_back(register_sim_zone_kinds(*sim_zone));
  commands.push_back(register_sim_resolve(*sim));
  commands.push_back(register_sim_replay(*sim));
  commands.push_back(register_sim_fingerprint(*sim));
  commands.push_back(register_sim_survey(*sim));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help/version to stdout, errors to stderr
    return code == 0 ? exit_ok : exit_input;
  }

  for (const Command& command : commands) {
    if (command.app->parsed()) {
      return command.run();
    }
  }
  std::cerr << "dane: no subcommand ran\n";
  return exit_input;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const dane_cli::CliInputError& e) {
    std::cerr << "dane: " << e.what() << '\n';
    return dane_cli::exit_input;
  } catch (const dane::Error& e) {
    // Input and usage errors the subcommand did not attribute to an option.
    std::cerr << "dane: " << e.what() << '\n';
    return dane_cli::exit_input;
  } catch (const std::exception& e) {
    std::cerr << "dane: internal error: " << e.what() << '\n';
    return dane_cli::exit_internal;
  }
}
