// One test per row of the misconfiguration catalog (dnssec-rules.md §8, rows
// 1-43): the signer makes the zones (zone_fixture.hpp), one mutation makes
// the defect, and each test asserts the catalog's expected status and its
// RFC 8914 EDE code (dnssec-rules.md Appendix A; 27 from RFC 9276 §3.2).
// Expected values come from the catalog and the RFCs it cites, never from
// the library's output.
//
// Rows not tested here, and why:
//   4  clock skew: the catalog expects Secure only "if skew tolerance is
//      implemented". libdane has none (RFC 4035 §5.3.1 taken literally), so
//      row04 asserts Bogus with EDE 7 / 8 for a signature a minute outside
//      its window.
//   38 CNAME chain secure -> insecure, 39 DNAME synthesis, 40 CNAME loop:
//      tested with Validator::validate_answer in test_chain.cpp
//      (cname_and_dname_chains_take_the_weakest_link).
//   41 upstream AD bit, 42 CD=1 queries: message/resolver flags, no library
//      equivalent (the library returns a Validation, not a DNS message).
//   44 RFC 5011 trust anchor rollover: a resolver state machine over time;
//      the library takes its anchors as configuration.
#define BOOST_TEST_MODULE libdane DNSSEC misconfiguration catalog
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "zone_fixture.hpp"

namespace dane::dnssec {
inline std::ostream& boost_test_print_type(std::ostream& os, Security s) { return os << to_string(s); }
inline std::ostream& boost_test_print_type(std::ostream& os, Ede e) { return os << static_cast<int>(e); }
}  // namespace dane::dnssec

using namespace catalog;
using dane::dnssec::DenialClaim;
using dane::dnssec::Ede;
using dane::dnssec::Security;
using dane::dnssec::SigningKey;

/// Asserts status and EDE, printing the library's explanation on failure.
#define EXPECT_VALIDATION(result, want_status, want_ede)                       \
  do {                                                                         \
    const auto& r_ = (result);                                                 \
    BOOST_TEST(r_.status == (want_status), "got " << to_string(r_.status) << " (want "        \
                                                  << to_string(want_status) << "); reasons: " << r_.explain()); \
    BOOST_TEST(r_.ede == (want_ede), "got EDE " << static_cast<int>(r_.ede) << " (want "      \
                                               << static_cast<int>(want_ede) << "); reasons: " << r_.explain()); \
  } while (0)

namespace {

const Name example = N("example.");
const Name www = N("www.example.");

Hierarchy::Options nsec3_options(bool opt_out = false, std::uint16_t iterations = 0) {
  Hierarchy::Options o;
  o.nsec3 = true;
  o.opt_out = opt_out;
  o.nsec3_iterations = iterations;
  return o;
}

Time at(std::int64_t unix_seconds) { return Time{std::chrono::seconds{unix_seconds}}; }

/// The NSEC3 owners of example. that prove "nx.example." does not exist
/// (RFC 5155 §8.4): closest encloser match, next closer cover, wildcard cover.
struct NxProof {
  Name ce_match, next_closer_cover, wildcard_cover;
  std::vector<Name> owners() const {
    std::vector<Name> out{ce_match};
    for (const auto& n : {next_closer_cover, wildcard_cover})
      if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    return out;
  }
};
NxProof nx_proof(const std::vector<RR>& zone) {
  const auto ce = nsec3_roles(zone, example, example);
  const auto nc = nsec3_roles(zone, example, N("nx.example."));
  const auto wc = nsec3_roles(zone, example, N("*.example."));
  BOOST_REQUIRE(ce.matching && nc.covering && wc.covering);
  return {*ce.matching, *nc.covering, *wc.covering};
}

/// Re-signs every NSEC3 RRset of example. after f changed its RDATA.
void mutate_nsec3(Hierarchy& h, const std::vector<Name>& owners, const std::function<void(dnssec::Nsec3&)>& f) {
  for (const auto& o : owners) {
    mutate_rdata(h.example, o, rrtype::NSEC3, [&](std::vector<std::uint8_t>& rd) {
      auto n3 = dnssec::Nsec3::from_rdata(rd);
      f(n3);
      rd = n3.rdata();
    });
    resign(h.example, o, rrtype::NSEC3, example, h.zsk);
  }
}

}  // namespace

// ------------------------------------------------------------------ control

BOOST_AUTO_TEST_CASE(control_unmodified_hierarchy) {
  // Without a mutation every row's starting point validates as designed.
  for (const bool nsec3 : {false, true}) {
    Hierarchy h(nsec3 ? nsec3_options() : Hierarchy::Options{});
    EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Secure, Ede::Other);
    EXPECT_VALIDATION(h.check(h.sub, "host.sub.example.", rrtype::A), Security::Secure, Ede::Other);
    EXPECT_VALIDATION(h.check(h.insecure, "mail.insecure.example.", rrtype::A), Security::Insecure, Ede::Other);
    auto pool = h.pool();
    const auto nx = pool.fetch(N("nx.example."), rrtype::A).denial;
    EXPECT_VALIDATION(h.deny("nx.example.", rrtype::A, DenialClaim::NxDomain, nx), Security::Secure, Ede::Other);
  }
}

// ------------------------------------------------------------ RRSIG (1-10)

