/*
 * dane sim run / matrix / send: full delivery scenarios (sim/scenarios/README.md).
 *
 *   dane sim run SCENARIO... [--profile P...] [--resolver KIND] [--seed N] [--logs] [--json]
 *       every (scenario, profile) outcome against the scenario's expectation
 *   dane sim matrix [--dir sim/scenarios/smtp] [--profile P...] [--jobs J] [--json]
 *       the whole catalog; "N runs, M differ"
 *   dane sim send --scenario FILE --to user@domain --profile P [--resolver KIND] [--seed N] [--json]
 *       one delivery, with the verdict, both MTAs' logs and the DNS query log
 *
 * Exit codes: 0 every checked outcome as expected (send: delivered), 1 some
 * differ (send: not delivered), 2 bad input (a scenario that does not load).
 */
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common.hpp"
#include "dane/sim/runner.hpp"
#include "dane/sim/scenario.hpp"
#include "dane/smtp/profiles.hpp"

namespace dane_cli {

namespace {

namespace sim = dane::sim;

/// More scenario files than any catalog holds.
constexpr std::size_t max_files = 10'000;

struct RunOptions {
  std::vector<std::string> files;
  std::vector<std::string> profiles;
  std::string resolver = "validating";
  std::optional<std::uint64_t> seed;
  bool logs = false;
  bool json = false;
};

struct MatrixOptions {
  std::string dir = "sim/scenarios/smtp";
  std::vector<std::string> profiles;
  std::string resolver = "validating";
  std::size_t jobs = 1;
  bool json = false;
};

struct SendOptions {
  std::string scenario;
  std::string to;
  std::string profile;
  std::string resolver = "validating";
  std::optional<std::uint64_t> seed;
  bool json = false;
};

/// The profile names to run: the given ones (checked), or every built-in profile.
std::vector<std::string> profile_names(const std::vector<std::string>& given) {
  std::vector<std::string> out;
  if (given.empty()) {
    for (const auto& p : dane::smtp::profiles()) out.push_back(p.name);
  } else {
    for (const auto& p : given) out.push_back(dane::smtp::profile(p).name);
  }
  return out;
}

void add_resolver_option(CLI::App& app, std::string& target) {
  app.add_option("--resolver", target, "Resolver kind: validating, do-no-validate, cd-setting, no-do")
      ->check(CLI::IsMember({"validating", "do-no-validate", "cd-setting", "no-do"}))
      ->capture_default_str();
}

std::string row_line(const sim::RunResult& r) {
  std::string status = !r.expected ? "-" : r.met ? "ok" : "DIFF";
  return fmt::format("  {:<20} {:<22} {:<10} {:<24} {:<18} {}", r.profile, dane::smtp::to_string(r.verdict),
                     dane::smtp::to_string(r.tls), sim::report_name(r.report), r.via.value_or("-"), status);
}

int run_run(const RunOptions& o) {
  if (o.files.size() > max_files) throw CliInputError(fmt::format("more than {} scenario files", max_files));
  const auto profiles = profile_names(o.profiles);
  sim::RunOptions ro;
  ro.resolver = sim::resolver_kind_from_string(o.resolver);
  ro.seed = o.seed;
  std::size_t runs = 0, differ = 0, unchecked = 0;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& file : o.files) {
    const sim::FullScenario s = sim::load_full_scenario(file);
    if (!o.json && !o.logs) {
      std::cout << fmt::format("{}: {}\n", s.name(), s.dns.description);
      std::cout << fmt::format("  {:<20} {:<22} {:<10} {:<24} {:<18} {}\n", "profile", "verdict", "TLS", "TLSRPT",
                               "via", "ok");
    }
    for (const auto& p : profiles) {
      const sim::RunResult r = sim::run_scenario(s, p, ro);
      ++runs;
      if (!r.expected) ++unchecked;
      else if (!r.met) ++differ;
      if (o.json) {
        out.push_back(nlohmann::json::parse(r.to_json()));
      } else if (o.logs) {
        std::cout << r.to_text() << '\n';
      } else {
        std::cout << row_line(r) << '\n';
        for (const auto& d : r.differences) std::cout << "      " << d << '\n';
      }
    }
  }
  if (o.json) {
    nlohmann::json doc{{"runs", out}, {"summary", {{"runs", runs}, {"differ", differ}, {"unchecked", unchecked}}}};
    std::cout << doc.dump(2) << '\n';
  } else {
    std::cout << fmt::format("{} runs, {} differ", runs, differ)
              << (unchecked ? fmt::format(", {} unchecked", unchecked) : std::string()) << '\n';
  }
  return differ > 0 ? exit_fail : exit_ok;
}

int run_matrix(const MatrixOptions& o) {
  const auto files = sim::scenario_files(o.dir);
  if (files.empty()) throw CliInputError(fmt::format("--dir {}: no .yaml scenario files", o.dir));
  std::vector<sim::FullScenario> scenarios;
  scenarios.reserve(files.size());
  for (const auto& f : files) scenarios.push_back(sim::load_full_scenario(f));
  const auto profiles = profile_names(o.profiles);
  const sim::Matrix m = sim::run_matrix(scenarios, profiles, o.jobs, sim::resolver_kind_from_string(o.resolver));
  std::cout << (o.json ? m.to_json() + "\n" : m.to_text());
  return m.differ() > 0 ? exit_fail : exit_ok;
}

int run_send(const SendOptions& o) {
  const sim::FullScenario s = sim::load_full_scenario(o.scenario);
  sim::RunOptions ro;
  ro.resolver = sim::resolver_kind_from_string(o.resolver);
  ro.seed = o.seed;
  if (!o.to.empty()) ro.to = o.to;
  const sim::RunResult r = sim::run_scenario(s, o.profile, ro);
  std::cout << (o.json ? r.to_json() + "\n" : r.to_text());
  return r.status == "sent" ? exit_ok : exit_fail;
}

}  // namespace

