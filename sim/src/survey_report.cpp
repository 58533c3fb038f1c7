/*
 * dane::sim survey: JSON lines, the summary table next to Go6lab 2015's
 * published numbers (mission.md, Source 2), and the peak RSS.
 */
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dane/sim/survey.hpp"

namespace dane::sim {

namespace {

std::string class_name(smtp::TlsLogClass c) {
  return c == smtp::TlsLogClass::None ? "none" : std::string(smtp::to_string(c));
}

nlohmann::json counts_json(const ClassCounts& c) {
  return {{"Anonymous", c.anonymous}, {"Untrusted", c.untrusted}, {"Trusted", c.trusted}, {"Verified", c.verified}};
}

double pct(std::uint64_t n, std::uint64_t of) { return of == 0 ? 0.0 : 100.0 * static_cast<double>(n) / static_cast<double>(of); }

}  // namespace

std::string to_json_line(const DomainResult& r) {
  const DomainProfile& p = r.profile;
  nlohmann::json j;
  j["index"] = p.index;
  j["domain"] = p.domain;
  j["mx"] = p.has_mx ? nlohmann::json(p.mx_host) : nlohmann::json(nullptr);
  j["operator"] = p.operator_id ? nlohmann::json(*p.operator_id) : nlohmann::json(nullptr);
  j["host_tls"] = p.has_mx ? nlohmann::json(std::string(to_string(p.host))) : nlohmann::json(nullptr);
  j["dnssec"] = p.is_signed;
  j["tlsa"] = std::string(to_string(p.tlsa));
  j["tls"] = class_name(r.tls_class);
  j["tls_failure"] = r.tls_failure.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.tls_failure);
  j["status"] = r.status;
  j["dsn"] = r.dsn;
  j["dane_failure"] = r.dane_failure.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.dane_failure);
  j["modelled_tls"] = r.modelled_tls;
  return j.dump();
}

std::string SurveySummary::to_json() const {
  nlohmann::json j;
  j["population"] = population;
  j["seed"] = seed;
  j["domains"] = domains;
  j["with_mx"] = with_mx;
  j["sessions"] = {{"tls", sessions_tls},
                   {"classes", counts_json(sessions)},
                   {"tls_failures", session_tls_failures},
                   {"dane_failures", dane_failures},
                   {"delivered", delivered},
                   {"deferred", deferred},
                   {"bounced", bounced}};
  j["hosts"] = {{"distinct", hosts},
                {"tls_capable", hosts_tls},
                {"classes", counts_json(host_classes)},
                {"tls_failures", host_tls_failures}};
  j["signed_domains"] = signed_domains;
  j["tlsa_domains"] = tlsa_domains;
  return j.dump();
}

std::string render_survey_table(const SurveySummary& s) {
  std::string out;
  out += fmt::format("TLS survey: population {}, seed {}, {} domains, {} with MX ({:.2f}%; Go6lab 99.2%)\n",
                     s.population, s.seed, s.domains, s.with_mx, pct(s.with_mx, s.domains));
  out += fmt::format("{:<34} {:>10} {:>9} {:>9}\n", "per session (domain with MX)", "count", "share", "Go6lab");
  auto row = [&](std::string_view what, std::uint64_t n, std::uint64_t of, std::string_view ref) {
    out += fmt::format("{:<34} {:>10} {:>8.3f}% {:>9}\n", what, n, pct(n, of), ref);
  };
  row("TLS sessions (of MX domains)", s.sessions_tls, s.with_mx, "69.3%");
  row("  Anonymous (of TLS)", s.sessions.anonymous, s.sessions_tls, "15.96%");
  row("  Untrusted (of TLS)", s.sessions.untrusted, s.sessions_tls, "24.29%");
  row("  Trusted (of TLS)", s.sessions.trusted, s.sessions_tls, "59.74%");
  row("  Verified (of TLS)", s.sessions.verified, s.sessions_tls, "0.019%");
  row("handshake failures (of MX)", s.session_tls_failures, s.with_mx, "0.139%");
  row("DANE failures (of MX)", s.dane_failures, s.with_mx, "-");
  row("delivered (of MX)", s.delivered, s.with_mx, "-");
  row("deferred (of MX)", s.deferred, s.with_mx, "-");
  row("DNSSEC-signed domains (of MX)", s.signed_domains, s.with_mx, "-");
  row("  with TLSA (of MX)", s.tlsa_domains, s.with_mx, "-");
  out += fmt::format("{:<34} {:>10} {:>9} {:>9}\n", "per distinct MX host", "count", "share", "Go6lab");
  row("distinct MX hosts", s.hosts, s.hosts, "473,088");
  row("TLS-capable (of hosts)", s.hosts_tls, s.hosts, "78.8%");
  row("  Anonymous (of TLS-capable)", s.host_classes.anonymous, s.hosts_tls, "18.25%");
  row("  Untrusted (of TLS-capable)", s.host_classes.untrusted, s.hosts_tls, "40.55%");
  row("  Trusted (of TLS-capable)", s.host_classes.trusted, s.hosts_tls, "41.11%");
  row("  Verified (of TLS-capable)", s.host_classes.verified, s.hosts_tls, "0.028%");
  row("  handshake failure (of TLS-cap.)", s.host_tls_failures, s.hosts_tls, "0.057%");
  out += fmt::format(
      "work: {} TLS handshakes ({} server signatures verified), {} PKIX chain validations (<= {} certificate "
      "signatures), {} DNSSEC signature verifications in {} signed-domain DNS worlds; {} sessions from the TLS "
      "session cache, {} anonymous sessions modelled\n",
      s.handshakes, s.handshake_signatures, s.pkix_validations, s.pkix_signatures, s.dnssec_signatures, s.dns_worlds,
      s.cache_hits, s.modelled);
  if (s.seconds > 0 || s.peak_rss_kib > 0) {
    out += fmt::format("time {:.1f} s ({:.0f} domains/s), peak RSS {} MiB (VmHWM)\n", s.seconds,
                       s.seconds > 0 ? static_cast<double>(s.domains) / s.seconds : 0.0, s.peak_rss_kib / 1024);
  }
  return out;
}

std::uint64_t peak_rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      std::istringstream ss(line.substr(6));
      std::uint64_t kib = 0;
      ss >> kib;
      return kib;
    }
  }
  return 0;
}

}  // namespace dane::sim
