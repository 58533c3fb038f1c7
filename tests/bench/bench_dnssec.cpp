/*
 * dane_bench, DNSSEC part: what checking one RRSIG over one RRset costs.
 *
 * For algorithms 8 (RSA-2048, key made here with Botan, signed here),
 * 13 (RFC 6605 §6.1 vector) and 15 (RFC 8080 §6.1 example 1):
 *   BM_Dnssec_Verify/<alg>       dnssec::verify_rrsig with a warm KeyCache:
 *                                field checks, policy, signed data, crypto
 *   BM_Dnssec_BotanFloor/<alg>   the floor: Botan's verify_message of the same
 *                                signature over precomputed signed data, with a
 *                                prebuilt key and PK_Verifier
 *   BM_Dnssec_Ldns/<alg>         the peer: ldns_verify_rrsig_keylist_time on
 *                                the same records (ldns parses the key into an
 *                                OpenSSL EVP_PKEY on every call)
 *   BM_Dnssec_VerifyCold/<alg>   verify_rrsig without a cache: the key is
 *                                parsed on every call (KeyCache miss)
 *   BM_Dnssec_KeyParse/<alg>     PublicKey::parse alone
 * Each benchmark first checks that its path says "valid" and reports an
 * error instead of timing a failure. Times are pinned (no clock reads).
 */
#include <benchmark/benchmark.h>

#include <botan/auto_rng.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/pubkey.h>
#include <botan/rsa.h>
#include <stdbool.h>  // first: otherwise ldns/common.h defines bool, true and false as macros
#include <ldns/ldns.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dane/dns/rr.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/dnssec/verify.hpp"
#include "dane/time.hpp"

namespace {

using namespace dane;
using namespace dane::dnssec;

/// One signed RRset in every form the three implementations need.
struct SignedSet {
  dns::RRset rrset;
  Rrsig sig;
  Dnskey key;
  Time now;
  std::vector<std::uint8_t> data;              ///< signed_data(rrset, sig)
  std::unique_ptr<Botan::Public_Key> botan;    ///< the key, built once for the floor
  std::string emsa;
  // ldns
  ldns_rr_list* ldns_rrset = nullptr;
  ldns_rr* ldns_sig = nullptr;
  ldns_rr_list* ldns_keys = nullptr;