Command register_sim_run(CLI::App& sim) {
  auto opts = std::make_shared<RunOptions>();
  CLI::App* app = sim.add_subcommand("run", "Run delivery scenarios under sender profiles and compare with expectations");
  app->add_option("scenarios", opts->files, "Scenario files (sim/scenarios/smtp/*.yaml)")
      ->required()
      ->check(CLI::ExistingFile);
  app->add_option("--profile", opts->profiles, "Sender profile(s) (default: every built-in profile)");
  add_resolver_option(*app, opts->resolver);
  app->add_option("--seed", opts->seed, "The world's seed (default: the scenario's)");
  app->add_flag("--logs", opts->logs, "Print each run in full: verdict, expectation, MTA logs, DNS query log");
  app->add_flag("--json", opts->json, "One JSON document with every run (logs included)");
  return Command{app, [opts]() { return run_run(*opts); }};
}

Command register_sim_matrix(CLI::App& sim) {
  auto opts = std::make_shared<MatrixOptions>();
  CLI::App* app = sim.add_subcommand("matrix", "Run every scenario of a folder under every profile; exit 1 when any differs");
  app->add_option("--dir", opts->dir, "Folder of scenario files")->capture_default_str();
  app->add_option("--profile", opts->profiles, "Sender profile(s) (default: every built-in profile)");
  add_resolver_option(*app, opts->resolver);
  app->add_option("--jobs,-j", opts->jobs, "Worker threads (results are ordered the same whatever the count)")
      ->check(CLI::Range(std::size_t{1}, sim::max_matrix_jobs))
      ->capture_default_str();
  app->add_flag("--json", opts->json, "The table as JSON");
  return Command{app, [opts]() { return run_matrix(*opts); }};
}

Command register_sim_send(CLI::App& sim) {
  auto opts = std::make_shared<SendOptions>();
  CLI::App* app = sim.add_subcommand("send", "Send one message in a scenario's world and show both MTAs' logs");
  app->add_option("--scenario", opts->scenario, "The scenario file")->required()->check(CLI::ExistingFile);
  app->add_option("--to", opts->to, "Recipient user@domain (default: the scenario's send.to)");
  app->add_option("--profile", opts->profile, "Sender profile (see `dane policy list`)")->required();
  add_resolver_option(*app, opts->resolver);
  app->add_option("--seed", opts->seed, "The world's seed (default: the scenario's)");
  app->add_flag("--json", opts->json, "The result as JSON");
  return Command{app, [opts]() { return run_send(*opts); }};
}

}  // namespace dane_cli
