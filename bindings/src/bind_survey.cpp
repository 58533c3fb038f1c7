/*
 * dane Python module: the simulated Go6lab TLS survey in dane.sim
 * (dane::sim::run_survey):
 *
 *   r = dane.sim.survey("go6lab-2015", domains=10000, seed=1, jobs=2)
 *   r["summary"]["sessions"]["classes"]["Trusted"], r["results"][0]["tls"]
 *   r = dane.sim.survey("go6lab-2015", domain_list=["example.com", "example.org"])
 *   dane.sim.survey_domain("go6lab-2015", seed=1, index=42)   # one domain, regenerated alone
 */
#include <pybind11/stl.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "common.hpp"
#include "dane/sim/survey.hpp"

namespace dane::python {

void bind_survey(py::module_& m) {
  py::module_ s = m.attr("sim").cast<py::module_>();

  s.def("survey_presets", &sim::population_presets, "Population presets for dane.sim.survey (\"go6lab-2015\").");
  s.def(
      "survey",
      [](const std::string& population, std::optional<std::uint64_t> domains,
         std::optional<std::vector<std::string>> domain_list, std::uint64_t seed, unsigned jobs, bool results) {
        const sim::Population pop = sim::parse_population(population);
        if (domains.has_value() == domain_list.has_value()) {
          throw InputError("survey", "domains", "", "give exactly one of domains=N and domain_list=[...]");
        }
        sim::SurveyOptions o;
        o.population = pop;
        o.seed = seed;
        o.jobs = jobs;
        if (jobs < 1 || jobs > sim::max_survey_jobs) {
          throw InputError("survey", "jobs", std::to_string(jobs), "must be 1..64");
        }
        std::vector<std::string> lines;
        sim::SurveySummary summary;
        {
          py::gil_scoped_release release;
          std::istringstream in;
          std::unique_ptr<sim::DomainSource> src;
          if (domains) {
            src = sim::generated_domains(*domains);
          } else {
            std::string text;
            for (const auto& d : *domain_list) text += d + "\n";
            in.str(text);
            src = sim::domain_list(in, "domain_list");
          }
          summary = sim::run_survey(o, *src, [&](const sim::DomainResult& r) {
            if (results) lines.push_back(sim::to_json_line(r));
          });
        }
        const py::module_ json = py::module_::import("json");
        py::dict out;
        py::dict sum = json.attr("loads")(summary.to_json());
        sum["work"] = py::dict(py::arg("handshakes") = summary.handshakes,
                               py::arg("pkix_validations") = summary.pkix_validations,
                               py::arg("dnssec_signatures") = summary.dnssec_signatures,
                               py::arg("dns_worlds") = summary.dns_worlds, py::arg("cache_hits") = summary.cache_hits);
        out["summary"] = sum;
        py::list rs;
        for (const auto& l : lines) rs.append(json.attr("loads")(l));
        out["results"] = rs;
        out["table"] = sim::render_survey_table(summary);
        return out;
      },
      py::arg("population"), py::arg("domains") = py::none(), py::arg("domain_list") = py::none(),
      py::arg("seed") = 1, py::arg("jobs") = 1, py::arg("results") = true,
      "Runs the simulated SMTP TLS survey (a postfix-dane sender) over a generated population (domains=N) or "
      "a list of names, and returns {summary, results (one dict per domain, in order), table}. population: a "
      "preset, key=value pairs or a YAML file. The summary's 'work' depends on jobs; everything else does not. "
      "Raises InputError for a bad population or domain.");
  s.def(
      "survey_domain",
      [](const std::string& population, std::uint64_t seed, std::uint64_t index, const std::string& name) {
        const auto p = sim::generate_domain(sim::parse_population(population), seed, index, name);
        py::dict d;
        d["index"] = p.index;
        d["domain"] = p.domain;
        d["has_mx"] = p.has_mx;
        d["mx"] = p.mx_host;
        d["operator"] = p.operator_id ? py::object(py::int_(*p.operator_id)) : py::object(py::none());
        d["host_tls"] = std::string(sim::to_string(p.host));
        d["dnssec"] = p.is_signed;
        d["tlsa"] = std::string(sim::to_string(p.tlsa));
        return d;
      },
      py::arg("population"), py::arg("seed") = 1, py::arg("index") = 0, py::arg("name") = "",
      "One domain's drawn properties, regenerated alone from the seed and its index (or its name).");
}

}  // namespace dane::python
