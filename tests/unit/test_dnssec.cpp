// DNSSEC primitives: algorithms and policy, key tags, DS digests, public key
// parsing, NSEC3 hashes, RRSIG checks (RFC 4035 §5.3). Expected values come
// from the RFCs' examples (RFC 4034 §5.4, RFC 4509 §2.3, RFC 5155 App. A,
// RFC 5702 §6, RFC 6605 §6, RFC 8080 §6, RFC 4648 §10), from dnspython's test
// vectors, from ldns (an independent implementation, called directly), from
// Botan signing directly, or from hand computation written out in comments.
#define BOOST_TEST_MODULE test_dnssec
#include <boost/test/unit_test.hpp>

#include <botan/auto_rng.h>
#include <botan/base64.h>
#include <botan/ed25519.h>
#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/pubkey.h>
#include <stdbool.h>  // first: otherwise ldns/common.h defines bool, true and false as macros
#include <ldns/ldns.h>

#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/algorithms.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/nsec3hash.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/dnssec/verify.hpp"
#include "dane/error.hpp"
#include "dane/time.hpp"

using namespace dane;
using namespace dane::dnssec;
using dane::dns::Name;
using dane::dns::RR;
using dane::dns::RRset;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes unhex(const std::string& h) { return Botan::hex_decode(h); }
std::string hex(const Bytes& b) { return Botan::hex_encode(b, false); }
Bytes b64(const std::string& s) {
  const auto v = Botan::base64_decode(s);
  return {v.begin(), v.end()};
}
Time at(std::int64_t unix_seconds) { return Time(std::chrono::seconds(unix_seconds)); }

Dnskey dnskey(std::uint16_t flags, std::uint8_t alg, const std::string& key_b64) {
  Dnskey k;
  k.flags = flags;
  k.protocol = 3;
  k.algorithm = alg;
  k.public_key = b64(key_b64);
  return k;
}

/// The RRset of the given type among rrs (grouped with group_rrsets).
RRset rrset_of(const std::vector<RR>& rrs, std::uint16_t type) {
  for (auto& set : dns::group_rrsets(rrs))
    if (set.type == type) return set;
  BOOST_FAIL("no RRset of type " << type);
  return {};
}

Rrsig rrsig_of(const std::string& line) { return Rrsig::from_rdata(RR::parse(line).rdata); }

/// ldns's key tag for a DNSKEY (an independent implementation of RFC 4034 App. B).
std::uint16_t ldns_tag(const Dnskey& k) {
  Bytes rdata = {static_cast<std::uint8_t>(k.flags >> 8), static_cast<std::uint8_t>(k.flags), k.protocol,
                 k.algorithm};
  rdata.insert(rdata.end(), k.public_key.begin(), k.public_key.end());
  return ldns_calc_keytag_raw(rdata.data(), rdata.size());
}

// --- RFC vectors --------------------------------------------------------------

// RFC 4034 §5.4 / RFC 4509 §2.3: dskey.example.com. DNSKEY 256 3 5, key id 60485.
const std::string rfc4034_key =
    "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/"
    "M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==";

// RFC 6605 §6.1 (ECDSA P-256).
const std::string p256_key =
    "GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==";
const std::string p256_a = "www.example.net. 3600 IN A 192.0.2.1";
const std::string p256_sig =
    "www.example.net. 3600 IN RRSIG A 13 3 3600 20100909100439 20100812100439 55648 example.net. "
    "qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXAyGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==";
constexpr std::int64_t p256_now = 1281608679;  // the RFC's signing time, inside the window

// RFC 6605 §6.2 (ECDSA P-384).
const std::string p384_key =
    "xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/"
    "mlVNgF6W/qTI37m40";

// RFC 5702 §6.1 (RSASHA256, 512-bit) and §6.2 (RSASHA512, 1024-bit).
const std::string rsa256_key =
    "AwEAAcFcGsaxxdgiuuGmCkVImy4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8PkxUdp6p/DlUmObdk=";
const std::string rsa256_sig =
    "www.example.net. 3600 IN RRSIG A 8 3 3600 20300101000000 20000101000000 9033 example.net. "
    "kRCOH6u7l0QGy9qpC9l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEacFYK/lPtPiVYP4bwg==";
const std::string rsa512_key =
    "AwEAAdHoNTOW+et86KuJOWRDp1pndvwb6Y83nSVXXyLA3DLroROUkN6X0O6pnWnjJQujX/AyhqFDxj13tOnD9u/"
    "1kTg7cV6rklMrZDtJCQ5PCl/D7QNPsgVsMu1J2Q8gpMpztNFLpPBz1bWXjDtaR7ZQBlZ3PFY12ZTSncorffcGmhOL";
const std::string rfc5702_a = "www.example.net. 3600 IN A 192.0.2.91";
constexpr std::int64_t rfc5702_now = 946684800;  // 2000-01-01, the inception

// RFC 8080 §6.1 example 1 (Ed25519) with its private key seed.
const std::string ed_key = "l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=";
const std::string ed_seed = "ODIyNjAzODQ2MjgwODAxMjI2NDUxOTAyMDQxNDIyNjI=";
const std::string ed_mx = "example.com. 3600 IN MX 10 mail.example.com.";
const std::string ed_sig =
    "example.com. 3600 IN RRSIG MX 15 2 3600 1440021600 1438207200 3613 example.com. "
    "oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QLs3fx8A4M3e23mRZ9VrbpMngwcrqNAg==";
constexpr std::int64_t ed_now = 1440021600;

// dnspython tests/test_dnssec.py: RSAMD5 (alg 1) keys with tags 30239 / 62992
// (RFC 4034 App. B.1), and the DSA (alg 3) KSK 18673 with its three DS digests.
const std::string md5_ksk =
    "AwEAAewnoEWe+AVEnQzcZTwpl8K/QKuScYIX9xHOhejAL1enMjE0j97Gq3XXJJPWF7eQQGHs1De4Srv2UT0zRCLkH9r36lOR/"
    "ggANvthO/UbEs0hlD3A58LumEPudgIDwEkxGvQAXMFTMw0x1d/a82UtzmNoPVzFOl2r+OCXx9Jbdh/L";
const std::string md5_zsk =
    "AwEAAb8OJM5YcqaYG0fenUdRlrhBQ6LuwCvr5BRlrVbVzadSDBpq+yIiklfdGNBg3WZztDy1du62NWC/olMfc6uRe/"
    "SjqTa7IJ3MdEuZQXQwMedGdNSF73zbokx8wg7zBBr74xHczJcEpQhrZLzwCDmIPu0yoVi3Yqdl4dm4vNBj9hAD";
const std::string dsa_ksk =
    "CI3nCqyJsiCJHTjrNsJOT4RaszetzcJPYuoH3F9ZTVt3KJXncCVR3bwn1w0iavKljb9hDlAYSfHbFCp4ic/"
    "rvg4p1L8vh5s8ToMjqDNl40A0hUGQYbx5hsECyK+qHoajilUX1phYSAD8d9WAGO3fDWzUPBuzR7o85NiZCDxzyXuNVfni0uhj9n1KYhEO5yAbbruDGN"
    "89wIZcxMKuQsdUY2GYD93ssnBva55W6XRABYWayKZ90WkRVODLVYLSn53Pj/wwxGH+XdhIAZJXimrZL4ylMy7rtBsLMqq8Ihs4Tows7LqYwY7cp6y/"
    "50tw6pj8tFqMYcPUjKZV36l1M/2t5BVg3i7IK61Aidt6aoC3TDJtzAxg3ZxfjZWJfhHjMJqzQIfbW5b9q1mjFsW5EUv39RaNnX+3JWPRLyDqD4pIwD"
    "yqfutMsdk/Py3paHn82FGpCaOg+nicqZ9TiMZURN/XXy5JoXUNQ3RNvbHCUiPUe18KUkY6mTfnyHld1l9YCWmzXQVClkx/hOYxjJ4j8Ife58+Obu5X";
const std::string dsa_zsk =
    "CJE1yb9YRQiw5d2xZrMUMR+cGCTt1bp1KDCefmYKmS+Z1+q9f42ETVhxJRiQwXclYwmxborzIkSZegTNYIV6mrYwbNB27Q44c3UGcspb3PiOw5TCjNP"
    "RYEcdwGvDZ2wWy+vkSV/S9tHXY8O6ODiE6abZJDDg/RnITyi+eoDLR3KZ5n/V1f1T1b90rrV6EewhBGQJpQGDogaXb2oHww9Tm6NfXyo7SoMMpbwbzO"
    "ckXv+GxRPJIQNSF4D4A9E8XCksuzVVdE/0lr37+uoiAiPia38U5W2QWe/FJAEPLjIp2eTzf0TrADc1pKP1wrA2ASpdzpm/aX3IB5RPp8EwS9U72eBF"
    "ZJAUwg635HxJVxH1maG6atzorR566E+e0OZSaxXS9o1o6QqN3oPlYLGPORDiExilKfez3C/x/yioOupW9K5eKF0gmtaqrHX0oq9s67f/RIM2xVaKHgG9V"
    "f2cgJIZkhv7sntujr+E4htnRmy9P9BxyFxsItYxPI6ZbzygHAZpGhlI/7ltEGlIwKxyTK3ZKBm67q7B";
