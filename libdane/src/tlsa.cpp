/*
 * TLSA record parsing and printing (RFC 6698 §2, RFC 7218).
 */
#include "dane/tlsa.hpp"

#include <botan/hex.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <fmt/format.h>

#include "dane/error.hpp"
#include "ldns_util.hpp"

namespace dane {
namespace {

constexpr const char* kWhere = "TLSA record";
/// Longest presentation text accepted: 65532 octets of data as hex plus the rest.
constexpr std::size_t kMaxText = 2 * max_association_data + 1024;

struct Mnemonic {
  std::uint8_t value;
  std::string_view name;
};
// RFC 7218 §2.1-2.3.
constexpr std::array<Mnemonic, 5> kUsages{{{0, "PKIX-TA"}, {1, "PKIX-EE"}, {2, "DANE-TA"}, {3, "DANE-EE"},
                                           {255, "PrivCert"}}};
constexpr std::array<Mnemonic, 3> kSelectors{{{0, "Cert"}, {1, "SPKI"}, {255, "PrivSel"}}};
constexpr std::array<Mnemonic, 4> kMatchingTypes{{{0, "Full"}, {1, "SHA2-256"}, {2, "SHA2-512"}, {255, "PrivMatch"}}};

template <std::size_t N>
std::string_view find_name(const std::array<Mnemonic, N>& table, std::uint8_t v) {
  for (const auto& m : table)
    if (m.value == v) return m.name;
  return {};
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// One of the three parameter fields: a decimal 0-255 or an RFC 7218 acronym.
template <std::size_t N>
std::uint8_t parse_parameter(std::string_view token, const char* field, const std::array<Mnemonic, N>& table) {
  if (!token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    unsigned long v = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
    if (ec != std::errc() || v > 255) throw InputError(kWhere, field, std::string(token), "is greater than 255");
    return static_cast<std::uint8_t>(v);
  }
  for (const auto& m : table)
    if (iequals(token, m.name)) return m.value;
  std::string names;
  for (const auto& m : table) names += (names.empty() ? "" : ", ") + std::string(m.name);
  throw InputError(kWhere, field, std::string(token),
                   "is neither a number from 0 to 255 nor an RFC 7218 acronym (" + names + ")");
}

/// Splits presentation text into tokens: white space and "( )" separate,
/// ";" starts a comment.
std::vector<std::string_view> tokenize(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ';') break;
    if (std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == ')') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])) && text[j] != '(' &&
           text[j] != ')' && text[j] != ';')
      ++j;
    out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_class(std::string_view t) {
  return iequals(t, "IN") || iequals(t, "CH") || iequals(t, "HS") || iequals(t, "CS") ||
         (t.size() > 5 && iequals(t.substr(0, 5), "CLASS"));
}

bool is_ttl(std::string_view t) {
  return !t.empty() && t.size() <= 10 && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// For a whole RR line, checks owner / TTL / class and returns the RDATA tokens.
std::vector<std::string_view> strip_rr_prefix(std::vector<std::string_view> tokens) {
  auto type_it = std::find_if(tokens.begin(), tokens.end(), [](std::string_view t) { return iequals(t, "TLSA"); });
  if (type_it == tokens.end()) return tokens;
  const std::size_t type_pos = static_cast<std::size_t>(type_it - tokens.begin());
  if (type_pos > 3)
    throw InputError(kWhere, "owner", std::string(tokens[0]),
                     "starts a line with too many fields before TLSA (expected owner [TTL] [class] TLSA)");
  for (std::size_t k = 0; k < type_pos; ++k) {
    const auto t = tokens[k];
    if (is_ttl(t) || is_class(t)) continue;
    if (k != 0) throw InputError(kWhere, "TTL or class", std::string(t), "is neither a TTL nor a DNS class");
    detail::check_domain_name(t, kWhere, "owner");
  }
  return {tokens.begin() + static_cast<std::ptrdiff_t>(type_pos) + 1, tokens.end()};
}

std::string hex_upper(const std::vector<std::uint8_t>& data) { return Botan::hex_encode(data, true); }

}  // namespace

std::string_view mnemonic(Usage u) noexcept { return find_name(kUsages, static_cast<std::uint8_t>(u)); }
std::string_view mnemonic(Selector s) noexcept { return find_name(kSelectors, static_cast<std::uint8_t>(s)); }
std::string_view mnemonic(MatchingType m) noexcept { return find_name(kMatchingTypes, static_cast<std::uint8_t>(m)); }

std::optional<std::size_t> digest_length(MatchingType m) noexcept {
  switch (m) {
    case MatchingType::Sha2_256: return 32;
    case MatchingType::Sha2_512: return 64;
    default: return std::nullopt;
  }
}

