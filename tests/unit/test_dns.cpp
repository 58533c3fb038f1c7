// DNS data model: RRs, RRsets, master files, canonical form and order, the
// typed DNSSEC RDATA and the status names. Expected values come from the RFC
// texts (RFC 4034 §2.3/3.3/4.3/5.4/6.1, RFC 5155 Appendix A, RFC 8914 §5.2),
// from hand-written wire octets, or from ldns-read-zone.
#define BOOST_TEST_MODULE libdane DNS data model
#include <boost/test/unit_test.hpp>

#include <botan/base64.h>
#include <botan/hex.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <sstream>
#include <unistd.h>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/dnssec/status.hpp"
#include "dane/error.hpp"
#include "support.hpp"

using namespace dane;
using namespace dane::dns;
using namespace dane::dnssec;
using Bytes = std::vector<std::uint8_t>;

namespace dane::dns {
inline std::ostream& boost_test_print_type(std::ostream& os, const Name& n) { return os << n.to_string(); }
inline std::ostream& boost_test_print_type(std::ostream& os, const RR& r) { return os << r.to_string(); }
}  // namespace dane::dns

namespace {

/// Uncompressed wire form written label by label (RFC 1035 §3.1), by hand.
Bytes wire_of(std::initializer_list<std::string_view> labels) {
  Bytes out;
  for (auto l : labels) {
    out.push_back(static_cast<std::uint8_t>(l.size()));
    out.insert(out.end(), l.begin(), l.end());
  }
  out.push_back(0);
  return out;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes hexb(const std::string& h) { return Botan::hex_decode(h); }
Bytes b64(const std::string& s) {
  const auto v = Botan::base64_decode(s);
  return Bytes(v.begin(), v.end());
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// f must throw InputError whose message contains every word in words (case-insensitive).
void expect_error(const std::function<void()>& f, std::initializer_list<std::string> words, const std::string& what) {
  BOOST_TEST_CONTEXT(what) {
    try {
      f();
      BOOST_ERROR("no InputError thrown");
    } catch (const InputError& e) {
      const std::string msg = lower(e.what());
      for (const auto& w : words)
        BOOST_TEST(msg.find(lower(w)) != std::string::npos, "'" << e.what() << "' should mention '" << w << "'");
    } catch (const std::exception& e) {
      BOOST_ERROR("wrong exception type: " << e.what());
    }
  }
}

/// Seconds since the epoch of a UTC calendar time (for RRSIG times, RFC 4034 §3.2).
std::uint32_t utc(int y, unsigned mo, unsigned d, int h, int mi, int s) {
  using namespace std::chrono;
  const auto t = sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
  return static_cast<std::uint32_t>(t.time_since_epoch().count());
}

// ---- RFC example records, in presentation form as printed in the RFCs ------

// RFC 4034 §2.3.
const char* kRfcDnskey =
    "example.com. 86400 IN DNSKEY 256 3 5 ( AQPSKmynfzW4kyBv015MUG2DeIQ3\n"
    "                                       Cbl+BBZH4b/0PY1kxkmvHjcZc8no\n"
    "                                       kfzj31GajIQKY+5CptLr3buXA10h\n"
    "                                       WqTkF7H6RfoRqXQeogmMHfpftf6z\n"
    "                                       Mv1LyBUgia7za6ZEzOJBOztyvhjL\n"
    "                                       742iU/TpPSEDhm2SNKLijfUppn1U\n"
    "                                       aNvv4w==  )";
const char* kRfcDnskeyB64 =
    "AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6z"
    "Mv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==";
// RFC 4034 §3.3.
const char* kRfcRrsig =
    "host.example.com. 86400 IN RRSIG A 5 3 86400 20030322173103 (\n"
    "                                  20030220173103 2642 example.com.\n"
    "                                  oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTr\n"
    "                                  PYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6o\n"
    "                                  B9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3t\n"
    "                                  GNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkG\n"
    "                                  J5D6fwFm8nN+6pBzeDQfsS3Ap3o= )";
const char* kRfcRrsigB64 =
    "oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3t"
    "GNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3Ap3o=";
// RFC 4034 §4.3.
const char* kRfcNsec = "alfa.example.com. 86400 IN NSEC host.example.com. (\n  A MX RRSIG NSEC TYPE1234 )";
// RFC 4034 §4.3: the RDATA octets as the RFC lists them.
Bytes rfc_nsec_rdata() {
  Bytes b = wire_of({"host", "example", "com"});
  const Bytes win0 = {0x00, 0x06, 0x40, 0x01, 0x00, 0x00, 0x00, 0x03};
  Bytes win4 = {0x04, 0x1b};
  win4.resize(2 + 27, 0x00);
  win4.back() = 0x20;
  return cat({b, win0, win4});
}
// RFC 4034 §5.4.
const char* kRfcDs = "dskey.example.com. 86400 IN DS 60485 5 1 ( 2BB183AF5F22588179A53B0A\n 98631FAD1A292118 )";
// RFC 5155 Appendix A.
const char* kRfcNsec3 =
    "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. 3600 IN NSEC3 1 1 12 aabbccdd (\n"
    "        2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS\n"
    "        SOA NSEC3PARAM RRSIG )";
// base32hex (RFC 4648 §7) of "2t7b4g4vsa5smi47k61mv5bv1a22bojr", decoded by hand (5 bits per character).
const char* kRfcNsec3NextHex = "174eb2409fe28bcb4887a1836f957f0a8425e27b";
const char* kRfcNsec3Param = "example. 3600 IN NSEC3PARAM 1 0 12 aabbccdd";

}  // namespace

// ============================================================================
BOOST_AUTO_TEST_SUITE(types)

BOOST_AUTO_TEST_CASE(mnemonics_and_rfc3597_numbers) {
  BOOST_TEST(type_from_string("A") == 1);
  BOOST_TEST(type_from_string("tlsa") == 52);
  BOOST_TEST(type_from_string("NSEC3PARAM") == 51);
  BOOST_TEST(type_from_string("TYPE52") == 52);
  BOOST_TEST(type_from_string("type1234") == 1234);
  BOOST_TEST(type_from_string("TYPE0") == 0);
  BOOST_TEST(type_from_string("TYPE65535") == 65535);
  BOOST_TEST(type_to_string(1) == "A");
  BOOST_TEST(type_to_string(46) == "RRSIG");
  BOOST_TEST(type_to_string(52) == "TLSA");
  BOOST_TEST(type_to_string(65534) == "TYPE65534");
  BOOST_TEST(type_to_string(1234) == "TYPE1234");
  for (unsigned t : {1u, 2u, 5u, 6u, 15u, 16u, 28u, 39u, 43u, 46u, 47u, 48u, 50u, 51u, 52u, 255u, 1234u, 65280u})
    BOOST_TEST(type_from_string(type_to_string(static_cast<std::uint16_t>(t))) == t);
}

BOOST_AUTO_TEST_CASE(bad_type_names) {
  for (const std::string bad : {"", "FOO", "TYPE", "TYPE65536", "TYPE12x", "TYPE-1", "TYPE+5", "A A", "TYPE99999999999"})
    expect_error([&] { (void)type_from_string(bad); }, {"record type"}, "type_from_string(" + bad + ")");
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
BOOST_AUTO_TEST_SUITE(records)

BOOST_AUTO_TEST_CASE(parse_a_record) {
  const RR rr = RR::parse("www.example.com. 3600 IN A 192.0.2.1");
  BOOST_TEST(rr.owner.to_string() == "www.example.com.");
  BOOST_TEST(rr.type == rrtype::A);
  BOOST_TEST(rr.rclass == class_in);
  BOOST_TEST(rr.ttl == 3600u);
  BOOST_TEST(rr.rdata == (Bytes{192, 0, 2, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(relative_names_and_default_ttl) {
  const Name origin = Name::parse("example.com.");
  const RR rr = RR::parse("www MX 10 mail", origin, 1234);
  BOOST_TEST(rr.owner == Name::parse("www.example.com."));
  BOOST_TEST(rr.ttl == 1234u);
  BOOST_TEST(rr.rdata == cat({{0x00, 0x0a}, wire_of({"mail", "example", "com"})}), boost::test_tools::per_element());
  const RR at = RR::parse("@ 60 IN NS ns1.example.net.", origin);
  BOOST_TEST(at.owner == origin);
  BOOST_TEST(at.ttl == 60u);
  BOOST_TEST(at.rdata == wire_of({"ns1", "example", "net"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(owner_case_is_kept_but_compares_equal) {
  const RR a = RR::parse("WWW.Example.COM. 300 IN A 192.0.2.1");
  const RR b = RR::parse("www.example.com. 300 IN A 192.0.2.1");
  BOOST_TEST(a.owner.wire() == wire_of({"WWW", "Example", "COM"}), boost::test_tools::per_element());
  BOOST_TEST(a == b);
}

BOOST_AUTO_TEST_CASE(rfc3597_unknown_type) {
  const RR rr = RR::parse("x.example. 300 IN TYPE65534 \\# 3 010203");
  BOOST_TEST(rr.type == 65534);
  BOOST_TEST(rr.rdata == (Bytes{1, 2, 3}), boost::test_tools::per_element());
  BOOST_TEST(rr.to_string().find("\\# 3 010203") != std::string::npos, rr.to_string());
  // RFC 3597 §5: a known type in the generic form reads as the type's own RDATA.
  const RR a = RR::parse("x.example. 300 IN TYPE1 \\# 4 C0000201");
  BOOST_TEST(a.type == rrtype::A);
  BOOST_TEST(a.rdata == (Bytes{192, 0, 2, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(parse_errors_name_the_text) {
  for (const std::string bad : {"www.example.com. IN A", "www.example.com. A 192.0.2.1 junk",
                                "www.example.com. A 192.0.2.256", "www.example.com. FOO bar",
                                "a..b. A 192.0.2.1", "x. MX mail.example.", "x. 300 IN NSEC3 1 1 12 zz 2t7b"}) {
    try {
      (void)RR::parse(bad);
      BOOST_ERROR("no error for '" << bad << "'");
    } catch (const InputError& e) {
      BOOST_TEST_MESSAGE("  " << e.what());
      BOOST_TEST(std::string(e.what()).find("DNS record") != std::string::npos);
      BOOST_TEST(e.value() == bad);
      BOOST_TEST(e.problem().find("does not parse") != std::string::npos);
    }
  }
  expect_error([] { (void)RR::parse(""); }, {"DNS record", "empty"}, "empty text");
  expect_error([] { (void)RR::parse(" \t\n"); }, {"DNS record", "empty"}, "blank text");
  expect_error([] { (void)RR::parse(std::string("x. A 1.2.3.4\0", 13)); }, {"NUL"}, "embedded NUL");
  expect_error([] { (void)RR::parse("  A 192.0.2.1", Name::parse("example.")); }, {"does not parse"}, "no owner");
  BOOST_TEST(RR::parse("  www.example. A 192.0.2.1").owner == Name::parse("www.example."));
  expect_error([] { (void)RR::parse("x. TXT \"" + std::string(2 * 1024 * 1024, 'a') + "\""); }, {"more than"},
               "huge text");
}

BOOST_AUTO_TEST_CASE(presentation_round_trip) {
  const Name origin = Name::parse("example.com.");
  for (const std::string& text : std::vector<std::string>{"www.example.com. 300 IN A 192.0.2.1", "www.example.com. 300 IN AAAA 2001:db8::1",
        "example.com. 3600 IN MX 10 Mail.Example.COM.", "example.com. 3600 IN TXT \"v=spf1 -all\" \"two\"",
        "example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. 2024010101 3600 900 1209600 300",
        "_25._tcp.mail.example.com. 3600 IN TLSA 3 1 1 "
        "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
        std::string(kRfcDnskey), std::string(kRfcRrsig), std::string(kRfcNsec), std::string(kRfcDs),
        std::string(kRfcNsec3), std::string(kRfcNsec3Param), "x.example. 0 CH TXT \"chaos\""}) {
    const RR rr = RR::parse(text, origin);
    const std::string printed = rr.to_string();
    BOOST_TEST_CONTEXT(text << " -> " << printed) {
      BOOST_TEST(printed.find('\n') == std::string::npos);
      const RR again = RR::parse(printed);
      BOOST_TEST(again == rr);
      BOOST_TEST(again.owner.wire() == rr.owner.wire(), boost::test_tools::per_element());
      BOOST_TEST(again.rdata == rr.rdata, boost::test_tools::per_element());  // case inside RDATA kept
    }
  }
}

BOOST_AUTO_TEST_CASE(malformed_rdata_prints_in_generic_form) {
  // An A record with 3 octets and an MX whose name has a compression pointer
  // cannot be shown in the type's own syntax: RFC 3597 generic form instead.
  RR a{Name::parse("x.example."), rrtype::A, class_in, 60, {192, 0, 2}};
  BOOST_TEST(a.to_string() == "x.example.\t60\tIN\tA\t\\# 3 c00002");
  RR mx{Name::parse("x.example."), rrtype::MX, class_in, 60, {0, 10, 0xC0, 0x0C}};
  BOOST_TEST(mx.to_string().find("\\# 4 000ac00c") != std::string::npos, mx.to_string());
  RR empty{Name::parse("x.example."), rrtype::A, class_in, 60, {}};
  BOOST_TEST(empty.to_string() == "x.example.\t60\tIN\tA\t\\# 0");
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
BOOST_AUTO_TEST_SUITE(canonical_form)

// RFC 4034 §6.1: the example list, in canonical order.
BOOST_AUTO_TEST_CASE(rfc4034_name_order) {
  const std::vector<std::string> ordered = {"example.",         "a.example.",      "yljkjljk.a.example.",
                                            "Z.a.example.",     "zABC.a.EXAMPLE.", "z.example.",
                                            "\\001.z.example.", "*.z.example.",    "\\200.z.example."};
  std::vector<Name> names;
  for (const auto& s : ordered) names.push_back(Name::parse(s));
  for (std::size_t i = 0; i + 1 < names.size(); ++i) {
    BOOST_TEST((names[i] < names[i + 1]), ordered[i] << " < " << ordered[i + 1]);
    BOOST_TEST(!(names[i + 1] < names[i]));
  }
  std::vector<Name> shuffled = names;
  std::mt19937 rng(4034);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    std::sort(shuffled.begin(), shuffled.end());
    for (std::size_t i = 0; i < names.size(); ++i) BOOST_TEST(shuffled[i].wire() == names[i].wire());
  }
}

// The same order from another implementation: ldns-read-zone -z sorts a zone canonically.
BOOST_AUTO_TEST_CASE(name_order_matches_ldns_read_zone) {
  if (!test::run_command("command -v ldns-read-zone >/dev/null 2>&1")) {
    BOOST_TEST_MESSAGE("ldns-read-zone not installed: skipped");
    return;
  }
  const std::vector<std::string> shuffled = {"z.example.",      "\\200.z.example.", "Z.a.example.",
                                             "*.z.example.",    "yljkjljk.a.example.", "zABC.a.EXAMPLE.",
                                             "a.example.",      "\\001.z.example.", "example."};
  const auto path = std::filesystem::temp_directory_path() / ("dane-test-dns-" + std::to_string(::getpid()) + ".zone");
  {
    std::ofstream out(path);
    for (const auto& n : shuffled) out << n << " 3600 IN TXT \"x\"\n";
  }
  const auto out = test::run_command("ldns-read-zone -z '" + path.string() + "'");
  std::filesystem::remove(path);
  BOOST_TEST_REQUIRE(out.has_value());
  std::vector<Name> from_ldns;
  std::istringstream lines(*out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) from_ldns.push_back(Name::parse(line.substr(0, line.find('\t'))));
  std::vector<Name> ours;
  for (const auto& s : shuffled) ours.push_back(Name::parse(s));
  std::sort(ours.begin(), ours.end());
  BOOST_TEST_REQUIRE(from_ldns.size() == ours.size());
  for (std::size_t i = 0; i < ours.size(); ++i) BOOST_TEST(from_ldns[i] == ours[i], i);
}

BOOST_AUTO_TEST_CASE(listed_types_lower_case_their_names) {
  // RFC 4034 §6.2 item 3: names inside NS, SOA, MX, SRV, CNAME, DNAME, PTR, RRSIG ... RDATA are lower-cased.
  const RR mx = RR::parse("x.example. 60 IN MX 10 MAIL.Example.COM.");
  BOOST_TEST(mx.canonical_rdata() == cat({{0, 10}, wire_of({"mail", "example", "com"})}),
             boost::test_tools::per_element());
  BOOST_TEST(mx.rdata == cat({{0, 10}, wire_of({"MAIL", "Example", "COM"})}), boost::test_tools::per_element());

  const RR ns = RR::parse("x.example. 60 IN NS NS1.Example.NET.");
  BOOST_TEST(ns.canonical_rdata() == wire_of({"ns1", "example", "net"}), boost::test_tools::per_element());

  const RR soa = RR::parse("x.example. 60 IN SOA NS.X.Example. Host.Master.X.Example. 1 2 3 4 5");
  BOOST_TEST(soa.canonical_rdata() == cat({wire_of({"ns", "x", "example"}), wire_of({"host", "master", "x", "example"}),
                                           {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5}}),
             boost::test_tools::per_element());

  const RR srv = RR::parse("_sip._tcp.x.example. 60 IN SRV 1 2 5060 SIP.X.Example.");
  BOOST_TEST(srv.canonical_rdata() == cat({{0, 1, 0, 2, 0x13, 0xc4}, wire_of({"sip", "x", "example"})}),
             boost::test_tools::per_element());

  for (const char* t : {"CNAME", "DNAME", "PTR"}) {
    const RR rr = RR::parse(std::string("x.example. 60 IN ") + t + " Target.EXAMPLE.");
    BOOST_TEST_CONTEXT(t) BOOST_TEST(rr.canonical_rdata() == wire_of({"target", "example"}), boost::test_tools::per_element());
  }

  // RRSIG: only the signer name; the signature octets are left as they are
  // (0x41 'A' and 0x5A 'Z' in the signature must stay upper-case).
  const RR sig = RR::parse("x.example. 60 IN RRSIG A 8 2 60 20240101000000 20230101000000 1 Example. QVpBWg==");
  const Bytes expect = cat({{0, 1, 8, 2, 0, 0, 0, 60},
                            {0x65, 0x92, 0x00, 0x80},  // 2024-01-01 00:00:00 = 1704067200
                            {0x63, 0xB0, 0xCD, 0x00},  // 2023-01-01 00:00:00 = 1672531200
                            {0, 1},
                            wire_of({"example"}),
                            {'A', 'Z', 'A', 'Z'}});
  BOOST_TEST(utc(2024, 1, 1, 0, 0, 0) == 1704067200u);
  BOOST_TEST(sig.canonical_rdata() == expect, boost::test_tools::per_element());

  // NAPTR: the strings are not names and stay; the replacement is lower-cased.
  const RR naptr = RR::parse("x.example. 60 IN NAPTR 100 10 \"S\" \"SIP+D2U\" \"\" _SIP._UDP.X.Example.");
  BOOST_TEST(naptr.canonical_rdata() == cat({{0, 100, 0, 10, 1, 'S', 7, 'S', 'I', 'P', '+', 'D', '2', 'U', 0},
                                             wire_of({"_sip", "_udp", "x", "example"})}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(nsec_next_name_is_preserved) {
  // RFC 6840 §5.1: NSEC is removed from the list; its next name keeps its case.
  const RR nsec = RR::parse("a.example. 60 IN NSEC Host.EXAMPLE. A RRSIG NSEC");
  BOOST_TEST(nsec.canonical_rdata() == nsec.rdata, boost::test_tools::per_element());
  BOOST_TEST(nsec.rdata[1] == 'H');
  // Neither HINFO, TXT nor types without names are touched.
  for (const char* text : {"x.example. 60 IN HINFO \"CPU\" \"OS\"", "x.example. 60 IN TXT \"MiXeD\"",
                           "x.example. 60 IN TYPE65534 \\# 4 41424344"}) {
    const RR rr = RR::parse(text);
    BOOST_TEST_CONTEXT(text) BOOST_TEST(rr.canonical_rdata() == rr.rdata, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(malformed_names_in_listed_types_throw) {
  expect_error([] { (void)RR{Name(), rrtype::MX, class_in, 0, {0, 10, 4, 'm', 'a'}}.canonical_rdata(); },
               {"MX RDATA", "truncated"}, "MX with truncated exchange");
  expect_error([] { (void)RR{Name(), rrtype::NS, class_in, 0, {0xC0, 0x0C}}.canonical_rdata(); },
               {"NS RDATA", "compression"}, "NS with a pointer");
  expect_error([] { (void)RR{Name(), rrtype::CNAME, class_in, 0, {0, 0}}.canonical_rdata(); }, {"CNAME RDATA", "after"},
               "CNAME with trailing octets");
  const RR soa = RR::parse("x.example. 60 IN SOA ns.x.example. h.x.example. 1 2 3 4 5");
  for (std::size_t len = 0; len < soa.rdata.size(); ++len) {
    RR cut = soa;
    cut.rdata.resize(len);
    expect_error([&] { (void)cut.canonical_rdata(); }, {"SOA RDATA"}, "SOA cut to " + std::to_string(len));
  }
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
BOOST_AUTO_TEST_SUITE(rrsets)

BOOST_AUTO_TEST_CASE(group_by_owner_class_type) {
  const std::vector<RR> rrs = {
      RR::parse("a.example. 300 IN A 192.0.2.1"),
      RR::parse("b.example. 300 IN A 192.0.2.2"),
      RR::parse("a.example. 100 IN A 192.0.2.3"),
      RR::parse("A.EXAMPLE. 50 IN A 192.0.2.1"),  // duplicate of the first: dropped, but its TTL counts
      RR::parse("a.example. 300 IN MX 10 mail.example."),
      RR::parse("a.example. 300 IN MX 10 MAIL.example."),  // same RR in canonical form (RFC 4034 §6.3)
      RR::parse("a.example. 300 CH A 192.0.2.1"),
  };
  const auto sets = group_rrsets(rrs);
  BOOST_TEST_REQUIRE(sets.size() == 4u);
  BOOST_TEST(sets[0].owner == Name::parse("a.example."));
  BOOST_TEST(sets[0].type == rrtype::A);
  BOOST_TEST(sets[0].ttl == 50u);  // RFC 2181 §5.2
  BOOST_TEST_REQUIRE(sets[0].rdatas.size() == 2u);
  BOOST_TEST(sets[0].rdatas[0] == (Bytes{192, 0, 2, 1}), boost::test_tools::per_element());
  BOOST_TEST(sets[0].rdatas[1] == (Bytes{192, 0, 2, 3}), boost::test_tools::per_element());
  BOOST_TEST(sets[1].owner == Name::parse("b.example."));
  BOOST_TEST(sets[2].type == rrtype::MX);
  BOOST_TEST(sets[2].rdatas.size() == 1u);
  BOOST_TEST(sets[3].rclass == 3);  // CH is a different RRset
  BOOST_TEST(group_rrsets({}).empty());
}

BOOST_AUTO_TEST_CASE(records_and_text) {
  RRset set{Name::parse("a.example."), rrtype::A, class_in, 60, {{192, 0, 2, 1}, {192, 0, 2, 2}}};
  const auto rrs = set.records();
  BOOST_TEST_REQUIRE(rrs.size() == 2u);
  BOOST_TEST(rrs[1] == RR::parse("a.example. 60 IN A 192.0.2.2"));
  BOOST_TEST(set.to_string() == "a.example.\t60\tIN\tA\t192.0.2.1\na.example.\t60\tIN\tA\t192.0.2.2\n");
  const auto back = group_rrsets(parse_zone(set.to_string()));
  BOOST_TEST_REQUIRE(back.size() == 1u);
  BOOST_CHECK(back[0].rdatas == set.rdatas);
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
BOOST_AUTO_TEST_SUITE(zones)

BOOST_AUTO_TEST_CASE(origin_ttl_relative_names_continuations) {
  const std::string zone =
      "$ORIGIN example.com.\n"
      "$TTL 7200\n"
      "; a comment line\n"
      "@   IN SOA ns1 hostmaster (\n"
      "        2024010101 ; serial\n"
      "        3600 900 1209600 300 )\n"
      "    IN NS ns1\n"
      "    IN NS ns2.example.net.\n"
      "\n"
      "ns1 600 IN A 192.0.2.53\n"
      "www     IN A 192.0.2.1\n"
      "        IN AAAA 2001:db8::1\n"
      "$ORIGIN sub.example.com.\n"
      "mail    IN MX 10 mx\n"
      "last A 192.0.2.9";  // no final newline
  const auto rrs = parse_zone(zone);
  BOOST_TEST_REQUIRE(rrs.size() == 8u);
  const Name apex = Name::parse("example.com.");
  BOOST_TEST(rrs[0].owner == apex);
  BOOST_TEST(rrs[0].type == rrtype::SOA);
  BOOST_TEST(rrs[0].ttl == 7200u);
  BOOST_TEST(rrs[0].rdata == cat({wire_of({"ns1", "example", "com"}), wire_of({"hostmaster", "example", "com"}),
                                  {0x78, 0xA3, 0xF1, 0x75,  // 2024010101
                                   0, 0, 0x0E, 0x10, 0, 0, 0x03, 0x84, 0, 0x12, 0x75, 0, 0, 0, 0x01, 0x2C}}),
             boost::test_tools::per_element());
  BOOST_TEST(rrs[1].owner == apex);  // blank owner: the previous one
  BOOST_TEST(rrs[1].type == rrtype::NS);
  BOOST_TEST(rrs[1].rdata == wire_of({"ns1", "example", "com"}), boost::test_tools::per_element());
  BOOST_TEST(rrs[2].rdata == wire_of({"ns2", "example", "net"}), boost::test_tools::per_element());
  BOOST_TEST(rrs[3].owner == Name::parse("ns1.example.com."));
  BOOST_TEST(rrs[3].ttl == 600u);
  BOOST_TEST(rrs[4].owner == Name::parse("www.example.com."));
  BOOST_TEST(rrs[4].ttl == 7200u);
  BOOST_TEST(rrs[5].owner == Name::parse("www.example.com."));
  BOOST_TEST(rrs[5].type == rrtype::AAAA);
  BOOST_TEST(rrs[6].owner == Name::parse("mail.sub.example.com."));
  BOOST_TEST(rrs[6].rdata == cat({{0, 10}, wire_of({"mx", "sub", "example", "com"})}), boost::test_tools::per_element());
  BOOST_TEST(rrs[7].owner == Name::parse("last.sub.example.com."));
  BOOST_TEST(rrs[7].rdata == (Bytes{192, 0, 2, 9}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(origin_and_default_ttl_parameters) {
  const auto rrs = parse_zone("www A 192.0.2.1\n", Name::parse("example.org."), 42);
  BOOST_TEST_REQUIRE(rrs.size() == 1u);
  BOOST_TEST(rrs[0].owner == Name::parse("www.example.org."));
  BOOST_TEST(rrs[0].ttl == 42u);
  BOOST_TEST(parse_zone("").empty());
  BOOST_TEST(parse_zone("; only a comment\n\n   \n").empty());
}

BOOST_AUTO_TEST_CASE(rfc_records_in_one_zone) {
  const std::string zone = std::string(kRfcDnskey) + "\n" + kRfcRrsig + "\n" + kRfcNsec + "\n" + kRfcDs + "\n" +
                           kRfcNsec3 + "\n" + kRfcNsec3Param + "\n";
  const auto rrs = parse_zone(zone);
  BOOST_TEST_REQUIRE(rrs.size() == 6u);
  const std::vector<std::uint16_t> types = {rrtype::DNSKEY, rrtype::RRSIG, rrtype::NSEC,
                                            rrtype::DS,     rrtype::NSEC3, rrtype::NSEC3PARAM};
  for (std::size_t i = 0; i < rrs.size(); ++i) BOOST_TEST(rrs[i].type == types[i]);
  BOOST_TEST(rrs[2].rdata == rfc_nsec_rdata(), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(errors_name_the_line) {
  struct Case {
    std::string zone;
    std::string where;
  };
  const std::vector<Case> cases = {
      {"$ORIGIN example.\n$TTL 60\nwww A 192.0.2.1\nbad A 192.0.2.256\nok A 192.0.2.2\n", "zone line 4"},
      {"a A 192.0.2.1\n\n; comment\n\nb FOO bar\n", "zone line 5"},
      {"a A 192.0.2.1\nb IN A\n", "zone line 2"},
      {"a A 192.0.2.1\nb SOA ns h ( 1 2\n 3 4 5 junk )\nc A 192.0.2.3\n", "zone lines 2-3"},
      {"a A 192.0.2.1\n$INCLUDE /etc/passwd\n", "zone line 2"},
      {"a A 192.0.2.1\nb A 192.0.2.2\nc MX 10\n", "zone line 3"},
      {"; no owner yet\n  A 192.0.2.1\n", "zone line 2"},
      {"a A 192.0.2.1\n$TTL abc\n", "zone line 2"},
  };
  for (const auto& c : cases) {
    try {
      (void)parse_zone(c.zone);
      BOOST_ERROR("no error for zone:\n" << c.zone);
    } catch (const InputError& e) {
      BOOST_TEST_MESSAGE("  " << e.what());
      BOOST_TEST(e.where() == c.where, e.what());
    }
  }
  expect_error([] { (void)parse_zone("a A 192.0.2.1\n$INCLUDE /etc/passwd\n"); }, {"$INCLUDE", "not supported"},
               "$INCLUDE refused");
  expect_error([] { (void)parse_zone(std::string("a A 192.0.2.1\nb TXT \"x\0y\"\n", 25)); }, {"zone line 2", "NUL"},
               "NUL");
}

BOOST_AUTO_TEST_CASE(record_count_limit) {
  // 1,000,000 records are read; one more is refused, naming the line.
  std::string text;
  text.reserve(8 * 1'000'001);
  for (int i = 0; i < 1'000'001; ++i) text += "a A 1.2.3.4\n";  // cheap lines, same owner
  const auto t0 = std::chrono::steady_clock::now();
  expect_error([&] { (void)parse_zone(text); }, {"zone line 1000001", "more than 1000000 records"}, "1,000,001 RRs");
  BOOST_TEST_MESSAGE("  1,000,001 RRs refused after "
                     << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count()
                     << " ms");
}

BOOST_AUTO_TEST_CASE(size_limit) {
  const std::string huge(64 * 1024 * 1024 + 1, ';');
  expect_error([&] { (void)parse_zone(huge); }, {"more than"}, "64 MiB + 1");
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
BOOST_AUTO_TEST_SUITE(dnssec_records)

BOOST_AUTO_TEST_CASE(rfc4034_dnskey) {
  const RR rr = RR::parse(kRfcDnskey);
  const Dnskey k = Dnskey::from_rdata(rr.rdata);
  BOOST_TEST(k.flags == 256);
  BOOST_TEST(k.protocol == 3);
  BOOST_TEST(k.algorithm == 5);
  BOOST_TEST(k.public_key == b64(kRfcDnskeyB64), boost::test_tools::per_element());
  BOOST_TEST(k.is_zone_key());
  BOOST_TEST(!k.is_sep());
  BOOST_TEST(!k.is_revoked());
  BOOST_TEST(k.rdata() == rr.rdata, boost::test_tools::per_element());
  Dnskey ksk = k;
  ksk.flags = 257;
  BOOST_TEST(ksk.is_sep());
  BOOST_TEST(ksk.rdata()[1] == 0x01);
}

BOOST_AUTO_TEST_CASE(rfc4034_rrsig) {
  const RR rr = RR::parse(kRfcRrsig);
  const Rrsig s = Rrsig::from_rdata(rr.rdata);
  BOOST_TEST(s.type_covered == rrtype::A);
  BOOST_TEST(s.algorithm == 5);
  BOOST_TEST(s.labels == 3);
  BOOST_TEST(s.original_ttl == 86400u);
  BOOST_TEST(s.expiration == utc(2003, 3, 22, 17, 31, 3));
  BOOST_TEST(s.inception == utc(2003, 2, 20, 17, 31, 3));
  BOOST_TEST(s.key_tag == 2642);
  BOOST_TEST(s.signer.to_string() == "example.com.");
  BOOST_TEST(s.signature == b64(kRfcRrsigB64), boost::test_tools::per_element());
  BOOST_TEST(s.rdata() == rr.rdata, boost::test_tools::per_element());
  // The signed prefix is the RDATA up to the signature (RFC 4034 §3.1.8.1).
  const Bytes prefix(rr.rdata.begin(), rr.rdata.end() - static_cast<std::ptrdiff_t>(s.signature.size()));
  BOOST_TEST(s.signed_prefix() == prefix, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(signed_prefix_lower_cases_the_signer) {
  const RR rr = RR::parse("host.example.com. 60 IN RRSIG A 8 3 60 20240101000000 20230101000000 7 EXAMPLE.Com. AAEC");
  const Rrsig s = Rrsig::from_rdata(rr.rdata);
  BOOST_TEST(s.signer.wire() == wire_of({"EXAMPLE", "Com"}), boost::test_tools::per_element());
  BOOST_TEST(s.rdata() == rr.rdata, boost::test_tools::per_element());  // as received
  const Bytes fixed(rr.rdata.begin(), rr.rdata.begin() + 18);
  BOOST_TEST(s.signed_prefix() == cat({fixed, wire_of({"example", "com"})}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rfc4034_ds) {
  const RR rr = RR::parse(kRfcDs);
  const Ds d = Ds::from_rdata(rr.rdata);
  BOOST_TEST(d.key_tag == 60485);
  BOOST_TEST(d.algorithm == 5);
  BOOST_TEST(d.digest_type == 1);
  BOOST_TEST(d.digest == hexb("2BB183AF5F22588179A53B0A98631FAD1A292118"), boost::test_tools::per_element());
  BOOST_TEST(d.rdata() == rr.rdata, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rfc4034_nsec) {
  const RR rr = RR::parse(kRfcNsec);
  BOOST_TEST(rr.rdata == rfc_nsec_rdata(), boost::test_tools::per_element());
  const Nsec n = Nsec::from_rdata(rr.rdata);
  BOOST_TEST(n.next.to_string() == "host.example.com.");
  BOOST_TEST(n.types.types == (std::vector<std::uint16_t>{1, 15, 46, 47, 1234}), boost::test_tools::per_element());
  BOOST_TEST(n.types.contains(rrtype::MX));
  BOOST_TEST(!n.types.contains(rrtype::AAAA));
  BOOST_TEST(n.rdata() == rr.rdata, boost::test_tools::per_element());
  // The next name keeps its case through a round trip (RFC 6840 §5.1).
  const Nsec mixed = Nsec::from_rdata(RR::parse("a.example. 60 IN NSEC Host.EXAMPLE. A").rdata);
  BOOST_TEST(mixed.next.wire() == wire_of({"Host", "EXAMPLE"}), boost::test_tools::per_element());
  BOOST_TEST(mixed.rdata() == cat({wire_of({"Host", "EXAMPLE"}), {0, 1, 0x40}}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rfc5155_nsec3_and_param) {
  const RR rr = RR::parse(kRfcNsec3);
  const Nsec3 n = Nsec3::from_rdata(rr.rdata);
  BOOST_TEST(n.hash_algorithm == 1);
  BOOST_TEST(n.flags == 1);
  BOOST_TEST(n.opt_out());
  BOOST_TEST(n.iterations == 12);
  BOOST_TEST(n.salt == hexb("aabbccdd"), boost::test_tools::per_element());
  BOOST_TEST(n.next_hashed_owner == hexb(kRfcNsec3NextHex), boost::test_tools::per_element());
  // NS=2 SOA=6 MX=15 RRSIG=46 DNSKEY=48 NSEC3PARAM=51 (RFC 1035, RFC 4034, RFC 5155 type numbers)
  BOOST_TEST(n.types.types == (std::vector<std::uint16_t>{2, 6, 15, 46, 48, 51}), boost::test_tools::per_element());
  // The whole RDATA, octet by octet (window 0, 7 octets: 0x22 0x01 0 0 0 0x02 0x90).
  BOOST_TEST(rr.rdata == cat({{1, 1, 0, 12, 4, 0xaa, 0xbb, 0xcc, 0xdd, 20}, hexb(kRfcNsec3NextHex),
                              {0, 7, 0x22, 0x01, 0, 0, 0, 0x02, 0x90}}),
             boost::test_tools::per_element());
  BOOST_TEST(n.rdata() == rr.rdata, boost::test_tools::per_element());

  const RR prr = RR::parse(kRfcNsec3Param);
  const Nsec3Param p = Nsec3Param::from_rdata(prr.rdata);
  BOOST_TEST(p.hash_algorithm == 1);
  BOOST_TEST(p.flags == 0);
  BOOST_TEST(p.iterations == 12);
  BOOST_TEST(p.salt == hexb("aabbccdd"), boost::test_tools::per_element());
  BOOST_TEST(prr.rdata == (Bytes{1, 0, 0, 12, 4, 0xaa, 0xbb, 0xcc, 0xdd}), boost::test_tools::per_element());
  BOOST_TEST(p.rdata() == prr.rdata, boost::test_tools::per_element());

  // RFC 9276 defaults: no salt ("-"), and an NSEC3 of an empty non-terminal has an empty bitmap (RFC 5155 §7.1).
  const Nsec3 ent = Nsec3::from_rdata(RR::parse("x.example. 60 IN NSEC3 1 0 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr").rdata);
  BOOST_TEST(ent.salt.empty());
  BOOST_TEST(ent.types.types.empty());
  BOOST_TEST(!ent.opt_out());
}

BOOST_AUTO_TEST_CASE(type_bitmap_encoding) {
  TypeBitmap bm{{1234, 47, 1, 46, 15, 15}};  // unsorted with a duplicate: written sorted, once
  const auto rfc = rfc_nsec_rdata();
  BOOST_TEST(bm.to_wire() == Bytes(rfc.begin() + 18, rfc.end()), boost::test_tools::per_element());
  BOOST_TEST(TypeBitmap{}.to_wire().empty());
  // Type 0, 255, 256 and 65535 at the edges of windows 0, 1 and 255.
  const TypeBitmap edges{{0, 255, 256, 65535}};
  Bytes w0(2 + 32, 0), w1 = {1, 1, 0x80}, w255(2 + 32, 0);
  w0[0] = 0, w0[1] = 32, w0[2] = 0x80, w0[33] = 0x01;
  w255[0] = 255, w255[1] = 32, w255[33] = 0x01;
  BOOST_TEST(edges.to_wire() == cat({w0, w1, w255}), boost::test_tools::per_element());
  BOOST_TEST(TypeBitmap::from_wire(edges.to_wire()).types == edges.types, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(malformed_type_bitmaps) {
  struct Case {
    Bytes wire;
    std::string word;
  };
  const std::vector<Case> cases = {
      {{0}, "truncated"},                             // header cut
      {{0, 0}, "length 0"},                           // empty window
      {{0, 33, 1}, "length 33"},                      // too long
      {{0, 2, 0x40}, "truncated"},                    // fewer octets than announced
      {{0, 2, 0x40, 0x00}, "zero octet"},             // trailing zero octet
      {{1, 1, 0x40, 0, 1, 0x40}, "windows must ascend"},  // descending
      {{0, 1, 0x40, 0, 1, 0x20}, "twice"},            // duplicate window
  };
  for (const auto& c : cases) {
    const std::string hex = Botan::hex_encode(c.wire);
    expect_error([&] { (void)TypeBitmap::from_wire(c.wire); }, {"type bitmap", c.word}, "bitmap " + hex);
    // Inside an NSEC, the same defect names the record type.
    const Bytes nsec = cat({wire_of({"a"}), c.wire});
    expect_error([&] { (void)Nsec::from_rdata(nsec); }, {"NSEC RDATA", "type bitmap", c.word}, "NSEC bitmap " + hex);
  }
}

namespace {

/// Every prefix of rdata shorter than it must throw an InputError naming
/// where, except the lengths in valid (which are themselves well-formed).
void every_truncation_throws(const Bytes& rdata, const std::function<void(std::span<const std::uint8_t>)>& parse,
                             const std::string& where, const std::set<std::size_t>& valid) {
  for (std::size_t len = 0; len < rdata.size(); ++len) {
    const Bytes cut(rdata.begin(), rdata.begin() + static_cast<std::ptrdiff_t>(len));
    if (valid.count(len)) {
      BOOST_CHECK_NO_THROW(parse(cut));
      continue;
    }
    expect_error([&] { parse(cut); }, {where}, where + " cut to " + std::to_string(len) + " octets");
  }
  BOOST_CHECK_NO_THROW(parse(rdata));
}

std::set<std::size_t> range_from(std::size_t from, std::size_t to) {
  std::set<std::size_t> s;
  for (std::size_t i = from; i < to; ++i) s.insert(i);
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_truncation_is_an_input_error) {
  const Bytes dnskey = RR::parse(kRfcDnskey).rdata;
  // flags(2) protocol(1) algorithm(1), then a key of at least one octet.
  every_truncation_throws(dnskey, [](auto d) { (void)Dnskey::from_rdata(d); }, "DNSKEY RDATA",
                          range_from(5, dnskey.size()));

  const Bytes rrsig = RR::parse(kRfcRrsig).rdata;
  // 18 fixed octets, signer "example.com." (13 octets), then a signature of at least one octet.
  every_truncation_throws(rrsig, [](auto d) { (void)Rrsig::from_rdata(d); }, "RRSIG RDATA",
                          range_from(18 + 13 + 1, rrsig.size()));

  const Bytes ds = RR::parse(kRfcDs).rdata;
  every_truncation_throws(ds, [](auto d) { (void)Ds::from_rdata(d); }, "DS RDATA", range_from(5, ds.size()));

  // Next name "host.example.com." (18 octets), window 0 (8 octets), window 4 (29 octets): a cut
  // at a block boundary is a shorter, valid bitmap.
  every_truncation_throws(rfc_nsec_rdata(), [](auto d) { (void)Nsec::from_rdata(d); }, "NSEC RDATA", {18, 26});

  const Bytes nsec3 = RR::parse(kRfcNsec3).rdata;
  // 1+1+2 + 1+4 (salt) + 1+20 (hash) = 30 octets, then one 9-octet window.
  BOOST_TEST(nsec3.size() == 39u);
  every_truncation_throws(nsec3, [](auto d) { (void)Nsec3::from_rdata(d); }, "NSEC3 RDATA", {30});

  const Bytes param = RR::parse(kRfcNsec3Param).rdata;
  every_truncation_throws(param, [](auto d) { (void)Nsec3Param::from_rdata(d); }, "NSEC3PARAM RDATA", {});
}

BOOST_AUTO_TEST_CASE(errors_name_type_and_field) {
  const Bytes rrsig = RR::parse(kRfcRrsig).rdata;
  expect_error([&] { (void)Rrsig::from_rdata(std::span(rrsig).first(10)); }, {"RRSIG RDATA", "signature expiration"},
               "cut in expiration");
  expect_error([&] { (void)Rrsig::from_rdata(std::span(rrsig).first(22)); }, {"RRSIG RDATA", "signer name", "truncated"},
               "cut in signer");
  expect_error([&] { (void)Rrsig::from_rdata(std::span(rrsig).first(31)); }, {"RRSIG RDATA", "signature", "missing"},
               "no signature");
  const Bytes pointer = cat({Bytes(rrsig.begin(), rrsig.begin() + 18), {0xC0, 0x0C, 1, 2, 3}});
  expect_error([&] { (void)Rrsig::from_rdata(pointer); }, {"RRSIG RDATA", "signer name", "compression"},
               "compressed signer");
  expect_error([] { (void)Dnskey::from_rdata(Bytes{1, 0, 3, 8}); }, {"DNSKEY RDATA", "public key", "missing"}, "no key");
  expect_error([] { (void)Ds::from_rdata(Bytes{0, 1, 8, 2}); }, {"DS RDATA", "digest", "missing"}, "no digest");
  expect_error([] { (void)Nsec3::from_rdata(Bytes{1, 0, 0, 0, 0, 0}); }, {"NSEC3 RDATA", "hash length", "0"},
               "empty hash");
  expect_error([] { (void)Nsec3::from_rdata(Bytes{1, 0, 0, 0, 4, 0xaa}); }, {"NSEC3 RDATA", "salt", "truncated"},
               "short salt");
  expect_error([] { (void)Nsec3Param::from_rdata(Bytes{1, 0, 0, 0, 0, 7}); }, {"NSEC3PARAM RDATA", "unexpected"},
               "trailing octet");
  expect_error([] { (void)Nsec::from_rdata(Bytes{1, 'a'}); }, {"NSEC RDATA", "next domain name"}, "cut next name");
}

BOOST_AUTO_TEST_CASE(unencodable_fields_are_refused) {
  Nsec3 n;
  n.next_hashed_owner = Bytes(20, 1);
  n.salt = Bytes(256, 0);
  expect_error([&] { (void)n.rdata(); }, {"NSEC3 RDATA", "salt", "255"}, "salt of 256");
  n.salt.clear();
  n.next_hashed_owner.clear();
  expect_error([&] { (void)n.rdata(); }, {"NSEC3 RDATA", "next hashed owner"}, "empty hash");
  Nsec3Param p;
  p.salt = Bytes(300, 0);
  expect_error([&] { (void)p.rdata(); }, {"NSEC3PARAM RDATA", "salt"}, "param salt of 300");
  Dnskey k;
  k.public_key = Bytes(65535, 0);
  expect_error([&] { (void)k.rdata(); }, {"DNSKEY RDATA", "65535"}, "oversized key");
}

BOOST_AUTO_TEST_CASE(random_bytes_never_crash) {
  // Arbitrary octets either parse or throw InputError; what parses writes back identically.
  std::mt19937 rng(5155);
  std::uniform_int_distribution<int> octet(0, 255), length(0, 48);
  for (int i = 0; i < 3000; ++i) {
    Bytes b(static_cast<std::size_t>(length(rng)));
    for (auto& x : b) x = static_cast<std::uint8_t>(octet(rng));
    auto check = [&](auto parse) {
      try {
        const auto rec = parse(b);
        BOOST_TEST(rec.rdata() == b, boost::test_tools::per_element());
      } catch (const InputError&) {
      }
    };
    check([](const Bytes& d) { return Dnskey::from_rdata(d); });
    check([](const Bytes& d) { return Ds::from_rdata(d); });
    check([](const Bytes& d) { return Rrsig::from_rdata(d); });
    check([](const Bytes& d) { return Nsec::from_rdata(d); });
    check([](const Bytes& d) { return Nsec3::from_rdata(d); });
    check([](const Bytes& d) { return Nsec3Param::from_rdata(d); });
    for (std::uint16_t t : {rrtype::NS, rrtype::MX, rrtype::SOA, rrtype::RRSIG, std::uint16_t{35}, std::uint16_t{38}}) {
      RR rr{Name(), t, class_in, 0, b};
      try {
        const auto c = rr.canonical_rdata();
        BOOST_TEST(c.size() == b.size());
      } catch (const InputError&) {
      }
      (void)rr.to_string();
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
BOOST_AUTO_TEST_SUITE(status_names)

BOOST_AUTO_TEST_CASE(security) {
  BOOST_TEST(to_string(Security::Secure) == "Secure");
  BOOST_TEST(to_string(Security::Insecure) == "Insecure");
  BOOST_TEST(to_string(Security::Bogus) == "Bogus");
  BOOST_TEST(to_string(Security::Indeterminate) == "Indeterminate");
}

BOOST_AUTO_TEST_CASE(rfc8914_names) {
  // RFC 8914 §5.2 (the initial registry), RFC 9276 §3.2 / IANA for 27.
  BOOST_TEST(to_string(Ede::Other) == "Other Error");
  BOOST_TEST(to_string(Ede::UnsupportedDnskeyAlgorithm) == "Unsupported DNSKEY Algorithm");
  BOOST_TEST(to_string(Ede::UnsupportedDsDigestType) == "Unsupported DS Digest Type");
  BOOST_TEST(to_string(Ede::DnssecIndeterminate) == "DNSSEC Indeterminate");
  BOOST_TEST(to_string(Ede::DnssecBogus) == "DNSSEC Bogus");
  BOOST_TEST(to_string(Ede::SignatureExpired) == "Signature Expired");
  BOOST_TEST(to_string(Ede::SignatureNotYetValid) == "Signature Not Yet Valid");
  BOOST_TEST(to_string(Ede::DnskeyMissing) == "DNSKEY Missing");
  BOOST_TEST(to_string(Ede::RrsigsMissing) == "RRSIGs Missing");
  BOOST_TEST(to_string(Ede::NoZoneKeyBitSet) == "No Zone Key Bit Set");
  BOOST_TEST(to_string(Ede::NsecMissing) == "NSEC Missing");
  BOOST_TEST(to_string(Ede::NoReachableAuthority) == "No Reachable Authority");
  BOOST_TEST(to_string(Ede::NetworkError) == "Network Error");
  BOOST_TEST(to_string(Ede::UnsupportedNsec3IterationsValue) == "Unsupported NSEC3 Iterations Value");
  BOOST_TEST(to_string(static_cast<Ede>(3)) == "Stale Answer");
  BOOST_TEST(to_string(static_cast<Ede>(24)) == "Invalid Data");
  BOOST_TEST(!to_string(static_cast<Ede>(4000)).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(dname_substitution_replaces_the_owner_suffix) {
  // RFC 6672 §2.2: with "example.com. DNAME example.net.", the name
  // a.b.example.com. becomes a.b.example.net.
  const auto out = dname_substitute(Name::parse("a.b.example.com."), Name::parse("example.com."),
                                    Name::parse("example.net."));
  BOOST_REQUIRE(out.has_value());
  BOOST_TEST(out->to_string() == "a.b.example.net.");
  // A result over 255 octets is the YXDOMAIN case: no name.
  std::string long_target;
  for (int i = 0; i < 4; ++i) long_target += std::string(60, 'x') + ".";
  BOOST_TEST(!dname_substitute(Name::parse("abcdefghij.d.example."), Name::parse("d.example."),
                               Name::parse(long_target))
                  .has_value());
  BOOST_CHECK_THROW(dname_substitute(Name::parse("a.other."), Name::parse("example."), Name::parse("x.")), UsageError);
}
