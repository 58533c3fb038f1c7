/*
 * Rendering a MatchResult as JSON and as text.
 */
#include "dane/report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace dane {

std::string to_json(const MatchResult& r) {
  nlohmann::ordered_json j;
  j["status"] = std::string(to_string(r.status));
  j["verified"] = r.verified();
  j["failure"] = std::string(to_string(r.failure));
  j["summary"] = r.summary();
  j["matched_record"] = r.matched_record ? nlohmann::ordered_json(*r.matched_record) : nlohmann::ordered_json(nullptr);
  j["depth"] = r.depth;
  j["trust_anchor_from_dns"] = r.trust_anchor_from_dns;
  j["path"] = r.path;
  auto records = nlohmann::ordered_json::array();
  for (const auto& rec : r.records) {
    nlohmann::ordered_json o;
    o["index"] = rec.index;
    o["record"] = rec.record.to_string();
    o["usage"] = static_cast<unsigned>(rec.record.usage());
    o["selector"] = static_cast<unsigned>(rec.record.selector());
    o["matching_type"] = static_cast<unsigned>(rec.record.matching_type());
    o["outcome"] = std::string(to_string(rec.outcome));
    o["depth"] = rec.depth;
    o["reason"] = rec.reason;
    o["rule"] = rec.rule;
    records.push_back(std::move(o));
  }
  j["records"] = std::move(records);
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string to_text(const MatchResult& r) {
  std::string out = r.summary() + "\n";
  if (!r.path.empty()) {
    out += "  path:";
    for (std::size_t i = 0; i < r.path.size(); ++i) out += fmt::format(" [{}] {}", i, r.path[i]);
    out += "\n";
  }
  for (const auto& rec : r.records) {
    std::string data = rec.record.to_string();
    if (data.size() > 80) data = data.substr(0, 72) + "...";
    out += fmt::format("  [{}] {}: {}{}: {} ({})\n", rec.index + 1, data, to_string(rec.outcome),
                       rec.depth >= 0 ? fmt::format(" at depth {}", rec.depth) : "", rec.reason, rec.rule);
  }
  return out;
}

}  // namespace dane
