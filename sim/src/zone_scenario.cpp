/*
 * dane::sim: reading a DNS-world scenario from YAML (yaml-cpp). Every
 * unknown key is an error naming its path; reserved top-level sections are
 * kept as YAML text for the layers that read them.
 */
#include <botan/hex.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <set>
#include <regex>

#include "dane/error.hpp"
#include "dane/sim/zone_builder.hpp"

namespace dane::sim {

namespace {

/// Reading context: the source name for every error.
struct Reader {
  std::string source;

  [[noreturn]] void fail(const std::string& path, const std::string& value, const std::string& problem) const {
    throw InputError(source, path, value, problem);
  }

  void check_keys(const YAML::Node& node, const std::string& path, std::initializer_list<std::string_view> allowed,
                  const std::vector<std::string>& also = {}) const {
    if (!node.IsMap()) fail(path, "", "must be a map");
    for (const auto& kv : node) {
      const auto key = kv.first.Scalar();
      const bool known = std::find(allowed.begin(), allowed.end(), key) != allowed.end() ||
                         std::find(also.begin(), also.end(), key) != also.end();
      if (!known) fail(join(path, key), "", "unknown key");
    }
  }

  static std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }
  static std::string index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

  std::string scalar(const YAML::Node& node, const std::string& path) const {
    if (!node.IsScalar()) fail(path, "", "must be a scalar");
    return node.Scalar();
  }

  std::int64_t integer(const YAML::Node& node, const std::string& path, std::int64_t lo, std::int64_t hi) const {
    const auto text = scalar(node, path);
    long long v = 0;
    try {
      v = node.as<long long>();
    } catch (const YAML::Exception&) {
      fail(path, text, "is not an integer");
    }
    if (v < lo || v > hi) fail(path, text, "is out of range " + std::to_string(lo) + ".." + std::to_string(hi));
    return v;
  }

  bool boolean(const YAML::Node& node, const std::string& path) const {
    const auto text = scalar(node, path);
    try {
      return node.as<bool>();
    } catch (const YAML::Exception&) {
      fail(path, text, "is not true or false");
    }
  }

  dns::Name name(const YAML::Node& node, const std::string& path, const dns::Name& origin = dns::Name()) const {
    const auto text = scalar(node, path);
    try {
      return dns::Name::parse(text, origin);
    } catch (const InputError& e) {
      fail(path, text, e.problem().empty() ? e.what() : e.problem());
    }
  }

  Address address(const YAML::Node& node, const std::string& path) const {
    const auto text = scalar(node, path);
    try {
      return canonical_address(text);
    } catch (const InputError&) {
      fail(path, text, "is not an IPv4 or IPv6 address");
    }
  }

  std::uint16_t rrtype(const YAML::Node& node, const std::string& path) const {
    const auto text = scalar(node, path);
    try {
      return dns::type_from_string(text);
    } catch (const InputError&) {
      fail(path, text, "is not a record type");
    }
  }

  /// "-1h", "+30d", "90s", "15m", "0", "3600": seconds.
  std::int64_t offset(const YAML::Node& node, const std::string& path) const {
    const auto text = scalar(node, path);
    static const std::regex form(R"(^([+-]?)([0-9]{1,12})([smhdw]?)$)");
    std::smatch m;
    if (!std::regex_match(text, m, form)) fail(path, text, "is not a duration like -1h, +30d, 90s");
    const long long n = (m[1] == "-" ? -1 : 1) * std::stoll(m[2].str());
    const std::string unit = m[3].str();
    std::int64_t scale = 1;
    if (unit.empty() || unit == "s") scale = 1;
    else if (unit == "m") scale = 60;
    else if (unit == "h") scale = 3600;
    else if (unit == "d") scale = 86400;
    else if (unit == "w") scale = 7 * 86400;
    constexpr long long limit = 100LL * 365 * 86400;  // a century either way
    if (n > limit / scale || n < -limit / scale) fail(path, text, "is out of range (a century at most)");
    return n * scale;
  }

