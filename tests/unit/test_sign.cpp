// Zone signing (sign.hpp). Expected values come from the RFCs (the NSEC
// chain and bitmaps of RFC 4034 §4 / RFC 4035 Appendix A, what RFC 4035 §2.2
// signs, RFC 5155 §7.1 for NSEC3) computed by hand for the test zone below,
// and from ldns: zones signed here must pass `ldns-verify-zone`, zones signed
// by `ldns-signzone` must validate here, key tags and DS records must equal
// `ldns-key2ds`'s, and ldns-signzone with the key written by to_bind_private
// must produce the same RSA / Ed25519 signatures as this signer.
#define BOOST_TEST_MODULE libdane zone signing
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <iomanip>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "dane/dns/rr.hpp"
#include "dane/dnssec/denial.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/nsec3hash.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/dnssec/verify.hpp"
#include "dane/error.hpp"
#include "support.hpp"

namespace dane::dnssec {
inline std::ostream& boost_test_print_type(std::ostream& os, Security s) { return os << to_string(s); }
inline std::ostream& boost_test_print_type(std::ostream& os, SigResult s) { return os << static_cast<int>(s); }
}  // namespace dane::dnssec

using namespace dane;
using namespace dane::dnssec;
using dns::Name;
namespace t = dns::rrtype;
namespace fs = std::filesystem;

namespace {

const Name apex = Name::parse("example.");

// A zone with a secure delegation (a: NS + DS, glue below it), an insecure
// delegation (b: NS only), a wildcard, empty non-terminals (w, y.w, _tcp.mail)
// and a TLSA record.
const std::string zone_text = R"($ORIGIN example.
$TTL 3600
@              IN SOA   ns1.example. hostmaster.example. 1 7200 3600 1209600 300
@              IN NS    ns1.example.
@              IN MX    10 mail.example.
a              IN NS    ns1.a.example.
a              IN DS    12345 13 2 2BB183AF5F22588179A53B0A98631FAD1A292118A2A2A2A2A2A2A2A2A2A2A2A2
ns1.a          IN A     192.0.2.5
b              IN NS    ns.other.test.
mail           IN A     192.0.2.2
_25._tcp.mail  IN TLSA  3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6
ns1            IN A     192.0.2.1
*.w            IN MX    10 mail.example.
x.y.w          IN A     192.0.2.3
)";

const std::vector<dns::RR>& zone_records() {
  static const auto rrs = dns::parse_zone(zone_text, apex);
  return rrs;
}

Time at(const char* text) { return parse_time(text); }
const SignatureWindow window{at("2024-01-01"), at("2024-03-01")};
const Time now = at("2024-02-01");
const char* const ldns_now = "20240201000000";

ZoneSigningOptions options(bool nsec3, bool opt_out = false) {
  ZoneSigningOptions o;
  o.window = window;
  o.nsec3 = nsec3;
  o.opt_out = opt_out;
  return o;
}

/// Keys are costly to make under ASan (RSA especially): one per (algorithm, flags, seed, bits).
const SigningKey& key(std::uint8_t alg, std::uint16_t flags = 257, std::uint64_t seed = 1, std::size_t bits = 1024) {
  // Leaked on purpose: Botan's secure-memory pool may be torn down before a
  // static holding keys would be destroyed.
  static auto& cache = *new std::map<std::tuple<int, int, std::uint64_t, std::size_t>, SigningKey>();
  const auto id = std::make_tuple(int{alg}, int{flags}, seed, bits);
  auto it = cache.find(id);
  if (it == cache.end()) it = cache.emplace(id, SigningKey::generate(alg, flags, seed, bits)).first;
  return it->second;
}

std::vector<std::uint16_t> types_of(std::initializer_list<std::uint16_t> l) { return {l}; }

/// Verifies every RRSIG of a signed zone against the zone's DNSKEYs with
/// verify_rrsig; returns the (owner, covered type) pairs with the number of
/// valid RRSIGs over each.
std::map<std::pair<std::string, std::uint16_t>, int> verify_all(const std::vector<dns::RR>& zone, const Name& origin,
                                                               Time when) {
  const auto sets = dns::group_rrsets(zone);
  std::vector<Dnskey> dnskeys;
  for (const auto& s : sets)
    if (s.type == t::DNSKEY && s.owner == origin)
      for (const auto& rd : s.rdatas) dnskeys.push_back(Dnskey::from_rdata(rd));
  BOOST_REQUIRE(!dnskeys.empty());
  std::map<std::pair<std::string, std::uint16_t>, int> signed_sets;
  for (const auto& rr : zone) {
    if (rr.type != t::RRSIG) continue;
    const auto sig = Rrsig::from_rdata(rr.rdata);
    const dns::RRset* covered = nullptr;
    for (const auto& s : sets)
      if (s.owner == rr.owner && s.type == sig.type_covered) covered = &s;
    BOOST_REQUIRE_MESSAGE(covered != nullptr, "RRSIG without its RRset: " << rr.to_string());
    bool valid = false;
    std::string why;
    for (const auto& k : dnskeys) {
      if (key_tag(k) != sig.key_tag || k.algorithm != sig.algorithm) continue;
      const auto check = verify_rrsig(*covered, sig, k, when);
      if (check.result == SigResult::Valid) valid = true;
      why += check.reason.text + "; ";
    }
    BOOST_CHECK_MESSAGE(valid, "RRSIG does not validate: " << rr.to_string() << " -- " << why);
    if (valid) ++signed_sets[{covered->owner.to_string(), covered->type}];
  }
  return signed_sets;
}

