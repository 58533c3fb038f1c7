// The RFC 7672 SMTP sender policy (dane/smtp/policy.hpp) against:
//   - smtp-dane-scenarios.md §3.3, the consolidated decision table, rows 1-24,
//     for the columns RFC opp / RFC mand / Postfix dane / dane-only / Exim try /
//     Exim require (row 25, address literals, has no dns::Name form: not here);
//   - the two Cisco ESA tables of mission.md, typed in below AND parsed from
//     /work/shared/reference/mission.md when that file exists;
//   - Dukhovni's field bugs (§7) as tests that the library does NOT do them;
//   - the observed Postfix 3.7 behaviour (§9).
// Expected actions, status codes and wording come from those documents; the
// TLSA records are computed with Botan (support.hpp), the DNS answers come
// from a fake resolver that records every query.
#define BOOST_TEST_MODULE libdane SMTP sender policy
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "dane/error.hpp"
#include "dane/smtp/policy.hpp"
#include "support.hpp"

using namespace dane;
using namespace dane::smtp;
using dane::dnssec::Security;
using dane::test::expected_record;

namespace dane::smtp {
// How Boost.Test prints the policy's values (found by ADL).
inline std::ostream& boost_test_print_type(std::ostream& os, Action v) { return os << to_string(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, TlsLogClass v) { return os << to_string(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, ReportResult v) { return os << to_string(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, TlsRequirement v) { return os << to_string(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, RefusalKind v) { return os << static_cast<int>(v); }
}  // namespace dane::smtp
namespace dane::dns {
inline std::ostream& boost_test_print_type(std::ostream& os, const Name& v) { return os << v.to_string(); }
}  // namespace dane::dns

namespace {

dns::Name N(const std::string& s) { return dns::Name::parse(s); }

/// What a lookup returns in the fake DNS.
enum class St { Secure, Insecure, Bogus, ServFail, Timeout, NxDomain, NoData, InsecureNoData };

/// A resolver answering from a map; unknown queries time out. Records every query.
class FakeResolver : public Resolver {
 public:
  Lookup lookup(const dns::Name& name, std::uint16_t type) override {
    queries.emplace_back(name.to_string(), type);
    auto it = map_.find({name.to_string(), type});
    if (it != map_.end()) return it->second;
    return make(name, type, St::Timeout, {});
  }

  /// Sets (name, type) to a state; records are RDATA texts for an answer.
  FakeResolver& set(const std::string& name, std::uint16_t type, St st, const std::vector<std::string>& rdatas = {}) {
    std::vector<dns::RR> rrs;
    for (const auto& text : rdatas) {
      rrs.push_back(dns::RR::parse(name + " 300 IN " + dns::type_to_string(type) + " " + text));
    }
    map_[{N(name).to_string(), type}] = make(N(name), type, st, rrs);
    return *this;
  }
  /// TLSA answer from records.
  FakeResolver& tlsa(const std::string& host, St st, const std::vector<Tlsa>& records) {
    const std::string owner = "_25._tcp." + host;
    std::vector<dns::RR> rrs;
    for (const auto& t : records) rrs.push_back(dns::RR{N(owner), dns::rrtype::TLSA, dns::class_in, 300, t.rdata()});
    map_[{N(owner).to_string(), dns::rrtype::TLSA}] = make(N(owner), dns::rrtype::TLSA, st, rrs);
    return *this;
  }
  /// A host: A answer (st) and AAAA NODATA of the same security (or the same error).
  FakeResolver& host(const std::string& name, St st, const std::string& addr = "192.0.2.25") {
    set(name, dns::rrtype::A, st, {addr});
    St aaaa = st == St::Secure ? St::NoData : st == St::Insecure ? St::InsecureNoData : st;
    return set(name, dns::rrtype::AAAA, aaaa);
  }
  /// Adds alias links (owner -> target, security) to an existing entry.
  FakeResolver& aliases(const std::string& name, std::uint16_t type, const std::vector<AliasLink>& links,
                        const std::string& final_name) {
    Lookup& l = map_.at({N(name).to_string(), type});
    l.aliases = links;
    l.final_name = N(final_name);
    return *this;
  }
  bool asked(const std::string& name, std::uint16_t type) const {
    return std::find(queries.begin(), queries.end(), std::pair{N(name).to_string(), type}) != queries.end();
  }
  bool asked_type(std::uint16_t type) const {
    return std::any_of(queries.begin(), queries.end(), [&](const auto& q) { return q.second == type; });
  }

  std::vector<std::pair<std::string, std::uint16_t>> queries;

 private:
  static Lookup make(const dns::Name& name, std::uint16_t type, St st, std::vector<dns::RR> rrs) {
    Lookup l;
    l.qname = name;
    l.qtype = type;
    l.final_name = name;
    l.rcode = 0;
    switch (st) {
      case St::Secure:
      case St::Insecure:
        l.outcome = Lookup::Outcome::Answer;
        l.security = st == St::Secure ? Security::Secure : Security::Insecure;
        l.records = std::move(rrs);
        break;
      case St::NxDomain:
        l.outcome = Lookup::Outcome::NxDomain;
        l.rcode = 3;
        l.security = Security::Secure;
        break;
      case St::NoData:
      case St::InsecureNoData:
        l.outcome = Lookup::Outcome::NoData;
        l.security = st == St::NoData ? Security::Secure : Security::Insecure;
        break;
      case St::Bogus:
        l.outcome = Lookup::Outcome::Error;
        l.rcode = 2;
        l.security = Security::Bogus;
        l.ede = dnssec::Ede::DnssecBogus;
        break;
      case St::ServFail:  // an upstream SERVFAIL: nothing validated, nothing bogus
        l.outcome = Lookup::Outcome::Error;
        l.rcode = 2;
        l.security = Security::Indeterminate;
        l.ede = dnssec::Ede::NoReachableAuthority;
        break;
      case St::Timeout:
        l.outcome = Lookup::Outcome::Error;
        l.rcode = 2;
        l.security = Security::Indeterminate;
        l.ede = dnssec::Ede::NetworkError;
        break;
    }
    return l;
  }
  std::map<std::pair<std::string, std::uint16_t>, Lookup> map_;
};

const sim::SampleChain& chain() { return test::standard_chain(); }
/// 3 1 1 of the standard chain's leaf (Botan-computed).
Tlsa ee_good() { return expected_record(chain().leaf.certificate, Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256); }
/// 3 1 1 of another hierarchy's leaf: never matches.
Tlsa ee_bad() {
  return expected_record(test::other_chain().leaf.certificate, Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256);
}
/// 2 0 1 of the standard chain's intermediate.
Tlsa ta_intermediate() {
  return expected_record(chain().intermediate.certificate, Usage::DaneTa, Selector::Cert, MatchingType::Sha2_256);
}

/// How the server behaves on the TLS side.
enum class Server { Tls, TlsFullChain, NoStarttls, HandshakeFails };

/// The expected kind of outcome, as the §3.3 table words it.
enum class Want { Auth, Enc, May, Defer, Bounce };

std::ostream& operator<<(std::ostream& os, Want w) {
  const char* names[] = {"auth", "enc", "may", "defer", "bounce"};
  return os << names[static_cast<int>(w)];
}

struct Result {
  DeliveryPlan plan;
  std::vector<HostVerdict> tried;
  Verdict verdict;
  std::vector<bool> connected;

  Want kind() const {
    switch (verdict.action) {
      case Action::DeliverAuthenticated: return Want::Auth;
      case Action::DeliverEncrypted:
      case Action::DeliverClear:
        return plan.hosts.at(*verdict.host).requirement == TlsRequirement::Encrypt ? Want::Enc : Want::May;
      case Action::Bounce: return Want::Bounce;
      default: return Want::Defer;
    }
  }
};

/// Runs a delivery attempt to next_hop as an MTA would (the policy.hpp usage example).
Result deliver(FakeResolver& r, const std::string& profile_name, Server server = Server::Tls,
               Time now = test::now(), const std::string& next_hop = "example.com.") {
  const smtp::Profile& p = profile(profile_name);
  Result out;
  out.plan = plan_delivery(N(next_hop), r, p);
  if (!out.plan.verdict) {
    for (const HostPlan& h : out.plan.hosts) {
      TlsOutcome tls;
      const bool connect = h.requirement != TlsRequirement::Refused;
      out.connected.push_back(connect);
      if (connect) {
        tls.starttls_offered = server != Server::NoStarttls;
        tls.handshake_ok = tls.starttls_offered && server != Server::HandshakeFails;
        tls.peer_certificate = tls.handshake_ok;
        if (h.requirement == TlsRequirement::Dane && tls.handshake_ok) {
          const Chain c = server == Server::TlsFullChain ? chain().full() : chain().without_root();
          tls.dane = check_peer(h, c, now);
        }
      }
      out.tried.push_back(decide_host(h, tls, p));
      if (delivers(out.tried.back().action)) break;
    }
  }
  out.verdict = overall_verdict(out.plan, out.tried);
  return out;
}

/// The standard world: example.com MX 10 mail.example.com, all secure.
FakeResolver world(St mx = St::Secure, St a = St::Secure) {
  FakeResolver r;
  r.set("example.com.", dns::rrtype::MX, mx, {"10 mail.example.com."});
  r.host("mail.example.com.", a);
  return r;
}

/// The six non-Cisco columns of §3.3.
const std::vector<std::string> kColumns{"rfc7672",   "rfc7672-mandatory", "postfix-dane",
                                        "postfix-dane-only", "exim-try", "exim-require"};

/// Checks one §3.3 row: builds the world per column and compares the outcome kind.
template <class Build>
void check_row(int row, Build build, const std::vector<Want>& wants, Server server = Server::Tls) {
  BOOST_REQUIRE_EQUAL(wants.size(), kColumns.size());
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    FakeResolver r = build();
    const Result res = deliver(r, kColumns[i], server);
    BOOST_TEST_INFO("row " << row << ", profile " << kColumns[i] << ": " << res.verdict.summary());
    BOOST_TEST(res.kind() == wants[i]);
  }
}

using W = Want;

}  // namespace

// ---------------------------------------------------------------------------
// §3.3 consolidated table. Columns: RFC opp, RFC mand, PF dane, PF dane-only,
// Exim try, Exim require.

BOOST_AUTO_TEST_CASE(row01_secure_usable_match_delivers_verified) {
  check_row(1, [] { auto r = world(); r.tlsa("mail.example.com.", St::Secure, {ee_good()}); return r; },
            {W::Auth, W::Auth, W::Auth, W::Auth, W::Auth, W::Auth});
  FakeResolver r = world();
  r.tlsa("mail.example.com.", St::Secure, {ee_good()});
  const Result res = deliver(r, "postfix-dane");
  BOOST_TEST(res.verdict.log_class == TlsLogClass::Verified);
  BOOST_TEST(res.verdict.status == "2.0.0");
}

BOOST_AUTO_TEST_CASE(row02_usable_no_match_no_cert_handshake_fail_defer) {
  auto build = [] { auto r = world(); r.tlsa("mail.example.com.", St::Secure, {ee_bad()}); return r; };
  check_row(2, build, {W::Defer, W::Defer, W::Defer, W::Defer, W::Defer, W::Defer});
  auto good = [] { auto r = world(); r.tlsa("mail.example.com.", St::Secure, {ee_good()}); return r; };
  check_row(2, good, {W::Defer, W::Defer, W::Defer, W::Defer, W::Defer, W::Defer}, Server::HandshakeFails);
  FakeResolver r = build();
  const Result res = deliver(r, "rfc7672");
  BOOST_TEST(res.verdict.status == "4.7.5");
  BOOST_TEST(res.verdict.report == ReportResult::ValidationFailure);  // smtp-dane-scenarios.md §4 T01
}

BOOST_AUTO_TEST_CASE(row03_all_unusable) {
  // Only PKIX usages: unusable for SMTP (RFC 7672 §3.1.3) in every profile.
  auto build = [] {
    auto r = world();
    r.tlsa("mail.example.com.", St::Secure,
           {expected_record(chain().leaf.certificate, Usage::PkixEe, Selector::Spki, MatchingType::Sha2_256),
            expected_record(chain().root.certificate, Usage::PkixTa, Selector::Cert, MatchingType::Sha2_256)});
    return r;
  };
  check_row(3, build, {W::Enc, W::Defer, W::Enc, W::Defer, W::Defer, W::Defer});
  FakeResolver r = build();
  const Result exim = deliver(r, "exim-try");
  BOOST_TEST(exim.verdict.reason == "No usable TLSA records");
  // Unknown selector / matching type: unusable under the RFC profile (RFC 7671 §9).
  FakeResolver u = world();
  u.tlsa("mail.example.com.", St::Secure,
         {Tlsa(Usage::DaneEe, Selector{7}, MatchingType::Sha2_256, std::vector<std::uint8_t>(32, 1)),
          Tlsa(Usage::DaneEe, Selector::Spki, MatchingType{9}, std::vector<std::uint8_t>(32, 1))});
  BOOST_TEST(deliver(u, "rfc7672").kind() == W::Enc);
}

BOOST_AUTO_TEST_CASE(row04_tlsa_denied) {
  check_row(4, [] { auto r = world(); r.set("_25._tcp.mail.example.com.", dns::rrtype::TLSA, St::NxDomain); return r; },
            {W::May, W::Defer, W::May, W::Defer, W::May, W::Bounce});
  check_row(4, [] { auto r = world(); r.set("_25._tcp.mail.example.com.", dns::rrtype::TLSA, St::NoData); return r; },
            {W::May, W::Defer, W::May, W::Defer, W::May, W::Bounce});
  FakeResolver r = world();
  r.set("_25._tcp.mail.example.com.", dns::rrtype::TLSA, St::NoData);
  const Result res = deliver(r, "postfix-dane-only");
  BOOST_TEST(res.verdict.status == "4.7.5");
  BOOST_TEST(res.verdict.reason == "no TLSA records found");
  BOOST_TEST(res.verdict.report == ReportResult::DaneRequired);
}

BOOST_AUTO_TEST_CASE(row05_tlsa_insecure) {
  check_row(5, [] { auto r = world(); r.tlsa("mail.example.com.", St::Insecure, {ee_bad()}); return r; },
            {W::May, W::Defer, W::May, W::Defer, W::May, W::Bounce});
  FakeResolver r = world();
  r.tlsa("mail.example.com.", St::Insecure, {ee_bad()});
  BOOST_TEST(deliver(r, "postfix-dane-only").verdict.reason == "non DNSSEC destination");
}

BOOST_AUTO_TEST_CASE(row06_tlsa_lookup_errors_all_defer_without_connecting) {
  // §7 kumomta #543: SERVFAIL and timeouts are lookup errors too, not only "bogus".
  for (St st : {St::Bogus, St::ServFail, St::Timeout}) {
    check_row(6, [st] { auto r = world(); r.set("_25._tcp.mail.example.com.", dns::rrtype::TLSA, st); return r; },
              {W::Defer, W::Defer, W::Defer, W::Defer, W::Defer, W::Defer});
    FakeResolver r = world();
    r.set("_25._tcp.mail.example.com.", dns::rrtype::TLSA, st);
    const Result res = deliver(r, "postfix-dane");
    BOOST_TEST(res.connected == std::vector<bool>{false});
    BOOST_TEST(res.verdict.status == "4.7.5");
    BOOST_TEST(res.verdict.reason == "TLSA lookup error for mail.example.com:25");
    BOOST_TEST(res.verdict.report == ReportResult::DnssecInvalid);
  }
}

BOOST_AUTO_TEST_CASE(row07_insecure_address_no_tlsa_query) {
  auto build = [] { auto r = world(St::Secure, St::Insecure); r.tlsa("mail.example.com.", St::Secure, {ee_bad()}); return r; };
  check_row(7, build, {W::May, W::Defer, W::May, W::Defer, W::May, W::Bounce});
  // §7 kumomta #543 / maddy: TLSA must not be queried for an insecure host, in any profile.
  for (const smtp::Profile& p : profiles()) {
    FakeResolver r = build();
    deliver(r, p.name);
    BOOST_TEST_INFO("profile " << p.name);
    BOOST_TEST(!r.asked_type(dns::rrtype::TLSA));
  }
}

BOOST_AUTO_TEST_CASE(row08_address_bogus_skips_host) {
  check_row(8, [] { return world(St::Secure, St::Bogus); }, {W::Defer, W::Defer, W::Defer, W::Defer, W::Defer, W::Defer});
  // With a second MX the next host is used.
  FakeResolver r;
  r.set("example.com.", dns::rrtype::MX, St::Secure, {"10 mail.example.com.", "20 mail2.example.com."});
  r.host("mail.example.com.", St::ServFail).host("mail2.example.com.", St::Secure);
  r.tlsa("mail2.example.com.", St::Secure, {ee_good()});
  const Result res = deliver(r, "rfc7672-mandatory");
  BOOST_TEST(res.verdict.action == Action::DeliverAuthenticated);
  BOOST_TEST(*res.verdict.host == 1u);
  BOOST_TEST(res.tried.front().status == "4.4.3");
}

BOOST_AUTO_TEST_CASE(row09_aaaa_bogus_proceeds_on_ipv4_with_dane) {
  // maddy #292: both families need not validate; the validated one is used.
  FakeResolver r = world();
  r.set("mail.example.com.", dns::rrtype::AAAA, St::Bogus);
  r.tlsa("mail.example.com.", St::Secure, {ee_good()});
  const Result res = deliver(r, "rfc7672");
  BOOST_TEST(res.verdict.action == Action::DeliverAuthenticated);
  BOOST_TEST(res.plan.hosts.front().addresses == std::vector<std::string>{"192.0.2.25"});
}

BOOST_AUTO_TEST_CASE(row10_insecure_mx_usable_match) {
  auto build = [] { auto r = world(St::Insecure); r.tlsa("mail.example.com.", St::Secure, {ee_good()}); return r; };
  check_row(10, build, {W::Auth, W::Defer, W::Auth, W::Defer, W::May, W::Bounce});
  FakeResolver r = build();
  const Result pf = deliver(r, "postfix-dane");
  BOOST_TEST(pf.verdict.log_class == TlsLogClass::Trusted);  // never "Verified" (§2.2.1, §9.3)
  FakeResolver e = build();
  deliver(e, "exim-try");
  BOOST_TEST(!e.asked_type(dns::rrtype::TLSA));  // Exim: DANE needs a secure MX
}

BOOST_AUTO_TEST_CASE(row11_insecure_mx_usable_no_match) {
  check_row(11, [] { auto r = world(St::Insecure); r.tlsa("mail.example.com.", St::Secure, {ee_bad()}); return r; },
            {W::Defer, W::Defer, W::Defer, W::Defer, W::May, W::Bounce});
}

BOOST_AUTO_TEST_CASE(row12_insecure_mx_insecure_address) {
  check_row(12, [] { return world(St::Insecure, St::Insecure); }, {W::May, W::Defer, W::May, W::Defer, W::May, W::Bounce});
}

BOOST_AUTO_TEST_CASE(row13_mx_lookup_error_defers_domain) {
  for (St st : {St::Bogus, St::ServFail, St::Timeout}) {
    check_row(13, [st] { return world(st); }, {W::Defer, W::Defer, W::Defer, W::Defer, W::Defer, W::Defer});
    FakeResolver r = world(st);
    const Result res = deliver(r, "postfix-dane");
    BOOST_TEST(res.verdict.status == "4.4.3");  // §9.6
    BOOST_TEST(res.verdict.reason.starts_with("Host or domain name not found"));
    BOOST_TEST(!r.asked_type(dns::rrtype::A));
  }
}

BOOST_AUTO_TEST_CASE(row14_implicit_mx) {
  auto build = [] {
    FakeResolver r;
    r.set("example.com.", dns::rrtype::MX, St::NoData);
    r.host("example.com.", St::Secure);
    r.tlsa("example.com.", St::Secure, {ee_good()});
    return r;
  };
  check_row(14, build, {W::Auth, W::Auth, W::Auth, W::Auth, W::Auth, W::Auth});
  FakeResolver r = build();
  const Result res = deliver(r, "rfc7672");
  BOOST_TEST(res.plan.hosts.size() == 1u);
  BOOST_TEST(res.plan.hosts.front().implicit_mx);
  BOOST_TEST(*res.plan.hosts.front().sni == "example.com");
  // A domain that does not exist bounces.
  FakeResolver nx;
  nx.set("example.com.", dns::rrtype::MX, St::NxDomain);
  BOOST_TEST(deliver(nx, "rfc7672").verdict.action == Action::Bounce);
}

namespace {
/// mail.example.com CNAME mx.provider.net, both links as given; A at the target.
FakeResolver cname_world(Security link) {
  FakeResolver r = world();
  r.host("mail.example.com.", link == Security::Secure ? St::Secure : St::Insecure);
  r.aliases("mail.example.com.", dns::rrtype::A, {AliasLink{N("mail.example.com."), N("mx.provider.net."), 5, link}},
            "mx.provider.net.");
  return r;
}
}  // namespace

BOOST_AUTO_TEST_CASE(row15_secure_cname_expanded_name_first_then_original) {
  // §7 missing CNAME handling: base = expanded name, SNI = base domain (stalwart #2287).
  FakeResolver r = cname_world(Security::Secure);
  r.tlsa("mx.provider.net.", St::Secure, {ee_good()});
  Result res = deliver(r, "rfc7672");
  BOOST_TEST(res.verdict.action == Action::DeliverAuthenticated);
  const HostPlan& h = res.plan.hosts.front();
  BOOST_TEST(h.tlsa_candidates == (std::vector<dns::Name>{N("mx.provider.net."), N("mail.example.com.")}));
  BOOST_TEST(*h.sni == "mx.provider.net");
  BOOST_TEST(!r.asked("_25._tcp.mail.example.com.", dns::rrtype::TLSA));
  // No TLSA at the expanded name: the original name's records apply.
  FakeResolver o = cname_world(Security::Secure);
  o.set("_25._tcp.mx.provider.net.", dns::rrtype::TLSA, St::NxDomain);
  o.tlsa("mail.example.com.", St::Secure, {ee_good()});
  res = deliver(o, "postfix-dane-only");
  BOOST_TEST(res.verdict.action == Action::DeliverAuthenticated);
  BOOST_TEST(*res.plan.hosts.front().sni == "mail.example.com");
}

BOOST_AUTO_TEST_CASE(row16_insecure_chain_first_link_secure_uses_original_only) {
  FakeResolver r = world();
  r.host("mail.example.com.", St::Insecure);
  r.aliases("mail.example.com.", dns::rrtype::A,
            {AliasLink{N("mail.example.com."), N("a.hop.net."), 5, Security::Secure},
             AliasLink{N("a.hop.net."), N("mx.provider.net."), 5, Security::Insecure}},
            "mx.provider.net.");
  r.tlsa("mail.example.com.", St::Secure, {ee_good()});
  r.tlsa("mx.provider.net.", St::Secure, {ee_bad()});
  const Result res = deliver(r, "rfc7672");
  BOOST_TEST(res.verdict.action == Action::DeliverAuthenticated);
  BOOST_TEST(!r.asked("_25._tcp.mx.provider.net.", dns::rrtype::TLSA));
  BOOST_TEST(!r.asked("_25._tcp.a.hop.net.", dns::rrtype::TLSA));  // intermediate names never
  // First link insecure: no TLSA at all, opportunistic TLS.
  FakeResolver i = cname_world(Security::Insecure);
  i.tlsa("mail.example.com.", St::Secure, {ee_bad()});
  const Result ires = deliver(i, "rfc7672");
  BOOST_TEST(ires.kind() == W::May);
  BOOST_TEST(!i.asked_type(dns::rrtype::TLSA));
}

BOOST_AUTO_TEST_CASE(row17_dane_ee_ignores_expiry_and_name) {
  const Time later = test::date(2026, 3, 1);  // after the leaf's notAfter (2025-01-01)
  FakeResolver r;
  r.set("example.com.", dns::rrtype::MX, St::Secure, {"10 mx.other.net."});
  r.host("mx.other.net.", St::Secure);
  r.tlsa("mx.other.net.", St::Secure, {ee_good()});
  for (const auto& p : kColumns) {
    FakeResolver copy = r;
    BOOST_TEST_INFO(p);
    BOOST_TEST(deliver(copy, p, Server::Tls, later).kind() == W::Auth);
  }
  // DANE-TA checks the leaf's validity (§9.5).
  FakeResolver ta = world();
  ta.tlsa("mail.example.com.", St::Secure, {ta_intermediate()});
  const Result res = deliver(ta, "postfix-dane", Server::Tls, later);
  BOOST_TEST(res.kind() == W::Defer);
  BOOST_TEST(res.verdict.report == ReportResult::CertificateExpired);
}

BOOST_AUTO_TEST_CASE(row18_dane_ta_name_mismatch_defers) {
  // Leaf names mail.example.com; base mx.hoster.net and next hop example.org match neither.
  FakeResolver r;
  r.set("example.org.", dns::rrtype::MX, St::Secure, {"10 mx.hoster.net."});
  r.host("mx.hoster.net.", St::Secure);
  r.tlsa("mx.hoster.net.", St::Secure, {ta_intermediate()});
  for (const auto& p : kColumns) {
    FakeResolver copy = r;
    const Result res = deliver(copy, p, Server::Tls, test::now(), "example.org.");
    BOOST_TEST_INFO(p);
    BOOST_TEST(res.kind() == W::Defer);
    BOOST_TEST(res.verdict.report == ReportResult::CertificateHostMismatch);
  }
  // §9.5: a leaf named after the next-hop domain is accepted (secure MX).
  FakeResolver n;
  n.set("mail.example.com.", dns::rrtype::MX, St::Secure, {"10 mx.hoster.net."});
  n.host("mx.hoster.net.", St::Secure);
  n.tlsa("mx.hoster.net.", St::Secure, {ta_intermediate()});
  const Result ok = deliver(n, "postfix-dane", Server::Tls, test::now(), "mail.example.com.");
  BOOST_TEST(ok.kind() == W::Auth);
  BOOST_TEST(ok.plan.hosts.front().reference_names == (std::vector<std::string>{"mx.hoster.net", "mail.example.com"}));
}

BOOST_AUTO_TEST_CASE(row19_ta_certificate_must_be_sent) {
  // §9.5 / RFC 7671 §5.2.3: a record naming the root works only when the server sends the root.
  const Tlsa root = expected_record(chain().root.certificate, Usage::DaneTa, Selector::Cert, MatchingType::Sha2_256);
  check_row(19, [&] { auto r = world(); r.tlsa("mail.example.com.", St::Secure, {root}); return r; },
            {W::Defer, W::Defer, W::Defer, W::Defer, W::Defer, W::Defer});
  check_row(19, [&] { auto r = world(); r.tlsa("mail.example.com.", St::Secure, {root}); return r; },
            {W::Auth, W::Auth, W::Auth, W::Auth, W::Auth, W::Auth}, Server::TlsFullChain);
}

BOOST_AUTO_TEST_CASE(row20_pkix_ee_only_and_legacy_mapping) {
  const Tlsa pkix_ee = expected_record(chain().leaf.certificate, Usage::PkixEe, Selector::Spki, MatchingType::Sha2_256);
  check_row(20, [&] { auto r = world(); r.tlsa("mail.example.com.", St::Secure, {pkix_ee}); return r; },
            {W::Enc, W::Defer, W::Enc, W::Defer, W::Defer, W::Defer});
  // Postfix 2.11-3.1 mapped 1 -> 3: authenticated (the paper's mail.com / tutanota).
  FakeResolver r = world();
  r.tlsa("mail.example.com.", St::Secure, {pkix_ee});
  BOOST_TEST(deliver(r, "legacy-usage1-as-3").kind() == W::Auth);
  // ... and a non-matching usage-1 record is then a hard mismatch.
  FakeResolver bad = world();
  bad.tlsa("mail.example.com.", St::Secure,
           {expected_record(test::other_chain().leaf.certificate, Usage::PkixEe, Selector::Spki, MatchingType::Sha2_256)});
  BOOST_TEST(deliver(bad, "legacy-usage1-as-3").kind() == W::Defer);
  BOOST_TEST(deliver(bad, "postfix-dane").kind() == W::Enc);
}

BOOST_AUTO_TEST_CASE(row21_any_matching_record_suffices) {
  // §7 stalwart #2287: "EE and TA both must match" is wrong; one match authenticates.
  // The TA is the private test CA, not a WebPKI root (§7 maddy #292).
  check_row(21, [] { auto r = world(); r.tlsa("mail.example.com.", St::Secure, {ee_bad(), ta_intermediate()}); return r; },
            {W::Auth, W::Auth, W::Auth, W::Auth, W::Auth, W::Auth});
}

BOOST_AUTO_TEST_CASE(row22_no_starttls_with_usable_tlsa_defers) {
  check_row(22, [] { auto r = world(); r.tlsa("mail.example.com.", St::Secure, {ee_good()}); return r; },
            {W::Defer, W::Defer, W::Defer, W::Defer, W::Defer, W::Defer}, Server::NoStarttls);
  FakeResolver r = world();
  r.tlsa("mail.example.com.", St::Secure, {ee_good()});
  const Result res = deliver(r, "postfix-dane", Server::NoStarttls);
  BOOST_TEST(res.verdict.status == "4.7.4");  // §9.6
  BOOST_TEST(res.verdict.reason == "TLS is required, but was not offered by host mail.example.com");
  BOOST_TEST(res.verdict.report == ReportResult::StarttlsNotSupported);
  // Without TLSA, no STARTTLS means clear text in opportunistic mode.
  FakeResolver plain = world();
  plain.set("_25._tcp.mail.example.com.", dns::rrtype::TLSA, St::NxDomain);
  BOOST_TEST(deliver(plain, "rfc7672", Server::NoStarttls).verdict.action == Action::DeliverClear);
}

BOOST_AUTO_TEST_CASE(row23_all_hosts_tlsa_errors_defer) {
  auto build = [] {
    FakeResolver r;
    r.set("example.com.", dns::rrtype::MX, St::Secure, {"10 mx1.example.com.", "20 mx2.example.com."});
    r.host("mx1.example.com.", St::Secure).host("mx2.example.com.", St::Secure);
    r.set("_25._tcp.mx1.example.com.", dns::rrtype::TLSA, St::ServFail);
    r.set("_25._tcp.mx2.example.com.", dns::rrtype::TLSA, St::Bogus);
    return r;
  };
  check_row(23, build, {W::Defer, W::Defer, W::Defer, W::Defer, W::Defer, W::Defer});
  FakeResolver r = build();
  const Result res = deliver(r, "rfc7672");
  BOOST_TEST(res.tried.size() == 2u);
  BOOST_TEST(res.connected == (std::vector<bool>{false, false}));
}

BOOST_AUTO_TEST_CASE(row24_preference_beats_tlsa_presence) {
  auto build = [] {
    FakeResolver r;
    r.set("example.com.", dns::rrtype::MX, St::Secure, {"20 mail.example.com.", "10 plain.example.com."});
    r.host("plain.example.com.", St::Secure, "192.0.2.10").host("mail.example.com.", St::Secure);
    r.set("_25._tcp.plain.example.com.", dns::rrtype::TLSA, St::NxDomain);
    r.tlsa("mail.example.com.", St::Secure, {ee_good()});
    return r;
  };
  FakeResolver r = build();
  const Result res = deliver(r, "rfc7672");
  BOOST_TEST(res.plan.hosts.at(0).host == N("plain.example.com."));
  BOOST_TEST(res.kind() == W::May);
  BOOST_TEST(*res.verdict.host == 0u);
  // Mandatory: pref 10 is refused (no TLSA), pref 20 delivers with DANE.
  FakeResolver m = build();
  const Result mres = deliver(m, "rfc7672-mandatory");
  BOOST_TEST(mres.tried.at(0).action == Action::TryNextMx);
  BOOST_TEST(mres.kind() == W::Auth);
  BOOST_TEST(*mres.verdict.host == 1u);
}

// ---------------------------------------------------------------------------
// §9: observed Postfix 3.7 behaviour.

BOOST_AUTO_TEST_CASE(postfix_9_1_wrong_digest_length_is_unusable_not_mismatch) {
  // "3 1 2" holding 32 octets (a SHA-256 value under the SHA-512 type).
  const Tlsa wrong(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_512,
                   test::expected_data(chain().leaf.certificate, Selector::Spki, MatchingType::Sha2_256));
  auto build = [&] { auto r = world(); r.tlsa("mail.example.com.", St::Secure, {wrong}); return r; };
  FakeResolver r = build();
  const Result dane = deliver(r, "postfix-dane");
  BOOST_TEST(dane.connected == std::vector<bool>{true});
  BOOST_TEST(dane.verdict.action == Action::DeliverEncrypted);  // delivered, unauthenticated
  BOOST_TEST(dane.plan.hosts.front().sni.has_value());           // SNI still sent
  FakeResolver o = build();
  const Result only = deliver(o, "postfix-dane-only");
  BOOST_TEST(only.connected == std::vector<bool>{true});
  BOOST_TEST(only.verdict.action == Action::Defer);
  BOOST_TEST(only.verdict.reason == "Server certificate not verified");
}

BOOST_AUTO_TEST_CASE(postfix_9_2_pkix_only_rejected_before_connecting) {
  const Tlsa pkix = expected_record(chain().leaf.certificate, Usage::PkixEe, Selector::Spki, MatchingType::Sha2_256);
  FakeResolver r = world();
  r.tlsa("mail.example.com.", St::Secure, {pkix});
  const Result dane = deliver(r, "postfix-dane");
  BOOST_TEST(dane.kind() == W::Enc);
  BOOST_TEST(!dane.plan.hosts.front().sni.has_value());  // no SNI
  FakeResolver o = world();
  o.tlsa("mail.example.com.", St::Secure, {pkix});
  const Result only = deliver(o, "postfix-dane-only");
  BOOST_TEST(only.connected == std::vector<bool>{false});
  BOOST_TEST(only.verdict.status == "4.7.5");
  BOOST_TEST(only.verdict.reason == "TLSA records unusable");
}

BOOST_AUTO_TEST_CASE(postfix_9_4_failed_check_after_handshake_is_untrusted) {
  FakeResolver r = world();
  r.tlsa("mail.example.com.", St::Secure, {ee_bad()});
  const Result res = deliver(r, "postfix-dane");
  BOOST_TEST(res.connected == std::vector<bool>{true});
  BOOST_TEST(res.verdict.log_class == TlsLogClass::Untrusted);
  BOOST_TEST(res.verdict.status == "4.7.5");
  BOOST_TEST(res.verdict.reason == "Server certificate not verified");
}

BOOST_AUTO_TEST_CASE(postfix_9_6_null_mx_bounces) {
  FakeResolver r;
  r.set("example.com.", dns::rrtype::MX, St::Secure, {"0 ."});
  for (const smtp::Profile& p : profiles()) {
    FakeResolver copy = r;
    const Result res = deliver(copy, p.name);
    BOOST_TEST_INFO(p.name);
    BOOST_TEST(res.verdict.action == Action::Bounce);
    BOOST_TEST(res.verdict.status == "5.1.0");
  }
}

BOOST_AUTO_TEST_CASE(postfix_may_and_encrypt_never_look_up_tlsa) {
  for (const char* name : {"postfix-may", "postfix-encrypt"}) {
    FakeResolver r = world();
    r.tlsa("mail.example.com.", St::Secure, {ee_bad()});
    const Result res = deliver(r, name);
    BOOST_TEST(!r.asked_type(dns::rrtype::TLSA));
    BOOST_TEST(res.verdict.action == Action::DeliverEncrypted);
  }
  FakeResolver r = world();
  BOOST_TEST(deliver(r, "postfix-encrypt", Server::NoStarttls).verdict.status == "4.7.4");
}

// ---------------------------------------------------------------------------
// Cisco ESA tables (mission.md), typed in.

namespace {
const char* const D = "\u2013";
std::vector<TableRow> cisco_mandatory() {
  return {
      {"Secure", "Secure", "Secure", "Success", "DANE Success"}, {"Secure", "Secure", "Secure", "Failed", "DANE Fail"},
      {"Secure", "Secure", "Insecure", D, "DANE Fail"},          {"Secure", "Secure", "NXDOMAIN", D, "DANE Fail"},
      {"Secure", "Secure", "Bogus", D, "DANE Fail"},             {"Secure", "Insecure", D, D, "DANE Fail"},
      {"Secure", "Bogus", D, D, "DANE Fail"},                    {"Insecure", "Secure", "Secure", "Success", "DANE Fail"},
      {"Insecure", "Secure", "Secure", "Failed", "DANE Fail"},   {"Insecure", "Secure", "Insecure", D, "DANE Fail"},
      {"Insecure", "Secure", "NXDOMAIN", D, "DANE Fail"},        {"Insecure", "Secure", "Bogus", D, "DANE Fail"},
      {"Insecure", "Insecure", D, D, "DANE Fail"},               {"Insecure", "Bogus", D, D, "DANE Fail"},
      {"Bogus", D, D, D, "DANE Fail"},
  };
}
std::vector<TableRow> cisco_opportunistic() {
  const char* F = "Fallback to opportunistic TLS";
  return {
      {"Secure", "Secure", "Secure", "Success", "DANE Success"}, {"Secure", "Secure", "Secure", "Failed", "DANE Fail"},
      {"Secure", "Secure", "Insecure", D, F},                    {"Secure", "Secure", "NXDOMAIN", D, F},
      {"Secure", "Secure", "Bogus", D, "DANE Fail"},             {"Secure", "Insecure", D, D, F},
      {"Secure", "Bogus", D, D, "DANE Fail"},                    {"Insecure", "Secure", "Secure", D, F},
      {"Insecure", "Secure", "Insecure", D, F},                  {"Insecure", "Secure", "NXDOMAIN", D, F},
      {"Insecure", "Secure", "Bogus", D, "DANE Fail"},           {"Insecure", "Insecure", D, D, F},
      {"Insecure", "Bogus", D, D, "DANE Fail"},                  {"Bogus", D, D, D, "DANE Fail"},
  };
}

std::string row_text(const TableRow& r) { return r.mx + "|" + r.a + "|" + r.tlsa + "|" + r.cert + "|" + r.action; }

void check_table(const std::vector<TableRow>& got, const std::vector<TableRow>& want) {
  BOOST_TEST_REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    BOOST_TEST_INFO("row " << i + 1);
    BOOST_TEST(row_text(got[i]) == row_text(want[i]));
  }
}

/// The markdown tables of mission.md that follow a line containing heading.
std::vector<TableRow> parse_mission_table(const std::string& text, const std::string& heading) {
  std::istringstream in(text.substr(text.find(heading)));
  std::vector<TableRow> rows;
  std::string line;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.rfind("|", 0) != 0) {
      if (in_table) break;
      continue;
    }
    in_table = true;
    std::vector<std::string> cells;
    std::stringstream cs(line.substr(1));
    std::string cell;
    while (std::getline(cs, cell, '|')) {
      const auto b = cell.find_first_not_of(' ');
      const auto e = cell.find_last_not_of(' ');
      cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
    }
    if (cells.size() < 5 || cells[0] == "MX" || cells[0].starts_with("---")) continue;
    rows.push_back({cells[0], cells[1], cells[2], cells[3], cells[4]});
  }
  return rows;
}
}  // namespace

