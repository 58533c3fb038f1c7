// Inferring a provider's row of the study's table from the receiving side's
// logs only (smtp-dane-scenarios.md §1.1 and §1.4: the paper's definitions).
// One function per column.
#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <vector>

#include "dane/error.hpp"
#include "dane/sim/fingerprint.hpp"

namespace dane::sim {

namespace {

/// The test bed's subdomains that the columns read (sim/scenarios/study/README.md).
namespace sub {
constexpr std::string_view wrong_signature = "wrong-signature";
constexpr std::string_view missing_signature = "missing-signature";
constexpr std::string_view expired_rrsig = "expired-rrsig";
constexpr std::string_view missing_dnskey = "missing-dnskey";
constexpr std::string_view expired_no_tlsa = "expired-starttls-no-tlsa";
constexpr std::string_view self_signed = "self-signed-starttls";
constexpr std::string_view cn_diff = "cn-diff-starttls";
constexpr std::string_view no_cert = "no-cert-starttls";
constexpr std::string_view diff_usage = "dane-diff-usage-1";
constexpr std::string_view diff_selector = "dane-diff-selector";
constexpr std::string_view diff_match = "dane-diff-match";
constexpr std::string_view different_cert = "different-cert";
}  // namespace sub

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

/// The subdomain label of name under the test domain ("" for the test domain itself or outside).
std::string subdomain_of(const dns::Name& name, const dns::Name& domain) {
  if (!name.is_subdomain_of(domain) || name.label_count() <= domain.label_count()) return "";
  const auto labels = name.suffix(domain.label_count() + 1).labels();
  return labels.empty() ? "" : lower(labels.front());
}

/// What the logs say, reduced to the facts the columns use.
struct Facts {
  std::vector<BindQuery> queries;     ///< queries at or below the test domain
  std::vector<SmtpdEvent> smtpd;
  std::set<std::string> delivered;    ///< subdomain labels with a message in the mailbox
  const TestBedNames* names = nullptr;

