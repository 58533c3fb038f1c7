// Certificate name checks: RFC 6125 §6.4 as restricted by RFC 7672 §3.2.3.
#include <boost/test/unit_test.hpp>

#include "support.hpp"

using namespace dane;
using namespace dane::test;

BOOST_AUTO_TEST_SUITE(name_matching)

BOOST_AUTO_TEST_CASE(exact_case_insensitive_trailing_dot) {
  BOOST_TEST(dns_name_matches("mail.example.com", "mail.example.com"));
  BOOST_TEST(dns_name_matches("MAIL.Example.com", "mail.example.COM"));
  BOOST_TEST(dns_name_matches("mail.example.com.", "mail.example.com"));
  BOOST_TEST(dns_name_matches("mail.example.com", "mail.example.com."));
  BOOST_TEST(dns_name_matches("mail.example.com.", "MAIL.EXAMPLE.COM."));
}

BOOST_AUTO_TEST_CASE(different_names) {
  BOOST_TEST(!dns_name_matches("mail.example.com", "mail.example.org"));
  BOOST_TEST(!dns_name_matches("example.com", "mail.example.com"));
  BOOST_TEST(!dns_name_matches("mail.example.com", "example.com"));
  BOOST_TEST(!dns_name_matches("ample.com", "example.com"));
  BOOST_TEST(!dns_name_matches("xmail.example.com", "mail.example.com"));
  BOOST_TEST(!dns_name_matches("", "mail.example.com"));
  BOOST_TEST(!dns_name_matches("mail.example.com", ""));
}

BOOST_AUTO_TEST_CASE(wildcard_matches_one_whole_left_most_label) {
  BOOST_TEST(dns_name_matches("*.example.com", "mail.example.com"));
  BOOST_TEST(dns_name_matches("*.EXAMPLE.com", "Mail.example.com."));
  BOOST_TEST(dns_name_matches("*.example.com.", "mail.example.com"));
  // Exactly one label (RFC 6125 §6.4.3 rule 2, RFC 7672 §3.2.3).
  BOOST_TEST(!dns_name_matches("*.example.com", "a.b.example.com"));
  BOOST_TEST(!dns_name_matches("*.example.com", "example.com"));
  // Only the left-most label may be a wildcard.
  BOOST_TEST(!dns_name_matches("mail.*.com", "mail.example.com"));
  BOOST_TEST(!dns_name_matches("*.*.com", "mail.example.com"));
}

BOOST_AUTO_TEST_CASE(multi_label_wildcards_are_a_local_option) {
  NameCheckOptions multi;
  multi.multi_label_wildcards = true;
  BOOST_TEST(dns_name_matches("*.example.com", "a.b.example.com", multi));
  BOOST_TEST(dns_name_matches("*.example.com", "mail.example.com", multi));
  BOOST_TEST(!dns_name_matches("*.example.com", "example.com", multi));
  BOOST_TEST(!dns_name_matches("*.example.com", "a.b.example.org", multi));
}

BOOST_AUTO_TEST_CASE(no_partial_label_wildcards) {
  BOOST_TEST(!dns_name_matches("f*o.example.com", "foo.example.com"));
  BOOST_TEST(!dns_name_matches("*o.example.com", "foo.example.com"));
  BOOST_TEST(!dns_name_matches("foo*.example.com", "foo1.example.com"));
  BOOST_TEST(!dns_name_matches("m*.example.com", "mail.example.com"));
}

BOOST_AUTO_TEST_CASE(wildcards_in_reference_are_literal) {
  BOOST_TEST(!dns_name_matches("mail.example.com", "*.example.com"));
}

BOOST_AUTO_TEST_CASE(parent_domain_reference) {
  // ".example.com" as a reference: anything strictly below example.com (Postfix match lists).
  BOOST_TEST(dns_name_matches("mail.example.com", ".example.com"));
  BOOST_TEST(dns_name_matches("a.b.example.com", ".example.com"));
  BOOST_TEST(!dns_name_matches("example.com", ".example.com"));
  BOOST_TEST(!dns_name_matches("mail.example.org", ".example.com"));
  BOOST_TEST(!dns_name_matches("mailexample.com", ".example.com"));
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

sim::Issued make_leaf(std::uint64_t seed, const std::string& cn, const std::vector<std::string>& sans) {
  sim::Pki pki(seed);
  sim::CertSpec spec;
  spec.common_name = cn;
  spec.dns_names = sans;
  spec.not_before = leaf_from();
  spec.not_after = leaf_until();
  return pki.self_signed(spec);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(certificate_names)

BOOST_AUTO_TEST_CASE(san_dns_names_take_precedence_over_cn) {
  const auto leaf = make_leaf(11, "mail.example.com", {"other.example.com", "*.example.net"});
  const auto ids = presented_identifiers(leaf.certificate);
  BOOST_TEST(ids == (std::vector<std::string>{"other.example.com", "*.example.net"}),
             boost::test_tools::per_element());
  const std::vector<std::string> cn_only{"mail.example.com"};
  BOOST_TEST(!certificate_matches_names(leaf.certificate, cn_only));
  const std::vector<std::string> san{"other.example.com"};
  BOOST_TEST(certificate_matches_names(leaf.certificate, san));
  const std::vector<std::string> wildcard{"mx.example.net"};
  BOOST_TEST(certificate_matches_names(leaf.certificate, wildcard));
}

BOOST_AUTO_TEST_CASE(cn_is_used_only_without_dns_san) {
  const auto leaf = make_leaf(12, "mail.example.com", {});
  const auto ids = presented_identifiers(leaf.certificate);
  BOOST_TEST(ids == (std::vector<std::string>{"mail.example.com"}), boost::test_tools::per_element());
  const std::vector<std::string> refs{"MAIL.example.com."};
  BOOST_TEST(certificate_matches_names(leaf.certificate, refs));
  const std::vector<std::string> wrong{"mx.example.com"};
  BOOST_TEST(!certificate_matches_names(leaf.certificate, wrong));
}

BOOST_AUTO_TEST_CASE(nameless_certificate_matches_nothing) {
  const auto leaf = make_leaf(13, "", {});
  BOOST_TEST(presented_identifiers(leaf.certificate).empty());
  const std::vector<std::string> refs{"mail.example.com"};
  BOOST_TEST(!certificate_matches_names(leaf.certificate, refs));
}

BOOST_AUTO_TEST_CASE(any_of_several_reference_names) {
  const auto leaf = make_leaf(14, "", {"mx1.example.com"});
  const std::vector<std::string> refs{"example.com", "mx1.example.com"};
  BOOST_TEST(certificate_matches_names(leaf.certificate, refs));
  const std::vector<std::string> none;
  BOOST_TEST(!certificate_matches_names(leaf.certificate, none));
}

BOOST_AUTO_TEST_SUITE_END()