BOOST_AUTO_TEST_CASE(cisco_tables_typed_in) {
  check_table(profile_table(profile("cisco-mandatory")), cisco_mandatory());
  check_table(profile_table(profile("cisco-opportunistic")), cisco_opportunistic());
}

BOOST_AUTO_TEST_CASE(cisco_tables_from_mission_md) {
  const std::filesystem::path path = "/work/shared/reference/mission.md";
  if (!std::filesystem::exists(path)) {
    BOOST_TEST_MESSAGE("mission.md not present: skipped");
    return;
  }
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string text = ss.str();
  const auto mand = parse_mission_table(text, "Mandatory DANE (mail is not delivered");
  const auto opp = parse_mission_table(text, "Opportunistic DANE:");
  BOOST_TEST(mand.size() == 15u);
  BOOST_TEST(opp.size() == 14u);
  check_table(profile_table(profile("cisco-mandatory")), mand);
  check_table(profile_table(profile("cisco-opportunistic")), opp);
}

BOOST_AUTO_TEST_CASE(table_is_the_policy_applied) {
  // Spot checks of generated rows against §3.3 (row 3: Exim defers, RFC encrypts).
  auto find = [](const std::vector<TableRow>& rows, const std::string& mx, const std::string& a,
                 const std::string& tlsa) {
    for (const auto& r : rows)
      if (r.mx == mx && r.a == a && r.tlsa == tlsa) return r.action;
    return std::string("missing");
  };
  BOOST_TEST(find(profile_table(profile("rfc7672")), "Secure", "Secure", "Secure, unusable") ==
             "deliver: TLS without authentication (encrypt)");
  BOOST_TEST(find(profile_table(profile("exim-try")), "Secure", "Secure", "Secure, unusable").starts_with("defer 4.7.5"));
  BOOST_TEST(find(profile_table(profile("exim-require")), "Secure", "Secure", "NXDOMAIN").starts_with("bounce 5.7"));
  BOOST_TEST(find(profile_table(profile("postfix-dane-only")), "Insecure", D, D) == "defer 4.7.5: non DNSSEC destination");
  const std::string md = to_markdown(profile_table(profile("cisco-mandatory")));
  BOOST_TEST(md.starts_with("| MX | A | TLSA | Cert | Action |\n|---|---|---|---|---|\n| Secure | Secure | Secure | Success | DANE Success |"));
}

