/*
 * dane Python module: provider fingerprinting in dane.sim (the USENIX'20
 * study's provider table, dane::sim::run_fingerprint / infer_row):
 *
 *   bed = dane.sim.load_study_testbed("sim/scenarios/study/security-protocol.yaml")
 *   run = dane.sim.fingerprint("mail.com", bed)       # dict: row, subdomains, logs
 *   row = dane.sim.infer_provider_row(query_log, smtpd_log, mailbox)  # real logs
 *   print(dane.sim.render_provider_table([run["row"]]))
 */
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "common.hpp"
#include "dane/sim/fingerprint.hpp"

namespace dane::python {

namespace {

/// A row as a dict {"provider": ..., column key: "yes" | "no" | "n/a"}.
py::dict row_dict(const sim::ProviderRow& row) {
  py::dict d;
  d["provider"] = row.provider;
  for (std::size_t i = 0; i < sim::column_count; ++i)
    d[py::str(std::string(sim::column_key(static_cast<sim::Column>(i))))] = std::string(sim::to_string(row.marks[i]));
  return d;
}

sim::ProviderRow row_from_dict(const py::dict& d) {
  sim::ProviderRow row;
  row.provider = d.contains("provider") ? py::cast<std::string>(d["provider"]) : "";
  for (std::size_t i = 0; i < sim::column_count; ++i) {
    const std::string key(sim::column_key(static_cast<sim::Column>(i)));
    const std::string v = d.contains(key.c_str()) ? py::cast<std::string>(d[key.c_str()]) : "n/a";
    if (v == "yes") row.marks[i] = sim::Mark::Yes;
    else if (v == "no") row.marks[i] = sim::Mark::No;
    else if (v == "n/a") row.marks[i] = sim::Mark::NotTested;
    else throw InputError("provider row", key, v, "must be yes, no or n/a");
  }
  return row;
}

py::dict run_dict(const sim::FingerprintRun& run) {
  py::dict d;
  d["provider"] = run.provider.name;
  d["spec"] = sim::to_spec(run.provider);
  d["row"] = row_dict(run.row);
  py::list subs;
  for (const auto& s : run.sends) {
    py::dict x;
    x["subdomain"] = s.subdomain;
    x["sender_status"] = s.status;
    x["dsn"] = s.dsn;
    subs.append(x);
  }
  d["subdomains"] = subs;
  d["query_log"] = run.observations.query_log;
  d["smtpd_log"] = run.observations.smtpd_log;
  d["mailbox"] = run.observations.mailbox;
  return d;
}

}  // namespace

void bind_fingerprint(py::module_& m) {
  py::module_ s = m.attr("sim").cast<py::module_>();

  py::class_<sim::StudyTestBed>(s, "StudyTestBed", "The USENIX'20 client-side test bed (sim/scenarios/study/).")
      .def_readonly("subdomains", &sim::StudyTestBed::subdomains)
      .def_property_readonly("domain", [](const sim::StudyTestBed& b) { return b.names.domain.to_string(); });

  s.def("load_study_testbed", &sim::load_study_testbed, py::arg("path"),
        "Loads the study's test bed file. Raises InputError naming the file and entry.");
  s.def("provider_presets", [] {
    std::vector<std::string> names;
    for (const auto& p : sim::provider_presets()) names.push_back(p.name);
    return names;
  }, "The study's 29 provider presets, in table order.");
  s.def("provider_spec", [](const std::string& spec) { return sim::to_spec(sim::parse_provider(spec)); },
        py::arg("spec"), "The full key=value spec of a preset or spec. Raises InputError.");
  s.def("fingerprint",
        [](const std::string& spec, const sim::StudyTestBed& bed) {
          return run_dict(sim::run_fingerprint(sim::parse_provider(spec), bed));
        },
        py::arg("provider"), py::arg("testbed"),
        "Sends one message from the provider (preset or key=value spec) to every subdomain and returns "
        "a dict: row (inferred from the receiving side only), subdomains, query_log, smtpd_log, mailbox.");
  s.def("infer_provider_row",
        [](const std::vector<std::string>& query_log, const std::vector<std::string>& smtpd_log,
           const std::vector<std::string>& mailbox, const std::string& domain, const std::string& provider,
           std::optional<bool> tlsa_published) {
          sim::TestBedNames names;
          names.domain = dns::Name::parse(domain);
          return row_dict(sim::infer_row(names, {query_log, smtpd_log, mailbox}, provider, tlsa_published));
        },
        py::arg("query_log"), py::arg("smtpd_log"), py::arg("mailbox"),
        py::arg("domain") = "security-protocol.test.", py::arg("provider") = "provider",
        py::arg("tlsa_published") = py::none(),
        "A provider row from BIND query log lines, Postfix smtpd log lines and the mailbox listing "
        "(recipient addresses of delivered messages).");
  s.def("render_provider_table",
        [](const std::vector<py::dict>& rows) {
          std::vector<sim::ProviderRow> r;
          for (const auto& d : rows) r.push_back(row_from_dict(d));
          return sim::render_table(r);
        },
        py::arg("rows"), "The rows (dicts as returned above) as a markdown table with ✓ ✗ –.");
}

}  // namespace dane::python