  ~SignedSet() {
    ldns_rr_list_deep_free(ldns_rrset);
    ldns_rr_free(ldns_sig);
    ldns_rr_list_deep_free(ldns_keys);
  }
};

ldns_rr* ldns_parse(const std::string& text) {
  ldns_rr* rr = nullptr;
  if (ldns_rr_new_frm_str(&rr, text.c_str(), 0, nullptr, nullptr) != LDNS_STATUS_OK) return nullptr;
  return rr;
}

dns::RR as_rr(const dns::Name& owner, std::uint16_t type, std::uint32_t ttl, std::vector<std::uint8_t> rdata) {
  dns::RR rr;
  rr.owner = owner;
  rr.type = type;
  rr.ttl = ttl;
  rr.rdata = std::move(rdata);
  return rr;
}

/// Fills the signed data, the floor's Botan key and the ldns copies.
void finish(SignedSet& s, std::unique_ptr<Botan::Public_Key> botan, std::string emsa) {
  s.data = signed_data(s.rrset, s.sig);
  s.botan = std::move(botan);
  s.emsa = std::move(emsa);
  const dns::Name zone = s.sig.signer;
  s.ldns_rrset = ldns_rr_list_new();
  for (const auto& rr : s.rrset.records()) ldns_rr_list_push_rr(s.ldns_rrset, ldns_parse(rr.to_string()));
  s.ldns_sig = ldns_parse(as_rr(s.rrset.owner, dns::rrtype::RRSIG, s.rrset.ttl, s.sig.rdata()).to_string());
  s.ldns_keys = ldns_rr_list_new();
  ldns_rr_list_push_rr(s.ldns_keys, ldns_parse(as_rr(zone, dns::rrtype::DNSKEY, 3600, s.key.rdata()).to_string()));
}

/// Algorithm 8: a 2048-bit RSA key generated here, signing one A RRset.
std::unique_ptr<SignedSet> make_rsa() {
  auto s = std::make_unique<SignedSet>();
  Botan::AutoSeeded_RNG rng;
  Botan::RSA_PrivateKey priv(rng, 2048);
  const auto e = Botan::BigInt::encode(priv.get_e());
  const auto n = Botan::BigInt::encode(priv.get_n());
  s->key.flags = 257;
  s->key.algorithm = 8;
  s->key.public_key.push_back(static_cast<std::uint8_t>(e.size()));  // RFC 3110 §2
  s->key.public_key.insert(s->key.public_key.end(), e.begin(), e.end());
  s->key.public_key.insert(s->key.public_key.end(), n.begin(), n.end());
  s->rrset = dns::group_rrsets(std::vector<dns::RR>{dns::RR::parse("www.example.net. 3600 IN A 192.0.2.1")})[0];
  s->now = parse_time("2025-06-01T00:00:00Z");
  s->sig.type_covered = dns::rrtype::A;
  s->sig.algorithm = 8;
  s->sig.labels = 3;
  s->sig.original_ttl = 3600;
  s->sig.inception = static_cast<std::uint32_t>(parse_time("2025-01-01").time_since_epoch().count());
  s->sig.expiration = static_cast<std::uint32_t>(parse_time("2026-01-01").time_since_epoch().count());
  s->sig.key_tag = key_tag(s->key);
  s->sig.signer = dns::Name::parse("example.net.");
  Botan::PK_Signer signer(priv, rng, "EMSA3(SHA-256)");
  s->sig.signature = signer.sign_message(signed_data(s->rrset, s->sig), rng);
  finish(*s, std::make_unique<Botan::RSA_PublicKey>(priv.get_n(), priv.get_e()), "EMSA3(SHA-256)");
  return s;
}

/// A vector given as presentation-format lines (key, data, RRSIG).
std::unique_ptr<SignedSet> from_text(const std::string& key, const std::string& data, const std::string& rrsig,
                                     std::int64_t now) {
  auto s = std::make_unique<SignedSet>();
  s->key = Dnskey::from_rdata(dns::RR::parse(key).rdata);
  s->rrset = dns::group_rrsets(std::vector<dns::RR>{dns::RR::parse(data)})[0];
  s->sig = Rrsig::from_rdata(dns::RR::parse(rrsig).rdata);
  s->now = Time(std::chrono::seconds(now));
  return s;
}

/// Algorithm 13: RFC 6605 §6.1.
std::unique_ptr<SignedSet> make_p256() {
  auto s = from_text(
      "example.net. 3600 IN DNSKEY 257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+"
      "Wi9xMWyQLc8NAA==",
      "www.example.net. 3600 IN A 192.0.2.1",
      "www.example.net. 3600 IN RRSIG A 13 3 3600 20100909100439 20100812100439 55648 example.net. "
      "qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXAyGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==",
      1281608679);
  const Botan::EC_Group group("secp256r1");
  std::vector<std::uint8_t> sec1{0x04};
  sec1.insert(sec1.end(), s->key.public_key.begin(), s->key.public_key.end());
  finish(*s, std::make_unique<Botan::ECDSA_PublicKey>(group, group.OS2ECP(sec1)), "EMSA1(SHA-256)");
  return s;
}

/// Algorithm 15: RFC 8080 §6.1 example 1.
std::unique_ptr<SignedSet> make_ed25519() {
  auto s = from_text("example.com. 3600 IN DNSKEY 257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=",
                     "example.com. 3600 IN MX 10 mail.example.com.",
                     "example.com. 3600 IN RRSIG MX 15 2 3600 1440021600 1438207200 3613 example.com. "
                     "oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QLs3fx8A4M3e23mRZ9VrbpMngwcrqNAg==",
                     1440021600);
  finish(*s, std::make_unique<Botan::Ed25519_PublicKey>(s->key.public_key), "Pure");
  return s;
}

/// The three fixtures, built once.
SignedSet& fixture(std::int64_t alg) {
  static std::map<std::int64_t, std::unique_ptr<SignedSet>> sets = [] {
    std::map<std::int64_t, std::unique_ptr<SignedSet>> m;
    m[8] = make_rsa();
    m[13] = make_p256();
    m[15] = make_ed25519();
    return m;
  }();
  return *sets.at(alg);
}

void BM_Dnssec_Verify(benchmark::State& state) {
  auto& s = fixture(state.range(0));
  KeyCache cache;
  if (verify_rrsig(s.rrset, s.sig, s.key, s.now, {}, &cache).result != SigResult::Valid) {
    state.SkipWithError("verify_rrsig does not say Valid");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(verify_rrsig(s.rrset, s.sig, s.key, s.now, {}, &cache));
}

void BM_Dnssec_VerifyCold(benchmark::State& state) {
  auto& s = fixture(state.range(0));
  if (verify_rrsig(s.rrset, s.sig, s.key, s.now).result != SigResult::Valid) {
    state.SkipWithError("verify_rrsig does not say Valid");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(verify_rrsig(s.rrset, s.sig, s.key, s.now));
}

void BM_Dnssec_KeyParse(benchmark::State& state) {
  auto& s = fixture(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(PublicKey::parse(s.key));
}

void BM_Dnssec_BotanFloor(benchmark::State& state) {
  auto& s = fixture(state.range(0));
  Botan::PK_Verifier verifier(*s.botan, s.emsa, Botan::IEEE_1363);
  if (!verifier.verify_message(s.data, s.sig.signature)) {
    state.SkipWithError("Botan does not verify the signature");
    return;
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(
        verifier.verify_message(s.data.data(), s.data.size(), s.sig.signature.data(), s.sig.signature.size()));
}

void BM_Dnssec_Ldns(benchmark::State& state) {
  auto& s = fixture(state.range(0));
  const time_t now = static_cast<time_t>(s.now.time_since_epoch().count());
  if (s.ldns_sig == nullptr ||
      ldns_verify_rrsig_keylist_time(s.ldns_rrset, s.ldns_sig, s.ldns_keys, now, nullptr) != LDNS_STATUS_OK) {
    state.SkipWithError("ldns does not verify the signature");
    return;
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(ldns_verify_rrsig_keylist_time(s.ldns_rrset, s.ldns_sig, s.ldns_keys, now, nullptr));
}

}  // namespace

BENCHMARK(BM_Dnssec_BotanFloor)->Arg(8)->Arg(13)->Arg(15);
BENCHMARK(BM_Dnssec_Verify)->Arg(8)->Arg(13)->Arg(15);
BENCHMARK(BM_Dnssec_Ldns)->Arg(8)->Arg(13)->Arg(15);
BENCHMARK(BM_Dnssec_VerifyCold)->Arg(8)->Arg(13)->Arg(15);
BENCHMARK(BM_Dnssec_KeyParse)->Arg(8)->Arg(13)->Arg(15);
