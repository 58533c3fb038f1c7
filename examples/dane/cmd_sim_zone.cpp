/*
 * dane sim zone build SCENARIO.yaml --out DIR: builds a scenario's DNS world
 *   (dane::sim::build_zones) and writes, per zone, the signed zone file
 *   (<zone>.zone, "root.zone" for the root), BIND key files
 *   (K<zone>+<alg>+<tag>.key / .private), the DS set (dsset-<zone>.), and
 *   for the world the trust anchor (anchors.txt, the root DS) and servers.txt;
 *   a stale secondary's older copy goes to <zone>.stale-<server>.zone.
 *   Exit 0 written, 2 bad input.
 * dane sim zone kinds: lists the mutation kinds with their catalog rows.
 */
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/error.hpp"
#include "dane/sim/scenario.hpp"
#include "dane/sim/zone_builder.hpp"
#include "dane/time.hpp"

namespace dane_cli {

namespace {

namespace sim = dane::sim;
namespace dnssec = dane::dnssec;
using dane::dns::Name;

/// "example.test" for example.test., "root" for the root: the file stem of a zone.
std::string zone_stem(const Name& apex) {
  if (apex.is_root()) return "root";
  auto text = apex.to_string();
  text.pop_back();
  return text;
}

/// BIND's key file base name: K<name>.+<alg>+<tag> (dnssec-keygen's form).
std::string key_base(const Name& apex, const dnssec::SigningKey& key) {
  return fmt::format("K{}+{:03}+{:05}", apex.to_string(), key.dnskey().algorithm, key.key_tag());
}

dane::dns::RR ds_rr(const Name& owner, const dnssec::Ds& ds) {
  return dane::dns::RR{owner, dane::dns::rrtype::DS, dane::dns::class_in, 3600, ds.rdata()};
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw CliInputError(fmt::format("--out: cannot write {}", path.string()));
  out << text;
  if (!out) throw CliInputError(fmt::format("--out: cannot write {}", path.string()));
}

std::string servers_text(const sim::BuiltWorld& w) {
  std::string out = fmt::format("# Servers of scenario '{}' (time {}, seed {})\n", w.name, dane::format_time(w.time), w.seed);
  out += "# name  addresses  zones  faults\n";
  for (const auto& s : w.servers) {
    std::string addresses, zones, faults;
    for (const auto& a : s.addresses) addresses += (addresses.empty() ? "" : ",") + a;
    for (const auto& z : s.zones)
      zones += (zones.empty() ? "" : ",") + z.to_string() + (s.stale_zones.count(z) != 0 ? "(stale)" : "");
    for (const auto& f : s.faults) {
      faults += (faults.empty() ? "" : ",") + std::string(sim::to_string(f.action));
      if (f.qtype) faults += "/" + dane::dns::type_to_string(*f.qtype);
    }
    out += fmt::format("{} {} {} {}\n", s.name.to_string(), addresses, zones, faults.empty() ? "-" : faults);
  }
  out += "# root hints:";
  for (const auto& a : w.root_hints) out += " " + a;
  out += "\n";
  return out;
}

int run_build(const std::string& scenario_path, const std::string& out_dir) {
  sim::BuiltWorld w;
  try {
    w = sim::load_dns_world(scenario_path);
  } catch (const dane::InputError& e) {
    throw CliInputError(e.what());
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) throw CliInputError(fmt::format("--out: cannot create {}: {}", out_dir, ec.message()));
  const std::filesystem::path dir(out_dir);
  std::size_t files = 0;
  for (const auto& z : w.zones) {
    write_file(dir / (zone_stem(z.apex) + ".zone"), dnssec::write_zone(z.zone.records, z.apex));
    ++files;
    for (const auto& key : z.keys) {
      const auto base = key_base(z.apex, key);
      const dane::dns::RR dnskey{z.apex, dane::dns::rrtype::DNSKEY, dane::dns::class_in, 3600, key.dnskey().rdata()};
      write_file(dir / (base + ".key"), dnskey.to_string() + "\n");
      write_file(dir / (base + ".private"), key.to_bind_private());
      files += 2;
    }
    if (z.is_signed) {
      std::string ds;
      for (const auto& d : z.ds) ds += ds_rr(z.apex, d).to_string() + "\n";
      write_file(dir / ("dsset-" + z.apex.to_string()), ds);
      ++files;
    }
  }
  // A stale secondary's older copy (smtp-dane D15), for loading on that server.
  for (const auto& sv : w.servers)
    for (const auto& [apex, zone] : sv.stale_zones) {
      write_file(dir / (zone_stem(apex) + ".stale-" + sv.name.to_string() + "zone"), dnssec::write_zone(zone.records, apex));
      ++files;
    }
  std::string anchors = fmt::format("; trust anchor of the simulated root (scenario '{}')\n", w.name);
  for (const auto& a : w.anchors)
    for (const auto& d : a.ds) anchors += ds_rr(a.zone, d).to_string() + "\n";
  write_file(dir / "anchors.txt", anchors);
  write_file(dir / "servers.txt", servers_text(w));
  std::cout << fmt::format("wrote {} files for {} zones to {}\n", files + 2, w.zones.size(), out_dir);
  return exit_ok;
}

int run_kinds() {
  for (const auto& m : sim::mutation_catalog()) {
    std::string ede;
    for (const auto e : m.ede) ede += (ede.empty() ? "" : "/") + std::to_string(static_cast<int>(e));
    std::cout << fmt::format("{:<34} {:<13} EDE {:<6} {}\n    {}\n", m.kind, dnssec::to_string(m.expected),
                             ede.empty() ? "-" : ede, m.catalog, m.what);
  }
  return exit_ok;
}

}  // namespace

Command register_sim_zone_build(CLI::App& zone) {
  auto* app = zone.add_subcommand("build", "Build a scenario's signed zones, keys, DS sets and trust anchor");
  auto scenario = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  app->add_option("scenario", *scenario, "Scenario YAML file")->required();
  app->add_option("--out", *out, "Directory to write into (created if needed)")->required();
  return {app, [scenario, out] { return run_build(*scenario, *out); }};
}

Command register_sim_zone_kinds(CLI::App& zone) {
  auto* app = zone.add_subcommand("kinds", "List the zone mutation kinds and their catalog rows");
  return {app, [] { return run_kinds(); }};
}

}  // namespace dane_cli
