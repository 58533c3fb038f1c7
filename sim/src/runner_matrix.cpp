/*
 * dane::sim: every scenario under every profile, on worker threads, rows in
 * a fixed order; the table and its JSON.
 */
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <nlohmann/json.hpp>
#include <thread>

#include "dane/error.hpp"
#include "dane/sim/runner.hpp"
#include "dane/smtp/profiles.hpp"

namespace dane::sim {

namespace {

MatrixRow row_of(const RunResult& r) {
  MatrixRow row;
  row.scenario = r.scenario;
  row.profile = r.profile;
  row.verdict = r.verdict;
  row.tls = r.tls;
  row.report = r.report;
  row.via = r.via;
  row.checked = r.expected.has_value();
  row.ok = r.met;
  row.differences = r.differences;
  return row;
}

MatrixRow run_one(const FullScenario& s, const std::string& profile, ResolverKind resolver) {
  try {
    RunOptions o;
    o.resolver = resolver;
    return row_of(run_scenario(s, profile, o));
  } catch (const std::exception& e) {
    MatrixRow row;
    row.scenario = s.name();
    row.profile = profile;
    row.checked = s.expectation(profile) != nullptr;
    row.error = e.what();
    return row;
  }
}

std::string status_word(const MatrixRow& r) {
  if (!r.error.empty()) return "ERROR";
  if (!r.checked) return "-";
  return r.ok ? "ok" : "DIFF";
}

}  // namespace

std::size_t Matrix::differ() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [](const MatrixRow& r) { return !r.error.empty() || (r.checked && !r.ok); }));
}

std::size_t Matrix::unchecked() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [](const MatrixRow& r) { return r.error.empty() && !r.checked; }));
}

Matrix run_matrix(std::span<const FullScenario> scenarios, std::span<const std::string> profiles, std::size_t jobs,
                  ResolverKind resolver) {
  std::vector<std::string> names;
  if (profiles.empty()) {
    for (const smtp::Profile& p : smtp::profiles()) names.push_back(p.name);
  } else {
    for (const std::string& p : profiles) names.push_back(smtp::profile(p).name);  // InputError for unknown names
  }
  struct Task {
    const FullScenario* scenario;
    const std::string* profile;
  };
  std::vector<Task> tasks;
  for (const FullScenario& s : scenarios)
    for (const std::string& p : names) tasks.push_back(Task{&s, &p});

  Matrix m;
  m.rows.resize(tasks.size());
  const std::size_t workers = std::clamp<std::size_t>(jobs, 1, std::min(max_matrix_jobs, std::max<std::size_t>(tasks.size(), 1)));
  std::atomic<std::size_t> next{0};
  const auto work = [&]() {
    for (std::size_t i = next++; i < tasks.size(); i = next++)
      m.rows[i] = run_one(*tasks[i].scenario, *tasks[i].profile, resolver);
  };
  if (workers == 1) {
    work();
  } else {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < workers; ++i) threads.emplace_back(work);
  }
  return m;
}

std::string Matrix::to_text() const {
  std::size_t ws = 8, wp = 7, wv = 7, wt = 3, wr = 6;
  for (const MatrixRow& r : rows) {
    ws = std::max(ws, r.scenario.size());
    wp = std::max(wp, r.profile.size());
    wv = std::max(wv, smtp::to_string(r.verdict).size());
    wt = std::max(wt, smtp::to_string(r.tls).size());
    wr = std::max(wr, report_name(r.report).size());
  }
  std::string out = fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", "scenario", ws, "profile", wp,
                                "verdict", wv, "TLS", wt, "TLSRPT", wr, "ok");
  for (const MatrixRow& r : rows) {
    const bool failed = !r.error.empty();
    out += fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", r.scenario, ws, r.profile, wp,
                       failed ? "-" : smtp::to_string(r.verdict), wv, failed ? "-" : smtp::to_string(r.tls), wt,
                       failed ? "-" : report_name(r.report), wr, status_word(r));
    for (const auto& d : r.differences) out += "    " + d + "\n";
    if (failed) out += "    error: " + r.error + "\n";
  }
  out += fmt::format("{} runs, {} differ", runs(), differ());
  if (unchecked() > 0) out += fmt::format(", {} unchecked", unchecked());
  out += "\n";
  return out;
}

std::string Matrix::to_json() const {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const MatrixRow& r : rows) {
    nlohmann::ordered_json j;
    j["scenario"] = r.scenario;
    j["profile"] = r.profile;
    j["verdict"] = std::string(smtp::to_string(r.verdict));
    j["tls"] = std::string(smtp::to_string(r.tls));
    j["report"] = report_name(r.report);
    j["via"] = r.via ? nlohmann::ordered_json(*r.via) : nlohmann::ordered_json();
    j["checked"] = r.checked;
    j["ok"] = r.ok;
    j["differences"] = r.differences;
    j["error"] = r.error.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.error);
    list.push_back(std::move(j));
  }
  nlohmann::ordered_json doc;
  doc["rows"] = std::move(list);
  doc["summary"] = {{"runs", runs()}, {"differ", differ()}, {"unchecked", unchecked()}};
  return doc.dump(2);
}

}  // namespace dane::sim
