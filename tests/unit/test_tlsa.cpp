// TLSA record parsing and printing (RFC 6698 §2, RFC 7218), expected values written by hand.
#define BOOST_TEST_MODULE libdane text formats
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <numeric>

#include "support.hpp"

using namespace dane;

namespace {

/// 0x00, 0x01, ..., n-1: easy to write in hex by hand.
std::vector<std::uint8_t> counting(std::size_t n, std::uint8_t start = 0) {
  std::vector<std::uint8_t> v(n);
  std::iota(v.begin(), v.end(), start);
  return v;
}

// The 32 octets 00..1F, the 64 octets 00..3F, as one would type them.
const std::string hex32 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const std::string hex64 = hex32 + "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
const std::string hex32_upper = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// Runs f, which must throw dane::InputError whose field() mentions field_word
/// (case-insensitive) and whose value() equals value (unless value is empty).
void expect_input_error(const std::function<void()>& f, const std::string& field_word, const std::string& value,
                        const std::string& what) {
  BOOST_TEST_CONTEXT(what) {
    try {
      f();
      BOOST_ERROR("no InputError thrown");
    } catch (const InputError& e) {
      BOOST_TEST_MESSAGE("  InputError: " << e.what());
      BOOST_TEST(std::string(e.what()).size() > 0u);
      if (!field_word.empty()) {
        BOOST_TEST(lower(e.field()).find(field_word) != std::string::npos,
                   "field() '" << e.field() << "' should name '" << field_word << "' (" << e.what() << ")");
      }
      if (!value.empty()) {
        BOOST_TEST(e.value() == value, "value() '" << e.value() << "' should be '" << value << "'");
      }
    } catch (const std::exception& e) {
      BOOST_ERROR("wrong exception type: " << e.what());
    }
  }
}

void expect_parse_error(const std::string& text, const std::string& field_word, const std::string& value) {
  expect_input_error([&] { (void)Tlsa::parse(text); }, field_word, value, "Tlsa::parse(\"" + text + "\")");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tlsa_parse)

BOOST_AUTO_TEST_CASE(numeric_form) {
  const Tlsa r = Tlsa::parse("3 1 1 " + hex32);
  BOOST_TEST(r.usage() == Usage::DaneEe);
  BOOST_TEST(r.selector() == Selector::Spki);
  BOOST_TEST(r.matching_type() == MatchingType::Sha2_256);
  BOOST_TEST(r.data() == counting(32), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(all_numeric_parameters) {
  const Tlsa a = Tlsa::parse("0 0 0 30820102");
  BOOST_TEST(a.usage() == Usage::PkixTa);
  BOOST_TEST(a.selector() == Selector::Cert);
  BOOST_TEST(a.matching_type() == MatchingType::Full);
  BOOST_TEST(a.data() == (std::vector<std::uint8_t>{0x30, 0x82, 0x01, 0x02}), boost::test_tools::per_element());
  const Tlsa b = Tlsa::parse("1 1 2 " + hex64);
  BOOST_TEST(b.usage() == Usage::PkixEe);
  BOOST_TEST(b.matching_type() == MatchingType::Sha2_512);
  BOOST_TEST(b.data() == counting(64), boost::test_tools::per_element());
  const Tlsa c = Tlsa::parse("2 0 1 " + hex32);
  BOOST_TEST(c.usage() == Usage::DaneTa);
  BOOST_TEST(c.selector() == Selector::Cert);
}

BOOST_AUTO_TEST_CASE(rfc7218_mnemonics_any_case) {
  const Tlsa numeric = Tlsa::parse("3 1 1 " + hex32);
  BOOST_TEST(Tlsa::parse("DANE-EE SPKI SHA2-256 " + hex32) == numeric);
  BOOST_TEST(Tlsa::parse("dane-ee spki sha2-256 " + hex32) == numeric);
  BOOST_TEST(Tlsa::parse("Dane-Ee Spki Sha2-256 " + hex32) == numeric);
  BOOST_TEST(Tlsa::parse("PKIX-TA Cert Full 3082") == Tlsa::parse("0 0 0 3082"));
  BOOST_TEST(Tlsa::parse("PKIX-EE CERT SHA2-512 " + hex64) == Tlsa::parse("1 0 2 " + hex64));
  BOOST_TEST(Tlsa::parse("DANE-TA SPKI FULL 3082") == Tlsa::parse("2 1 0 3082"));
  BOOST_TEST(Tlsa::parse("PrivCert PrivSel PrivMatch ab") == Tlsa::parse("255 255 255 ab"));
  // Mixed numeric and mnemonic fields.
  BOOST_TEST(Tlsa::parse("3 SPKI 1 " + hex32) == numeric);
}

BOOST_AUTO_TEST_CASE(hex_case_spaces_and_parentheses) {
  const Tlsa expected(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256, counting(32));
  BOOST_TEST(Tlsa::parse("3 1 1 " + hex32_upper) == expected);
  BOOST_TEST(Tlsa::parse("3 1 1 " + hex32.substr(0, 32) + " " + hex32.substr(32)) == expected);
  BOOST_TEST(Tlsa::parse("3 1 1 ( " + hex32.substr(0, 20) + " " + hex32.substr(20) + " )") == expected);
  BOOST_TEST(Tlsa::parse("3 1 1 (" + hex32.substr(0, 32) + "\n\t" + hex32_upper.substr(32) + ")") == expected);
  BOOST_TEST(Tlsa::parse("  3   1\t1  " + hex32 + "  ") == expected);
}

BOOST_AUTO_TEST_CASE(whole_rr_lines_and_comments) {
  const Tlsa expected(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256, counting(32));
  BOOST_TEST(Tlsa::parse("_25._tcp.mx.example. 3600 IN TLSA 3 1 1 " + hex32) == expected);
  BOOST_TEST(Tlsa::parse("_25._tcp.mx.example. IN TLSA 3 1 1 " + hex32) == expected);
  BOOST_TEST(Tlsa::parse("_25._tcp.mx.example. 300 in tlsa DANE-EE SPKI SHA2-256 " + hex32) == expected);
  BOOST_TEST(Tlsa::parse("3 1 1 " + hex32 + " ; the current key") == expected);
  BOOST_TEST(Tlsa::parse("_25._tcp.mx.example. 3600 IN TLSA 3 1 1 ( " + hex32 + " ) ; comment") == expected);
}

BOOST_AUTO_TEST_CASE(unknown_but_well_formed_values_parse) {
  const Tlsa u4 = Tlsa::parse("4 1 1 " + hex32);
  BOOST_TEST(static_cast<int>(u4.usage()) == 4);
  const Tlsa s2 = Tlsa::parse("3 2 1 " + hex32);
  BOOST_TEST(static_cast<int>(s2.selector()) == 2);
  // An unknown matching type has no length rule: any non-empty data.
  const Tlsa m3 = Tlsa::parse("3 1 3 abcdef");
  BOOST_TEST(static_cast<int>(m3.matching_type()) == 3);
  BOOST_TEST(m3.data() == (std::vector<std::uint8_t>{0xab, 0xcd, 0xef}), boost::test_tools::per_element());
  const Tlsa priv = Tlsa::parse("255 255 255 00");
  BOOST_TEST(priv.usage() == Usage::PrivCert);
  BOOST_TEST(priv.selector() == Selector::PrivSel);
  BOOST_TEST(priv.matching_type() == MatchingType::PrivMatch);
  BOOST_TEST(!priv.malformation().has_value());
  BOOST_TEST(Tlsa::parse("4 2 3 ab").to_string() == "4 2 3 AB");
}

BOOST_AUTO_TEST_CASE(wrong_field_count) {
  expect_parse_error("", "", "");
  expect_parse_error("3", "", "");
  expect_parse_error("3 1", "", "");
  expect_parse_error("3 1 1", "", "");
  expect_parse_error("DANE-EE SPKI SHA2-256", "", "");
}

BOOST_AUTO_TEST_CASE(values_above_255) {
  expect_parse_error("256 1 1 " + hex32, "usage", "256");
  expect_parse_error("3 256 1 " + hex32, "selector", "256");
  expect_parse_error("3 1 256 " + hex32, "match", "256");
  expect_parse_error("3 1 1000 " + hex32, "match", "1000");
  expect_parse_error("-1 1 1 " + hex32, "usage", "-1");
}

BOOST_AUTO_TEST_CASE(unknown_mnemonics) {
  expect_parse_error("DANE-XX SPKI SHA2-256 " + hex32, "usage", "DANE-XX");
  expect_parse_error("DANE-EE KEY SHA2-256 " + hex32, "selector", "KEY");
  expect_parse_error("DANE-EE SPKI SHA-256 " + hex32, "match", "SHA-256");
  expect_parse_error("3x 1 1 " + hex32, "usage", "3x");
}

BOOST_AUTO_TEST_CASE(bad_hex_data) {
  expect_parse_error("3 1 0 abc", "data", "abc");
  expect_parse_error("3 1 0 zz", "data", "zz");
  expect_parse_error("3 1 0 0x12", "data", "0x12");
  expect_parse_error("3 1 1 " + hex32.substr(0, 62) + "g1", "data", "");
}

BOOST_AUTO_TEST_CASE(digest_lengths) {
  // 31 octets for SHA2-256, 33 octets, 63 octets for SHA2-512, a 32-octet SHA2-512.
  expect_parse_error("3 1 1 " + hex32.substr(0, 62), "data", "");
  expect_parse_error("3 1 1 " + hex32 + "20", "data", "");
  expect_parse_error("3 1 2 " + hex64.substr(0, 126), "data", "");
  expect_parse_error("3 1 2 " + hex32, "data", "");
}

BOOST_AUTO_TEST_CASE(empty_data) {
  // Empty data in presentation form reads as a missing fourth field.
  expect_parse_error("3 1 0 ( )", "", "");
  expect_parse_error("3 1 0 ()", "", "");
  const Tlsa constructed(Usage::DaneEe, Selector::Spki, MatchingType::Full, {});
  BOOST_TEST(constructed.malformation().has_value());
}

BOOST_AUTO_TEST_CASE(malformation_rule) {
  BOOST_TEST(!Tlsa(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256, counting(32)).malformation());
  BOOST_TEST(Tlsa(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256, counting(31)).malformation().has_value());
  BOOST_TEST(Tlsa(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_512, counting(63)).malformation().has_value());
  BOOST_TEST(!Tlsa(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_512, counting(64)).malformation());
  BOOST_TEST(!Tlsa(Usage::DaneEe, Selector::Spki, MatchingType::Full, counting(1)).malformation());
}

BOOST_AUTO_TEST_CASE(rr_line_with_wrong_type) {
  expect_parse_error("_25._tcp.mx.example. 3600 IN A 3 1 1 " + hex32, "", "");
  expect_parse_error("_25._tcp.mx.example. 3600 IN MX 3 1 1 " + hex32, "", "");
}

BOOST_AUTO_TEST_CASE(data_size_limit) {
  BOOST_CHECK_NO_THROW(Tlsa(Usage::DaneEe, Selector::Cert, MatchingType::Full,
                            std::vector<std::uint8_t>(max_association_data, 0x30)));
  BOOST_CHECK_THROW(Tlsa(Usage::DaneEe, Selector::Cert, MatchingType::Full,
                         std::vector<std::uint8_t>(max_association_data + 1, 0x30)),
                    InputError);
  BOOST_TEST(max_association_data == 65535u - 3u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tlsa_print)

BOOST_AUTO_TEST_CASE(canonical_form) {
  BOOST_TEST(Tlsa::parse("3 1 1 " + hex32).to_string() == "3 1 1 " + hex32_upper);
  BOOST_TEST(Tlsa::parse("dane-ta cert sha2-256 ( " + hex32 + " )").to_string() == "2 0 1 " + hex32_upper);
  BOOST_TEST(Tlsa::parse("255 1 0 0a0B").to_string() == "255 1 0 0A0B");
}

BOOST_AUTO_TEST_CASE(mnemonic_form) {
  BOOST_TEST(Tlsa::parse("3 1 1 " + hex32).to_mnemonic_string() == "DANE-EE SPKI SHA2-256 " + hex32_upper);
  BOOST_TEST(Tlsa::parse("0 0 2 " + hex64).to_mnemonic_string().rfind("PKIX-TA Cert SHA2-512 ", 0) == 0u);
  BOOST_TEST(Tlsa::parse("1 0 0 ab").to_mnemonic_string() == "PKIX-EE Cert Full AB");
  BOOST_TEST(Tlsa::parse("2 1 0 ab").to_mnemonic_string() == "DANE-TA SPKI Full AB");
  // Values without an acronym stay numeric.
  BOOST_TEST(Tlsa::parse("4 2 3 ab").to_mnemonic_string() == "4 2 3 AB");
}

BOOST_AUTO_TEST_CASE(rfc7218_acronyms) {
  BOOST_TEST(mnemonic(Usage::PkixTa) == "PKIX-TA");
  BOOST_TEST(mnemonic(Usage::PkixEe) == "PKIX-EE");
  BOOST_TEST(mnemonic(Usage::DaneTa) == "DANE-TA");
  BOOST_TEST(mnemonic(Usage::DaneEe) == "DANE-EE");
  BOOST_TEST(mnemonic(Usage::PrivCert) == "PrivCert");
  BOOST_TEST(mnemonic(static_cast<Usage>(4)) == "");
  BOOST_TEST(mnemonic(Selector::Cert) == "Cert");
  BOOST_TEST(mnemonic(Selector::Spki) == "SPKI");
  BOOST_TEST(mnemonic(Selector::PrivSel) == "PrivSel");
  BOOST_TEST(mnemonic(MatchingType::Full) == "Full");
  BOOST_TEST(mnemonic(MatchingType::Sha2_256) == "SHA2-256");
  BOOST_TEST(mnemonic(MatchingType::Sha2_512) == "SHA2-512");
  BOOST_TEST(mnemonic(MatchingType::PrivMatch) == "PrivMatch");
  BOOST_TEST(digest_length(MatchingType::Sha2_256).value_or(0) == 32u);
  BOOST_TEST(digest_length(MatchingType::Sha2_512).value_or(0) == 64u);
  BOOST_TEST(!digest_length(MatchingType::Full).has_value());
  BOOST_TEST(!digest_length(static_cast<MatchingType>(3)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tlsa_wire)

BOOST_AUTO_TEST_CASE(rdata_layout) {
  // RFC 6698 §2.1: usage, selector, matching type octets, then the data.
  const Tlsa r = Tlsa::parse("3 1 1 " + hex32);
  std::vector<std::uint8_t> expected{3, 1, 1};
  const auto data = counting(32);
  expected.insert(expected.end(), data.begin(), data.end());
  BOOST_TEST(r.rdata() == expected, boost::test_tools::per_element());
  BOOST_TEST(Tlsa::from_rdata(expected) == r);
}

BOOST_AUTO_TEST_CASE(round_trip_unknown_values) {
  const std::vector<std::uint8_t> wire{4, 2, 3, 0xde, 0xad};
  const Tlsa r = Tlsa::from_rdata(wire);
  BOOST_TEST(r.to_string() == "4 2 3 DEAD");
  BOOST_TEST(r.rdata() == wire, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(truncated_rdata) {
  for (const auto& wire : std::vector<std::vector<std::uint8_t>>{{}, {3}, {3, 1}, {3, 1, 1}}) {
    expect_input_error([&] { (void)Tlsa::from_rdata(wire); }, "", "",
                       "from_rdata of " + std::to_string(wire.size()) + " octets");
  }
}

BOOST_AUTO_TEST_CASE(wrong_digest_length_in_rdata) {
  std::vector<std::uint8_t> wire{3, 1, 1};
  const auto data = counting(31);
  wire.insert(wire.end(), data.begin(), data.end());
  expect_input_error([&] { (void)Tlsa::from_rdata(wire); }, "data", "", "from_rdata 3 1 1 with 31 octets");
  std::vector<std::uint8_t> wire512{3, 1, 2};
  const auto data63 = counting(63);
  wire512.insert(wire512.end(), data63.begin(), data63.end());
  expect_input_error([&] { (void)Tlsa::from_rdata(wire512); }, "data", "", "from_rdata 3 1 2 with 63 octets");
}

BOOST_AUTO_TEST_SUITE_END()
