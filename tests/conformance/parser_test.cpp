/*
 * Self-test of the danetest reader: the grammar of OpenSSL's test/danetest.c
 * and that every problem names its line. Inputs are built here, line by line,
 * so the expected line numbers are counted by hand.
 */
#define BOOST_TEST_MODULE conformance_parser
#include <boost/test/unit_test.hpp>

#include <string>

#include "danetest_file.hpp"

using conformance::parse_danetest;

namespace {

// The anonymous "never valid" leaf of danetest.in case 1 (OpenSSL test data, Apache-2.0).
const std::string leaf_pem =
    "-----BEGIN CERTIFICATE-----\n"
    "MIHsMIGToAMCAQICAQEwCgYIKoZIzj0EAwIwADAeFw0xNTEyMTQwMDEwMzRaFw0x\n"
    "NTEyMTMwMDEwMzRaMAAwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATFpP+gCO68\n"
    "A2m5dHmflHnLRzYFRPr8AsQgT7PfMeiKGk8YyFgx6T+YXFsjEJRUG0MWtcscnAyV\n"
    "CIb+EUPzn2EJMAoGCCqGSM49BAMCA0gAMEUCIGrnt6hw3yEIHpqYlgIKr4VgmEh1\n"
    "yBKzbWcWMavIefhyAiEAsIia0rOBTuZL3dWn9qmN6kPLQ1BJRpy1CkQEy97uH9Y=\n"
    "-----END CERTIFICATE-----\n";  // 7 lines

const std::string record_301 = "3 0 1 " + std::string(64, 'a') + "\n";
const std::string record_312 = "3 1 2 " + std::string(128, 'B') + "\n";

bool has_problem_at(const conformance::DanetestFile& f, std::size_t line, const std::string& needle) {
  for (const auto& p : f.problems)
    if (p.line == line && p.message.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(well_formed_case_with_comments_and_informational_lines) {
  const std::string text = "# comment\n"                 // 1
                           "\n"                          // 2
                           "# 1\n"                       // 3
                           "1 1 1 0 0\n"                 // 4
                           + record_301 +                // 5
                           "subject=\n"                  // 6
                           "notAfter=Dec 13 00:10:34 2015 GMT\n"  // 7
                           + leaf_pem;                   // 8-14
  const auto f = parse_danetest(text, "t.in");
  BOOST_TEST(f.problems.empty());
  BOOST_REQUIRE_EQUAL(f.cases.size(), 1u);
  const auto& c = f.cases[0];
  BOOST_TEST(c.complete);
  BOOST_TEST(c.number == 1);
  BOOST_TEST(c.line == 4u);
  BOOST_TEST(c.nonamechecks);
  BOOST_TEST(c.want_err == 0);
  BOOST_TEST(c.want_depth == 0);
  BOOST_REQUIRE_EQUAL(c.tlsa.size(), 1u);
  BOOST_TEST(c.tlsa[0].to_string() == "3 0 1 " + std::string(64, 'A'));
  BOOST_TEST(c.tlsa_lines[0] == 5u);
  BOOST_TEST(c.chain.size() == 1u);
  BOOST_TEST(c.ignored_record_lines.empty());
}

// Cases 43-46 of danetest.in: ntlsa=1, a second TLSA-looking line follows; OpenSSL skips it as PEM junk.
BOOST_AUTO_TEST_CASE(extra_record_line_beyond_ntlsa_is_ignored) {
  const std::string text = "1 1 0 0 0\n"  // 1
                           + record_301 +  // 2
                           record_312 +    // 3: not a record for OpenSSL
                           leaf_pem;       // 4-10
  const auto f = parse_danetest(text, "t.in");
  BOOST_TEST(f.problems.empty());
  BOOST_REQUIRE_EQUAL(f.cases.size(), 1u);
  BOOST_TEST(f.cases[0].tlsa.size() == 1u);
  BOOST_TEST(f.cases[0].complete);
  BOOST_REQUIRE_EQUAL(f.cases[0].ignored_record_lines.size(), 1u);
  BOOST_TEST(f.cases[0].ignored_record_lines[0] == 3u);
}

BOOST_AUTO_TEST_CASE(malformed_header_names_its_line_and_parsing_resumes) {
  const std::string text = "1 1 0 0\n"     // 1: four fields
                           + record_301 +   // 2 (skipped with the broken case)
                           leaf_pem +       // 3-9
                           "\n"             // 10
                           "1 1 0 0 x\n"    // 11: not an integer
                           "\n"             // 12
                           "1 1 0 0 0\n"    // 13
                           + record_301 +   // 14
                           leaf_pem;        // 15-21
  const auto f = parse_danetest(text, "t.in");
  BOOST_TEST(has_problem_at(f, 1, "found 4 fields"));
  BOOST_TEST(has_problem_at(f, 11, "'x' is not an integer"));
  BOOST_TEST(f.problems.size() == 2u);
  // The broken blocks keep their numbers (as incomplete cases), so case 3 is still case 3.
  BOOST_REQUIRE_EQUAL(f.cases.size(), 3u);
  BOOST_TEST(!f.cases[0].complete);
  BOOST_TEST(!f.cases[1].complete);
  BOOST_TEST(f.cases[2].number == 3);
  BOOST_TEST(f.cases[2].line == 13u);
  BOOST_TEST(f.cases[2].complete);
}

BOOST_AUTO_TEST_CASE(header_values_outside_the_mapped_ones_are_reported) {
  const std::string text = "1 1 2 99 -2\n" + record_301 + leaf_pem;
  const auto f = parse_danetest(text, "t.in");
  BOOST_TEST(has_problem_at(f, 1, "nonamechecks 2"));
  BOOST_TEST(has_problem_at(f, 1, "want_err 99"));
  BOOST_TEST(has_problem_at(f, 1, "want_depth -2"));
  BOOST_REQUIRE_EQUAL(f.cases.size(), 1u);
  BOOST_TEST(!f.cases[0].complete);
}

BOOST_AUTO_TEST_CASE(bad_record_names_its_line) {
  const std::string text = "1 1 0 0 0\n"        // 1
                           "3 1 1 zz\n"          // 2: not hex
                           + leaf_pem;           // 3-9
  const auto f = parse_danetest(text, "t.in");
  BOOST_REQUIRE_EQUAL(f.problems.size(), 1u);
  BOOST_TEST(f.problems[0].line == 2u);
  BOOST_TEST(f.problems[0].message.find("TLSA record 1 of 1") != std::string::npos);
  BOOST_REQUIRE_EQUAL(f.cases.size(), 1u);
  BOOST_TEST(!f.cases[0].complete);
  BOOST_TEST(conformance::describe(f, f.problems[0]).starts_with("t.in:2: "));
}

BOOST_AUTO_TEST_CASE(a_comment_where_a_record_is_due_is_a_bad_record) {
  const std::string text = "1 1 0 0 0\n# comment\n" + leaf_pem;
  const auto f = parse_danetest(text, "t.in");
  BOOST_TEST(has_problem_at(f, 2, "TLSA record 1 of 1"));
}

BOOST_AUTO_TEST_CASE(missing_certificates_are_reported) {
  const std::string text = "1 2 0 0 0\n" + record_301 + leaf_pem;  // ncert=2, one PEM block
  const auto f = parse_danetest(text, "t.in");
  BOOST_TEST(has_problem_at(f, 9, "end of file before certificate 2 of 2"));
  BOOST_REQUIRE_EQUAL(f.cases.size(), 1u);
  BOOST_TEST(!f.cases[0].complete);
}

BOOST_AUTO_TEST_CASE(missing_records_are_reported) {
  const std::string text = "2 1 0 0 0\n" + record_301;
  const auto f = parse_danetest(text, "t.in");
  BOOST_TEST(has_problem_at(f, 2, "end of file after 1 of 2 TLSA records"));
}

BOOST_AUTO_TEST_CASE(unterminated_pem_block_names_its_begin_line) {
  std::string pem = leaf_pem.substr(0, leaf_pem.rfind("-----END"));
  const std::string text = "1 1 0 0 0\n" + record_301 + pem;  // BEGIN on line 3
  const auto f = parse_danetest(text, "t.in");
  BOOST_TEST(has_problem_at(f, 3, "has no '-----END CERTIFICATE-----' line"));
}

BOOST_AUTO_TEST_CASE(undecodable_certificate_names_its_begin_line) {
  const std::string text = "1 1 0 0 0\n" + record_301 +
                           "-----BEGIN CERTIFICATE-----\n"  // 3
                           "AAAA\n"
                           "-----END CERTIFICATE-----\n";
  const auto f = parse_danetest(text, "t.in");
  BOOST_REQUIRE_EQUAL(f.problems.size(), 1u);
  BOOST_TEST(f.problems[0].line == 3u);
  BOOST_TEST(f.problems[0].message.find("certificate 1 of 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(crlf_line_endings_are_accepted) {
  std::string text = "1 1 0 0 0\n" + record_301 + leaf_pem;
  std::string crlf;
  for (char ch : text) {
    if (ch == '\n') crlf += '\r';
    crlf += ch;
  }
  const auto f = parse_danetest(crlf, "t.in");
  BOOST_TEST(f.problems.empty());
  BOOST_REQUIRE_EQUAL(f.cases.size(), 1u);
  BOOST_TEST(f.cases[0].complete);
}
