// Tests of the simulated receiving MTA, SMTP client and on-path attackers
// (dane/sim/smtp_server.hpp, smtp_client.hpp). Expected replies and log lines
// are written by hand from RFC 5321 / RFC 3207 and Postfix 3.7's wording
// (smtp-dane-scenarios.md §9), cipher names from RFC 5289 + `openssl ciphers -V`.
#define BOOST_TEST_MODULE smtp_sim
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "dane/error.hpp"
#include "dane/sim/network.hpp"
#include "dane/sim/pki.hpp"
#include "dane/sim/smtp_client.hpp"
#include "dane/sim/smtp_server.hpp"
#include "support.hpp"

using namespace dane;
using namespace std::chrono_literals;

namespace {

const std::string mx = "mail.example.test";
const std::string mx_ip = "192.0.2.25";
const std::string sender_ip = "198.51.100.7";

struct Chains {
  sim::SampleChain good;      // P-256 for mail.example.test
  sim::SampleChain rsa;       // RSA-2048 for mail.example.test
  sim::SampleChain other;     // P-256 for other.example.test
  sim::SampleChain attacker;  // another hierarchy, same name
};

const Chains& chains() {
  static const Chains c = [] {
    sim::Pki pki(5);
    sim::Pki evil(666);
    const auto from = test::date(2024, 1, 1), until = test::date(2025, 1, 1);
    return Chains{sim::make_sample_chain(pki, {mx}, from, until),
                  sim::make_sample_chain(pki, {mx}, from, until, sim::KeyType::Rsa2048),
                  sim::make_sample_chain(pki, {"other.example.test"}, from, until),
                  sim::make_sample_chain(evil, {mx}, from, until)};
  }();
  return c;
}

sim::ServerCertificate cert_of(const sim::SampleChain& c) { return {c.without_root(), c.leaf.private_key_pem}; }

/// 2024-11-22 12:00:00 UTC.
Time start_time() { return test::date(2024, 11, 22) + 12h; }

struct World {
  explicit World(std::uint64_t seed = 1, bool starttls = true) : net(clock, sim::Random(seed)) {
    sim::SmtpServerConfig cfg;
    cfg.hostname = mx;
    cfg.seed = seed;
    cfg.offer_starttls = starttls;
    cfg.certificates[mx] = cert_of(chains().good);
    cfg.certificates["other.example.test"] = cert_of(chains().other);
    server = std::make_shared<sim::SmtpServer>(clock, cfg);
    net.listen({mx_ip, 25}, server);
  }
  sim::SmtpClient client(std::uint64_t seed = 1) { return sim::SmtpClient(net, {.local_address = sender_ip, .seed = seed}); }