BOOST_AUTO_TEST_CASE(row01_rrsig_over_modified_data) {
  Hierarchy h;
  auto data = find(h.example, "www.example.", rrtype::A);
  data.rrset.rdatas[0][3] ^= 1;  // 192.0.2.80 -> 192.0.2.81 after signing
  EXPECT_VALIDATION(h.check(data), Security::Bogus, Ede::DnssecBogus);
  auto sig = find(h.example, "www.example.", rrtype::A);
  sig.rrsigs.at(0).signature.at(10) ^= 0x01;
  EXPECT_VALIDATION(h.check(sig), Security::Bogus, Ede::DnssecBogus);
}

BOOST_AUTO_TEST_CASE(row02_rrsig_expired) {
  Hierarchy h;
  resign(h.example, www, rrtype::A, example, h.zsk, {inception(), now() - std::chrono::days(1)});
  EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::SignatureExpired);
}

BOOST_AUTO_TEST_CASE(row03_rrsig_not_yet_valid) {
  Hierarchy h;
  resign(h.example, www, rrtype::A, example, h.zsk, {now() + std::chrono::days(1), expiration()});
  EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::SignatureNotYetValid);
}

BOOST_AUTO_TEST_CASE(row04_validity_within_clock_skew) {
  // No skew tolerance in libdane (see the header comment): a minute outside
  // the window is outside the window.
  Hierarchy h;
  resign(h.example, www, rrtype::A, example, h.zsk, {inception(), now() - std::chrono::seconds(60)});
  EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::SignatureExpired);
  resign(h.example, www, rrtype::A, example, h.zsk, {now() + std::chrono::seconds(60), expiration()});
  EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::SignatureNotYetValid);
  // The edges themselves are inside (RFC 4035 §5.3.1: "less than or equal", "greater than or equal").
  resign(h.example, www, rrtype::A, example, h.zsk, {now(), now() + std::chrono::seconds(1)});
  EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Secure, Ede::Other);
  resign(h.example, www, rrtype::A, example, h.zsk, {inception(), now()});
  EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Secure, Ede::Other);
}

BOOST_AUTO_TEST_CASE(row05_rrsig_removed) {
  Hierarchy h;
  strip_rrsigs(h.example, www, rrtype::A);
  BOOST_REQUIRE(find(h.example, "www.example.", rrtype::A).rrsigs.empty());
  EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::RrsigsMissing);
}

BOOST_AUTO_TEST_CASE(row06_rrsig_key_tag_algorithm_signer_changed) {
  {  // key tag: no DNSKEY with that tag -> EDE 9
    Hierarchy h;
    mutate_rrsigs(h.example, www, rrtype::A, [](dnssec::Rrsig& s) { s.key_tag = static_cast<std::uint16_t>(s.key_tag + 1); });
    EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::DnskeyMissing);
  }
  {  // algorithm 13 -> 8: no algorithm-8 key with that tag -> EDE 9
    Hierarchy h;
    mutate_rrsigs(h.example, www, rrtype::A, [](dnssec::Rrsig& s) { s.algorithm = 8; });
    EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::DnskeyMissing);
  }
  {  // signer: a zone that does not contain the owner (SIGNER_NOT_ZONE) -> EDE 6
    Hierarchy h;
    mutate_rrsigs(h.example, www, rrtype::A, [](dnssec::Rrsig& s) { s.signer = N("sub.example."); });
    EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::DnssecBogus);
  }
}

BOOST_AUTO_TEST_CASE(row07_rrsig_labels_exceed_owner_labels) {
  // A real signature, by the right key, over data whose RRSIG says labels=3
  // for the 2-label owner www.example. (RFC 4035 §5.3.1 bullet 4).
  Hierarchy h;
  const auto set = rrset_of(h.example, www, rrtype::A);
  auto fields = default_fields(set, example, h.zsk);
  fields.labels = 3;
  strip_rrsigs(h.example, www, rrtype::A);
  h.example.push_back(sign_with_fields(set, fields, h.zsk));
  EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::DnssecBogus);
}

BOOST_AUTO_TEST_CASE(row08_original_ttl_changed) {
  Hierarchy h;
  {  // the signed original TTL field altered: the signature no longer verifies
    auto h2 = h.example;
    mutate_rrsigs(h2, www, rrtype::A, [](dnssec::Rrsig& s) { s.original_ttl = 7200; });
    EXPECT_VALIDATION(h.check(h2, "www.example.", rrtype::A), Security::Bogus, Ede::DnssecBogus);
  }
  // The RRset's TTL above the original TTL (3600): Secure, capped to 3600
  // (RFC 4035 §5.3.3); below it: that TTL.
  auto raised = find(h.example, "www.example.", rrtype::A);
  raised.rrset.ttl = 86400;
  const auto r = h.check(raised);
  EXPECT_VALIDATION(r, Security::Secure, Ede::Other);
  BOOST_TEST(r.ttl == 3600u);
  auto lowered = find(h.example, "www.example.", rrtype::A);
  lowered.rrset.ttl = 300;
  BOOST_TEST(h.check(lowered).ttl == 300u);
}

