// The simulator's recursive resolvers over a small signed world (root ->
// test. -> example.test., ECDSA P-256, signed with libdane's sign_zone and
// served by AuthoritativeServer). Expected values come from the RFCs: AD only
// for validated data asked with DO or AD (RFC 4035 §3.2.3, RFC 6840 §5.7),
// SERVFAIL + EDE 6 for a bad signature (RFC 4035 §5.5, RFC 8914 §4.7), TTLs
// from the zone text (3600) and the SOA MINIMUM for negative answers (300,
// RFC 2308 §5), the DO / CD bits the study's resolver kinds send.
#define BOOST_TEST_MODULE dane::sim recursive resolvers
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/sim/authority.hpp"
#include "dane/sim/recursive.hpp"
#include "dane/sim/replay.hpp"
#include "support.hpp"

using namespace dane;
using namespace dane::sim;
using namespace dane::dnssec;
using namespace std::chrono_literals;
using dns::Name;
using dns::RR;

namespace {

const Time inception = parse_time("2026-01-01");
const Time expiration = parse_time("2026-03-01");
const Time start = parse_time("2026-02-01");

const Address root_addr = "198.41.0.4", test_addr = "192.0.2.10", example_addr = "192.0.2.20",
              dead_addr = "192.0.2.30";

RR ds_record(const Name& owner, const Dnskey& key) {
  return RR{owner, dns::rrtype::DS, dns::class_in, 3600, make_ds(owner, key, 2).rdata()};
}

std::vector<RR> sign(std::vector<RR> records, const Name& apex, const SigningKey& key) {
  ZoneSigningOptions o;
  o.window = {inception, expiration};
  return sign_zone(records, apex, std::span(&key, 1), o);
}

/// Flips the last octet of the signature of the RRSIG over (owner, type).
void break_signature(std::vector<RR>& zone, const std::string& owner, std::uint16_t type) {
  for (auto& rr : zone)
    if (rr.type == dns::rrtype::RRSIG && rr.owner == Name::parse(owner) && rr.rdata[0] == (type >> 8) &&
        rr.rdata[1] == (type & 0xFF))
      rr.rdata.back() ^= 0x5A;
}

/// The signed world and a resolver of one kind in it.
struct World {
  Clock clock{start};
  Network net{clock, Random(7)};
  std::shared_ptr<QueryLog> log = std::make_shared<QueryLog>();
  SigningKey root_key = SigningKey::generate(13, 257, 11);
  SigningKey test_key = SigningKey::generate(13, 257, 12);
  SigningKey example_key = SigningKey::generate(13, 257, 13);
  std::shared_ptr<AuthoritativeServer> root_ns, test_ns, example_ns;
  std::unique_ptr<RecursiveResolver> resolver;

  /// stale_soa: example.test.'s SOA is changed after signing (its RRSIG no longer matches).
  explicit World(ResolverKind kind, std::size_t udp_size = 1232, bool stale_soa = false) {
    auto root = dns::parse_zone(
        ". 3600 IN SOA a.root. nobody.invalid. 1 3600 600 86400 300\n"
        ". 3600 IN NS a.root.\n"
        "a.root. 3600 IN A " + root_addr + "\n"
        "test. 3600 IN NS ns.test.\n"
        "ns.test. 3600 IN A " + test_addr + "\n"
        "dead.test. 3600 IN NS ns.dead.test.\n", Name());
    root.push_back(ds_record(Name::parse("test."), test_key.dnskey()));
    auto test = dns::parse_zone(
        "test. 3600 IN SOA ns.test. h.test. 1 3600 600 86400 300\n"
        "test. 3600 IN NS ns.test.\n"
        "ns.test. 3600 IN A " + test_addr + "\n"
        "example.test. 3600 IN NS ns.example.test.\n"
        "ns.example.test. 3600 IN A " + example_addr + "\n"
        "dead.test. 3600 IN NS ns.dead.test.\n"
        "ns.dead.test. 3600 IN A " + dead_addr + "\n", Name::parse("test."));
    test.push_back(ds_record(Name::parse("example.test."), example_key.dnskey()));
    std::string big;
    for (int i = 0; i < 8; ++i) big += "big.example.test. 3600 IN TXT \"" + std::string(200, static_cast<char>('a' + i)) + "\"\n";
    auto example = dns::parse_zone(
        "example.test. 3600 IN SOA ns.example.test. h.example.test. 1 3600 600 86400 300\n"
        "example.test. 3600 IN NS ns.example.test.\n"
        "ns.example.test. 3600 IN A " + example_addr + "\n"
        "www.example.test. 3600 IN A 192.0.2.80\n"
        "alias.example.test. 3600 IN CNAME www.example.test.\n"
        "bad.example.test. 3600 IN A 192.0.2.66\n"
        "trap.example.test. 3600 IN A 192.0.2.67\n" + big, Name::parse("example.test."));
    root = sign(root, Name(), root_key);
    test = sign(test, Name::parse("test."), test_key);
    example = sign(example, Name::parse("example.test."), example_key);
    break_signature(example, "bad.example.test.", dns::rrtype::A);
    if (stale_soa)
      for (auto& rr : example)
        if (rr.type == dns::rrtype::SOA)
          rr = RR::parse("example.test. 3600 IN SOA ns.example.test. h.example.test. 2 3600 600 86400 300");
    // KeyTrap-style: twenty RRSIGs that name the zone key and all fail.
    for (const auto& rr : std::vector<RR>(example))
      if (rr.type == dns::rrtype::RRSIG && rr.owner == Name::parse("trap.example.test."))
        for (int i = 1; i <= 20; ++i) {
          RR bad = rr;
          bad.rdata[bad.rdata.size() - 1 - static_cast<std::size_t>(i)] ^= 0x11;
          example.push_back(bad);
        }
    root_ns = serve("a.root.", root_addr, {Name(), root});
    test_ns = serve("ns.test.", test_addr, {Name::parse("test."), test});
    example_ns = serve("ns.example.test.", example_addr, {Name::parse("example.test."), example});
    // dead.test.'s server drops everything.
    auto dead = serve("ns.dead.test.", dead_addr,
                      {Name::parse("dead.test."), dns::parse_zone("dead.test. 3600 IN SOA ns.dead.test. h. 1 1 1 1 1\n"
                                                                  "dead.test. 3600 IN NS ns.dead.test.\n",
                                                                  Name::parse("dead.test."))});
    dead->add_fault(FaultRule{});

    ResolverConfig c;
    c.kind = kind;
    c.root_hints = {root_addr};
    c.anchors = {TrustAnchor{Name(), {}, {root_key.dnskey()}}};
    c.udp_size = static_cast<std::uint16_t>(udp_size);
    resolver = std::make_unique<RecursiveResolver>(net, c);
  }

  std::shared_ptr<AuthoritativeServer> serve(const std::string& name, const Address& at, Zone zone) {
    auto s = std::make_shared<AuthoritativeServer>(name, clock, Random(1), log);
    s->add_zone(std::move(zone));
    net.serve(Endpoint{at, 53}, Transport::Udp, s);
    net.serve(Endpoint{at, 53}, Transport::Tcp, s);
    return s;
  }

  dns::Message ask(const std::string& name, std::uint16_t type, bool do_bit, bool cd = false, bool ad = false) {
    dns::Message q;
    q.id = 99;
    q.rd = true;
    q.cd = cd;
    q.ad = ad;
    q.question = dns::Question{Name::parse(name), type, dns::class_in};
    if (do_bit) {
      dns::Edns e;
      e.dnssec_ok = true;
      q.edns = e;
    }
    return resolver->answer(q);
  }

