/*
 * dane::sim: a run's result as JSON and as text for a person.
 */
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "dane/sim/runner.hpp"

namespace dane::sim {

namespace {

nlohmann::ordered_json expectation_json(const Expectation& e) {
  nlohmann::ordered_json j;
  j["verdict"] = std::string(smtp::to_string(e.verdict));
  j["tls"] = e.tls ? nlohmann::ordered_json(std::string(smtp::to_string(*e.tls))) : nlohmann::ordered_json();
  j["report"] = e.report ? nlohmann::ordered_json(report_name(*e.report)) : nlohmann::ordered_json();
  j["via"] = e.via ? nlohmann::ordered_json(*e.via) : nlohmann::ordered_json();
  j["reason"] = e.reason;
  return j;
}

void append_lines(std::string& out, std::string_view title, const std::vector<std::string>& lines) {
  out += fmt::format("\n{} ({} lines)\n", title, lines.size());
  for (const auto& l : lines) out += "  " + l + "\n";
}

}  // namespace

std::string RunResult::to_json() const {
  nlohmann::ordered_json j;
  j["scenario"] = scenario;
  j["profile"] = profile;
  j["resolver"] = std::string(sim::to_string(resolver));
  j["seed"] = seed;
  j["verdict"] = std::string(smtp::to_string(verdict));
  j["tls"] = std::string(smtp::to_string(tls));
  j["report"] = report_name(report);
  j["via"] = via ? nlohmann::ordered_json(*via) : nlohmann::ordered_json();
  j["reason"] = reason;
  j["rule"] = rule;
  j["status"] = status;
  j["dsn"] = dsn;
  j["delivered"] = delivered;
  j["expected"] = expected ? expectation_json(*expected) : nlohmann::ordered_json();
  j["met"] = met;
  j["differences"] = differences;
  j["client_log"] = client_log;
  j["server_log"] = server_log;
  j["dns_log"] = dns_log;
  j["query_log"] = query_log;
  return j.dump(2);
}

std::string RunResult::to_text() const {
  std::string out = fmt::format("{} / {} (resolver {}, seed {})\n", scenario, profile, sim::to_string(resolver), seed);
  out += fmt::format("  verdict {}  tls {}  report {}  via {}\n", smtp::to_string(verdict), smtp::to_string(tls),
                     report_name(report), via.value_or("-"));
  out += fmt::format("  {} {} {}{}\n", status, dsn, reason, rule.empty() ? "" : " (" + rule + ")");
  if (!expected) {
    out += "  expected: (no expectation for this profile)\n";
  } else {
    out += fmt::format("  expected: {}  tls {}  report {}{}  -- {}\n", smtp::to_string(expected->verdict),
                       expected->tls ? smtp::to_string(*expected->tls) : "(any)",
                       expected->report ? report_name(*expected->report) : "(any)",
                       expected->via ? "  via " + *expected->via : "", expected->reason);
    out += met ? "  OK: as expected\n" : "  DIFFERS:\n";
    for (const auto& d : differences) out += "    " + d + "\n";
  }
  append_lines(out, "DNS lookups (policy)", dns_log);
  append_lines(out, "sending MTA log", client_log);
  append_lines(out, "receiving MTA log", server_log);
  append_lines(out, "DNS query log", query_log);
  return out;
}

}  // namespace dane::sim
