// generate.hpp: association data and TLSA records, checked against Botan
// hashes and against the openssl command line tool.
#include <boost/test/unit_test.hpp>

#include <botan/chacha_rng.h>
#include <botan/data_src.h>
#include <botan/pkcs10.h>
#include <botan/pkcs8.h>
#include <botan/x509_ca.h>
#include <botan/x509self.h>

#include "support.hpp"

using namespace dane;
using namespace dane::test;

namespace {

/// A renewal of issued that keeps its key (new validity, new serial), made with Botan directly.
Certificate renew_with_same_key(const sim::Issued& issued, const sim::Issued& issuer, Time from, Time until) {
  Botan::ChaCha_RNG rng(Botan::secure_vector<std::uint8_t>(32, 0x5a));
  Botan::DataSource_Memory key_src(issued.private_key_pem);
  const auto key = Botan::PKCS8::load_key(key_src);
  Botan::DataSource_Memory ca_key_src(issuer.private_key_pem);
  const auto ca_key = Botan::PKCS8::load_key(ca_key_src);
  Botan::X509_Cert_Options opts;
  opts.common_name = mx_name;
  opts.dns = mx_name;
  const auto req = Botan::X509::create_cert_req(opts, *key, "SHA-256", rng);
  const Botan::X509_CA ca(Botan::X509_Certificate(issuer.certificate.der()), *ca_key, "SHA-256", rng);
  const auto cert = ca.sign_request(req, rng, Botan::X509_Time(std::chrono::system_clock::time_point(from)),
                                    Botan::X509_Time(std::chrono::system_clock::time_point(until)));
  return Certificate::from_der(cert.BER_encode());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(generate)

BOOST_AUTO_TEST_CASE(association_data_matches_botan) {
  const auto& c = standard_chain();
  for (const auto* cert : {&c.leaf.certificate, &c.intermediate.certificate, &c.root.certificate}) {
    for (int s = 0; s <= 1; ++s) {
      for (int m = 0; m <= 2; ++m) {
        BOOST_TEST_CONTEXT(cert->subject() << " selector " << s << " mtype " << m) {
          const auto sel = static_cast<Selector>(s);
          const auto mt = static_cast<MatchingType>(m);
          BOOST_TEST(association_data(*cert, sel, mt) == expected_data(*cert, sel, mt),
                     boost::test_tools::per_element());
        }
      }
    }
  }
  // Full(0) is the object itself; the SPKI is what Botan extracts.
  BOOST_TEST(association_data(c.leaf.certificate, Selector::Cert, MatchingType::Full) == c.leaf.certificate.der(),
             boost::test_tools::per_element());
  BOOST_TEST(c.leaf.certificate.spki() == botan_spki(c.leaf.certificate), boost::test_tools::per_element());
  BOOST_TEST(c.leaf.certificate.selector_data(Selector::Spki) == botan_spki(c.leaf.certificate),
             boost::test_tools::per_element());
  BOOST_TEST(c.leaf.certificate.selector_data(static_cast<Selector>(2)).empty());
}

BOOST_AUTO_TEST_CASE(association_data_matches_openssl_cli) {
  // The recipe from RFC 7671 / Postfix TLS_README:
  // openssl x509 -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256
  if (!run_command("openssl version >/dev/null 2>&1")) {
    BOOST_TEST_MESSAGE("openssl not found; skipping the cross-check");
    return;
  }
  const auto& c = standard_chain();
  const auto& pool = chain_pool();
  for (const auto* cert : {&c.leaf.certificate, &c.intermediate.certificate, &pool.at(1).leaf.certificate,
                           &pool.at(2).root.certificate}) {
    for (int s = 0; s <= 1; ++s) {
      for (int m = 1; m <= 2; ++m) {
        BOOST_TEST_CONTEXT(cert->subject() << " selector " << s << " mtype " << m) {
          const auto sel = static_cast<Selector>(s);
          const auto mt = static_cast<MatchingType>(m);
          const auto ossl = openssl_digest(*cert, sel, mt);
          BOOST_REQUIRE(ossl.has_value());
          BOOST_TEST(hex(association_data(*cert, sel, mt)) == *ossl);
          BOOST_TEST(make_tlsa(*cert, std::nullopt, sel, mt).to_string().substr(6) == upper_hex(expected_data(*cert, sel, mt)));
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(make_tlsa_defaults) {
  const auto& c = standard_chain();
  // RFC 7671 §8: "3 1 1" for a leaf, "2 1 1" for a CA.
  const Tlsa ee = make_tlsa(c.leaf.certificate);
  BOOST_TEST(ee.to_string() == "3 1 1 " + upper_hex(expected_data(c.leaf.certificate, Selector::Spki,
                                                                    MatchingType::Sha2_256)));
  const Tlsa ta = make_tlsa(c.intermediate.certificate);
  BOOST_TEST(ta.to_string() == "2 1 1 " + upper_hex(expected_data(c.intermediate.certificate, Selector::Spki,
                                                                    MatchingType::Sha2_256)));
  BOOST_TEST(make_tlsa(c.root.certificate).to_string().substr(0, 6) == "2 1 1 ");
}

BOOST_AUTO_TEST_CASE(self_signed_server_certificate_with_ca_flag_gets_dane_ee) {
  // "openssl req -x509" marks a server's self-signed certificate cA=TRUE. A
  // "2 1 1" for it could never match (RFC 7671 §5.2: DANE-TA never matches
  // the leaf), so the default must be "3 1 1"; a self-signed CA without DNS
  // names (a root) keeps DANE-TA.
  sim::Pki pki(77);
  sim::CertSpec server{mx_name, {mx_name}, leaf_from(), leaf_until(), true, std::nullopt, sim::KeyType::EcdsaP256};
  const auto self = pki.self_signed(server).certificate;
  BOOST_TEST(self.is_ca());
  BOOST_TEST(default_usage(self) == Usage::DaneEe);
  BOOST_TEST(make_tlsa(self).to_string().substr(0, 6) == "3 1 1 ");
  MatchOptions o;
  o.reference_names = {mx_name};
  BOOST_TEST(verify_chain(Chain{self}, std::vector<Tlsa>{make_tlsa(self)}, now(), o).verified());
  sim::CertSpec root{"Example Root", {}, leaf_from(), leaf_until(), true, std::nullopt, sim::KeyType::EcdsaP256};
  BOOST_TEST(default_usage(pki.self_signed(root).certificate) == Usage::DaneTa);
}

BOOST_AUTO_TEST_CASE(make_tlsa_explicit_parameters) {
  const auto& c = standard_chain();
  for (int u = 0; u <= 3; ++u) {
    for (int s = 0; s <= 1; ++s) {
      for (int m = 0; m <= 2; ++m) {
        const auto usage = static_cast<Usage>(u);
        const auto sel = static_cast<Selector>(s);
        const auto mt = static_cast<MatchingType>(m);
        BOOST_TEST(make_tlsa(c.root.certificate, usage, sel, mt) == expected_record(c.root.certificate, usage, sel, mt));
      }
    }
  }
  BOOST_CHECK_THROW(make_tlsa(c.leaf.certificate, Usage::DaneEe, static_cast<Selector>(2)), InputError);
  BOOST_CHECK_THROW(make_tlsa(c.leaf.certificate, Usage::DaneEe, Selector::Spki, static_cast<MatchingType>(3)),
                    InputError);
  BOOST_CHECK_THROW(association_data(c.leaf.certificate, Selector::PrivSel, MatchingType::Full), InputError);
}

BOOST_AUTO_TEST_CASE(rollover_two_keys) {
  const auto& current = standard_chain().leaf.certificate;
  const auto& next = other_chain().leaf.certificate;
  const auto rrset = rollover_tlsa(current, next);
  BOOST_REQUIRE_EQUAL(rrset.size(), 2u);
  BOOST_TEST(rrset[0] == expected_record(current, Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256));
  BOOST_TEST(rrset[1] == expected_record(next, Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256));
  // Both servers verify against the rollover RRset.
  BOOST_TEST(verify_chain(standard_chain().full(), rrset, now(), smtp_options()).verified());
  BOOST_TEST(verify_chain(other_chain().full(), rrset, now(), smtp_options()).verified());
}

BOOST_AUTO_TEST_CASE(rollover_with_reused_key) {
  const auto& c = standard_chain();
  const Certificate renewed = renew_with_same_key(c.leaf, c.intermediate, date(2024, 12, 1), date(2025, 12, 1));
  BOOST_TEST(!(renewed == c.leaf.certificate));
  BOOST_TEST(renewed.spki() == c.leaf.certificate.spki(), boost::test_tools::per_element());
  // SPKI records are identical: one record.
  const auto spki_set = rollover_tlsa(c.leaf.certificate, renewed);
  BOOST_REQUIRE_EQUAL(spki_set.size(), 1u);
  BOOST_TEST(spki_set[0] == expected_record(renewed, Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256));
  // Certificate records differ: two records.
  BOOST_TEST(rollover_tlsa(c.leaf.certificate, renewed, std::nullopt, Selector::Cert).size() == 2u);
  BOOST_TEST(rollover_tlsa(c.leaf.certificate, c.leaf.certificate).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
