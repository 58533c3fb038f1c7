/*
 * dane Python module: full delivery scenarios in dane.sim (dane::sim::
 * load_full_scenario, run_scenario, run_matrix):
 *
 *   s = dane.sim.load_delivery_scenario("sim/scenarios/smtp/different-cert.yaml")
 *   r = s.run("postfix-dane")            # or dane.sim.run_scenario(s, "postfix-dane")
 *   r.verdict, r.tls, r.report, r.via, r.met, r.differences, r.client_log, r.query_log
 *   m = dane.sim.run_matrix(dir="sim/scenarios/smtp", jobs=2)
 *   m.differ, [row.ok for row in m.rows], print(m.to_text())
 *
 * Outcomes are strings in the scenario file's words ("deliver-authenticated",
 * "Verified", "dnssec-invalid", "none"). Runs release the GIL.
 */
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common.hpp"
#include "dane/sim/runner.hpp"
#include "dane/sim/scenario.hpp"

namespace dane::python {

namespace {

using sim::FullScenario;
using sim::Matrix;
using sim::MatrixRow;
using sim::RunResult;

py::object expectation_dict(const std::optional<sim::Expectation>& e) {
  if (!e) return py::none();
  py::dict d;
  d["verdict"] = std::string(smtp::to_string(e->verdict));
  d["tls"] = e->tls ? py::object(py::str(std::string(smtp::to_string(*e->tls)))) : py::object(py::none());
  d["report"] = e->report ? py::object(py::str(sim::report_name(*e->report))) : py::object(py::none());
  d["via"] = e->via ? py::object(py::str(*e->via)) : py::object(py::none());
  d["reason"] = e->reason;
  return d;
}

RunResult run(const FullScenario& s, const std::string& profile, const std::string& resolver,
              std::optional<std::uint64_t> seed, std::optional<std::string> to) {
  sim::RunOptions o;
  o.resolver = sim::resolver_kind_from_string(resolver);
  o.seed = seed;
  o.to = std::move(to);
  py::gil_scoped_release release;
  return sim::run_scenario(s, profile, o);
}

Matrix matrix(const py::object& scenarios, const std::optional<std::string>& dir,
              const std::optional<std::vector<std::string>>& profiles, std::size_t jobs, const std::string& resolver) {
  std::vector<FullScenario> owned;
  if (dir) {
    if (!scenarios.is_none()) throw py::type_error("run_matrix: give scenarios or dir, not both");
    for (const auto& f : sim::scenario_files(*dir)) owned.push_back(sim::load_full_scenario(f));
  } else if (!scenarios.is_none()) {
    for (const py::handle item : scenarios) {
      if (py::isinstance<py::str>(item)) owned.push_back(sim::load_full_scenario(item.cast<std::string>()));
      else owned.push_back(item.cast<const FullScenario&>());
    }
  } else {
    throw py::type_error("run_matrix: give scenarios (a list of scenarios or paths) or dir");
  }
  const std::vector<std::string> names = profiles.value_or(std::vector<std::string>{});
  const auto kind = sim::resolver_kind_from_string(resolver);
  py::gil_scoped_release release;
  return sim::run_matrix(owned, names, jobs, kind);
}

void bind_result(py::module_& s) {
  py::class_<RunResult>(s, "RunResult", "The outcome of one delivery scenario under one sender profile.")
      .def_readonly("scenario", &RunResult::scenario)
      .def_readonly("profile", &RunResult::profile)
      .def_property_readonly("resolver", [](const RunResult& r) { return std::string(sim::to_string(r.resolver)); })
      .def_readonly("seed", &RunResult::seed)
      .def_property_readonly("verdict", [](const RunResult& r) { return std::string(smtp::to_string(r.verdict)); },
                             "'deliver-authenticated', 'deliver-encrypted', 'deliver-clear', 'defer' or 'bounce'.")
      .def_property_readonly("tls", [](const RunResult& r) { return std::string(smtp::to_string(r.tls)); },
                             "Postfix TLS log class: 'none', 'Anonymous', 'Untrusted', 'Trusted', 'Verified'.")
      .def_property_readonly("report", [](const RunResult& r) { return sim::report_name(r.report); },
                             "RFC 8460 result type, or 'none'.")
      .def_readonly("via", &RunResult::via, "The MX host that delivered, or None.")
      .def_readonly("reason", &RunResult::reason)
      .def_readonly("rule", &RunResult::rule)
      .def_readonly("status", &RunResult::status, "'sent', 'deferred' or 'bounced'.")
      .def_readonly("dsn", &RunResult::dsn)
      .def_readonly("delivered", &RunResult::delivered)
      .def_readonly("client_log", &RunResult::client_log, "The sending MTA's Postfix smtp log lines.")
      .def_readonly("server_log", &RunResult::server_log, "The receiving MTAs' smtpd log lines.")
      .def_readonly("dns_log", &RunResult::dns_log, "The policy's lookups, daneverify style.")
      .def_readonly("query_log", &RunResult::query_log, "The authoritative servers' BIND query log.")
      .def_property_readonly("expected", [](const RunResult& r) { return expectation_dict(r.expected); },
                             "The scenario's expectation for the profile as a dict, or None.")
      .def_readonly("met", &RunResult::met, "True when there is an expectation and the outcome meets it.")
      .def_readonly("differences", &RunResult::differences)
      .def("to_json", &RunResult::to_json, "The result with its logs as a JSON text (fixed key order).")
      .def("to_text", &RunResult::to_text, "The result for a person: outcome, comparison, logs.")
      .def("__bool__", [](const RunResult& r) { return r.met; })
      .def("__repr__", [](const RunResult& r) {
        return "<RunResult " + r.scenario + " / " + r.profile + ": " + std::string(smtp::to_string(r.verdict)) +
               (r.expected ? (r.met ? " (as expected)>" : " (DIFFERS)>") : " (unchecked)>");
      });

  py::class_<MatrixRow>(s, "MatrixRow", "One (scenario, profile) row of a matrix.")
      .def_readonly("scenario", &MatrixRow::scenario)
      .def_readonly("profile", &MatrixRow::profile)
      .def_property_readonly("verdict", [](const MatrixRow& r) { return std::string(smtp::to_string(r.verdict)); })
      .def_property_readonly("tls", [](const MatrixRow& r) { return std::string(smtp::to_string(r.tls)); })
      .def_property_readonly("report", [](const MatrixRow& r) { return sim::report_name(r.report); })
      .def_readonly("via", &MatrixRow::via)
      .def_readonly("checked", &MatrixRow::checked)
      .def_readonly("ok", &MatrixRow::ok)
      .def_readonly("differences", &MatrixRow::differences)
      .def_readonly("error", &MatrixRow::error)
      .def("__repr__", [](const MatrixRow& r) {
        return "<MatrixRow " + r.scenario + " / " + r.profile + ": " + std::string(smtp::to_string(r.verdict)) +
               (r.ok ? " ok>" : r.checked ? " DIFF>" : " unchecked>");
      });

  py::class_<Matrix>(s, "Matrix", "Every scenario under every profile.")
      .def_readonly("rows", &Matrix::rows)
      .def_property_readonly("runs", &Matrix::runs)
      .def_property_readonly("differ", &Matrix::differ)
      .def_property_readonly("unchecked", &Matrix::unchecked)
      .def("to_text", &Matrix::to_text, "An aligned table and the summary line 'N runs, M differ'.")
      .def("to_json", &Matrix::to_json);
}

}  // namespace

/// Adds delivery scenarios to dane.sim (after bind_sim).
void bind_scenario(py::module_& m) {
  py::module_ s = m.attr("sim").cast<py::module_>();
  bind_result(s);

  py::class_<FullScenario, std::shared_ptr<FullScenario>>(
      s, "DeliveryScenario", "A delivery scenario (sim/scenarios/README.md): zones, certificates, MTAs, expectations.")
      .def_property_readonly("name", &FullScenario::name)
      .def_property_readonly("description", [](const FullScenario& f) { return f.dns.description; })
      .def_readonly("sources", &FullScenario::sources)
      .def_readonly("source", &FullScenario::source, "The file it was read from.")
      .def_property_readonly("seed", [](const FullScenario& f) { return f.dns.seed; })
      .def_property_readonly("time", [](const FullScenario& f) { return from_time(f.dns.time); })
      .def_property_readonly("expect",
                             [](const FullScenario& f) {
                               py::dict d;
                               for (const auto& [profile, e] : f.expect) d[py::str(profile)] = expectation_dict(e);
                               return d;
                             },
                             "Expectations by profile name ('default' for the rest).")
      .def("expectation", [](const FullScenario& f, const std::string& profile) {
             const sim::Expectation* e = f.expectation(profile);
             return expectation_dict(e ? std::optional<sim::Expectation>(*e) : std::nullopt);
           },
           py::arg("profile"), "The expectation that applies to a profile (its own, else 'default'), or None.")
      .def("run", &run, py::arg("profile"), py::arg("resolver") = "validating", py::arg("seed") = py::none(),
           py::arg("to") = py::none(),
           "Runs the scenario under a sender profile; resolver 'validating', 'do-no-validate', 'cd-setting' or\n"
           "'no-do'; seed defaults to the scenario's; to overrides send.to.")
      .def("__repr__", [](const FullScenario& f) { return "<DeliveryScenario " + f.name() + ">"; });

  s.def("load_delivery_scenario", [](const std::string& path) { return std::make_shared<FullScenario>(sim::load_full_scenario(path)); },
        py::arg("path"), "Reads a delivery scenario file; raises dane.InputError naming the file and the entry.");
  s.def("parse_delivery_scenario",
        [](const std::string& text, const std::string& source) {
          return std::make_shared<FullScenario>(sim::parse_full_scenario(text, source));
        },
        py::arg("text"), py::arg("source") = "<string>", "Parses a delivery scenario from YAML text.");
  s.def("scenario_files", &sim::scenario_files, py::arg("dir"), "The *.yaml files of a folder, sorted.");
  s.def("run_scenario", &run, py::arg("scenario"), py::arg("profile"), py::arg("resolver") = "validating",
        py::arg("seed") = py::none(), py::arg("to") = py::none(), "Same as scenario.run(profile, ...).");
  s.def("run_matrix", &matrix, py::arg("scenarios") = py::none(), py::kw_only(), py::arg("dir") = py::none(),
        py::arg("profiles") = py::none(), py::arg("jobs") = 1, py::arg("resolver") = "validating",
        "Runs scenarios (a list of DeliveryScenario or paths) or every file of dir under every profile\n"
        "(default: all built-in profiles) on `jobs` threads; rows in a fixed order.");
}

}  // namespace dane::python
