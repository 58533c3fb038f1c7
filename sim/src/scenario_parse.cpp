/*
 * dane::sim: reading a full delivery scenario (sim/scenarios/README.md):
 * the DNS part through parse_scenario, then certificates, mta, attacker,
 * send and expect from the sections parse_scenario kept as YAML text.
 */
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>

#include "dane/error.hpp"
#include "dane/smtp/profiles.hpp"
#include "dane/sim/scenario.hpp"
#include "scenario_internal.hpp"
#include "scenario_reader.hpp"

namespace dane::sim {

namespace {

using detail::ScenarioReader;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// A scalar or a list of scalars, as strings.
std::vector<std::string> string_list(const ScenarioReader& r, const YAML::Node& node, const std::string& path,
                                     std::size_t max) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  r.sequence(node, path, max);
  for (std::size_t i = 0; i < node.size(); ++i) out.push_back(r.scalar(node[i], ScenarioReader::index(path, i)));
  return out;
}

CertificateSpec parse_certificate(const ScenarioReader& r, const std::string& id, const YAML::Node& node,
                                  const std::string& path) {
  r.check_keys(node, path, {"names", "kind", "issuer", "key", "chain"});
  CertificateSpec c;
  c.id = id;
  c.path = path;
  if (!node["names"]) r.fail(ScenarioReader::join(path, "names"), "", "is required (the subjectAltName dNSNames)");
  c.names = string_list(r, node["names"], ScenarioReader::join(path, "names"), max_certificate_names);
  if (c.names.empty()) r.fail(ScenarioReader::join(path, "names"), "", "must name at least one host");
  for (std::size_t i = 0; i < c.names.size(); ++i)
    if (c.names[i].empty() || c.names[i].size() > 253)
      r.fail(ScenarioReader::index(ScenarioReader::join(path, "names"), i), c.names[i], "is not a host name");
  if (node["kind"]) {
    const std::string k = r.scalar(node["kind"], ScenarioReader::join(path, "kind"));
    if (k == "valid") c.kind = CertKind::Valid;
    else if (k == "expired") c.kind = CertKind::Expired;
    else if (k == "not-yet-valid") c.kind = CertKind::NotYetValid;
    else if (k == "self-signed") c.kind = CertKind::SelfSigned;
    else r.fail(ScenarioReader::join(path, "kind"), k, "is not valid, expired, not-yet-valid or self-signed");
  }
  c.self_issued = c.kind == CertKind::SelfSigned;
  if (node["issuer"]) {
    const std::string k = r.scalar(node["issuer"], ScenarioReader::join(path, "issuer"));
    if (k == "self") c.self_issued = true;
    else if (k != "sim-ca") r.fail(ScenarioReader::join(path, "issuer"), k, "is not sim-ca or self");
    else if (c.kind == CertKind::SelfSigned) r.fail(ScenarioReader::join(path, "issuer"), k, "contradicts kind self-signed");
  }
  if (node["key"]) {
    const std::string k = r.scalar(node["key"], ScenarioReader::join(path, "key"));
    if (k == "ecdsa-p256") c.key = KeyType::EcdsaP256;
    else if (k == "ecdsa-p384") c.key = KeyType::EcdsaP384;
    else if (k == "rsa-2048") c.key = KeyType::Rsa2048;
    else if (k == "ed25519") c.key = KeyType::Ed25519;
    else r.fail(ScenarioReader::join(path, "key"), k, "is not ecdsa-p256, ecdsa-p384, rsa-2048 or ed25519");
  }
  if (node["chain"]) {
    const std::string k = r.scalar(node["chain"], ScenarioReader::join(path, "chain"));
    if (k == "leaf-only") c.chain = ChainShape::LeafOnly;
    else if (k == "with-intermediate") c.chain = ChainShape::WithIntermediate;
    else if (k == "full") c.chain = ChainShape::Full;
    else r.fail(ScenarioReader::join(path, "chain"), k, "is not leaf-only, with-intermediate or full");
  }
  return c;
}

std::vector<CertificateSpec> parse_certificates(const ScenarioReader& r, const YAML::Node& node) {
  const std::string path = "certificates";
  r.map(node, path, max_scenario_certificates);
  std::vector<CertificateSpec> out;
  for (const auto& kv : node) {
    const std::string id = r.scalar(kv.first, path);
    if (id.empty() || id == "none" || id == "default" || id.find_first_of(":${} ") != std::string::npos)
      r.fail(ScenarioReader::join(path, id), id, "is not a usable certificate name (none, default, ':' are reserved)");
    out.push_back(parse_certificate(r, id, kv.second, ScenarioReader::join(path, id)));
  }
  return out;
}

Address parse_address(const ScenarioReader& r, const YAML::Node& node, const std::string& path) {
  const std::string text = r.scalar(node, path);
  try {
    return canonical_address(text);
  } catch (const InputError&) {
    r.fail(path, text, "is not an IPv4 or IPv6 address");
  }
}

const std::string& known_certificate(const ScenarioReader& r, const std::vector<CertificateSpec>& certs,
                                     const std::string& id, const std::string& path) {
  for (const auto& c : certs)
    if (c.id == id) return c.id;
  r.fail(path, id, "no such certificate in `certificates`");
}

std::vector<MtaSpec> parse_mtas(const ScenarioReader& r, const YAML::Node& node,
                                const std::vector<CertificateSpec>& certs) {
  r.sequence(node, "mta", max_scenario_mtas);
  std::vector<MtaSpec> out;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = ScenarioReader::index("mta", i);
    const YAML::Node& m = node[i];
    r.check_keys(m, path, {"host", "addresses", "starttls", "certificates"});
    MtaSpec spec;
    spec.path = path;
    if (!m["host"]) r.fail(ScenarioReader::join(path, "host"), "", "is required");
    const std::string host = r.scalar(m["host"], ScenarioReader::join(path, "host"));
    try {
      spec.host = dns::Name::parse(host);
    } catch (const InputError& e) {
      r.fail(ScenarioReader::join(path, "host"), host, e.problem().empty() ? e.what() : e.problem());
    }
    if (!m["addresses"]) r.fail(ScenarioReader::join(path, "addresses"), "", "is required");
    const std::string apath = ScenarioReader::join(path, "addresses");
    if (m["addresses"].IsScalar()) {
      spec.addresses.push_back(parse_address(r, m["addresses"], apath));
    } else {
      r.sequence(m["addresses"], apath, max_mta_addresses);
      for (std::size_t j = 0; j < m["addresses"].size(); ++j)
        spec.addresses.push_back(parse_address(r, m["addresses"][j], ScenarioReader::index(apath, j)));
    }
    if (spec.addresses.empty()) r.fail(apath, "", "must hold at least one address");
    if (m["starttls"]) spec.starttls = r.boolean(m["starttls"], ScenarioReader::join(path, "starttls"));
    if (m["certificates"]) {
      const std::string cpath = ScenarioReader::join(path, "certificates");
      r.map(m["certificates"], cpath, max_mta_sni_entries);
      for (const auto& kv : m["certificates"]) {
        const std::string sni = r.scalar(kv.first, cpath);
        const std::string epath = ScenarioReader::join(cpath, sni);
        const std::string id = r.scalar(kv.second, epath);
        if (id != "none") known_certificate(r, certs, id, epath);
        if (sni == "default") {
          if (id != "none") spec.default_certificate = id;
        } else if (id != "none") {
          spec.certificates[lower(sni)] = id;
        }
      }
    }
    out.push_back(std::move(spec));
  }
  return out;
}

