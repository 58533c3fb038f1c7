// Tests of full delivery scenarios (dane/sim/scenario.hpp, runner.hpp) over
// the fixtures in tests/data/scenarios. Every expected outcome is written in
// the fixture files from RFC 7672 / smtp-dane-scenarios.md / mission.md (with
// the reason next to it); association data is recomputed with openssl.
#define BOOST_TEST_MODULE scenario
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "dane/error.hpp"
#include "dane/sim/runner.hpp"
#include "dane/sim/scenario.hpp"
#include "dane/smtp/profiles.hpp"
#include "support.hpp"

using namespace dane;
using dane::test::openssl_digest;

namespace dane::smtp {
inline std::ostream& boost_test_print_type(std::ostream& os, Action v) { return os << to_string(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, TlsLogClass v) { return os << to_string(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, ReportResult v) { return os << to_string(v); }
}  // namespace dane::smtp

namespace {

const std::string dir = DANE_FIXTURE_DIR;

/// A fixture, loaded afresh: a scenario holds DNSSEC signing keys, which must
/// not live in a static object (Botan's memory pool is torn down first at exit).
sim::FullScenario fixture(const std::string& name) { return sim::load_full_scenario(dir + "/" + name + ".yaml"); }

bool contains(const std::vector<std::string>& lines, const std::string& needle) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(needle) != std::string::npos; });
}

/// A minimal scenario text with one replaceable section.
std::string minimal(const std::string& extra_mta = "certificates: {default: mail}", const std::string& tail = "") {
  return "name: t\ntime: 2026-11-22T12:00:00Z\nseed: 2\n"
         "certificates:\n  mail: {names: [mail.example.test]}\n"
         "zones:\n  - apex: example.test.\n    records:\n"
         "      - \"@ 300 IN MX 10 mail\"\n      - \"mail 300 IN A 192.0.2.25\"\n"
         "      - \"_25._tcp.mail 300 IN TLSA ${tlsa 3 1 1 mail}\"\n"
         "mta:\n  - host: mail.example.test.\n    addresses: [192.0.2.25]\n    " +
         extra_mta + "\nsend: {to: user@example.test}\n" + tail;
}