  SigningSpec signing(const YAML::Node& node, const std::string& path) const {
    check_keys(node, path, {"algorithm", "keys", "bits", "denial", "iterations", "salt", "opt_out", "inception",
                            "expiration", "ds_digest"});
    SigningSpec s;
    if (node["algorithm"]) {
      const auto a = integer(node["algorithm"], join(path, "algorithm"), 0, 255);
      if (a != 8 && a != 10 && a != 13 && a != 14 && a != 15)
        fail(join(path, "algorithm"), std::to_string(a), "is not a signing algorithm (8, 10, 13, 14, 15)");
      s.algorithm = static_cast<std::uint8_t>(a);
    }
    if (node["keys"]) {
      const auto k = scalar(node["keys"], join(path, "keys"));
      if (k == "csk") s.split_keys = false;
      else if (k == "ksk-zsk") s.split_keys = true;
      else fail(join(path, "keys"), k, "must be csk or ksk-zsk");
    }
    if (node["bits"]) s.bits = static_cast<std::size_t>(integer(node["bits"], join(path, "bits"), 1024, 4096));
    if (node["denial"]) {
      const auto d = scalar(node["denial"], join(path, "denial"));
      if (d == "nsec") s.nsec3 = false;
      else if (d == "nsec3") s.nsec3 = true;
      else fail(join(path, "denial"), d, "must be nsec or nsec3");
    }
    if (node["iterations"])
      s.iterations = static_cast<std::uint16_t>(integer(node["iterations"], join(path, "iterations"), 0, 2500));
    if (node["salt"]) {
      const auto text = node["salt"].IsNull() ? std::string() : scalar(node["salt"], join(path, "salt"));
      if (text != "-" && !text.empty()) {
        try {
          s.salt = Botan::hex_decode(text);
        } catch (const std::exception&) {
          fail(join(path, "salt"), text, "is not hex");
        }
        if (s.salt.size() > 255) fail(join(path, "salt"), text, "is longer than 255 octets");
      }
    }
    if (node["opt_out"]) s.opt_out = boolean(node["opt_out"], join(path, "opt_out"));
    if (node["inception"]) s.inception = offset(node["inception"], join(path, "inception"));
    if (node["expiration"]) s.expiration = offset(node["expiration"], join(path, "expiration"));
    if (s.expiration <= s.inception) fail(join(path, "expiration"), "", "must be after the inception");
    if (node["ds_digest"]) s.ds_digest = static_cast<std::uint8_t>(integer(node["ds_digest"], join(path, "ds_digest"), 1, 4));
    if (s.opt_out && !s.nsec3) fail(join(path, "opt_out"), "true", "needs denial: nsec3");
    return s;
  }

  MutationSpec mutation(const YAML::Node& node, const std::string& path) const {
    MutationSpec m;
    m.path = path;
    if (node.IsScalar()) {  // "- bad-signature"
      m.kind = node.Scalar();
    } else {
      check_keys(node, path, {"kind", "owner", "type", "name", "count", "after"});
      if (!node["kind"]) fail(join(path, "kind"), "", "is missing");
      m.kind = scalar(node["kind"], join(path, "kind"));
      if (node["owner"]) m.owner = scalar(node["owner"], join(path, "owner"));
      if (node["type"]) m.type = rrtype(node["type"], join(path, "type"));
      if (node["name"]) m.name = scalar(node["name"], join(path, "name"));
      if (node["count"])
        m.count = static_cast<std::uint64_t>(integer(node["count"], join(path, "count"), 0, 65535));
      if (node["after"]) m.after = offset(node["after"], join(path, "after"));
    }
    try {
      (void)mutation_info(m.kind);
    } catch (const InputError&) {
      fail(join(path, "kind"), m.kind, "is not a mutation kind (see `dane sim zone kinds`)");
    }
    return m;
  }

