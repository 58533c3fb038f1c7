// dane::sim::Pki, the deterministic test CA: determinism, certificate contents
// (read back with Botan) and an independent path check with `openssl verify`.
#include <boost/test/unit_test.hpp>

#include <botan/data_src.h>
#include <botan/ecdsa.h>
#include <botan/pkcs8.h>
#include <botan/x509cert.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support.hpp"

using namespace dane;
using namespace dane::test;

namespace {

/// Botan 2's subject_public_key() returns an owning raw pointer.
std::unique_ptr<Botan::Public_Key> owned_key(const Botan::X509_Certificate& cert) {
  return std::unique_ptr<Botan::Public_Key>(cert.subject_public_key());
}


sim::SampleChain chain_from(std::uint64_t seed, sim::KeyType type = sim::KeyType::EcdsaP256) {
  sim::Pki pki(seed);
  return sim::make_sample_chain(pki, {mx_name, "mx.example.com"}, leaf_from(), leaf_until(), type);
}

Botan::X509_Certificate botan(const Certificate& c) { return Botan::X509_Certificate(c.der()); }

std::string algo_of(const sim::Issued& issued) {
  Botan::DataSource_Memory src(issued.private_key_pem);
  return Botan::PKCS8::load_key(src)->algo_name();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pki)

BOOST_AUTO_TEST_CASE(same_seed_same_bytes) {
  const auto a = chain_from(99);
  const auto b = chain_from(99);
  BOOST_TEST(a.root.certificate.der() == b.root.certificate.der(), boost::test_tools::per_element());
  BOOST_TEST(a.intermediate.certificate.der() == b.intermediate.certificate.der(), boost::test_tools::per_element());
  BOOST_TEST(a.leaf.certificate.der() == b.leaf.certificate.der(), boost::test_tools::per_element());
  BOOST_TEST(a.leaf.private_key_pem == b.leaf.private_key_pem);
  BOOST_TEST(a.root.private_key_pem == b.root.private_key_pem);
}

BOOST_AUTO_TEST_CASE(different_seed_different_bytes) {
  const auto a = chain_from(99);
  const auto c = chain_from(100);
  BOOST_TEST(!(a.root.certificate == c.root.certificate));
  BOOST_TEST(!(a.leaf.certificate == c.leaf.certificate));
  BOOST_TEST(a.leaf.certificate.spki() != c.leaf.certificate.spki());
  BOOST_TEST(a.leaf.private_key_pem != c.leaf.private_key_pem);
}

BOOST_AUTO_TEST_CASE(deterministic_for_every_key_type) {
  for (auto type : {sim::KeyType::EcdsaP384, sim::KeyType::Ed25519}) {
    BOOST_TEST(chain_from(5, type).leaf.certificate == chain_from(5, type).leaf.certificate);
  }
}

BOOST_AUTO_TEST_CASE(sample_chain_contents) {
  const auto c = chain_from(99);
  const auto root = botan(c.root.certificate);
  const auto inter = botan(c.intermediate.certificate);
  const auto leaf = botan(c.leaf.certificate);

  BOOST_TEST(c.root.certificate.subject() == "CN=Sim Root CA");
  BOOST_TEST(c.root.certificate.is_self_issued());
  BOOST_TEST(c.root.certificate.is_ca());
  BOOST_TEST(root.is_CA_cert());
  BOOST_TEST(root.constraints() & Botan::KEY_CERT_SIGN);

  BOOST_TEST(c.intermediate.certificate.subject() == "CN=Sim Issuing CA");
  BOOST_TEST(c.intermediate.certificate.issuer() == "CN=Sim Root CA");
  BOOST_TEST(inter.is_CA_cert());
  BOOST_TEST(inter.path_limit() == 0u);
  BOOST_TEST(inter.constraints() & Botan::KEY_CERT_SIGN);
  BOOST_TEST(inter.check_signature(*owned_key(root)));

  BOOST_TEST(c.leaf.certificate.common_names() == (std::vector<std::string>{mx_name}),
             boost::test_tools::per_element());
  BOOST_TEST(c.leaf.certificate.dns_names() == (std::vector<std::string>{mx_name, "mx.example.com"}),
             boost::test_tools::per_element());
  BOOST_TEST(c.leaf.certificate.issuer() == "CN=Sim Issuing CA");
  BOOST_TEST(!c.leaf.certificate.is_ca());
  BOOST_TEST(!leaf.is_CA_cert());
  BOOST_TEST(leaf.check_signature(*owned_key(inter)));
  BOOST_TEST(leaf.serial_number() != inter.serial_number());

  BOOST_TEST((c.leaf.certificate.not_before() == leaf_from()));
  BOOST_TEST((c.leaf.certificate.not_after() == leaf_until()));
  // The CAs: five years either side of the leaf.
  BOOST_TEST((c.root.certificate.not_before() == date(2019, 1, 1)));
  BOOST_TEST((c.root.certificate.not_after() == date(2030, 1, 1)));
  BOOST_TEST((c.intermediate.certificate.not_before() == date(2019, 1, 1)));
  BOOST_TEST((c.intermediate.certificate.not_after() == date(2030, 1, 1)));

  // The PEM private key belongs to the certificate.
  Botan::DataSource_Memory src(c.leaf.private_key_pem);
  const auto key = Botan::PKCS8::load_key(src);
  BOOST_TEST(key->subject_public_key() == botan_spki(c.leaf.certificate), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(key_types) {
  BOOST_TEST(algo_of(chain_from(3).leaf) == "ECDSA");
  const auto p384 = chain_from(3, sim::KeyType::EcdsaP384);
  Botan::DataSource_Memory src(p384.leaf.private_key_pem);
  const auto key = Botan::PKCS8::load_key(src);
  const auto* ec = dynamic_cast<const Botan::ECDSA_PrivateKey*>(key.get());
  BOOST_REQUIRE(ec != nullptr);
  BOOST_TEST(ec->domain().get_curve_oid().to_formatted_string() == "secp384r1");
  BOOST_TEST(algo_of(chain_from(3, sim::KeyType::Ed25519).leaf) == "Ed25519");

  // One RSA certificate (RSA key generation is slow under ASan), as a root issuing an ECDSA leaf.
  sim::Pki pki(4);
  sim::CertSpec root_spec;
  root_spec.common_name = "RSA Root";
  root_spec.not_before = date(2020, 1, 1);
  root_spec.not_after = date(2030, 1, 1);
  root_spec.is_ca = true;
  root_spec.key_type = sim::KeyType::Rsa2048;
  const auto rsa_root = pki.self_signed(root_spec);
  BOOST_TEST(algo_of(rsa_root) == "RSA");
  BOOST_TEST(owned_key(botan(rsa_root.certificate))->key_length() == 2048u);
  sim::CertSpec leaf_spec;
  leaf_spec.common_name = mx_name;
  leaf_spec.dns_names = {mx_name};
  leaf_spec.not_before = leaf_from();
  leaf_spec.not_after = leaf_until();
  const auto leaf = pki.issue(leaf_spec, rsa_root);
  BOOST_TEST(botan(leaf.certificate).check_signature(*owned_key(botan(rsa_root.certificate))));
  const Chain chain{leaf.certificate, rsa_root.certificate};
  const std::vector<Tlsa> ta{expected_record(rsa_root.certificate, Usage::DaneTa, Selector::Spki,
                                             MatchingType::Sha2_256)};
  const auto r = verify_chain(chain, ta, now(), smtp_options());
  BOOST_TEST(r.verified());
  BOOST_TEST(r.depth == 1);
  // RSA-2048 is ~110 bits by Botan's estimate: a 128-bit floor rejects the path.
  MatchOptions strict = smtp_options();
  strict.min_signature_strength = 128;
  BOOST_TEST(!verify_chain(chain, ta, now(), strict).verified());
}

BOOST_AUTO_TEST_CASE(leaf_without_common_name) {
  sim::Pki pki(8);
  const auto c = sim::make_sample_chain(pki, {mx_name}, leaf_from(), leaf_until());
  sim::CertSpec spec;
  spec.dns_names = {"nocn.example.com"};
  spec.not_before = leaf_from();
  spec.not_after = leaf_until();
  const auto leaf = pki.issue(spec, c.intermediate);
  BOOST_TEST(leaf.certificate.common_names().empty());
  BOOST_TEST(leaf.certificate.dns_names() == (std::vector<std::string>{"nocn.example.com"}),
             boost::test_tools::per_element());
  const Chain chain{leaf.certificate, c.intermediate.certificate};
  MatchOptions opts = smtp_options();
  opts.reference_names = {"nocn.example.com"};
  const std::vector<Tlsa> ta{make_tlsa(c.intermediate.certificate)};
  BOOST_TEST(verify_chain(chain, ta, now(), opts).verified());
}

BOOST_AUTO_TEST_CASE(issuing_from_a_leaf_is_refused) {
  const auto c = chain_from(9);
  sim::CertSpec spec;
  spec.common_name = "x.example.com";
  spec.not_before = leaf_from();
  spec.not_after = leaf_until();
  sim::Pki pki(9);
  BOOST_CHECK_THROW(pki.issue(spec, c.leaf), dane::Error);
}

BOOST_AUTO_TEST_CASE(openssl_verifies_the_sample_chain) {
  if (!run_command("openssl version >/dev/null 2>&1")) {
    BOOST_TEST_MESSAGE("openssl not found; skipping");
    return;
  }
  const auto c = chain_from(99);
  const auto dir = std::filesystem::temp_directory_path() / ("dane-unit-pki-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& name, const Certificate& cert) {
    std::ofstream(dir / name) << cert.to_pem();
    return (dir / name).string();
  };
  const auto root = write("root.pem", c.root.certificate);
  const auto inter = write("inter.pem", c.intermediate.certificate);
  const auto leaf = write("leaf.pem", c.leaf.certificate);
  const auto at = std::to_string(now().time_since_epoch().count());
  const std::string base = "openssl verify -CAfile " + root + " -untrusted " + inter + " -purpose sslserver ";
  BOOST_TEST(run_command(base + "-attime " + at + " -verify_hostname " + mx_name + " " + leaf + " 2>&1").has_value());
  // Outside the leaf's validity, and with the wrong host name, openssl refuses.
  const auto later = std::to_string(date(2026, 1, 1).time_since_epoch().count());
  BOOST_TEST(!run_command(base + "-attime " + later + " " + leaf + " >/dev/null 2>&1").has_value());
  BOOST_TEST(!run_command(base + "-attime " + at + " -verify_hostname other.example.org " + leaf +
                          " >/dev/null 2>&1")
                  .has_value());
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
