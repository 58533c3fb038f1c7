/*
 * dane_bench, limits part: what one hostile answer can cost the validator
 * (dnssec-rules.md §10 G4: under 10 ms of CPU per malicious response).
 *   BM_Limits_Honest/<alg>    the honest answer: a TLSA RRset of example.
 *                             (anchored by its key; algorithms 8 RSA-2048,
 *                             13 P-256, 14 P-384) with its one RRSIG; cold
 *                             Validator: 2 signatures (DNSKEY RRset, TLSA)
 *   BM_Limits_KeyTrap/<alg>   KeyTrap (CVE-2023-50387): the DNSKEY RRset
 *                             also holds 63 keys whose key tag collides with
 *                             the real one (alg 8: RSA moduli with two octets
 *                             shifted so the tag sum is unchanged; alg 13:
 *                             the same edit moves the point off the curve, so
 *                             those keys do not parse), and the TLSA RRset
 *                             comes with 40 RRSIGs of that tag whose
 *                             signatures are garbage. ValidationLimits bound
 *                             the work (RRSIGs per RRset, keys per tag,
 *                             the crypto budget).
 *   BM_Limits_Nsec3Torture    an NXDOMAIN "proof" for a 40-label name made of
 *                             8 NSEC3 records at the highest iteration count
 *                             the policy still accepts (50), none of which
 *                             matches: the closest-encloser search hashes
 *                             every ancestor (41 names, 51 SHA-1 rounds
 *                             each), within DenialLimits::hash_budget.
 * Counters: sigs (signatures checked) or hashes (NSEC3 hashes computed).
 */
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dane/dns/rr.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/dnssec/denial.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/nsec3hash.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/time.hpp"