BOOST_AUTO_TEST_CASE(row09_ttl_beyond_signature_expiry) {
  // TTL 3600 but the RRSIG expires in 100 s: Secure, TTL capped to 100.
  Hierarchy h;
  resign(h.example, www, rrtype::A, example, h.zsk, {inception(), now() + std::chrono::seconds(100)});
  const auto r = h.check(h.example, "www.example.", rrtype::A);
  EXPECT_VALIDATION(r, Security::Secure, Ede::Other);
  BOOST_TEST(r.ttl == 100u);
}

BOOST_AUTO_TEST_CASE(row10_expiration_at_2_31_and_2_32) {
  // RFC 4034 §3.1.5 / RFC 1982: times are 32-bit serials compared within
  // 2^31 of now (2026-02-01 = 1769904000).
  Hierarchy h;
  resign(h.example, www, rrtype::A, example, h.zsk, {inception(), at(2147483648LL)});  // 2^31 = 2038-01-19T03:14:08Z
  BOOST_TEST(find(h.example, "www.example.", rrtype::A).rrsigs.at(0).expiration == 2147483648u);
  EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Secure, Ede::Other);
  // 2^32 wraps to 0. The signer refuses windows over 2^31 s (RFC 4034
  // §3.1.5), so this RRSIG is made field by field.
  const auto set = rrset_of(h.example, www, rrtype::A);
  auto fields = default_fields(set, example, h.zsk);
  fields.expiration = static_cast<std::uint32_t>(4294967296ULL & 0xFFFFFFFFu);
  strip_rrsigs(h.example, www, rrtype::A);
  h.example.push_back(sign_with_fields(set, fields, h.zsk));
  BOOST_TEST(find(h.example, "www.example.", rrtype::A).rrsigs.at(0).expiration == 0u);
  EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::SignatureExpired);
  // Across the wrap: a hierarchy signed 2106-01-20 .. 2106-03-01 validates on
  // 2106-02-15, after 2^32 (2106-02-07T06:28:16Z).
  Hierarchy::Options o;
  o.window = {dane::parse_time("2106-01-20"), dane::parse_time("2106-03-01")};
  Hierarchy late(o);
  EXPECT_VALIDATION(late.check(late.example, "www.example.", rrtype::A, dane::parse_time("2106-02-15")),
                    Security::Secure, Ede::Other);
  EXPECT_VALIDATION(late.check(late.example, "www.example.", rrtype::A, dane::parse_time("2106-03-02")),
                    Security::Bogus, Ede::SignatureExpired);
}

// ------------------------------------------------------ DS / DNSKEY (11-22)

BOOST_AUTO_TEST_CASE(row11_dnskey_rrset_without_rrsig_by_ksk) {
  {  // DNSKEY RRset signed only by the ZSK (the DS names the KSK)
    Hierarchy h;
    resign(h.example, example, rrtype::DNSKEY, example, h.zsk);
    const auto r = h.check(h.example, "www.example.", rrtype::A);
    BOOST_TEST(r.status == Security::Bogus, r.explain());
    BOOST_TEST((r.ede == Ede::DnssecBogus || r.ede == Ede::RrsigsMissing), "EDE " << static_cast<int>(r.ede) << ": "
                                                                                  << r.explain());
  }
  {  // DNSKEY RRset with no RRSIG at all
    Hierarchy h;
    strip_rrsigs(h.example, example, rrtype::DNSKEY);
    EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::RrsigsMissing);
  }
}

BOOST_AUTO_TEST_CASE(row12_ds_digest_wrong) {
  Hierarchy h;
  h.example_ds.at(0).digest.at(0) ^= 0x01;
  h.sign_root();
  EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::DnssecBogus);
}

BOOST_AUTO_TEST_CASE(row13_ds_key_tag_or_algorithm_wrong) {
  {
    Hierarchy h;
    h.example_ds.at(0).key_tag = static_cast<std::uint16_t>(h.example_ds.at(0).key_tag + 1);
    h.sign_root();
    EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::DnskeyMissing);
  }
  {  // 13 -> 14: another supported algorithm, which the zone has no key for
    Hierarchy h;
    h.example_ds.at(0).algorithm = 14;
    h.sign_root();
    EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::DnskeyMissing);
  }
}

BOOST_AUTO_TEST_CASE(row14_ds_with_only_unsupported_algorithm) {
  // RFC 4035 §5.2: no DS with a supported algorithm -> treated as unsigned.
  // 16 = Ed448 (no backend in Botan 2), 200 = unassigned, 1 = RSAMD5 (RFC 8624: MUST NOT validate).
  for (const std::uint8_t alg : {16, 200, 1}) {
    Hierarchy h;
    h.example_ds.at(0).algorithm = alg;
    h.sign_root();
    BOOST_TEST_CONTEXT("DS algorithm " << int(alg)) {
      EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Insecure,
                        Ede::UnsupportedDnskeyAlgorithm);
    }
  }
}

BOOST_AUTO_TEST_CASE(row15_ds_digest_type_unknown_or_switched) {
  {  // unknown digest type 200: an unusable DS -> Insecure, EDE 2
    Hierarchy h;
    h.example_ds.at(0).digest_type = 200;
    h.sign_root();
    EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Insecure, Ede::UnsupportedDsDigestType);
  }
  {  // type switched 2 -> 1 (SHA-256 bytes labelled SHA-1): no match -> Bogus, EDE 6
    Hierarchy h;
    h.example_ds.at(0).digest_type = 1;
    h.sign_root();
    EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::DnssecBogus);
  }
}