  ServerSpec server(const YAML::Node& node, const std::string& path, const dns::Name& apex) const {
    check_keys(node, path, {"name", "address", "addresses", "stale"});
    ServerSpec s;
    if (!node["name"]) fail(join(path, "name"), "", "is missing");
    s.name = name(node["name"], join(path, "name"), apex);
    if (node["address"]) s.addresses.push_back(address(node["address"], join(path, "address")));
    if (node["addresses"]) {
      const auto& list = node["addresses"];
      if (!list.IsSequence()) fail(join(path, "addresses"), "", "must be a list");
      if (list.size() > 8) fail(join(path, "addresses"), "", "has more than 8 addresses");
      for (std::size_t i = 0; i < list.size(); ++i) s.addresses.push_back(address(list[i], index(join(path, "addresses"), i)));
    }
    if (s.addresses.empty()) fail(join(path, "address"), "", "is missing (address or addresses)");
    if (const auto& list = node["stale"]) {
      if (!list.IsSequence()) fail(join(path, "stale"), "", "must be a list of master-file lines");
      if (list.size() > max_stale_records) fail(join(path, "stale"), "", "has too many records");
      for (std::size_t i = 0; i < list.size(); ++i) s.stale.push_back(scalar(list[i], index(join(path, "stale"), i)));
      if (s.stale.empty()) fail(join(path, "stale"), "", "is an empty list");
    }
    return s;
  }

  ZoneSpec zone(const YAML::Node& node, const std::string& path) const {
    check_keys(node, path, {"apex", "signing", "unsigned", "records", "servers", "mutations", "ttl"});
    ZoneSpec z;
    z.path = path;
    if (!node["apex"]) fail(join(path, "apex"), "", "is missing");
    z.apex = name(node["apex"], join(path, "apex"));
    if (node["signing"]) z.signing = signing(node["signing"], join(path, "signing"));
    if (node["unsigned"]) z.is_signed = !boolean(node["unsigned"], join(path, "unsigned"));
    if (node["ttl"]) z.ttl = static_cast<std::uint32_t>(integer(node["ttl"], join(path, "ttl"), 0, 604800));
    if (const auto& recs = node["records"]) {
      if (!recs.IsSequence()) fail(join(path, "records"), "", "must be a list of master-file lines");
      if (recs.size() > max_zone_records) fail(join(path, "records"), "", "has too many records");
      for (std::size_t i = 0; i < recs.size(); ++i) z.records.push_back(scalar(recs[i], index(join(path, "records"), i)));
    }
    if (const auto& list = node["servers"]) {
      if (!list.IsSequence()) fail(join(path, "servers"), "", "must be a list");
      if (list.size() > max_zone_servers) fail(join(path, "servers"), "", "has too many servers");
      for (std::size_t i = 0; i < list.size(); ++i) z.servers.push_back(server(list[i], index(join(path, "servers"), i), z.apex));
    }
    if (const auto& list = node["mutations"]) {
      if (!list.IsSequence()) fail(join(path, "mutations"), "", "must be a list");
      if (list.size() > max_zone_mutations) fail(join(path, "mutations"), "", "has too many mutations");
      for (std::size_t i = 0; i < list.size(); ++i)
        z.mutations.push_back(mutation(list[i], index(join(path, "mutations"), i)));
    }
    if (!z.is_signed && node["signing"]) fail(join(path, "signing"), "", "is given for an unsigned zone");
    return z;
  }

