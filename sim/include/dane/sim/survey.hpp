/*
 * dane::sim: the Go6lab 2015 SMTP TLS survey, simulated at scale. A seeded
 * synthetic population of domains (domain i derives from seed and i alone,
 * so any domain can be regenerated on its own) is generated lazily; one
 * `postfix-dane` sender delivers to each domain through the dane::smtp policy
 * with real SMTP and real Botan TLS handshakes against simulated MX hosts,
 * and every session is classed the way Postfix logs it (Anonymous /
 * Untrusted / Trusted / Verified).
 *
 * Scale: a few shared operators (one certificate and one TLS server each,
 * never DNSSEC-signed) serve a large share of the domains; each distinct MX
 * host gets one full handshake per worker, later sessions reuse the cached
 * result as Postfix reuses its TLS session cache. Only DNSSEC-signed domains
 * get a DNS world (root, parent and domain zones signed with algorithm 13)
 * and a validating sim::RecursiveResolver; the other domains are answered
 * Insecure by a table resolver built from their generated records.
 *
 *   auto pop = sim::parse_population("go6lab-2015");
 *   sim::SurveyOptions o{.population = pop, .seed = 1, .jobs = 2};
 *   auto summary = sim::run_survey(o, sim::generated_domains(1000),
 *                                  [](const sim::DomainResult& r) { ... });  // in domain order
 *   std::cout << sim::render_survey_table(summary);
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dane/smtp/verdict.hpp"
#include "dane/time.hpp"

namespace dane::sim {

/// What an MX host presents (its TLS "kind").
enum class HostTls {
  Trusted,     ///< chain from the sim WebPKI root with the host's name
  SelfSigned,  ///< self-signed leaf with the host's name
  Expired,     ///< CA-issued for the host's name, expired
  WrongName,   ///< CA-issued, valid, for another name
  Anonymous,   ///< STARTTLS with an anonymous (aNULL) suite: no certificate (modelled, see run_survey)
  Broken,      ///< STARTTLS offered, no usable certificate: the handshake fails
  Plain,       ///< no STARTTLS
};

/// "trusted", "self-signed", "expired", "wrong-name", "anonymous", "broken", "plain".
std::string_view to_string(HostTls k) noexcept;
/// Parses the names above ("none" is accepted for "anonymous"). @throws InputError.
HostTls host_tls_from_string(std::string_view text);

/// TLSA records of a signed domain's MX host.
enum class TlsaKind { None, Right, Wrong };
/// "none", "right", "wrong".
std::string_view to_string(TlsaKind k) noexcept;

/// The shares a population is drawn from.
struct Population {
  std::string name = "custom";
  Time time;                 ///< the survey's clock start (certificate validity is relative to it)
  double mx = 0.992;         ///< P(domain has an MX record)
  double starttls = 0.788;   ///< P(a domain's own MX host offers STARTTLS)
  /// Certificate shares among STARTTLS-capable own MX hosts (sum to 1):
  /// trusted, self-signed, expired, wrong-name, anonymous, broken.
  std::map<HostTls, double> certs;
  double dnssec = 0.01;      ///< P(domain zone is DNSSEC-signed | own MX host)
  double tlsa = 0.02;        ///< P(TLSA at the MX host | signed)
  double tlsa_right = 0.8;   ///< P(TLSA matches the served certificate | TLSA)
  std::size_t operators = 0; ///< large shared MX operators (unsigned, one host each)
  double operator_share = 0; ///< P(domain is hosted by an operator | MX)
  /// How many operators present each kind (sum == operators; empty: all trusted).
  std::map<HostTls, std::size_t> operator_kinds;
};

/// Limits on population input.
inline constexpr std::size_t max_operators = 10'000;
inline constexpr std::size_t max_population_file = 64 * 1024;
inline constexpr std::uint64_t max_survey_domains = 100'000'000;
inline constexpr std::size_t max_domain_file_line = 1024;
inline constexpr unsigned max_survey_jobs = 64;

/// Preset names ("go6lab-2015").
std::vector<std::string> population_presets();

/**
 * A population from SPEC: a preset name, "key=value,..." pairs over the
 * go6lab-2015 defaults without operators (keys: mx, starttls, trusted,
 * self-signed, expired, wrong-name, anonymous|none, broken, dnssec, tlsa,
 * tlsa-right, operators, operator-share, op-<kind> counts, time), or the path
 * of a YAML file with the same keys (a mapping). Checks every share is in
 * [0, 1], certificate shares sum to 1, operator kind counts sum to operators.
 * @throws InputError naming the key and value.
 */
Population parse_population(std::string_view spec);

/// One generated domain.
struct DomainProfile {
  std::uint64_t index = 0;
  std::string domain;               ///< "d42.survey.test" (no trailing dot)
  bool has_mx = false;
  std::optional<std::size_t> operator_id;  ///< the operator hosting its MX
  std::string mx_host;              ///< "" without MX
  HostTls host = HostTls::Plain;
  bool is_signed = false;
  TlsaKind tlsa = TlsaKind::None;
};

/**
 * Draws domain `index` (named `name`, or "d<index>.survey.test" when empty)
 * from the population; the draw depends only on seed and the domain name
 * (or the index for generated names).
 */
DomainProfile generate_domain(const Population& pop, std::uint64_t seed, std::uint64_t index, std::string_view name = {});

