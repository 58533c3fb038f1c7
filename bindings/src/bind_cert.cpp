/*
 * dane Python module: certificates, chains, name checks and TLSA generation.
 */
#include "common.hpp"

#include <pybind11/operators.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <optional>

namespace dane::python {

namespace {

/// A usage from None (let make_tlsa decide), a Usage or an int.
std::optional<Usage> optional_usage(const py::object& usage) {
  if (usage.is_none()) return std::nullopt;
  return static_cast<Usage>(to_octet(usage, "usage"));
}

void bind_certificate(py::module_& m) {
  py::class_<Certificate>(m, "Certificate", "A parsed X.509 certificate (immutable).")
      .def_static(
          "from_der",
          [](const py::object& der, const std::string& source) { return Certificate::from_der(to_bytes(der, "der"), source); },
          py::arg("der"), py::arg("source") = "certificate",
          "Parses one DER certificate; source names it in error messages. Raises dane.InputError.")
      .def_static("from_pem", &Certificate::from_pem, py::arg("text"), py::arg("source") = "certificate",
                  "Parses the first CERTIFICATE block of PEM text. Raises dane.InputError.")
      .def_property_readonly(
          "der", [](const Certificate& c) { return from_bytes(c.der()); }, "The DER encoding as bytes.")
      .def_property_readonly(
          "spki", [](const Certificate& c) { return from_bytes(c.spki()); },
          "The DER SubjectPublicKeyInfo as bytes.")
      .def(
          "selector_data",
          [](const Certificate& c, const py::object& selector) {
            return from_bytes(c.selector_data(static_cast<Selector>(to_octet(selector, "selector"))));
          },
          py::arg("selector"), "What a TLSA selector picks: der (CERT) or spki (SPKI); b'' for unknown selectors.")
      .def_property_readonly("subject", &Certificate::subject, "Subject DN, e.g. 'CN=mail.example.com'.")
      .def_property_readonly("issuer", &Certificate::issuer, "Issuer DN.")
      .def_property_readonly("dns_names", &Certificate::dns_names, "subjectAltName dNSName entries, as written.")
      .def_property_readonly("common_names", &Certificate::common_names, "Subject commonName values.")
      .def_property_readonly(
          "not_before", [](const Certificate& c) { return from_time(c.not_before()); },
          "Start of validity, a timezone-aware UTC datetime.")
      .def_property_readonly(
          "not_after", [](const Certificate& c) { return from_time(c.not_after()); },
          "End of validity, a timezone-aware UTC datetime.")
      .def_property_readonly("is_ca", &Certificate::is_ca, "True when basicConstraints says cA=TRUE.")
      .def_property_readonly("is_self_issued", &Certificate::is_self_issued,
                             "True when subject and issuer are the same name.")
      .def("to_pem", &Certificate::to_pem, "PEM text of the certificate.")
      .def("summary", &Certificate::summary, "One line for logs: subject, names and validity.")
      .def("__repr__", [](const Certificate& c) { return "<dane.Certificate " + c.subject() + ">"; })
      .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
      .def("__hash__", [](const Certificate& c) { return py::hash(from_bytes(c.der())); })
      .def(py::pickle([](const Certificate& c) { return from_bytes(c.der()); },
                      [](const py::bytes& der) { return Certificate::from_der(to_bytes(der, "der")); }));

  m.def(
      "load_chain",
      [](const py::object& data, const std::string& source) {
        if (py::isinstance<py::str>(data)) return load_chain(std::string_view(data.cast<std::string>()), source);
        const auto bytes = to_bytes(data, "data");
        return load_chain(std::span<const std::uint8_t>(bytes), source);
      },
      py::arg("data"), py::arg("source") = "chain",
      "Every certificate in PEM text (str or bytes) or concatenated DER (bytes), in order.\n"
      "Raises dane.InputError naming the certificate that does not parse.");
  m.def("load_chain_file", &load_chain_file, py::arg("path"),
        "Every certificate in a PEM or DER file (str or os.PathLike). Raises dane.InputError naming the path.");
}

void bind_names(py::module_& m) {
  m.def("presented_identifiers", &presented_identifiers, py::arg("cert"),
        "The DNS identifiers a certificate presents: its SAN dNSNames, else its commonNames.");
  m.def(
      "dns_name_matches",
      [](const std::string& presented, const std::string& reference, bool multi_label_wildcards) {
        return dns_name_matches(presented, reference, NameCheckOptions{multi_label_wildcards});
      },
      py::arg("presented"), py::arg("reference"), py::kw_only(), py::arg("multi_label_wildcards") = false,
      "Does one presented identifier match one reference identifier (RFC 6125 §6.4, RFC 7672 §3.2.3)?");
  m.def(
      "certificate_matches_names",
      [](const Certificate& cert, const std::vector<std::string>& reference_names, bool multi_label_wildcards) {
        return certificate_matches_names(cert, reference_names, NameCheckOptions{multi_label_wildcards});
      },
      py::arg("cert"), py::arg("reference_names"), py::kw_only(), py::arg("multi_label_wildcards") = false,
      "True when any presented identifier of cert matches any reference name.");
}

void bind_generate(py::module_& m) {
  m.def(
      "association_data",
      [](const Certificate& cert, const py::object& selector, const py::object& mtype) {
        return from_bytes(association_data(cert, static_cast<Selector>(to_octet(selector, "selector")),
                                           static_cast<MatchingType>(to_octet(mtype, "matching type"))));
      },
      py::arg("cert"), py::arg("selector") = Selector::Spki, py::arg("mtype") = MatchingType::Sha2_256,
      "Certificate association data (RFC 6698 §2.1.2-2.1.3): the DER certificate or SPKI,\n"
      "raw (FULL) or its SHA2-256 / SHA2-512 digest, as bytes.");
  m.def(
      "make_tlsa",
      [](const Certificate& cert, const py::object& usage, const py::object& selector, const py::object& mtype) {
        return make_tlsa(cert, optional_usage(usage), static_cast<Selector>(to_octet(selector, "selector")),
                         static_cast<MatchingType>(to_octet(mtype, "matching type")));
      },
      py::arg("cert"), py::arg("usage") = py::none(), py::arg("selector") = Selector::Spki,
      py::arg("mtype") = MatchingType::Sha2_256,
      "A TLSA record for cert. Without a usage: DANE_TA for a CA certificate, DANE_EE\n"
      "otherwise; 'x 1 1' (SPKI, SHA2-256) by default as RFC 7671 §8 recommends.");
  m.def(
      "rollover_tlsa",
      [](const Certificate& current, const Certificate& next, const py::object& usage, const py::object& selector,
         const py::object& mtype) {
        return rollover_tlsa(current, next, optional_usage(usage),
                             static_cast<Selector>(to_octet(selector, "selector")),
                             static_cast<MatchingType>(to_octet(mtype, "matching type")));
      },
      py::arg("current"), py::arg("next"), py::arg("usage") = py::none(), py::arg("selector") = Selector::Spki,
      py::arg("mtype") = MatchingType::Sha2_256,
      "A 'current + next' rollover RRset (RFC 7671 §8.1): make_tlsa for both, without duplicates.");
}

}  // namespace

void bind_cert(py::module_& m) {
  bind_certificate(m);
  bind_names(m);
  bind_generate(m);
}

}  // namespace dane::python
