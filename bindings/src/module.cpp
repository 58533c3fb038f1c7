/*
 * dane Python module: the extension dane._dane. The package dane
 * (bindings/dane/__init__.py) re-exports everything defined here.
 */
#include "common.hpp"

namespace dane::python {
/// Registers the submodule dane.dnssec (bind_dnssec.cpp).
void bind_dnssec(py::module_& m);
/// Registers the submodule dane.policy (bind_smtp.cpp).
void bind_smtp(py::module_& m);
/// Adds the simulated DNS world to dane.sim (bind_sim_dns.cpp; after bind_sim).
void bind_sim_dns(py::module_& m);
/// Adds provider fingerprinting to dane.sim (bind_fingerprint.cpp; after bind_sim).
void bind_fingerprint(py::module_& m);
/// Adds delivery scenarios and the runner to dane.sim (bind_scenario.cpp; after bind_sim).
void bind_scenario(py::module_& m);
/// Adds the simulated TLS survey to dane.sim (bind_survey.cpp; after bind_sim).
void bind_survey(py::module_& m);
}  // namespace dane::python

PYBIND11_MODULE(_dane, m) {
  m.doc() = "libdane: DANE TLSA matching (RFC 6698, RFC 7671, RFC 7672). Import the package `dane`.";
  dane::python::bind_errors(m);
  dane::python::bind_tlsa(m);
  dane::python::bind_cert(m);
  dane::python::bind_match(m);
  dane::python::bind_sim(m);
  dane::python::bind_sim_dns(m);
  dane::python::bind_fingerprint(m);
  dane::python::bind_scenario(m);
  dane::python::bind_survey(m);
  dane::python::bind_dnssec(m);
  dane::python::bind_smtp(m);
}
