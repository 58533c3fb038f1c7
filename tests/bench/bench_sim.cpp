/*
 * Benchmarks of the simulator's DNS and SMTP paths (issues 4 and 5):
 *   BM_Resolve_Cold     MX + A + TLSA of a signed domain with a fresh
 *                       validating resolver (empty record and key caches)
 *   BM_Resolve_Warm     the same three lookups answered from the cache
 *   BM_Verify_P256      one ECDSA P-256 RRSIG verification (the floor of the
 *                       cold path: counters report how many it needs)
 *   BM_Delivery_Valid   a full simulated delivery to a DANE-verified
 *                       destination (world build, DNS, SMTP, TLS, DANE check)
 * The floor for a delivery is BM_Survey_Handshake (one SMTP session with
 * STARTTLS and a full TLS handshake) in bench_survey.cpp, same run.
 */
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/dnssec/verify.hpp"
#include "dane/sim/recursive.hpp"
#include "dane/sim/runner.hpp"
#include "dane/sim/scenario.hpp"
#include "dane/sim/world.hpp"
#include "dane/sim/zone_builder.hpp"

namespace {

using dane::dns::Name;
namespace rrtype = dane::dns::rrtype;

const std::string source_dir = DANE_SOURCE_DIR;

void three_lookups(dane::sim::RecursiveResolver& r) {
  benchmark::DoNotOptimize(r.lookup(Name::parse("example.test."), rrtype::MX));
  benchmark::DoNotOptimize(r.lookup(Name::parse("mail.example.test."), rrtype::A));
  benchmark::DoNotOptimize(r.lookup(Name::parse("_25._tcp.mail.example.test."), rrtype::TLSA));
}

void BM_Resolve_Cold(benchmark::State& state) {
  const auto scenario = dane::sim::load_scenario(source_dir + "/sim/scenarios/dns/valid.yaml");
  dane::sim::DnsWorld world(scenario);
  std::size_t checks = 0, queries = 0, n = 0;
  for (auto _ : state) {
    auto resolver = world.resolver(dane::sim::ResolverKind::Validating);
    three_lookups(*resolver);
    checks += resolver->stats().signature_checks;
    queries += resolver->stats().queries_sent;
    ++n;
  }
  state.counters["sig_checks"] = static_cast<double>(checks) / static_cast<double>(n);
  state.counters["queries"] = static_cast<double>(queries) / static_cast<double>(n);
  state.counters["resolutions/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Resolve_Cold)->Unit(benchmark::kMicrosecond);

void BM_Resolve_Warm(benchmark::State& state) {
  const auto scenario = dane::sim::load_scenario(source_dir + "/sim/scenarios/dns/valid.yaml");
  dane::sim::DnsWorld world(scenario);
  auto resolver = world.resolver(dane::sim::ResolverKind::Validating);
  three_lookups(*resolver);
  std::size_t n = 0;
  for (auto _ : state) {
    three_lookups(*resolver);
    ++n;
  }
  state.counters["resolutions/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Resolve_Warm)->Unit(benchmark::kMicrosecond);

void BM_Verify_P256(benchmark::State& state) {
  const auto key = dane::dnssec::SigningKey::generate(13, 257, 99);
  const Name zone = Name::parse("example.test.");
  const auto rrs = dane::dns::parse_zone("mail.example.test. 300 IN A 192.0.2.25\n");
  const dane::dns::RRset rrset = dane::dns::group_rrsets(rrs).front();
  const auto when = dane::parse_time("2026-11-22T12:00:00Z");
  const dane::dns::RR sig_rr =
      dane::dnssec::sign_rrset(rrset, zone, key, {when - std::chrono::hours(1), when + std::chrono::hours(24 * 30)});
  const auto sig = dane::dnssec::Rrsig::from_rdata(sig_rr.rdata);
  dane::dnssec::KeyCache cache;
  for (auto _ : state) {
    benchmark::DoNotOptimize(dane::dnssec::verify_rrsig(rrset, sig, key.dnskey(), when, {}, &cache));
  }
}
BENCHMARK(BM_Verify_P256)->Unit(benchmark::kMicrosecond);

void BM_Delivery_Valid(benchmark::State& state) {
  const auto scenario = dane::sim::load_full_scenario(source_dir + "/sim/scenarios/smtp/valid.yaml");
  std::size_t n = 0;
  for (auto _ : state) {
    const auto r = dane::sim::run_scenario(scenario, "postfix-dane");
    if (!r.met) state.SkipWithError("the valid scenario did not deliver as expected");
    ++n;
  }
  state.counters["deliveries/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Delivery_Valid)->Unit(benchmark::kMillisecond);

}  // namespace
