#include "runner.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <exception>
#include <ostream>

#include "dane/error.hpp"
#include "dane/report.hpp"
#include "expectations.hpp"

namespace conformance {
namespace {

/// to_text() on one line: its lines joined by " | ".
std::string one_line(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  std::string out;
  for (char ch : text) {
    if (ch == '\n')
      out += " | ";
    else
      out += ch;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

}  // namespace

dane::MatchOptions options_for(dane::Profile profile, const Suite& suite, const DanetestCase& c) {
  dane::MatchOptions o;
  o.profile = profile;
  o.digests = {dane::MatchingType::Sha2_256, dane::MatchingType::Sha2_512};
  o.reference_names = {suite.base_domain};
  if (profile == dane::Profile::Generic) {
    o.ee_name_checks = !c.nonamechecks;
    o.pkix_trust_anchors = suite.cafile;
  }
  return o;
}

Tally run_suite(const Suite& suite, dane::Profile profile, dane::Time now, bool verbose, std::ostream& out) {
  Tally tally;
  const auto profile_name = dane::to_string(profile);
  for (const auto& c : suite.file.cases) {
    const auto where = fmt::format("{} case {} (line {}) [{}]", suite.file.name, c.number, c.line, profile_name);
    if (!c.complete) {
      ++tally.failed;
      fmt::print(out, "FAIL {}: not run, the case did not parse (see the problems above)\n", where);
      continue;
    }
    const Expectation want =
        profile == dane::Profile::Generic ? generic_expectation(c) : smtp_expectation(suite.file.name, c);
    try {
      const auto result = dane::verify_chain(c.chain, c.tlsa, now, options_for(profile, suite, c));
      const auto issues = compare(want, result, c.tlsa.size());
      if (issues.empty()) {
        ++tally.passed;
        if (verbose) fmt::print(out, "pass {}: {}\n", where, describe(want));
      } else {
        ++tally.failed;
        fmt::print(out, "FAIL {}: expected {} [{}]; got {}: {} -- {}\n", where, describe(want), want.source,
                   describe(result), join(issues, "; "), one_line(dane::to_text(result)));
      }
    } catch (const std::exception& e) {
      ++tally.failed;
      fmt::print(out, "FAIL {}: expected {} [{}]; got exception: {}\n", where, describe(want), want.source, e.what());
    }
  }
  return tally;
}

std::string format_tally(const Tally& t) { return fmt::format("{} passed, {} failed", t.passed, t.failed); }

}  // namespace conformance
