/*
 * dane_conformance: runs OpenSSL's DANE test vectors (test/danetest.in,
 * test/dane-cross.in) through dane::verify_chain under the generic and the
 * smtp profile. See README.md in this folder.
 *
 * Exit status: 0 all passed, 1 a case failed or the data did not parse,
 * 77 the data folder is absent (ctest reports the test as skipped).
 */
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "dane/cert.hpp"
#include "dane/error.hpp"
#include "dane/time.hpp"
#include "danetest_file.hpp"
#include "expectations.hpp"
#include "runner.hpp"

namespace fs = std::filesystem;
using conformance::Suite;
using conformance::Tally;

namespace {

constexpr int exit_skip = 77;
/// Pinned verification time: inside every chain's validity (2016..2116) and
/// after the "never valid" leaf of cases 1-10, whose dates DANE-EE ignores.
constexpr const char* verification_time = "2024-01-01T00:00:00Z";

/// What OpenSSL's test/recipes/80-test_dane.t passes to its danetest driver.
struct SuiteSpec {
  const char* tlsa_file;
  const char* ca_file;
  const char* base_domain;
  std::size_t expected_cases;  ///< upstream's count, so a truncated file cannot pass
};
constexpr SuiteSpec suite_specs[] = {
    {"danetest.in", "danetest.pem", "example.com", 54},
    {"dane-cross.in", "cross-root.pem", "server.example", 1},
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot open", path.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Loads one suite; every problem goes to problems as "file:line: message".
Suite load_suite(const fs::path& dir, const SuiteSpec& spec, std::vector<std::string>& problems) {
  Suite suite;
  suite.base_domain = spec.base_domain;
  try {
    suite.file = conformance::parse_danetest(read_file(dir / spec.tlsa_file), spec.tlsa_file);
  } catch (const std::exception& e) {
    suite.file.name = spec.tlsa_file;
    problems.push_back(e.what());
    return suite;
  }
  for (const auto& p : suite.file.problems) problems.push_back(conformance::describe(suite.file, p));
  if (suite.file.cases.size() != spec.expected_cases)
    problems.push_back(fmt::format("{}: {} cases read, upstream has {}", spec.tlsa_file, suite.file.cases.size(),
                                   spec.expected_cases));
  try {
    suite.cafile = dane::load_chain_file(dir / spec.ca_file);
  } catch (const std::exception& e) {
    problems.push_back(fmt::format("{}: {}", spec.ca_file, e.what()));
  }
  return suite;
}

void print_ignored_lines(const Suite& s) {
  for (const auto& c : s.file.cases)
    for (auto line : c.ignored_record_lines)
      fmt::print("note: {}:{}: TLSA-looking line after the {} record(s) of case {} ignored (header says ntlsa={}), "
                 "as OpenSSL's PEM reader does\n",
                 s.file.name, line, c.ntlsa, c.number, c.ntlsa);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Runs OpenSSL's DANE test vectors through libdane (generic and smtp profiles)"};
  std::string shared_dir;
  bool verbose = false;
  app.add_option("--shared-dir", shared_dir, "The shared/ folder (DANE_SHARED_DIR) holding conformance/openssl-dane")
      ->required();
  app.add_flag("-v,--verbose", verbose, "Also print passing cases and ignored input lines");
  CLI11_PARSE(app, argc, argv);

  const fs::path dir = fs::path(shared_dir) / "conformance" / "openssl-dane";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    fmt::print("SKIP: conformance data not found at {}\n", dir.string());
    return exit_skip;
  }

  std::vector<std::string> problems;
  std::vector<Suite> suites;
  for (const auto& spec : suite_specs) suites.push_back(load_suite(dir, spec, problems));

  std::vector<conformance::DanetestFile> files;
  for (const auto& s : suites) files.push_back(s.file);
  for (auto& issue : conformance::check_smtp_table(files)) problems.push_back(std::move(issue));

  for (const auto& p : problems) fmt::print("PROBLEM {}\n", p);
  if (verbose)
    for (const auto& s : suites) print_ignored_lines(s);

  dane::Time now;
  try {
    now = dane::parse_time(verification_time);
  } catch (const dane::Error& e) {
    fmt::print("FAIL: cannot parse the pinned time {}: {}\n", verification_time, e.what());
    return 1;
  }

  Tally total;
  const std::pair<dane::Profile, const char*> profiles[] = {
      {dane::Profile::Generic, "generic profile (RFC 6698/7671, OpenSSL's expectations)"},
      {dane::Profile::Smtp, "smtp profile (RFC 7672, differences table in expectations.cpp)"},
  };
  for (const auto& [profile, title] : profiles) {
    Tally t;
    for (const auto& s : suites) t += conformance::run_suite(s, profile, now, verbose, std::cout);
    std::cout << std::flush;
    fmt::print("{}:\n{}\n", title, conformance::format_tally(t));
    total += t;
  }
  fmt::print("total:\n{}\n", conformance::format_tally(total));
  if (!problems.empty()) fmt::print("{} problem(s) in the data or the SMTP table (listed above)\n", problems.size());
  return total.failed == 0 && problems.empty() ? 0 : 1;
}
