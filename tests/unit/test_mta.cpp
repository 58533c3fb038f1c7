// End-to-end deliveries through the simulated sending MTA (dane/sim/mta.hpp)
// to simulated receiving MTAs, with a hand-built resolver. Expected outcomes
// come from RFC 7672 (§2.2: TLSA commits the host to authenticated TLS; §3.1.1:
// DANE-EE ignores expiry and names) and the Postfix behaviour recorded in
// smtp-dane-scenarios.md §9 (4.7.5 "Server certificate not verified" after an
// "Untrusted TLS connection established"; 4.7.4 "TLS is required, but was not
// offered"); TLSA data is computed with Botan (test::expected_record).
#define BOOST_TEST_MODULE mta
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "dane/dns/rr.hpp"
#include "dane/resolver.hpp"
#include "dane/sim/mta.hpp"
#include "dane/sim/pki.hpp"
#include "dane/sim/smtp_server.hpp"
#include "support.hpp"

using namespace dane;
using namespace std::chrono_literals;
using dnssec::Security;

namespace {

const std::string mx1 = "mail.example.test";
const std::string mx2 = "mx2.example.test";

struct Chains {
  sim::SampleChain good;      // mail.example.test, valid 2024
  sim::SampleChain good2;     // mx2.example.test, valid 2024
  sim::SampleChain expired;   // mail.example.test, valid only during 2023
  sim::SampleChain attacker;  // another hierarchy, same name
};

const Chains& chains() {
  static const Chains c = [] {
    sim::Pki pki(5);
    sim::Pki evil(666);
    const auto from = test::date(2024, 1, 1), until = test::date(2025, 1, 1);
    return Chains{sim::make_sample_chain(pki, {mx1}, from, until), sim::make_sample_chain(pki, {mx2}, from, until),
                  sim::make_sample_chain(pki, {mx1}, test::date(2023, 1, 1), test::date(2024, 1, 1)),
                  sim::make_sample_chain(evil, {mx1}, from, until)};
  }();
  return c;
}

sim::ServerCertificate cert_of(const sim::SampleChain& c) { return {c.without_root(), c.leaf.private_key_pem}; }

/// "3 1 1" for the leaf of c, computed with Botan.
Tlsa ee311(const sim::SampleChain& c) {
  return test::expected_record(c.leaf.certificate, Usage::DaneEe, Selector::Spki, MatchingType::Sha2_256);
}

/// A resolver answering from a table; names not in it: secure NXDOMAIN.
class TableResolver final : public Resolver {
 public:
  void answer(const std::string& name, std::uint16_t type, const std::vector<std::string>& rdata,
              Security sec = Security::Secure) {
    Lookup l = base(name, type, sec);
    l.outcome = Lookup::Outcome::Answer;
    for (const auto& r : rdata) {
      l.records.push_back(dns::RR::parse(name + ". 300 IN " + dns::type_to_string(type) + " " + r));
    }
    table_[{name, type}] = l;
  }
  void nodata(const std::string& name, std::uint16_t type, Security sec = Security::Secure) {
    Lookup l = base(name, type, sec);
    l.outcome = Lookup::Outcome::NoData;
    table_[{name, type}] = l;
  }
  void tlsa(const std::string& host, const std::vector<Tlsa>& records) {
    std::vector<std::string> text;
    for (const auto& t : records) text.push_back(t.to_string());
    answer("_25._tcp." + host, dns::rrtype::TLSA, text);
  }
  /// A host with one secure A record and a secure AAAA NODATA.
  void host(const std::string& name, const std::string& address) {
    answer(name, dns::rrtype::A, {address});
    nodata(name, dns::rrtype::AAAA);
  }

  Lookup lookup(const dns::Name& name, std::uint16_t type) override {
    std::string key = name.to_string();
    if (!key.empty() && key.back() == '.') key.pop_back();
    const auto it = table_.find({key, type});
    if (it != table_.end()) return it->second;
    Lookup l = base(key, type, Security::Secure);
    l.outcome = Lookup::Outcome::NxDomain;
    l.rcode = 3;
    return l;
  }

