/*
 * dane::sim: running full scenarios. run_scenario builds a fresh world (the
 * scenario's DNS servers, a recursive resolver of the chosen kind, the
 * receiving MTAs on port 25, the attacker), sends the scenario's message with
 * a sim::Mta under one sender profile, and compares the outcome with the
 * scenario's expectation. run_matrix does that for every (scenario, profile)
 * pair on worker threads; its rows come out in (scenario, profile) order
 * whatever the number of threads. Same scenario, profile, resolver and seed:
 * byte-identical logs and JSON.
 *
 *   const auto s = load_full_scenario("sim/scenarios/smtp/d01-valid.yaml");
 *   const RunResult r = run_scenario(s, "postfix-dane");
 *   r.verdict, r.tls, r.report, r.met, r.differences, r.client_log, r.server_log, r.query_log
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dane/sim/mta.hpp"
#include "dane/sim/recursive.hpp"
#include "dane/sim/scenario.hpp"
#include "dane/smtp/verdict.hpp"

namespace dane::sim {

/// The outcome of one scenario under one profile.
struct RunResult {
  std::string scenario;  ///< the scenario's name
  std::string profile;
  ResolverKind resolver = ResolverKind::Validating;
  std::uint64_t seed = 1;

  smtp::Action verdict = smtp::Action::Defer;
  smtp::TlsLogClass tls = smtp::TlsLogClass::None;
  smtp::ReportResult report = smtp::ReportResult::None;
  std::optional<std::string> via;  ///< the host that delivered (no trailing dot), if any
  std::string reason;              ///< the verdict's reason
  std::string rule;                ///< the rule that decided ("RFC 7672 §2.2")
  std::string status;              ///< "sent", "deferred", "bounced"
  std::string dsn;                 ///< "2.0.0", "4.7.5", ...
  bool delivered = false;          ///< a receiving MTA's mailbox holds the message

  std::vector<std::string> client_log;  ///< the sending MTA's Postfix smtp log
  std::vector<std::string> server_log;  ///< every receiving MTA's smtpd log, in `mta` order
  std::vector<std::string> dns_log;     ///< the policy's lookups, daneverify style
  std::vector<std::string> query_log;   ///< the authoritative servers' BIND query log
  /// What happened at each MX host tried (connections, TLS, the DANE check); not in to_json().
  std::vector<HostAttempt> attempts;

  /// The expectation compared with, if the scenario has one for the profile.
  std::optional<Expectation> expected;
  /// True when there is an expectation and every field it states matches.
  bool met = false;
  /// One line per differing field: "verdict: expected defer, got deliver-encrypted".
  std::vector<std::string> differences;

  /// The result (with logs) as a JSON object, keys in a fixed order.
  std::string to_json() const;
  /// A report for a person: the outcome, the comparison, then the three logs.
  std::string to_text() const;
};

/// Settings of one run besides scenario and profile.
struct RunOptions {
  ResolverKind resolver = ResolverKind::Validating;
  /// The world's randomness; default: the scenario's seed.
  std::optional<std::uint64_t> seed;
  /// Overrides the scenario's send.to (dane verify --sim DOMAIN uses "postmaster@DOMAIN").
  std::optional<std::string> to;
};

/**
 * Runs the scenario once under a sender profile.
 * @throws InputError when profile names no built-in profile.
 */
RunResult run_scenario(const FullScenario& scenario, std::string_view profile, const RunOptions& options = {});

/// The overload the task statement names: resolver kind and seed given explicitly.
RunResult run_scenario(const FullScenario& scenario, std::string_view profile, ResolverKind resolver,
                       std::uint64_t seed);

/// One row of the matrix.
struct MatrixRow {
  std::string scenario;
  std::string profile;
  smtp::Action verdict = smtp::Action::Defer;
  smtp::TlsLogClass tls = smtp::TlsLogClass::None;
  smtp::ReportResult report = smtp::ReportResult::None;
  std::optional<std::string> via;
  bool checked = false;  ///< the scenario had an expectation for this profile
  bool ok = false;       ///< checked and met
  std::vector<std::string> differences;
  std::string error;     ///< set when the run threw (an InputError, or a bug): the row is not ok
};

/// The whole matrix.
struct Matrix {
  std::vector<MatrixRow> rows;  ///< scenario order as given, then profile order as given

  std::size_t runs() const noexcept { return rows.size(); }
  /// Rows that were checked and did not meet their expectation, or failed to run.
  std::size_t differ() const noexcept;
  /// Rows without an expectation.
  std::size_t unchecked() const noexcept;
  /// An aligned table, one line per row (differences indented below their row),
  /// then "N runs, M differ[, K unchecked]".
  std::string to_text() const;
  /// {"rows": [...], "summary": {"runs": N, "differ": M, "unchecked": K}}.
  std::string to_json() const;
};

/// Largest number of worker threads run_matrix starts.
inline constexpr std::size_t max_matrix_jobs = 64;

/**
 * Runs every scenario under every profile (each run with the scenario's own
 * seed and options.resolver) on `jobs` worker threads (clamped to
 * 1..max_matrix_jobs), each building its own worlds.
 * @param profiles empty: every built-in profile (smtp::profiles()).
 * @throws InputError for an unknown profile name (before any run).
 */
Matrix run_matrix(std::span<const FullScenario> scenarios, std::span<const std::string> profiles, std::size_t jobs = 1,
                  ResolverKind resolver = ResolverKind::Validating);

}  // namespace dane::sim
