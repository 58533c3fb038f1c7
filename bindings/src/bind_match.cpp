/*
 * dane Python module: verify_chain and its result.
 */
#include "common.hpp"

#include <pybind11/stl.h>

#include <optional>

namespace dane::python {

namespace {

void bind_result_enums(py::module_& m) {
  py::enum_<Profile>(m, "Profile", "Which rules apply to PKIX usages and to DANE-EE names.")
      .value("SMTP", Profile::Smtp, "RFC 7672: PKIX usages unusable; DANE-EE never name-checked.")
      .value("GENERIC", Profile::Generic, "RFC 6698 / RFC 7671: PKIX usages need pkix_trust_anchors.")
      .def_property_readonly(
          "label", [](Profile p) { return std::string(to_string(p)); }, "'smtp' or 'generic'.");
  py::enum_<MatchStatus>(m, "MatchStatus", "The overall answer of verify_chain.")
      .value("VERIFIED", MatchStatus::Verified, "a usable record matched and every check passed")
      .value("MISMATCH", MatchStatus::Mismatch, "usable records exist; none authenticated the chain")
      .value("NO_USABLE_RECORDS", MatchStatus::NoUsableRecords, "every record is malformed or unusable")
      .def_property_readonly(
          "label", [](MatchStatus s) { return std::string(to_string(s)); }, "'Verified', 'Mismatch', ...");
  py::enum_<RecordOutcome>(m, "RecordOutcome", "What happened to one record.")
      .value("MATCHED", RecordOutcome::Matched)
      .value("NO_MATCH", RecordOutcome::NoMatch)
      .value("UNUSABLE", RecordOutcome::Unusable)
      .value("SUPERSEDED", RecordOutcome::Superseded)
      .value("NAME_MISMATCH", RecordOutcome::NameMismatch)
      .value("PATH_INVALID", RecordOutcome::PathInvalid)
      .value("NOT_EVALUATED", RecordOutcome::NotEvaluated)
      .def_property_readonly(
          "label", [](RecordOutcome o) { return std::string(to_string(o)); }, "'matched', 'no-match', ...");
  py::enum_<Failure>(m, "Failure", "Why verification failed (maps to RFC 8460 result types).")
      .value("NONE", Failure::None)
      .value("NO_USABLE_RECORDS", Failure::NoUsableRecords)
      .value("NO_MATCH", Failure::NoMatch)
      .value("NAME_MISMATCH", Failure::NameMismatch)
      .value("CERTIFICATE_EXPIRED", Failure::CertificateExpired)
      .value("PATH_INVALID", Failure::PathInvalid)
      .def_property_readonly(
          "label", [](Failure f) { return std::string(to_string(f)); }, "'none', 'no-match', ...");
  m.def("parse_profile", &parse_profile, py::arg("text"),
        "Profile from 'smtp' or 'generic'. Raises dane.InputError for other text.");
}

void bind_results(py::module_& m) {
  py::class_<RecordReport>(m, "RecordReport", "The verdict on one record of the RRset.")
      .def_readonly("index", &RecordReport::index, "Position in the RRset as given.")
      .def_readonly("record", &RecordReport::record, "The record (dane.Tlsa).")
      .def_readonly("outcome", &RecordReport::outcome, "A RecordOutcome.")
      .def_readonly("depth", &RecordReport::depth, "Depth of the matched certificate (0 = leaf), or -1.")
      .def_readonly("reason", &RecordReport::reason, "One sentence for the operator.")
      .def_readonly("rule", &RecordReport::rule, "The rule behind the outcome, e.g. 'RFC 7672 §3.1.3'.")
      .def("__repr__", [](const RecordReport& r) {
        return "<dane.RecordReport [" + std::to_string(r.index) + "] " + r.record.to_string() + ": " +
               std::string(to_string(r.outcome)) + ">";
      });

  py::class_<MatchResult>(m, "MatchResult",
                          "The result of verify_chain. True in a boolean context when verified;\n"
                          "str() gives the human-readable report.")
      .def_readonly("status", &MatchResult::status, "A MatchStatus.")
      .def_readonly("failure", &MatchResult::failure, "A Failure (Failure.NONE when verified).")
      .def_readonly("matched_record", &MatchResult::matched_record,
                    "Index in the RRset of the record that authenticated the chain, or None.")
      .def_readonly("depth", &MatchResult::depth,
                    "Depth of the matched certificate (OpenSSL's SSL_get0_dane_authority), or -1.")
      .def_readonly("trust_anchor_from_dns", &MatchResult::trust_anchor_from_dns,
                    "True when the trust anchor came from the TLSA record itself (2 0 0 / 2 1 0).")
      .def_readonly("path", &MatchResult::path, "Subjects of the verified path, leaf first.")
      .def_readonly("records", &MatchResult::records, "One RecordReport per input record, in input order.")
      .def_property_readonly("verified", &MatchResult::verified, "status == MatchStatus.VERIFIED.")
      .def("summary", &MatchResult::summary, "One line describing the result.")
      .def(
          "to_json", [](const MatchResult& r) { return to_json(r); }, "The whole result as a JSON object (str).")
      .def(
          "to_dict", [](const MatchResult& r) { return py::module_::import("json").attr("loads")(to_json(r)); },
          "The whole result as a dict (to_json parsed).")
      .def("__str__", [](const MatchResult& r) { return to_text(r); })
      .def("__bool__", &MatchResult::verified)
      .def("__repr__", [](const MatchResult& r) { return "<dane.MatchResult " + r.summary() + ">"; });
}

/// Options from verify_chain's keyword arguments.
MatchOptions make_options(const py::object& profile, const py::iterable& reference_names, const py::object& digests,
                          bool skip_name_checks, std::optional<bool> ee_name_checks, bool multi_label_wildcards,
                          const py::iterable& pkix_trust_anchors, std::size_t min_signature_strength,
                          std::size_t max_chain_certificates, std::size_t max_records) {
  MatchOptions options;
  if (py::isinstance<py::str>(profile)) {
    options.profile = parse_profile(profile.cast<std::string>());
  } else {
    options.profile = profile.cast<Profile>();
  }
  if (py::isinstance<py::str>(reference_names)) {
    options.reference_names.push_back(reference_names.cast<std::string>());  // one name, not its letters
  } else {
    for (auto name : reference_names) options.reference_names.push_back(name.cast<std::string>());
  }
  if (!digests.is_none()) {
    options.digests.clear();
    for (auto digest : py::reinterpret_borrow<py::iterable>(digests)) {
      options.digests.push_back(static_cast<MatchingType>(to_octet(digest, "digests item")));
    }
  }
  options.skip_name_checks = skip_name_checks;
  options.ee_name_checks = ee_name_checks;
  options.name_options.multi_label_wildcards = multi_label_wildcards;
  for (auto anchor : pkix_trust_anchors) options.pkix_trust_anchors.push_back(anchor.cast<Certificate>());
  options.min_signature_strength = min_signature_strength;
  options.max_chain_certificates = max_chain_certificates;
  options.max_records = max_records;
  return options;
}

void bind_verify(py::module_& m) {
  m.def(
      "verify_chain",
      [](const py::iterable& chain, const py::iterable& rrset, const py::object& time, const py::object& profile,
         const py::iterable& reference_names, const py::object& digests, bool skip_name_checks,
         std::optional<bool> ee_name_checks, bool multi_label_wildcards, const py::iterable& pkix_trust_anchors,
         std::size_t min_signature_strength, std::size_t max_chain_certificates, std::size_t max_records) {
        Chain certs;
        for (auto cert : chain) {
          if (!py::isinstance<Certificate>(cert)) {
            throw py::type_error("chain item " + std::to_string(certs.size()) + " must be a dane.Certificate, not " +
                                 py::str(py::type::handle_of(cert).attr("__name__")).cast<std::string>());
          }
          certs.push_back(cert.cast<Certificate>());
        }
        std::vector<Tlsa> records;
        for (auto item : rrset) records.push_back(to_tlsa(item, "rrset[" + std::to_string(records.size()) + "]"));
        const Time now = to_time(time, "time");
        const MatchOptions options =
            make_options(profile, reference_names, digests, skip_name_checks, ee_name_checks, multi_label_wildcards,
                         pkix_trust_anchors, min_signature_strength, max_chain_certificates, max_records);
        py::gil_scoped_release unlocked;
        return verify_chain(certs, records, now, options);
      },
      py::arg("chain"), py::arg("rrset"), py::arg("time"), py::kw_only(), py::arg("profile") = Profile::Smtp,
      py::arg("reference_names") = py::tuple(), py::arg("digests") = py::none(),
      py::arg("skip_name_checks") = false, py::arg("ee_name_checks") = py::none(),
      py::arg("multi_label_wildcards") = false, py::arg("pkix_trust_anchors") = py::tuple(),
      py::arg("min_signature_strength") = 80, py::arg("max_chain_certificates") = 32, py::arg("max_records") = 64,
      "Matches the chain a peer presented (leaf first) against a TLSA RRset\n"
      "(RFC 6698 §2.1, RFC 7671 §5/§9, RFC 7672 §3) and returns a MatchResult.\n\n"
      "chain: Certificates, leaf first (at least one, else dane.UsageError).\n"
      "rrset: dane.Tlsa records, or str in presentation form, or RDATA bytes.\n"
      "time: when validity periods are judged, required: a datetime (naive = UTC), an\n"
      "      ISO 8601 string such as '2024-06-01T00:00:00Z', or Unix seconds.\n"
      "profile: Profile.SMTP (default) or Profile.GENERIC, or 'smtp' / 'generic'.\n"
      "reference_names: names the leaf must match for DANE-TA / PKIX (RFC 7672 §3.2.2).\n"
      "digests: enabled digest types, most preferred first (default SHA2_512, SHA2_256).\n"
      "skip_name_checks: skip every name check (diagnostics only).\n"
      "ee_name_checks: name-check DANE-EE matches? None lets the profile decide.\n"
      "multi_label_wildcards: let '*' match more than one label.\n"
      "pkix_trust_anchors: Certificates trusted for PKIX-TA / PKIX-EE (generic profile).\n"
      "min_signature_strength, max_chain_certificates, max_records: limits (see match.hpp).");
}

}  // namespace

void bind_match(py::module_& m) {
  bind_result_enums(m);
  bind_results(m);
  bind_verify(m);
}

}  // namespace dane::python
