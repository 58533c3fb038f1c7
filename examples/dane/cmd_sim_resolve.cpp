/*
 * dane sim resolve NAME TYPE --scenario FILE [--resolver KIND] [--seed N]
 *   [--after DURATION_S] [--qname-minimisation] [--aggressive-nsec] [--json]:
 *   builds the scenario's DNS world, resolves
 *   (NAME, TYPE) iteratively from the sim root with a recursive resolver of
 *   the given kind, and prints the records, the DNSSEC status, the EDE, the
 *   reasons, then the authoritative servers' query log in BIND's format.
 *   Exit 0 answered (records, NODATA or NXDOMAIN), 1 lookup error, 2 bad input.
 */
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/error.hpp"
#include "dane/resolver.hpp"
#include "dane/sim/scenario.hpp"
#include "dane/sim/world.hpp"

namespace dane_cli {

namespace {

namespace sim = dane::sim;
using dane::dns::Name;

struct Options {
  std::string name, type, scenario, resolver = "validating";
  std::optional<std::uint64_t> seed;
  std::int64_t after = 0;
  bool json = false;
  bool qname_minimisation = false;
  bool aggressive_nsec = false;
};

std::string rcode_text(std::uint16_t rcode) {
  switch (rcode) {
    case 0: return "NOERROR";
    case 1: return "FORMERR";
    case 2: return "SERVFAIL";
    case 3: return "NXDOMAIN";
    case 4: return "NOTIMP";
    case 5: return "REFUSED";
    default: return "RCODE" + std::to_string(rcode);
  }
}

nlohmann::json to_json(const dane::Lookup& r, const Options& o, sim::DnsWorld& world) {
  nlohmann::json j;
  j["qname"] = r.qname.to_string();
  j["qtype"] = dane::dns::type_to_string(r.qtype);
  j["resolver"] = o.resolver;
  j["outcome"] = std::string(dane::to_string(r.outcome));
  j["rcode"] = rcode_text(r.rcode);
  j["status"] = std::string(dane::dnssec::to_string(r.security));
  if (r.ede) j["ede"] = {{"code", static_cast<int>(*r.ede)}, {"text", std::string(dane::dnssec::to_string(*r.ede))}};
  else j["ede"] = nullptr;
  j["reasons"] = nlohmann::json::array();
  for (const auto& reason : r.reasons) j["reasons"].push_back({{"text", reason.text}, {"rule", reason.rule}});
  j["records"] = nlohmann::json::array();
  for (const auto& rr : r.records) j["records"].push_back(rr.to_string());
  j["aliases"] = nlohmann::json::array();
  for (const auto& a : r.aliases)
    j["aliases"].push_back({{"owner", a.owner.to_string()},
                            {"target", a.target.to_string()},
                            {"type", dane::dns::type_to_string(a.type)},
                            {"status", std::string(dane::dnssec::to_string(a.security))}});
  j["final_name"] = r.final_name.to_string();
  j["ttl"] = r.ttl;
  j["query_log"] = nlohmann::json::array();
  for (const auto& e : world.query_log().entries()) j["query_log"].push_back(e.to_bind());
  return j;
}

void print_text(const dane::Lookup& r, const Options& o, sim::DnsWorld& world) {
  std::cout << fmt::format(";; {} {} via a {} resolver (scenario {}, seed {})\n", r.qname.to_string(),
                           dane::dns::type_to_string(r.qtype), o.resolver, o.scenario, world.seed());
  std::cout << fmt::format(";; outcome: {}  rcode: {}  status: {}  EDE: {}\n", dane::to_string(r.outcome),
                           rcode_text(r.rcode), dane::dnssec::to_string(r.security),
                           r.ede ? fmt::format("{} ({})", static_cast<int>(*r.ede), dane::dnssec::to_string(*r.ede))
                                 : std::string("-"));
  for (const auto& a : r.aliases)
    std::cout << fmt::format(";; alias: {} {} -> {} ({})\n", a.owner.to_string(), dane::dns::type_to_string(a.type),
                             a.target.to_string(), dane::dnssec::to_string(a.security));
  std::cout << ";; records:\n";
  for (const auto& rr : r.records) std::cout << rr.to_string() << '\n';
  std::cout << ";; reasons:\n";
  for (const auto& reason : r.reasons) std::cout << fmt::format(";;   {} [{}]\n", reason.text, reason.rule);
  const auto& log = world.query_log().entries();
  std::cout << fmt::format(";; query log ({} queries):\n", log.size());
  for (const auto& e : log) std::cout << e.to_bind() << '\n';
}

int run(const Options& o) {
  Name name;
  std::uint16_t type = 0;
  sim::ResolverKind kind{};
  try {
    name = Name::parse(o.name);
  } catch (const dane::InputError& e) {
    throw CliInputError(fmt::format("NAME: {}", e.what()));
  }
  try {
    type = dane::dns::type_from_string(o.type);
  } catch (const dane::InputError& e) {
    throw CliInputError(fmt::format("TYPE: {}", e.what()));
  }
  try {
    kind = sim::resolver_kind_from_string(o.resolver);
  } catch (const dane::InputError& e) {
    throw CliInputError(fmt::format("--resolver: {}", e.what()));
  }
  std::unique_ptr<sim::DnsWorld> world;
  try {
    auto built = sim::load_dns_world(o.scenario);
    const std::uint64_t seed = o.seed.value_or(built.seed);
    world = std::make_unique<sim::DnsWorld>(std::move(built), seed);
  } catch (const dane::InputError& e) {
    throw CliInputError(e.what());
  }
  sim::ResolverConfig config;
  config.qname_minimisation = o.qname_minimisation;
  config.aggressive_nsec = o.aggressive_nsec;
  auto resolver = world->resolver(kind, config);
  if (o.after > 0) world->clock().advance(std::chrono::seconds(o.after));
  const auto result = resolver->lookup(name, type);
  if (o.json) std::cout << to_json(result, o, *world).dump(2) << '\n';
  else print_text(result, o, *world);
  return result.is_error() ? exit_fail : exit_ok;
}

}  // namespace

Command register_sim_resolve(CLI::App& sim_app) {
  auto* app = sim_app.add_subcommand("resolve", "Resolve a name in a scenario's simulated DNS world");
  auto o = std::make_shared<Options>();
  app->add_option("name", o->name, "Domain name to look up")->required();
  app->add_option("type", o->type, "Record type (A, MX, TLSA, ...)")->required();
  app->add_option("--scenario", o->scenario, "Scenario YAML file")->required();
  app->add_option("--resolver", o->resolver, "validating, do-no-validate, cd-setting or no-do")
      ->check(CLI::IsMember({"validating", "do-no-validate", "cd-setting", "no-do"}));
  app->add_option("--seed", o->seed, "World seed (default: the scenario's)");
  app->add_option("--after", o->after, "Seconds of simulated time to let pass before the lookup")
      ->check(CLI::Range(static_cast<std::int64_t>(0), static_cast<std::int64_t>(10LL * 365 * 86400)));
  app->add_flag("--qname-minimisation", o->qname_minimisation,
               "Minimise the names shown to each zone's servers (RFC 9156, relaxed mode)");
  app->add_flag("--aggressive-nsec", o->aggressive_nsec,
                "Answer from cached validated NSEC records (RFC 8198)");
  app->add_flag("--json", o->json, "Print JSON");
  return {app, [o] { return run(*o); }};
}

}  // namespace dane_cli