BOOST_AUTO_TEST_CASE(row16_dnskey_missing_at_apex) {
  Hierarchy h;
  remove_rrset(h.example, example, rrtype::DNSKEY);
  EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::DnskeyMissing);
}

BOOST_AUTO_TEST_CASE(row17_dnskey_zone_bit_cleared_or_protocol_not_3) {
  {  // flags 257 -> 1: SEP without ZONE; the DS and every signature match the altered key
    Hierarchy h;
    auto claimed = h.ksk.dnskey();
    claimed.flags = 0x0001;
    h.example = masquerade(h.example, example, h.ksk, claimed);
    h.example_ds = {dnssec::make_ds(example, claimed, 2)};
    h.sign_root();
    EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::NoZoneKeyBitSet);
  }
  {  // protocol 3 -> 2 (RFC 4034 §2.1.2)
    Hierarchy h;
    auto claimed = h.ksk.dnskey();
    claimed.protocol = 2;
    h.example = masquerade(h.example, example, h.ksk, claimed);
    h.example_ds = {dnssec::make_ds(example, claimed, 2)};
    h.sign_root();
    EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::DnssecBogus);
  }
}

BOOST_AUTO_TEST_CASE(row18_dnskey_revoked_used_for_signing) {
  // RFC 5011 §2.1: a key with the REVOKE bit must not be used for validation.
  {
    Hierarchy h;
    auto claimed = h.ksk.dnskey();
    claimed.flags = 257 | 0x0080;
    BOOST_REQUIRE(claimed.is_revoked());
    h.example = masquerade(h.example, example, h.ksk, claimed);
    h.example_ds = {dnssec::make_ds(example, claimed, 2)};
    h.sign_root();
    EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::DnssecBogus);
  }
  {  // ... unless another key validates: a second, unrevoked KSK with its own DS
    Hierarchy h;
    const auto ksk2 = SigningKey::generate(13, 257, 16);
    h.example_keys.push_back(ksk2);
    h.sign_example();
    auto claimed = h.ksk.dnskey();
    claimed.flags = 257 | 0x0080;
    h.example = masquerade(h.example, example, h.ksk, claimed);
    // ksk2's RRSIG over the DNSKEY RRset must be redone too: the RRset changed.
    h.example = masquerade(h.example, example, ksk2, ksk2.dnskey());
    h.example_ds = {dnssec::make_ds(example, claimed, 2), dnssec::make_ds(example, ksk2.dnskey(), 2)};
    h.sign_root();
    EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Secure, Ede::Other);
  }
}

BOOST_AUTO_TEST_CASE(row19_public_key_corrupted_or_bad_length) {
  // The DS is made from the corrupted key, so the DS matches and the failure
  // is the key itself (P-256 keys are 64 octets, RFC 6605 §4).
  for (const bool truncate : {false, true}) {
    Hierarchy h;
    auto claimed = h.ksk.dnskey();
    if (truncate) claimed.public_key.resize(63);
    else claimed.public_key.at(5) ^= 0xFF;
    h.example = masquerade(h.example, example, h.ksk, claimed);
    h.example_ds = {dnssec::make_ds(example, claimed, 2)};
    h.sign_root();
    BOOST_TEST_CONTEXT((truncate ? "63-octet key" : "flipped key octet")) {
      EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Bogus, Ede::DnssecBogus);
    }
  }
}

BOOST_AUTO_TEST_CASE(row20_key_tag_collision_first_key_wrong) {
  // Two genuine Ed25519 keys with the same key tag (RFC 4034 App. B), found
  // by trying seeds (birthday bound: a few hundred keys).
  std::map<std::uint16_t, std::uint64_t> seen;
  std::uint64_t seed_a = 0, seed_b = 0;
  for (std::uint64_t seed = 1000; seed < 4000 && seed_b == 0; ++seed) {
    const auto k = SigningKey::generate(15, 256, seed);
    const auto [it, fresh] = seen.emplace(k.key_tag(), seed);
    if (!fresh) {
      seed_a = it->second;
      seed_b = seed;
    }
  }
  BOOST_REQUIRE(seed_b != 0);
  const auto a = SigningKey::generate(15, 256, seed_a), b = SigningKey::generate(15, 256, seed_b);
  BOOST_REQUIRE(a.key_tag() == b.key_tag());
  BOOST_TEST_MESSAGE("Ed25519 seeds " << seed_a << " and " << seed_b << " share key tag " << a.key_tag());
  BOOST_REQUIRE(a.dnskey().public_key != b.dnskey().public_key);
  for (const bool signed_by_b : {true, false}) {
    const auto& signer = signed_by_b ? b : a;
    const auto& other = signed_by_b ? a : b;
    Hierarchy h;
    h.example_keys = {h.ksk, a, b};
    h.sign_example();
    resign(h.example, www, rrtype::A, example, signer);
    put_first(h.example, example, rrtype::DNSKEY, other.dnskey().rdata());  // the wrong key is tried first
    BOOST_REQUIRE(find(h.example, "www.example.", rrtype::A).rrsigs.size() == 1u);
    BOOST_TEST_CONTEXT("signed by the " << (signed_by_b ? "second" : "first") << " key") {
      EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Secure, Ede::Other);
    }
  }
}

