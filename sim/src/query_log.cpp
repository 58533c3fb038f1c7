/*
 * dane::sim: the query log in BIND 9's format (ns/query.c log_query()).
 */
#include <botan/hash.h>
#include <botan/hex.h>

#include <array>
#include <chrono>

#include <fmt/format.h>

#include "dane/sim/authority.hpp"

namespace dane::sim {

namespace {

/// A name as BIND prints it in the log: no trailing dot, "." for the root.
std::string log_name(const dns::Name& name) {
  std::string s = name.to_string();
  if (s.size() > 1 && s.back() == '.') s.pop_back();
  return s;
}

/// BIND's print-time format: "22-Nov-2026 22:54:50.123" (isc_time_formattimestamp).
std::string log_time(Instant t) {
  static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss tod{t - day};
  return fmt::format("{:02}-{}-{:04} {:02}:{:02}:{:02}.{:03}", static_cast<unsigned>(ymd.day()),
                     months[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                     tod.hours().count(), tod.minutes().count(), tod.seconds().count(), tod.subseconds().count());
}

/// A stand-in for the client object's address BIND prints: 12 hex digits of
/// SHA-256 over the client endpoint, so lines are reproducible.
std::string client_pointer(const Endpoint& client) {
  auto sha = Botan::HashFunction::create_or_throw("SHA-256");
  sha->update(client.to_string());
  const auto digest = sha->final();
  return Botan::hex_encode(digest.data(), 6, false);
}

}  // namespace

std::string QueryLogEntry::to_bind() const {
  // Flags in log_query()'s order: recursion, EDNS(version), TCP, DO, CD.
  std::string flags = rd ? "+" : "-";
  if (edns) flags += fmt::format("E({})", edns_version);
  if (tcp) flags += "T";
  if (dnssec_ok) flags += "D";
  if (cd) flags += "C";
  const std::string cls = question.qclass == dns::class_in ? "IN" : fmt::format("CLASS{}", question.qclass);
  const std::string qname = log_name(question.name);
  return fmt::format("{} queries: info: client @0x{} {} ({}): query: {} {} {} {} ({})", log_time(time),
                     client_pointer(client), client.to_string(), qname, qname, cls,
                     dns::type_to_string(question.type), flags, server);
}

void QueryLog::add(QueryLogEntry entry) { entries_.push_back(std::move(entry)); }

std::string QueryLog::to_string() const {
  std::string out;
  for (const auto& e : entries_) {
    out += e.to_bind();
    out += '\n';
  }
  return out;
}

}  // namespace dane::sim