AttackerSpec parse_attacker(const ScenarioReader& r, const YAML::Node& node, const std::vector<MtaSpec>& mtas,
                            const std::vector<CertificateSpec>& certs) {
  r.check_keys(node, "attacker", {"address", "kind", "certificate"});
  AttackerSpec a;
  if (!node["address"]) r.fail("attacker.address", "", "is required");
  a.address = parse_address(r, node["address"], "attacker.address");
  bool found = false;
  for (const auto& m : mtas) found = found || std::find(m.addresses.begin(), m.addresses.end(), a.address) != m.addresses.end();
  if (!found) r.fail("attacker.address", a.address, "is not an address of any mta");
  if (!node["kind"]) r.fail("attacker.kind", "", "is required (strip-starttls or replace-certificate)");
  const std::string kind = r.scalar(node["kind"], "attacker.kind");
  if (kind == "strip-starttls") a.kind = AttackerSpec::Kind::StripStarttls;
  else if (kind == "replace-certificate") a.kind = AttackerSpec::Kind::ReplaceCertificate;
  else r.fail("attacker.kind", kind, "is not strip-starttls or replace-certificate");
  if (a.kind == AttackerSpec::Kind::ReplaceCertificate) {
    if (!node["certificate"]) r.fail("attacker.certificate", "", "is required for replace-certificate");
    a.certificate = known_certificate(r, certs, r.scalar(node["certificate"], "attacker.certificate"),
                                      "attacker.certificate");
  } else if (node["certificate"]) {
    r.fail("attacker.certificate", "", "is only for replace-certificate");
  }
  return a;
}