Tlsa::Tlsa(Usage usage, Selector selector, MatchingType mtype, std::vector<std::uint8_t> data)
    : usage_(usage), selector_(selector), mtype_(mtype), data_(std::move(data)) {
  if (data_.size() > max_association_data)
    throw InputError(kWhere, "certificate association data", "",
                     fmt::format("is {} octets; a TLSA RDATA holds at most {}", data_.size(), max_association_data));
}

std::optional<std::string> Tlsa::malformation() const {
  // RFC 6698 §2.1.3: the data is the digest output, so its length is fixed.
  if (data_.empty()) return std::string("certificate association data is empty");
  if (const auto len = digest_length(mtype_); len && data_.size() != *len)
    return fmt::format("{} data must be {} octets, found {}", mnemonic(mtype_), *len, data_.size());
  return std::nullopt;
}

Tlsa Tlsa::parse(std::string_view text) {
  if (text.size() > kMaxText)
    throw InputError(kWhere, "", "", fmt::format("text is {} characters, more than the {} allowed", text.size(), kMaxText));
  const auto tokens = strip_rr_prefix(tokenize(text));
  if (tokens.size() < 4)
    throw InputError(kWhere, "", std::string(text),
                     fmt::format("has {} field{}; expected 4: usage selector matching-type data", tokens.size(),
                                 tokens.size() == 1 ? "" : "s"));
  const auto u = parse_parameter(tokens[0], "usage", kUsages);
  const auto s = parse_parameter(tokens[1], "selector", kSelectors);
  const auto m = parse_parameter(tokens[2], "matching type", kMatchingTypes);
  std::string hex;
  for (std::size_t i = 3; i < tokens.size(); ++i) hex.append(tokens[i]);
  if (const auto bad = std::find_if_not(hex.begin(), hex.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
      bad != hex.end())
    throw InputError(kWhere, "certificate association data", hex,
                     fmt::format("has a non-hex character '{}' at position {}", *bad, bad - hex.begin() + 1));
  if (hex.size() % 2 != 0)
    throw InputError(kWhere, "certificate association data", hex,
                     fmt::format("has an odd number of hex digits ({})", hex.size()));
  Tlsa record(static_cast<Usage>(u), static_cast<Selector>(s), static_cast<MatchingType>(m), Botan::hex_decode(hex));
  if (auto why = record.malformation()) throw InputError(kWhere, "certificate association data", hex, *why);
  return record;
}

Tlsa Tlsa::from_rdata(std::span<const std::uint8_t> rdata) {
  if (rdata.size() < 4)
    throw InputError("TLSA RDATA", "", "",
                     fmt::format("is truncated: {} octet{}, at least 4 needed (usage, selector, matching type, data)",
                                 rdata.size(), rdata.size() == 1 ? "" : "s"));
  if (rdata.size() > 65535)
    throw InputError("TLSA RDATA", "", "", fmt::format("is {} octets, more than an RDATA can hold", rdata.size()));
  Tlsa record(static_cast<Usage>(rdata[0]), static_cast<Selector>(rdata[1]), static_cast<MatchingType>(rdata[2]),
              std::vector<std::uint8_t>(rdata.begin() + 3, rdata.end()));
  if (auto why = record.malformation())
    throw InputError("TLSA RDATA", "certificate association data", hex_upper(record.data()), *why);
  return record;
}

std::vector<std::uint8_t> Tlsa::rdata() const {
  std::vector<std::uint8_t> out;
  out.reserve(3 + data_.size());
  out.push_back(static_cast<std::uint8_t>(usage_));
  out.push_back(static_cast<std::uint8_t>(selector_));
  out.push_back(static_cast<std::uint8_t>(mtype_));
  out.insert(out.end(), data_.begin(), data_.end());
  return out;
}

std::string Tlsa::to_string() const {
  return fmt::format("{} {} {} {}", static_cast<unsigned>(usage_), static_cast<unsigned>(selector_),
                     static_cast<unsigned>(mtype_), hex_upper(data_));
}

std::string Tlsa::to_mnemonic_string() const {
  auto name = [](std::string_view n, std::uint8_t v) { return n.empty() ? std::to_string(v) : std::string(n); };
  return fmt::format("{} {} {} {}", name(mnemonic(usage_), static_cast<std::uint8_t>(usage_)),
                     name(mnemonic(selector_), static_cast<std::uint8_t>(selector_)),
                     name(mnemonic(mtype_), static_cast<std::uint8_t>(mtype_)), hex_upper(data_));
}

}  // namespace dane
