// Tests for dane::sim survey: the Go6lab 2015 SMTP TLS survey, simulated.
// Expected shares are derived by hand from the population's configured
// shares (the go6lab-2015 preset values, themselves from mission.md), and
// compared within 4 binomial standard deviations: |p^ - p| <= 4 sqrt(p(1-p)/n).
#define BOOST_TEST_MODULE survey
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dane/error.hpp"
#include "dane/sim/survey.hpp"

namespace sim = dane::sim;

namespace {

struct Run {
  sim::SurveySummary summary;
  std::vector<std::string> lines;
  std::vector<sim::DomainResult> results;
};

Run survey(const sim::Population& pop, std::uint64_t n, std::uint64_t seed, unsigned jobs, bool keep = true) {
  Run r;
  sim::SurveyOptions o;
  o.population = pop;
  o.seed = seed;
  o.jobs = jobs;
  auto src = sim::generated_domains(n);
  r.summary = sim::run_survey(o, *src, [&](const sim::DomainResult& d) {
    r.lines.push_back(sim::to_json_line(d));
    if (keep) r.results.push_back(d);
  });
  r.lines.push_back(r.summary.to_json());
  return r;
}

/// |measured - p| <= 4 sqrt(p(1-p)/n)
void check_share(const char* what, std::uint64_t count, std::uint64_t n, double p) {
  BOOST_TEST_CONTEXT(what << ": " << count << "/" << n << " vs p=" << p) {
    BOOST_REQUIRE(n > 0);
    const double measured = static_cast<double>(count) / static_cast<double>(n);
    const double bound = 4.0 * std::sqrt(p * (1.0 - p) / static_cast<double>(n));
    BOOST_TEST(std::fabs(measured - p) <= bound + 1e-12);
  }
}

/// A population where every domain has an own MX host of one kind.
sim::Population only(const std::string& spec) { return sim::parse_population("mx=1,starttls=1,dnssec=0," + spec); }

}  // namespace

BOOST_AUTO_TEST_CASE(go6lab_preset_shares_match_within_sampling_error) {
  const auto pop = sim::parse_population("go6lab-2015");
  const std::uint64_t n = 20'000;
  const Run r = survey(pop, n, 7, 2, false);
  const auto& s = r.summary;
  BOOST_TEST(s.domains == n);
  check_share("has MX", s.with_mx, n, 0.992);
  // Per MX domain. Operators (share 0.5, 40 of them): 20 trusted, 16 plain,
  // 3 anonymous, 1 self-signed -> 0.25 / 0.2 / 0.0375 / 0.0125 of MX domains.
  // Own hosts (0.5): STARTTLS 0.788, then trusted .411, self-signed .2,
  // expired .1, wrong-name .1056, anonymous .1828, broken .0006.
  const double own_tls = 0.5 * 0.788;
  check_share("TLS sessions", s.sessions_tls, s.with_mx, 0.3 + own_tls * (1 - 0.0006));
  check_share("Trusted sessions", s.sessions.trusted, s.with_mx, 0.25 + own_tls * 0.411);
  check_share("Untrusted sessions", s.sessions.untrusted, s.with_mx, 0.0125 + own_tls * (0.2 + 0.1 + 0.1056));
  check_share("Anonymous sessions", s.sessions.anonymous, s.with_mx, 0.0375 + own_tls * 0.1828);
  check_share("handshake failures", s.session_tls_failures, s.with_mx, own_tls * 0.0006);
  // Verified: own host, signed (.01), TLSA (.02), right (.8), a certificate-bearing kind (.8166).
  check_share("Verified sessions", s.sessions.verified, s.with_mx, own_tls * 0.01 * 0.02 * 0.8 * 0.8166);
  check_share("signed domains", s.signed_domains, s.with_mx, 0.5 * 0.01);
  // Per distinct host: every own host is distinct, plus the 40 operators (24 with STARTTLS: 20 trusted).
  const std::uint64_t own_hosts = s.hosts - 40;
  check_share("TLS-capable own hosts", s.hosts_tls - 24, own_hosts, 0.788);
  check_share("Trusted own hosts", s.host_classes.trusted - 20, s.hosts_tls - 24, 0.411);
  check_share("Anonymous own hosts", s.host_classes.anonymous - 3, s.hosts_tls - 24, 0.1828);
  // The session/host contrast Go6lab saw: shared operators lift the session share of Trusted.
  BOOST_TEST(static_cast<double>(s.sessions.trusted) / s.sessions_tls >
             static_cast<double>(s.host_classes.trusted) / s.hosts_tls + 0.1);
}

