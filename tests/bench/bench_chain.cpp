/*
 * dane_bench, chain part: what validating a TLSA RRset through a whole chain
 * of trust costs: root (the anchor) -> net. -> example.net. -> the TLSA RRset
 * at _25._tcp.mail.example.net., each zone signed with one key of the
 * algorithm (8: RSA-2048, 13: P-256). Six signatures are checked: root
 * DNSKEY, net. DS, net. DNSKEY, example.net. DS, example.net. DNSKEY, TLSA.
 *   BM_Chain_Cold/<alg>        a new Validator per iteration: every DNSKEY is
 *                              parsed (KeyCache empty) and every RRSIG verified
 *   BM_Chain_Warm/<alg>        one Validator: its KeyCache holds the parsed keys
 *   BM_Chain_BotanFloor/<alg>  the floor: Botan's verify_message of the same
 *                              six signatures over precomputed signed data, with
 *                              prebuilt keys and PK_Verifiers
 * Each reports the signatures checked per iteration (counter "sigs"). Zones
 * are signed once from fixed seeds at a pinned time; keys are not kept.
 */
#include <benchmark/benchmark.h>

#include <botan/bigint.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/pubkey.h>
#include <botan/rsa.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dane/dns/rr.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/dnssec/verify.hpp"
#include "dane/time.hpp"

namespace {

using namespace dane;
using namespace dane::dnssec;
using dns::Name;
using dns::RR;

/// One signature of the chain, ready for Botan.
struct FloorSig {
  std::unique_ptr<Botan::Public_Key> key;
  std::unique_ptr<Botan::PK_Verifier> verifier;
  std::vector<std::uint8_t> data, signature;
};

struct Chain {
  std::vector<RR> root, net, example;
  std::vector<TrustAnchor> anchors;
  SignedRRset tlsa;
  Time now = parse_time("2026-02-01");
  std::vector<FloorSig> floor;