/// The InputError message of parsing text (empty when it parses).
std::string error_of(const std::string& text) {
  try {
    (void)sim::parse_full_scenario(text, "t.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(loading)

BOOST_AUTO_TEST_CASE(tlsa_expansion_matches_openssl) {
  const auto s = fixture("fixture-valid");
  const auto& mail = s.certificates.at("mail");
  // The leaf is issued by the scenario's CA for the names given, valid at the scenario time.
  BOOST_TEST(mail.leaf.subject().find("mail.example.test") != std::string::npos);
  BOOST_TEST(mail.issuer.subject().find("Sim Issuing CA") != std::string::npos);
  BOOST_TEST(mail.root.subject().find("Sim Root CA") != std::string::npos);
  BOOST_TEST((mail.leaf.not_before() <= s.dns.time && s.dns.time <= mail.leaf.not_after()));
  BOOST_TEST(mail.chain.size() == 2u);  // with-intermediate by default

  const auto spki = openssl_digest(mail.leaf, Selector::Spki, MatchingType::Sha2_256);
  if (!spki) return;  // openssl not installed
  std::string upper = *spki;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  BOOST_TEST(s.dns.zones.at(0).records.at(2) == "_25._tcp.mail 300 IN TLSA 3 1 1 " + upper);

  // Usage 2 takes the issuing CA unless told otherwise; :root the root; ${data} only the hex.
  const auto ca = openssl_digest(mail.issuer, Selector::Spki, MatchingType::Sha2_256);
  const auto root_full = openssl_digest(mail.root, Selector::Cert, MatchingType::Sha2_512);
  BOOST_REQUIRE(ca && root_full);
  auto up = [](std::string x) {
    std::transform(x.begin(), x.end(), x.begin(), ::toupper);
    return x;
  };
  BOOST_TEST(sim::expand_record("x TLSA ${tlsa 2 1 1 mail}", s.certificates, "f", "r") == "x TLSA 2 1 1 " + up(*ca));
  BOOST_TEST(sim::expand_record("${tlsa 2 0 2 mail:root}", s.certificates, "f", "r") == "2 0 2 " + up(*root_full));
  BOOST_TEST(sim::expand_record("3 1 2 ${data 1 1 mail}", s.certificates, "f", "r") == "3 1 2 " + upper);
  BOOST_TEST(sim::expand_record("no reference", s.certificates, "f", "r") == "no reference");
}

BOOST_AUTO_TEST_CASE(same_seed_same_certificates) {
  const auto a = sim::load_full_scenario(dir + "/fixture-valid.yaml");
  const auto b = sim::load_full_scenario(dir + "/fixture-valid.yaml");
  BOOST_TEST((a.certificates.at("mail").leaf == b.certificates.at("mail").leaf));
  BOOST_TEST(a.dns.zones[0].records == b.dns.zones[0].records);
}

BOOST_AUTO_TEST_CASE(certificate_kinds) {
  // expired / not-yet-valid / self-signed are placed around the scenario time.
  std::string t = minimal("certificates: {default: old}");
  t.replace(t.find("certificates:\n"), 14,
            "certificates:\n  old: {names: [mail.example.test], kind: expired}\n"
            "  new: {names: [mail.example.test], kind: not-yet-valid}\n"
            "  self: {names: [mail.example.test], kind: self-signed, chain: full}\n");
  const auto s = sim::parse_full_scenario(t, "t.yaml");
  BOOST_TEST((s.certificates.at("old").leaf.not_after() < s.dns.time));
  BOOST_TEST((s.certificates.at("new").leaf.not_before() > s.dns.time));
  const auto& self = s.certificates.at("self");
  BOOST_TEST(self.leaf.subject() == self.leaf.issuer());
  BOOST_TEST(self.chain.size() == 1u);  // a self-signed leaf has nothing else to send
}

BOOST_AUTO_TEST_CASE(errors_name_file_and_path) {
  BOOST_TEST(error_of(minimal()) == "");
  auto has = [](const std::string& message, const std::string& part) {
    BOOST_TEST_INFO(message);
    BOOST_TEST(message.find(part) != std::string::npos);
  };
  std::string bad_ref = minimal();
  bad_ref.replace(bad_ref.find("${tlsa 3 1 1 mail}"), 18, "${tlsa 3 1 1 nosuch}");
  has(error_of(bad_ref), "t.yaml");
  has(error_of(bad_ref), "zones[0].records[2]");
  has(error_of(bad_ref), "nosuch");
  std::string unterminated = minimal();
  unterminated.replace(unterminated.find("${tlsa 3 1 1 mail}"), 18, "${tlsa 3 1 1 mail");
  has(error_of(unterminated), "unterminated");
  has(error_of(minimal("certificates: {default: evil}")), "mta[0].certificates.default");
  has(error_of(minimal("starttls: maybe")), "mta[0].starttls");
  has(error_of(minimal("certificates: {default: mail}", "attacker: {address: 192.0.2.99, kind: strip-starttls}\n")),
      "attacker.address");
  has(error_of(minimal("certificates: {default: mail}", "attacker: {address: 192.0.2.25, kind: dos}\n")),
      "attacker.kind");
  has(error_of(minimal("certificates: {default: mail}", "expect: {postfix-dain: {verdict: defer, reason: x}}\n")),
      "expect.postfix-dain");
  has(error_of(minimal("certificates: {default: mail}", "expect: {default: {verdict: defer}}\n")),
      "expect.default.reason");
  has(error_of(minimal("certificates: {default: mail}", "expect: {default: {verdict: maybe, reason: x}}\n")),
      "expect.default.verdict");
  has(error_of(minimal("certificates: {default: mail}", "expect: {default: {verdict: defer, tls: Great, reason: x}}\n")),
      "expect.default.tls");
  std::string no_to = minimal();
  no_to.replace(no_to.find("send: {to: user@example.test}"), 29, "send: {to: nobody}");
  has(error_of(no_to), "send.to");
  std::string no_mta = minimal();
  no_mta.erase(no_mta.find("mta:"), no_mta.find("send:") - no_mta.find("mta:"));
  has(error_of(no_mta), "mta");
  has(error_of("name: [x"), "t.yaml");
  // The file name and the scenario name must agree.
  BOOST_CHECK_THROW(sim::load_full_scenario(dir + "/../../../sim/scenarios/dns/valid.yaml"), InputError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(running)

BOOST_AUTO_TEST_CASE(valid_dane_delivery) {
  // RFC 7672 §2.2 case 1, §3.1.1: secure usable TLSA that matches -> authenticated delivery.
  const auto r = sim::run_scenario(fixture("fixture-valid"), "postfix-dane");
  BOOST_TEST(r.verdict == smtp::Action::DeliverAuthenticated);
  BOOST_TEST(r.tls == smtp::TlsLogClass::Verified);
  BOOST_TEST(r.report == smtp::ReportResult::None);
  BOOST_TEST(r.via.value_or("") == "mail.example.test");
  BOOST_TEST(r.delivered);
  BOOST_TEST(r.met);
  BOOST_TEST(r.differences.empty());
  // Postfix smtp(8) wording of the sending side, smtpd on the receiving side.
  BOOST_TEST(contains(r.client_log, "Verified TLS connection established to mail.example.test[192.0.2.25]:25"));
  BOOST_TEST(contains(r.client_log, "status=sent"));
  BOOST_TEST(contains(r.server_log, "connect from"));
  // The resolver asked for the TLSA RRset, with the DO bit (BIND's "+E(0)D" flags).
  BOOST_TEST(contains(r.query_log, "_25._tcp.mail.example.test IN TLSA"));
  BOOST_TEST(contains(r.dns_log, "SECURE MX record(mail.example.test) found for example.test"));
}

BOOST_AUTO_TEST_CASE(postfix_may_never_looks_up_tlsa) {
  // smtp-dane-scenarios §3.2: Postfix may is opportunistic TLS without TLSA lookups.
  const auto r = sim::run_scenario(fixture("fixture-valid"), "postfix-may");
  BOOST_TEST(r.verdict == smtp::Action::DeliverEncrypted);
  BOOST_TEST(r.tls == smtp::TlsLogClass::Untrusted);
  BOOST_TEST(!contains(r.query_log, "IN TLSA"));
  BOOST_TEST(r.met);
}

BOOST_AUTO_TEST_CASE(wrong_expectation_is_reported) {
  const std::string text =
      minimal("certificates: {default: mail}",
              "expect: {default: {verdict: defer, tls: none, report: dnssec-invalid, reason: deliberately wrong}}\n");
  const auto s = sim::parse_full_scenario(text, "t.yaml");
  const auto r = sim::run_scenario(s, "rfc7672");
  BOOST_TEST(!r.met);
  BOOST_TEST(r.differences.size() == 3u);
  BOOST_TEST(contains(r.differences, "verdict: expected defer, got deliver-authenticated"));
  BOOST_TEST(contains(r.differences, "tls: expected none, got Verified"));
  BOOST_TEST(contains(r.differences, "report: expected dnssec-invalid, got none"));
  // Without an expectation the run is unchecked, not failed.
  const auto bare = sim::parse_full_scenario(minimal(), "t.yaml");
  const auto u = sim::run_scenario(bare, "rfc7672");
  BOOST_TEST(!u.expected.has_value());
  BOOST_TEST(!u.met);
}

BOOST_AUTO_TEST_CASE(unknown_profile_is_input_error) {
  BOOST_CHECK_THROW(sim::run_scenario(fixture("fixture-valid"), "sendmail"), InputError);
  const std::vector<std::string> bad{"sendmail"};
  BOOST_CHECK_THROW(sim::run_matrix(std::span<const sim::FullScenario>(), bad), InputError);
}

BOOST_AUTO_TEST_CASE(same_seed_same_bytes) {
  const auto s = fixture("fixture-two-mx");
  const auto a = sim::run_scenario(s, "postfix-dane", sim::ResolverKind::Validating, 11);
  const auto b = sim::run_scenario(s, "postfix-dane", sim::ResolverKind::Validating, 11);
  BOOST_TEST(a.to_json() == b.to_json());
  BOOST_TEST(a.to_text() == b.to_text());
}

BOOST_AUTO_TEST_CASE(every_fixture_meets_its_expectations) {
  std::vector<sim::FullScenario> all;
  for (const auto& f : sim::scenario_files(dir)) all.push_back(sim::load_full_scenario(f));
  BOOST_REQUIRE_EQUAL(all.size(), 5u);
  const auto m1 = sim::run_matrix(all, {}, 1);
  BOOST_TEST_INFO(m1.to_text());
  BOOST_TEST(m1.differ() == 0u);
  BOOST_TEST(m1.unchecked() == 0u);  // every fixture has a default expectation
  BOOST_TEST(m1.runs() == all.size() * smtp::profiles().size());
  // Worker threads change nothing in the result, not even its order.
  const auto m2 = sim::run_matrix(all, {}, 2);
  BOOST_TEST(m1.to_json() == m2.to_json());
  BOOST_TEST(m1.to_text().find(std::to_string(m1.runs()) + " runs, 0 differ") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