SendSpec parse_send(const ScenarioReader& r, const YAML::Node& node) {
  r.check_keys(node, "send", {"from", "to", "data"});
  SendSpec s;
  if (node["from"]) s.from = r.scalar(node["from"], "send.from");
  if (!node["to"]) r.fail("send.to", "", "is required (user@domain)");
  s.to = r.scalar(node["to"], "send.to");
  const auto at = s.to.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == s.to.size()) r.fail("send.to", s.to, "is not user@domain");
  if (node["data"]) s.data = r.scalar(node["data"], "send.data");
  if (s.data.size() > max_send_data) r.fail("send.data", "", "is larger than 64 KiB");
  return s;
}

Expectation parse_expectation(const ScenarioReader& r, const YAML::Node& node, const std::string& path) {
  r.check_keys(node, path, {"verdict", "tls", "report", "via", "reason"});
  Expectation e;
  if (!node["verdict"]) r.fail(ScenarioReader::join(path, "verdict"), "", "is required");
  const std::string vpath = ScenarioReader::join(path, "verdict");
  e.verdict = action_from_string(r.scalar(node["verdict"], vpath), r.source + ": " + vpath);
  if (e.verdict == smtp::Action::TryNextMx) r.fail(vpath, "try-next-mx", "is a per-host action, not a verdict");
  if (node["tls"]) {
    const std::string p = ScenarioReader::join(path, "tls");
    e.tls = tls_class_from_string(r.scalar(node["tls"], p), r.source + ": " + p);
  }
  if (node["report"]) {
    const std::string p = ScenarioReader::join(path, "report");
    e.report = report_from_string(r.scalar(node["report"], p), r.source + ": " + p);
  }
  if (node["via"]) {
    std::string via = r.scalar(node["via"], ScenarioReader::join(path, "via"));
    if (!via.empty() && via.back() == '.') via.pop_back();
    e.via = lower(via);
  }
  if (!node["reason"]) r.fail(ScenarioReader::join(path, "reason"), "", "is required (one line citing the source)");
  e.reason = r.scalar(node["reason"], ScenarioReader::join(path, "reason"));
  if (e.reason.empty()) r.fail(ScenarioReader::join(path, "reason"), "", "must not be empty");
  return e;
}

std::map<std::string, Expectation> parse_expect(const ScenarioReader& r, const YAML::Node& node) {
  r.map(node, "expect", max_scenario_expectations);
  std::map<std::string, Expectation> out;
  for (const auto& kv : node) {
    const std::string profile = r.scalar(kv.first, "expect");
    const std::string path = ScenarioReader::join("expect", profile);
    if (profile != "default") {
      try {
        (void)smtp::profile(profile);
      } catch (const InputError&) {
        r.fail(path, profile, "is not a sender profile (see `dane policy list`)");
      }
    }
    out[profile] = parse_expectation(r, kv.second, path);
  }
  return out;
}

/// A section kept by parse_scenario, parsed back; nullopt when absent or null.
std::optional<YAML::Node> section(const ScenarioReader& r, const Scenario& s, const std::string& key) {
  const auto it = s.reserved.find(key);
  if (it == s.reserved.end()) return std::nullopt;
  YAML::Node n = r.load(it->second, key);
  if (n.IsNull()) return std::nullopt;
  return n;
}

}  // namespace

const Expectation* FullScenario::expectation(std::string_view profile) const {
  auto it = expect.find(std::string(profile));
  if (it == expect.end()) it = expect.find("default");
  return it == expect.end() ? nullptr : &it->second;
}