BOOST_AUTO_TEST_CASE(row21_keytrap_colliding_keys_times_rrsigs) {
  // 31 DNSKEYs sharing the ZSK's tag (public key octets swapped between
  // high-byte positions leave the RFC 4034 App. B checksum unchanged) in a
  // properly signed DNSKEY RRset, and 40 RRSIGs with that tag over www.
  Hierarchy h;
  const auto zsk = h.zsk.dnskey();
  const auto tag = h.zsk.key_tag();
  std::size_t crafted = 0;
  for (std::size_t j = 2; j < zsk.public_key.size() && crafted < 30; j += 2) {
    auto k = zsk;
    if (k.public_key[0] == k.public_key[j]) continue;
    std::swap(k.public_key[0], k.public_key[j]);
    BOOST_REQUIRE(dnssec::key_tag(k) == tag);
    h.example.push_back(RR{example, rrtype::DNSKEY, dane::dns::class_in, 3600, k.rdata()});
    ++crafted;
  }
  BOOST_REQUIRE(crafted >= 20u);
  resign(h.example, example, rrtype::DNSKEY, example, h.ksk);
  const auto set = rrset_of(h.example, www, rrtype::A);
  auto junk = default_fields(set, example, h.zsk);
  junk.signature.assign(junk.signature.size(), 0x42);
  strip_rrsigs(h.example, www, rrtype::A);
  for (int i = 0; i < 40; ++i) h.example.push_back(RR{www, rrtype::RRSIG, dane::dns::class_in, 3600, junk.rdata()});
  auto answer = find(h.example, "www.example.", rrtype::A);
  answer.rrsigs.assign(40, junk);

  {  // default limits: <= 8 RRSIGs x <= 2 keys per tag on top of the chain (3 checks)
    auto pool = h.pool();
    auto v = h.validator();
    const auto r = v.validate_rrset(answer, pool, now());
    BOOST_TEST(r.status == Security::Bogus, r.explain());
    BOOST_TEST((r.ede == Ede::DnssecBogus || r.ede == Ede::Other), "EDE " << static_cast<int>(r.ede));
    BOOST_TEST(r.limit_hit);
    BOOST_TEST_MESSAGE("default limits: crypto_used " << r.crypto_used << ", EDE " << static_cast<int>(r.ede));
    BOOST_TEST(r.crypto_used <= 3u + 8u * 2u);
  }
  {  // per-RRset limits lifted: the crypto budget (32) is what stops it
    dnssec::ValidationLimits open;
    open.max_rrsigs_per_rrset = 1000;
    open.max_keys_per_tag = 1000;
    auto pool = h.pool();
    auto v = h.validator({}, open);
    const auto r = v.validate_rrset(answer, pool, now());
    BOOST_TEST(r.status == Security::Bogus, r.explain());
    BOOST_TEST((r.ede == Ede::DnssecBogus || r.ede == Ede::Other), "EDE " << static_cast<int>(r.ede));
    BOOST_TEST(r.limit_hit);
    BOOST_TEST_MESSAGE("lifted per-RRset limits: crypto_used " << r.crypto_used << ", EDE " << static_cast<int>(r.ede));
    BOOST_TEST(r.crypto_used <= open.crypto_budget);
  }
}

BOOST_AUTO_TEST_CASE(row22_ds_algorithm_the_zone_is_not_signed_with) {
  // RFC 6840 §5.11: a DS for an algorithm-8 key the zone does not have, next
  // to the real DS: the zone is still Secure.
  Hierarchy h;
  const dnssec::Dnskey absent{257, 3, 8, std::vector<std::uint8_t>(260, 0x5A)};
  h.example_ds.push_back(dnssec::make_ds(example, absent, 2));
  h.sign_root();
  EXPECT_VALIDATION(h.check(h.example, "www.example.", rrtype::A), Security::Secure, Ede::Other);
}

// -------------------------------------------------------- denial (23-37)

BOOST_AUTO_TEST_CASE(row23_nxdomain_without_nsec_covering_qname) {
  // nx.example. is covered by ns.example. -> sub.example.; *.example. by the apex NSEC.
  Hierarchy h;
  EXPECT_VALIDATION(h.deny("nx.example.", rrtype::A, DenialClaim::NxDomain, proof(h.example, rrtype::NSEC, {example})),
                    Security::Bogus, Ede::NsecMissing);
}

BOOST_AUTO_TEST_CASE(row24_nxdomain_without_wildcard_denial) {
  Hierarchy h;
  EXPECT_VALIDATION(
      h.deny("nx.example.", rrtype::A, DenialClaim::NxDomain, proof(h.example, rrtype::NSEC, {N("ns.example.")})),
      Security::Bogus, Ede::NsecMissing);
  // NSEC3: closest encloser and next closer, but not the wildcard.
  Hierarchy h3(nsec3_options());
  const auto p = nx_proof(h3.example);
  if (p.wildcard_cover == p.ce_match || p.wildcard_cover == p.next_closer_cover) return;  // one record does both
  EXPECT_VALIDATION(h3.deny("nx.example.", rrtype::A, DenialClaim::NxDomain,
                            proof(h3.example, rrtype::NSEC3, {p.ce_match, p.next_closer_cover})),
                    Security::Bogus, Ede::NsecMissing);
}