const std::string dsa_soa = "example. 86400 IN SOA ns1.example. hostmaster.example. 2 10800 3600 604800 86400";
const std::string dsa_sig =
    "example. 86400 IN RRSIG SOA 3 1 86400 20101129143231 20101122112731 42088 example. "
    "CGul9SuBofsktunV8cJs4eRs6u+3NCS3yaPKvBbD+pB2C76OUXDZq9U=";
constexpr std::int64_t dsa_now = 1290425644;

/// The A RRset, RRSIG and DNSKEY of RFC 6605 §6.1.
struct P256Vector {
  RRset rrset = rrset_of({RR::parse(p256_a)}, dns::rrtype::A);
  Rrsig sig = rrsig_of(p256_sig);
  Dnskey key = dnskey(257, 13, p256_key);
};

}  // namespace

// ============================================================================
BOOST_AUTO_TEST_SUITE(algorithms)

BOOST_AUTO_TEST_CASE(support_table_follows_botan_backends) {
  // Verified with Botan 2: RSA (1 5 7 8 10), DSA (3 6), ECDSA (13 14), Ed25519 (15).
  for (int a : {1, 3, 5, 6, 7, 8, 10, 13, 14, 15})
    BOOST_TEST((algorithm_support(static_cast<std::uint8_t>(a)) == Support::Supported), "algorithm " << a);
  // No backend: 12 GOST, 16 Ed448 (not in Botan 2), unassigned and reserved numbers.
  for (int a : {0, 2, 4, 9, 11, 12, 16, 17, 100, 252, 253, 254, 255})
    BOOST_TEST((algorithm_support(static_cast<std::uint8_t>(a)) == Support::Unsupported), "algorithm " << a);
  for (int d : {1, 2, 4}) BOOST_TEST((digest_support(static_cast<std::uint8_t>(d)) == Support::Supported));
  for (int d : {0, 3, 5, 255}) BOOST_TEST((digest_support(static_cast<std::uint8_t>(d)) == Support::Unsupported));
}

BOOST_AUTO_TEST_CASE(mnemonics_are_the_iana_names) {
  BOOST_TEST(algorithm_mnemonic(1) == "RSAMD5");
  BOOST_TEST(algorithm_mnemonic(5) == "RSASHA1");
  BOOST_TEST(algorithm_mnemonic(7) == "RSASHA1-NSEC3-SHA1");
  BOOST_TEST(algorithm_mnemonic(8) == "RSASHA256");
  BOOST_TEST(algorithm_mnemonic(10) == "RSASHA512");
  BOOST_TEST(algorithm_mnemonic(13) == "ECDSAP256SHA256");
  BOOST_TEST(algorithm_mnemonic(14) == "ECDSAP384SHA384");
  BOOST_TEST(algorithm_mnemonic(15) == "ED25519");
  BOOST_TEST(algorithm_mnemonic(16) == "ED448");
  BOOST_TEST(algorithm_mnemonic(200) == "");
  BOOST_TEST(digest_mnemonic(1) == "SHA-1");
  BOOST_TEST(digest_mnemonic(2) == "SHA-256");
  BOOST_TEST(digest_mnemonic(4) == "SHA-384");
  BOOST_TEST(digest_mnemonic(9) == "");
}