FullScenario parse_full_scenario(std::string_view yaml, std::string_view source) {
  FullScenario out;
  out.dns = parse_scenario(yaml, source);
  out.source = std::string(source);
  const ScenarioReader r{out.source};
  for (const char* unused : {"smtp", "senders", "providers"})
    if (out.dns.reserved.count(unused)) r.fail(unused, "", "is not a key of delivery scenarios (sim/scenarios/README.md)");

  if (auto n = section(r, out.dns, "sources")) out.sources = string_list(r, *n, "sources", max_scenario_sources);
  if (auto n = section(r, out.dns, "certificates")) out.certificate_specs = parse_certificates(r, *n);
  const auto mta = section(r, out.dns, "mta");
  if (!mta) r.fail("mta", "", "is required (the receiving MTAs)");
  out.mtas = parse_mtas(r, *mta, out.certificate_specs);
  if (out.mtas.empty()) r.fail("mta", "", "must list at least one receiving MTA");
  if (auto n = section(r, out.dns, "attacker")) out.attacker = parse_attacker(r, *n, out.mtas, out.certificate_specs);
  const auto send = section(r, out.dns, "send");
  if (!send) r.fail("send", "", "is required (to: user@domain)");
  out.send = parse_send(r, *send);
  if (auto n = section(r, out.dns, "expect")) out.expect = parse_expect(r, *n);

  out.certificates = detail::issue_certificates(out.certificate_specs, out.dns.time, out.dns.seed);
  for (ZoneSpec& zone : out.dns.zones) {
    for (std::size_t i = 0; i < zone.records.size(); ++i)
      zone.records[i] = expand_record(zone.records[i], out.certificates, out.source,
                                      zone.path + ".records[" + std::to_string(i) + "]");
    for (std::size_t k = 0; k < zone.servers.size(); ++k)
      for (std::size_t i = 0; i < zone.servers[k].stale.size(); ++i)
        zone.servers[k].stale[i] =
            expand_record(zone.servers[k].stale[i], out.certificates, out.source,
                          zone.path + ".servers[" + std::to_string(k) + "].stale[" + std::to_string(i) + "]");
  }
  out.built = build_zones(out.dns);
  return out;
}

FullScenario load_full_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "", "cannot be read");
  std::string text(max_scenario_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_scenario_bytes) throw InputError(path, "", "", "is larger than 4 MiB");
  FullScenario s = parse_full_scenario(text, path);
  const std::string stem = std::filesystem::path(path).stem().string();
  if (s.dns.name != stem) throw InputError(path, "name", s.dns.name, "must equal the file name without .yaml ('" + stem + "')");
  return s;
}

BuiltWorld load_dns_world(const std::string& path) {
  Scenario dns = load_scenario(path);
  if (dns.reserved.count("certificates") != 0) return load_full_scenario(path).built;
  return build_zones(dns);
}

std::vector<std::string> scenario_files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) throw InputError(dir, "", "", "cannot be listed: " + ec.message());
  constexpr std::size_t max_files = 10'000;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) throw InputError(dir, "", "", "cannot be listed: " + ec.message());
    if (it->path().extension() == ".yaml" && it->is_regular_file()) out.push_back(it->path().string());
    if (out.size() > max_files) throw InputError(dir, "", "", "holds more than 10000 scenario files");
  }
  std::sort(out.begin(), out.end());
  return out;
}

smtp::Action action_from_string(std::string_view text, std::string_view where) {
  using smtp::Action;
  for (Action a : {Action::DeliverAuthenticated, Action::DeliverEncrypted, Action::DeliverClear, Action::TryNextMx,
                   Action::Defer, Action::Bounce})
    if (smtp::to_string(a) == text) return a;
  throw InputError(std::string(where), "", std::string(text),
                   "is not deliver-authenticated, deliver-encrypted, deliver-clear, defer or bounce");
}

smtp::TlsLogClass tls_class_from_string(std::string_view text, std::string_view where) {
  using smtp::TlsLogClass;
  for (TlsLogClass c : {TlsLogClass::None, TlsLogClass::Anonymous, TlsLogClass::Untrusted, TlsLogClass::Trusted,
                        TlsLogClass::Verified})
    if (lower(smtp::to_string(c)) == lower(text)) return c;
  throw InputError(std::string(where), "", std::string(text), "is not none, Anonymous, Untrusted, Trusted or Verified");
}

smtp::ReportResult report_from_string(std::string_view text, std::string_view where) {
  using smtp::ReportResult;
  if (text == "none") return ReportResult::None;
  for (ReportResult r : {ReportResult::StarttlsNotSupported, ReportResult::CertificateHostMismatch,
                         ReportResult::CertificateExpired, ReportResult::CertificateNotTrusted,
                         ReportResult::ValidationFailure, ReportResult::TlsaInvalid, ReportResult::DnssecInvalid,
                         ReportResult::DaneRequired})
    if (smtp::to_string(r) == text) return r;
  throw InputError(std::string(where), "", std::string(text), "is not none or an RFC 8460 result type");
}

std::string report_name(smtp::ReportResult r) {
  return r == smtp::ReportResult::None ? std::string("none") : std::string(smtp::to_string(r));
}

}  // namespace dane::sim