  sim::Clock clock{start_time()};
  sim::Network net;
  std::shared_ptr<sim::SmtpServer> server;
};

sim::Envelope envelope() {
  return {"sender@example.net", {"user@example.test"}, "Subject: test\r\n\r\nHello\r\n.hidden dot\r\n"};
}

sim::SmtpTarget target(sim::TlsMode mode, std::string sni = mx) { return {mx, {mx_ip, 25}, std::move(sni), mode}; }

/// Reads everything the server sent as text.
std::string text(sim::Connection& c) {
  const auto bytes = c.receive();
  return {bytes.begin(), bytes.end()};
}
void say(sim::Connection& c, const std::string& line) {
  const std::string l = line + "\r\n";
  c.send(std::span(reinterpret_cast<const std::uint8_t*>(l.data()), l.size()));
}

bool has_line(const std::vector<std::string>& log, const std::string& suffix) {
  return std::any_of(log.begin(), log.end(), [&](const std::string& l) {
    return l.size() >= suffix.size() && l.compare(l.size() - suffix.size(), suffix.size(), suffix) == 0;
  });
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

namespace dane::sim {
inline std::ostream& boost_test_print_type(std::ostream& os, SmtpStage s) { return os << to_string(s); }
}  // namespace dane::sim

BOOST_AUTO_TEST_CASE(syslog_prefix_is_rfc3164) {
  // RFC 3164 §4.1.2: "Mmm dd hh:mm:ss" with the day padded by a space.
  const sim::Instant t = std::chrono::time_point_cast<std::chrono::milliseconds>(test::date(2023, 11, 2) + 12h + 5s) + 300ms;
  BOOST_TEST(sim::syslog_prefix(t, "mx", "postfix/smtpd", 1234) == "Nov  2 12:00:05 mx postfix/smtpd[1234]: ");
  const sim::Instant u = std::chrono::time_point_cast<std::chrono::milliseconds>(test::date(2024, 1, 22) + 23h + 59min);
  BOOST_TEST(sim::syslog_prefix(u, "mx", "postfix/smtp", 7) == "Jan 22 23:59:00 mx postfix/smtp[7]: ");
}

BOOST_AUTO_TEST_CASE(plaintext_dialogue_follows_rfc5321) {
  World w;
  std::string err;
  auto c = w.net.connect(sender_ip, {mx_ip, 25}, 30s, &err);
  BOOST_REQUIRE(c);
  BOOST_TEST(text(*c) == "220 mail.example.test ESMTP Postfix (Debian/GNU)\r\n");
  say(*c, "MAIL FROM:<a@example.net>");
  BOOST_TEST(text(*c) == "503 5.5.1 Error: send HELO/EHLO first\r\n");
  say(*c, "EHLO client.example.net");
  const auto ehlo = text(*c);
  BOOST_TEST(ehlo.find("250-mail.example.test\r\n") == 0u);
  BOOST_TEST(ehlo.find("250-STARTTLS\r\n") != std::string::npos);
  BOOST_TEST(ehlo.substr(ehlo.size() - 14) == "250 SMTPUTF8\r\n");
  say(*c, "RCPT TO:<user@example.test>");
  BOOST_TEST(text(*c) == "503 5.5.1 Error: need MAIL command\r\n");
  say(*c, "XYZZY");
  BOOST_TEST(text(*c) == "502 5.5.2 Error: command not recognized\r\n");
  say(*c, "MAIL FROM:a@example.net");
  BOOST_TEST(text(*c) == "501 5.5.4 Syntax: MAIL FROM:<address>\r\n");
  say(*c, "MAIL FROM:<a@example.net>");
  BOOST_TEST(text(*c) == "250 2.1.0 Ok\r\n");
  say(*c, "DATA");
  BOOST_TEST(text(*c) == "503 5.5.1 Error: need RCPT command\r\n");
  say(*c, "RCPT TO:<user@example.test>");
  BOOST_TEST(text(*c) == "250 2.1.5 Ok\r\n");
  say(*c, "DATA");
  BOOST_TEST(text(*c) == "354 End data with <CR><LF>.<CR><LF>\r\n");
  // RFC 5321 §4.5.2: the client doubled the leading dot; the server removes one.
  say(*c, "Subject: x\r\n\r\n..leading dot\r\nend\r\n.");
  const auto queued = text(*c);
  BOOST_TEST(queued.rfind("250 2.0.0 Ok: queued as ", 0) == 0u);
  say(*c, "QUIT");
  BOOST_TEST(text(*c) == "221 2.0.0 Bye\r\n");
  BOOST_TEST(!c->is_open());
  c->close();

  BOOST_REQUIRE_EQUAL(w.server->mailbox().size(), 1u);
  const auto& m = w.server->mailbox().front();
  BOOST_TEST(m.data == "Subject: x\r\n\r\n.leading dot\r\nend\r\n");
  BOOST_TEST(m.mail_from == "a@example.net");
  BOOST_TEST(m.recipients == std::vector<std::string>{"user@example.test"});
  BOOST_TEST(!m.tls);
  BOOST_TEST(queued == "250 2.0.0 Ok: queued as " + m.queue_id + "\r\n");
  BOOST_TEST(m.queue_id.size() == 10u);

  const auto& log = w.server->log();
  BOOST_REQUIRE(!log.empty());
  // Connected at 12:00:00 plus the TCP handshake (2 x 10 ms default latency).
  BOOST_TEST(log.front().rfind("Nov 22 12:00:00 mx postfix/smtpd[", 0) == 0u);
  BOOST_TEST(has_line(log, "]: connect from unknown[198.51.100.7]"));
  BOOST_TEST(has_line(log, m.queue_id + ": client=unknown[198.51.100.7]"));
  // Postfix counts ok/total per command: mail 2 ok of 4, rcpt 1 of 2, data 1 of 2, unknown 0 of 1.
  BOOST_TEST(has_line(log, "disconnect from unknown[198.51.100.7] ehlo=1 mail=1/3 rcpt=1/2 data=1/2 quit=1 "
                           "unknown=0/1 commands=5/10"));
}

BOOST_AUTO_TEST_CASE(starttls_delivery_with_sni_and_logs) {
  World w;
  auto client = w.client();
  auto a = client.deliver(target(sim::TlsMode::Required), envelope());
  BOOST_TEST(a.delivered, a.failure);
  BOOST_TEST(a.tls.offered);
  BOOST_TEST(a.tls.established);
  BOOST_TEST(a.tls.protocol == "TLSv1.2");
  // Botan 2 speaks TLS 1.2 only; ECDSA key, AES-256-GCM preferred: RFC 5289 suite 0xC02C.
  BOOST_TEST(a.tls.cipher == "ECDHE-ECDSA-AES256-GCM-SHA384");
  BOOST_TEST(a.tls.cipher_bits == 256);
  BOOST_TEST(a.tls.peer_chain == chains().good.without_root());
  BOOST_TEST(a.stage == sim::SmtpStage::Done);
  BOOST_TEST(a.reply.rfind("250 2.0.0 Ok: queued as ", 0) == 0u);

  BOOST_REQUIRE_EQUAL(w.server->mailbox().size(), 1u);
  const auto& m = w.server->mailbox().front();
  BOOST_TEST(m.tls);
  BOOST_TEST(m.sni == mx);
  BOOST_TEST(m.data == "Subject: test\r\n\r\nHello\r\n.hidden dot\r\n");
  const auto& log = w.server->log();
  BOOST_TEST(has_line(log, "Anonymous TLS connection established from unknown[198.51.100.7]: TLSv1.2 with cipher "
                           "ECDHE-ECDSA-AES256-GCM-SHA384 (256/256 bits)"));
  // commands= is the sum of the counts (Postfix smtpd.c); 2+1+1+1+1+1 = 7.
  BOOST_TEST(has_line(log, "disconnect from unknown[198.51.100.7] ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7"));
  // The transcript shows the second EHLO after TLS (RFC 3207 §4.2).
  BOOST_TEST(std::count(a.transcript.begin(), a.transcript.end(), "C: EHLO sender.example.net") == 2);
}

BOOST_AUTO_TEST_CASE(certificate_follows_sni) {
  World w;
  auto client = w.client();
  auto a = client.deliver(target(sim::TlsMode::Required, "OTHER.example.test."), envelope());
  BOOST_TEST(a.delivered);
  BOOST_TEST(a.tls.peer_chain == chains().other.without_root());
  // An unknown name and no default certificate: no usable certificate, the handshake fails.
  auto b = client.deliver(target(sim::TlsMode::Required, "unknown.example.test"), envelope());
  BOOST_TEST(!b.delivered);
  BOOST_TEST(b.tls.attempted);
  BOOST_TEST(!b.tls.established);
  BOOST_TEST(b.stage == sim::SmtpStage::Handshake);
  BOOST_TEST(b.tls.error.find("handshake_failure") != std::string::npos, b.tls.error);
  BOOST_TEST(has_line(w.server->log(), "lost connection after STARTTLS from unknown[198.51.100.7]"));
  BOOST_TEST(w.server->mailbox().size() == 1u);
}

BOOST_AUTO_TEST_CASE(default_certificate_and_rsa_suite) {
  sim::Clock clock{start_time()};
  sim::Network net(clock, sim::Random(3));
  sim::SmtpServerConfig cfg;
  cfg.default_certificate = cert_of(chains().rsa);
  auto server = std::make_shared<sim::SmtpServer>(clock, cfg);
  net.listen({mx_ip, 25}, server);
  sim::SmtpClient client(net, {.local_address = sender_ip});
  auto a = client.deliver(target(sim::TlsMode::Opportunistic, "whatever.example"), envelope());
  BOOST_TEST(a.delivered);
  // RSA key: RFC 5289 suite 0xC030.
  BOOST_TEST(a.tls.cipher == "ECDHE-RSA-AES256-GCM-SHA384");
  BOOST_TEST(a.tls.peer_chain == chains().rsa.without_root());
}

BOOST_AUTO_TEST_CASE(required_tls_not_offered_sends_nothing) {
  World w(1, /*starttls=*/false);
  auto client = w.client();
  auto a = client.deliver(target(sim::TlsMode::Required), envelope());
  BOOST_TEST(!a.delivered);
  BOOST_TEST(!a.tls.offered);
  BOOST_TEST(a.aborted);
  BOOST_TEST(a.failure == "TLS is required, but was not offered by host mail.example.test[192.0.2.25]");
  BOOST_TEST(w.server->mailbox().empty());
  BOOST_TEST(has_line(w.server->log(), "disconnect from unknown[198.51.100.7] ehlo=1 quit=1 commands=2"));
  // Opportunistic: plaintext delivery.
  auto b = client.deliver(target(sim::TlsMode::Opportunistic), envelope());
  BOOST_TEST(b.delivered);
  BOOST_TEST(!b.tls.established);
  BOOST_TEST(!w.server->mailbox().front().tls);
}

BOOST_AUTO_TEST_CASE(gate_refusal_quits_after_the_handshake) {
  World w;
  auto client = w.client();
  bool called = false;
  auto a = client.deliver(target(sim::TlsMode::Required), envelope(), [&](const sim::TlsSummary& tls) {
    called = true;
    BOOST_TEST(tls.established);
    BOOST_TEST(tls.peer_chain.size() == 2u);
    return false;
  });
  BOOST_TEST(called);
  BOOST_TEST(a.aborted);
  BOOST_TEST(!a.delivered);
  BOOST_TEST(a.stage == sim::SmtpStage::Gate);
  BOOST_TEST(w.server->mailbox().empty());
  BOOST_TEST(has_line(w.server->log(), "disconnect from unknown[198.51.100.7] ehlo=2 starttls=1 quit=1 commands=4"));
}

BOOST_AUTO_TEST_CASE(stripper_hides_starttls) {
  World w;
  auto real = w.net.listen({mx_ip, 25}, sim::make_starttls_stripper(w.server));
  BOOST_TEST(real == w.server);
  auto client = w.client();
  auto a = client.deliver(target(sim::TlsMode::Required), envelope());
  BOOST_TEST(!a.tls.offered);
  BOOST_TEST(!a.delivered);
  BOOST_TEST(w.server->mailbox().empty());
  // The stripped EHLO reply is still well-formed: its last line uses "250 ".
  BOOST_TEST(contains(a.transcript, "S: 250 SMTPUTF8"));
  BOOST_TEST(!contains(a.transcript, "S: 250-STARTTLS"));
  // A client that sends STARTTLS anyway is refused by the attacker.
  auto c = w.net.connect(sender_ip, {mx_ip, 25}, 30s);
  text(*c);
  say(*c, "STARTTLS");
  BOOST_TEST(text(*c) == "502 5.5.1 Error: command not implemented\r\n");
}

BOOST_AUTO_TEST_CASE(interceptor_presents_its_own_certificate) {
  World w;
  sim::SmtpServerConfig evil;
  evil.hostname = mx;
  evil.default_certificate = cert_of(chains().attacker);
  auto impostor = std::make_shared<sim::SmtpServer>(w.clock, evil);
  w.net.listen({mx_ip, 25}, sim::make_tls_interceptor(w.server, impostor));
  auto client = w.client();
  auto a = client.deliver(target(sim::TlsMode::Required), envelope(), [](const sim::TlsSummary&) { return false; });
  BOOST_TEST(a.tls.established);
  BOOST_TEST(a.tls.peer_chain == chains().attacker.without_root());
  BOOST_TEST(impostor->mailbox().empty());
  BOOST_TEST(w.server->mailbox().empty());
}

BOOST_AUTO_TEST_CASE(limits_on_client_input) {
  World w;
  auto c = w.net.connect(sender_ip, {mx_ip, 25}, 30s);
  text(*c);
  // RFC 5321 §4.5.3.1.4: 512 octets per command line.
  say(*c, "EHLO " + std::string(600, 'a'));
  BOOST_TEST(text(*c) == "500 5.5.2 Error: line too long\r\n");
  say(*c, "EHLO x");
  BOOST_TEST(text(*c).rfind("250-", 0) == 0u);
  for (int i = 0; i < 99; ++i) say(*c, "NOOP");
  text(*c);
  say(*c, "NOOP");
  BOOST_TEST(text(*c) == "421 4.7.0 mail.example.test Error: too many commands\r\n");
  BOOST_TEST(!c->is_open());

  sim::SmtpServerConfig small;
  small.max_message_size = 100;
  auto tiny = std::make_shared<sim::SmtpServer>(w.clock, small);
  w.net.listen({"192.0.2.26", 25}, tiny);
  sim::SmtpClient client(w.net, {.local_address = sender_ip});
  sim::Envelope big = envelope();
  big.data = std::string(50, 'x') + "\r\n" + std::string(80, 'y') + "\r\n";
  auto a = client.deliver({"small", {"192.0.2.26", 25}, "", sim::TlsMode::None}, big);
  BOOST_TEST(!a.delivered);
  BOOST_TEST(a.code == 552);
  BOOST_TEST(a.failure == "host small[192.0.2.26] said: 552 5.3.4 Error: message file too big (in reply to end of DATA command)");
  BOOST_TEST(tiny->mailbox().empty());
}

BOOST_AUTO_TEST_CASE(connection_failures_are_reported) {
  World w;
  auto client = w.client();
  auto a = client.deliver({mx, {"192.0.2.99", 25}, mx, sim::TlsMode::Required}, envelope());
  BOOST_TEST(!a.connected);
  BOOST_TEST(a.failure == "connect to mail.example.test[192.0.2.99]:25: Connection refused");
}

BOOST_AUTO_TEST_CASE(same_seed_same_bytes) {
  auto run = [](std::uint64_t seed) {
    World w(seed);
    auto client = w.client(seed);
    auto a = client.deliver(target(sim::TlsMode::Required), envelope());
    std::vector<std::string> out = w.server->log();
    out.insert(out.end(), a.transcript.begin(), a.transcript.end());
    out.push_back(w.server->mailbox().at(0).queue_id);
    return out;
  };
  BOOST_TEST(run(11) == run(11), boost::test_tools::per_element());
  BOOST_TEST(run(11) != run(12));
}
