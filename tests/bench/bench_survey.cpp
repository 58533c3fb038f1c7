/*
 * dane_bench, survey part: the simulated Go6lab TLS survey's throughput next
 * to its floor.
 *
 *   BM_Survey/10000          run_survey over 10^4 go6lab-2015 domains (one
 *                            worker): domains/s, and the work the run needed
 *                            as counters (TLS handshakes, PKIX validations,
 *                            DNSSEC signature verifications, DNS worlds)
 *   BM_Survey_Handshake      the floor unit: one SMTP session with a full
 *                            TLS 1.2 handshake (ECDHE-ECDSA P-256) between
 *                            the sim client and server, delivering one message
 *   BM_Survey_EcdsaVerify    one ECDSA P-256 signature verification (Botan),
 *                            the unit of PKIX and DNSSEC (algorithm 13) checks
 * floor per run ~= handshakes x BM_Survey_Handshake + signatures x BM_Survey_EcdsaVerify.
 */
#include <benchmark/benchmark.h>

#include <botan/auto_rng.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/pubkey.h>

#include <memory>
#include <string>
#include <vector>

#include "dane/sim/clock.hpp"
#include "dane/sim/network.hpp"
#include "dane/sim/pki.hpp"
#include "dane/sim/smtp_client.hpp"
#include "dane/sim/smtp_server.hpp"
#include "dane/sim/survey.hpp"
#include "dane/time.hpp"

namespace {

using namespace dane;

void BM_Survey(benchmark::State& state) {
  const auto pop = sim::parse_population("go6lab-2015");
  sim::SurveySummary last;
  for (auto _ : state) {
    sim::SurveyOptions o;
    o.population = pop;
    o.seed = 1;
    o.jobs = 1;
    auto src = sim::generated_domains(static_cast<std::uint64_t>(state.range(0)));
    last = sim::run_survey(o, *src);
    benchmark::DoNotOptimize(last.sessions_tls);
  }
  state.counters["domains/s"] =
      benchmark::Counter(static_cast<double>(state.range(0)) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["handshakes"] = static_cast<double>(last.handshakes);
  state.counters["pkix_validations"] = static_cast<double>(last.pkix_validations);
  state.counters["pkix_sigs"] = static_cast<double>(last.pkix_signatures);
  state.counters["dnssec_sigs"] = static_cast<double>(last.dnssec_signatures);
  state.counters["dns_worlds"] = static_cast<double>(last.dns_worlds);
  state.counters["cache_hits"] = static_cast<double>(last.cache_hits);
}
// Workers run on their own threads: time the whole process, rate by wall time.
BENCHMARK(BM_Survey)->Arg(10'000)->Unit(benchmark::kMillisecond)->Iterations(1)->MeasureProcessCPUTime()->UseRealTime();

void BM_Survey_Handshake(benchmark::State& state) {
  const Time t = parse_time("2015-06-01T00:00:00Z");
  sim::Pki pki(7);
  const auto chain = sim::make_sample_chain(pki, {"mx.example.test"}, t - std::chrono::days(30), t + std::chrono::days(365));
  sim::Clock clock(t);
  sim::Network net(clock, sim::Random(1));
  sim::SmtpServerConfig cfg;
  cfg.hostname = "mx.example.test";
  cfg.default_certificate = sim::ServerCertificate{chain.without_root(), chain.leaf.private_key_pem};
  cfg.max_mailbox = 1'000'000'000;
  const sim::Endpoint at{"192.0.2.25", 25};
  net.listen(at, std::make_shared<sim::SmtpServer>(clock, cfg));
  sim::SmtpClient client(net, {});
  const sim::SmtpTarget target{"mx.example.test", at, "", sim::TlsMode::Opportunistic};
  const sim::Envelope env{"a@example.net", {"b@example.test"}, "Subject: x\r\n\r\nx\r\n"};
  std::size_t n = 0;
  for (auto _ : state) {
    if (++n % 5000 == 0) {
      state.PauseTiming();
      net.listen(at, std::make_shared<sim::SmtpServer>(clock, cfg));  // keep the mailbox small
      state.ResumeTiming();
    }
    const auto a = client.deliver(target, env);
    if (!a.tls.established || !a.delivered) {
      state.SkipWithError("handshake or delivery failed");
      break;
    }
  }
}
BENCHMARK(BM_Survey_Handshake)->Unit(benchmark::kMicrosecond);

void BM_Survey_EcdsaVerify(benchmark::State& state) {
  Botan::AutoSeeded_RNG rng;
  const Botan::ECDSA_PrivateKey key(rng, Botan::EC_Group("secp256r1"));
  const std::vector<std::uint8_t> msg(256, 0x42);
  Botan::PK_Signer signer(key, rng, "EMSA1(SHA-256)");
  const auto sig = signer.sign_message(msg, rng);
  Botan::PK_Verifier verifier(key, "EMSA1(SHA-256)");
  for (auto _ : state) {
    if (!verifier.verify_message(msg, sig)) {
      state.SkipWithError("signature did not verify");
      break;
    }
  }
}
BENCHMARK(BM_Survey_EcdsaVerify)->Unit(benchmark::kMicrosecond);

}  // namespace
