/*
 * dane::sim survey: the population (presets, key=value and YAML specs) and
 * the deterministic draw of one domain from it.
 */
#include <yaml-cpp/yaml.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "dane/dns/name.hpp"
#include "dane/error.hpp"
#include "dane/sim/random.hpp"
#include "dane/sim/survey.hpp"

namespace dane::sim {

namespace {

constexpr std::array<std::pair<HostTls, std::string_view>, 7> kind_names{{
    {HostTls::Trusted, "trusted"},
    {HostTls::SelfSigned, "self-signed"},
    {HostTls::Expired, "expired"},
    {HostTls::WrongName, "wrong-name"},
    {HostTls::Anonymous, "anonymous"},
    {HostTls::Broken, "broken"},
    {HostTls::Plain, "plain"},
}};

/// Go6lab 2015 (mission.md, Source 2), calibrated so that the per-session and
/// per-MX-host shares land near the survey's: own hosts follow the per-host
/// shares (79% TLS-capable; of those 41.1% trusted, 40.6% untrusted, 18.3%
/// anonymous, 0.06% handshake failures); half of the MX domains sit at 40
/// unsigned operators (25k domains each at 10^6), 20 trusted, 16 without
/// STARTTLS, 3 anonymous, 1 self-signed, which lifts the session shares to
/// ~41% trusted / 17% untrusted / 11% anonymous / 31% no TLS.
Population go6lab_2015() {
  Population p;
  p.name = "go6lab-2015";
  p.time = parse_time("2015-06-01T00:00:00Z");
  p.mx = 0.992;
  p.starttls = 0.788;
  p.certs = {{HostTls::Trusted, 0.4110},   {HostTls::SelfSigned, 0.2000}, {HostTls::Expired, 0.1000},
             {HostTls::WrongName, 0.1056}, {HostTls::Anonymous, 0.1828},  {HostTls::Broken, 0.0006}};
  p.dnssec = 0.01;
  p.tlsa = 0.02;
  p.tlsa_right = 0.8;
  p.operators = 40;
  p.operator_share = 0.5;
  p.operator_kinds = {{HostTls::Trusted, 20}, {HostTls::Plain, 16}, {HostTls::Anonymous, 3}, {HostTls::SelfSigned, 1}};
  return p;
}

/// The key=value base: go6lab-2015 without operators.
Population custom_base() {
  Population p = go6lab_2015();
  p.name = "custom";
  p.operators = 0;
  p.operator_share = 0;
  p.operator_kinds.clear();
  return p;
}

double parse_share(std::string_view where, std::string_view key, const std::string& value) {
  double v = 0;
  std::size_t used = 0;
  try {
    v = std::stod(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || value.empty() || !std::isfinite(v) || v < 0 || v > 1) {
    throw InputError(std::string(where), std::string(key), value, "must be a share between 0 and 1");
  }
  return v;
}

std::size_t parse_count(std::string_view where, std::string_view key, const std::string& value) {
  std::size_t used = 0;
  unsigned long long v = 0;
  try {
    v = std::stoull(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || value.empty() || value[0] == '-' || v > max_operators) {
    throw InputError(std::string(where), std::string(key), value,
                     fmt::format("must be a whole number from 0 to {}", max_operators));
  }
  return static_cast<std::size_t>(v);
}

/// Applies one key; false when the key is unknown.
bool apply(Population& p, std::string_view where, const std::string& key, const std::string& value) {
  if (key == "mx") p.mx = parse_share(where, key, value);
  else if (key == "starttls") p.starttls = parse_share(where, key, value);
  else if (key == "dnssec" || key == "dnssec-signed") p.dnssec = parse_share(where, key, value);
  else if (key == "tlsa") p.tlsa = parse_share(where, key, value);
  else if (key == "tlsa-right") p.tlsa_right = parse_share(where, key, value);
  else if (key == "tlsa-wrong") p.tlsa_right = 1.0 - parse_share(where, key, value);
  else if (key == "operators") p.operators = parse_count(where, key, value);
  else if (key == "operator-share") p.operator_share = parse_share(where, key, value);
  else if (key == "name") p.name = value;
  else if (key == "time") {
    try {
      p.time = parse_time(value);
    } catch (const InputError&) {
      throw InputError(std::string(where), key, value, "is not a time (2015-06-01T00:00:00Z)");
    }
  } else if (key.starts_with("op-")) {
    const HostTls k = host_tls_from_string(std::string_view(key).substr(3));
    p.operator_kinds[k] = parse_count(where, key, value);
  } else {
    try {
      const HostTls k = host_tls_from_string(key);
      if (k == HostTls::Plain) return false;
      p.certs[k] = parse_share(where, key, value);
    } catch (const InputError&) {
      return false;
    }
  }
  return true;
}

const std::string known_keys =
    "mx, starttls, trusted, self-signed, expired, wrong-name, anonymous, none, broken, dnssec, tlsa, tlsa-right, "
    "tlsa-wrong, operators, operator-share, op-<kind>, time, name";

/// Cross-field checks: certificate shares sum to 1, operator kinds sum to operators.
void check(Population& p, std::string_view where) {
  double sum = 0;
  for (const auto& [k, v] : p.certs) sum += v;
  if (std::fabs(sum - 1.0) > 1e-6) {
    throw InputError(std::string(where), "certificate shares", fmt::format("{:.6g}", sum),
                     "trusted + self-signed + expired + wrong-name + anonymous + broken must sum to 1");
  }
  if (p.operators > 0 && p.operator_kinds.empty()) p.operator_kinds[HostTls::Trusted] = p.operators;
  std::size_t ops = 0;
  for (const auto& [k, n] : p.operator_kinds) ops += n;
  if (ops != p.operators) {
    throw InputError(std::string(where), "op-<kind>", std::to_string(ops),
                     fmt::format("operator kind counts must sum to operators ({})", p.operators));
  }
  if (p.operator_share > 0 && p.operators == 0) {
    throw InputError(std::string(where), "operator-share", fmt::format("{}", p.operator_share),
                     "needs operators > 0");
  }
}

Population parse_pairs(std::string_view spec) {
  Population p = custom_base();
  std::size_t pos = 0;
  while (pos <= spec.size()) {
    const auto comma = spec.find(',', pos);
    const std::string_view item = spec.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    pos = comma == std::string_view::npos ? spec.size() + 1 : comma + 1;
    if (item.empty()) continue;
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      throw InputError("--population", "spec", std::string(item),
                       "is neither a preset (" + fmt::format("{}", fmt::join(population_presets(), ", ")) +
                           "), a YAML file, nor key=value");
    }
    const std::string key(item.substr(0, eq));
    const std::string value(item.substr(eq + 1));
    if (!apply(p, "--population", key, value)) {
      throw InputError("--population", key, value, "unknown key (known: " + known_keys + ")");
    }
  }
  check(p, "--population");
  return p;
}

Population parse_yaml_file(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw InputError(path, "file", path, "cannot be read: " + ec.message());
  if (size > max_population_file) {
    throw InputError(path, "file", std::to_string(size), fmt::format("is larger than {} bytes", max_population_file));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  YAML::Node root;
  try {
    root = YAML::Load(ss.str());
  } catch (const YAML::Exception& e) {
    throw InputError(path, "yaml", fmt::format("line {}", e.mark.line + 1), e.msg);
  }
  if (!root.IsMap()) throw InputError(path, "document", "", "must be a mapping of population keys");
  Population p = custom_base();
  p.name = std::filesystem::path(path).stem().string();
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>("");
    if (!kv.second.IsScalar()) throw InputError(path, key, "", "must be a scalar");
    const std::string value = kv.second.as<std::string>();
    if (!apply(p, path, key, value)) throw InputError(path, key, value, "unknown key (known: " + known_keys + ")");
  }
  check(p, path);
  return p;
}

/// A uniform double in [0, 1) (53 bits).
double unit(Random& r) { return static_cast<double>(r.next() >> 11) * 0x1.0p-53; }

/// The operator ids of each kind, in enum order: ids [0, n1) are the first kind, ...
HostTls operator_kind(const Population& p, std::size_t id) {
  std::size_t start = 0;
  for (const auto& [k, n] : p.operator_kinds) {
    if (id < start + n) return k;
    start += n;
  }
  return HostTls::Trusted;
}

}  // namespace

std::string_view to_string(HostTls k) noexcept {
  for (const auto& [kind, name] : kind_names) {
    if (kind == k) return name;
  }
  return "?";
}

HostTls host_tls_from_string(std::string_view text) {
  if (text == "none") return HostTls::Anonymous;
  for (const auto& [kind, name] : kind_names) {
    if (name == text) return kind;
  }
  throw InputError("population", "kind", std::string(text),
                   "unknown (trusted, self-signed, expired, wrong-name, anonymous, none, broken, plain)");
}

std::string_view to_string(TlsaKind k) noexcept {
  switch (k) {
    case TlsaKind::None: return "none";
    case TlsaKind::Right: return "right";
    case TlsaKind::Wrong: return "wrong";
  }
  return "?";
}

std::vector<std::string> population_presets() { return {"go6lab-2015"}; }

Population parse_population(std::string_view spec) {
  if (spec == "go6lab-2015") return go6lab_2015();
  if (spec.empty()) throw InputError("--population", "spec", "", "is empty");
  if (spec.find('=') == std::string_view::npos) {
    const std::string path(spec);
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) return parse_yaml_file(path);
    throw InputError("--population", "spec", path,
                     "is neither a preset (" + fmt::format("{}", fmt::join(population_presets(), ", ")) +
                         "), a readable YAML file, nor key=value pairs");
  }
  return parse_pairs(spec);
}

DomainProfile generate_domain(const Population& pop, std::uint64_t seed, std::uint64_t index, std::string_view name) {
  DomainProfile d;
  d.index = index;
  d.domain = name.empty() ? fmt::format("d{}.survey.test", index) : std::string(name);
  // The draw depends on the seed and the name only (the index for generated names).
  Random r = Random(seed).fork(name.empty() ? fmt::format("domain/{}", index) : "name/" + d.domain);
  const std::uint64_t tag = r.next();
  d.has_mx = unit(r) < pop.mx;
  const bool hosted = unit(r) < pop.operator_share && pop.operators > 0;
  const std::uint64_t op = r.uniform(pop.operators > 0 ? pop.operators : 1);
  const bool tls = unit(r) < pop.starttls;
  const double u = unit(r);
  const bool is_signed = unit(r) < pop.dnssec;
  const bool has_tlsa = unit(r) < pop.tlsa;
  const bool right = unit(r) < pop.tlsa_right;
  if (!d.has_mx) return d;
  if (hosted) {
    d.operator_id = static_cast<std::size_t>(op);
    d.host = operator_kind(pop, d.operator_id.value());
    d.mx_host = fmt::format("mx.op{}.survey.net", op);
    return d;
  }
  if (tls) {
    double acc = 0;
    d.host = HostTls::Broken;  // the last kind absorbs rounding
    for (const auto& [k, share] : pop.certs) {
      acc += share;
      if (u < acc) {
        d.host = k;
        break;
      }
    }
  } else {
    d.host = HostTls::Plain;
  }
  d.is_signed = is_signed && d.domain.find('.') != std::string::npos;  // a TLD alone gets no zone of its own
  if (d.is_signed) {
    d.tlsa = has_tlsa ? (right ? TlsaKind::Right : TlsaKind::Wrong) : TlsaKind::None;
    d.mx_host = "mail." + d.domain;
  } else {
    d.mx_host = fmt::format("mx-{:016x}.hosted.test", tag);
  }
  return d;
}

}  // namespace dane::sim
