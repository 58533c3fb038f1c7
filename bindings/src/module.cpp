/*
 * dane Python module: the extension dane._dane. The package dane
 * (bindings/dane/__init__.py) re-exports everything defined here.
 */
#include "common.hpp"

namespace dane::python {
/// Registers the submodule dane.dnssec (bind_dnssec.cpp).
void bind_dnssec(py::module_& m);
}  // namespace dane::python

PYBIND11_MODULE(_dane, m) {
  m.doc() = "libdane: DANE TLSA matching (RFC 6698, RFC 7671, RFC 7672). Import the package `dane`.";
  dane::python::bind_errors(m);
  dane::python::bind_tlsa(m);
  dane::python::bind_cert(m);
  dane::python::bind_match(m);
  dane::python::bind_sim(m);
  dane::python::bind_dnssec(m);
}
