/*
 * Reference identifiers and name checks (RFC 6125 §6.4, RFC 7672 §3.2.3).
 */
#include "dane/names.hpp"

#include <algorithm>
#include <cctype>

namespace dane {
namespace {

/// Lower-cases and drops one trailing dot: DNS names compare case-insensitively
/// and "example.com." is "example.com" (RFC 6125 §6.4.1; Internet.nl#293).
std::string normalize(std::string_view name) {
  std::string out(name);
  if (!out.empty() && out.back() == '.') out.pop_back();
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool has_empty_label(std::string_view n) {
  return n.empty() || n.front() == '.' || n.back() == '.' || n.find("..") != std::string_view::npos;
}

}  // namespace

std::vector<std::string> presented_identifiers(const Certificate& cert) {
  // RFC 6125 §6.4.4 / RFC 7672 §3.2.3: the CN-ID is used only when there is no DNS-ID.
  auto names = cert.dns_names();
  if (names.empty()) names = cert.common_names();
  return names;
}

bool dns_name_matches(std::string_view presented_raw, std::string_view reference_raw,
                      const NameCheckOptions& options) {
  const std::string presented = normalize(presented_raw);
  std::string reference = normalize(reference_raw);
  if (presented.empty() || reference.empty()) return false;

  // Postfix-style ".example.com": any name strictly below example.com.
  bool subdomain_only = false;
  if (reference.front() == '.') {
    subdomain_only = true;
    reference.erase(0, 1);
  }
  if (has_empty_label(reference) || has_empty_label(presented)) return false;

  const auto star = presented.find('*');
  if (star == std::string::npos) {
    if (!subdomain_only) return presented == reference;
    return presented.size() > reference.size() + 1 && presented.ends_with("." + reference);
  }

  // RFC 7672 §3.2.3 / RFC 6125 §6.4.3: the wildcard must be the whole left-most
  // label ("*.example.com"); "f*o.example.com", "*.*.example.com" and a bare
  // "*" or "*.com"-like two-label pattern never match.
  if (star != 0 || presented.size() < 3 || presented[1] != '.') return false;
  const std::string_view suffix = std::string_view(presented).substr(1);  // ".example.com"
  if (suffix.find('*') != std::string_view::npos) return false;
  if (std::count(suffix.begin(), suffix.end(), '.') < 2) return false;  // at least two labels after "*"
  if (subdomain_only) {
    // ".example.com" accepts "*.example.com" and "*.sub.example.com": every name they stand for is below it.
    const std::string dotted = "." + reference;
    return suffix == dotted || suffix.ends_with(dotted);
  }
  const std::string_view ref = reference;
  if (ref.size() <= suffix.size() || !ref.ends_with(suffix)) return false;
  const std::string_view head = ref.substr(0, ref.size() - suffix.size());  // what "*" stands for
  return head.find('.') == std::string_view::npos || options.multi_label_wildcards;
}

bool certificate_matches_names(const Certificate& cert, std::span<const std::string> reference_names,
                               const NameCheckOptions& options) {
  const auto presented = presented_identifiers(cert);
  for (const auto& p : presented)
    for (const auto& r : reference_names)
      if (dns_name_matches(p, r, options)) return true;
  return false;
}

}  // namespace dane