 private:
  static Lookup base(const std::string& name, std::uint16_t type, Security sec) {
    Lookup l;
    l.qname = dns::Name::parse(name + ".");
    l.qtype = type;
    l.rcode = 0;
    l.security = sec;
    l.final_name = l.qname;
    l.ttl = 300;
    return l;
  }
  std::map<std::pair<std::string, std::uint16_t>, Lookup> table_;
};

/// 2024-11-22 12:00:00 UTC.
Time start_time() { return test::date(2024, 11, 22) + 12h; }

/// One recipient domain, example.test, with MX mail.example.test (192.0.2.25).
struct World {
  explicit World(std::uint64_t seed = 1, bool starttls = true, const sim::SampleChain* served = &chains().good)
      : net(clock, sim::Random(seed)) {
    dns.answer("example.test", dns::rrtype::MX, {"10 mail.example.test."});
    dns.host(mx1, "192.0.2.25");
    sim::SmtpServerConfig cfg;
    cfg.hostname = mx1;
    cfg.seed = seed;
    cfg.offer_starttls = starttls;
    cfg.certificates[mx1] = cert_of(*served);
    cfg.default_certificate = cert_of(*served);
    server = std::make_shared<sim::SmtpServer>(clock, cfg);
    net.listen({"192.0.2.25", 25}, server);
  }
  sim::SendResult send(std::string profile = "postfix-dane", std::uint64_t seed = 1) {
    sim::Mta mta(net, dns, {.profile = std::move(profile), .seed = seed});
    return mta.send({"sender@example.net", "user@example.test", "Subject: hello\r\n\r\nHello, world.\r\n"});
  }

  sim::Clock clock{start_time()};
  sim::Network net;
  TableResolver dns;
  std::shared_ptr<sim::SmtpServer> server;
};

bool has(const std::vector<std::string>& log, const std::string& part) {
  return std::any_of(log.begin(), log.end(), [&](const std::string& l) { return l.find(part) != std::string::npos; });
}

std::string last(const std::vector<std::string>& log, const std::string& part) {
  for (auto it = log.rbegin(); it != log.rend(); ++it) {
    if (it->find(part) != std::string::npos) return *it;
  }
  return {};
}

}  // namespace

