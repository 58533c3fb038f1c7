/*
 * dane Python module: TLSA parameters, the Tlsa record, owner names and times.
 */
#include "common.hpp"

#include <pybind11/operators.h>
#include <pybind11/stl.h>

namespace dane::python {

namespace {

/// Tlsa(usage, selector, mtype, data) from Python values (enums or ints, bytes-like).
Tlsa make_record(const py::object& usage, const py::object& selector, const py::object& mtype, const py::object& data) {
  return Tlsa(static_cast<Usage>(to_octet(usage, "usage")), static_cast<Selector>(to_octet(selector, "selector")),
              static_cast<MatchingType>(to_octet(mtype, "matching type")), to_bytes(data, "data"));
}

/// The four fields as a tuple of ints and bytes (hashing, pickling).
py::tuple record_state(const Tlsa& t) {
  return py::make_tuple(static_cast<int>(t.usage()), static_cast<int>(t.selector()),
                        static_cast<int>(t.matching_type()), from_bytes(t.data()));
}

void bind_parameter_enums(py::module_& m) {
  py::enum_<Usage>(m, "Usage", "Certificate usage (RFC 6698 §2.1.1, names from RFC 7218).")
      .value("PKIX_TA", Usage::PkixTa)
      .value("PKIX_EE", Usage::PkixEe)
      .value("DANE_TA", Usage::DaneTa)
      .value("DANE_EE", Usage::DaneEe)
      .value("PRIV_CERT", Usage::PrivCert)
      .def_property_readonly(
          "mnemonic", [](Usage u) { return std::string(mnemonic(u)); }, "RFC 7218 acronym, e.g. 'DANE-EE'.");
  py::enum_<Selector>(m, "Selector", "Selector (RFC 6698 §2.1.2, RFC 7218).")
      .value("CERT", Selector::Cert)
      .value("SPKI", Selector::Spki)
      .value("PRIV_SEL", Selector::PrivSel)
      .def_property_readonly(
          "mnemonic", [](Selector s) { return std::string(mnemonic(s)); }, "RFC 7218 acronym, e.g. 'SPKI'.");
  py::enum_<MatchingType>(m, "MatchingType", "Matching type (RFC 6698 §2.1.3, RFC 7218).")
      .value("FULL", MatchingType::Full)
      .value("SHA2_256", MatchingType::Sha2_256)
      .value("SHA2_512", MatchingType::Sha2_512)
      .value("PRIV_MATCH", MatchingType::PrivMatch)
      .def_property_readonly(
          "mnemonic", [](MatchingType mt) { return std::string(mnemonic(mt)); },
          "RFC 7218 acronym, e.g. 'SHA2-256'.")
      .def_property_readonly(
          "digest_length", [](MatchingType mt) { return digest_length(mt); },
          "Digest length in octets (32, 64), or None for FULL and unknown types.");
  m.attr("MAX_ASSOCIATION_DATA") = max_association_data;
}

void bind_record(py::module_& m) {
  py::class_<Tlsa>(m, "Tlsa",
                   "One TLSA record: usage, selector, matching type and certificate association data.\n\n"
                   "Parameter fields may hold any octet: values without an RFC 7218 name (usage 4,\n"
                   "selector 2, ...) are kept and read back as plain ints; the matcher classes such\n"
                   "records as unusable (RFC 7671 §9).")
      .def(py::init(&make_record), py::arg("usage"), py::arg("selector"), py::arg("mtype"), py::arg("data"),
           "Builds a record from its fields: enums or ints 0..255 and bytes-like data.\n"
           "Raises dane.InputError naming the field for a value out of range or data over\n"
           "MAX_ASSOCIATION_DATA octets. A digest of the wrong length is accepted here and\n"
           "reported by malformation().")
      .def_static("parse", &Tlsa::parse, py::arg("text"),
                  "Parses the presentation form: '3 1 1 <hex>', RFC 7218 acronyms\n"
                  "('DANE-EE SPKI SHA2-256 <hex>'), hex split by spaces or in '( ... )', or a whole\n"
                  "RR line ('_25._tcp.mx.example. 3600 IN TLSA 3 1 1 <hex>').\n"
                  "Raises dane.InputError naming the field and value.")
      .def_static(
          "from_rdata", [](const py::object& rdata) { return Tlsa::from_rdata(to_bytes(rdata, "rdata")); },
          py::arg("rdata"),
          "Parses wire-form RDATA (RFC 6698 §2.1). Raises dane.InputError when shorter than\n"
          "4 octets or when a SHA2-256 / SHA2-512 digest has the wrong length.")
      .def_property_readonly(
          "usage", [](const Tlsa& t) { return enum_or_int(t.usage()); }, "Usage, or an int when unnamed.")
      .def_property_readonly(
          "selector", [](const Tlsa& t) { return enum_or_int(t.selector()); }, "Selector, or an int when unnamed.")
      .def_property_readonly(
          "matching_type", [](const Tlsa& t) { return enum_or_int(t.matching_type()); },
          "MatchingType, or an int when unnamed.")
      .def_property_readonly(
          "data", [](const Tlsa& t) { return from_bytes(t.data()); },
          "Certificate association data (the DER object or its digest) as bytes.")
      .def(
          "rdata", [](const Tlsa& t) { return from_bytes(t.rdata()); }, "Wire-form RDATA as bytes.")
      .def("to_mnemonic_string", &Tlsa::to_mnemonic_string,
           "Presentation form with RFC 7218 acronyms: 'DANE-EE SPKI SHA2-256 <HEX>'.")
      .def("malformation", &Tlsa::malformation,
           "Why the record is malformed (a digest of the wrong length, empty data), or None.")
      .def("__str__", &Tlsa::to_string, "Canonical presentation: '3 1 1 <UPPER-CASE HEX>'.")
      .def("__repr__", [](const Tlsa& t) { return "dane.Tlsa.parse('" + t.to_string() + "')"; })
      .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
      .def("__hash__", [](const Tlsa& t) { return py::hash(record_state(t)); })
      .def(py::pickle([](const Tlsa& t) { return record_state(t); },
                      [](const py::tuple& state) {
                        if (state.size() != 4) throw py::value_error("dane.Tlsa: bad pickle state");
                        return make_record(state[0], state[1], state[2], state[3]);
                      }));

  m.def(
      "mnemonic", [](Usage u) { return std::string(mnemonic(u)); }, py::arg("value"),
      "RFC 7218 acronym of a Usage, Selector or MatchingType ('' for none).");
  m.def(
      "mnemonic", [](Selector s) { return std::string(mnemonic(s)); }, py::arg("value"));
  m.def(
      "mnemonic", [](MatchingType mt) { return std::string(mnemonic(mt)); }, py::arg("value"));
}

void bind_owner_and_time(py::module_& m) {
  m.def(
      "tlsa_owner_name",
      [](const std::string& host, const py::int_& port, const std::string& protocol) {
        int overflow = 0;
        const long number = PyLong_AsLongAndOverflow(port.ptr(), &overflow);
        if (overflow != 0 || number < 0 || number > 65535) {
          throw InputError("TLSA owner name", "port", py::repr(port).cast<std::string>(),
                           "is not a port number from 0 to 65535");
        }
        return tlsa_owner_name(host, static_cast<std::uint16_t>(number), protocol);
      },
      py::arg("host"), py::arg("port") = 25, py::arg("protocol") = "tcp",
      "The owner name of a service's TLSA RRset (RFC 6698 §3):\n"
      "tlsa_owner_name('mail.example.com') == '_25._tcp.mail.example.com.'.\n"
      "Raises dane.InputError for an invalid host name, port or protocol (tcp, udp, sctp).");
  m.def(
      "parse_time", [](const std::string& text) { return from_time(parse_time(text)); }, py::arg("text"),
      "Parses an ISO 8601 UTC time ('2024-01-31', '2024-01-31T12:00', '2024-01-31T12:00:05Z',\n"
      "'@<unix seconds>') into a timezone-aware UTC datetime. Raises dane.InputError.");
  m.def(
      "format_time", [](const py::object& t) { return format_time(to_time(t, "time")); }, py::arg("time"),
      "Formats a time (datetime, ISO 8601 string or Unix seconds) as '2024-01-31T12:00:05Z'.");
  m.def(
      "version", [] { return std::string(version()); }, "The libdane version, 'MAJOR.MINOR.PATCH'.");
}

}  // namespace

void bind_tlsa(py::module_& m) {
  bind_parameter_enums(m);
  bind_record(m);
  bind_owner_and_time(m);
}

}  // namespace dane::python
