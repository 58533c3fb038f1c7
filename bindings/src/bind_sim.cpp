/*
 * dane Python module: dane.sim, the deterministic test CA (dane::sim::Pki).
 * Same seed, same keys and certificates, byte for byte.
 */
#include "common.hpp"

#include <pybind11/stl.h>

#include "dane/sim/pki.hpp"

namespace dane::python {

namespace {

using sim::CertSpec;
using sim::Issued;
using sim::KeyType;
using sim::Pki;
using sim::SampleChain;

void bind_spec(py::module_& s) {
  py::enum_<KeyType>(s, "KeyType", "Key algorithm for a generated certificate.")
      .value("ECDSA_P256", KeyType::EcdsaP256)
      .value("ECDSA_P384", KeyType::EcdsaP384)
      .value("RSA2048", KeyType::Rsa2048)
      .value("ED25519", KeyType::Ed25519);

  py::class_<CertSpec>(s, "CertSpec", "What to put in a generated certificate.")
      .def(py::init([](std::string common_name, std::vector<std::string> dns_names, const py::object& not_before,
                       const py::object& not_after, bool is_ca, std::optional<std::size_t> path_length, KeyType key_type) {
             CertSpec spec;
             spec.common_name = std::move(common_name);
             spec.dns_names = std::move(dns_names);
             spec.not_before = to_time(not_before, "not_before");
             spec.not_after = to_time(not_after, "not_after");
             spec.is_ca = is_ca;
             spec.path_length = path_length;
             spec.key_type = key_type;
             return spec;
           }),
           py::arg("common_name") = "", py::arg("dns_names") = std::vector<std::string>{}, py::kw_only(),
           py::arg("not_before"), py::arg("not_after"), py::arg("is_ca") = false,
           py::arg("path_length") = py::none(), py::arg("key_type") = KeyType::EcdsaP256,
           "CertSpec(common_name='', dns_names=[], *, not_before, not_after, is_ca=False,\n"
           "path_length=None, key_type=KeyType.ECDSA_P256). Times: datetime, ISO 8601 str or Unix seconds.")
      .def_readwrite("common_name", &CertSpec::common_name)
      .def_readwrite("dns_names", &CertSpec::dns_names)
      .def_property(
          "not_before", [](const CertSpec& c) { return from_time(c.not_before); },
          [](CertSpec& c, const py::object& t) { c.not_before = to_time(t, "not_before"); })
      .def_property(
          "not_after", [](const CertSpec& c) { return from_time(c.not_after); },
          [](CertSpec& c, const py::object& t) { c.not_after = to_time(t, "not_after"); })
      .def_readwrite("is_ca", &CertSpec::is_ca)
      .def_readwrite("path_length", &CertSpec::path_length)
      .def_readwrite("key_type", &CertSpec::key_type);

  py::class_<Issued>(s, "Issued", "A generated certificate with its private key.")
      .def_readonly("certificate", &Issued::certificate, "The dane.Certificate.")
      .def_readonly("private_key_pem", &Issued::private_key_pem, "PKCS#8 PEM of the private key.")
      .def("__repr__", [](const Issued& i) { return "<dane.sim.Issued " + i.certificate.subject() + ">"; });
}

void bind_pki(py::module_& s) {
  py::class_<Pki>(s, "Pki", "A seeded generator of keys and certificates (deterministic).")
      .def(py::init<std::uint64_t>(), py::arg("seed"), "Every key, serial and signature derives from seed.")
      .def("self_signed", &Pki::self_signed, py::arg("spec"), "A self-signed certificate for spec (an Issued).")
      .def("issue", &Pki::issue, py::arg("spec"), py::arg("issuer"), "A certificate for spec signed by issuer.");

  py::class_<SampleChain>(s, "SampleChain", "Root ('CN=Sim Root CA') -> intermediate ('CN=Sim Issuing CA') -> leaf.")
      .def_readonly("root", &SampleChain::root)
      .def_readonly("intermediate", &SampleChain::intermediate)
      .def_readonly("leaf", &SampleChain::leaf)
      .def("full", &SampleChain::full, "[leaf, intermediate, root] Certificates.")
      .def("without_root", &SampleChain::without_root, "[leaf, intermediate]: the usual server chain.");

  s.def(
      "make_sample_chain",
      [](Pki& pki, const std::vector<std::string>& leaf_names, const py::object& valid_from, const py::object& valid_until,
         KeyType key_type) {
        return sim::make_sample_chain(pki, leaf_names, to_time(valid_from, "valid_from"),
                                      to_time(valid_until, "valid_until"), key_type);
      },
      py::arg("pki"), py::arg("leaf_names"), py::arg("valid_from"), py::arg("valid_until"),
      py::arg("key_type") = KeyType::EcdsaP256,
      "A SampleChain whose leaf is valid for leaf_names during [valid_from, valid_until];\n"
      "the CAs are valid ten years around it.");
}

}  // namespace

void bind_sim(py::module_& m) {
  auto s = m.def_submodule("sim", "The deterministic test CA of libdane (dane::sim): sample chains for tests.");
  bind_spec(s);
  bind_pki(s);
}

}  // namespace dane::python
