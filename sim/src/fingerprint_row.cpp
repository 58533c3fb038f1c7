// The provider table's row: symbols, headers, markdown and JSON rendering.
#include <string>

#include <nlohmann/json.hpp>

#include "dane/error.hpp"
#include "dane/sim/fingerprint.hpp"

namespace dane::sim {

namespace {

struct ColumnInfo {
  std::string_view header;
  std::string_view key;
};

constexpr std::array<ColumnInfo, column_count> columns{{
    {"DO", "do_bit"},
    {"DNSKEY", "dnskey_requested"},
    {"DS", "ds_requested"},
    {"Valid", "validation"},
    {"SameOp", "same_operator"},
    {"STLS", "starttls_sent"},
    {"Exp", "rejects_expired"},
    {"Self", "rejects_self_signed"},
    {"CN", "rejects_cn_mismatch"},
    {"TLSA pub", "tlsa_published"},
    {"TLSA req", "tlsa_requested"},
    {"NoCert", "rejects_no_cert"},
    {"Usage", "rejects_wrong_usage"},
    {"Sel", "rejects_wrong_selector"},
    {"Match", "rejects_wrong_matching_type"},
    {"Cert", "rejects_wrong_cert"},
}};

nlohmann::json row_json(const ProviderRow& row) {
  nlohmann::json j;
  j["provider"] = row.provider;
  for (std::size_t i = 0; i < column_count; ++i) j[std::string(columns[i].key)] = std::string(to_string(row.marks[i]));
  return j;
}

}  // namespace

std::string_view to_symbol(Mark m) noexcept {
  switch (m) {
    case Mark::Yes: return "\u2713";
    case Mark::No: return "\u2717";
    case Mark::NotTested: return "\u2013";
  }
  return "?";
}

std::string_view to_string(Mark m) noexcept {
  switch (m) {
    case Mark::Yes: return "yes";
    case Mark::No: return "no";
    case Mark::NotTested: return "n/a";
  }
  return "?";
}

std::string_view column_header(Column c) noexcept { return columns[static_cast<std::size_t>(c)].header; }
std::string_view column_key(Column c) noexcept { return columns[static_cast<std::size_t>(c)].key; }

ProviderRow row_from_symbols(std::string_view provider, std::string_view symbols) {
  ProviderRow row;
  row.provider = std::string(provider);
  std::size_t n = 0;
  const std::string all(symbols);
  std::size_t i = 0;
  while (i < symbols.size()) {
    Mark m;
    std::size_t len = 1;
    const std::string_view rest = symbols.substr(i);
    if (rest.starts_with("\u2713")) { m = Mark::Yes; len = 3; }
    else if (rest.starts_with("\u2717")) { m = Mark::No; len = 3; }
    else if (rest.starts_with("\u2013")) { m = Mark::NotTested; len = 3; }
    else if (rest[0] == '+') m = Mark::Yes;
    else if (rest[0] == '-') m = Mark::No;
    else if (rest[0] == '.') m = Mark::NotTested;
    else if (rest[0] == ' ') { ++i; continue; }
    else throw InputError("provider row", "symbols", all, "has an unknown symbol at offset " + std::to_string(i));
    if (n == column_count) throw InputError("provider row", "symbols", all, "has more than 16 marks");
    row.marks[n++] = m;
    i += len;
  }
  if (n != column_count) throw InputError("provider row", "symbols", all, "has " + std::to_string(n) + " marks, not 16");
  return row;
}

std::string render_table(std::span<const ProviderRow> rows) {
  std::string out = "| Provider | DNSSEC: DO | DNSKEY | DS | Valid | SameOp | STARTTLS: Sent | Exp | Self | CN "
                    "| DANE: TLSA pub | TLSA req | NoCert | Usage | Sel | Match | Cert |\n";
  out += "|---";
  for (std::size_t i = 0; i < column_count; ++i) out += "|---";
  out += "|\n";
  for (const auto& row : rows) {
    out += "| " + row.provider + " |";
    for (const Mark m : row.marks) out += " " + std::string(to_symbol(m)) + " |";
    out += "\n";
  }
  return out;
}

std::string to_json(const ProviderRow& row) { return row_json(row).dump(); }

std::string to_json(std::span<const ProviderRow> rows) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& r : rows) a.push_back(row_json(r));
  return a.dump(2);
}

}  // namespace dane::sim