namespace {

using namespace dane;
using namespace dane::dnssec;
using dns::Name;
using dns::RR;

struct Setup {
  std::vector<RR> honest, hostile;  // the zone, with the real or the colliding DNSKEY RRset
  std::vector<TrustAnchor> anchors;
  SignedRRset tlsa, tlsa_hostile;
  Time now = parse_time("2026-02-01");
  std::size_t colliding_keys = 0;  // how many of the 63 extra keys share the real tag
};

SignedRRset find(const std::vector<RR>& records, const Name& owner, std::uint16_t type) {
  for (auto& s : group_signed(records))
    if (s.rrset.owner == owner && s.rrset.type == type) return s;
  throw std::logic_error("bench_limits: no " + dns::type_to_string(type) + " at " + owner.to_string());
}

/// 63 DNSKEYs with the real key's tag: octets i and i+2 of the public key
/// (same parity, so the same half of RFC 4034 Appendix B's 16-bit words) are
/// moved by +1 and -1, which leaves the tag's sum unchanged.
std::vector<Dnskey> colliding_keys(const Dnskey& real) {
  std::vector<Dnskey> out;
  for (std::size_t i = 8; out.size() < 63 && i + 3 < real.public_key.size(); ++i) {
    Dnskey d = real;
    if (d.public_key[i] == 0xff || d.public_key[i + 2] == 0x00) continue;
    ++d.public_key[i];
    --d.public_key[i + 2];
    out.push_back(std::move(d));
  }
  return out;
}

std::unique_ptr<Setup> make_setup(std::uint8_t alg) {
  auto s = std::make_unique<Setup>();
  const SigningKey key = SigningKey::generate(alg, 257, 21);
  const SignatureWindow window{parse_time("2026-01-01"), parse_time("2026-03-01")};
  ZoneSigningOptions o;
  o.window = window;
  const Name apex = Name::parse("example.");
  s->honest = sign_zone(dns::parse_zone("example. 3600 IN SOA ns.example. h.example. 1 3600 600 86400 300\n"
                                        "example. 3600 IN NS ns.example.\n"
                                        "ns.example. 3600 IN A 192.0.2.53\n"
                                        "_25._tcp.mail.example. 3600 IN TLSA 3 1 1 "
                                        "0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6\n"),
                        apex, std::span(&key, 1), o);
  s->anchors = {TrustAnchor{apex, {}, {key.dnskey()}}};
  const Name owner = Name::parse("_25._tcp.mail.example.");
  s->tlsa = find(s->honest, owner, dns::rrtype::TLSA);

  // The hostile zone: the DNSKEY RRset grows by the colliding keys, signed
  // again by the real key so that it still validates.
  dns::RRset keys = find(s->honest, apex, dns::rrtype::DNSKEY).rrset;
  const std::uint16_t tag = key_tag(key.dnskey());
  for (const auto& d : colliding_keys(key.dnskey())) {
    keys.rdatas.push_back(d.rdata());
    if (key_tag(d) == tag) ++s->colliding_keys;
  }
  for (const auto& rr : s->honest) {
    const bool dnskey_or_sig =
        rr.owner == apex && (rr.type == dns::rrtype::DNSKEY ||
                             (rr.type == dns::rrtype::RRSIG && rr.rdata.size() >= 2 &&
                              ((rr.rdata[0] << 8) | rr.rdata[1]) == dns::rrtype::DNSKEY));
    if (!dnskey_or_sig) s->hostile.push_back(rr);
  }
  for (const auto& rd : keys.rdatas) s->hostile.push_back(RR{apex, dns::rrtype::DNSKEY, dns::class_in, keys.ttl, rd});
  s->hostile.push_back(sign_rrset(keys, apex, key, window));

  s->tlsa_hostile = s->tlsa;
  Rrsig bad = s->tlsa.rrsigs.at(0);
  bad.signature.assign(bad.signature.size(), 0x42);
  s->tlsa_hostile.rrsigs.assign(40, bad);
  return s;
}

/// Built once, inside the static's initializer (Botan's allocator is torn
/// down after the keys).
Setup& setup(std::int64_t alg) {
  static std::map<std::int64_t, std::unique_ptr<Setup>> all = [] {
    std::map<std::int64_t, std::unique_ptr<Setup>> m;
    m[8] = make_setup(8);
    m[13] = make_setup(13);
    m[14] = make_setup(14);
    return m;
  }();
  return *all.at(alg);
}

void BM_Limits_Honest(benchmark::State& state) {
  Setup& s = setup(state.range(0));
  RecordPool pool(s.honest);
  const Validation first = Validator(s.anchors).validate_rrset(s.tlsa, pool, s.now);
  if (first.status != Security::Secure) {
    state.SkipWithError(("the honest answer does not validate: " + first.explain()).c_str());
    return;
  }
  for (auto _ : state) {
    Validator v(s.anchors);
    benchmark::DoNotOptimize(v.validate_rrset(s.tlsa, pool, s.now));
  }
  state.counters["sigs"] = static_cast<double>(first.crypto_used);
}

void BM_Limits_KeyTrap(benchmark::State& state) {
  Setup& s = setup(state.range(0));
  RecordPool pool(s.hostile);
  // The colliding DNSKEY RRset itself still validates; the 40 bad RRSIGs make the answer Bogus.
  const Validation honest = Validator(s.anchors).validate_rrset(s.tlsa, pool, s.now);
  const Validation first = Validator(s.anchors).validate_rrset(s.tlsa_hostile, pool, s.now);
  if (honest.status != Security::Secure || first.status != Security::Bogus) {
    state.SkipWithError(("unexpected verdicts: " + honest.explain() + " / " + first.explain()).c_str());
    return;
  }
  for (auto _ : state) {
    Validator v(s.anchors);
    benchmark::DoNotOptimize(v.validate_rrset(s.tlsa_hostile, pool, s.now));
  }
  state.counters["sigs"] = static_cast<double>(first.crypto_used);
  state.counters["colliding_keys"] = static_cast<double>(s.colliding_keys);
}

void BM_Limits_Nsec3Torture(benchmark::State& state) {
  const Name zone = Name::parse("example.");
  std::string long_name;
  for (int i = 0; i < 40; ++i) long_name += "l" + std::to_string(i) + ".";
  const Name qname = Name::parse(long_name + "example.");
  const std::vector<std::uint8_t> salt{0xab, 0xcd};
  std::vector<SignedNsec3> records;
  for (int i = 0; i < 8; ++i) {
    // Spans between hashes of names that are not in the query's ancestry:
    // they neither match nor cover what the proof needs (a covered next
    // closer would need a matching closest encloser first).
    const auto h = nsec3_hash(Name::parse("other" + std::to_string(i) + ".example."), 1, 50, salt);
    auto next = h;
    next.back() ^= 0x01;
    Nsec3 n;
    n.iterations = 50;
    n.salt = salt;
    n.next_hashed_owner = next;
    records.push_back(SignedNsec3{Name::parse(base32hex(h) + ".example."), n, false});
  }
  const DenialResult first = prove_with_nsec3(qname, dns::rrtype::A, DenialClaim::NxDomain, zone, records);
  if (first.status == Security::Secure) {
    state.SkipWithError("the torture proof was accepted");
    return;
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(prove_with_nsec3(qname, dns::rrtype::A, DenialClaim::NxDomain, zone, records));
  state.counters["hashes"] = static_cast<double>(first.hashes);
}

}  // namespace

BENCHMARK(BM_Limits_Honest)->Arg(8)->Arg(13)->Arg(14);
BENCHMARK(BM_Limits_KeyTrap)->Arg(8)->Arg(13)->Arg(14);
BENCHMARK(BM_Limits_Nsec3Torture);
