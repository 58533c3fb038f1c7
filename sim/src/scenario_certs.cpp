/*
 * dane::sim: a scenario's certificates (issued by its deterministic CA) and
 * the ${tlsa ...} / ${data ...} expansion of zone records.
 */
#include <botan/hex.h>

#include <chrono>
#include <regex>
#include <sstream>

#include "dane/error.hpp"
#include "dane/generate.hpp"
#include "dane/sim/scenario.hpp"
#include "scenario_internal.hpp"

namespace dane::sim {

namespace {

constexpr std::chrono::seconds days(std::int64_t n) { return std::chrono::seconds(n * 86400); }

/// The validity window of a certificate kind around the scenario time.
std::pair<Time, Time> validity(CertKind kind, Time t) {
  switch (kind) {
    case CertKind::Expired: return {t - days(395), t - days(30)};
    case CertKind::NotYetValid: return {t + days(30), t + days(395)};
    case CertKind::Valid:
    case CertKind::SelfSigned: break;
  }
  return {t - days(30), t + days(365)};
}

/// The certificate a ${...} reference names: CERT, CERT:leaf, CERT:ca or CERT:root.
const Certificate& pick(const ScenarioCertificate& c, const std::string& part, bool ca_default) {
  if (part == "root") return c.root;
  if (part == "ca") return c.issuer;
  if (part == "leaf") return c.leaf;
  return ca_default ? c.issuer : c.leaf;
}

}  // namespace

std::map<std::string, ScenarioCertificate> detail::issue_certificates(const std::vector<CertificateSpec>& specs,
                                                                      Time time, std::uint64_t seed) {
  std::map<std::string, ScenarioCertificate> out;
  if (specs.empty()) return out;
  Pki pki(seed);
  // The CA hierarchy of every scenario: "Sim Root CA" -> "Sim Issuing CA", valid five years around the time.
  CertSpec root_spec;
  root_spec.common_name = "Sim Root CA";
  root_spec.not_before = time - days(5 * 365);
  root_spec.not_after = time + days(5 * 365);
  root_spec.is_ca = true;
  const Issued root = pki.self_signed(root_spec);
  CertSpec ca_spec = root_spec;
  ca_spec.common_name = "Sim Issuing CA";
  ca_spec.path_length = 0;
  const Issued ca = pki.issue(ca_spec, root);

  for (const CertificateSpec& spec : specs) {
    CertSpec leaf_spec;
    leaf_spec.common_name = spec.names.front();
    leaf_spec.dns_names = spec.names;
    std::tie(leaf_spec.not_before, leaf_spec.not_after) = validity(spec.kind, time);
    leaf_spec.key_type = spec.key;
    if (spec.self_issued) {
      Issued leaf = pki.self_signed(leaf_spec);
      const Certificate cert = leaf.certificate;
      out.emplace(spec.id, ScenarioCertificate{cert, std::move(leaf.private_key_pem), cert, cert, Chain{cert}});
      continue;
    }
    Issued leaf = pki.issue(leaf_spec, ca);
    Chain chain{leaf.certificate};
    if (spec.chain != ChainShape::LeafOnly) chain.push_back(ca.certificate);
    if (spec.chain == ChainShape::Full) chain.push_back(root.certificate);
    out.emplace(spec.id, ScenarioCertificate{leaf.certificate, std::move(leaf.private_key_pem), ca.certificate,
                                             root.certificate, std::move(chain)});
  }
  return out;
}

std::string expand_record(std::string_view line, const std::map<std::string, ScenarioCertificate>& certificates,
                          std::string_view source, std::string_view where) {
  static const std::regex ref(R"(\$\{(tlsa|data)((?:\s+[0-9]{1,3}){2,3})\s+([A-Za-z0-9_.-]+)(?::(leaf|ca|root))?\s*\})");
  const std::string text(line);
  const auto fail = [&](const std::string& value, const std::string& problem) -> void {
    throw InputError(std::string(source), std::string(where), value, problem);
  };
  std::string out;
  std::size_t pos = 0;
  // Bounded: each iteration consumes at least one "${" of a line parse_scenario already size-limited.
  while (pos < text.size()) {
    const std::size_t start = text.find("${", pos);
    if (start == std::string::npos) {
      out.append(text, pos);
      break;
    }
    out.append(text, pos, start - pos);
    const std::size_t end = text.find('}', start);
    if (end == std::string::npos) fail(text.substr(start), "unterminated ${...}");
    const std::string token = text.substr(start, end - start + 1);
    std::smatch m;
    if (!std::regex_match(token, m, ref))
      fail(token, "is not ${tlsa U S M CERT[:leaf|:ca|:root]} or ${data S M CERT[:leaf|:ca|:root]}");
    const bool whole = m[1] == "tlsa";
    std::vector<int> numbers;
    {
      std::istringstream in(m[2].str());
      int n = 0;
      while (in >> n) numbers.push_back(n);
    }
    if (numbers.size() != (whole ? 3u : 2u)) fail(token, whole ? "needs usage, selector and matching type"
                                                               : "needs selector and matching type");
    for (int n : numbers)
      if (n > 255) fail(token, "has a parameter above 255");
    const auto found = certificates.find(m[3].str());
    if (found == certificates.end()) fail(m[3].str(), "no such certificate in `certificates`");
    const int usage = whole ? numbers[0] : 3;
    const auto selector = static_cast<Selector>(numbers[whole ? 1 : 0]);
    const auto mtype = static_cast<MatchingType>(numbers[whole ? 2 : 1]);
    const Certificate& cert = pick(found->second, m[4].str(), usage == 0 || usage == 2);
    std::vector<std::uint8_t> data;
    try {
      data = association_data(cert, selector, mtype);
    } catch (const InputError& e) {
      fail(token, e.problem().empty() ? e.what() : e.problem());
    }
    if (whole) {
      out += Tlsa(static_cast<Usage>(usage), selector, mtype, std::move(data)).to_string();
    } else {
      out += Botan::hex_encode(data);
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace dane::sim