BOOST_AUTO_TEST_CASE(profiles_by_name) {
  BOOST_TEST(profiles().size() == 11u);
  BOOST_TEST(profile("exim-require").refusal == RefusalKind::Bounce);
  BOOST_CHECK_THROW(profile("postfix-bogus"), InputError);
  for (const smtp::Profile& p : profiles()) BOOST_TEST(!p.tlsa_for_insecure_address);
}

BOOST_AUTO_TEST_CASE(rule_functions) {
  Lookup l;
  l.outcome = Lookup::Outcome::NoData;
  l.security = Security::Insecure;
  BOOST_TEST(!is_lookup_error(l));  // §2.1.1: an insecure denial is not an error
  l.outcome = Lookup::Outcome::Answer;
  l.security = Security::Indeterminate;
  BOOST_TEST(is_lookup_error(l));  // indeterminate is treated as bogus
  BOOST_TEST(is_null_mx(std::vector<dns::RR>{dns::RR::parse("example.com. 300 IN MX 0 .")}));
  BOOST_TEST(!is_null_mx(std::vector<dns::RR>{dns::RR::parse("example.com. 300 IN MX 0 mx.example.com.")}));
  BOOST_TEST(tls_requirement_from_tlsa(TlsaState::Unusable, profile("rfc7672")) == TlsRequirement::Encrypt);
  BOOST_TEST(tls_requirement_from_tlsa(TlsaState::Error, profile("rfc7672")) == TlsRequirement::Refused);
  BOOST_TEST(tls_requirement_from_tlsa(TlsaState::Absent, profile("rfc7672")) == TlsRequirement::Opportunistic);
  const auto refs = reference_identifiers(N("mx.hoster.net."), N("example.com."), N("mail.example.net."), Security::Secure);
  BOOST_TEST(refs == (std::vector<std::string>{"mx.hoster.net", "example.com", "mail.example.net"}));
  BOOST_TEST(reference_identifiers(N("mx.hoster.net."), N("example.com."), std::nullopt, Security::Insecure) ==
             std::vector<std::string>{"mx.hoster.net"});
}