BOOST_AUTO_TEST_CASE(row25_nsec3_missing_closest_encloser_or_next_closer) {
  Hierarchy h(nsec3_options());
  const auto p = nx_proof(h.example);
  EXPECT_VALIDATION(h.deny("nx.example.", rrtype::A, DenialClaim::NxDomain, proof(h.example, rrtype::NSEC3, p.owners())),
                    Security::Secure, Ede::Other);  // the complete proof
  for (const auto& drop : {p.ce_match, p.next_closer_cover}) {
    std::vector<Name> rest;
    for (const auto& o : p.owners())
      if (!(o == drop)) rest.push_back(o);
    BOOST_TEST_CONTEXT("without NSEC3 " << drop.to_string()) {
      EXPECT_VALIDATION(h.deny("nx.example.", rrtype::A, DenialClaim::NxDomain, proof(h.example, rrtype::NSEC3, rest)),
                        Security::Bogus, Ede::NsecMissing);
    }
  }
}

BOOST_AUTO_TEST_CASE(row26_nodata_bitmap_has_qtype_or_cname) {
  Hierarchy h;
  EXPECT_VALIDATION(h.deny("www.example.", rrtype::TXT, DenialClaim::NoData, proof(h.example, rrtype::NSEC, {www})),
                    Security::Secure, Ede::Other);  // control
  EXPECT_VALIDATION(h.deny("www.example.", rrtype::A, DenialClaim::NoData, proof(h.example, rrtype::NSEC, {www})),
                    Security::Bogus, Ede::DnssecBogus);
  EXPECT_VALIDATION(h.deny("alias.example.", rrtype::A, DenialClaim::NoData,
                           proof(h.example, rrtype::NSEC, {N("alias.example.")})),
                    Security::Bogus, Ede::DnssecBogus);  // RFC 6840 §4.3: CNAME bit
}

BOOST_AUTO_TEST_CASE(row27_nodata_from_wrong_side_of_zone_cut) {
  Hierarchy h;
  const Name sub = N("sub.example.");
  // The parent's NSEC at the delegation (NS DS, no SOA) cannot deny child data.
  EXPECT_VALIDATION(h.deny("sub.example.", rrtype::A, DenialClaim::NoData, proof(h.example, rrtype::NSEC, {sub})),
                    Security::Bogus, Ede::DnssecBogus);
  // The child's apex NSEC (SOA) cannot deny the DS (REFERRAL_WITH_SOA).
  EXPECT_VALIDATION(h.deny("sub.example.", rrtype::DS, DenialClaim::NoDs, proof(h.sub, rrtype::NSEC, {sub})),
                    Security::Bogus, Ede::DnssecBogus);
  // An NSEC without the NS bit does not prove an insecure delegation (REFERRAL_WITHOUT_NS).
  EXPECT_VALIDATION(h.deny("www.example.", rrtype::DS, DenialClaim::NoDs, proof(h.example, rrtype::NSEC, {www})),
                    Security::Bogus, Ede::DnssecBogus);
  // NSEC3 (val_nsec3_nods_soa): the child's apex NSEC3 denying its DS.
  Hierarchy h3(nsec3_options());
  const auto apex = nsec3_roles(h3.sub, sub, sub).matching;
  BOOST_REQUIRE(apex.has_value());
  EXPECT_VALIDATION(h3.deny("sub.example.", rrtype::DS, DenialClaim::NoDs, proof(h3.sub, rrtype::NSEC3, {*apex})),
                    Security::Bogus, Ede::DnssecBogus);
}

BOOST_AUTO_TEST_CASE(row28_wildcard_answer_without_next_closer_denial) {
  // foo.wild.example. TXT synthesised from *.wild.example. (RRSIG labels 2).
  for (const bool nsec3 : {false, true}) {
    BOOST_TEST_CONTEXT((nsec3 ? "NSEC3" : "NSEC")) {
      Hierarchy h(nsec3 ? nsec3_options() : Hierarchy::Options{});
      auto expanded = find(h.example, "*.wild.example.", rrtype::TXT);
      expanded.rrset.owner = N("foo.wild.example.");
      const auto r = h.check(expanded);
      EXPECT_VALIDATION(r, Security::Secure, Ede::Other);
      BOOST_TEST(r.wildcard_labels.value_or(0) == 2);
      // With the next closer denial (NSEC *.wild -> real.wild covers foo.wild;
      // NSEC3 covering H(foo.wild.example.)): Secure.
      const Name denial_owner = nsec3 ? *nsec3_roles(h.example, example, N("foo.wild.example.")).covering
                                      : N("*.wild.example.");
      const auto type = nsec3 ? rrtype::NSEC3 : rrtype::NSEC;
      EXPECT_VALIDATION(
          h.deny("foo.wild.example.", rrtype::TXT, DenialClaim::WildcardAnswer, proof(h.example, type, {denial_owner}), 2),
          Security::Secure, Ede::Other);
      // Without it: Bogus (no denial at all, or one that proves something else).
      EXPECT_VALIDATION(h.deny("foo.wild.example.", rrtype::TXT, DenialClaim::WildcardAnswer, {}, 2), Security::Bogus,
                        Ede::DnssecBogus);
      const Name unrelated = nsec3 ? *nsec3_roles(h.example, example, example).matching : example;
      EXPECT_VALIDATION(
          h.deny("foo.wild.example.", rrtype::TXT, DenialClaim::WildcardAnswer, proof(h.example, type, {unrelated}), 2),
          Security::Bogus, Ede::DnssecBogus);
    }
  }
}

