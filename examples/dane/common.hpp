/*
 * dane CLI: what the subcommands share (exit codes, input helpers, the
 * registration interface).
 */
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "dane/cert.hpp"
#include "dane/tlsa.hpp"

namespace dane_cli {

/// Exit codes shared by every subcommand.
inline constexpr int exit_ok = 0;        ///< verified / done
inline constexpr int exit_fail = 1;      ///< checked, and the answer is "no"
inline constexpr int exit_input = 2;     ///< bad input or usage
inline constexpr int exit_internal = 3;  ///< an unexpected exception (a bug)

/// Bad input found by the CLI itself (a file it cannot read, a --depth out of
/// range). main() prints "dane: <what>" and exits with exit_input.
class CliInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A subcommand's action, run after the whole command line parsed.
using Action = std::function<int()>;

/// A registered subcommand: the CLI11 app and what to run when it was chosen.
struct Command {
  CLI::App* app = nullptr;
  Action run;
};

/// Reads a whole file (at most max_bytes) as text.
/// @param what names the input in the error, e.g. "--tlsa-file".
/// @throws CliInputError naming what and the path when it cannot be read or is too large.
std::string read_text_file(const std::string& path, std::string_view what,
                           std::size_t max_bytes = dane::max_certificate_size);

/// Loads every certificate of a PEM/DER file; errors are prefixed with what.
/// @throws CliInputError naming what, the path and the library's reason.
dane::Chain load_chain_arg(const std::string& path, std::string_view what);

/// Number-or-mnemonic map for a TLSA parameter, built from the RFC 7218
/// acronyms the library knows (e.g. "DANE-EE" -> 3), for CLI::Transformer.
std::map<std::string, int> usage_names();
/// Same for selectors ("SPKI" -> 1).
std::map<std::string, int> selector_names();
/// Same for matching types ("SHA2-256" -> 1).
std::map<std::string, int> mtype_names();

/// Adds an option taking a TLSA parameter as a number 0-255 or an RFC 7218
/// acronym (any case); the value is stored as its number in target.
CLI::Option* add_parameter_option(CLI::App& app, const std::string& name, int& target,
                                  const std::map<std::string, int>& names, const std::string& help);

/// `dane tlsa gen`.
Command register_tlsa_gen(CLI::App& tlsa);
/// `dane tlsa verify`.
Command register_tlsa_verify(CLI::App& tlsa);
/// `dane tlsa owner`.
Command register_tlsa_owner(CLI::App& tlsa);
/// `dane demo`.
Command register_demo(CLI::App& app);
/// `dane zone sign` (cmd_zone.cpp).
Command register_zone_sign(CLI::App& zone);
/// `dane zone verify` (cmd_zone.cpp).
Command register_zone_verify(CLI::App& zone);
/// `dane policy list` (cmd_policy.cpp).
Command register_policy_list(CLI::App& policy);
/// `dane policy table` (cmd_policy.cpp).
Command register_policy_table(CLI::App& policy);
/// `dane sim replay` (cmd_sim_replay.cpp).
Command register_sim_replay(CLI::App& sim);
/// `dane sim fingerprint` (cmd_sim_fingerprint.cpp).
Command register_sim_fingerprint(CLI::App& sim);
/// `dane sim survey` (cmd_sim_survey.cpp).
Command register_sim_survey(CLI::App& sim);
/// `dane sim zone build` (cmd_sim_zone.cpp).
Command register_sim_zone_build(CLI::App& zone);
/// `dane sim zone kinds` (cmd_sim_zone.cpp).
Command register_sim_zone_kinds(CLI::App& zone);
/// `dane sim resolve` (cmd_sim_resolve.cpp).
Command register_sim_resolve(CLI::App& sim);
/// `dane sim run` (cmd_sim_run.cpp).
Command register_sim_run(CLI::App& sim);
/// `dane sim matrix` (cmd_sim_run.cpp).
Command register_sim_matrix(CLI::App& sim);
/// `dane sim send` (cmd_sim_run.cpp).
Command register_sim_send(CLI::App& sim);
/// `dane verify DOMAIN --sim SCENARIO` (cmd_verify_sim.cpp).
Command register_verify(CLI::App& app);

}  // namespace dane_cli
