/*
 * dane sim survey --population SPEC --domains N [--seed N] [--jobs J] [--json] [--domains-file FILE]
 *   The Go6lab 2015 SMTP TLS survey, simulated: a postfix-dane sender
 *   delivers to every domain of a synthetic population (or of a domain list
 *   whose properties are drawn from the population, seeded by each name) and
 *   classes the sessions Anonymous / Untrusted / Trusted / Verified, per
 *   session and per distinct MX host. --json: one JSON line per domain, then
 *   one summary line ({"summary": ...}); the work counters, wall time and
 *   peak RSS go to stderr (they depend on --jobs and the machine).
 */
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "common.hpp"
#include "dane/sim/survey.hpp"

namespace dane_cli {

namespace {

struct SurveyCmdOptions {
  std::string population;
  std::uint64_t domains = 0;
  std::uint64_t seed = 1;
  unsigned jobs = 1;
  bool json = false;
  std::string domains_file;
};

int run_survey_cmd(const SurveyCmdOptions& o) {
  const dane::sim::Population pop = dane::sim::parse_population(o.population);
  std::ifstream file;
  std::unique_ptr<dane::sim::DomainSource> source;
  if (!o.domains_file.empty()) {
    file.open(o.domains_file, std::ios::binary);
    if (!file) throw CliInputError("--domains-file: cannot read " + o.domains_file);
    source = dane::sim::domain_list(file, o.domains_file);
  } else {
    if (o.domains == 0) throw CliInputError("--domains: give a count above 0 (or --domains-file)");
    source = dane::sim::generated_domains(o.domains);
  }
  dane::sim::SurveyOptions opts;
  opts.population = pop;
  opts.seed = o.seed;
  opts.jobs = o.jobs;
  const bool bar = isatty(STDERR_FILENO) != 0;
  const std::uint64_t total = o.domains_file.empty() ? o.domains : 0;
  if (bar) {
    opts.progress = [total](std::uint64_t done) {
      if (total > 0) std::fprintf(stderr, "\rsurvey: %llu/%llu domains (%.0f%%)", static_cast<unsigned long long>(done),
                                  static_cast<unsigned long long>(total), 100.0 * static_cast<double>(done) / static_cast<double>(total));
      else std::fprintf(stderr, "\rsurvey: %llu domains", static_cast<unsigned long long>(done));
      std::fflush(stderr);
    };
  }
  const auto start = std::chrono::steady_clock::now();
  dane::sim::SurveySummary s = dane::sim::run_survey(opts, *source, [&](const dane::sim::DomainResult& r) {
    if (o.json) std::cout << dane::sim::to_json_line(r) << '\n';
  });
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  s.peak_rss_kib = dane::sim::peak_rss_kib();
  if (bar) std::fputs("\n", stderr);
  if (o.json) {
    std::cout << "{\"summary\":" << s.to_json() << "}\n";
    std::cerr << fmt::format(
        "survey: {} domains in {:.1f} s ({:.0f} domains/s), peak RSS {} MiB; {} TLS handshakes, {} PKIX "
        "validations, {} DNSSEC signature verifications, {} signed-domain worlds\n",
        s.domains, s.seconds, s.seconds > 0 ? static_cast<double>(s.domains) / s.seconds : 0.0, s.peak_rss_kib / 1024,
        s.handshakes, s.pkix_validations, s.dnssec_signatures, s.dns_worlds);
  } else {
    std::cout << dane::sim::render_survey_table(s);
  }
  return exit_ok;
}

}  // namespace

Command register_sim_survey(CLI::App& sim) {
  auto o = std::make_shared<SurveyCmdOptions>();
  CLI::App* cmd = sim.add_subcommand(
      "survey", "The Go6lab 2015 SMTP TLS survey, simulated: TLS classes per session and per MX host");
  cmd->add_option("--population", o->population,
                  "A preset (go6lab-2015), a YAML file, or key=value pairs: mx, starttls, trusted, self-signed, "
                  "expired, wrong-name, anonymous|none, broken, dnssec, tlsa, tlsa-right, operators, operator-share, "
                  "op-<kind> (counts), time")
      ->required()
      ->type_name("SPEC");
  cmd->add_option("--domains", o->domains, "Number of generated domains")
      ->check(CLI::Range(std::uint64_t{1}, dane::sim::max_survey_domains))
      ->type_name("N");
  cmd->add_option("--domains-file", o->domains_file, "One domain per line (instead of --domains)")->type_name("FILE");
  cmd->add_option("--seed", o->seed, "Population and world seed")->type_name("N");
  cmd->add_option("--jobs", o->jobs, "Worker threads (output is identical for any count)")
      ->check(CLI::Range(1u, dane::sim::max_survey_jobs))
      ->type_name("J");
  cmd->add_flag("--json", o->json, "One JSON line per domain, then a summary line");
  return {cmd, [o] { return run_survey_cmd(*o); }};
}

}  // namespace dane_cli