  std::size_t logged(std::uint16_t type) const {
    return static_cast<std::size_t>(std::count_if(log->entries().begin(), log->entries().end(),
                                                  [&](const QueryLogEntry& e) { return e.question.type == type; }));
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(validating_secure_answer_has_ad_and_asks_ds_dnskey_with_do) {
  World w(ResolverKind::Validating);
  const auto r = w.ask("www.example.test.", dns::rrtype::A, true);
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  BOOST_TEST(r.ad);
  BOOST_TEST(r.answer.size() == 2u);  // the A and its RRSIG (DO=1)
  const auto l = w.resolver->lookup(Name::parse("www.example.test."), dns::rrtype::A);
  BOOST_TEST(l.is_secure(), l.explain());
  BOOST_TEST(l.records.size() == 1u);
  BOOST_TEST(w.logged(dns::rrtype::DNSKEY) >= 3u);  // ., test., example.test.
  for (const auto& e : w.log->entries()) {
    BOOST_TEST(e.dnssec_ok);
    BOOST_TEST(!e.cd);
  }
  // RFC 6840 §5.7: no AD for a client that set neither DO nor AD; AD when it set AD.
  BOOST_TEST(!w.ask("www.example.test.", dns::rrtype::A, false).ad);
  BOOST_TEST(w.ask("www.example.test.", dns::rrtype::A, false, false, true).ad);
}

BOOST_AUTO_TEST_CASE(validating_cname_chain_is_secure) {
  World w(ResolverKind::Validating);
  const auto l = w.resolver->lookup(Name::parse("alias.example.test."), dns::rrtype::A);
  BOOST_TEST(l.is_secure(), l.explain());
  BOOST_REQUIRE(l.aliases.size() == 1u);
  BOOST_TEST((l.aliases[0].target == Name::parse("www.example.test.")));
  BOOST_TEST((l.final_name == Name::parse("www.example.test.")));
}

BOOST_AUTO_TEST_CASE(broken_signature_is_servfail_with_ede_6) {
  World w(ResolverKind::Validating);
  const auto r = w.ask("bad.example.test.", dns::rrtype::A, true);
  BOOST_TEST(r.rcode == dns::rcode::SERVFAIL);
  BOOST_TEST(r.answer.empty());
  BOOST_REQUIRE(r.edns.has_value());
  BOOST_REQUIRE(r.edns->errors.size() == 1u);
  BOOST_TEST(r.edns->errors[0].info_code == 6u);  // RFC 8914 §4.7 DNSSEC Bogus
  const auto l = w.resolver->lookup(Name::parse("bad.example.test."), dns::rrtype::A);
  BOOST_TEST(l.is_error());
  BOOST_TEST((l.security == Security::Bogus));
  // CD=1: the data comes back, without AD (RFC 4035 §3.2.2).
  const auto cd = w.ask("bad.example.test.", dns::rrtype::A, true, true);
  BOOST_TEST(cd.rcode == dns::rcode::NOERROR);
  BOOST_TEST(!cd.ad);
  BOOST_TEST(!cd.answer.empty());
}

BOOST_AUTO_TEST_CASE(nxdomain_is_secure_and_negatively_cached) {
  World w(ResolverKind::Validating);
  const auto l = w.resolver->lookup(Name::parse("nope.example.test."), dns::rrtype::A);
  BOOST_TEST((l.outcome == Lookup::Outcome::NxDomain));
  BOOST_TEST(l.is_secure(), l.explain());
  const std::size_t sent = w.resolver->stats().queries_sent;
  w.resolver->lookup(Name::parse("nope.example.test."), dns::rrtype::A);
  BOOST_TEST(w.resolver->stats().queries_sent == sent);  // cached
  w.clock.advance(301s);  // RFC 2308 §5: SOA MINIMUM 300
  w.resolver->lookup(Name::parse("nope.example.test."), dns::rrtype::A);
  BOOST_TEST(w.resolver->stats().queries_sent > sent);
}

BOOST_AUTO_TEST_CASE(negative_answer_with_a_stale_soa_signature_is_bogus) {
  // RFC 4035 §5 (and Unbound): every RRset of a negative answer's authority
  // section is validated, the SOA included; the SOA changed after signing
  // makes the NODATA and the NXDOMAIN Bogus although the NSECs are fine.
  World w(ResolverKind::Validating, 1232, true);
  for (const auto& [name, type] : {std::pair{"www.example.test.", dns::rrtype::TXT}, {"nope.example.test.", dns::rrtype::A}}) {
    const auto r = w.ask(name, type, true);
    BOOST_TEST(r.rcode == dns::rcode::SERVFAIL, name);
    BOOST_TEST(!r.ad);
    BOOST_REQUIRE(r.edns.has_value());
    BOOST_REQUIRE(r.edns->errors.size() == 1u);
    BOOST_TEST(r.edns->errors[0].info_code == 6u);  // RFC 8914 §4.7 DNSSEC Bogus
    const auto l = w.resolver->lookup(Name::parse(name), type);
    BOOST_TEST((l.security == Security::Bogus), l.explain());
  }
  // The positive answer of the same zone stays Secure.
  BOOST_TEST(w.ask("www.example.test.", dns::rrtype::A, true).ad);
  // Control: with the SOA as signed, the same NODATA is Secure.
  World ok(ResolverKind::Validating);
  const auto r = ok.ask("www.example.test.", dns::rrtype::TXT, true);
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  BOOST_TEST(r.ad);
}

BOOST_AUTO_TEST_CASE(positive_answers_are_cached_for_their_ttl) {
  World w(ResolverKind::Validating);
  w.resolver->lookup(Name::parse("www.example.test."), dns::rrtype::A);
  const std::size_t sent = w.resolver->stats().queries_sent;
  const std::size_t logged = w.log->entries().size();
  const auto again = w.resolver->lookup(Name::parse("www.example.test."), dns::rrtype::A);
  BOOST_TEST(again.is_secure());
  BOOST_TEST(w.resolver->stats().queries_sent == sent);
  BOOST_TEST(w.log->entries().size() == logged);
  w.clock.advance(3601s);
  w.resolver->lookup(Name::parse("www.example.test."), dns::rrtype::A);
  BOOST_TEST(w.log->entries().size() > logged);
}

BOOST_AUTO_TEST_CASE(no_do_resolver_sends_no_do_and_reports_insecure) {
  World w(ResolverKind::NoDo);
  const auto l = w.resolver->lookup(Name::parse("www.example.test."), dns::rrtype::A);
  BOOST_TEST((l.outcome == Lookup::Outcome::Answer));
  BOOST_TEST((l.security == Security::Insecure));
  BOOST_TEST(w.logged(dns::rrtype::DNSKEY) == 0u);
  BOOST_TEST(w.logged(dns::rrtype::DS) == 0u);
  for (const auto& e : w.log->entries()) {
    BOOST_TEST(e.edns);
    BOOST_TEST(!e.dnssec_ok);
  }
  // A bad signature is invisible to it.
  BOOST_TEST((w.resolver->lookup(Name::parse("bad.example.test."), dns::rrtype::A).outcome == Lookup::Outcome::Answer));
}

BOOST_AUTO_TEST_CASE(do_no_validate_sends_do_but_never_fetches_keys) {
  World w(ResolverKind::DoNoValidate);
  const auto r = w.ask("www.example.test.", dns::rrtype::A, true);
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  BOOST_TEST(!r.ad);
  BOOST_TEST(w.logged(dns::rrtype::DNSKEY) == 0u);
  BOOST_TEST(w.logged(dns::rrtype::DS) == 0u);
  for (const auto& e : w.log->entries()) BOOST_TEST(e.dnssec_ok);
}

BOOST_AUTO_TEST_CASE(cd_setting_sends_cd_fetches_keys_never_validates) {
  World w(ResolverKind::CdSetting);
  const auto r = w.ask("bad.example.test.", dns::rrtype::A, true);
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);  // bogus, but not validated
  BOOST_TEST(!r.ad);
  BOOST_TEST(w.logged(dns::rrtype::DNSKEY) >= 1u);
  BOOST_TEST(w.logged(dns::rrtype::DS) >= 1u);
  for (const auto& e : w.log->entries()) {
    BOOST_TEST(e.cd);
    BOOST_TEST(e.dnssec_ok);
  }
  BOOST_TEST((w.resolver->lookup(Name::parse("www.example.test."), dns::rrtype::A).security == Security::Insecure));
}

BOOST_AUTO_TEST_CASE(truncated_udp_reply_is_retried_over_tcp) {
  World w(ResolverKind::Validating, 512);
  const auto l = w.resolver->lookup(Name::parse("big.example.test."), dns::rrtype::TXT);
  BOOST_TEST((l.outcome == Lookup::Outcome::Answer));
  BOOST_TEST(l.records.size() == 8u);
  BOOST_TEST(w.resolver->stats().tcp_retries >= 1u);
  BOOST_TEST(std::any_of(w.log->entries().begin(), w.log->entries().end(), [](const QueryLogEntry& e) {
    return e.tcp && e.question.type == dns::rrtype::TXT;
  }));
}

BOOST_AUTO_TEST_CASE(dropping_server_times_out_to_an_error) {
  World w(ResolverKind::Validating);
  const auto l = w.resolver->lookup(Name::parse("www.dead.test."), dns::rrtype::A);
  BOOST_TEST(l.is_error());
  BOOST_TEST((l.security == Security::Indeterminate));
  BOOST_TEST(w.resolver->stats().timeouts == 3u);  // one server, 1 try + 2 retries
  BOOST_TEST(l.explain().find("did not answer") != std::string::npos, l.explain());
}

BOOST_AUTO_TEST_CASE(keytrap_signatures_end_bounded_with_a_named_limit) {
  World w(ResolverKind::Validating);
  const auto l = w.resolver->lookup(Name::parse("trap.example.test."), dns::rrtype::A);
  // The one valid RRSIG may be tried first; either way the work is bounded.
  const std::size_t checks = w.resolver->stats().signature_checks;
  BOOST_TEST(checks <= ValidationLimits{}.crypto_budget);
  if (!l.is_secure()) {
    BOOST_TEST(l.is_error());
    BOOST_TEST(l.explain().find("limit reached") != std::string::npos, l.explain());
  }
}

BOOST_AUTO_TEST_CASE(query_limit_ends_in_error_naming_it) {
  World w(ResolverKind::Validating);
  ResolverConfig c = w.resolver->config();
  c.max_queries_per_lookup = 2;
  RecursiveResolver small(w.net, c);
  const auto l = small.lookup(Name::parse("www.example.test."), dns::rrtype::A);
  BOOST_TEST(l.is_error());
  BOOST_TEST(l.explain().find("max_queries_per_lookup") != std::string::npos, l.explain());
}

BOOST_AUTO_TEST_CASE(kind_names_round_trip) {
  for (auto k : {ResolverKind::Validating, ResolverKind::DoNoValidate, ResolverKind::CdSetting, ResolverKind::NoDo})
    BOOST_TEST((resolver_kind_from_string(to_string(k)) == k));
  BOOST_CHECK_THROW(resolver_kind_from_string("paranoid"), InputError);
}

namespace {

/// A server that answers every query for www.example. A with one canned,
/// authoritative reply (records that a real zone server would not send).
class CannedServer : public DatagramService {
 public:
  std::optional<std::vector<std::uint8_t>> handle(const Request& request) override {
    const auto q = dns::Message::from_wire(request.payload);
    dns::Message m;
    m.id = q.id;
    m.qr = true;
    m.aa = true;
    m.question = q.question;
    if (q.question && q.question->name == Name::parse("www.example.") && q.question->type == dns::rrtype::A) {
      m.answer = {RR::parse("www.example. 3600 IN A 192.0.2.1"), RR::parse("www.example. 3600 IN A \\# 4 c0000202")};
      // RFC 1035 §3.4.1: an A RDATA is 4 octets; this one has 5.
      m.answer.push_back(RR{Name::parse("www.example."), dns::rrtype::A, dns::class_in, 3600, {1, 2, 3, 4, 5}});
      m.authority = {RR::parse("example. 3600 IN NS ns.example.")};
      m.additional = {RR::parse("ns.example. 3600 IN A 192.0.2.53"), RR::parse("unrelated.example. 3600 IN A 192.0.2.99"),
                      RR::parse("ns.example. 3600 IN TXT \"not an address\"")};
    } else if (q.question && q.question->name == Name::parse("both.example.")) {
      // RFC 2181 §10.1 broken: a CNAME and the asked-for data at one name.
      m.answer = {RR::parse("both.example. 3600 IN A 192.0.2.7"), RR::parse("both.example. 3600 IN CNAME other.example.")};
    } else if (q.question && q.question->name == Name::parse("cfirst.example.")) {
      // The same, the CNAME first: it leads on, the A beside it is extra.
      m.answer = {RR::parse("cfirst.example. 3600 IN CNAME other.example."), RR::parse("cfirst.example. 3600 IN A 192.0.2.6")};
    } else if (q.question && q.question->name == Name::parse("other.example.")) {
      m.answer = {RR::parse("other.example. 3600 IN A 192.0.2.9")};
    } else if (q.question && q.question->name == Name::parse("x.example.")) {
      // A CNAME into DNAME'd space: the DNAME comes along, its CNAME for b.dn.example. does not.
      m.answer = {RR::parse("x.example. 3600 IN CNAME b.dn.example."), RR::parse("dn.example. 600 IN DNAME t.example.")};
    } else if (q.question && q.question->name == Name::parse("b.t.example.")) {
      m.answer = {RR::parse("b.t.example. 3600 IN A 192.0.2.8")};
    } else {
      m.rcode = dns::rcode::NXDOMAIN;
    }
    return m.to_wire();
  }
};

/// A NoDo resolver's answer to (name, A) from the CannedServer root.
dns::Message ask_canned(const std::string& name, bool minimal = false, bool harden_additional = false) {
  Clock clock{start};
  Network net{clock, Random(7)};
  net.serve(Endpoint{root_addr, 53}, Transport::Udp, std::make_shared<CannedServer>());
  ResolverConfig c;
  c.kind = ResolverKind::NoDo;
  c.root_hints = {root_addr};
  c.minimal_responses = minimal;
  c.harden_unknown_additional = harden_additional;
  RecursiveResolver resolver(net, c);
  dns::Message q;
  q.id = 7;
  q.rd = true;
  q.question = dns::Question{Name::parse(name), dns::rrtype::A, dns::class_in};
  return resolver.answer(q);
}

}  // namespace

BOOST_AUTO_TEST_CASE(malformed_and_unrequested_records_are_scrubbed) {
  for (const bool harden : {false, true}) {
    const auto r = ask_canned("www.example.", false, harden);
    BOOST_TEST(r.rcode == dns::rcode::NOERROR);
    // The two well-formed addresses stay; the 5-octet A is dropped.
    BOOST_TEST(r.answer.size() == 2u);
    for (const auto& rr : r.answer) BOOST_TEST(rr.rdata.size() == 4u);
    // Additional: of the addresses, only that of the name server the
    // authority NS names; the TXT stays unless harden-unknown-additional
    // (Unbound's scrub_normalize; val_any_dname.rpl keeps an SRV there,
    // val_any_cap.rpl with the option does not).
    BOOST_REQUIRE(r.additional.size() == (harden ? 1u : 2u));
    BOOST_TEST(r.additional[0].to_string() == RR::parse("ns.example. 3600 IN A 192.0.2.53").to_string());
    if (!harden) BOOST_TEST(r.additional[1].to_string() == RR::parse("ns.example. 3600 IN TXT \"not an address\"").to_string());
  }
}


BOOST_AUTO_TEST_CASE(cname_and_data_at_one_name_the_first_in_the_reply_wins) {
  // RFC 2181 §10.1; Unbound's answers in val_cnameother.rpl: the A first
  // answers and the CNAME goes; the CNAME first leads on and the A goes.
  const auto a_first = ask_canned("both.example.");
  BOOST_TEST(a_first.rcode == dns::rcode::NOERROR);
  BOOST_REQUIRE(a_first.answer.size() == 1u);
  BOOST_TEST(a_first.answer[0].to_string() == RR::parse("both.example. 3600 IN A 192.0.2.7").to_string());
  const auto cname_first = ask_canned("cfirst.example.");
  BOOST_TEST(cname_first.rcode == dns::rcode::NOERROR);
  BOOST_REQUIRE(cname_first.answer.size() == 2u);
  BOOST_TEST(cname_first.answer[0].to_string() == RR::parse("cfirst.example. 3600 IN CNAME other.example.").to_string());
  BOOST_TEST(cname_first.answer[1].to_string() == RR::parse("other.example. 3600 IN A 192.0.2.9").to_string());
}

BOOST_AUTO_TEST_CASE(dname_applied_from_an_earlier_link_gets_its_cname_synthesized) {
  // RFC 6672 §2.3, §3.4: b.dn.example. -> b.t.example. by the DNAME, with
  // the DNAME's TTL (600); val_dname_twice.rpl shows Unbound's answer.
  const auto r = ask_canned("x.example.");
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  std::vector<std::string> got;
  for (const auto& rr : r.answer) got.push_back(rr.to_string());
  std::sort(got.begin(), got.end());
  std::vector<std::string> want{RR::parse("x.example. 3600 IN CNAME b.dn.example.").to_string(),
                                RR::parse("dn.example. 600 IN DNAME t.example.").to_string(),
                                RR::parse("b.dn.example. 600 IN CNAME b.t.example.").to_string(),
                                RR::parse("b.t.example. 3600 IN A 192.0.2.8").to_string()};
  std::sort(want.begin(), want.end());
  BOOST_TEST(got == want, boost::test_tools::per_element());
}

namespace {

dns::Message truncation_sample() {
  // Only RDATA without compressible names (A, TXT, HINFO, RRSIG): its wire
  // size is the same with and without RFC 1035 §4.1.4 compression of RDATA.
  dns::Message m;
  m.id = 1;
  m.qr = true;
  m.question = dns::Question{Name::parse("www.example."), dns::rrtype::A, dns::class_in};
  m.answer = {RR::parse("www.example. 3600 IN A 192.0.2.1"),
              RR::parse("www.example. 3600 IN RRSIG A 8 2 3600 20300101000000 20200101000000 1 example. AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")};
  m.authority = {RR::parse("example. 3600 IN TXT \"first\""), RR::parse("example. 3600 IN TXT \"second\""),
                 RR::parse("example. 3600 IN RRSIG TXT 8 1 3600 20300101000000 20200101000000 1 example. AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                 RR::parse("example. 3600 IN HINFO \"authority\" \"extra\"")};
  m.additional = {RR::parse("ns1.example. 3600 IN A 192.0.2.53"), RR::parse("ns2.example. 3600 IN A 192.0.2.54")};
  m.edns = dns::Edns{};
  return m;
}

/// The wire size of m with its sections cut to the given counts.
std::size_t size_with(dns::Message m, std::size_t an, std::size_t ns, std::size_t ar) {
  m.answer.resize(an);
  m.authority.resize(ns);
  m.additional.resize(ar);
  return m.to_wire().size();
}

}  // namespace

BOOST_AUTO_TEST_CASE(udp_limit_follows_rfc_1035_and_6891) {
  dns::Message q;
  BOOST_TEST(udp_limit(q) == 512u);  // RFC 1035 §4.2.1: no EDNS
  q.edns = dns::Edns{};
  q.edns->udp_payload_size = 100;
  BOOST_TEST(udp_limit(q) == 512u);  // RFC 6891 §6.2.5: below 512 counts as 512
  q.edns->udp_payload_size = 1232;
  BOOST_TEST(udp_limit(q) == 1232u);
}

BOOST_AUTO_TEST_CASE(udp_truncation_keeps_whole_rrsets_and_sets_tc_only_for_answer_and_authority) {
  const dns::Message m = truncation_sample();
  // Fits: unchanged.
  const auto whole = truncate_for_udp(m, size_with(m, 2, 4, 2));
  BOOST_TEST(!whole.tc);
  BOOST_TEST(whole.additional.size() == 2u);
  // One octet short of the second additional A: that RRset goes, TC stays
  // clear (RFC 2181 §9; Unbound: "no need to set TC bit, this is the additional").
  const auto no_ar = truncate_for_udp(m, size_with(m, 2, 4, 2) - 1);
  BOOST_TEST(!no_ar.tc);
  BOOST_TEST(no_ar.authority.size() == 4u);
  BOOST_TEST(no_ar.additional.size() == 1u);
  // Room for the TXT RRset but not the HINFO after it: TC, the TXT RRset
  // (both TXT and their RRSIG) kept, nothing after it.
  const auto no_hinfo = truncate_for_udp(m, size_with(m, 2, 4, 0) - 1);
  BOOST_TEST(no_hinfo.tc);
  BOOST_TEST(no_hinfo.answer.size() == 2u);
  BOOST_TEST(no_hinfo.authority.size() == 3u);
  BOOST_TEST(no_hinfo.additional.empty());
  // Room for all but the TXT RRSIG: the whole TXT RRset goes, never a part of it.
  const auto no_txt = truncate_for_udp(m, size_with(m, 2, 2, 0));
  BOOST_TEST(no_txt.tc);
  BOOST_TEST(no_txt.authority.empty());
  // Not even the answer's RRSIG: the A RRset goes with it.
  const auto no_an = truncate_for_udp(m, size_with(m, 1, 0, 0));
  BOOST_TEST(no_an.tc);
  BOOST_TEST(no_an.answer.empty());
  BOOST_TEST(no_an.to_wire().size() <= size_with(m, 1, 0, 0));
}

BOOST_AUTO_TEST_CASE(udp_truncation_counts_names_in_rdata_compressed_as_unbound_does) {
  dns::Message m;
  m.qr = true;
  m.question = dns::Question{Name::parse("www.example."), dns::rrtype::A, dns::class_in};
  m.authority = {RR::parse("example. 3600 IN NS ns.example.")};
  // By hand (RFC 1035 §4.1.4): header 12; question 13 + 4 (example. at
  // offset 16); NS: owner a pointer (2), type/class/TTL/length 10, RDATA
  // "ns" (3) and a pointer (2): 12 + 17 + 17 = 46 octets. Uncompressed RDATA
  // would take 53.
  const auto fits = truncate_for_udp(m, 46);
  BOOST_TEST(!fits.tc);
  BOOST_TEST(fits.authority.size() == 1u);
  const auto cut = truncate_for_udp(m, 45);
  BOOST_TEST(cut.tc);
  BOOST_TEST(cut.authority.empty());
}

BOOST_AUTO_TEST_CASE(udp_truncation_of_a_huge_answer_stays_cheap_and_bounded) {
  // 4000 RRsets of distinct names: one pass, whole RRsets, TC, under the limit.
  dns::Message m;
  m.qr = true;
  m.question = dns::Question{Name::parse("q.example."), dns::rrtype::ANY, dns::class_in};
  for (int i = 0; i < 4000; ++i)
    m.answer.push_back(RR::parse("n" + std::to_string(i) + ".example. 60 IN TXT \"x\""));
  const auto cut = truncate_for_udp(m, 1232);
  BOOST_TEST(cut.tc);
  BOOST_TEST(!cut.answer.empty());
  BOOST_TEST(cut.answer.size() < 100u);
  BOOST_TEST(cut.to_wire().size() <= 1232u);
}

BOOST_AUTO_TEST_CASE(minimal_responses_drop_authority_of_positive_answers_only) {
  // Unbound's minimal-responses: a positive answer loses authority and additional ...
  const auto full = ask_canned("www.example.");
  BOOST_TEST(full.authority.size() == 1u);  // example. NS (the canned reply's)
  BOOST_TEST(full.additional.size() == 2u);
  const auto pos = ask_canned("www.example.", true);
  BOOST_TEST(pos.rcode == dns::rcode::NOERROR);
  BOOST_TEST(pos.answer.size() == full.answer.size());
  BOOST_TEST(pos.authority.empty());
  BOOST_TEST(pos.additional.empty());
  // ... a negative answer keeps its proof (SOA and NSEC/NSEC3 with RRSIGs).
  World m(ResolverKind::Validating);
  ResolverConfig c = m.resolver->config();
  c.minimal_responses = true;
  m.resolver = std::make_unique<RecursiveResolver>(m.net, c);
  const auto nx = m.ask("nothere.example.test.", dns::rrtype::A, true);
  BOOST_TEST(nx.rcode == dns::rcode::NXDOMAIN);
  BOOST_TEST(!nx.authority.empty());
  const auto nodata = m.ask("www.example.test.", dns::rrtype::TXT, true);
  BOOST_TEST(nodata.rcode == dns::rcode::NOERROR);
  BOOST_TEST(nodata.answer.empty());
  BOOST_TEST(!nodata.authority.empty());
}

namespace {

std::string scenario_text(const std::string& config, const std::string& authority) {
  return config + "CONFIG_END\nSCENARIO_BEGIN t\nRANGE_BEGIN 0 100\nENTRY_BEGIN\nMATCH opcode qtype qname\n"
                  "REPLY QR NOERROR\nSECTION QUESTION\nwww.example.com. IN A\nSECTION AUTHORITY\n" +
         authority + "ENTRY_END\nRANGE_END\nSCENARIO_END\n";
}

/// The signature field (after the signer) of a parsed RRSIG whose signer is example.com.
std::vector<std::uint8_t> signature_of(const RR& rr) {
  const std::size_t fixed = 18 + Name::parse("example.com.").wire().size();
  BOOST_REQUIRE(rr.rdata.size() >= fixed);
  return {rr.rdata.begin() + static_cast<std::ptrdiff_t>(fixed), rr.rdata.end()};
}

}  // namespace

BOOST_AUTO_TEST_CASE(replay_reader_accepts_the_rrsig_signatures_testbound_accepts) {
  const std::string head = "www.example.com. 3600 IN RRSIG NSEC 3 3 3600 20070926135752 20070829135752 2854 example.com. ";
  const auto s = replay::parse(scenario_text("server:\n", head + "\n" +        // empty (val_nodata_failsig.rpl)
                                                              head + "UNUSABLE==\n" +  // stray padding (Deckard)
                                                              head + "AAECAwQ\n" +     // unpadded (val_canon_short_px.rpl)
                                                              head + "AAECAw==\n" +   // well-formed, read by ldns
                                                              "test. 86400 IN DNSKEY 257 3 253 UNUSABLE==\n"),
                               "t.rpl");
  BOOST_REQUIRE(s.ranges.size() == 1u);
  const auto& auth = s.ranges[0].entries.at(0).message.authority;
  BOOST_REQUIRE(auth.size() == 5u);
  for (std::size_t i = 0; i < 4; ++i) BOOST_TEST(auth[i].type == dns::rrtype::RRSIG);
  // DNSKEY flags 257, protocol 3, algorithm 253, then the key "UNUSABLE".
  BOOST_TEST(auth[4].type == dns::rrtype::DNSKEY);
  BOOST_TEST((auth[4].rdata == std::vector<std::uint8_t>{0x01, 0x01, 3, 253, 0x50, 0xd5, 0x12, 0x00, 0x12, 0xc4}));
  // sldns_b64_pton: no text is no data; "UNUSABLE" is two whole groups
  // (RFC 4648 §4: U N U S A B L E = 20 13 20 18 0 1 11 4 -> 50 d5 12 00 12 c4)
  // and "==" alone is no group; of "AAECAwQ" the last group of three
  // characters is incomplete and dropped ("AAEC" -> 00 01 02).
  BOOST_TEST(signature_of(auth[0]).empty());
  BOOST_TEST((signature_of(auth[1]) == std::vector<std::uint8_t>{0x50, 0xd5, 0x12, 0x00, 0x12, 0xc4}));
  BOOST_TEST((signature_of(auth[2]) == std::vector<std::uint8_t>{0x00, 0x01, 0x02}));
  BOOST_TEST((signature_of(auth[3]) == std::vector<std::uint8_t>{0x00, 0x01, 0x02, 0x03}));
  // The fields before the signature are the ldns reading of the same text.
  BOOST_TEST((auth[2].owner == Name::parse("www.example.com.")));
  BOOST_TEST(auth[2].ttl == 3600u);
  BOOST_TEST((std::vector<std::uint8_t>(auth[2].rdata.begin(), auth[2].rdata.begin() + 4) ==
              std::vector<std::uint8_t>{0x00, 47, 3, 3}));  // covers NSEC, algorithm 3, 3 labels
}

BOOST_AUTO_TEST_CASE(replay_reader_names_file_and_line_of_a_bad_record) {
  const std::string text = scenario_text("server:\n", "www.example.com. 3600 IN RRSIG NSEC 3 3 3600 notadate 20070829135752 "
                                                      "2854 example.com. AAAA\n");
  try {
    (void)replay::parse(text, "bad.rpl");
    BOOST_FAIL("a malformed RRSIG was accepted");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("bad.rpl:") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(replay_config_reads_date_override_and_response_options) {
  const auto tb = replay::parse(scenario_text("server:\n\tval-override-date: \"-1\"\n\tminimal-responses: no\n"
                                              "\tharden-unknown-additional: yes\n",
                                              ""),
                                "t.rpl");
  BOOST_TEST(tb.config.testbound);          // an unbound.conf "server:" clause
  BOOST_TEST(tb.config.ignore_dates);       // Unbound's "-1": no date checks
  BOOST_TEST(!tb.config.start.has_value());
  BOOST_TEST((tb.config.minimal_responses == std::optional<bool>(false)));
  BOOST_TEST(tb.config.harden_unknown_additional);
  const auto dk = replay::parse(scenario_text("val-override-date: \"20181130121814\"\n", ""), "t.rpl");
  BOOST_TEST(!dk.config.testbound);         // Deckard's abstract header
  BOOST_TEST(!dk.config.ignore_dates);
  BOOST_TEST(dk.config.start.has_value());
  BOOST_TEST(!dk.config.minimal_responses.has_value());
}

BOOST_AUTO_TEST_CASE(negative_answer_with_unsigned_soa_and_no_nsec_reports_the_missing_rrsigs) {
  // A server that strips DNSSEC from one NODATA: the SOA comes without its
  // RRSIG and no NSEC comes at all. Unbound validates the authority RRsets
  // (validate_msg_signatures) before it looks for the proof, so the reason is
  // the SOA's missing RRSIG (RFC 8914 §4.11, EDE 10; val_cnametonodata_nonsec.rpl),
  // not the missing NSEC (EDE 12).
  World w(ResolverKind::Validating);
  FaultRule strip;
  strip.action = FaultRule::Action::NoDnssec;
  strip.qtype = dns::rrtype::TXT;
  strip.under = Name::parse("www.example.test.");
  w.example_ns->add_fault(strip);
  const auto r = w.ask("www.example.test.", dns::rrtype::TXT, true);
  BOOST_TEST(r.rcode == dns::rcode::SERVFAIL);
  BOOST_REQUIRE(r.edns.has_value());
  BOOST_REQUIRE(r.edns->errors.size() == 1u);
  BOOST_TEST(r.edns->errors[0].info_code == 10u);
}

namespace {

// A testbound scenario (fake-sha1: the alg-5 signatures are not checked, every
// other RRSIG field is) whose server answers two NOERROR replies without data
// and without NSEC: one with the zone's signed SOA, one with only its signed NS.
std::string no_proof_scenario(int soa_ede, int ns_ede) {
  const std::string sig = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";
  const std::string key = "257 3 5 AwEAAas/cAhCFXvBUgTSNZCvQp0pLx1dY+7rXR0hH4/3EUgWmsmbYUpI1qD0xhwKD/oYGEwAm291fyWJ9c0oVxXDEK8=";
  const std::string rrsig = " 5 1 3600 20260301000000 20260101000000 16486 example. " + sig + "\n";
  auto entry = [&](const std::string& q, const std::string& answer, const std::string& authority) {
    return "ENTRY_BEGIN\nMATCH opcode qtype qname\nADJUST copy_id\nREPLY QR AA NOERROR\nSECTION QUESTION\n" + q +
           "\nSECTION ANSWER\n" + answer + "SECTION AUTHORITY\n" + authority + "ENTRY_END\n";
  };
  auto check = [](const std::string& q, int ede, int step) {
    return "STEP " + std::to_string(step) + " QUERY\nENTRY_BEGIN\nREPLY RD DO\nSECTION QUESTION\n" + q +
           "\nENTRY_END\nSTEP " + std::to_string(step + 1) + " CHECK_ANSWER\nENTRY_BEGIN\nMATCH all ede=" +
           std::to_string(ede) + "\nREPLY QR RD RA DO SERVFAIL\nSECTION QUESTION\n" + q + "\nSECTION ANSWER\nENTRY_END\n";
  };
  return "server:\n\ttrust-anchor: \"example. 3600 IN DNSKEY " + key + "\"\n\tval-override-date: \"20260201000000\"\n"
         "\tfake-sha1: yes\nstub-zone:\n\tname: \"example.\"\n\tstub-addr: 192.0.2.1\nCONFIG_END\n"
         "SCENARIO_BEGIN negative replies without a proof\nRANGE_BEGIN 0 100\n\tADDRESS 192.0.2.1\n" +
         entry("example. IN DNSKEY", "example. 3600 IN DNSKEY " + key + "\nexample. 3600 IN RRSIG DNSKEY" + rrsig, "") +
         entry("soa.example. IN TXT", "",
               "example. 3600 IN SOA ns.example. h.example. 1 3600 600 86400 300\nexample. 3600 IN RRSIG SOA" + rrsig) +
         entry("ns.example. IN TXT", "", "example. 3600 IN NS ns.example.\nexample. 3600 IN RRSIG NS" + rrsig) +
         "RANGE_END\n" + check("soa.example. IN TXT", soa_ede, 10) +
         check("ns.example. IN TXT", ns_ede, 20) + "SCENARIO_END\n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(missing_proof_is_nsec_missing_only_in_a_negative_answer) {
  // RFC 8914 §4.13 NSEC Missing describes a negative answer (with its SOA,
  // RFC 2308 §2.2) whose NSEC / NSEC3 records are absent: EDE 12 (Unbound's
  // ede.tdir nsec-failures). A reply with neither data nor SOA, only the
  // zone's NS RRset, is no negative answer: EDE 6 (val_ds_cname.rpl).
  const auto ok = replay::run(replay::parse(no_proof_scenario(12, 6), "no-proof.rpl"));
  BOOST_TEST((ok.status == replay::FileResult::Status::Pass), ok.detail);
  BOOST_TEST(ok.checks == 2u);
  // The inverse expectations fail: the two codes are not interchangeable.
  const auto swapped = replay::run(replay::parse(no_proof_scenario(6, 12), "no-proof-swapped.rpl"));
  BOOST_TEST((swapped.status == replay::FileResult::Status::Fail), swapped.detail);
}

BOOST_AUTO_TEST_CASE(root_key_sentinel_signals_the_root_trust_anchor) {
  // RFC 8509 §3.2: a validated A / AAAA answer for
  // "root-key-sentinel-is-ta-<tag>" is SERVFAIL when <tag> is not a key tag
  // of a root trust anchor, one for "root-key-sentinel-not-ta-<tag>" when it
  // is; other types, and unvalidated (CD) answers, are untouched. The root
  // anchor here is the key with tag 16486 (fake-sha1: alg-5 RRSIGs are not
  // checked cryptographically, every other field is).
  const std::string sig = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";
  const std::string key = "257 3 5 AwEAAas/cAhCFXvBUgTSNZCvQp0pLx1dY+7rXR0hH4/3EUgWmsmbYUpI1qD0xhwKD/oYGEwAm291fyWJ9c0oVxXDEK8=";
  auto rrsig = [&](const std::string& type, int labels) {
    return " 3600 IN RRSIG " + type + " 5 " + std::to_string(labels) + " 3600 20260301000000 20260101000000 16486 . " +
           sig + "\n";
  };
  std::string text = "server:\n\ttrust-anchor: \". 3600 IN DNSKEY " + key +
                     "\"\n\tval-override-date: \"20260201000000\"\n\tfake-sha1: yes\nstub-zone:\n\tname: \".\"\n"
                     "\tstub-addr: 192.0.2.1\nCONFIG_END\nSCENARIO_BEGIN root key sentinel\nRANGE_BEGIN 0 100\n"
                     "\tADDRESS 192.0.2.1\n";
  auto entry = [&](const std::string& q, const std::string& answer) {
    text += "ENTRY_BEGIN\nMATCH opcode qtype qname\nADJUST copy_id\nREPLY QR AA NOERROR\nSECTION QUESTION\n" + q +
            "\nSECTION ANSWER\n" + answer + "ENTRY_END\n";
  };
  entry(". IN DNSKEY", ". 3600 IN DNSKEY " + key + "\n." + rrsig("DNSKEY", 0));
  const std::vector<std::string> labels{"root-key-sentinel-is-ta-16486", "root-key-sentinel-not-ta-16486",
                                        "root-key-sentinel-is-ta-11111", "root-key-sentinel-not-ta-11111"};
  for (const auto& l : labels) {
    entry(l + ". IN A", l + ". 3600 IN A 192.0.2.7\n" + l + "." + rrsig("A", 1));
    entry(l + ". IN TXT", l + ". 3600 IN TXT \"x\"\n" + l + "." + rrsig("TXT", 1));
  }
  text += "RANGE_END\n";
  int step = 10;
  auto check = [&](const std::string& name, const std::string& type, bool servfail, const std::string& flags = "RD DO") {
    const std::string q = name + ". IN " + type;
    const std::string answer = servfail ? "" : name + ". 3600 IN " + type + (type == "A" ? " 192.0.2.7\n" : " \"x\"\n");
    const bool cd = flags.find("CD") != std::string::npos;
    const std::string reply = servfail ? "QR RD RA DO SERVFAIL" : cd ? "QR RD RA CD DO NOERROR" : "QR RD RA AD DO NOERROR";
    text += "STEP " + std::to_string(step) + " QUERY\nENTRY_BEGIN\nREPLY " + flags + "\nSECTION QUESTION\n" + q +
            "\nENTRY_END\nSTEP " + std::to_string(step + 1) +
            " CHECK_ANSWER\nENTRY_BEGIN\nMATCH opcode rcode flags question answer\nREPLY " + reply +
            "\nSECTION QUESTION\n" + q + "\nSECTION ANSWER\n" + answer + (servfail ? "" : name + "." + rrsig(type, 1)) +
            "ENTRY_END\n";
    step += 10;
  };
  check(labels[0], "A", false);  // 16486 is the root anchor's tag: is-ta holds
  check(labels[1], "A", true);   // not-ta fails
  check(labels[2], "A", true);   // 11111 is no anchor: is-ta fails
  check(labels[3], "A", false);  // not-ta holds
  check(labels[1], "TXT", false);  // only A and AAAA are sentinel queries
  check(labels[1], "A", false, "RD CD DO");  // CD=1: no validation, the data comes back
  text += "SCENARIO_END\n";
  const auto r = replay::run(replay::parse(text, "sentinel.rpl"));
  BOOST_TEST((r.status == replay::FileResult::Status::Pass), r.detail);
  BOOST_TEST(r.checks == 6u);
}

namespace {

/// The World's resolver again, with aggressive use of NSEC (RFC 8198) switched on or off.
void set_aggressive(World& w, bool on) {
  ResolverConfig c = w.resolver->config();
  c.aggressive_nsec = on;
  w.resolver = std::make_unique<RecursiveResolver>(w.net, c);
}

}  // namespace

BOOST_AUTO_TEST_CASE(aggressive_nsec_answers_nxdomain_from_the_cache) {
  // example.test.'s names in canonical order (RFC 4034 §6.1): the apex,
  // alias, bad, big, ns, trap, www. nope. and nosuch. both fall between
  // big. and ns., and *.example.test. between the apex and alias., so the
  // NSECs of the first NXDOMAIN prove the second (RFC 8198 §5.2).
  World w(ResolverKind::Validating);
  set_aggressive(w, true);
  const auto first = w.ask("nope.example.test.", dns::rrtype::A, true);
  BOOST_TEST(first.rcode == dns::rcode::NXDOMAIN);
  BOOST_TEST(first.ad);
  const std::size_t sent = w.resolver->stats().queries_sent;
  w.clock.advance(10s);
  const auto second = w.ask("nosuch.example.test.", dns::rrtype::TXT, true);
  BOOST_TEST(w.resolver->stats().queries_sent == sent);  // no upstream query at all
  BOOST_TEST(second.rcode == dns::rcode::NXDOMAIN);
  BOOST_TEST(second.ad);  // the cached NSECs were Secure
  std::size_t nsecs = 0, soas = 0;
  for (const auto& rr : second.authority) {
    nsecs += rr.type == dns::rrtype::NSEC;
    soas += rr.type == dns::rrtype::SOA;
    // RFC 8198 §5.4 / RFC 9077 §3: usable for min(SOA TTL 3600, SOA MINIMUM 300)
    // seconds; 10 of them have passed.
    BOOST_TEST(rr.ttl <= 290u, rr.to_string());
  }
  BOOST_TEST(nsecs == 2u);  // the name's cover and the wildcard's cover
  BOOST_TEST(soas == 1u);
  // After the SOA MINIMUM the NSECs are no longer used: the resolver asks again.
  w.clock.advance(291s);
  BOOST_TEST(w.ask("nothere.example.test.", dns::rrtype::A, true).rcode == dns::rcode::NXDOMAIN);
  BOOST_TEST(w.resolver->stats().queries_sent > sent);
}

BOOST_AUTO_TEST_CASE(aggressive_nsec_off_asks_upstream) {
  // ResolverConfig's default keeps RFC 2308 negative caching per name only.
  World w(ResolverKind::Validating);
  BOOST_TEST(!w.resolver->config().aggressive_nsec);
  BOOST_TEST(w.ask("nope.example.test.", dns::rrtype::A, true).rcode == dns::rcode::NXDOMAIN);
  const std::size_t sent = w.resolver->stats().queries_sent;
  BOOST_TEST(w.ask("nosuch.example.test.", dns::rrtype::TXT, true).rcode == dns::rcode::NXDOMAIN);
  BOOST_TEST(w.resolver->stats().queries_sent > sent);
}

BOOST_AUTO_TEST_CASE(aggressive_nsec_answers_nodata_but_not_any) {
  World w(ResolverKind::Validating);
  set_aggressive(w, true);
  // www.example.test. has an A only: its NSEC (from the TXT NODATA) denies MX too.
  BOOST_TEST(w.ask("www.example.test.", dns::rrtype::TXT, true).rcode == dns::rcode::NOERROR);
  const std::size_t sent = w.resolver->stats().queries_sent;
  const auto mx = w.ask("www.example.test.", dns::rrtype::MX, true);
  BOOST_TEST(w.resolver->stats().queries_sent == sent);
  BOOST_TEST(mx.rcode == dns::rcode::NOERROR);
  BOOST_TEST(mx.answer.empty());
  BOOST_TEST(mx.ad);
  // RFC 6895 §3.1: ANY is no type of a bitmap; the A record must come back.
  const auto any = w.ask("www.example.test.", dns::rrtype::ANY, true);
  BOOST_TEST(w.resolver->stats().queries_sent > sent);
  BOOST_TEST(!any.answer.empty());
}

BOOST_AUTO_TEST_CASE(query_without_rd_gets_a_referral_from_the_cache) {
  // RFC 1034 §4.3.2: without RD the resolver answers from its cache; with no
  // answer cached, Unbound refers to the closest zone whose validated NS
  // RRset it holds, with AD (val_referd.rpl).
  World w(ResolverKind::Validating);
  BOOST_TEST(w.ask("example.test.", dns::rrtype::NS, true).ad);
  const std::size_t sent = w.resolver->stats().queries_sent;
  dns::Message q;
  q.id = 7;
  q.rd = false;
  q.question = dns::Question{Name::parse("other.example.test."), dns::rrtype::A, dns::class_in};
  dns::Edns e;
  e.dnssec_ok = true;
  q.edns = e;
  const auto r = w.resolver->answer(q);
  BOOST_TEST(w.resolver->stats().queries_sent == sent);
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  BOOST_TEST(!r.rd);
  BOOST_TEST(r.ad);
  BOOST_TEST(r.answer.empty());
  std::size_t ns = 0, sigs = 0;
  for (const auto& rr : r.authority) {
    BOOST_TEST((rr.owner == Name::parse("example.test.")));
    ns += rr.type == dns::rrtype::NS;
    sigs += rr.type == dns::rrtype::RRSIG;
  }
  BOOST_TEST(ns == 1u);
  BOOST_TEST(sigs == 1u);
  for (const auto& rr : r.additional) BOOST_TEST((rr.owner == Name::parse("ns.example.test.")));
}

BOOST_AUTO_TEST_CASE(cname_query_is_answered_from_the_cached_chain) {
  // The CNAME learned (and validated) while chasing alias. -> www. answers a
  // later query for the CNAME itself, with AD and without asking (Unbound,
  // val_cnameqtype.rpl step 50).
  World w(ResolverKind::Validating);
  BOOST_TEST(w.ask("alias.example.test.", dns::rrtype::A, true).ad);
  const std::size_t sent = w.resolver->stats().queries_sent;
  const auto r = w.ask("alias.example.test.", dns::rrtype::CNAME, true);
  BOOST_TEST(w.resolver->stats().queries_sent == sent);
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  BOOST_TEST(r.ad);
  BOOST_REQUIRE(r.answer.size() == 2u);  // the CNAME and its RRSIG
  for (const auto& rr : r.answer) BOOST_TEST((rr.owner == Name::parse("alias.example.test.")));
}

BOOST_AUTO_TEST_CASE(ds_query_after_a_referral_carries_the_parent_soa) {
  // dead.test. is an unsigned delegation: test.'s referral carries the NSEC
  // proving no DS (RFC 4035 §3.1.4), but no SOA. A client's DS query gets
  // the NSEC with test.'s SOA (RFC 2308 §3), as Unbound answers it
  // (val_negcache_ds.rpl, val_negcache_dssoa.rpl).
  auto has_soa = [](const dns::Message& m) {
    return std::any_of(m.authority.begin(), m.authority.end(), [](const RR& rr) {
      return rr.type == dns::rrtype::SOA && rr.owner == Name::parse("test.");
    });
  };
  {
    // No SOA of test. cached: the parent is asked for the DS.
    World w(ResolverKind::Validating);
    w.ask("www.dead.test.", dns::rrtype::A, true);  // the referral; dead.test.'s server never answers
    const std::size_t sent = w.resolver->stats().queries_sent;
    const auto r = w.ask("dead.test.", dns::rrtype::DS, true);
    BOOST_TEST(w.resolver->stats().queries_sent > sent);
    BOOST_TEST(r.rcode == dns::rcode::NOERROR);
    BOOST_TEST(r.ad);
    BOOST_TEST(has_soa(r));
  }
  {
    // test.'s Secure SOA cached (from an NXDOMAIN): answered from the cache.
    World w(ResolverKind::Validating);
    BOOST_TEST(w.ask("nope.test.", dns::rrtype::A, true).rcode == dns::rcode::NXDOMAIN);
    w.ask("www.dead.test.", dns::rrtype::A, true);
    const std::size_t sent = w.resolver->stats().queries_sent;
    const auto r = w.ask("dead.test.", dns::rrtype::DS, true);
    BOOST_TEST(w.resolver->stats().queries_sent == sent);
    BOOST_TEST(r.rcode == dns::rcode::NOERROR);
    BOOST_TEST(r.ad);
    BOOST_TEST(has_soa(r));
    BOOST_TEST(std::any_of(r.authority.begin(), r.authority.end(), [](const RR& rr) {
      return rr.type == dns::rrtype::NSEC && rr.owner == Name::parse("dead.test.");
    }));
  }
}

BOOST_AUTO_TEST_CASE(name_server_address_comes_from_cached_glue) {
  // Unbound's iterator takes a name server's address from its rrset cache:
  // other. is served by ns.example.test., whose address came as glue with
  // test.'s referral to example.test.; finding other.'s server needs no
  // query for ns.example.test. A (RFC 1034 §5.3.3 step 3 only when unknown).
  Clock clock{start};
  Network net{clock, Random(7)};
  auto log = std::make_shared<QueryLog>();
  auto serve = [&](const std::string& name, const Address& at, std::vector<Zone> zones) {
    auto s = std::make_shared<AuthoritativeServer>(name, clock, Random(1), log);
    for (auto& z : zones) s->add_zone(std::move(z));
    net.serve(Endpoint{at, 53}, Transport::Udp, s);
    net.serve(Endpoint{at, 53}, Transport::Tcp, s);
    return s;
  };
  auto zone = [](const std::string& text, const std::string& apex) {
    return Zone{Name::parse(apex), dns::parse_zone(text, Name::parse(apex))};
  };
  serve("a.root.", root_addr,
        {zone(". 3600 IN SOA a.root. nobody.invalid. 1 3600 600 86400 300\n"
              ". 3600 IN NS a.root.\n"
              "a.root. 3600 IN A " + root_addr + "\n"
              "test. 3600 IN NS ns.test.\n"
              "ns.test. 3600 IN A " + test_addr + "\n"
              "other. 3600 IN NS ns.example.test.\n", ".")});
  serve("ns.test.", test_addr,
        {zone("test. 3600 IN SOA ns.test. h.test. 1 3600 600 86400 300\n"
              "test. 3600 IN NS ns.test.\n"
              "ns.test. 3600 IN A " + test_addr + "\n"
              "example.test. 3600 IN NS ns.example.test.\n"
              "ns.example.test. 3600 IN A " + example_addr + "\n", "test.")});
  serve("ns.example.test.", example_addr,
        {zone("example.test. 3600 IN SOA ns.example.test. h.example.test. 1 3600 600 86400 300\n"
              "example.test. 3600 IN NS ns.example.test.\n"
              "ns.example.test. 3600 IN A " + example_addr + "\n"
              "www.example.test. 3600 IN A 192.0.2.80\n", "example.test."),
         zone("other. 3600 IN SOA ns.example.test. h.other. 1 3600 600 86400 300\n"
              "other. 3600 IN NS ns.example.test.\n"
              "www.other. 3600 IN A 192.0.2.99\n", "other.")});
  ResolverConfig c;
  c.root_hints = {root_addr};  // no anchor: the data is Insecure, the glue is kept all the same
  RecursiveResolver resolver(net, c);
  BOOST_TEST((resolver.lookup(Name::parse("www.example.test."), dns::rrtype::A).outcome == Lookup::Outcome::Answer));
  const auto l = resolver.lookup(Name::parse("www.other."), dns::rrtype::A);
  BOOST_TEST((l.outcome == Lookup::Outcome::Answer), l.explain());
  BOOST_TEST(std::none_of(log->entries().begin(), log->entries().end(), [](const QueryLogEntry& e) {
    return e.question.name == Name::parse("ns.example.test.") && e.question.type == dns::rrtype::A;
  }));
}

namespace {

/// The (server, name, type) of every query in the log, in order.
std::vector<std::string> asked(const QueryLog& log) {
  std::vector<std::string> out;
  for (const auto& e : log.entries())
    out.push_back(e.server + " " + e.question.name.to_string() + " " + dns::type_to_string(e.question.type));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(qname_minimisation_shows_each_zone_one_label_more) {
  // RFC 9156 §2-3: the root is asked only for test. and test.'s server only
  // for example.test. (QTYPE A, §2.1); the full name and type go only to
  // example.test.'s server. The DNSKEY/DS lookups of validation come after.
  World w(ResolverKind::Validating);
  ResolverConfig c = w.resolver->config();
  c.qname_minimisation = true;
  w.resolver = std::make_unique<RecursiveResolver>(w.net, c);
  const auto l = w.resolver->lookup(Name::parse("www.example.test."), dns::rrtype::TXT);
  BOOST_TEST((l.outcome == Lookup::Outcome::NoData), l.explain());
  BOOST_TEST((l.security == Security::Secure), l.explain());
  const auto q = asked(*w.log);
  BOOST_REQUIRE(q.size() >= 3u);
  BOOST_TEST(q[0] == root_addr + " test. A");
  BOOST_TEST(q[1] == test_addr + " example.test. A");
  BOOST_TEST(q[2] == example_addr + " www.example.test. TXT");
  for (const auto& line : q) BOOST_TEST(line.find(root_addr + " www.") == std::string::npos);

  // Relaxed mode (§2.3): nothere.example.test. does not exist, so the
  // minimised query gets NXDOMAIN and the full name is asked once more.
  w.log->clear();
  const auto nx = w.resolver->lookup(Name::parse("a.b.nothere.example.test."), dns::rrtype::A);
  BOOST_TEST((nx.outcome == Lookup::Outcome::NxDomain), nx.explain());
  const auto q2 = asked(*w.log);
  BOOST_REQUIRE(q2.size() >= 2u);
  BOOST_TEST(q2[0] == example_addr + " nothere.example.test. A");
  BOOST_TEST(q2[1] == example_addr + " a.b.nothere.example.test. A");
}

BOOST_AUTO_TEST_CASE(without_minimisation_the_root_sees_the_full_name) {
  World w(ResolverKind::Validating);
  (void)w.resolver->lookup(Name::parse("www.example.test."), dns::rrtype::TXT);
  const auto q = asked(*w.log);
  BOOST_REQUIRE(!q.empty());
  BOOST_TEST(q[0] == root_addr + " www.example.test. TXT");
}

BOOST_AUTO_TEST_CASE(a_cached_secure_cname_answers_for_every_type) {
  // RFC 1034 §3.6.2: a CNAME owner has no other data, so once the CNAME
  // alias.example.test. -> www.example.test. is cached and Secure, a query
  // for another type at alias. goes straight to the target (as Unbound's
  // rrset cache does; Deckard val_dname_bogus.rpl needs the DNAME form).
  World w(ResolverKind::Validating);
  const auto first = w.resolver->lookup(Name::parse("alias.example.test."), dns::rrtype::A);
  BOOST_TEST((first.security == Security::Secure), first.explain());
  w.log->clear();
  const auto txt = w.resolver->lookup(Name::parse("alias.example.test."), dns::rrtype::TXT);
  BOOST_TEST((txt.outcome == Lookup::Outcome::NoData), txt.explain());
  BOOST_TEST((txt.security == Security::Secure), txt.explain());
  BOOST_REQUIRE(txt.aliases.size() == 1u);
  const auto q = asked(*w.log);
  BOOST_TEST(std::count(q.begin(), q.end(), example_addr + " alias.example.test. TXT") == 0);
  BOOST_TEST(std::count(q.begin(), q.end(), example_addr + " www.example.test. TXT") == 1);
}