BOOST_AUTO_TEST_CASE(too_many_mx_records_are_capped_and_malformed_mx_defers) {
  FakeResolver r;
  std::vector<std::string> mxs;
  for (int i = 0; i < 100; ++i) mxs.push_back(std::to_string(i) + " mx" + std::to_string(i) + ".example.com.");
  r.set("example.com.", dns::rrtype::MX, St::Secure, mxs);
  const DeliveryPlan plan = plan_delivery(N("example.com."), r, profile("rfc7672"));
  BOOST_TEST(plan.hosts.size() == max_mx_hosts);
  BOOST_TEST(plan.hosts.front().host == N("mx0.example.com."));
  // Malformed MX RDATA is a malformed reply: a lookup error (§2.1.1), defer.
  FakeResolver bad;
  bad.set("example.com.", dns::rrtype::MX, St::Secure, {"10 mail.example.com."});
  Lookup l = bad.lookup(N("example.com."), dns::rrtype::MX);
  l.records.front().rdata.resize(4);
  class One : public Resolver {
   public:
    explicit One(Lookup l) : l_(std::move(l)) {}
    Lookup lookup(const dns::Name&, std::uint16_t) override { return l_; }
    Lookup l_;
  } one(l);
  const DeliveryPlan p2 = plan_delivery(N("example.com."), one, profile("rfc7672"));
  BOOST_TEST_REQUIRE(p2.verdict.has_value());
  BOOST_TEST(p2.verdict->action == Action::Defer);
}