namespace dane::smtp {
inline std::ostream& boost_test_print_type(std::ostream& os, Action v) { return os << to_string(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, TlsLogClass v) { return os << to_string(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, ReportResult v) { return os << to_string(v); }
}  // namespace dane::smtp

BOOST_AUTO_TEST_CASE(postfix_delay_format) {
  BOOST_TEST(sim::postfix_delay(0ms) == "0");
  BOOST_TEST(sim::postfix_delay(9ms) == "0");
  BOOST_TEST(sim::postfix_delay(50ms) == "0.05");
  BOOST_TEST(sim::postfix_delay(100ms) == "0.1");
  BOOST_TEST(sim::postfix_delay(1234ms) == "1.2");
  BOOST_TEST(sim::postfix_delay(12345ms) == "12");
}

BOOST_AUTO_TEST_CASE(dane_ee_match_is_verified_and_delivered) {
  World w;
  w.dns.tlsa(mx1, {ee311(chains().good)});
  const auto r = w.send();
  BOOST_TEST(r.status == "sent");
  BOOST_TEST(r.dsn == "2.0.0");
  BOOST_TEST(r.verdict.action == smtp::Action::DeliverAuthenticated);
  BOOST_TEST(r.tls_class == smtp::TlsLogClass::Verified);
  BOOST_TEST(r.report == smtp::ReportResult::None);
  BOOST_REQUIRE_EQUAL(w.server->mailbox().size(), 1u);
  const auto& m = w.server->mailbox().front();
  BOOST_TEST(m.tls);
  BOOST_TEST(m.sni == mx1);  // RFC 7672 §8.1: SNI = the TLSA base domain
  BOOST_TEST(m.recipients == std::vector<std::string>{"user@example.test"});
  BOOST_TEST(has(r.log, "]: Verified TLS connection established to mail.example.test[192.0.2.25]:25: TLSv1.2 with "
                        "cipher ECDHE-ECDSA-AES256-GCM-SHA384 (256/256 bits)"));
  const std::string line = last(r.log, "to=<user@example.test>");
  BOOST_TEST(line.find("postfix/smtp[") != std::string::npos);
  BOOST_TEST(line.find(r.queue_id + ": to=<user@example.test>, relay=mail.example.test[192.0.2.25]:25, delay=") !=
             std::string::npos, line);
  BOOST_TEST(line.find(", delays=0/0/") != std::string::npos, line);
  BOOST_TEST(line.find(", dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as " + m.queue_id + ")") != std::string::npos,
             line);
  BOOST_TEST(has(r.log, r.queue_id + ": removed"));
  BOOST_REQUIRE(r.attempts.size() == 1u);
  BOOST_REQUIRE(r.attempts[0].dane.has_value());
  BOOST_TEST(r.attempts[0].dane->verified());
}

BOOST_AUTO_TEST_CASE(mismatch_is_untrusted_and_deferred) {
  World w;
  w.dns.tlsa(mx1, {ee311(chains().attacker)});
  const auto r = w.send();
  BOOST_TEST(r.status == "deferred");
  BOOST_TEST(r.dsn == "4.7.5");
  BOOST_TEST(r.verdict.reason == "Server certificate not verified");
  BOOST_TEST(r.report == smtp::ReportResult::ValidationFailure);  // smtp-dane-scenarios.md §4 T01
  BOOST_TEST(w.server->mailbox().empty());
  // Scenarios §9 item 4: the handshake completes, then QUIT without sending.
  BOOST_TEST(has(r.log, "Untrusted TLS connection established to mail.example.test[192.0.2.25]:25"));
  BOOST_TEST(has(r.log, "dsn=4.7.5, status=deferred (Server certificate not verified)"));
  BOOST_TEST(has(w.server->log(), "ehlo=2 starttls=1 quit=1 commands=4"));
}

BOOST_AUTO_TEST_CASE(usable_tlsa_without_starttls_defers_474) {
  World w(1, /*starttls=*/false);
  w.dns.tlsa(mx1, {ee311(chains().good)});
  const auto r = w.send();
  BOOST_TEST(r.status == "deferred");
  BOOST_TEST(r.dsn == "4.7.4");
  BOOST_TEST(r.report == smtp::ReportResult::StarttlsNotSupported);
  BOOST_TEST(has(r.log, "status=deferred (TLS is required, but was not offered by host mail.example.test"));
  BOOST_TEST(w.server->mailbox().empty());
}

BOOST_AUTO_TEST_CASE(stripped_starttls_defers) {
  World w;
  w.dns.tlsa(mx1, {ee311(chains().good)});
  w.net.listen({"192.0.2.25", 25}, sim::make_starttls_stripper(w.server));
  const auto r = w.send();
  BOOST_TEST(r.status == "deferred");
  BOOST_TEST(r.dsn == "4.7.4");
  BOOST_TEST(w.server->mailbox().empty());
}

BOOST_AUTO_TEST_CASE(attacker_certificate_defers) {
  World w;
  w.dns.tlsa(mx1, {ee311(chains().good)});
  sim::SmtpServerConfig evil;
  evil.hostname = mx1;
  evil.default_certificate = cert_of(chains().attacker);
  auto impostor = std::make_shared<sim::SmtpServer>(w.clock, evil);
  w.net.listen({"192.0.2.25", 25}, sim::make_tls_interceptor(w.server, impostor));
  const auto r = w.send();
  BOOST_TEST(r.status == "deferred");
  BOOST_TEST(r.dsn == "4.7.5");
  BOOST_TEST(impostor->mailbox().empty());
  BOOST_TEST(w.server->mailbox().empty());
  BOOST_TEST(has(r.log, "Untrusted TLS connection established"));
}

BOOST_AUTO_TEST_CASE(expired_certificate_with_dane_ee_is_delivered) {
  // RFC 7672 §3.1.1: DANE-EE(3) ignores the validity period.
  World w(1, true, &chains().expired);
  w.dns.tlsa(mx1, {ee311(chains().expired)});
  const auto r = w.send();
  BOOST_TEST(r.status == "sent");
  BOOST_TEST(r.tls_class == smtp::TlsLogClass::Verified);
  BOOST_TEST(w.server->mailbox().size() == 1u);
}

BOOST_AUTO_TEST_CASE(no_tlsa_is_opportunistic) {
  World w;  // no TLSA: secure NXDOMAIN (RFC 7672 §2.2 case 3)
  const auto r = w.send();
  BOOST_TEST(r.status == "sent");
  BOOST_TEST(r.verdict.action == smtp::Action::DeliverEncrypted);
  // A certificate that is not PKIX-trusted: Postfix's "Untrusted".
  BOOST_TEST(r.tls_class == smtp::TlsLogClass::Untrusted);
  BOOST_TEST(has(r.log, "Untrusted TLS connection established to mail.example.test[192.0.2.25]:25"));
  BOOST_REQUIRE_EQUAL(w.server->mailbox().size(), 1u);
  BOOST_TEST(w.server->mailbox().front().tls);
  BOOST_TEST(w.server->mailbox().front().sni == "");  // Postfix "may" sends no SNI

  World plain(1, /*starttls=*/false);
  const auto p = plain.send();
  BOOST_TEST(p.status == "sent");
  BOOST_TEST(p.verdict.action == smtp::Action::DeliverClear);
  BOOST_TEST(p.tls_class == smtp::TlsLogClass::None);
  BOOST_TEST(!plain.server->mailbox().at(0).tls);
}

BOOST_AUTO_TEST_CASE(first_mx_broken_second_used) {
  World w;
  // RFC 7672 §2.1.2 / scenarios M01: mail (pref 10) fails DANE, mx2 (pref 20) is valid.
  w.dns.answer("example.test", dns::rrtype::MX, {"10 mail.example.test.", "20 mx2.example.test."});
  w.dns.tlsa(mx1, {ee311(chains().attacker)});
  w.dns.host(mx2, "192.0.2.26");
  w.dns.tlsa(mx2, {ee311(chains().good2)});
  sim::SmtpServerConfig cfg;
  cfg.hostname = mx2;
  cfg.certificates[mx2] = cert_of(chains().good2);
  auto second = std::make_shared<sim::SmtpServer>(w.clock, cfg);
  w.net.listen({"192.0.2.26", 25}, second);
  const auto r = w.send();
  BOOST_TEST(r.status == "sent");
  BOOST_REQUIRE_EQUAL(r.attempts.size(), 2u);
  BOOST_TEST(r.attempts[0].host == mx1);
  BOOST_TEST(r.attempts[0].verdict.action == smtp::Action::TryNextMx);
  BOOST_TEST(r.attempts[1].host == mx2);
  BOOST_TEST(w.server->mailbox().empty());
  BOOST_TEST(second->mailbox().size() == 1u);
  BOOST_TEST(has(r.log, "relay=mx2.example.test[192.0.2.26]:25"));

  // The first MX refusing connections: same outcome, logged as Postfix does.
  World v;
  v.dns.answer("example.test", dns::rrtype::MX, {"10 mail.example.test.", "20 mx2.example.test."});
  v.dns.host(mx1, "192.0.2.99");  // nothing listens there
  v.dns.host(mx2, "192.0.2.25");
  v.dns.tlsa(mx2, {ee311(chains().good)});
  const auto s = v.send();
  BOOST_TEST(s.status == "sent");
  BOOST_TEST(has(s.log, "]: connect to mail.example.test[192.0.2.99]:25: Connection refused"));
}

BOOST_AUTO_TEST_CASE(same_seed_identical_logs) {
  auto run = [](std::uint64_t seed) {
    World w(seed);
    w.dns.tlsa(mx1, {ee311(chains().good)});
    auto r = w.send("postfix-dane", seed);
    std::vector<std::string> out = r.log;
    out.insert(out.end(), w.server->log().begin(), w.server->log().end());
    return out;
  };
  const auto a = run(21), b = run(21);
  BOOST_TEST(a == b, boost::test_tools::per_element());
  BOOST_TEST(a != run(22));
}

BOOST_AUTO_TEST_CASE(bad_recipient_is_input_error) {
  World w;
  sim::Mta mta(w.net, w.dns, {});
  BOOST_CHECK_THROW(mta.send({"a@b", "no-domain", ""}), InputError);
  BOOST_CHECK_THROW(sim::Mta(w.net, w.dns, {.profile = "no-such-profile"}), InputError);
}