  RecordPool pool() const {
    RecordPool p(root);
    p.add(net);
    p.add(example);
    return p;
  }
};

/// Botan's public key for a DNSKEY of algorithm 8 (RFC 3110 §2) or 13 (RFC 6605 §4).
std::unique_ptr<Botan::Public_Key> botan_key(const Dnskey& k) {
  const auto& p = k.public_key;
  if (k.algorithm == 8) {
    const std::size_t elen = p.at(0);  // keys here are 2048-bit with e = 65537: one-octet length
    const Botan::BigInt e = Botan::BigInt::decode(p.data() + 1, elen);
    const Botan::BigInt n = Botan::BigInt::decode(p.data() + 1 + elen, p.size() - 1 - elen);
    return std::make_unique<Botan::RSA_PublicKey>(n, e);
  }
  const Botan::EC_Group group("secp256r1");
  std::vector<std::uint8_t> sec1{0x04};
  sec1.insert(sec1.end(), p.begin(), p.end());
  return std::make_unique<Botan::ECDSA_PublicKey>(group, group.OS2ECP(sec1));
}

SignedRRset find(const std::vector<RR>& records, const Name& owner, std::uint16_t type) {
  for (auto& s : group_signed(records))
    if (s.rrset.owner == owner && s.rrset.type == type) return s;
  throw std::logic_error("bench_chain: no " + dns::type_to_string(type) + " at " + owner.to_string());
}

std::unique_ptr<Chain> make_chain(std::uint8_t alg) {
  auto c = std::make_unique<Chain>();
  const SigningKey root_key = SigningKey::generate(alg, 257, 11);
  const SigningKey net_key = SigningKey::generate(alg, 257, 12);
  const SigningKey example_key = SigningKey::generate(alg, 257, 13);
  ZoneSigningOptions o;
  o.window = {parse_time("2026-01-01"), parse_time("2026-03-01")};
  const Name net = Name::parse("net."), example = Name::parse("example.net.");
  auto ds = [](const Name& child, const SigningKey& k) {
    return RR{child, dns::rrtype::DS, dns::class_in, 86400, make_ds(child, k.dnskey(), 2).rdata()};
  };
  auto root = dns::parse_zone(". 86400 IN SOA a.root. nobody.invalid. 1 1800 900 604800 86400\n"
                              ". 86400 IN NS a.root.\n"
                              "a.root. 86400 IN A 192.0.2.1\n"
                              "net. 86400 IN NS a.gtld.net.\n");
  root.push_back(ds(net, net_key));
  c->root = sign_zone(root, Name(), std::span(&root_key, 1), o);
  auto tld = dns::parse_zone("net. 86400 IN SOA a.gtld.net. nobody.invalid. 1 1800 900 604800 86400\n"
                             "net. 86400 IN NS a.gtld.net.\n"
                             "a.gtld.net. 86400 IN A 192.0.2.2\n"
                             "example.net. 86400 IN NS ns.example.net.\n"
                             "ns.example.net. 86400 IN A 192.0.2.53\n");
  tld.push_back(ds(example, example_key));
  c->net = sign_zone(tld, net, std::span(&net_key, 1), o);
  c->example = sign_zone(
      dns::parse_zone("example.net. 3600 IN SOA ns.example.net. h.example.net. 1 3600 600 86400 300\n"
                      "example.net. 3600 IN NS ns.example.net.\n"
                      "ns.example.net. 3600 IN A 192.0.2.53\n"
                      "mail.example.net. 3600 IN A 192.0.2.25\n"
                      "_25._tcp.mail.example.net. 3600 IN TLSA 3 1 1 "
                      "0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6\n"
                      "_25._tcp.mail.example.net. 3600 IN TLSA 2 0 1 "
                      "8D02536C887482BC34FF54E41D2BA659BF85B341A0A20AFADB5813DCFBCF286D\n"),
      example, std::span(&example_key, 1), o);
  c->anchors = {TrustAnchor{Name(), {}, {root_key.dnskey()}}};
  c->tlsa = find(c->example, Name::parse("_25._tcp.mail.example.net."), dns::rrtype::TLSA);

  // The floor: the six signatures the validation checks, each by its zone's key.
  const std::string emsa = alg == 8 ? "EMSA3(SHA-256)" : "EMSA1(SHA-256)";
  const struct {
    const std::vector<RR>* zone;
    Name owner;
    std::uint16_t type;
    const SigningKey* key;
  } sigs[] = {{&c->root, Name(), dns::rrtype::DNSKEY, &root_key},  {&c->root, net, dns::rrtype::DS, &root_key},
              {&c->net, net, dns::rrtype::DNSKEY, &net_key},       {&c->net, example, dns::rrtype::DS, &net_key},
              {&c->example, example, dns::rrtype::DNSKEY, &example_key},
              {&c->example, c->tlsa.rrset.owner, dns::rrtype::TLSA, &example_key}};
  for (const auto& s : sigs) {
    const SignedRRset set = find(*s.zone, s.owner, s.type);
    FloorSig f;
    f.key = botan_key(s.key->dnskey());
    f.verifier = std::make_unique<Botan::PK_Verifier>(*f.key, emsa, Botan::IEEE_1363);
    f.data = signed_data(set.rrset, set.rrsigs.at(0));
    f.signature = set.rrsigs.at(0).signature;
    c->floor.push_back(std::move(f));
  }
  return c;
}

/// The chains, built once (RSA key generation takes a moment). Built inside
/// the static's initializer so that Botan's allocator, first used there, is
/// torn down after the keys the chains hold.
Chain& chain(std::int64_t alg) {
  static std::map<std::int64_t, std::unique_ptr<Chain>> chains = [] {
    std::map<std::int64_t, std::unique_ptr<Chain>> m;
    m[8] = make_chain(8);
    m[13] = make_chain(13);
    return m;
  }();
  return *chains.at(alg);
}

/// Checks one validation says Secure; returns the signatures it checked, or 0.
std::size_t check_secure(benchmark::State& state, Validator& v, Chain& c, RecordPool& pool) {
  const Validation r = v.validate_rrset(c.tlsa, pool, c.now);
  if (r.status != Security::Secure) {
    state.SkipWithError(("chain does not validate: " + r.explain()).c_str());
    return 0;
  }
  return r.crypto_used;
}

void BM_Chain_Cold(benchmark::State& state) {
  Chain& c = chain(state.range(0));
  RecordPool pool = c.pool();
  Validator first(c.anchors);
  const std::size_t sigs = check_secure(state, first, c, pool);
  if (sigs == 0) return;
  for (auto _ : state) {
    Validator v(c.anchors);
    benchmark::DoNotOptimize(v.validate_rrset(c.tlsa, pool, c.now));
  }
  state.counters["sigs"] = static_cast<double>(sigs);
}

void BM_Chain_Warm(benchmark::State& state) {
  Chain& c = chain(state.range(0));
  RecordPool pool = c.pool();
  Validator v(c.anchors);
  const std::size_t sigs = check_secure(state, v, c, pool);
  if (sigs == 0) return;
  for (auto _ : state) benchmark::DoNotOptimize(v.validate_rrset(c.tlsa, pool, c.now));
  state.counters["sigs"] = static_cast<double>(sigs);
}

void BM_Chain_BotanFloor(benchmark::State& state) {
  Chain& c = chain(state.range(0));
  for (auto& f : c.floor)
    if (!f.verifier->verify_message(f.data, f.signature)) {
      state.SkipWithError("Botan does not verify a chain signature");
      return;
    }
  for (auto _ : state)
    for (auto& f : c.floor)
      benchmark::DoNotOptimize(
          f.verifier->verify_message(f.data.data(), f.data.size(), f.signature.data(), f.signature.size()));
  state.counters["sigs"] = static_cast<double>(c.floor.size());
}

}  // namespace

BENCHMARK(BM_Chain_BotanFloor)->Arg(8)->Arg(13);
BENCHMARK(BM_Chain_Cold)->Arg(8)->Arg(13);
BENCHMARK(BM_Chain_Warm)->Arg(8)->Arg(13);