  FaultSpec fault(const YAML::Node& node, const std::string& path) const {
    check_keys(node, path, {"server", "action", "qtype", "under", "transport", "probability"});
    FaultSpec f;
    f.path = path;
    if (!node["server"]) fail(join(path, "server"), "", "is missing");
    f.server = name(node["server"], join(path, "server"));
    if (!node["action"]) fail(join(path, "action"), "", "is missing");
    const auto action = scalar(node["action"], join(path, "action"));
    try {
      f.rule.action = fault_action_from_string(action);
    } catch (const InputError&) {
      fail(join(path, "action"), action, "is not a fault (drop, refused, notimp, servfail, formerr, truncate, lame, nodnssec)");
    }
    if (node["qtype"]) f.rule.qtype = rrtype(node["qtype"], join(path, "qtype"));
    if (node["under"]) f.rule.under = name(node["under"], join(path, "under"));
    if (node["transport"]) {
      const auto t = scalar(node["transport"], join(path, "transport"));
      if (t == "udp") f.rule.transport = Transport::Udp;
      else if (t == "tcp") f.rule.transport = Transport::Tcp;
      else fail(join(path, "transport"), t, "must be udp or tcp");
    }
    if (node["probability"]) {
      const auto text = scalar(node["probability"], join(path, "probability"));
      double p = 0;
      try {
        p = node["probability"].as<double>();
      } catch (const YAML::Exception&) {
        fail(join(path, "probability"), text, "is not a number");
      }
      if (!(p >= 0.0 && p <= 1.0)) fail(join(path, "probability"), text, "must be between 0 and 1");
      f.rule.probability = p;
    }
    return f;
  }
};

std::string emit(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  return out.c_str();
}

}  // namespace

const std::vector<std::string>& reserved_scenario_keys() {
  static const std::vector<std::string> keys{"smtp", "mta", "expect", "senders", "certificates", "providers",
                                               "sources", "send", "attacker"};
  return keys;
}

Scenario parse_scenario(std::string_view yaml, std::string_view source) {
  Reader r{std::string(source)};
  if (yaml.size() > max_scenario_bytes) r.fail("", "", "is larger than 4 MiB");
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    r.fail("line " + std::to_string(e.mark.line + 1), "", "is not valid YAML: " + e.msg);
  }
  if (!root.IsMap()) r.fail("", "", "must be a YAML map (name, time, zones, ...)");
  r.check_keys(root, "", {"name", "description", "time", "seed", "zones", "faults"}, reserved_scenario_keys());

  Scenario s;
  s.source = std::string(source);
  if (root["name"]) s.name = r.scalar(root["name"], "name");
  if (root["description"]) s.description = r.scalar(root["description"], "description");
  s.time = parse_time("2026-01-01T00:00:00Z");
  if (root["time"]) {
    const auto text = r.scalar(root["time"], "time");
    try {
      s.time = parse_time(text);
    } catch (const InputError&) {
      r.fail("time", text, "is not an ISO 8601 UTC time (2026-11-22T12:00:00Z)");
    }
  }
  if (root["seed"])
    s.seed = static_cast<std::uint64_t>(r.integer(root["seed"], "seed", 0, std::numeric_limits<std::int64_t>::max()));
  if (const auto& zones = root["zones"]) {
    if (!zones.IsSequence()) r.fail("zones", "", "must be a list");
    if (zones.size() > max_scenario_zones) r.fail("zones", "", "has more than 64 zones");
    std::set<dns::Name> seen;
    for (std::size_t i = 0; i < zones.size(); ++i) {
      auto z = r.zone(zones[i], Reader::index("zones", i));
      if (!seen.insert(z.apex).second) r.fail(Reader::index("zones", i) + ".apex", z.apex.to_string(), "is declared twice");
      s.zones.push_back(std::move(z));
    }
  }
  if (const auto& faults = root["faults"]) {
    if (!faults.IsSequence()) r.fail("faults", "", "must be a list");
    if (faults.size() > max_scenario_faults) r.fail("faults", "", "has more than 64 faults");
    for (std::size_t i = 0; i < faults.size(); ++i) s.faults.push_back(r.fault(faults[i], Reader::index("faults", i)));
  }
  for (const auto& key : reserved_scenario_keys())
    if (root[key]) s.reserved[key] = emit(root[key]);
  return s;
}

Scenario load_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "", "cannot be read");
  std::string text;
  text.resize(max_scenario_bytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_scenario_bytes) throw InputError(path, "", "", "is larger than 4 MiB");
  return parse_scenario(text, path);
}

}  // namespace dane::sim
