// verify_chain scenarios: RFC 7671 §5 and §9, RFC 7672 §3, and the OpenSSL
// danetest cases they mirror (numbers in /work/shared/reference/dane-rules.md §3.2).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>

#include "support.hpp"

using namespace dane;
using namespace dane::test;

namespace {

const sim::SampleChain& chain() { return standard_chain(); }
const Certificate& leaf() { return chain().leaf.certificate; }
const Certificate& intermediate() { return chain().intermediate.certificate; }
const Certificate& root() { return chain().root.certificate; }

MatchResult verify(const Chain& certs, const std::vector<Tlsa>& rrset, const MatchOptions& options = smtp_options(),
                   Time at = now()) {
  return verify_chain(certs, rrset, at, options);
}

Tlsa rec(const Certificate& cert, Usage u, Selector s = Selector::Spki, MatchingType m = MatchingType::Sha2_256) {
  return expected_record(cert, u, s, m);
}

/// A record of the right shape whose data does not match anything.
Tlsa wrong(Usage u, Selector s, MatchingType m) { return rec(other_chain().leaf.certificate, u, s, m); }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// A sample chain built once per (seed, names, validity).
sim::SampleChain make_chain(std::uint64_t seed, const std::vector<std::string>& names, Time from, Time until,
                            sim::KeyType type = sim::KeyType::EcdsaP256) {
  sim::Pki pki(seed);
  return sim::make_sample_chain(pki, names, from, until, type);
}

const sim::SampleChain& expired_chain() {
  static const auto c = make_chain(43, {mx_name}, date(2022, 1, 1), date(2023, 1, 1));
  return c;
}
const sim::SampleChain& future_chain() {
  static const auto c = make_chain(44, {mx_name}, date(2025, 1, 1), date(2026, 1, 1));
  return c;
}
const sim::SampleChain& wrong_name_chain() {
  static const auto c = make_chain(45, {"other.example.net"}, leaf_from(), leaf_until());
  return c;
}
const sim::SampleChain& wildcard_chain() {
  static const auto c = make_chain(46, {"*.example.com"}, leaf_from(), leaf_until());
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dane_ee)

BOOST_AUTO_TEST_CASE(self_signed_leaf) {
  sim::Pki pki(50);
  sim::CertSpec spec;
  spec.common_name = mx_name;
  spec.dns_names = {mx_name};
  spec.not_before = leaf_from();
  spec.not_after = leaf_until();
  const Certificate ss = pki.self_signed(spec).certificate;
  const auto r = verify({ss}, {rec(ss, Usage::DaneEe)});
  BOOST_TEST(r.verified());
  BOOST_TEST(r.depth == 0);
  BOOST_TEST(verify({ss}, {rec(ss, Usage::DaneEe, Selector::Cert, MatchingType::Full)}, generic_options()).verified());
  // A trust-anchor record never matches the leaf itself (RFC 7671 §5.2; OpenSSL's TA mask at depth 0).
  BOOST_TEST(to_string(verify({ss}, {rec(ss, Usage::DaneTa)}).status) == "Mismatch");
  BOOST_TEST(to_string(verify({ss}, {rec(ss, Usage::DaneTa, Selector::Cert)}).status) == "Mismatch");
}

BOOST_AUTO_TEST_CASE(nameless_never_valid_leaf_like_danetest_1_to_6) {
  // An anonymous leaf whose notAfter is before its notBefore still verifies by DANE-EE.
  sim::Pki pki(51);
  sim::CertSpec spec;
  spec.not_before = date(2015, 12, 14);
  spec.not_after = date(2015, 12, 13);
  const Certificate anon = pki.self_signed(spec).certificate;
  BOOST_TEST(anon.common_names().empty());
  for (int s = 0; s <= 1; ++s) {
    for (int m = 0; m <= 2; ++m) {
      const auto record = rec(anon, Usage::DaneEe, static_cast<Selector>(s), static_cast<MatchingType>(m));
      BOOST_TEST_CONTEXT(record.to_string().substr(0, 6)) {
        const auto r = verify({anon}, {record});
        BOOST_TEST(r.verified());
        BOOST_TEST(r.depth == 0);
        MatchOptions no_names = generic_options();
        no_names.ee_name_checks = false;
        BOOST_TEST(verify({anon}, {record}, no_names).verified());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(expired_and_not_yet_valid_leaf_still_verify) {
  // RFC 7671 §5.1: DANE-EE ignores validity dates.
  for (const auto* c : {&expired_chain(), &future_chain()}) {
    const auto r = verify(c->full(), {rec(c->leaf.certificate, Usage::DaneEe)});
    BOOST_TEST(r.verified());
    BOOST_TEST(r.depth == 0);
  }
}

BOOST_AUTO_TEST_CASE(wrong_name_smtp_verifies_generic_does_not) {
  const auto& c = wrong_name_chain();
  const auto record = rec(c.leaf.certificate, Usage::DaneEe);
  // RFC 7672 §3.1.1: no name checks for DANE-EE in SMTP (danetest 51).
  BOOST_TEST(verify(c.full(), {record}).verified());
  // Generic profile: names are checked like OpenSSL without DANE_FLAG_NO_DANE_EE_NAMECHECKS (danetest 54).
  const auto g = verify(c.full(), {record}, generic_options());
  BOOST_TEST(to_string(g.status) == "Mismatch");
  BOOST_TEST(to_string(g.failure) == "name-mismatch");
  BOOST_TEST(to_string(g.records.at(0).outcome) == "name-mismatch");
  MatchOptions off = generic_options();
  off.ee_name_checks = false;
  BOOST_TEST(verify(c.full(), {record}, off).verified());
  MatchOptions on = smtp_options();
  on.ee_name_checks = true;
  BOOST_TEST(to_string(verify(c.full(), {record}, on).failure) == "name-mismatch");
}

BOOST_AUTO_TEST_CASE(ee_record_for_a_ca_does_not_match) {
  for (const auto* ca : {&intermediate(), &root()}) {
    const auto r = verify(chain().full(), {rec(*ca, Usage::DaneEe)});
    BOOST_TEST(to_string(r.status) == "Mismatch");
    BOOST_TEST(to_string(r.failure) == "no-match");
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dane_ta)

BOOST_AUTO_TEST_CASE(ta_in_chain_without_root) {
  const auto r = verify(chain().without_root(), {rec(intermediate(), Usage::DaneTa)});
  BOOST_TEST(r.verified());
  BOOST_TEST(r.depth == 1);
  BOOST_TEST(!r.trust_anchor_from_dns);
}

BOOST_AUTO_TEST_CASE(ta_not_presented_by_the_server) {
  // RFC 7671 §5.2.2: a digest of the root is useless when the server does not send the root.
  const auto r = verify(chain().without_root(), {rec(root(), Usage::DaneTa)});
  BOOST_TEST(to_string(r.status) == "Mismatch");
  BOOST_TEST(to_string(r.failure) == "no-match");
  BOOST_TEST(r.depth == -1);
  BOOST_REQUIRE_EQUAL(r.records.size(), 1u);
  const std::string reason = lower(r.records[0].reason);
  BOOST_TEST((reason.find("present") != std::string::npos || reason.find("sent") != std::string::npos),
             "reason should say the trust anchor was not presented: " << r.records[0].reason);
  // With the root sent it verifies at depth 2 (danetest 20).
  BOOST_TEST(verify(chain().full(), {rec(root(), Usage::DaneTa)}).depth == 2);
}

BOOST_AUTO_TEST_CASE(bare_key_from_dns_2_1_0) {
  // danetest 49: the intermediate's key from DNS, only the leaf sent -> depth 0.
  const Tlsa key_record(Usage::DaneTa, Selector::Spki, MatchingType::Full, botan_spki(intermediate()));
  const auto r = verify({leaf()}, {key_record});
  BOOST_TEST(r.verified());
  BOOST_TEST(r.depth == 0);
  BOOST_TEST(r.trust_anchor_from_dns);
  // danetest 50: the root's key, leaf and intermediate sent -> depth 1.
  const Tlsa root_key(Usage::DaneTa, Selector::Spki, MatchingType::Full, botan_spki(root()));
  const auto r2 = verify(chain().without_root(), {root_key});
  BOOST_TEST(r2.verified());
  BOOST_TEST(r2.depth == 1);
  BOOST_TEST(r2.trust_anchor_from_dns);
  // A key that signed nothing in the chain.
  const Tlsa stranger(Usage::DaneTa, Selector::Spki, MatchingType::Full, botan_spki(other_chain().root.certificate));
  BOOST_TEST(to_string(verify(chain().without_root(), {stranger}).status) == "Mismatch");
}

BOOST_AUTO_TEST_CASE(full_certificate_from_dns_2_0_0) {
  // danetest 47: the root certificate from DNS, chain without the root -> depth 2.
  const Tlsa root_cert(Usage::DaneTa, Selector::Cert, MatchingType::Full, root().der());
  const auto r = verify(chain().without_root(), {root_cert});
  BOOST_TEST(r.verified());
  BOOST_TEST(r.depth == 2);
  BOOST_TEST(r.trust_anchor_from_dns);
  // danetest 48: the intermediate from DNS, only the leaf sent -> depth 1.
  const Tlsa int_cert(Usage::DaneTa, Selector::Cert, MatchingType::Full, intermediate().der());
  const auto r2 = verify({leaf()}, {int_cert});
  BOOST_TEST(r2.verified());
  BOOST_TEST(r2.depth == 1);
  BOOST_TEST(r2.trust_anchor_from_dns);
}

BOOST_AUTO_TEST_CASE(ta_record_matching_only_the_leaf) {
  for (int s = 0; s <= 1; ++s) {
    for (int m = 0; m <= 2; ++m) {
      const auto record = rec(leaf(), Usage::DaneTa, static_cast<Selector>(s), static_cast<MatchingType>(m));
      BOOST_TEST_CONTEXT(record.to_string().substr(0, 6)) {
        const auto r = verify(chain().full(), {record});
        BOOST_TEST(!r.verified());
        BOOST_TEST(r.depth == -1);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(expired_leaf_below_the_ta) {
  for (const auto* c : {&expired_chain(), &future_chain()}) {
    const auto r = verify(c->full(), {rec(c->intermediate.certificate, Usage::DaneTa)});
    BOOST_TEST(to_string(r.status) == "Mismatch");
    BOOST_TEST(to_string(r.failure) == "certificate-expired");
    BOOST_TEST(to_string(r.records.at(0).outcome) == "path-invalid");
    // At a time inside the leaf's validity the same chain verifies.
    const Time inside = c->leaf.certificate.not_before() + std::chrono::days(10);
    BOOST_TEST(verify(c->full(), {rec(c->intermediate.certificate, Usage::DaneTa)}, smtp_options(), inside).verified());
  }
}

BOOST_AUTO_TEST_CASE(name_checks_apply_to_dane_ta) {
  // RFC 7672 §3.2.2; danetest 52 / 53.
  const auto& c = wrong_name_chain();
  for (const auto* ta : {&c.intermediate.certificate, &c.root.certificate}) {
    const auto r = verify(c.full(), {rec(*ta, Usage::DaneTa)});
    BOOST_TEST(to_string(r.status) == "Mismatch");
    BOOST_TEST(to_string(r.failure) == "name-mismatch");
    BOOST_TEST(to_string(r.records.at(0).outcome) == "name-mismatch");
  }
  const auto record = rec(c.intermediate.certificate, Usage::DaneTa);
  MatchOptions skip = smtp_options();
  skip.skip_name_checks = true;
  BOOST_TEST(verify(c.full(), {record}, skip).verified());
  MatchOptions several = smtp_options();
  several.reference_names = {"example.com", "OTHER.example.net."};
  BOOST_TEST(verify(c.full(), {record}, several).verified());
  MatchOptions none = smtp_options();
  none.reference_names.clear();
  BOOST_TEST(to_string(verify(chain().full(), {rec(intermediate(), Usage::DaneTa)}, none).failure) ==
             "name-mismatch");
}

BOOST_AUTO_TEST_CASE(wildcard_leaf) {
  const auto& c = wildcard_chain();
  const auto record = rec(c.intermediate.certificate, Usage::DaneTa);
  BOOST_TEST(verify(c.full(), {record}).verified());  // *.example.com vs mail.example.com
  MatchOptions deep = smtp_options();
  deep.reference_names = {"a.b.example.com"};
  BOOST_TEST(to_string(verify(c.full(), {record}, deep).failure) == "name-mismatch");
  deep.name_options.multi_label_wildcards = true;
  BOOST_TEST(verify(c.full(), {record}, deep).verified());
  MatchOptions apex = smtp_options();
  apex.reference_names = {"example.com"};
  BOOST_TEST(to_string(verify(c.full(), {record}, apex).failure) == "name-mismatch");
}

BOOST_AUTO_TEST_CASE(leaf_not_signed_by_the_matched_ta) {
  // Another hierarchy's leaf (same issuer name, other key) in front of our
  // intermediate. OpenSSL does not even take the intermediate as the issuer
  // (the authorityKeyIdentifier differs) and reports DANE_NO_MATCH; a
  // path-invalid verdict is as good. It must never verify.
  const Chain mixed{other_chain().leaf.certificate, intermediate()};
  const auto r = verify(mixed, {rec(intermediate(), Usage::DaneTa)});
  BOOST_TEST(to_string(r.status) == "Mismatch");
  BOOST_TEST((r.failure == Failure::NoMatch || r.failure == Failure::PathInvalid), "failure " << to_string(r.failure));
}

BOOST_AUTO_TEST_CASE(chain_sent_out_of_order) {
  // Depth is counted in the verified path, not in the order sent (dane-rules.md §3.1).
  const Chain shuffled{leaf(), root(), intermediate()};
  const auto r = verify(shuffled, {rec(root(), Usage::DaneTa)});
  BOOST_TEST(r.verified());
  BOOST_TEST(r.depth == 2);
}

BOOST_AUTO_TEST_CASE(lowest_ta_wins) {
  const auto r = verify(chain().full(), {rec(root(), Usage::DaneTa), rec(intermediate(), Usage::DaneTa)});
  BOOST_TEST(r.verified());
  BOOST_TEST(r.depth == 1);
  BOOST_TEST(r.matched_record.value_or(99) == 1u);
}

BOOST_AUTO_TEST_CASE(ed25519_hierarchy) {
  const auto c = make_chain(47, {mx_name}, leaf_from(), leaf_until(), sim::KeyType::Ed25519);
  const auto r = verify(c.full(), {rec(c.intermediate.certificate, Usage::DaneTa)});
  BOOST_TEST(r.verified());
  BOOST_TEST(r.depth == 1);
  BOOST_TEST(verify(c.full(), {rec(c.leaf.certificate, Usage::DaneEe)}).verified());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rrsets)

BOOST_AUTO_TEST_CASE(digest_agility_wrong_sha512_hides_right_sha256) {
  // RFC 7671 §9: only the most preferred digest per usage+selector is used.
  const std::vector<Tlsa> rrset{wrong(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_512),
                                rec(leaf(), Usage::DaneEe)};
  const auto r = verify(chain().full(), rrset);
  BOOST_TEST(to_string(r.status) == "Mismatch");
  BOOST_TEST(to_string(r.failure) == "no-match");
  BOOST_REQUIRE_EQUAL(r.records.size(), 2u);
  BOOST_TEST(to_string(r.records[0].outcome) == "no-match");
  BOOST_TEST(to_string(r.records[1].outcome) == "superseded");
  BOOST_TEST(r.records[1].index == 1u);

  // With only SHA2-256 enabled the 3 1 2 is unusable and the 3 1 1 decides.
  MatchOptions sha256_only = smtp_options();
  sha256_only.digests = {MatchingType::Sha2_256};
  const auto r2 = verify(chain().full(), rrset, sha256_only);
  BOOST_TEST(r2.verified());
  BOOST_TEST(r2.matched_record.value_or(99) == 1u);
  BOOST_TEST(to_string(r2.records.at(0).outcome) == "unusable");

  // Preference reversed (OpenSSL danetest's ordinals): now the right 3 1 1 is preferred.
  MatchOptions reversed = smtp_options();
  reversed.digests = {MatchingType::Sha2_256, MatchingType::Sha2_512};
  BOOST_TEST(verify(chain().full(), rrset, reversed).verified());
  const std::vector<Tlsa> rrset2{rec(leaf(), Usage::DaneEe, Selector::Spki, MatchingType::Sha2_512),
                                 wrong(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256)};
  BOOST_TEST(to_string(verify(chain().full(), rrset2, reversed).status) == "Mismatch");
  BOOST_TEST(verify(chain().full(), rrset2).verified());
}

BOOST_AUTO_TEST_CASE(agility_is_per_usage_and_selector) {
  // "3 1 1 good + 3 0 2 bad": different selector, so the 3 1 1 still counts.
  BOOST_TEST(verify(chain().full(), {rec(leaf(), Usage::DaneEe),
                                     wrong(Usage::DaneEe, Selector::Cert, MatchingType::Sha2_512)})
                 .verified());
  // "3 0 1 good + 3 0 2 bad": same selector, hidden (openssl/openssl#10269).
  BOOST_TEST(to_string(verify(chain().full(), {rec(leaf(), Usage::DaneEe, Selector::Cert),
                                               wrong(Usage::DaneEe, Selector::Cert, MatchingType::Sha2_512)})
                           .status) == "Mismatch");
  // A wrong DANE-TA SHA2-512 does not hide a DANE-EE SHA2-256.
  BOOST_TEST(verify(chain().full(), {wrong(Usage::DaneTa, Selector::Spki, MatchingType::Sha2_512),
                                     rec(leaf(), Usage::DaneEe)})
                 .verified());
  // Full(0) is never superseded.
  BOOST_TEST(verify(chain().full(), {wrong(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_512),
                                     rec(leaf(), Usage::DaneEe, Selector::Spki, MatchingType::Full)})
                 .verified());
}

BOOST_AUTO_TEST_CASE(malformed_records_do_not_take_part_in_agility) {
  // RFC 7671 §9: discard malformed records first. A 63-octet "SHA2-512" is malformed.
  const Tlsa malformed(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_512, std::vector<std::uint8_t>(63, 0xab));
  const auto r = verify(chain().full(), {malformed, rec(leaf(), Usage::DaneEe)});
  BOOST_TEST(r.verified());
  BOOST_TEST(to_string(r.records.at(0).outcome) == "unusable");
}

BOOST_AUTO_TEST_CASE(any_matching_record_suffices) {
  // Rollover: the next key's record next to the current one (RFC 7671 §8.1).
  const auto r = verify(chain().full(), {wrong(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256),
                                         rec(leaf(), Usage::DaneEe)});
  BOOST_TEST(r.verified());
  BOOST_TEST(r.matched_record.value_or(99) == 1u);
  // A good DANE-TA next to a wrong DANE-EE (Exim's "danemixed").
  const auto r2 = verify(chain().full(), {rec(intermediate(), Usage::DaneTa, Selector::Cert),
                                          wrong(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256)});
  BOOST_TEST(r2.verified());
  BOOST_TEST(r2.depth == 1);
  // DANE-EE beats DANE-TA (danetest 43).
  const auto r3 = verify(chain().full(), {rec(intermediate(), Usage::DaneTa), rec(leaf(), Usage::DaneEe)});
  BOOST_TEST(r3.verified());
  BOOST_TEST(r3.depth == 0);
}

BOOST_AUTO_TEST_CASE(empty_rrset) {
  const auto r = verify(chain().full(), {});
  BOOST_TEST(to_string(r.status) == "NoUsableRecords");
  BOOST_TEST(to_string(r.failure) == "no-usable-records");
  BOOST_TEST(r.records.empty());
}

BOOST_AUTO_TEST_CASE(only_unusable_records) {
  std::vector<Tlsa> rrset{
      Tlsa::parse("4 1 1 " + hex(expected_data(leaf(), Selector::Spki, MatchingType::Sha2_256))),
      Tlsa::parse("3 2 1 " + hex(expected_data(leaf(), Selector::Spki, MatchingType::Sha2_256))),
      Tlsa::parse("3 1 3 " + hex(expected_data(leaf(), Selector::Spki, MatchingType::Sha2_256))),
      Tlsa::parse("255 255 255 00"),
      Tlsa(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256, std::vector<std::uint8_t>(31, 1)),
      Tlsa(Usage::DaneEe, Selector::Spki, MatchingType::Full, {}),
      rec(leaf(), Usage::PkixEe),
      rec(root(), Usage::PkixTa),
  };
  const auto r = verify(chain().full(), rrset);
  BOOST_TEST(to_string(r.status) == "NoUsableRecords");
  BOOST_TEST(to_string(r.failure) == "no-usable-records");
  BOOST_REQUIRE_EQUAL(r.records.size(), rrset.size());
  for (const auto& report : r.records) {
    BOOST_TEST_CONTEXT("record " << report.index) { BOOST_TEST(to_string(report.outcome) == "unusable"); }
  }
  // One usable wrong record turns it into a mismatch (RFC 7672 §2.2).
  rrset.push_back(wrong(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256));
  BOOST_TEST(to_string(verify(chain().full(), rrset).status) == "Mismatch");
}

BOOST_AUTO_TEST_CASE(unparseable_full_certificate_from_dns_is_unusable) {
  // A "2 0 0" whose data is not a certificate cannot be a trust anchor.
  const auto r = verify(chain().without_root(), {Tlsa::parse("2 0 0 3003020100")});
  BOOST_TEST(!r.verified());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pkix_generic)

BOOST_AUTO_TEST_CASE(pkix_needs_a_path_to_the_trust_anchors) {
  const auto record = rec(leaf(), Usage::PkixEe);
  // No trust anchors: PKIX usages cannot succeed (libdane calls them unusable then).
  MatchOptions none = generic_options();
  none.pkix_trust_anchors.clear();
  BOOST_TEST(!verify(chain().full(), {record}, none).verified());
  MatchOptions stranger = generic_options();
  stranger.pkix_trust_anchors = {other_chain().root.certificate};
  BOOST_TEST(to_string(verify(chain().full(), {record}, stranger).status) == "Mismatch");
  // danetest 38: intermediate missing.
  BOOST_TEST(to_string(verify({leaf()}, {record}, generic_options()).status) == "Mismatch");
  // danetest 26: leaf and intermediate, root from the trust store.
  BOOST_TEST(verify(chain().without_root(), {record}, generic_options()).verified());
}

BOOST_AUTO_TEST_CASE(pkix_ta_from_the_trust_store) {
  // danetest 35: "0 1 1" of the root, chain without the root -> depth 2.
  const auto r = verify(chain().without_root(), {rec(root(), Usage::PkixTa)}, generic_options());
  BOOST_TEST(r.verified());
  BOOST_TEST(r.depth == 2);
  // danetest 31: "0 1 1" of the intermediate -> depth 1.
  const auto r2 = verify(chain().without_root(), {rec(intermediate(), Usage::PkixTa)}, generic_options());
  BOOST_TEST(r2.verified());
  BOOST_TEST(r2.depth == 1);
}

BOOST_AUTO_TEST_CASE(pkix_checks_names_and_dates) {
  const auto& w = wrong_name_chain();
  MatchOptions opts = generic_options();
  opts.pkix_trust_anchors = {w.root.certificate};
  BOOST_TEST(to_string(verify(w.full(), {rec(w.leaf.certificate, Usage::PkixEe)}, opts).failure) ==
             "name-mismatch");
  const auto& e = expired_chain();
  opts.pkix_trust_anchors = {e.root.certificate};
  const auto r = verify(e.full(), {rec(e.leaf.certificate, Usage::PkixEe)}, opts);
  BOOST_TEST(to_string(r.status) == "Mismatch");
  BOOST_TEST(to_string(r.failure) == "certificate-expired");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(preconditions_and_limits)

BOOST_AUTO_TEST_CASE(empty_chain_is_a_usage_error) {
  const std::vector<Certificate> empty;
  const std::vector<Tlsa> rrset{rec(leaf(), Usage::DaneEe)};
  BOOST_CHECK_THROW(verify_chain(empty, rrset, now()), UsageError);
  BOOST_CHECK_THROW(verify_chain(empty, {}, now()), UsageError);
}

BOOST_AUTO_TEST_CASE(too_many_records) {
  MatchOptions opts = smtp_options();
  opts.max_records = 2;
  const std::vector<Tlsa> three(3, rec(leaf(), Usage::DaneEe));
  BOOST_CHECK_THROW(verify(chain().full(), three, opts), InputError);
  const std::vector<Tlsa> two(2, rec(leaf(), Usage::DaneEe));
  BOOST_TEST(verify(chain().full(), two, opts).verified());
  // The default limit is 64.
  BOOST_TEST(verify(chain().full(), std::vector<Tlsa>(64, rec(leaf(), Usage::DaneEe))).verified());
  BOOST_CHECK_THROW(verify(chain().full(), std::vector<Tlsa>(65, rec(leaf(), Usage::DaneEe))), InputError);
}

BOOST_AUTO_TEST_CASE(too_many_certificates) {
  MatchOptions opts = smtp_options();
  opts.max_chain_certificates = 2;
  BOOST_CHECK_THROW(verify(chain().full(), {rec(leaf(), Usage::DaneEe)}, opts), InputError);
  BOOST_TEST(verify(chain().without_root(), {rec(leaf(), Usage::DaneEe)}, opts).verified());
  Chain long_chain(33, leaf());
  BOOST_CHECK_THROW(verify(long_chain, {rec(leaf(), Usage::DaneEe)}), InputError);
}

BOOST_AUTO_TEST_CASE(profile_names) {
  BOOST_TEST(to_string(Profile::Smtp) == "smtp");
  BOOST_TEST(to_string(Profile::Generic) == "generic");
  BOOST_TEST((parse_profile("smtp") == Profile::Smtp));
  BOOST_TEST((parse_profile("generic") == Profile::Generic));
  BOOST_CHECK_THROW(parse_profile("pkix"), InputError);
}

BOOST_AUTO_TEST_SUITE_END()