  bool queried(std::string_view type, std::string_view at = "") const {
    return std::any_of(queries.begin(), queries.end(), [&](const BindQuery& q) {
      return q.qtype == type && (at.empty() || subdomain_of(q.qname, names->domain) == at);
    });
  }
  bool was_delivered(std::string_view s) const { return delivered.count(std::string(s)) != 0; }
};

Mark yes_no(bool b) { return b ? Mark::Yes : Mark::No; }

/// DO bit: the resolver set EDNS DO ("D" in BIND's flags) on its queries.
Mark do_bit(const Facts& f) {
  return yes_no(std::any_of(f.queries.begin(), f.queries.end(), [](const BindQuery& q) { return q.dnssec_ok; }));
}

/// Requested DNSKEY / DS: such queries reached the test bed's server.
Mark requested(const Facts& f, std::string_view type) { return yes_no(f.queried(type)); }

/**
 * Validation (paper §6.1): DNSKEY fetched without the CD bit (a CD-setting
 * resolver fetches keys but disables validation) and no bogus zone delivered:
 * the zones bogus as a whole (expired RRSIGs, missing DNSKEY) always count;
 * the zones whose TLSA RRset is bogus count when the TLSA was looked up.
 */
Mark validation(const Facts& f) {
  const bool any_cd = std::any_of(f.queries.begin(), f.queries.end(), [](const BindQuery& q) { return q.cd; });
  if (any_cd || !f.queried("DNSKEY")) return Mark::No;
  for (const auto s : {sub::expired_rrsig, sub::missing_dnskey})
    if (f.was_delivered(s)) return Mark::No;
  for (const auto s : {sub::wrong_signature, sub::missing_signature})
    if (f.queried("TLSA", s) && f.was_delivered(s)) return Mark::No;
  return Mark::Yes;
}

/// The first prefix_bits bits of two addresses of the same family agree.
bool same_prefix(const std::string& a, const std::string& b, int prefix_bits) {
  std::array<unsigned char, 16> x{}, y{};
  const bool v4 = inet_pton(AF_INET, a.c_str(), x.data()) == 1 && inet_pton(AF_INET, b.c_str(), y.data()) == 1;
  const bool v6 = !v4 && inet_pton(AF_INET6, a.c_str(), x.data()) == 1 && inet_pton(AF_INET6, b.c_str(), y.data()) == 1;
  if (!v4 && !v6) return false;
  const int bits = std::min(prefix_bits, v4 ? 32 : 128);
  for (int i = 0; i < bits; ++i) {
    const int byte = i / 8, shift = 7 - i % 8;
    if (((x[byte] >> shift) & 1) != ((y[byte] >> shift) & 1)) return false;
  }
  return true;
}

/// Same operator: every resolver address that queried the test bed lies in
/// the network (prefix) of an address the provider's MTA connected from.
Mark same_operator(const Facts& f) {
  std::set<std::string> resolvers, mtas;
  for (const auto& q : f.queries) resolvers.insert(q.client);
  for (const auto& e : f.smtpd)
    if (e.kind == SmtpdEvent::Kind::Connect) mtas.insert(e.client);
  if (resolvers.empty() || mtas.empty()) return Mark::NotTested;
  const int bits = f.names->same_operator_prefix;
  return yes_no(std::all_of(resolvers.begin(), resolvers.end(), [&](const std::string& r) {
    return std::any_of(mtas.begin(), mtas.end(), [&](const std::string& m) { return same_prefix(r, m, bits); });
  }));
}

/// STARTTLS sent: smtpd counted a STARTTLS command, or a TLS handshake was
/// logged (established or failed). "–" when the provider never connected.
Mark starttls_sent(const Facts& f) {
  if (f.smtpd.empty()) return Mark::NotTested;
  return yes_no(std::any_of(f.smtpd.begin(), f.smtpd.end(), [](const SmtpdEvent& e) {
    return e.starttls > 0 || e.kind == SmtpdEvent::Kind::TlsEstablished || e.kind == SmtpdEvent::Kind::TlsFailed;
  }));
}

/// "Correctly rejected": the message for that subdomain is not in the
/// mailbox; "–" when the prerequisite column is not ✓.
Mark rejected(const Facts& f, Mark prerequisite, std::string_view subdomain) {
  if (prerequisite != Mark::Yes) return Mark::NotTested;
  return yes_no(!f.was_delivered(subdomain));
}

Facts gather(const TestBedNames& names, const Observations& obs) {
  for (const auto* list : {&obs.query_log, &obs.smtpd_log, &obs.mailbox})
    if (list->size() > max_log_lines)
      throw InputError("fingerprint", "log", std::to_string(list->size()) + " lines",
                       "exceeds " + std::to_string(max_log_lines) + " lines");
  Facts f;
  f.names = &names;
  for (const auto& line : obs.query_log)
    if (auto q = parse_bind_query(line); q && q->qname.is_subdomain_of(names.domain)) f.queries.push_back(*q);
  for (const auto& line : obs.smtpd_log)
    if (auto e = parse_smtpd_event(line)) f.smtpd.push_back(*e);
  for (const auto& entry : obs.mailbox) {
    if (entry.size() > max_log_line) continue;
    const auto at = entry.rfind('@');
    std::string domain = at == std::string::npos ? entry : entry.substr(at + 1);
    while (!domain.empty() && (domain.back() == '>' || domain.back() == ' ' || domain.back() == '\r')) domain.pop_back();
    if (domain.empty()) continue;
    if (domain.back() != '.') domain += '.';
    try {
      const auto s = subdomain_of(dns::Name::parse(domain), names.domain);
      if (!s.empty()) f.delivered.insert(s);
    } catch (const InputError&) {
      // not a domain name: not one of the test bed's messages
    }
  }
  return f;
}

}  // namespace

ProviderRow infer_row(const TestBedNames& names, const Observations& obs, std::string_view provider,
                      std::optional<bool> tlsa_published) {
  const Facts f = gather(names, obs);
  ProviderRow row;
  row.provider = std::string(provider);
  row[Column::DoBit] = do_bit(f);
  row[Column::Dnskey] = requested(f, "DNSKEY");
  row[Column::Ds] = requested(f, "DS");
  row[Column::Validation] = validation(f);
  row[Column::SameOperator] = same_operator(f);
  const Mark stls = starttls_sent(f);
  row[Column::StarttlsSent] = stls;
  row[Column::Expired] = rejected(f, stls, sub::expired_no_tlsa);
  row[Column::SelfSigned] = rejected(f, stls, sub::self_signed);
  row[Column::CnMismatch] = rejected(f, stls, sub::cn_diff);
  row[Column::TlsaPublished] = tlsa_published ? yes_no(*tlsa_published) : Mark::NotTested;
  const Mark tlsa = requested(f, "TLSA");
  row[Column::TlsaRequested] = tlsa;
  row[Column::NoCert] = rejected(f, tlsa, sub::no_cert);
  row[Column::Usage] = rejected(f, tlsa, sub::diff_usage);
  row[Column::Selector] = rejected(f, tlsa, sub::diff_selector);
  row[Column::Matching] = rejected(f, tlsa, sub::diff_match);
  row[Column::WrongCert] = rejected(f, tlsa, sub::different_cert);
  return row;
}

}  // namespace dane::sim