/// What one delivery found.
struct DomainResult {
  DomainProfile profile;
  bool session = false;               ///< an SMTP session was attempted (domain has MX)
  smtp::TlsLogClass tls_class = smtp::TlsLogClass::None;  ///< class of the TLS connection, None without TLS
  std::string tls_failure;            ///< "Cannot start TLS: handshake failure" or ""
  std::string status;                 ///< "sent", "deferred", "bounced", "no-mx"
  std::string dsn;                    ///< "2.0.0", "4.7.5", ...
  std::string dane_failure;           ///< why DANE failed for this domain ("" when it did not)
  bool cached = false;                ///< the MX host's TLS result came from the session cache
  bool modelled_tls = false;          ///< the TLS class came from the model (anonymous suites)
};

/// One JSON object (one line) for a result.
std::string to_json_line(const DomainResult& r);

/// Counters of one class split.
struct ClassCounts {
  std::uint64_t anonymous = 0, untrusted = 0, trusted = 0, verified = 0;
  std::uint64_t total() const noexcept { return anonymous + untrusted + trusted + verified; }
  void add(smtp::TlsLogClass c) noexcept;
};

/// What a survey measured, merged over workers.
struct SurveySummary {
  std::string population;
  std::uint64_t seed = 0;
  std::uint64_t domains = 0;
  std::uint64_t with_mx = 0;
  std::uint64_t sessions_tls = 0;
  ClassCounts sessions;
  std::uint64_t session_tls_failures = 0;    ///< "Cannot start TLS: handshake failure"
  std::uint64_t dane_failures = 0;           ///< domains whose DANE check or TLSA lookup failed
  std::uint64_t delivered = 0, deferred = 0, bounced = 0;
  std::uint64_t signed_domains = 0, tlsa_domains = 0;
  std::uint64_t hosts = 0;                   ///< distinct MX hosts
  std::uint64_t hosts_tls = 0;               ///< of which TLS-capable (offered STARTTLS)
  ClassCounts host_classes;
  std::uint64_t host_tls_failures = 0;
  // The work done (the floor of the run's cost).
  std::uint64_t handshakes = 0;              ///< full TLS handshakes started
  std::uint64_t handshake_signatures = 0;    ///< ServerKeyExchange signatures verified (one per completed handshake)
  std::uint64_t pkix_validations = 0;        ///< chains validated against the WebPKI root (cached per chain)
  std::uint64_t pkix_signatures = 0;         ///< certificate signatures those validations checked
  std::uint64_t dnssec_signatures = 0;       ///< RRSIG verifications by the validating resolvers
  std::uint64_t dns_worlds = 0;              ///< signed-domain DNS worlds built
  std::uint64_t cache_hits = 0;              ///< sessions answered from the TLS session cache
  std::uint64_t modelled = 0;                ///< sessions whose TLS class was modelled (anonymous)
  // Not part of the deterministic output.
  double seconds = 0;                        ///< wall time (filled by the CLI)
  std::uint64_t peak_rss_kib = 0;            ///< VmHWM

  /// Deterministic JSON object (no wall time, no RSS).
  std::string to_json() const;
};

/// A source of domains, pulled in chunks by the workers (thread-safe via run_survey's lock).
class DomainSource {
 public:
  virtual ~DomainSource() = default;
  /// Up to max names for indexes starting at the returned first index; empty names mean
  /// generated names. Returns false at the end.
  virtual bool next(std::size_t max, std::uint64_t& first, std::vector<std::string>& names) = 0;
};

/// Domains d0 .. d<count-1>.survey.test. @throws InputError when count > max_survey_domains.
std::unique_ptr<DomainSource> generated_domains(std::uint64_t count);
/**
 * One domain per line from in (blank lines and "#" comments skipped; a
 * trailing dot allowed). @throws InputError (from next()) naming source and
 * line for a line longer than max_domain_file_line, a name that is not a
 * valid domain, or more than max_survey_domains domains.
 */
std::unique_ptr<DomainSource> domain_list(std::istream& in, std::string source);

/// Survey settings.
struct SurveyOptions {
  Population population;
  std::uint64_t seed = 1;
  unsigned jobs = 1;          ///< worker threads (1..max_survey_jobs)
  std::size_t chunk = 256;    ///< domains a worker takes at a time
  /// Called with the number of domains done (from the merging thread), for a progress bar.
  std::function<void(std::uint64_t)> progress;
};

/**
 * Runs the survey over every domain of source; on_result gets each result in
 * domain order (identical for any jobs). Memory is bounded by jobs x chunk
 * results in flight and each worker's bounded caches.
 * Anonymous hosts: the sim's TLS stack (Botan 2) negotiates no aNULL suite,
 * so their sessions are delivered in clear over real SMTP and classed
 * Anonymous from the model (counted in SurveySummary::modelled).
 * @throws InputError from the source; UsageError for jobs out of range.
 */
SurveySummary run_survey(const SurveyOptions& options, DomainSource& source,
                         const std::function<void(const DomainResult&)>& on_result = {});

/// The summary as a text table, with Go6lab 2015's shares next to the measured ones.
std::string render_survey_table(const SurveySummary& s);

/// Peak resident set size of this process in KiB (VmHWM in /proc/self/status; 0 when unknown).
std::uint64_t peak_rss_kib();

}  // namespace dane::sim