BOOST_AUTO_TEST_CASE(output_is_identical_for_same_seed_and_any_jobs) {
  const auto pop = sim::parse_population("go6lab-2015");
  const Run a = survey(pop, 1500, 3, 1);
  const Run b = survey(pop, 1500, 3, 2);
  const Run c = survey(pop, 1500, 3, 2);
  BOOST_TEST(a.lines == b.lines);
  BOOST_TEST(b.lines == c.lines);
  const Run d = survey(pop, 1500, 4, 1, false);
  BOOST_TEST(a.lines != d.lines);
  // Any domain can be regenerated alone from the seed and its index.
  for (std::uint64_t i : {0ULL, 17ULL, 1499ULL}) {
    const auto p = sim::generate_domain(pop, 3, i);
    BOOST_TEST(p.domain == a.results[i].profile.domain);
    BOOST_TEST(p.mx_host == a.results[i].profile.mx_host);
    BOOST_TEST(static_cast<int>(p.host) == static_cast<int>(a.results[i].profile.host));
  }
}

BOOST_AUTO_TEST_CASE(postfix_classes_per_certificate_kind) {
  // Postfix log classes (tls_misc.c; the brief: Trusted = PKIX chain + matching name).
  struct Case {
    const char* spec;
    dane::smtp::TlsLogClass cls;
  };
  const Case cases[] = {
      {"trusted=1,self-signed=0,expired=0,wrong-name=0,anonymous=0,broken=0", dane::smtp::TlsLogClass::Trusted},
      {"trusted=0,self-signed=1,expired=0,wrong-name=0,anonymous=0,broken=0", dane::smtp::TlsLogClass::Untrusted},
      {"trusted=0,self-signed=0,expired=1,wrong-name=0,anonymous=0,broken=0", dane::smtp::TlsLogClass::Untrusted},
      {"trusted=0,self-signed=0,expired=0,wrong-name=1,anonymous=0,broken=0", dane::smtp::TlsLogClass::Untrusted},
      {"trusted=0,self-signed=0,expired=0,wrong-name=0,anonymous=1,broken=0", dane::smtp::TlsLogClass::Anonymous},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.spec) {
      const Run r = survey(only(c.spec), 5, 1, 1);
      for (const auto& d : r.results) {
        BOOST_TEST(static_cast<int>(d.tls_class) == static_cast<int>(c.cls));
        BOOST_TEST(d.status == "sent");  // opportunistic TLS delivers whatever the certificate
      }
    }
  }
  // STARTTLS offered, no usable certificate: handshake failure, then clear text (Postfix "may").
  const Run broken = survey(only("trusted=0,self-signed=0,expired=0,wrong-name=0,anonymous=0,broken=1"), 3, 1, 1);
  for (const auto& d : broken.results) {
    BOOST_TEST(d.tls_failure == "Cannot start TLS: handshake failure");
    BOOST_TEST(static_cast<int>(d.tls_class) == static_cast<int>(dane::smtp::TlsLogClass::None));
    BOOST_TEST(d.status == "sent");
  }
  BOOST_TEST(broken.summary.host_tls_failures == 3u);
}