/// A fresh temporary directory, removed when the object goes.
struct TempDir {
  fs::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() / ("dane-sign-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path / name).string(); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
  std::string read(const std::string& name) const {
    std::ifstream in(path / name);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

bool have_tool(const char* tool) {
  return test::run_command(std::string("command -v ") + tool + " >/dev/null 2>&1").has_value();
}

/// ldns-verify-zone on the zone text at the pinned time; its output, or nullopt on failure.
std::optional<std::string> ldns_verify(const std::string& zone_file_text) {
  TempDir dir;
  dir.write("zone", zone_file_text);
  return test::run_command("ldns-verify-zone -V 2 -t " + std::string(ldns_now) + " '" + dir.file("zone") + "' 2>&1");
}

std::vector<const dns::RR*> of_type(const std::vector<dns::RR>& zone, std::uint16_t type) {
  std::vector<const dns::RR*> out;
  for (const auto& rr : zone)
    if (rr.type == type) out.push_back(&rr);
  return out;
}

/// The NSEC3 records whose owner hash equals h or whose span covers h.
std::vector<SignedNsec3> nsec3_for(const std::vector<dns::RR>& zone, const std::vector<std::uint8_t>& h) {
  std::vector<SignedNsec3> out;
  for (const auto* rr : of_type(zone, t::NSEC3)) {
    const auto n3 = Nsec3::from_rdata(rr->rdata);
    const auto owner = from_base32hex(rr->owner.labels().front());
    const bool wraps = n3.next_hashed_owner <= owner;
    const bool match = owner == h;
    const bool covers = wraps ? (h > owner || h < n3.next_hashed_owner) : (h > owner && h < n3.next_hashed_owner);
    if (match || covers) out.push_back(SignedNsec3{rr->owner, n3, false});
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(generated_keys_have_the_rfc_formats) {
  // RFC 3110 §2: 1 exponent-length octet, exponent 65537 (01 00 01), modulus.
  const auto& rsa = key(8, 257).dnskey();
  BOOST_TEST(rsa.public_key.size() == 1u + 3u + 128u);
  BOOST_TEST(rsa.public_key[0] == 3);
  BOOST_TEST(rsa.public_key[1] == 1);
  BOOST_TEST(rsa.public_key[2] == 0);
  BOOST_TEST(rsa.public_key[3] == 1);
  BOOST_TEST((rsa.public_key[4] & 0x80) != 0);  // a full 1024-bit modulus
  BOOST_TEST(rsa.flags == 257);
  BOOST_TEST(rsa.protocol == 3);
  BOOST_TEST(rsa.algorithm == 8);
  // RFC 6605 §4: x | y, 32 or 48 octets each; RFC 8080 §3: 32 octets.
  BOOST_TEST(key(13, 256).dnskey().public_key.size() == 64u);
  BOOST_TEST(key(14, 256).dnskey().public_key.size() == 96u);
  BOOST_TEST(key(15, 256).dnskey().public_key.size() == 32u);
  for (const std::uint8_t alg : {8, 13, 14, 15}) {
    const auto& k = key(alg, 256);
    BOOST_TEST(k.key_tag() == key_tag(k.dnskey()));
    BOOST_TEST(PublicKey::parse(k.dnskey())->algorithm() == alg);
  }
}

BOOST_AUTO_TEST_CASE(keys_are_deterministic_from_the_seed) {
  for (const std::uint8_t alg : {8, 13, 14, 15}) {
    const auto a = SigningKey::generate(alg, 256, 42, 1024);
    const auto b = SigningKey::generate(alg, 256, 42, 1024);
    const auto c = SigningKey::generate(alg, 256, 43, 1024);
    BOOST_TEST(a.dnskey().public_key == b.dnskey().public_key);
    BOOST_TEST(a.dnskey().public_key != c.dnskey().public_key);
    BOOST_TEST(a.to_pkcs8_pem() == b.to_pkcs8_pem());
    const std::vector<std::uint8_t> data{1, 2, 3, 4};
    BOOST_TEST(a.sign(data) == b.sign(data));  // ECDSA too: RFC 6979 nonces
  }
}

BOOST_AUTO_TEST_CASE(bad_key_parameters_are_refused) {
  BOOST_CHECK_THROW(SigningKey::generate(5, 257, 1), InputError);    // RSASHA1: not offered
  BOOST_CHECK_THROW(SigningKey::generate(16, 257, 1), InputError);   // Ed448: no Botan 2 backend
  BOOST_CHECK_THROW(SigningKey::generate(8, 257, 1, 512), InputError);
  BOOST_CHECK_THROW(SigningKey::generate(8, 257, 1, 8192), InputError);
  BOOST_CHECK_THROW(SigningKey::generate(13, 0, 1), InputError);     // no Zone Key flag
  BOOST_CHECK_THROW(SigningKey::from_pkcs8_pem("not a key", 13, 257), InputError);
  // An ECDSA P-256 key is not an Ed25519 or P-384 key.
  const auto pem = key(13, 257).to_pkcs8_pem();
  BOOST_CHECK_THROW(SigningKey::from_pkcs8_pem(pem, 15, 257), InputError);
  BOOST_CHECK_THROW(SigningKey::from_pkcs8_pem(pem, 14, 257), InputError);
}

BOOST_AUTO_TEST_CASE(pkcs8_round_trip_keeps_the_key) {
  for (const std::uint8_t alg : {8, 13, 14, 15}) {
    const auto& k = key(alg, 256);
    const auto back = SigningKey::from_pkcs8_pem(k.to_pkcs8_pem(), alg, 256);
    BOOST_TEST(back.dnskey().rdata() == k.dnskey().rdata());
    const std::vector<std::uint8_t> data{9, 8, 7};
    BOOST_TEST(back.sign(data) == k.sign(data));
    const SigningKey copy = back;  // copies share nothing mutable
    BOOST_TEST(copy.key_tag() == k.key_tag());
  }
}

BOOST_AUTO_TEST_CASE(bind_private_format_fields) {
  const auto rsa = key(8, 257).to_bind_private();
  BOOST_TEST(rsa.rfind("Private-key-format: v1.3\nAlgorithm: 8 (RSASHA256)\n", 0) == 0u);
  for (const char* field : {"Modulus: ", "PublicExponent: AQAB\n", "PrivateExponent: ", "Prime1: ", "Prime2: ",
                            "Exponent1: ", "Exponent2: ", "Coefficient: "})
    BOOST_TEST(rsa.find(field) != std::string::npos, field);
  BOOST_TEST(key(13, 257).to_bind_private().find("Algorithm: 13 (ECDSAP256SHA256)\nPrivateKey: ") != std::string::npos);
  BOOST_TEST(key(15, 257).to_bind_private().find("Algorithm: 15 (ED25519)\nPrivateKey: ") != std::string::npos);
}

// ---------------------------------------------------------------------------
// RRsets
// ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sign_rrset_fields_and_validation) {
  const auto rrs = dns::parse_zone("*.w.example. 600 IN MX 10 mail.example.\n", apex);
  const auto set = dns::group_rrsets(rrs).front();
  for (const std::uint8_t alg : {8, 10, 13, 14, 15}) {
    const auto& k = key(alg, 256);
    const auto rr = sign_rrset(set, apex, k, window);
    BOOST_TEST(rr.type == t::RRSIG);
    BOOST_TEST(rr.ttl == 600u);
    const auto sig = Rrsig::from_rdata(rr.rdata);
    // RFC 4034 §3.1.3: "*.w.example." has labels 2 (the "*" is not counted).
    BOOST_TEST(sig.labels == 2);
    BOOST_TEST(sig.original_ttl == 600u);
    BOOST_TEST(sig.type_covered == t::MX);
    BOOST_TEST(sig.key_tag == k.key_tag());
    BOOST_CHECK(sig.signer == apex);
    BOOST_TEST(sig.inception == 1704067200u);   // 2024-01-01T00:00:00Z
    BOOST_TEST(sig.expiration == 1709251200u);  // 2024-03-01T00:00:00Z
    BOOST_TEST(verify_rrsig(set, sig, k.dnskey(), now).result == SigResult::Valid, "algorithm " << int{alg});
    BOOST_TEST(verify_rrsig(set, sig, k.dnskey(), at("2024-03-02")).result == SigResult::Expired);
    // RFC 6605 §4: r | s of fixed width; RFC 8080 §4: 64 octets; RSA: modulus size.
    const std::size_t want = alg == 13 ? 64u : alg == 14 ? 96u : alg == 15 ? 64u : 128u;
    BOOST_TEST(sig.signature.size() == want);
  }
  BOOST_CHECK_THROW(sign_rrset(set, Name::parse("other."), key(13, 256), window), UsageError);
  BOOST_CHECK_THROW(sign_rrset(set, apex, key(13, 256), SignatureWindow{window.expiration, window.inception}),
                    UsageError);
}

// ---------------------------------------------------------------------------
// Zones: NSEC
// ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(nsec_chain_follows_rfc4034) {
  const std::vector<SigningKey> keys{key(13, 257)};
  const auto zone = sign_zone(zone_records(), apex, keys, options(false));
  // Hand-derived: canonical order (RFC 4034 §6.1), glue ns1.a and the empty
  // non-terminals left out, delegations with NS (DS) only (§4.1.2), TTL =
  // min(SOA TTL, SOA MINIMUM) = 300 (RFC 9077).
  const std::vector<std::string> expected{
      "example. 300 IN NSEC a.example. NS SOA MX RRSIG NSEC DNSKEY",
      "a.example. 300 IN NSEC b.example. NS DS RRSIG NSEC",
      "b.example. 300 IN NSEC mail.example. NS RRSIG NSEC",
      "mail.example. 300 IN NSEC _25._tcp.mail.example. A RRSIG NSEC",
      "_25._tcp.mail.example. 300 IN NSEC ns1.example. TLSA RRSIG NSEC",
      "ns1.example. 300 IN NSEC *.w.example. A RRSIG NSEC",
      "*.w.example. 300 IN NSEC x.y.w.example. MX RRSIG NSEC",
      "x.y.w.example. 300 IN NSEC example. A RRSIG NSEC",
  };
  const auto nsecs = of_type(zone, t::NSEC);
  BOOST_REQUIRE_EQUAL(nsecs.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    BOOST_CHECK_MESSAGE(*nsecs[i] == dns::RR::parse(expected[i]), "want " << expected[i] << ", got " << nsecs[i]->to_string());
  // The output is in canonical order and starts with the apex SOA.
  BOOST_CHECK(zone.front().owner == apex);
  BOOST_TEST(zone.front().type == t::SOA);
  for (std::size_t i = 1; i < zone.size(); ++i) BOOST_CHECK((zone[i - 1].owner <=> zone[i].owner) <= 0);
}

BOOST_AUTO_TEST_CASE(what_is_signed_follows_rfc4035_2_2) {
  // A KSK and a ZSK: DNSKEY by the KSK, everything else by the ZSK.
  const std::vector<SigningKey> keys{key(13, 257), key(13, 256)};
  const auto zone = sign_zone(zone_records(), apex, keys, options(false));
  const auto signed_sets = verify_all(zone, apex, now);
  using P = std::pair<std::string, std::uint16_t>;
  const std::map<P, int> expected{
      {{"example.", t::SOA}, 1},   {{"example.", t::NS}, 1},    {{"example.", t::MX}, 1},
      {{"example.", t::DNSKEY}, 1}, {{"example.", t::NSEC}, 1},  {{"a.example.", t::DS}, 1},
      {{"a.example.", t::NSEC}, 1}, {{"b.example.", t::NSEC}, 1}, {{"mail.example.", t::A}, 1},
      {{"mail.example.", t::NSEC}, 1}, {{"_25._tcp.mail.example.", t::TLSA}, 1},
      {{"_25._tcp.mail.example.", t::NSEC}, 1}, {{"ns1.example.", t::A}, 1}, {{"ns1.example.", t::NSEC}, 1},
      {{"*.w.example.", t::MX}, 1}, {{"*.w.example.", t::NSEC}, 1}, {{"x.y.w.example.", t::A}, 1},
      {{"x.y.w.example.", t::NSEC}, 1},
  };
  BOOST_CHECK(signed_sets == expected);
  for (const auto* rr : of_type(zone, t::RRSIG)) {
    const auto sig = Rrsig::from_rdata(rr->rdata);
    BOOST_TEST(sig.key_tag == (sig.type_covered == t::DNSKEY ? keys[0].key_tag() : keys[1].key_tag()));
  }
  // Glue and the delegation NS stay, unsigned; the DNSKEY RRset has both keys.
  BOOST_TEST(of_type(zone, t::DNSKEY).size() == 2u);
  BOOST_TEST(of_type(zone, t::A).size() == 4u);
}

BOOST_AUTO_TEST_CASE(sign_then_verify_every_algorithm_nsec_and_nsec3) {
  for (const std::uint8_t alg : {8, 13, 14, 15})
    for (int mode = 0; mode < 3; ++mode) {
      BOOST_TEST_CONTEXT("algorithm " << int{alg} << " mode " << mode) {
        const std::vector<SigningKey> keys{key(alg, 257)};
        const auto zone = sign_zone(zone_records(), apex, keys, options(mode > 0, mode == 2));
        const auto signed_sets = verify_all(zone, apex, now);
        // Every RRset outside the glue and the delegation NS sets is signed.
        for (const auto& set : dns::group_rrsets(zone)) {
          if (set.type == t::RRSIG) continue;
          const bool glue = set.owner == Name::parse("ns1.a.example.");
          const bool deleg_ns = set.type == t::NS && !(set.owner == apex);
          const int want = glue || deleg_ns ? 0 : 1;
          const auto it = signed_sets.find({set.owner.to_string(), set.type});
          BOOST_TEST((it == signed_sets.end() ? 0 : it->second) == want,
                     set.owner.to_string() << " " << dns::type_to_string(set.type));
        }
      }
    }
}

BOOST_AUTO_TEST_CASE(signing_is_deterministic) {
  for (const std::uint8_t alg : {13, 14, 15, 8}) {
    const auto text1 = write_zone(sign_zone(zone_records(), apex, std::vector<SigningKey>{SigningKey::generate(alg, 257, 7, 1024)}, options(true)), apex);
    const auto text2 = write_zone(sign_zone(zone_records(), apex, std::vector<SigningKey>{SigningKey::generate(alg, 257, 7, 1024)}, options(true)), apex);
    BOOST_TEST(text1 == text2);
    BOOST_TEST(text1.rfind("$ORIGIN example.\n", 0) == 0u);
  }
}

BOOST_AUTO_TEST_CASE(existing_dnssec_records_are_replaced) {
  const std::vector<SigningKey> keys{key(15, 257)};
  const auto once = sign_zone(zone_records(), apex, keys, options(false));
  // Re-signing a signed zone (with NSEC3 now) gives the same as signing the
  // unsigned zone with NSEC3: old RRSIG/NSEC/DNSKEY are dropped.
  const auto twice = sign_zone(once, apex, keys, options(true));
  const auto direct = sign_zone(zone_records(), apex, keys, options(true));
  BOOST_TEST(write_zone(twice, apex) == write_zone(direct, apex));
  BOOST_TEST(of_type(twice, t::NSEC).empty());
}

BOOST_AUTO_TEST_CASE(bad_zones_are_refused) {
  const std::vector<SigningKey> keys{key(13, 257)};
  auto rrs = dns::parse_zone("example. 3600 IN NS ns1.example.\n", apex);
  BOOST_CHECK_THROW(sign_zone(rrs, apex, keys, options(false)), InputError);  // no SOA
  rrs = zone_records();
  rrs.push_back(dns::RR::parse("www.other. 3600 IN A 192.0.2.1"));
  BOOST_CHECK_THROW(sign_zone(rrs, apex, keys, options(false)), InputError);  // outside the zone
  BOOST_CHECK_THROW(sign_zone(zone_records(), apex, std::vector<SigningKey>{}, options(false)), UsageError);
  // Bounded input: more than 1,000,000 records is refused before any work.
  BOOST_CHECK_THROW(sign_zone(std::vector<dns::RR>(1'000'001), apex, keys, options(false)), InputError);
  auto big_salt = options(true);
  big_salt.nsec3_salt.assign(256, 0xaa);
  BOOST_CHECK_THROW(sign_zone(zone_records(), apex, keys, big_salt), InputError);
}

// ---------------------------------------------------------------------------
// Zones: NSEC3
// ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(nsec3_chain_follows_rfc5155) {
  const std::vector<SigningKey> keys{key(13, 257)};
  for (const bool opt_out : {false, true}) {
    BOOST_TEST_CONTEXT("opt-out " << opt_out) {
      auto o = options(true, opt_out);
      o.nsec3_salt = {0xaa, 0xbb, 0xcc, 0xdd};
      o.nsec3_iterations = 1;
      const auto zone = sign_zone(zone_records(), apex, keys, o);
      // RFC 5155 §7.1: every authoritative name, delegation and empty
      // non-terminal; with opt-out the insecure delegation b is left out.
      // Bitmaps by hand from the zone (RFC 5155 §3.2.1).
      std::map<std::string, std::vector<std::uint16_t>> expected{
          {"example.", types_of({t::NS, t::SOA, t::MX, t::RRSIG, t::DNSKEY, t::NSEC3PARAM})},
          {"a.example.", types_of({t::NS, t::DS, t::RRSIG})},
          {"mail.example.", types_of({t::A, t::RRSIG})},
          {"_tcp.mail.example.", {}},
          {"_25._tcp.mail.example.", types_of({t::RRSIG, t::TLSA})},
          {"ns1.example.", types_of({t::A, t::RRSIG})},
          {"w.example.", {}},
          {"*.w.example.", types_of({t::MX, t::RRSIG})},
          {"y.w.example.", {}},
          {"x.y.w.example.", types_of({t::A, t::RRSIG})},
      };
      if (!opt_out) expected["b.example."] = types_of({t::NS});
      const auto nsec3s = of_type(zone, t::NSEC3);
      BOOST_REQUIRE_EQUAL(nsec3s.size(), expected.size());
      std::map<std::string, Nsec3> by_owner;
      for (const auto* rr : nsec3s) {
        BOOST_TEST(rr->ttl == 300u);
        by_owner.emplace(rr->owner.to_string(), Nsec3::from_rdata(rr->rdata));
      }
      for (const auto& [name, types] : expected) {
        const auto h = nsec3_hash(Name::parse(name), 1, 1, o.nsec3_salt);
        const auto it = by_owner.find(base32hex(h) + ".example.");
        BOOST_REQUIRE_MESSAGE(it != by_owner.end(), "no NSEC3 for " << name);
        BOOST_TEST(it->second.types.types == types, name);
        BOOST_TEST(it->second.flags == (opt_out ? 1 : 0));
        BOOST_TEST(it->second.iterations == 1);
        BOOST_TEST(it->second.salt == o.nsec3_salt);
      }
      // The chain is one ring in hash order.
      std::vector<std::vector<std::uint8_t>> owners;
      for (const auto& [owner, n3] : by_owner) owners.push_back(from_base32hex(Name::parse(owner).labels().front()));
      std::sort(owners.begin(), owners.end());
      for (std::size_t i = 0; i < owners.size(); ++i) {
        const auto& n3 = by_owner.at(base32hex(owners[i]) + ".example.");
        BOOST_TEST(n3.next_hashed_owner == owners[(i + 1) % owners.size()]);
      }
      // NSEC3PARAM at the apex, flags 0 (RFC 5155 §4.1.2).
      const auto params = of_type(zone, t::NSEC3PARAM);
      BOOST_REQUIRE_EQUAL(params.size(), 1u);
      BOOST_CHECK_MESSAGE(*params[0] == dns::RR::parse("example. 3600 IN NSEC3PARAM 1 0 1 aabbccdd"), params[0]->to_string());
      BOOST_TEST(of_type(zone, t::NSEC).empty());
    }
  }
}

// ---------------------------------------------------------------------------
// Denial proofs with the records the signer made
// ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(nsec_chain_proves_nxdomain) {
  const std::vector<SigningKey> keys{key(15, 257)};
  const auto zone = sign_zone(zone_records(), apex, keys, options(false));
  std::vector<SignedNsec> nsecs;
  for (const auto* rr : of_type(zone, t::NSEC)) nsecs.push_back(SignedNsec{rr->owner, Nsec::from_rdata(rr->rdata), false});
  // Absent names with no wildcard above them (*.w.example. would match q.w.example.).
  for (const char* qname : {"nosuch.example.", "zzz.example.", "c.example.", "q.mail.example."}) {
    const auto r = prove_with_nsec(Name::parse(qname), t::A, DenialClaim::NxDomain, apex, nsecs);
    BOOST_TEST(r.status == Security::Secure, qname);
  }
  // A name that exists is not NXDOMAIN.
  const auto r = prove_with_nsec(Name::parse("mail.example."), t::A, DenialClaim::NxDomain, apex, nsecs);
  BOOST_TEST(r.status == Security::Bogus);
  // NODATA: mail.example. has A but no AAAA.
  BOOST_TEST(prove_with_nsec(Name::parse("mail.example."), t::AAAA, DenialClaim::NoData, apex, nsecs).status ==
             Security::Secure);
}

BOOST_AUTO_TEST_CASE(nsec3_chain_proves_nxdomain) {
  const std::vector<SigningKey> keys{key(13, 257)};
  for (const bool opt_out : {false, true}) {
    const auto zone = sign_zone(zone_records(), apex, keys, options(true, opt_out));
    const std::vector<std::uint8_t> no_salt;
    for (const auto& [qname, encloser] : std::vector<std::pair<std::string, std::string>>{
             {"nosuch.example.", "example."}, {"q._tcp.mail.example.", "_tcp.mail.example."}}) {
      BOOST_TEST_CONTEXT("opt-out " << opt_out << " qname " << qname) {
        const Name q = Name::parse(qname);
        const Name ce = Name::parse(encloser);
        const Name next_closer = q.suffix(ce.label_count() + 1);
        // What a server sends (RFC 5155 §7.2.2): the closest encloser's NSEC3,
        // the one covering the next closer name, the one covering "*.<ce>".
        std::vector<SignedNsec3> proof;
        for (const auto& n : {ce, next_closer, ce.prepend("*")})
          for (auto& r : nsec3_for(zone, nsec3_hash(n, 1, 0, no_salt))) proof.push_back(r);
        const auto r = prove_with_nsec3(q, t::A, DenialClaim::NxDomain, apex, proof);
        // With opt-out the next closer name may be an unsigned delegation: Insecure (RFC 5155 §8.3, §9.2).
        BOOST_TEST(r.status == (opt_out ? Security::Insecure : Security::Secure));
        if (!opt_out) {
          BOOST_REQUIRE(r.closest_encloser.has_value());
          BOOST_CHECK(*r.closest_encloser == ce);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Cross-checks with ldns
// ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(ldns_verify_zone_accepts_our_zones) {
  if (!have_tool("ldns-verify-zone")) {
    BOOST_TEST_MESSAGE("ldns-verify-zone not installed: cross-check skipped");
    return;
  }
  for (const std::uint8_t alg : {8, 13, 14, 15})
    for (int mode = 0; mode < 3; ++mode) {
      BOOST_TEST_CONTEXT("algorithm " << int{alg} << " mode " << mode) {
        // A KSK + ZSK pair for variety.
        const std::vector<SigningKey> keys{key(alg, 257), key(alg, 256)};
        auto o = options(mode > 0, mode == 2);
        if (mode == 2) {
          o.nsec3_salt = {0x01, 0x02};
          o.nsec3_iterations = 3;
        }
        auto text = write_zone(sign_zone(zone_records(), apex, keys, o), apex);
        const auto out = ldns_verify(text);
        BOOST_TEST(out.has_value(), "ldns-verify-zone rejects:\n" << text);
      }
    }
  // ldns catches a broken signature (the check is not vacuous).
  const std::vector<SigningKey> keys{key(13, 257)};
  auto zone = sign_zone(zone_records(), apex, keys, options(false));
  for (auto& rr : zone)
    if (rr.type == t::RRSIG && Rrsig::from_rdata(rr.rdata).type_covered == t::A) {
      rr.rdata.back() ^= 0x01;
      break;
    }
  BOOST_TEST(!ldns_verify(write_zone(zone, apex)).has_value());
}

BOOST_AUTO_TEST_CASE(key_tags_and_ds_equal_ldns_key2ds) {
  if (!have_tool("ldns-key2ds")) {
    BOOST_TEST_MESSAGE("ldns-key2ds not installed: cross-check skipped");
    return;
  }
  for (const std::uint8_t alg : {8, 10, 13, 14, 15})
    for (const std::uint16_t flags : {256, 257}) {
      BOOST_TEST_CONTEXT("algorithm " << int{alg} << " flags " << flags) {
        const auto& k = key(alg, flags, 5);
        TempDir dir;
        dns::RR rr{apex, t::DNSKEY, dns::class_in, 3600, k.dnskey().rdata()};
        dir.write("k.key", rr.to_string() + "\n");
        for (const std::uint8_t digest : {1, 2, 4}) {
          const auto out = test::run_command("ldns-key2ds -f -n -" + std::to_string(digest) + " '" + dir.file("k.key") + "'");
          BOOST_REQUIRE(out.has_value());
          const auto ds_rr = dns::RR::parse(out->substr(0, out->find('\n')));
          const auto ds = Ds::from_rdata(ds_rr.rdata);
          BOOST_TEST(ds.key_tag == k.key_tag());
          BOOST_TEST(ds.rdata() == make_ds(apex, k.dnskey(), digest).rdata());
        }
      }
    }
}

BOOST_AUTO_TEST_CASE(ldns_signzone_with_our_bind_key_gives_our_signatures) {
  // to_bind_private is read by ldns-signzone; RSA PKCS#1 v1.5 and Ed25519 are
  // deterministic, so ldns's RRSIG over the same RRset, window and key must
  // be byte-identical to ours. ECDSA signatures differ (ldns uses random
  // nonces) but must validate here.
  if (!have_tool("ldns-signzone")) {
    BOOST_TEST_MESSAGE("ldns-signzone not installed: cross-check skipped");
    return;
  }
  for (const std::uint8_t alg : {8, 10, 13, 14, 15}) {
    BOOST_TEST_CONTEXT("algorithm " << int{alg}) {
      const auto& k = key(alg, 257, 9);
      TempDir dir;
      const std::string base = "Kexample.+" + std::to_string(alg) + "+" + std::to_string(k.key_tag());
      dir.write(base + ".key", dns::RR{apex, t::DNSKEY, dns::class_in, 3600, k.dnskey().rdata()}.to_string() + "\n");
      dir.write(base + ".private", k.to_bind_private());
      dir.write("zone", zone_text);
      const auto out = test::run_command("cd '" + dir.path.string() + "' && ldns-signzone -i 20240101000000 -e 20240301000000 -f signed zone '" + base + "' 2>&1");
      BOOST_REQUIRE_MESSAGE(out.has_value(), "ldns-signzone failed");
      const auto theirs = dns::parse_zone(dir.read("signed"), apex);
      verify_all(theirs, apex, now);
      const auto ours = sign_zone(zone_records(), apex, std::vector<SigningKey>{k}, options(false));
      std::set<std::vector<std::uint8_t>> our_sigs;
      for (const auto* rr : of_type(ours, t::RRSIG)) our_sigs.insert(rr->rdata);
      int same = 0, total = 0;
      for (const auto* rr : of_type(theirs, t::RRSIG)) {
        const auto sig = Rrsig::from_rdata(rr->rdata);
        if (sig.type_covered == t::SOA || sig.type_covered == t::MX || sig.type_covered == t::A ||
            sig.type_covered == t::TLSA || sig.type_covered == t::DS) {
          ++total;
          same += our_sigs.count(rr->rdata) != 0 ? 1 : 0;
        }
      }
      BOOST_TEST(total == 8);
      if (alg != 13 && alg != 14) BOOST_TEST(same == total);
    }
  }
}

BOOST_AUTO_TEST_CASE(zones_signed_by_ldns_validate_here) {
  if (!have_tool("ldns-keygen") || !have_tool("ldns-signzone")) {
    BOOST_TEST_MESSAGE("ldns-keygen / ldns-signzone not installed: cross-check skipped");
    return;
  }
  for (const std::string keygen : {"-a ECDSAP256SHA256", "-a RSASHA256 -b 1024", "-a ED25519"})
    for (const std::string nsec3 : {"", "-n", "-n -p -s abcd -t 2"}) {
      BOOST_TEST_CONTEXT("ldns-keygen " << keygen << ", ldns-signzone " << nsec3) {
        TempDir dir;
        const auto base = test::run_command("cd '" + dir.path.string() + "' && ldns-keygen -k " + keygen + " example.");
        BOOST_REQUIRE(base.has_value());
        const std::string name = base->substr(0, base->find('\n'));
        dir.write("zone", zone_text);
        const auto out = test::run_command("cd '" + dir.path.string() + "' && ldns-signzone " + nsec3 +
                                           " -i 20240101000000 -e 20240301000000 -f signed zone " + name + " 2>&1");
        BOOST_REQUIRE(out.has_value());
        const auto theirs = dns::parse_zone(dir.read("signed"), apex);
        const auto signed_sets = verify_all(theirs, apex, now);
        BOOST_TEST(signed_sets.size() >= 10u);
        // The DS ldns-keygen wrote equals make_ds of the DNSKEY it wrote.
        const auto key_rr = dns::parse_zone(dir.read(name + ".key"), apex).front();
        const auto ds_rr = dns::parse_zone(dir.read(name + ".ds"), apex).front();
        const auto ds = Ds::from_rdata(ds_rr.rdata);
        const auto dnskey = Dnskey::from_rdata(key_rr.rdata);
        BOOST_TEST(ds.rdata() == make_ds(apex, dnskey, ds.digest_type).rdata());
        // ldns names the files K<name>+<alg>+<5-digit key tag>.
        std::ostringstream tag;
        tag << "+" << std::setw(5) << std::setfill('0') << key_tag(dnskey);
        BOOST_TEST(name.substr(name.size() - 6) == tag.str());
        // Our loader for ldns's NSEC3 records: they prove NXDOMAIN for an absent name.
        if (!nsec3.empty()) {
          const auto params = of_type(theirs, t::NSEC3PARAM);
          BOOST_REQUIRE_EQUAL(params.size(), 1u);
          const auto p = Nsec3Param::from_rdata(params[0]->rdata);
          std::vector<SignedNsec3> proof;
          for (const auto& n : {apex, Name::parse("nosuch.example."), Name::parse("*.example.")})
            for (auto& r : nsec3_for(theirs, nsec3_hash(n, 1, p.iterations, p.salt))) proof.push_back(r);
          const auto r = prove_with_nsec3(Name::parse("nosuch.example."), t::A, DenialClaim::NxDomain, apex, proof);
          BOOST_TEST(r.status != Security::Bogus);
        }
      }
    }
}

BOOST_AUTO_TEST_CASE(zone_shape_places_names_per_rfc4035_and_rfc6672) {
  // RFC 4035 §2.2: a non-apex NS owner is a zone cut, names below it are glue;
  // RFC 6672 §2.4: names below a DNAME owner are occluded.
  dane::dnssec::ZoneShape shape(dane::dns::Name::parse("example."));
  namespace rt = dane::dns::rrtype;
  shape.add(dane::dns::Name::parse("example."), rt::NS);
  shape.add(dane::dns::Name::parse("sub.example."), rt::NS);
  shape.add(dane::dns::Name::parse("ns.sub.example."), rt::A);
  shape.add(dane::dns::Name::parse("d.example."), rt::DNAME);
  using P = dane::dnssec::NamePlace;
  auto place = [&](const char* n) { return shape.place(dane::dns::Name::parse(n)); };
  BOOST_TEST((place("example.") == P::Authoritative));
  BOOST_TEST((place("www.example.") == P::Authoritative));
  BOOST_TEST((place("sub.example.") == P::Delegation));
  BOOST_TEST((place("ns.sub.example.") == P::Occluded));
  BOOST_TEST((place("d.example.") == P::Authoritative));  // the DNAME owner itself is the zone's
  BOOST_TEST((place("x.d.example.") == P::Occluded));
  BOOST_TEST((place("example.org.") == P::Occluded));
}