BOOST_AUTO_TEST_CASE(row29_wildcard_expanded_nsec_as_denial) {
  // CVE-2017-15105: the NSEC of *.wild.example. (TXT RRSIG NSEC), replayed as
  // a wildcard expansion at real.wild.example. (which has an A record), must
  // not prove "real.wild.example. has no A".
  Hierarchy h;
  auto forged = find(h.example, "*.wild.example.", rrtype::NSEC);
  forged.rrset.owner = N("real.wild.example.");
  const auto sig_check = h.check(forged);
  BOOST_TEST(sig_check.status == Security::Secure, sig_check.explain());  // its signature does verify
  BOOST_TEST(sig_check.wildcard_labels.has_value());
  EXPECT_VALIDATION(h.deny("real.wild.example.", rrtype::A, DenialClaim::NoData, {forged}), Security::Bogus,
                    Ede::DnssecBogus);
}

BOOST_AUTO_TEST_CASE(row30_nsec_overreaching_past_the_zone) {
  // The last NSEC of example. (www -> example.) re-signed with next name
  // "f.": it now claims to cover names outside its zone, such as "ezz.".
  Hierarchy h;
  mutate_rdata(h.example, www, rrtype::NSEC, [](std::vector<std::uint8_t>& rd) {
    auto n = dnssec::Nsec::from_rdata(rd);
    n.next = N("f.");
    rd = n.rdata();
  });
  resign(h.example, www, rrtype::NSEC, example, h.zsk);
  BOOST_REQUIRE(dnssec::nsec_covers(www, N("f."), N("ezz.")));  // the overreach is real
  EXPECT_VALIDATION(h.deny("ezz.", rrtype::A, DenialClaim::NxDomain, proof(h.example, rrtype::NSEC, {www})),
                    Security::Bogus, Ede::DnssecBogus);
}

BOOST_AUTO_TEST_CASE(row31_opt_out_nsec3_covering_next_closer) {
  Hierarchy h(nsec3_options(true));
  auto pool = h.pool();
  const auto authority = pool.fetch(N("nx.example."), rrtype::A).denial;
  EXPECT_VALIDATION(h.deny("nx.example.", rrtype::A, DenialClaim::NxDomain, authority), Security::Insecure, Ede::Other);
}

BOOST_AUTO_TEST_CASE(row32_opt_out_bit_missing_on_insecure_delegation) {
  // Opt-out signing leaves insecure.example. without an NSEC3; clearing the
  // opt-out flag (re-signed) turns the span into a claim that no name exists.
  Hierarchy h(nsec3_options(true));
  const Name insecure = N("insecure.example.");
  {
    auto pool = h.pool();
    const auto authority = pool.fetch(insecure, rrtype::DS).denial;
    EXPECT_VALIDATION(h.deny("insecure.example.", rrtype::DS, DenialClaim::NoDs, authority), Security::Insecure,
                      Ede::Other);  // control: the opt-out span proves an unsigned delegation
  }
  std::vector<Name> owners;
  for (const auto& rr : h.example)
    if (rr.type == rrtype::NSEC3) owners.push_back(rr.owner);
  mutate_nsec3(h, owners, [](dnssec::Nsec3& n) { n.flags = 0; });
  auto pool = h.pool();
  const auto authority = pool.fetch(insecure, rrtype::DS).denial;
  BOOST_REQUIRE(!authority.empty());
  EXPECT_VALIDATION(h.deny("insecure.example.", rrtype::DS, DenialClaim::NoDs, authority), Security::Bogus,
                    Ede::DnssecBogus);
  EXPECT_VALIDATION(h.check(h.insecure, "mail.insecure.example.", rrtype::A), Security::Bogus, Ede::DnssecBogus);
}

BOOST_AUTO_TEST_CASE(row33_nsec3_iterations_above_limit) {
  // RFC 9276 §3.2: 60 iterations > 50 -> Insecure with EDE 27.
  Hierarchy h(nsec3_options(false, 60));
  auto pool = h.pool();
  const auto authority = pool.fetch(N("nx.example."), rrtype::A).denial;
  EXPECT_VALIDATION(h.deny("nx.example.", rrtype::A, DenialClaim::NxDomain, authority), Security::Insecure,
                    Ede::UnsupportedNsec3IterationsValue);
  EXPECT_VALIDATION(h.check(h.insecure, "mail.insecure.example.", rrtype::A), Security::Insecure,
                    Ede::UnsupportedNsec3IterationsValue);
  // The NSEC3 RRSIGs are still checked first (RFC 9276 §3.2): a broken one is Bogus.
  auto tampered = authority;
  for (auto& s : tampered)
    for (auto& sig : s.rrsigs) sig.signature.at(3) ^= 0x01;
  EXPECT_VALIDATION(h.deny("nx.example.", rrtype::A, DenialClaim::NxDomain, tampered), Security::Bogus,
                    Ede::DnssecBogus);
}