BOOST_AUTO_TEST_CASE(dane_domains_verified_or_deferred) {
  // RFC 7672 §2.2 / §3: a secure TLSA RRset that matches -> Verified; one octet
  // changed -> "Untrusted TLS connection established", not delivered (Go6lab's test).
  const std::string base = "mx=1,starttls=1,dnssec=1,tlsa=1,trusted=0,self-signed=1,expired=0,wrong-name=0,anonymous=0,broken=0";
  const Run right = survey(sim::parse_population(base + ",tlsa-right=1"), 3, 1, 1);
  for (const auto& d : right.results) {
    BOOST_TEST(static_cast<int>(d.tls_class) == static_cast<int>(dane::smtp::TlsLogClass::Verified));
    BOOST_TEST(d.status == "sent");
    BOOST_TEST(d.dane_failure.empty());
  }
  BOOST_TEST(right.summary.dns_worlds == 3u);
  BOOST_TEST(right.summary.dnssec_signatures > 0u);
  const Run wrong = survey(sim::parse_population(base + ",tlsa-right=0"), 3, 1, 1);
  for (const auto& d : wrong.results) {
    BOOST_TEST(static_cast<int>(d.tls_class) == static_cast<int>(dane::smtp::TlsLogClass::Untrusted));
    BOOST_TEST(d.status == "deferred");
    BOOST_TEST(!d.dane_failure.empty());
  }
  BOOST_TEST(wrong.summary.dane_failures == 3u);
}

BOOST_AUTO_TEST_CASE(operators_share_one_handshake_per_worker) {
  const auto pop = sim::parse_population("mx=1,operators=2,operator-share=1,op-trusted=2");
  const Run r = survey(pop, 200, 1, 1, false);
  BOOST_TEST(r.summary.hosts == 2u);
  BOOST_TEST(r.summary.handshakes == 2u);
  BOOST_TEST(r.summary.sessions.trusted == 200u);
}

BOOST_AUTO_TEST_CASE(bad_population_specs_are_input_errors) {
  auto fails = [](const std::string& spec, const std::string& needle) {
    BOOST_TEST_CONTEXT(spec) {
      try {
        sim::parse_population(spec);
        BOOST_FAIL("no error");
      } catch (const dane::InputError& e) {
        BOOST_TEST(std::string(e.what()).find(needle) != std::string::npos, e.what());
      }
    }
  };
  fails("mx=1.5", "mx");
  fails("mx=abc", "mx");
  fails("colour=blue", "unknown key");
  fails("trusted=0.5", "sum to 1");
  fails("operators=3,op-trusted=2", "sum to operators");
  fails("operators=99999999", "operators");
  fails("no-such-preset", "neither a preset");
  const auto dir = std::filesystem::temp_directory_path() / "dane_survey_test";
  std::filesystem::create_directories(dir);
  const auto yaml = (dir / "pop.yaml").string();
  std::ofstream(yaml) << "- not a mapping\n";
  fails(yaml, "mapping");
  std::ofstream(yaml) << "mx: 0.5\nstarttls: 2\n";
  fails(yaml, "starttls");
  std::ofstream(yaml) << "mx: 0.5\nstarttls: 0.9\n";
  BOOST_TEST(sim::parse_population(yaml).starttls == 0.9);
}

BOOST_AUTO_TEST_CASE(domain_lists) {
  const auto pop = sim::parse_population("go6lab-2015");
  std::istringstream in("# list\nExample.COM.\n\nmail.example.org\n");
  auto src = sim::domain_list(in, "list.txt");
  sim::SurveyOptions o;
  o.population = pop;
  std::vector<sim::DomainResult> got;
  sim::run_survey(o, *src, [&](const sim::DomainResult& d) { got.push_back(d); });
  BOOST_REQUIRE(got.size() == 2u);
  BOOST_TEST(got[0].profile.domain == "example.com");
  // Properties are drawn from the name: the same domain at another position draws the same.
  BOOST_TEST(sim::generate_domain(pop, 1, 99, "example.com").mx_host == got[0].profile.mx_host);

  std::istringstream bad("ok.example\nnot a domain\n");
  auto bsrc = sim::domain_list(bad, "bad.txt");
  BOOST_CHECK_EXCEPTION(sim::run_survey(o, *bsrc), dane::InputError, [](const dane::InputError& e) {
    return std::string(e.what()).find("bad.txt:2") != std::string::npos;
  });
  std::istringstream longline(std::string(5000, 'a') + "\n");
  auto lsrc = sim::domain_list(longline, "long.txt");
  BOOST_CHECK_THROW(sim::run_survey(o, *lsrc), dane::InputError);
}
