/*
 * dane sim replay FILE.rpl... [--json] [--verbose]: replays testbound /
 * Deckard scenarios against the simulator's validating resolver
 * (dane::sim::replay). Prints one line per file (pass / fail / skipped /
 * error), the first difference of a failure with --verbose, a summary.
 * Exit 0 when every file passed or was skipped, 1 when some failed, 2 when a
 * file could not be read or parsed.
 */
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "dane/sim/replay.hpp"

namespace dane_cli {

namespace {

/// More files than any corpus holds: a guard against a runaway glob.
constexpr std::size_t max_files = 10'000;

struct ReplayOptions {
  std::vector<std::string> files;
  bool json = false;
  bool verbose = false;
};

int run_replay(const ReplayOptions& o) {
  namespace replay = dane::sim::replay;
  if (o.files.size() > max_files) throw CliInputError(fmt::format("more than {} files", max_files));
  std::size_t pass = 0, fail = 0, skipped = 0, errors = 0;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& path : o.files) {
    const replay::FileResult r = replay::run_file(path);
    switch (r.status) {
      case replay::FileResult::Status::Pass: ++pass; break;
      case replay::FileResult::Status::Fail: ++fail; break;
      case replay::FileResult::Status::Skipped: ++skipped; break;
      case replay::FileResult::Status::Error: ++errors; break;
    }
    if (o.json) {
      out.push_back({{"file", r.file},
                     {"status", std::string(replay::to_string(r.status))},
                     {"title", r.title},
                     {"checks", r.checks},
                     {"checks_passed", r.checks_passed},
                     {"detail", r.detail}});
      continue;
    }
    std::string first_line = r.detail.substr(0, r.detail.find('\n'));
    std::cout << fmt::format("{:<8} {}{}\n", replay::to_string(r.status), r.file,
                             first_line.empty() ? "" : "  (" + first_line + ")");
    if (o.verbose && r.status == replay::FileResult::Status::Fail) std::cout << r.detail << "\n\n";
  }
  if (o.json) {
    nlohmann::json doc{{"files", out},
                       {"summary", {{"pass", pass}, {"fail", fail}, {"skipped", skipped}, {"error", errors}}}};
    std::cout << doc.dump(2) << '\n';
  } else {
    std::cout << fmt::format("{} passed, {} failed, {} skipped, {} errors, of {} files\n", pass, fail, skipped, errors,
                             o.files.size());
  }
  if (errors > 0) return exit_input;
  return fail > 0 ? exit_fail : exit_ok;
}

}  // namespace

Command register_sim_replay(CLI::App& sim) {
  auto opts = std::make_shared<ReplayOptions>();
  CLI::App* app = sim.add_subcommand("replay", "Replay testbound/Deckard .rpl scenarios against the validating resolver");
  app->add_option("files", opts->files, "The .rpl files")->required()->check(CLI::ExistingFile);
  app->add_flag("--json", opts->json, "One JSON document with every file's result");
  app->add_flag("--verbose", opts->verbose, "Print the first difference of each failure with both messages");
  return Command{app, [opts]() { return run_replay(*opts); }};
}

}  // namespace dane_cli
