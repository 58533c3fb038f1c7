/*
 * dane: the command-line tool.
 *
 *   dane tlsa gen CERT.pem [...]       print TLSA records for a certificate
 *   dane tlsa verify --chain ... [...] match a chain against TLSA records
 *   dane tlsa owner HOST [...]         print the TLSA owner name
 *   dane demo [--seed N]               the RFC cases on a simulated PKI
 *   dane zone sign ZONEFILE --origin N  sign a zone (DNSSEC)
 *   dane zone verify ZONEFILE ...      validate a signed zone
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

  // `dane sim ...`: the simulator (issue 4-6). Each subcommand registers below.
  CLI::App* sim = app.add_subcommand("sim", "Deterministic simulation: zones, resolvers, MTAs, replays");
  sim->require_subcommand(1);
  // (sim subcommands: add `commands.push_back(register_sim_xxx(*sim));` lines here)

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