BOOST_AUTO_TEST_CASE(default_policy_refuses_rfc8624_must_not) {
  const auto policy = AlgorithmPolicy::rfc8624();
  for (int a : {5, 7, 8, 10, 13, 14, 15}) BOOST_TEST(policy.algorithm_usable(static_cast<std::uint8_t>(a)));
  for (int a : {1, 3, 6, 12, 16, 100}) BOOST_TEST(!policy.algorithm_usable(static_cast<std::uint8_t>(a)));
  for (int d : {1, 2, 4}) BOOST_TEST(policy.digest_usable(static_cast<std::uint8_t>(d)));
  for (int d : {0, 3}) BOOST_TEST(!policy.digest_usable(static_cast<std::uint8_t>(d)));

  const auto all = AlgorithmPolicy::allow_all();
  for (int a : {1, 3, 6}) BOOST_TEST(all.algorithm_usable(static_cast<std::uint8_t>(a)));
  // allow_all cannot conjure a backend.
  for (int a : {12, 16, 100}) BOOST_TEST(!all.algorithm_usable(static_cast<std::uint8_t>(a)));

  AlgorithmPolicy strict;
  strict.refused_algorithms.insert(5);
  BOOST_TEST(!strict.algorithm_usable(5));
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
BOOST_AUTO_TEST_SUITE(key_tags_and_ds)

BOOST_AUTO_TEST_CASE(key_tags_from_the_rfcs) {
  BOOST_TEST(key_tag(dnskey(256, 5, rfc4034_key)) == 60485);  // RFC 4034 §5.4
  BOOST_TEST(key_tag(dnskey(256, 8, rsa256_key)) == 9033);    // RFC 5702 §6.1
  BOOST_TEST(key_tag(dnskey(256, 10, rsa512_key)) == 3740);   // RFC 5702 §6.2
  BOOST_TEST(key_tag(dnskey(257, 13, p256_key)) == 55648);    // RFC 6605 §6.1
  BOOST_TEST(key_tag(dnskey(257, 14, p384_key)) == 10771);    // RFC 6605 §6.2
  BOOST_TEST(key_tag(dnskey(257, 15, ed_key)) == 3613);       // RFC 8080 §6.1
  BOOST_TEST(key_tag(dnskey(257, 3, dsa_ksk)) == 18673);      // dnspython DSA KSK
  BOOST_TEST(key_tag(dnskey(256, 3, dsa_zsk)) == 42088);      // dnspython DSA ZSK
}

BOOST_AUTO_TEST_CASE(rsamd5_key_tag_uses_appendix_b1) {
  // dnspython testAbsoluteRSAMD5Good: the tags are octets [-3, -2] of the modulus.
  BOOST_TEST(key_tag(dnskey(257, 1, md5_ksk)) == 30239);
  BOOST_TEST(key_tag(dnskey(256, 1, md5_zsk)) == 62992);
  // Hand check of the rule: modulus ...0x12 0x34 0x56 -> 0x1234 whatever the flags.
  Dnskey k = dnskey(256, 1, "");
  k.public_key = {0x01, 0x03, 0xAA, 0xBB, 0x12, 0x34, 0x56};
  BOOST_TEST(key_tag(k) == 0x1234);
  k.flags = 257;
  BOOST_TEST(key_tag(k) == 0x1234);
  // Too short to have those octets: 0, no out-of-bounds read.
  k.public_key = {0x01, 0x03};
  BOOST_TEST(key_tag(k) == 0);
}

BOOST_AUTO_TEST_CASE(key_tag_agrees_with_ldns_on_random_keys) {
  std::mt19937 rng(4034);
  for (int i = 0; i < 500; ++i) {
    Dnskey k;
    k.flags = static_cast<std::uint16_t>(rng());
    k.protocol = static_cast<std::uint8_t>(rng());
    k.algorithm = static_cast<std::uint8_t>(2 + rng() % 250);  // ldns applies B.1 to algorithm 1 only
    k.public_key.resize(1 + rng() % 600);
    for (auto& b : k.public_key) b = static_cast<std::uint8_t>(rng());
    BOOST_TEST(key_tag(k) == ldns_tag(k));
  }
}

BOOST_AUTO_TEST_CASE(ds_digests_from_the_rfcs) {
  const Name dskey = Name::parse("dskey.example.com.");
  const Dnskey k = dnskey(256, 5, rfc4034_key);
  // RFC 4034 §5.4 (SHA-1) and RFC 4509 §2.3 (SHA-256).
  BOOST_TEST(hex(ds_digest(dskey, k, 1)) == "2bb183af5f22588179a53b0a98631fad1a292118");
  BOOST_TEST(hex(ds_digest(dskey, k, 2)) == "d4b7d520e7bb5f0f67674a0cceb1e3e0614b93c4f9e99b8383f6a1e4469da50a");
  // The owner goes in canonical (lower-case) form.
  BOOST_TEST(hex(ds_digest(Name::parse("DSKEY.Example.COM."), k, 1)) == "2bb183af5f22588179a53b0a98631fad1a292118");

  // RFC 6605 §6.1 (SHA-256) and §6.2 (SHA-384).
  const Name net = Name::parse("example.net.");
  BOOST_TEST(hex(ds_digest(net, dnskey(257, 13, p256_key), 2)) ==
             "b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17");
  BOOST_TEST(hex(ds_digest(net, dnskey(257, 14, p384_key), 4)) ==
             "72d7b62976ce06438e9c0bf319013cf801f09ecc84b8d7e9495f27e305c6a9b0563a9b5f4d288405c3008a946df983d6");
  // RFC 8080 §6.1 (SHA-256).
  BOOST_TEST(hex(ds_digest(Name::parse("example.com."), dnskey(257, 15, ed_key), 2)) ==
             "3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79a304b");
  // dnspython testMakeExample*DS: the DSA KSK with all three digests.
  const Name example = Name::parse("example.");
  const Dnskey dsa = dnskey(257, 3, dsa_ksk);
  BOOST_TEST(hex(ds_digest(example, dsa, 1)) == "71b71d4f3e11bbd71b4eff12cde69f7f9215bbe7");
  BOOST_TEST(hex(ds_digest(example, dsa, 2)) == "eb8344cbbf07c9d3d3d6c81d10c76653e28d8611a65e639ef8f716e4e4e5d913");
  BOOST_TEST(hex(ds_digest(example, dsa, 4)) ==
             "61ab241025c5f88d2537be04dcfba96f952adaefe0b382ecbc4108c97b75768c9e99fd16caed2a09634c51e8089fb84f");
}

BOOST_AUTO_TEST_CASE(unsupported_digest_type_is_an_input_error) {
  const Dnskey k = dnskey(256, 5, rfc4034_key);
  for (int d : {0, 3, 5, 200}) {
    BOOST_CHECK_THROW(ds_digest(Name::parse("example."), k, static_cast<std::uint8_t>(d)), InputError);
    BOOST_CHECK_THROW(make_ds(Name::parse("example."), k, static_cast<std::uint8_t>(d)), InputError);
  }
}

BOOST_AUTO_TEST_CASE(make_ds_and_ds_matches) {
  const Name dskey = Name::parse("dskey.example.com.");
  const Dnskey k = dnskey(256, 5, rfc4034_key);
  const Ds ds = make_ds(dskey, k, 1);
  // RFC 4034 §5.4: "DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118".
  BOOST_TEST(ds.key_tag == 60485);
  BOOST_TEST(ds.algorithm == 5);
  BOOST_TEST(ds.digest_type == 1);
  BOOST_TEST(hex(ds.digest) == "2bb183af5f22588179a53b0a98631fad1a292118");

  Ds rfc;
  rfc.key_tag = 60485;
  rfc.algorithm = 5;
  rfc.digest_type = 2;
  rfc.digest = unhex("D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A");
  BOOST_TEST(ds_matches(rfc, dskey, k));
  BOOST_TEST(ds_matches(rfc, Name::parse("dSkEy.ExAmPlE.cOm."), k));
  BOOST_TEST(!ds_matches(rfc, Name::parse("other.example.com."), k));

  Ds bad = rfc;
  bad.key_tag = 60486;
  BOOST_TEST(!ds_matches(bad, dskey, k));
  bad = rfc;
  bad.algorithm = 8;
  BOOST_TEST(!ds_matches(bad, dskey, k));
  bad = rfc;
  bad.digest[31] ^= 1;
  BOOST_TEST(!ds_matches(bad, dskey, k));
  bad = rfc;
  bad.digest_type = 1;  // SHA-256 digest labelled SHA-1: wrong length, no match
  BOOST_TEST(!ds_matches(bad, dskey, k));
  bad = rfc;
  bad.digest_type = 3;  // unsupported digest type: no match, no exception
  BOOST_TEST(!ds_matches(bad, dskey, k));
  bad = rfc;
  bad.digest.clear();
  BOOST_TEST(!ds_matches(bad, dskey, k));
  Dnskey other = k;
  other.flags = 257;
  BOOST_TEST(!ds_matches(rfc, dskey, other));
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
BOOST_AUTO_TEST_SUITE(public_keys)

BOOST_AUTO_TEST_CASE(parse_reports_sizes) {
  BOOST_TEST(PublicKey::parse(dnskey(256, 8, rsa256_key))->bits() == 512u);
  BOOST_TEST(PublicKey::parse(dnskey(256, 10, rsa512_key))->bits() == 1024u);
  BOOST_TEST(PublicKey::parse(dnskey(257, 13, p256_key))->bits() == 256u);
  BOOST_TEST(PublicKey::parse(dnskey(257, 14, p384_key))->bits() == 384u);
  BOOST_TEST(PublicKey::parse(dnskey(257, 15, ed_key))->bits() == 256u);
  BOOST_TEST(PublicKey::parse(dnskey(257, 3, dsa_ksk))->bits() == 1024u);  // T = 8
  BOOST_TEST(PublicKey::parse(dnskey(257, 15, ed_key))->algorithm() == 15);
}

BOOST_AUTO_TEST_CASE(unsupported_algorithms_do_not_parse) {
  for (int a : {12, 16, 100}) BOOST_CHECK_THROW(PublicKey::parse(dnskey(257, static_cast<std::uint8_t>(a), ed_key)), InputError);
}

BOOST_AUTO_TEST_CASE(rsa_three_octet_exponent_length_form) {
  // RFC 3110 §2: exponent length 0 followed by a 2-octet length. Re-encode
  // the RFC 5702 §6.1 key (1-octet form "03 | 01 00 01 | modulus") in the
  // 3-octet form "00 00 03 | 01 00 01 | modulus": the same RSA key, so the
  // RFC's signature must still verify.
  Dnskey k = dnskey(256, 8, rsa256_key);
  BOOST_REQUIRE(k.public_key[0] == 3);
  const Bytes modulus(k.public_key.begin() + 4, k.public_key.end());
  Dnskey long_form = k;
  long_form.public_key = {0x00, 0x00, 0x03, 0x01, 0x00, 0x01};
  long_form.public_key.insert(long_form.public_key.end(), modulus.begin(), modulus.end());

  const RRset rrset = rrset_of({RR::parse(rfc5702_a)}, dns::rrtype::A);
  const Rrsig sig = rrsig_of(rsa256_sig);
  const auto data = signed_data(rrset, sig);
  BOOST_TEST(PublicKey::parse(k)->verify(data, sig.signature));
  BOOST_TEST(PublicKey::parse(long_form)->verify(data, sig.signature));
  BOOST_TEST(PublicKey::parse(long_form)->bits() == 512u);
}

BOOST_AUTO_TEST_CASE(malformed_rsa_keys) {
  const Bytes modulus = [] {
    Dnskey k = dnskey(256, 8, rsa256_key);
    return Bytes(k.public_key.begin() + 4, k.public_key.end());
  }();
  auto with = [&](Bytes prefix, const Bytes& mod) {
    Dnskey k = dnskey(256, 8, "");
    k.public_key = std::move(prefix);
    k.public_key.insert(k.public_key.end(), mod.begin(), mod.end());
    return k;
  };
  BOOST_CHECK_THROW(PublicKey::parse(with({}, {})), InputError);                  // empty
  BOOST_CHECK_THROW(PublicKey::parse(with({0x00}, {})), InputError);              // 3-octet form, truncated
  BOOST_CHECK_THROW(PublicKey::parse(with({0x00, 0x00}, {})), InputError);        // 3-octet form, truncated
  BOOST_CHECK_THROW(PublicKey::parse(with({0x00, 0x00, 0x00}, modulus)), InputError);  // length 0
  BOOST_CHECK_THROW(PublicKey::parse(with({0x00, 0xFF, 0xFF}, modulus)), InputError);  // length beyond the key
  BOOST_CHECK_THROW(PublicKey::parse(with({0xFF, 0x01}, {})), InputError);        // length beyond the key
  BOOST_CHECK_THROW(PublicKey::parse(with({0x03, 0x01, 0x00, 0x01}, {})), InputError);  // no modulus
  BOOST_CHECK_THROW(PublicKey::parse(with({0x01, 0x02}, modulus)), InputError);   // exponent 2 (even)
  BOOST_CHECK_THROW(PublicKey::parse(with({0x01, 0x01}, modulus)), InputError);   // exponent 1
  // A 9-octet (72-bit) exponent: over the 64-bit limit.
  BOOST_CHECK_THROW(PublicKey::parse(with({0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x01}, modulus)), InputError);
  // Modulus too small (256 bits) and too large (4104 bits).
  BOOST_CHECK_THROW(PublicKey::parse(with({0x03, 0x01, 0x00, 0x01}, Bytes(modulus.begin(), modulus.begin() + 32))),
                    InputError);
  Bytes huge(513, 0xFF);
  BOOST_CHECK_THROW(PublicKey::parse(with({0x03, 0x01, 0x00, 0x01}, huge)), InputError);
  Bytes even = modulus;
  even.back() &= 0xFE;
  BOOST_CHECK_THROW(PublicKey::parse(with({0x03, 0x01, 0x00, 0x01}, even)), InputError);
  // The error names the key and its algorithm.
  try {
    PublicKey::parse(with({0x03, 0x01, 0x00, 0x01}, {}));
    BOOST_ERROR("no InputError");
  } catch (const InputError& e) {
    BOOST_TEST(e.where().find("RSASHA256") != std::string::npos, e.what());
    BOOST_TEST(e.field() == "modulus", e.what());
  }
}

BOOST_AUTO_TEST_CASE(malformed_ec_dsa_and_ed25519_keys) {
  Dnskey p256 = dnskey(257, 13, p256_key);
  p256.public_key.back() ^= 0x01;  // y changed: the point leaves the curve
  BOOST_CHECK_THROW(PublicKey::parse(p256), InputError);
  Dnskey zero = dnskey(257, 13, p256_key);
  std::fill(zero.public_key.begin(), zero.public_key.end(), 0);
  BOOST_CHECK_THROW(PublicKey::parse(zero), InputError);
  Dnskey p384_as_256 = dnskey(257, 13, p384_key);  // 96 octets for a 64-octet key
  BOOST_CHECK_THROW(PublicKey::parse(p384_as_256), InputError);
  Dnskey p256_as_384 = dnskey(257, 14, p256_key);
  BOOST_CHECK_THROW(PublicKey::parse(p256_as_384), InputError);

  Dnskey ed = dnskey(257, 15, ed_key);
  ed.public_key.push_back(0);
  BOOST_CHECK_THROW(PublicKey::parse(ed), InputError);

  Dnskey dsa = dnskey(257, 3, dsa_ksk);
  dsa.public_key[0] = 9;  // T > 8 (RFC 2536 §2)
  BOOST_CHECK_THROW(PublicKey::parse(dsa), InputError);
  dsa = dnskey(257, 3, dsa_ksk);
  dsa.public_key[0] = 7;  // T inconsistent with the length
  BOOST_CHECK_THROW(PublicKey::parse(dsa), InputError);
  dsa = dnskey(257, 3, dsa_ksk);
  std::fill(dsa.public_key.begin() + 1, dsa.public_key.begin() + 21, 0);  // Q = 0
  BOOST_CHECK_THROW(PublicKey::parse(dsa), InputError);
}

BOOST_AUTO_TEST_CASE(every_truncation_of_every_key_is_handled) {
  // Each prefix of each key either parses or is an InputError; a key that
  // parses never validates the RFC signature it was not made for; nothing
  // crashes (this test also runs under ASan+UBSan).
  struct Case {
    Dnskey key;
    std::string rrset_line, sig_line;
    std::int64_t now;
  };
  const std::vector<Case> cases = {
      {dnskey(256, 8, rsa256_key), rfc5702_a, rsa256_sig, rfc5702_now},
      {dnskey(257, 13, p256_key), p256_a, p256_sig, p256_now},
      {dnskey(257, 15, ed_key), ed_mx, ed_sig, ed_now},
      {dnskey(256, 3, dsa_zsk), dsa_soa, dsa_sig, dsa_now},
  };
  for (const auto& c : cases) {
    const auto rr = RR::parse(c.rrset_line);
    const RRset rrset = rrset_of({rr}, rr.type);
    Rrsig sig = rrsig_of(c.sig_line);
    const auto data = signed_data(rrset, sig);
    BOOST_TEST_CONTEXT("algorithm " << int(c.key.algorithm)) {
      BOOST_TEST(PublicKey::parse(c.key)->verify(data, sig.signature));
      for (std::size_t n = 0; n < c.key.public_key.size(); ++n) {
        Dnskey cut = c.key;
        cut.public_key.resize(n);
        try {
          auto parsed = PublicKey::parse(cut);
          BOOST_TEST(!parsed->verify(data, sig.signature), "prefix " << n << " verified");
        } catch (const InputError&) {
        }
        // Through verify_rrsig the key tag no longer fits: never Valid, never a throw.
        sig.key_tag = key_tag(cut);
        const auto check = verify_rrsig(rrset, sig, cut, at(c.now), AlgorithmPolicy::allow_all());
        BOOST_TEST((check.result != SigResult::Valid), "prefix " << n);
        BOOST_TEST((check.result == SigResult::BadKey || check.result == SigResult::BadSignature),
                   "prefix " << n << ": " << check.reason.text);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_truncation_and_bit_flip_of_every_signature_fails) {
  struct Case {
    Dnskey key;
    std::string rrset_line, sig_line;
  };
  const std::vector<Case> cases = {
      {dnskey(256, 8, rsa256_key), rfc5702_a, rsa256_sig},
      {dnskey(256, 10, rsa512_key), rfc5702_a,
       "www.example.net. 3600 IN RRSIG A 10 3 3600 20300101000000 20000101000000 3740 example.net. "
       "tsb4wnjRUDnB1BUi+t6TMTXThjVnG+eCkWqjvvjhzQL1d0YRoOe0CbxrVDYd0xDtsuJRaeUw1ep94PzEWzr0iGYgZBWm/zpq+9fOuagYJRfDqf"
       "ReKBzMweOLDiNa8iP5g9vMhpuv6OPlvpXwm9Sa9ZXIbNl1MBGk0fthPgxdDLw="},
      {dnskey(257, 13, p256_key), p256_a, p256_sig},
      {dnskey(257, 15, ed_key), ed_mx, ed_sig},
      {dnskey(256, 3, dsa_zsk), dsa_soa, dsa_sig},
  };
  for (const auto& c : cases) {
    const auto rr = RR::parse(c.rrset_line);
    const RRset rrset = rrset_of({rr}, rr.type);
    const Rrsig sig = rrsig_of(c.sig_line);
    const auto data = signed_data(rrset, sig);
    const auto key = PublicKey::parse(c.key);
    BOOST_TEST_CONTEXT("algorithm " << int(c.key.algorithm)) {
      BOOST_TEST(key->verify(data, sig.signature));
      for (std::size_t n = 0; n < sig.signature.size(); ++n) {
        const Bytes cut(sig.signature.begin(), sig.signature.begin() + static_cast<std::ptrdiff_t>(n));
        BOOST_TEST(!key->verify(data, cut), "truncated to " << n);
      }
      for (std::size_t bit = 0; bit < sig.signature.size() * 8; bit += 7) {
        Bytes flipped = sig.signature;
        flipped[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
        BOOST_TEST(!key->verify(data, flipped), "bit " << bit);
      }
      Bytes longer = sig.signature;
      longer.push_back(0);
      BOOST_TEST(!key->verify(data, longer));
      BOOST_TEST(!key->verify(data, Bytes(600, 0xFF)));
    }
  }
}

BOOST_AUTO_TEST_CASE(random_key_material_never_crashes) {
  std::mt19937 rng(2536);
  for (int alg : {1, 3, 5, 6, 7, 8, 10, 13, 14, 15}) {
    for (int i = 0; i < 60; ++i) {
      Dnskey k;
      k.flags = 257;
      k.algorithm = static_cast<std::uint8_t>(alg);
      // Lengths near the ones each parser expects, and random ones.
      const std::size_t lengths[] = {0, 1, 32, 64, 96, 213, 405, 68, rng() % 700};
      k.public_key.resize(lengths[static_cast<std::size_t>(i) % std::size(lengths)]);
      for (auto& b : k.public_key) b = static_cast<std::uint8_t>(rng());
      if (alg == 3 || alg == 6) {
        if (!k.public_key.empty()) k.public_key[0] = static_cast<std::uint8_t>(rng() % 10);
      }
      try {
        auto key = PublicKey::parse(k);
        Bytes sig(static_cast<std::size_t>(rng() % 600));
        for (auto& b : sig) b = static_cast<std::uint8_t>(rng());
        BOOST_TEST(!key->verify(Bytes{1, 2, 3}, sig));
      } catch (const InputError&) {
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(key_cache_is_bounded_fifo_with_counters) {
  KeyCache cache(2);
  const Dnskey a = dnskey(257, 15, ed_key);
  const Dnskey b = dnskey(257, 13, p256_key);
  const Dnskey c = dnskey(256, 8, rsa256_key);
  const auto pa = cache.get(a);
  BOOST_TEST(cache.misses() == 1u);
  BOOST_TEST(cache.hits() == 0u);
  BOOST_TEST(cache.get(a) == pa);  // same parsed object
  BOOST_TEST(cache.hits() == 1u);
  cache.get(b);
  BOOST_TEST(cache.size() == 2u);
  cache.get(c);  // evicts a, the first inserted
  BOOST_TEST(cache.size() == 2u);
  BOOST_TEST(cache.misses() == 3u);
  cache.get(b);
  cache.get(c);
  BOOST_TEST(cache.hits() == 3u);
  BOOST_TEST(cache.get(a) != pa);  // parsed again
  BOOST_TEST(cache.misses() == 4u);
  BOOST_TEST(cache.size() == 2u);

  // Flags do not change the parsed key: keyed by algorithm and key bytes.
  Dnskey a_zsk = a;
  a_zsk.flags = 256;
  cache.get(a_zsk);
  BOOST_TEST(cache.hits() == 4u);

  // Malformed keys are InputErrors and take no slot.
  Dnskey bad = a;
  bad.public_key.pop_back();
  BOOST_CHECK_THROW(cache.get(bad), InputError);
  BOOST_TEST(cache.size() == 2u);

  KeyCache none(0);
  none.get(a);
  none.get(a);
  BOOST_TEST(none.size() == 0u);
  BOOST_TEST(none.misses() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
BOOST_AUTO_TEST_SUITE(nsec3)

BOOST_AUTO_TEST_CASE(rfc5155_appendix_a_hashes) {
  const Bytes salt = unhex("aabbccdd");
  // RFC 5155 Appendix A: H(example) = 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom, etc. (12 iterations).
  BOOST_TEST(base32hex(nsec3_hash(Name::parse("example."), 1, 12, salt)) == "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
  BOOST_TEST(base32hex(nsec3_hash(Name::parse("a.example."), 1, 12, salt)) == "35mthgpgcu1qg68fab165klnsnk3dpvl");
  BOOST_TEST(base32hex(nsec3_hash(Name::parse("*.w.example."), 1, 12, salt)) == "r53bq7cc2uvmubfu5ocmm6pers9tk9en");
  // Case does not matter (canonical form).
  BOOST_TEST(base32hex(nsec3_hash(Name::parse("A.EXAMPLE."), 1, 12, salt)) == "35mthgpgcu1qg68fab165klnsnk3dpvl");
  // The hash is 20 octets whatever the iteration count.
  BOOST_TEST(nsec3_hash(Name::parse("example."), 1, 0, {}).size() == 20u);
}

BOOST_AUTO_TEST_CASE(zero_iterations_is_one_sha1) {
  // IH(salt, x, 0) = SHA-1(x | salt): with Botan's SHA-1 directly.
  const Name n = Name::parse("Example.COM.");
  const Bytes salt = unhex("9f1ab450cf71d6");
  auto sha1 = Botan::HashFunction::create_or_throw("SHA-1");
  sha1->update(unhex("076578616d706c6503636f6d00"));  // "example.com." lower-cased, by hand
  sha1->update(salt);
  const auto expected = sha1->final_stdvec();
  BOOST_TEST(nsec3_hash(n, 1, 0, salt) == expected);
  // One more iteration: SHA-1(previous | salt).
  sha1->update(expected);
  sha1->update(salt);
  BOOST_TEST(nsec3_hash(n, 1, 1, salt) == sha1->final_stdvec());
}

BOOST_AUTO_TEST_CASE(bad_parameters_are_input_errors) {
  BOOST_CHECK_THROW(nsec3_hash(Name::parse("example."), 2, 0, {}), InputError);
  BOOST_CHECK_THROW(nsec3_hash(Name::parse("example."), 0, 0, {}), InputError);
  const Bytes long_salt(256, 0xAB);
  BOOST_CHECK_THROW(nsec3_hash(Name::parse("example."), 1, 0, long_salt), InputError);
  BOOST_CHECK_NO_THROW(nsec3_hash(Name::parse("example."), 1, 0, Bytes(255, 0xAB)));
}

BOOST_AUTO_TEST_CASE(base32hex_rfc4648_vectors) {
  // RFC 4648 §10 BASE32-HEX test vectors, lower-cased and without padding.
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},           {"f", "co"},          {"fo", "cpng"},        {"foo", "cpnmu"},
      {"foob", "cpnmuog"}, {"fooba", "cpnmuoj1"}, {"foobar", "cpnmuoj1e8"},
  };
  for (const auto& [plain, encoded] : vectors) {
    const Bytes bytes(plain.begin(), plain.end());
    BOOST_TEST(base32hex(bytes) == encoded);
    BOOST_TEST(from_base32hex(encoded) == bytes);
  }
  // Upper case is accepted (NSEC3 owner labels compare case-insensitively).
  BOOST_TEST(from_base32hex("CPNMUOJ1E8") == Bytes({'f', 'o', 'o', 'b', 'a', 'r'}));
  // All 32 symbols round-trip.
  const Bytes all = from_base32hex("0123456789abcdefghijklmnopqrstuv");
  BOOST_TEST(all.size() == 20u);
  BOOST_TEST(base32hex(all) == "0123456789abcdefghijklmnopqrstuv");
}

BOOST_AUTO_TEST_CASE(base32hex_rejects_bad_text) {
  BOOST_CHECK_THROW(from_base32hex("cpnw"), InputError);   // 'w' is outside 0-9a-v
  BOOST_CHECK_THROW(from_base32hex("cp=g"), InputError);   // padding is not accepted
  BOOST_CHECK_THROW(from_base32hex("c"), InputError);      // 1 symbol cannot encode an octet
  BOOST_CHECK_THROW(from_base32hex("cpn"), InputError);    // 3 symbols: impossible length
  BOOST_CHECK_THROW(from_base32hex("cpnmuo"), InputError); // 6 symbols: impossible length
  BOOST_CHECK_THROW(from_base32hex("cp g"), InputError);
  try {
    from_base32hex("0p9m#ave");
    BOOST_ERROR("no InputError");
  } catch (const InputError& e) {
    BOOST_TEST(e.value() == "#", e.what());
  }
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
BOOST_AUTO_TEST_SUITE(rrsig_checks)

BOOST_AUTO_TEST_CASE(rfc_vectors_verify) {
  const P256Vector v;
  const auto check = verify_rrsig(v.rrset, v.sig, v.key, at(p256_now));
  BOOST_TEST((check.result == SigResult::Valid), check.reason.text);
  BOOST_TEST(check.ttl == 3600u);

  const RRset a = rrset_of({RR::parse(rfc5702_a)}, dns::rrtype::A);
  BOOST_TEST((verify_rrsig(a, rrsig_of(rsa256_sig), dnskey(256, 8, rsa256_key), at(rfc5702_now)).result ==
              SigResult::Valid));
  const RRset mx = rrset_of({RR::parse(ed_mx)}, dns::rrtype::MX);
  BOOST_TEST((verify_rrsig(mx, rrsig_of(ed_sig), dnskey(257, 15, ed_key), at(ed_now)).result == SigResult::Valid));
}

BOOST_AUTO_TEST_SUITE_END()


namespace {

/// Signs data with the RFC 8080 example 1 private key (Botan directly).
Bytes ed_sign(const Bytes& data) {
  Botan::Ed25519_PrivateKey priv(Botan::base64_decode(ed_seed));
  Botan::AutoSeeded_RNG rng;  // Ed25519 signing is deterministic; Botan's API wants an RNG anyway
  Botan::PK_Signer signer(priv, rng, "Pure");
  return signer.sign_message(data, rng);
}

/// An RRSIG over rrset made with the RFC 8080 example 1 key.
Rrsig ed_rrsig(const RRset& rrset, std::uint8_t labels, std::uint32_t original_ttl, std::uint32_t inception,
               std::uint32_t expiration) {
  Rrsig sig;
  sig.type_covered = rrset.type;
  sig.algorithm = 15;
  sig.labels = labels;
  sig.original_ttl = original_ttl;
  sig.inception = inception;
  sig.expiration = expiration;
  sig.key_tag = 3613;
  sig.signer = Name::parse("example.com.");
  sig.signature = ed_sign(signed_data(rrset, sig));
  return sig;
}

const std::string wc_key =
    "AwEAAecNZbwD2thg3kaRLVqCC7ASP/3F79ZIu7pCu8HvZZ6ZdinffnxTnpNoVvavjouHKFYTtJyUZAfw3ZMJSsGvEerc7uh6Ex9TgvOJtWPGUtxBNnni"
    "2u9Nk+5k6nJzMiS3sL3RLvrfZW5d2Bwbl9L5f9Ud+r2Dbm7EG3tYpMY5OE8f";
const std::string wc_sig_rdata =
    "RRSIG TXT 5 2 3600 20200707211255 20200630180755 42486 example.com. "
    "qevJYhdAHq1VmehXQ5i+Epa32xs4zcd4qmb39pHa3GUKr1V504nxzdzQgsT5mvDkRoY95+HAiysDON6DCDtZc69iBUIHWWuFo/OrcD2q/"
    "mWANG4xvyU28Pf0U1gN6Gd5iapKC0Ya12flKh//NQiNN2skOQ2MoF2MW2/MaAK2HBc=";
constexpr std::int64_t wc_now = 1593541048;

}  // namespace

BOOST_AUTO_TEST_SUITE(rrsig_signed_data)

BOOST_AUTO_TEST_CASE(signed_data_reproduces_the_rfc8080_signature) {
  // Ed25519 is deterministic: signing our signed data with the RFC's private
  // key must give the RFC's signature byte for byte, which shows the signed
  // data is exactly what the RFC's signer hashed.
  const RRset mx = rrset_of({RR::parse(ed_mx)}, dns::rrtype::MX);
  const Rrsig sig = rrsig_of(ed_sig);
  BOOST_TEST(hex(ed_sign(signed_data(mx, sig))) == hex(sig.signature));
}

BOOST_AUTO_TEST_CASE(signed_data_layout_by_hand) {
  // RFC 4034 §3.1.8.1 and §6: owner lower-cased, the original TTL (not the
  // RRset's), RDATA sorted, duplicates dropped.
  RRset set;
  set.owner = Name::parse("WWW.Example.NET.");
  set.type = dns::rrtype::A;
  set.ttl = 300;
  set.rdatas = {{192, 0, 2, 2}, {192, 0, 2, 1}, {192, 0, 2, 2}};
  Rrsig sig;
  sig.type_covered = dns::rrtype::A;
  sig.algorithm = 15;
  sig.labels = 3;
  sig.original_ttl = 3600;
  sig.expiration = 0x5a000000;
  sig.inception = 0x59000000;
  sig.key_tag = 0x1234;
  sig.signer = Name::parse("Example.NET.");
  sig.signature = {1, 2, 3};
  const std::string prefix = "0001" "0f" "03" "00000e10" "5a000000" "59000000" "1234" "076578616d706c65036e657400";
  const std::string owner = "03777777076578616d706c65036e657400";
  const std::string rr_head = owner + "0001" "0001" "00000e10" "0004";
  BOOST_TEST(hex(signed_data(set, sig)) == prefix + rr_head + "c0000201" + rr_head + "c0000202");
}

BOOST_AUTO_TEST_CASE(names_inside_rdata_are_lower_cased) {
  // RFC 4034 §6.2 item 3: the MX exchange is lower-cased in the signed data.
  RRset upper = rrset_of({RR::parse("example.com. 3600 IN MX 10 MAIL.Example.COM.")}, dns::rrtype::MX);
  RRset lower = rrset_of({RR::parse(ed_mx)}, dns::rrtype::MX);
  const Rrsig sig = rrsig_of(ed_sig);
  BOOST_TEST(hex(signed_data(upper, sig)) == hex(signed_data(lower, sig)));
  BOOST_TEST((verify_rrsig(upper, sig, dnskey(257, 15, ed_key), at(ed_now)).result == SigResult::Valid));
}

BOOST_AUTO_TEST_CASE(wildcard_owner_is_rebuilt_from_labels) {
  RRset expanded;
  expanded.owner = Name::parse("x.y.Example.NET.");
  expanded.type = dns::rrtype::A;
  expanded.rdatas = {{192, 0, 2, 1}};
  RRset wildcard = expanded;
  wildcard.owner = Name::parse("*.example.net.");
  Rrsig sig;
  sig.type_covered = dns::rrtype::A;
  sig.labels = 2;
  sig.signer = Name::parse("example.net.");
  const auto data = hex(signed_data(expanded, sig));
  BOOST_TEST(data == hex(signed_data(wildcard, sig)));
  // "*.example.net." in wire form, by hand, followed by type A.
  BOOST_TEST(data.find("012a076578616d706c65036e657400" "0001") != std::string::npos);
  BOOST_TEST(data.find("0178") == std::string::npos);  // the label "x" is gone

  BOOST_TEST(is_wildcard_expansion(expanded, sig));
  BOOST_TEST(!is_wildcard_expansion(wildcard, sig));  // the wildcard name itself
  sig.labels = 4;
  BOOST_TEST(!is_wildcard_expansion(expanded, sig));
}

BOOST_AUTO_TEST_CASE(dnspython_wildcard_vectors) {
  // One RRSIG (labels 2, signed as *.example.com.) over TXT "foo" served
  // under several owners (dnspython testWildcardGoodAndBad).
  const Dnskey key = dnskey(256, 5, wc_key);
  for (const std::string owner : {"*.example.com.", "a.example.com.", "a.b.c.example.com."}) {
    const RRset txt = rrset_of({RR::parse(owner + " 3600 IN TXT \"foo\"")}, dns::rrtype::TXT);
    const Rrsig sig = rrsig_of(owner + " 3600 IN " + wc_sig_rdata);
    const auto check = verify_rrsig(txt, sig, key, at(wc_now));
    BOOST_TEST((check.result == SigResult::Valid), owner << ": " << check.reason.text);
  }
  // "com." has fewer labels than the RRSIG's labels field: RFC 4035 §5.3.1.
  const RRset com = rrset_of({RR::parse("com. 3600 IN TXT \"foo\"")}, dns::rrtype::TXT);
  const auto check = verify_rrsig(com, rrsig_of("com. 3600 IN " + wc_sig_rdata), key, at(wc_now));
  BOOST_TEST((check.result == SigResult::Mismatch));
  BOOST_TEST((check.ede == Ede::DnssecBogus));
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
// RFC 4035 §5.3.1: the RFC 6605 §6.1 vector with exactly one field changed.
BOOST_AUTO_TEST_SUITE(rrsig_conditions)

BOOST_AUTO_TEST_CASE(baseline_is_valid) {
  const P256Vector v;
  BOOST_TEST(!check_rrsig_fields(v.rrset, v.sig, v.key, at(p256_now)).has_value());
  BOOST_TEST((verify_rrsig(v.rrset, v.sig, v.key, at(p256_now)).result == SigResult::Valid));
}

void expect(const dns::RRset& rrset, const Rrsig& sig, const Dnskey& key, Time now, SigResult result, Ede ede,
            const std::string& rule_part) {
  const auto fields = check_rrsig_fields(rrset, sig, key, now);
  const auto full = verify_rrsig(rrset, sig, key, now);
  BOOST_TEST((full.result == result), full.reason.text);
  BOOST_TEST((full.ede == ede), full.reason.text);
  BOOST_TEST(full.reason.rule.find(rule_part) != std::string::npos, full.reason.rule);
  BOOST_TEST(full.reason.text.find(rrset.owner.to_string()) != std::string::npos, full.reason.text);
  if (result != SigResult::BadSignature && result != SigResult::UnsupportedAlgorithm &&
      result != SigResult::BadKey) {
    BOOST_REQUIRE(fields.has_value());
    BOOST_TEST((fields->result == result));
  }
}

BOOST_AUTO_TEST_CASE(type_covered) {
  P256Vector v;
  v.sig.type_covered = dns::rrtype::AAAA;
  expect(v.rrset, v.sig, v.key, at(p256_now), SigResult::Mismatch, Ede::DnssecBogus, "Type Covered");
}

BOOST_AUTO_TEST_CASE(signer_is_not_the_owners_zone) {
  P256Vector v;
  v.sig.signer = Name::parse("example.org.");
  expect(v.rrset, v.sig, v.key, at(p256_now), SigResult::Mismatch, Ede::DnssecBogus, "Signer");
  v.sig.signer = Name::parse("sub.www.example.net.");  // below the owner
  expect(v.rrset, v.sig, v.key, at(p256_now), SigResult::Mismatch, Ede::DnssecBogus, "Signer");
}

BOOST_AUTO_TEST_CASE(labels_exceed_owner) {
  P256Vector v;
  v.sig.labels = 4;  // www.example.net. has 3
  expect(v.rrset, v.sig, v.key, at(p256_now), SigResult::Mismatch, Ede::DnssecBogus, "Labels");
}

BOOST_AUTO_TEST_CASE(algorithm_differs_from_key) {
  P256Vector v;
  v.sig.algorithm = 14;
  expect(v.rrset, v.sig, v.key, at(p256_now), SigResult::Mismatch, Ede::DnssecBogus, "Algorithm");
}

BOOST_AUTO_TEST_CASE(key_tag_differs) {
  P256Vector v;
  v.sig.key_tag = 55649;
  expect(v.rrset, v.sig, v.key, at(p256_now), SigResult::Mismatch, Ede::DnssecBogus, "Key Tag");
}

BOOST_AUTO_TEST_CASE(zone_key_flag_cleared) {
  P256Vector v;
  v.key.flags = 0x0001;              // SEP only, Zone Key bit (bit 7) cleared
  v.sig.key_tag = ldns_tag(v.key);   // so that the key tag still fits: only the flag is wrong
  BOOST_TEST(v.sig.key_tag == 55648 - 256);  // by hand: the first RDATA word lost 0x0100
  expect(v.rrset, v.sig, v.key, at(p256_now), SigResult::Mismatch, Ede::NoZoneKeyBitSet, "RFC 4034 §2.1.1");
}

BOOST_AUTO_TEST_CASE(protocol_not_3) {
  P256Vector v;
  v.key.protocol = 2;
  v.sig.key_tag = ldns_tag(v.key);
  expect(v.rrset, v.sig, v.key, at(p256_now), SigResult::Mismatch, Ede::DnssecBogus, "RFC 4034 §2.1.2");
}

BOOST_AUTO_TEST_CASE(validity_window_boundaries) {
  const P256Vector v;
  const Time inception = parse_time("2010-08-12T10:04:39Z");  // 20100812100439
  const Time expiration = parse_time("2010-09-09T10:04:39Z");  // 20100909100439
  BOOST_TEST(v.sig.inception == static_cast<std::uint32_t>(inception.time_since_epoch().count()));
  // RFC 4035 §5.3.1: inception <= now <= expiration, both ends included.
  BOOST_TEST((verify_rrsig(v.rrset, v.sig, v.key, inception).result == SigResult::Valid));
  BOOST_TEST((verify_rrsig(v.rrset, v.sig, v.key, expiration).result == SigResult::Valid));
  expect(v.rrset, v.sig, v.key, expiration + std::chrono::seconds(1), SigResult::Expired, Ede::SignatureExpired,
         "Expiration");
  expect(v.rrset, v.sig, v.key, inception - std::chrono::seconds(1), SigResult::NotYetValid,
         Ede::SignatureNotYetValid, "Inception");
  const auto late = verify_rrsig(v.rrset, v.sig, v.key, expiration + std::chrono::seconds(1));
  BOOST_TEST(late.reason.text.find("2010-09-09T10:04:39Z") != std::string::npos, late.reason.text);
}

BOOST_AUTO_TEST_CASE(ignore_signature_dates_is_a_test_only_switch) {
  // Unbound's val-override-date "-1": RFC 4035 §5.3.1 bullets 5-6 are skipped,
  // every other check and the signature itself still count.
  const P256Vector v;
  const Time inception = parse_time("2010-08-12T10:04:39Z");
  const Time expiration = parse_time("2010-09-09T10:04:39Z");
  BOOST_TEST(!AlgorithmPolicy{}.ignore_signature_dates);  // off by default
  AlgorithmPolicy p = AlgorithmPolicy::allow_all();
  p.ignore_signature_dates = true;
  const auto late = verify_rrsig(v.rrset, v.sig, v.key, expiration + std::chrono::hours(24 * 365), p);
  BOOST_TEST((late.result == SigResult::Valid));
  BOOST_TEST(late.ttl == std::min(v.rrset.ttl, v.sig.original_ttl));  // no expiry to cap the TTL with
  BOOST_TEST((verify_rrsig(v.rrset, v.sig, v.key, inception - std::chrono::hours(24), p).result == SigResult::Valid));
  BOOST_TEST(!check_rrsig_fields(v.rrset, v.sig, v.key, expiration + std::chrono::seconds(1), false).has_value());
  BOOST_TEST((check_rrsig_fields(v.rrset, v.sig, v.key, expiration + std::chrono::seconds(1))->result ==
              SigResult::Expired));
  P256Vector broken;
  broken.sig.signature[10] ^= 0x40;
  BOOST_TEST((verify_rrsig(broken.rrset, broken.sig, broken.key, expiration + std::chrono::hours(1), p).result ==
              SigResult::BadSignature));
}

BOOST_AUTO_TEST_CASE(empty_signature_field_never_verifies) {
  // RFC 4034 §3.1.8: no signature signs nothing, even where the crypto is
  // assumed (fake-sha1; Unbound answers val_nodata_failsig.rpl with EDE 6).
  P256Vector v;
  v.sig.signature.clear();
  AlgorithmPolicy p = AlgorithmPolicy::allow_all();
  p.assume_valid_signatures = {13};
  const auto c = verify_rrsig(v.rrset, v.sig, v.key, at(p256_now), p);
  BOOST_TEST((c.result == SigResult::BadSignature));
  BOOST_TEST((c.ede == Ede::DnssecBogus));
}

BOOST_AUTO_TEST_CASE(group_signed_keeps_an_empty_signature_and_skips_garbage) {
  const RR a = RR::parse(p256_a);
  RR sig = RR::parse(p256_sig);
  const Rrsig full = Rrsig::from_rdata(sig.rdata);
  const std::size_t fixed = sig.rdata.size() - full.signature.size();
  RR empty = sig;
  empty.rdata.resize(fixed);  // every field but the signature
  RR garbage = sig;
  garbage.rdata.resize(10);   // cut inside the fixed fields
  const std::vector<RR> rrs{a, empty, garbage};
  const auto sets = group_signed(rrs);
  BOOST_REQUIRE(sets.size() == 1u);
  BOOST_REQUIRE(sets[0].rrsigs.size() == 1u);
  BOOST_TEST(sets[0].rrsigs[0].signature.empty());
  BOOST_TEST(sets[0].rrsigs[0].key_tag == full.key_tag);
}

BOOST_AUTO_TEST_CASE(signature_or_data_changed) {
  P256Vector v;
  v.sig.signature[10] ^= 0x40;
  expect(v.rrset, v.sig, v.key, at(p256_now), SigResult::BadSignature, Ede::DnssecBogus, "RFC 4035");
  P256Vector w;
  w.rrset.rdatas[0] = {192, 0, 2, 2};
  expect(w.rrset, w.sig, w.key, at(p256_now), SigResult::BadSignature, Ede::DnssecBogus, "RFC 4035");
  P256Vector x;
  x.sig.original_ttl = 3599;  // the original TTL is signed
  expect(x.rrset, x.sig, x.key, at(p256_now), SigResult::BadSignature, Ede::DnssecBogus, "RFC 4035");
}

BOOST_AUTO_TEST_CASE(malformed_key_with_matching_fields_is_bad_key) {
  P256Vector v;
  v.key.public_key.resize(63);
  v.sig.key_tag = ldns_tag(v.key);
  expect(v.rrset, v.sig, v.key, at(p256_now), SigResult::BadKey, Ede::DnssecBogus, "RFC 4034 §2.1.4");
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
BOOST_AUTO_TEST_SUITE(serial_arithmetic)

// RFC 1982 §3.2 on the RFC 6605 vector's fields (no crypto: check_rrsig_fields).
std::optional<SigResult> window(std::uint32_t inception, std::uint32_t expiration, std::int64_t now) {
  P256Vector v;
  v.sig.inception = inception;
  v.sig.expiration = expiration;
  const auto f = check_rrsig_fields(v.rrset, v.sig, v.key, at(now));
  if (!f) return std::nullopt;
  return f->result;
}

BOOST_AUTO_TEST_CASE(window_across_the_2106_wrap) {
  constexpr std::int64_t wrap = 4294967296;  // 2106-02-07T06:28:16Z = 2^32
  // Inception 256 s before the wrap, expiration 256 s after it (value 0x100).
  const std::uint32_t inc = 0xFFFFFF00u, exp = 0x00000100u;
  BOOST_TEST(!window(inc, exp, wrap - 16).has_value());
  BOOST_TEST(!window(inc, exp, wrap).has_value());
  BOOST_TEST(!window(inc, exp, wrap + 16).has_value());
  BOOST_TEST(!window(inc, exp, wrap + 256).has_value());
  BOOST_TEST((window(inc, exp, wrap + 257) == SigResult::Expired));
  BOOST_TEST((window(inc, exp, wrap - 257) == SigResult::NotYetValid));
  // Entirely after the wrap: times are now mod 2^32.
  BOOST_TEST(!window(100, 1000, wrap + 500).has_value());
  BOOST_TEST((window(100, 1000, wrap + 1001) == SigResult::Expired));
}

BOOST_AUTO_TEST_CASE(expiration_at_2_pow_31_and_2_pow_32) {
  constexpr std::int64_t now = 1717243200;  // 2024-06-01T12:00:00Z
  // 2^31 (2038-01-19T03:14:08Z) lies 430 240 448 s ahead: valid.
  BOOST_TEST(!window(1717000000u, 0x80000000u, now).has_value());
  // 2^32 is 0 mod 2^32: 0 - 1717243200 mod 2^32 = 2577724096 > 2^31, so it is in the past.
  BOOST_TEST((window(1717000000u, 0u, now) == SigResult::Expired));
  // A distance of exactly 2^31 is undefined in RFC 1982; it is not accepted.
  BOOST_TEST((window(0u, 0x80000000u, 0) == SigResult::Expired));
  // Inception 2^31 - 1 s ahead of now counts as the future; 2^31 + 1 ahead as the past.
  BOOST_TEST((window(static_cast<std::uint32_t>(now + 0x7FFFFFFF), static_cast<std::uint32_t>(now + 10), now) ==
              SigResult::NotYetValid));
  BOOST_TEST(!window(static_cast<std::uint32_t>(now + 0x80000001LL), static_cast<std::uint32_t>(now + 10), now)
                  .has_value());
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
BOOST_AUTO_TEST_SUITE(ttl)

// RFC 4035 §5.3.3: min(RRset TTL, original TTL, expiration - now).
BOOST_AUTO_TEST_CASE(ttl_is_capped) {
  const Dnskey key = dnskey(257, 15, ed_key);
  RRset mx = rrset_of({RR::parse(ed_mx)}, dns::rrtype::MX);  // TTL 3600
  const std::uint32_t inc = 1438207200, exp = 1440021600;

  const Rrsig orig600 = ed_rrsig(mx, 2, 600, inc, exp);
  auto c = verify_rrsig(mx, orig600, key, at(ed_now - 86400));
  BOOST_TEST((c.result == SigResult::Valid), c.reason.text);
  BOOST_TEST(c.ttl == 600u);  // original TTL

  const Rrsig orig7200 = ed_rrsig(mx, 2, 7200, inc, exp);
  c = verify_rrsig(mx, orig7200, key, at(ed_now - 86400));
  BOOST_TEST(c.ttl == 3600u);  // RRset TTL

  c = verify_rrsig(mx, orig7200, key, at(exp - 50));
  BOOST_TEST((c.result == SigResult::Valid));
  BOOST_TEST(c.ttl == 50u);  // seconds left until expiration
  c = verify_rrsig(mx, orig7200, key, at(exp));
  BOOST_TEST(c.ttl == 0u);

  mx.ttl = 30;  // a cache decremented the TTL: still valid, the signed TTL is the original
  c = verify_rrsig(mx, orig7200, key, at(ed_now - 86400));
  BOOST_TEST((c.result == SigResult::Valid));
  BOOST_TEST(c.ttl == 30u);
}

BOOST_AUTO_TEST_CASE(ttl_across_the_wrap) {
  // Expiration 0x100 after the 2106 wrap, now 100 s before the wrap: 356 s left.
  const Dnskey key = dnskey(257, 15, ed_key);
  const RRset mx = rrset_of({RR::parse(ed_mx)}, dns::rrtype::MX);
  const Rrsig sig = ed_rrsig(mx, 2, 3600, 0xFFFF0000u, 0x100u);
  const auto c = verify_rrsig(mx, sig, key, at(4294967296 - 100));
  BOOST_TEST((c.result == SigResult::Valid), c.reason.text);
  BOOST_TEST(c.ttl == 356u);
}

BOOST_AUTO_TEST_SUITE_END()

// ============================================================================
BOOST_AUTO_TEST_SUITE(policy_and_cache)

BOOST_AUTO_TEST_CASE(refused_algorithms_verify_only_under_allow_all) {
  // RSAMD5 (dnspython testAbsoluteRSAMD5Good) and DSA (testAbsoluteDSAGood).
  const RRset ns = rrset_of({RR::parse("example. 3600 IN NS ns1.example."), RR::parse("example. 3600 IN NS ns2.example.")},
                            dns::rrtype::NS);
  const Rrsig md5 = rrsig_of(
      "example. 3600 IN RRSIG NS 1 1 3600 20200825153103 20200726153103 62992 example. "
      "YPv0WVqzQBDH45mFcYGo9psCVoMoeeHeAugh9RZuO2NmdwfQ3mmiQm7WJ3AYnzYIozFGf7CLnwn3vN8/fjsfcQgEv5xfhFTSd4IoAzJJiZAavrI4L5"
      "590C/+aXQ8tjRmbMTPiqoudaXvsevEjP2lTFg5DCruJyFq5dnAY5b90RY=");
  const Dnskey md5_key = dnskey(256, 1, md5_zsk);
  auto c = verify_rrsig(ns, md5, md5_key, at(1595781671));
  BOOST_TEST((c.result == SigResult::UnsupportedAlgorithm), c.reason.text);
  BOOST_TEST((c.ede == Ede::UnsupportedDnskeyAlgorithm));
  BOOST_TEST(c.reason.text.find("RSAMD5") != std::string::npos, c.reason.text);
  c = verify_rrsig(ns, md5, md5_key, at(1595781671), AlgorithmPolicy::allow_all());
  BOOST_TEST((c.result == SigResult::Valid), c.reason.text);

  const RRset soa = rrset_of({RR::parse(dsa_soa)}, dns::rrtype::SOA);
  const Dnskey dsa_key = dnskey(256, 3, dsa_zsk);
  c = verify_rrsig(soa, rrsig_of(dsa_sig), dsa_key, at(dsa_now));
  BOOST_TEST((c.result == SigResult::UnsupportedAlgorithm));
  BOOST_TEST((c.ede == Ede::UnsupportedDnskeyAlgorithm));
  c = verify_rrsig(soa, rrsig_of(dsa_sig), dsa_key, at(dsa_now), AlgorithmPolicy::allow_all());
  BOOST_TEST((c.result == SigResult::Valid), c.reason.text);
}

BOOST_AUTO_TEST_CASE(ed448_and_unknown_algorithms_are_unsupported) {
  // RFC 8080 §6.2 example 1 (Ed448): Botan 2 has no Ed448.
  const RRset mx = rrset_of({RR::parse(ed_mx)}, dns::rrtype::MX);
  const Rrsig sig = rrsig_of(
      "example.com. 3600 IN RRSIG MX 16 2 3600 1440021600 1438207200 9713 example.com. "
      "3cPAHkmlnxcDHMyg7vFC34l0blBhuG1qpwLmjInI8w1CMB29FkEAIJUA0amxWndkmnBZ6SKiwZSAxGILn/NBtOXft0+Gj7FSvOKxE/07+4RQvE581N"
      "3Aj/JtIyaiYVdnYtyMWbSNyGEY2213WKsJlwEA");
  const Dnskey key = dnskey(257, 16, "3kgROaDjrh0H2iuixWBrc8g2EpBBLCdGzHmn+G2MpTPhpj/OiBVHHSfPodx1FYYUcJKm1MDpJtIA");
  BOOST_TEST(key_tag(key) == 9713);
  for (const auto& policy : {AlgorithmPolicy::rfc8624(), AlgorithmPolicy::allow_all()}) {
    const auto c = verify_rrsig(mx, sig, key, at(ed_now), policy);
    BOOST_TEST((c.result == SigResult::UnsupportedAlgorithm), c.reason.text);
    BOOST_TEST((c.ede == Ede::UnsupportedDnskeyAlgorithm));
  }
  // dnspython testUnknownAlgorithm: algorithm 100.
  const RRset ns = rrset_of({RR::parse("example. 3600 IN NS ns1.example.")}, dns::rrtype::NS);
  const Rrsig s100 = rrsig_of("example. 3600 IN RRSIG NS 100 1 3600 20200825161255 20200726161255 16713 example. "
                              "P9A+1zYke7yIiKEnxFMm+UIW2CIwy2WDvbx6g8hHiI8=");
  const auto c = verify_rrsig(ns, s100, dnskey(256, 100, "Ym9ndXM="), at(1595783997), AlgorithmPolicy::allow_all());
  BOOST_TEST((c.result == SigResult::UnsupportedAlgorithm), c.reason.text);
}

BOOST_AUTO_TEST_CASE(verify_uses_the_cache) {
  const P256Vector v;
  KeyCache cache;
  for (int i = 0; i < 3; ++i)
    BOOST_TEST((verify_rrsig(v.rrset, v.sig, v.key, at(p256_now), {}, &cache).result == SigResult::Valid));
  BOOST_TEST(cache.misses() == 1u);
  BOOST_TEST(cache.hits() == 2u);
  // Field failures never reach the cache.
  P256Vector w;
  w.sig.key_tag = 1;
  verify_rrsig(w.rrset, w.sig, w.key, at(p256_now), {}, &cache);
  BOOST_TEST(cache.misses() + cache.hits() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