BOOST_AUTO_TEST_CASE(row34_nsec3_mixed_parameters_or_unknown_algorithm_or_flags) {
  {  // one NSEC3 of the proof with 1 iteration instead of 0 (re-signed)
    Hierarchy h(nsec3_options());
    const auto p = nx_proof(h.example);
    mutate_nsec3(h, {p.owners().back()}, [](dnssec::Nsec3& n) { n.iterations = 1; });
    EXPECT_VALIDATION(
        h.deny("nx.example.", rrtype::A, DenialClaim::NxDomain, proof(h.example, rrtype::NSEC3, p.owners())),
        Security::Bogus, Ede::DnssecBogus);
  }
  {  // unknown hash algorithm 2: ignored (RFC 5155 §8.1), so nothing is proved
    Hierarchy h(nsec3_options());
    const auto p = nx_proof(h.example);
    mutate_nsec3(h, p.owners(), [](dnssec::Nsec3& n) { n.hash_algorithm = 2; });
    EXPECT_VALIDATION(
        h.deny("nx.example.", rrtype::A, DenialClaim::NxDomain, proof(h.example, rrtype::NSEC3, p.owners())),
        Security::Bogus, Ede::DnssecBogus);
  }
  {  // unknown flag 0x02: ignored (RFC 5155 §8.2)
    Hierarchy h(nsec3_options());
    const auto p = nx_proof(h.example);
    mutate_nsec3(h, p.owners(), [](dnssec::Nsec3& n) { n.flags = 0x02; });
    EXPECT_VALIDATION(
        h.deny("nx.example.", rrtype::A, DenialClaim::NxDomain, proof(h.example, rrtype::NSEC3, p.owners())),
        Security::Bogus, Ede::DnssecBogus);
  }
}

BOOST_AUTO_TEST_CASE(row35_nsec3_malformed_owner_name) {
  // The NSEC3 covering the next closer name, renamed (and re-signed) to an
  // owner that is not a base32hex SHA-1 hash.
  for (const std::string& label : {std::string(32, 'z'), dnssec::base32hex(std::vector<std::uint8_t>(16, 0x11))}) {
    Hierarchy h(nsec3_options());
    const auto p = nx_proof(h.example);
    const Name renamed = example.prepend(label);
    rename_rrset(h.example, p.next_closer_cover, rrtype::NSEC3, renamed);
    resign(h.example, renamed, rrtype::NSEC3, example, h.zsk);
    std::vector<Name> owners;
    for (const auto& o : p.owners()) owners.push_back(o == p.next_closer_cover ? renamed : o);
    BOOST_TEST_CONTEXT("owner label " << label) {
      EXPECT_VALIDATION(h.deny("nx.example.", rrtype::A, DenialClaim::NxDomain, proof(h.example, rrtype::NSEC3, owners)),
                        Security::Bogus, Ede::DnssecBogus);
    }
  }
}

BOOST_AUTO_TEST_CASE(row36_insecure_delegation_proved) {
  for (const auto& o : {Hierarchy::Options{}, nsec3_options(), nsec3_options(true)}) {
    Hierarchy h(o);
    BOOST_TEST_CONTEXT((o.nsec3 ? (o.opt_out ? "NSEC3 opt-out" : "NSEC3") : "NSEC")) {
      EXPECT_VALIDATION(h.check(h.insecure, "mail.insecure.example.", rrtype::A), Security::Insecure, Ede::Other);
      auto unsigned_answer = find(h.insecure, "mail.insecure.example.", rrtype::A);
      unsigned_answer.rrsigs.clear();
      EXPECT_VALIDATION(h.check(unsigned_answer), Security::Insecure, Ede::Other);
    }
  }
}

BOOST_AUTO_TEST_CASE(row37_unsigned_delegation_without_no_ds_proof) {
  const Name insecure = N("insecure.example.");
  {  // the NSEC proving "no DS" removed from the parent
    Hierarchy h;
    remove_rrset(h.example, insecure, rrtype::NSEC);
    EXPECT_VALIDATION(h.check(h.insecure, "mail.insecure.example.", rrtype::A), Security::Bogus, Ede::DnssecBogus);
  }
  {  // present but unsigned
    Hierarchy h;
    strip_rrsigs(h.example, insecure, rrtype::NSEC);
    EXPECT_VALIDATION(h.check(h.insecure, "mail.insecure.example.", rrtype::A), Security::Bogus, Ede::DnssecBogus);
  }
}

// --------------------------------------------------------------- NTA (43)

BOOST_AUTO_TEST_CASE(row43_negative_trust_anchor_over_bogus_zone) {
  Hierarchy h;
  h.example_ds.at(0).digest.at(0) ^= 0x01;  // example. is bogus (row 12)
  h.sign_root();
  auto pool = h.pool();
  auto plain = h.validator();
  BOOST_TEST(plain.validate_rrset(find(h.example, "www.example.", rrtype::A), pool, now()).status == Security::Bogus);
  auto v = h.validator();
  v.add_negative_anchor(example);
  EXPECT_VALIDATION(v.validate_rrset(find(h.example, "www.example.", rrtype::A), pool, now()), Security::Insecure,
                    Ede::Other);
  EXPECT_VALIDATION(v.validate_rrset(find(h.sub, "host.sub.example.", rrtype::A), pool, now()), Security::Insecure,
                    Ede::Other);
}
