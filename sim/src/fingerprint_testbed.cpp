// Loading the study's test bed: the zones (zone_builder's scenario format),
// the certificates (issued by sim::Pki from the scenario seed), the receiving
// MTAs with their SNI maps, and ${tlsa ...} placeholders computed from the
// certificates (format: sim/scenarios/README.md; "as U S M" in
// sim/scenarios/study/README.md).
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "dane/error.hpp"
#include "dane/generate.hpp"
#include "dane/sim/fingerprint.hpp"
#include "dane/sim/pki.hpp"

namespace dane::sim {

namespace {

constexpr std::size_t max_certificates = 64;
constexpr std::size_t max_mtas = 8;
constexpr std::size_t max_sni_entries = 64;

[[noreturn]] void fail(std::string_view source, const std::string& path, const std::string& value, const std::string& why) {
  throw InputError(std::string(source), path, value, why);
}

YAML::Node load_section(const Scenario& s, const std::string& key) {
  const auto it = s.reserved.find(key);
  if (it == s.reserved.end()) fail(s.source, key, "", "is missing");
  try {
    return YAML::Load(it->second);
  } catch (const YAML::Exception& e) {
    fail(s.source, key, "", e.what());
  }
}

std::string scalar(const Scenario& s, const YAML::Node& n, const std::string& path) {
  if (!n || !n.IsScalar()) fail(s.source, path, "", "must be a string");
  return n.as<std::string>();
}

/// The issued certificates by name.
std::map<std::string, ServerCertificate> issue_certificates(const Scenario& s) {
  const YAML::Node certs = load_section(s, "certificates");
  if (!certs.IsMap()) fail(s.source, "certificates", "", "must be a map");
  if (certs.size() > max_certificates) fail(s.source, "certificates", std::to_string(certs.size()), "has too many entries");
  Pki pki(s.seed);
  const Time t = s.time;
  using std::chrono::days;
  CertSpec ca_spec{"Sim Root CA", {}, t - days(3650), t + days(3650), true, std::nullopt, KeyType::EcdsaP256};
  const Issued root = pki.self_signed(ca_spec);
  CertSpec int_spec{"Sim Issuing CA", {}, t - days(3650), t + days(3650), true, 0, KeyType::EcdsaP256};
  const Issued intermediate = pki.issue(int_spec, root);

  std::map<std::string, ServerCertificate> out;
  for (const auto& entry : certs) {
    const std::string name = entry.first.as<std::string>();
    const std::string path = "certificates." + name;
    const YAML::Node n = entry.second;
    if (!n.IsMap()) fail(s.source, path, "", "must be a map");
    for (const auto& k : n) {
      const auto key = k.first.as<std::string>();
      if (key != "names" && key != "kind") fail(s.source, path + "." + key, "", "unknown key (names, kind)");
    }
    if (!n["names"] || !n["names"].IsSequence() || n["names"].size() == 0 || n["names"].size() > 16)
      fail(s.source, path + ".names", "", "must be a list of 1 to 16 names");
    std::vector<std::string> names;
    for (const auto& v : n["names"]) names.push_back(scalar(s, v, path + ".names"));
    const std::string kind = n["kind"] ? scalar(s, n["kind"], path + ".kind") : "valid";
    CertSpec spec{names.front(), names, t - days(30), t + days(60), false, std::nullopt, KeyType::EcdsaP256};
    ServerCertificate sc;
    if (kind == "valid" || kind == "expired") {
      if (kind == "expired") {
        spec.not_before = t - days(90);
        spec.not_after = t - days(1);
      }
      const Issued leaf = pki.issue(spec, intermediate);
      sc.chain = {leaf.certificate, intermediate.certificate};
      sc.private_key_pem = leaf.private_key_pem;
    } else if (kind == "self-signed") {
      const Issued leaf = pki.self_signed(spec);
      sc.chain = {leaf.certificate};
      sc.private_key_pem = leaf.private_key_pem;
    } else {
      fail(s.source, path + ".kind", kind, "must be valid, expired or self-signed");
    }
    out.emplace(name, std::move(sc));
  }
  return out;
}

/// "${tlsa U S M CERT}" or "${tlsa U S M CERT as U2 S2 M2}" (header U S M,
/// association data computed as for U2 S2 M2: a deliberately wrong record).
std::string expand_tlsa(const Scenario& s, const std::string& path, const std::string& record,
                        const std::map<std::string, ServerCertificate>& certs) {
  std::string out = record;
  for (int guard = 0; guard < 8; ++guard) {
    const auto open = out.find("${tlsa ");
    if (open == std::string::npos) return out;
    const auto close = out.find('}', open);
    if (close == std::string::npos) fail(s.source, path, record, "has an unterminated ${tlsa ...}");
    std::istringstream in(out.substr(open + 7, close - open - 7));
    std::vector<std::string> w;
    for (std::string tok; in >> tok && w.size() < 9;) w.push_back(tok);
    const bool as = w.size() == 8 && w[4] == "as";
    if (w.size() != 4 && !as) fail(s.source, path, record, "${tlsa} takes U S M CERT [as U S M]");
    auto num = [&](const std::string& t) {
      if (t.size() != 1 || t[0] < '0' || t[0] > '3') fail(s.source, path, t, "is not a TLSA parameter 0-3");
      return static_cast<std::uint8_t>(t[0] - '0');
    };
    const auto it = certs.find(w[3]);
    if (it == certs.end()) fail(s.source, path, w[3], "is not a certificate of the test bed");
    const std::size_t d = as ? 5 : 0;
    const Tlsa data = make_tlsa(it->second.chain.front(), static_cast<Usage>(num(w[d])),
                                static_cast<Selector>(num(w[d + 1])), static_cast<MatchingType>(num(w[d + 2])));
    const Tlsa rec(static_cast<Usage>(num(w[0])), static_cast<Selector>(num(w[1])),
                   static_cast<MatchingType>(num(w[2])), data.data());
    out.replace(open, close - open + 1, rec.to_string());
  }
  fail(s.source, path, record, "has too many ${tlsa ...}");
}

std::optional<ServerCertificate> cert_ref(const Scenario& s, const std::string& path, const std::string& name,
                                          const std::map<std::string, ServerCertificate>& certs) {
  if (name == "none") return std::nullopt;
  const auto it = certs.find(name);
  if (it == certs.end()) fail(s.source, path, name, "is not a certificate of the test bed");
  return it->second;
}

std::vector<TestBedMta> parse_mtas(const Scenario& s, const std::map<std::string, ServerCertificate>& certs) {
  const YAML::Node list = load_section(s, "mta");
  if (!list.IsSequence() || list.size() == 0 || list.size() > max_mtas)
    fail(s.source, "mta", "", "must be a list of 1 to 8 MTAs");
  std::vector<TestBedMta> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = "mta[" + std::to_string(i) + "]";
    const YAML::Node n = list[i];
    if (!n.IsMap()) fail(s.source, path, "", "must be a map");
    TestBedMta m;
    m.host = scalar(s, n["host"], path + ".host");
    if (!m.host.empty() && m.host.back() == '.') m.host.pop_back();
    const YAML::Node addrs = n["addresses"];
    if (!addrs || !addrs.IsSequence() || addrs.size() != 1)
      fail(s.source, path + ".addresses", "", "must list exactly one address (one IP, as the study)");
    m.address = scalar(s, addrs[0], path + ".addresses[0]");
    if (n["starttls"]) m.starttls = n["starttls"].as<bool>();
    const YAML::Node map = n["certificates"];
    if (!map || !map.IsMap() || map.size() > max_sni_entries) fail(s.source, path + ".certificates", "", "must be a map");
    for (const auto& e : map) {
      const std::string sni = e.first.as<std::string>();
      const std::string ref = scalar(s, e.second, path + ".certificates." + sni);
      auto c = cert_ref(s, path + ".certificates." + sni, ref, certs);
      if (sni == "default") m.default_certificate = std::move(c);
      else if (c) m.certificates.emplace(sni, std::move(*c));
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

StudyTestBed parse_study_testbed(std::string_view yaml, std::string_view source) {
  StudyTestBed bed;
  bed.scenario = parse_scenario(yaml, source);
  Scenario& s = bed.scenario;
  try {
    const YAML::Node send = load_section(s, "send");
    bed.sender = scalar(s, send["from"], "send.from");
    const std::string to = scalar(s, send["to"], "send.to");
    const std::string marker = "{subdomain}.";
    const auto at = to.find('@');
    if (at == std::string::npos || to.compare(at + 1, marker.size(), marker) != 0)
      fail(s.source, "send.to", to, "must be user@{subdomain}.<test domain>");
    bed.recipient_user = to.substr(0, at);
    bed.names.domain = dns::Name::parse(to.substr(at + 1 + marker.size()) + ".");
  } catch (const YAML::Exception& e) {
    fail(s.source, "send", "", e.what());
  }
  std::map<std::string, ServerCertificate> certs;
  try {
    certs = issue_certificates(s);
    bed.mtas = parse_mtas(s, certs);
  } catch (const YAML::Exception& e) {
    fail(s.source, "certificates/mta", "", e.what());
  }
  for (auto& z : s.zones) {
    for (std::size_t i = 0; i < z.records.size(); ++i)
      z.records[i] = expand_tlsa(s, z.path + ".records[" + std::to_string(i) + "]", z.records[i], certs);
    if (z.apex.parent() == bed.names.domain && z.apex.label_count() == bed.names.domain.label_count() + 1)
      bed.subdomains.push_back(z.apex.labels().front());
  }
  if (bed.subdomains.empty()) fail(s.source, "zones", "", "has no subdomain of " + bed.names.domain.to_string());
  return bed;
}

StudyTestBed load_study_testbed(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "file", path, "cannot be read");
  std::string text;
  text.resize(max_scenario_bytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_scenario_bytes) throw InputError(path, "file", path, "is larger than 4 MiB");
  return parse_study_testbed(text, path);
}

}  // namespace dane::sim
