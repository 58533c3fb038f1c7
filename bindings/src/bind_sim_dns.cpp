/*
 * dane Python module: the simulated DNS world in dane.sim (dane::sim::
 * load_scenario, build_zones, DnsWorld, RecursiveResolver):
 *
 *   world = dane.sim.DnsWorld(dane.sim.load_scenario("valid.yaml"))
 *   r = world.resolve("_25._tcp.mail.example.test.", "TLSA", "validating")
 *   r["status"], r["ede"], r["records"], r["query_log"]
 */
#include <pybind11/stl.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "common.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/sim/scenario.hpp"
#include "dane/sim/world.hpp"
#include "dane/sim/zone_builder.hpp"

namespace dane::python {

namespace {

using sim::Scenario;

/// A DnsWorld with one resolver per kind (each keeps its cache between lookups).
struct PyDnsWorld {
  std::unique_ptr<sim::DnsWorld> world;
  std::map<sim::ResolverKind, std::unique_ptr<sim::RecursiveResolver>> resolvers;  // destroyed before world
  sim::ResolverConfig base;  ///< settings of the resolvers made from now on

  sim::RecursiveResolver& resolver(sim::ResolverKind kind) {
    auto& r = resolvers[kind];
    if (!r) r = world->resolver(kind, base);
    return *r;
  }
};

std::string rcode_text(std::uint16_t rcode) {
  switch (rcode) {
    case 0: return "NOERROR";
    case 2: return "SERVFAIL";
    case 3: return "NXDOMAIN";
    case 4: return "NOTIMP";
    case 5: return "REFUSED";
    default: return "RCODE" + std::to_string(rcode);
  }
}

py::list log_lines(const sim::QueryLog& log, std::size_t from = 0) {
  py::list out;
  const auto& entries = log.entries();
  for (std::size_t i = from; i < entries.size(); ++i) out.append(entries[i].to_bind());
  return out;
}

py::dict resolve(PyDnsWorld& w, const std::string& name, const std::string& type, const std::string& kind) {
  const auto qname = dns::Name::parse(name);
  const auto qtype = dns::type_from_string(type);
  const auto k = sim::resolver_kind_from_string(kind);
  const auto before = w.world->query_log().entries().size();
  const auto l = w.resolver(k).lookup(qname, qtype);
  py::dict d;
  d["qname"] = l.qname.to_string();
  d["qtype"] = dns::type_to_string(l.qtype);
  d["resolver"] = kind;
  d["outcome"] = std::string(to_string(l.outcome));
  d["rcode"] = rcode_text(l.rcode);
  d["status"] = std::string(dnssec::to_string(l.security));
  d["ede"] = l.ede ? py::object(py::int_(static_cast<int>(*l.ede))) : py::object(py::none());
  d["ede_text"] = l.ede ? py::object(py::str(std::string(dnssec::to_string(*l.ede)))) : py::object(py::none());
  py::list reasons;
  for (const auto& r : l.reasons) reasons.append(py::make_tuple(r.text, r.rule));
  d["reasons"] = reasons;
  py::list records;
  for (const auto& rr : l.records) records.append(rr.to_string());
  d["records"] = records;
  d["final_name"] = l.final_name.to_string();
  d["ttl"] = l.ttl;
  d["is_error"] = l.is_error();
  d["explain"] = l.explain();
  d["query_log"] = log_lines(w.world->query_log(), before);
  return d;
}

}  // namespace

/// Registers the DNS-world part of dane.sim.
void bind_sim_dns(py::module_& m) {
  py::module_ s = m.attr("sim").cast<py::module_>();

  py::class_<Scenario>(s, "Scenario", "A DNS-world scenario (YAML): zones, servers, mutations, faults.")
      .def_readonly("name", &Scenario::name)
      .def_readonly("description", &Scenario::description)
      .def_property_readonly("time", [](const Scenario& sc) { return from_time(sc.time); })
      .def_readwrite("seed", &Scenario::seed)
      .def_property_readonly("zones",
                             [](const Scenario& sc) {
                               std::vector<std::string> out;
                               for (const auto& z : sc.zones) out.push_back(z.apex.to_string());
                               return out;
                             },
                             "The declared zone apexes.")
      .def_readonly("reserved", &Scenario::reserved, "Sections for later layers (smtp, mta, expect, ...) as YAML text.")
      .def_readonly("source", &Scenario::source)
      .def("__repr__", [](const Scenario& sc) { return "<dane.sim.Scenario " + sc.name + ">"; });

  s.def("load_scenario", &sim::load_scenario, py::arg("path"),
        "Reads a scenario file. Raises dane.InputError naming the file and the path of a bad entry.");
  s.def(
      "parse_scenario", [](const std::string& text, const std::string& source) { return sim::parse_scenario(text, source); },
      py::arg("text"), py::arg("source") = "<string>", "Parses scenario YAML text.");
  s.def(
      "mutation_kinds",
      [] {
        py::list out;
        for (const auto& m : sim::mutation_catalog()) {
          py::dict d;
          d["kind"] = m.kind;
          d["catalog"] = m.catalog;
          d["what"] = m.what;
          d["expected"] = std::string(dnssec::to_string(m.expected));
          std::vector<int> ede;
          for (const auto e : m.ede) ede.push_back(static_cast<int>(e));
          d["ede"] = ede;
          d["query"] = m.query;
          out.append(d);
        }
        return out;
      },
      "The zone mutation kinds: kind, catalog rows, what it breaks, expected status and EDE codes.");

  py::class_<PyDnsWorld>(s, "DnsWorld",
                         "A simulated DNS world: the scenario's signed zones on authoritative servers,\n"
                         "a shared BIND-style query log, and recursive resolvers from the sim root.")
      .def(py::init([](const Scenario& sc, std::optional<std::uint64_t> seed) {
             auto w = std::make_unique<PyDnsWorld>();
             w->world = std::make_unique<sim::DnsWorld>(sc, seed);
             return w;
           }),
           py::arg("scenario"), py::arg("seed") = py::none(),
           "Builds the scenario's zones and serves them; seed defaults to the scenario's.")
      .def_static(
          "from_file",
          [](const std::string& path, std::optional<std::uint64_t> seed) {
            auto built = sim::load_dns_world(path);
            const std::uint64_t world_seed = seed.value_or(built.seed);
            auto w = std::make_unique<PyDnsWorld>();
            w->world = std::make_unique<sim::DnsWorld>(std::move(built), world_seed);
            return w;
          },
          py::arg("path"), py::arg("seed") = py::none(),
          "The DNS world of any scenario file: a DNS scenario, or a delivery scenario whose\n"
          "${tlsa ...} records are expanded. Raises dane.InputError naming the file and entry.")
      .def(
          "set_resolver_options",
          [](PyDnsWorld& w, bool qname_minimisation, bool aggressive_nsec) {
            w.base.qname_minimisation = qname_minimisation;
            w.base.aggressive_nsec = aggressive_nsec;
            w.resolvers.clear();
          },
          py::kw_only(), py::arg("qname_minimisation") = false, py::arg("aggressive_nsec") = false,
          "Switches for the resolvers: qname minimisation (RFC 9156, relaxed mode) and aggressive\n"
          "use of validated NSEC (RFC 8198). The resolvers made so far, and their caches, are dropped.")
      .def("resolve", &resolve, py::arg("name"), py::arg("type"), py::arg("kind") = "validating",
           "Looks (name, type) up with a resolver of kind ('validating', 'do-no-validate', 'cd-setting',\n"
           "'no-do'; one per kind, caches kept). Returns a dict: qname, qtype, outcome, rcode, status,\n"
           "ede (int or None), ede_text, reasons [(text, rule)], records [str], final_name, ttl,\n"
           "is_error, explain, query_log (the BIND lines of this lookup).")
      .def(
          "advance", [](PyDnsWorld& w, std::int64_t seconds) { w.world->clock().advance(std::chrono::seconds(seconds)); },
          py::arg("seconds"), "Lets simulated time pass.")
      .def_property_readonly("now", [](PyDnsWorld& w) { return from_time(w.world->clock().now()); })
      .def_property_readonly("seed", [](PyDnsWorld& w) { return w.world->seed(); })
      .def(
          "query_log", [](PyDnsWorld& w) { return log_lines(w.world->query_log()); },
          "Every query the authoritative servers received, in BIND's format.")
      .def(
          "zones",
          [](PyDnsWorld& w) {
            py::dict out;
            for (const auto& z : w.world->built().zones)
              out[py::str(z.apex.to_string())] = dnssec::write_zone(z.zone.records, z.apex);
            return out;
          },
          "The served zones as master-file text, by apex.")
      .def_property_readonly(
          "root_hints", [](PyDnsWorld& w) { return w.world->built().root_hints; }, "Addresses of the root servers.")
      .def_property_readonly(
          "anchors",
          [](PyDnsWorld& w) {
            std::vector<std::string> out;
            for (const auto& a : w.world->built().anchors)
              for (const auto& ds : a.ds) out.push_back(dns::RR{a.zone, dns::rrtype::DS, dns::class_in, 3600, ds.rdata()}.to_string());
            return out;
          },
          "The trust anchor (the sim root's DS) in presentation form.");
}

}  // namespace dane::python
