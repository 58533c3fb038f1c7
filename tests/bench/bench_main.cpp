/*
 * dane_bench: what DANE matching costs per call, next to a floor.
 *
 * The floor is one SHA-256 over the leaf's SubjectPublicKeyInfo: the least
 * work any "3 1 1" check has to do. The verify benchmarks match a
 * 3-certificate chain against a 4-record RRset, as a sender does once per
 * TLS session. Chains come from dane::sim with a fixed seed and a pinned time,
 * so every run measures the same bytes. Run with tests/bench/run.sh to get
 * each benchmark's ratio to the floor.
 */
#include <benchmark/benchmark.h>

#include <botan/hash.h>

#include <memory>
#include <string>
#include <vector>

#include "dane/cert.hpp"
#include "dane/generate.hpp"
#include "dane/match.hpp"
#include "dane/time.hpp"
#include "dane/tlsa.hpp"
#include "dane/sim/pki.hpp"

namespace {

/// Everything the benchmarks share, built once (key generation is slow).
struct Fixture {
  dane::Time now = dane::parse_time("2025-06-01T12:00:00Z");
  dane::Chain chain;       ///< leaf, intermediate, root of the current deployment
  dane::Chain next_chain;  ///< the certificates of the next deployment (rollover target)
  std::string chain_pem;   ///< chain as PEM text
  dane::MatchOptions options;
  std::vector<dane::Tlsa> ee_rrset, ta_rrset, mismatch_rrset;

  Fixture() {
    const dane::Time from = dane::parse_time("2025-01-01T00:00:00Z");
    const dane::Time until = dane::parse_time("2026-01-01T00:00:00Z");
    dane::sim::Pki pki(20250601);
    dane::sim::Pki next_pki(20260101);
    chain = dane::sim::make_sample_chain(pki, {"mail.example.com"}, from, until).full();
    next_chain = dane::sim::make_sample_chain(next_pki, {"mail.example.com"}, from, until).full();
    for (const auto& c : chain) chain_pem += c.to_pem();
    options.reference_names = {"mail.example.com"};

    using dane::MatchingType, dane::Selector, dane::Usage;
    const auto& leaf = chain[0];
    const auto& issuing = chain[1];
    const auto& next_leaf = next_chain[0];
    const auto& next_issuing = next_chain[1];
    const auto& next_root = next_chain[2];
    // A "current + next" rollover RRset (RFC 7671 §8.1) where the current
    // leaf key matches: DANE-EE is the match, the rest point elsewhere.
    ee_rrset = {
        dane::make_tlsa(next_leaf, Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256),
        dane::make_tlsa(next_leaf, Usage::DaneEe, Selector::Cert, MatchingType::Sha2_256),
        dane::make_tlsa(next_issuing, Usage::DaneTa, Selector::Spki, MatchingType::Sha2_256),
        dane::make_tlsa(leaf, Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256),
    };
    // Issuer rollover: the current intermediate's "2 1 1" matches, so the
    // path leaf -> intermediate is verified and the leaf name checked.
    ta_rrset = {
        dane::make_tlsa(next_issuing, Usage::DaneTa, Selector::Spki, MatchingType::Sha2_256),
        dane::make_tlsa(next_root, Usage::DaneTa, Selector::Cert, MatchingType::Sha2_256),
        dane::make_tlsa(next_leaf, Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256),
        dane::make_tlsa(issuing, Usage::DaneTa, Selector::Spki, MatchingType::Sha2_256),
    };
    // Nothing matches: every record is for the next deployment.
    mismatch_rrset = {
        dane::make_tlsa(next_leaf, Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256),
        dane::make_tlsa(next_leaf, Usage::DaneEe, Selector::Cert, MatchingType::Sha2_256),
        dane::make_tlsa(next_issuing, Usage::DaneTa, Selector::Spki, MatchingType::Sha2_256),
        dane::make_tlsa(next_root, Usage::DaneTa, Selector::Cert, MatchingType::Sha2_256),
    };
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

/// Runs verify_chain in a loop after checking once that the RRset gives the
/// expected verdict (so a library change cannot silently benchmark a failure path).
void run_verify(benchmark::State& state, const std::vector<dane::Tlsa>& rrset, dane::MatchStatus expect_status,
                int expect_depth) {
  const Fixture& f = fixture();
  const dane::MatchResult check = dane::verify_chain(f.chain, rrset, f.now, f.options);
  if (check.status != expect_status || check.depth != expect_depth) {
    state.SkipWithError(("unexpected verdict: " + check.summary()).c_str());
    return;
  }
  for (auto _ : state) {
    dane::MatchResult r = dane::verify_chain(f.chain, rrset, f.now, f.options);
    benchmark::DoNotOptimize(r);
  }
}

void BM_Sha256_LeafSpki(benchmark::State& state) {
  const std::vector<std::uint8_t>& spki = fixture().chain[0].spki();
  const auto hash = Botan::HashFunction::create_or_throw("SHA-256");
  std::uint8_t out[32];
  for (auto _ : state) {
    hash->update(spki.data(), spki.size());
    hash->final(out);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * spki.size()));
}
BENCHMARK(BM_Sha256_LeafSpki);

void BM_Verify_DaneEe(benchmark::State& state) {
  run_verify(state, fixture().ee_rrset, dane::MatchStatus::Verified, 0);
}
BENCHMARK(BM_Verify_DaneEe);

void BM_Verify_DaneTa(benchmark::State& state) {
  run_verify(state, fixture().ta_rrset, dane::MatchStatus::Verified, 1);
}
BENCHMARK(BM_Verify_DaneTa);

void BM_Verify_Mismatch(benchmark::State& state) {
  run_verify(state, fixture().mismatch_rrset, dane::MatchStatus::Mismatch, -1);
}
BENCHMARK(BM_Verify_Mismatch);

void BM_Tlsa_Parse(benchmark::State& state) {
  const std::string text = fixture().ee_rrset[3].to_string();
  for (auto _ : state) {
    dane::Tlsa r = dane::Tlsa::parse(text);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Tlsa_Parse);

void BM_LoadChain_Pem(benchmark::State& state) {
  const std::string& pem = fixture().chain_pem;
  for (auto _ : state) {
    dane::Chain c = dane::load_chain(std::string_view(pem), "bench chain");
    benchmark::DoNotOptimize(c);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * pem.size()));
}
BENCHMARK(BM_LoadChain_Pem);

}  // namespace
