// The scenario zone builder (dane/sim/zone_builder.hpp): schema errors name
// their path, the same scenario builds byte-identical zones, delegations carry
// a DS that matches the child's KSK by RFC 4034 §5.1.4 (recomputed here with
// Botan from the RFC's definition), and the built world validates.
#define BOOST_TEST_MODULE dane sim zone builder
#include <boost/test/unit_test.hpp>

#include <botan/hash.h>

#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "dane/dnssec/chain.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/error.hpp"
#include "dane/sim/world.hpp"
#include "dane/sim/zone_builder.hpp"

using dane::InputError;
using dane::dns::Name;
namespace sim = dane::sim;
namespace dnssec = dane::dnssec;
namespace rrtype = dane::dns::rrtype;

namespace dane::dns {
inline std::ostream& boost_test_print_type(std::ostream& os, const Name& n) { return os << n.to_string(); }
}  // namespace dane::dns

namespace {

const std::string scenario_dir = DANE_SCENARIO_DIR;

const char* const small = R"(
name: small
time: 2026-11-22T12:00:00Z
seed: 3
zones:
  - apex: test.
  - apex: example.test.
    signing: {keys: ksk-zsk}
    records:
      - "@ 3600 IN MX 10 mail"
      - "mail 3600 IN A 192.0.2.25"
)";

/// The InputError that parsing text throws (fails the test when none).
InputError parse_error(const std::string& text) {
  try {
    (void)sim::parse_scenario(text, "t.yaml");
  } catch (const InputError& e) {
    return e;
  }
  BOOST_FAIL("no InputError for:\n" << text);
  throw std::logic_error("unreachable");
}

InputError build_error(const std::string& text) {
  const auto s = sim::parse_scenario(text, "t.yaml");
  try {
    (void)sim::build_zones(s);
  } catch (const InputError& e) {
    return e;
  }
  BOOST_FAIL("no InputError building:\n" << text);
  throw std::logic_error("unreachable");
}

/// RFC 4034 Appendix B: the key tag, computed from the DNSKEY RDATA.
std::uint16_t rfc4034_key_tag(const std::vector<std::uint8_t>& rdata) {
  std::uint32_t ac = 0;
  for (std::size_t i = 0; i < rdata.size(); ++i) ac += (i & 1) ? rdata[i] : static_cast<std::uint32_t>(rdata[i]) << 8;
  ac += (ac >> 16) & 0xFFFF;
  return static_cast<std::uint16_t>(ac & 0xFFFF);
}

/// RFC 4034 §5.1.4: digest = SHA-256(owner name in canonical wire form | DNSKEY RDATA).
/// The owner's wire form is written here label by label from its text.
std::vector<std::uint8_t> rfc4034_ds_digest(const std::string& owner_text, const std::vector<std::uint8_t>& dnskey_rdata) {
  std::vector<std::uint8_t> data;
  std::string label;
  for (char c : owner_text == "." ? std::string() : owner_text) {
    if (c == '.') {
      data.push_back(static_cast<std::uint8_t>(label.size()));
      for (char l : label) data.push_back(static_cast<std::uint8_t>(std::tolower(static_cast<unsigned char>(l))));
      label.clear();
    } else {
      label += c;
    }
  }
  data.push_back(0);
  data.insert(data.end(), dnskey_rdata.begin(), dnskey_rdata.end());
  auto sha = Botan::HashFunction::create_or_throw("SHA-256");
  sha->update(data);
  const auto d = sha->final();
  return {d.begin(), d.end()};
}

std::vector<dane::dns::RR> records_of(const sim::BuiltZone& z, const Name& owner, std::uint16_t type) {
  std::vector<dane::dns::RR> out;
  for (const auto& rr : z.zone.records)
    if (rr.owner == owner && rr.type == type) out.push_back(rr);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(unknown_keys_are_named_with_their_path) {
  auto e = parse_error(std::string(small) + "  - apex: other.test.\n    signing: {algoritm: 13}\n");
  BOOST_TEST(e.field() == "zones[2].signing.algoritm");
  BOOST_TEST(e.problem() == "unknown key");
  BOOST_TEST(std::string(e.what()).find("t.yaml") != std::string::npos);

  e = parse_error(std::string(small) + "zonez: []\n");
  BOOST_TEST(e.field() == "zonez");
  e = parse_error(std::string(small) + "    mutations: [{kind: bad-signature, ownr: mail}]\n");
  BOOST_TEST(e.field() == "zones[1].mutations[0].ownr");
  e = parse_error(std::string(small) + "    mutations: [{kind: bad-sig}]\n");
  BOOST_TEST(e.field() == "zones[1].mutations[0].kind");
  BOOST_TEST(e.value() == "bad-sig");
  e = parse_error(std::string(small) + "faults: [{server: ns1.example.test., action: explode}]\n");
  BOOST_TEST(e.field() == "faults[0].action");
  e = parse_error("zones:\n  - apex: a..b.\n");
  BOOST_TEST(e.field() == "zones[0].apex");
  e = parse_error("zones:\n  - apex: a.\n    signing: {algorithm: 7}\n");
  BOOST_TEST(e.field() == "zones[0].signing.algorithm");
  e = parse_error("zones:\n  - apex: a.\n    signing: {inception: yesterday}\n");
  BOOST_TEST(e.field() == "zones[0].signing.inception");
  e = parse_error("time: tomorrow\n");
  BOOST_TEST(e.field() == "time");
  e = parse_error("zones: [\n");
  BOOST_TEST(e.problem().find("not valid YAML") != std::string::npos);
  e = parse_error("- just a list\n");
  BOOST_TEST(e.problem().find("map") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(reserved_sections_are_kept_as_yaml_text) {
  const auto s = sim::parse_scenario(std::string(small) + "smtp: {port: 25}\nexpect:\n  - delivered\n", "t.yaml");
  BOOST_TEST(s.reserved.size() == 2u);
  BOOST_TEST(s.reserved.at("smtp").find("port: 25") != std::string::npos);
  BOOST_TEST(s.reserved.at("expect").find("delivered") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_zone_data_is_named) {
  auto e = build_error(std::string(small) + "      - \"mail.other. 3600 IN A 192.0.2.1\"\n");
  BOOST_TEST(e.field() == "zones[1].records[2]");
  e = build_error(std::string(small) + "      - \"mail 3600 IN A not-an-address\"\n");
  BOOST_TEST(e.field() == "zones[1].records[2]");
  e = build_error(std::string(small) + "  - apex: plain.test.\n    unsigned: true\n    mutations: [bad-signature]\n");
  BOOST_TEST(e.field() == "zones[2].mutations[0]");
  BOOST_TEST(e.problem() == "needs a signed zone");
  e = build_error(std::string(small) + "    mutations: [{kind: bad-signature, owner: nowhere, type: A}]\n");
  BOOST_TEST(e.field() == "zones[1].mutations[0]");
  e = build_error(std::string(small) + "faults: [{server: ns9.example.test., action: drop}]\n");
  BOOST_TEST(e.field() == "faults[0].server");
  e = build_error("zones:\n  - apex: .\n    mutations: [missing-ds]\n");
  BOOST_TEST(e.problem().find("parent") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(same_scenario_same_zones_byte_for_byte) {
  const auto s = sim::load_scenario(scenario_dir + "/valid.yaml");
  const auto a = sim::build_zones(s);
  const auto b = sim::build_zones(sim::load_scenario(scenario_dir + "/valid.yaml"));
  BOOST_REQUIRE(a.zones.size() == 3u);  // ., test., example.test.
  BOOST_REQUIRE(b.zones.size() == a.zones.size());
  for (std::size_t i = 0; i < a.zones.size(); ++i) {
    BOOST_TEST(dnssec::write_zone(a.zones[i].zone.records, a.zones[i].apex) ==
               dnssec::write_zone(b.zones[i].zone.records, b.zones[i].apex));
    BOOST_TEST(a.zones[i].keys.front().to_bind_private() == b.zones[i].keys.front().to_bind_private());
  }
  // Another seed: other keys.
  auto s2 = s;
  s2.seed = 8;
  const auto c = sim::build_zones(s2);
  BOOST_TEST(a.zones[2].keys.front().to_bind_private() != c.zones[2].keys.front().to_bind_private());
  // Adding a zone leaves the other zones' keys alone.
  auto s3 = s;
  s3.zones.push_back(sim::ZoneSpec{});
  s3.zones.back().apex = Name::parse("zzz.test.");
  const auto d = sim::build_zones(s3);
  BOOST_TEST(d.zone(Name::parse("example.test.")).keys.front().to_bind_private() ==
             a.zone(Name::parse("example.test.")).keys.front().to_bind_private());
}

BOOST_AUTO_TEST_CASE(delegations_carry_ns_glue_and_a_ds_matching_the_child_ksk) {
  const auto w = sim::build_zones(sim::load_scenario(scenario_dir + "/valid.yaml"));
  const auto& root = w.zone(Name());
  const auto& tld = w.zone(Name::parse("test."));
  const auto& child = w.zone(Name::parse("example.test."));
  BOOST_TEST((child.parent.value() == Name::parse("test.")));
  BOOST_TEST((tld.parent.value() == Name()));

  // In the parent: NS to ns1.example.test., its glue, and one DS.
  const auto ns = records_of(tld, Name::parse("example.test."), rrtype::NS);
  BOOST_REQUIRE(ns.size() == 1u);
  BOOST_TEST(ns[0].to_string().find("ns1.example.test.") != std::string::npos);
  const auto glue = records_of(tld, Name::parse("ns1.example.test."), rrtype::A);
  BOOST_REQUIRE(glue.size() == 1u);
  BOOST_TEST(glue[0].rdata == (std::vector<std::uint8_t>{198, 51, 100, 1}));
  const auto ds = records_of(tld, Name::parse("example.test."), rrtype::DS);
  BOOST_REQUIRE(ds.size() == 1u);

  // The DS per RFC 4034 §5.1: key tag (App. B), algorithm, digest type 2, SHA-256 digest.
  const auto& ksk = child.keys.front().dnskey();
  BOOST_TEST(ksk.flags == 257);
  const auto key_rdata = ksk.rdata();
  const auto tag = rfc4034_key_tag(key_rdata);
  const std::vector<std::uint8_t> want_prefix{static_cast<std::uint8_t>(tag >> 8), static_cast<std::uint8_t>(tag & 0xFF), 13, 2};
  const auto digest = rfc4034_ds_digest("example.test.", key_rdata);
  std::vector<std::uint8_t> want = want_prefix;
  want.insert(want.end(), digest.begin(), digest.end());
  BOOST_TEST(ds[0].rdata == want);
  // The DS is signed by the parent (an RRSIG over it, signer test.).
  bool signed_ds = false;
  for (const auto& rr : tld.zone.records)
    if (rr.type == rrtype::RRSIG && rr.owner == Name::parse("example.test.")) {
      const auto sig = dnssec::Rrsig::from_rdata(rr.rdata);
      if (sig.type_covered == rrtype::DS) signed_ds = sig.signer == Name::parse("test.");
    }
  BOOST_TEST(signed_ds);

  // The trust anchor is the DS of the sim root's key.
  BOOST_REQUIRE(w.anchors.size() == 1u);
  BOOST_REQUIRE(w.anchors[0].ds.size() == 1u);
  BOOST_TEST(w.anchors[0].ds[0].digest == rfc4034_ds_digest(".", root.keys.front().dnskey().rdata()));
  BOOST_TEST(w.root_hints == (std::vector<sim::Address>{"198.41.0.4"}));
  // Servers: the root's, test.'s default, and the declared one.
  BOOST_TEST(w.servers.size() == 3u);
}

BOOST_AUTO_TEST_CASE(the_valid_world_validates_from_its_anchor) {
  const auto w = sim::build_zones(sim::load_scenario(scenario_dir + "/valid.yaml"));
  dnssec::RecordPool pool;
  for (const auto& z : w.zones) pool.add(z.zone.records);
  dnssec::Validator v(w.anchors);
  for (const auto& s : dnssec::group_signed(w.zone(Name::parse("example.test.")).zone.records))
    if (s.rrset.owner == Name::parse("_25._tcp.mail.example.test.") && s.rrset.type == rrtype::TLSA) {
      const auto r = v.validate_rrset(s, pool, w.time);
      BOOST_TEST((r.status == dnssec::Security::Secure), r.explain());
    }
}

BOOST_AUTO_TEST_CASE(every_mutation_kind_is_documented) {
  for (const auto& m : sim::mutation_catalog()) {
    BOOST_TEST(!m.catalog.empty(), m.kind);
    BOOST_TEST(!m.what.empty(), m.kind);
    BOOST_TEST(&sim::mutation_info(m.kind) != nullptr);
  }
  BOOST_CHECK_THROW(sim::mutation_info("no-such-kind"), InputError);
}

BOOST_AUTO_TEST_CASE(every_scenario_file_builds) {
  for (const auto& entry : std::filesystem::directory_iterator(scenario_dir)) {
    if (entry.path().extension() != ".yaml") continue;
    BOOST_TEST_CONTEXT(entry.path().filename().string()) {
      BOOST_CHECK_NO_THROW(sim::build_zones(sim::load_scenario(entry.path().string())));
    }
  }
}

BOOST_AUTO_TEST_CASE(missing_zones_on_the_way_up_are_added) {
  const auto w = sim::build_zones(sim::parse_scenario(
      "zones:\n  - apex: a.example.test.\n    servers: [{name: ns1.a.example.test., address: 203.0.113.1}]\n", "t.yaml"));
  std::vector<std::string> apexes;
  for (const auto& z : w.zones) apexes.push_back(z.apex.to_string());
  BOOST_TEST(apexes == (std::vector<std::string>{".", "test.", "example.test.", "a.example.test."}),
             boost::test_tools::per_element());
  BOOST_TEST((w.zone(Name::parse("a.example.test.")).parent.value() == Name::parse("example.test.")));
  // The declared server keeps 203.0.113.1; the defaults take other addresses.
  for (const auto& s : w.servers)
    if (!(s.name == Name::parse("ns1.a.example.test.")))
      BOOST_TEST(s.addresses.front() != "203.0.113.1");
}

namespace {

const std::string new_hash(64, 'a');
const std::string old_hash(64, 'b');

/// ns1 serves the current TLSA (data aa..), ns2 is a stale secondary that still
/// serves the one before (bb..); the fault decides which server answers TLSA.
std::string stale_world(const std::string& faults) {
  return R"(
name: stale
time: 2026-11-22T12:00:00Z
seed: 3
zones:
  - apex: example.test.
    records:
      - "_25._tcp.mail 3600 IN TLSA 3 1 1 )" + new_hash + R"("
    servers:
      - {name: ns1.example.test., address: 198.51.100.1}
      - {name: ns2.example.test., address: 198.51.100.2,
         stale: ["_25._tcp.mail 3600 IN TLSA 3 1 1 )" + old_hash + R"("]}
)" + faults;
}

/// The TLSA data a validating resolver of the world gets, as text, with its security.
std::pair<std::string, dnssec::Security> tlsa_seen(const std::string& text) {
  sim::DnsWorld world(sim::parse_scenario(text, "t.yaml"));
  auto resolver = world.resolver(sim::ResolverKind::Validating);
  const auto l = resolver->lookup(Name::parse("_25._tcp.mail.example.test."), rrtype::TLSA);
  BOOST_REQUIRE_EQUAL(l.records.size(), 1u);
  std::string seen = l.records.front().to_string();
  for (auto& c : seen) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return {seen, l.security};
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_stale_secondary_serves_the_older_copy_signed_and_with_a_lower_serial) {
  // smtp-dane D15: only some servers serve the new TLSA.
  const auto w = sim::build_zones(sim::parse_scenario(stale_world(""), "t.yaml"));
  const sim::BuiltServer* ns1 = nullptr;
  const sim::BuiltServer* ns2 = nullptr;
  for (const auto& sv : w.servers) {
    if (sv.name == Name::parse("ns1.example.test.")) ns1 = &sv;
    if (sv.name == Name::parse("ns2.example.test.")) ns2 = &sv;
  }
  BOOST_REQUIRE(ns1 && ns2);
  BOOST_TEST(ns1->stale_zones.empty());
  BOOST_REQUIRE(ns2->stale_zones.count(Name::parse("example.test.")) == 1u);
  const auto& stale = ns2->stale_zones.at(Name::parse("example.test.")).records;
  auto serial = [](const std::vector<dane::dns::RR>& records) {
    for (const auto& rr : records)
      if (rr.type == rrtype::SOA) return rr.to_string();
    return std::string();
  };
  // The builder's default SOA has serial 1 (zone_builder.cpp); the stale copy is one behind.
  BOOST_TEST(serial(w.zone(Name::parse("example.test.")).zone.records).find(" 1 3600 600 86400 300") != std::string::npos);
  BOOST_TEST(serial(stale).find(" 0 3600 600 86400 300") != std::string::npos);

  // Both servers answer: the resolver asks ns1 first and sees the current record.
  auto [now_seen, now_sec] = tlsa_seen(stale_world(""));
  BOOST_TEST(now_seen.find(new_hash) != std::string::npos);
  BOOST_TEST((now_sec == dnssec::Security::Secure));
  // ns1 drops TLSA queries: ns2's older record, validly signed, is what the sender gets.
  auto [old_seen, old_sec] =
      tlsa_seen(stale_world("faults:\n  - {server: ns1.example.test., action: drop, qtype: TLSA}\n"));
  BOOST_TEST(old_seen.find(old_hash) != std::string::npos);
  BOOST_TEST((old_sec == dnssec::Security::Secure));
}

BOOST_AUTO_TEST_CASE(a_stale_line_must_replace_an_rrset_of_the_zone) {
  std::string text = stale_world("");
  text.replace(text.find("_25._tcp.mail 3600 IN TLSA 3 1 1 " + old_hash), 13, "_26._tcp.mail");
  const auto e = build_error(text);
  BOOST_TEST(e.field() == "zones[0].servers[1].stale[0]");
  BOOST_TEST(e.problem().find("replaces no RRset") != std::string::npos);
  const auto p = parse_error(std::string(small) +
                             "    servers: [{name: ns1.example.test., address: 198.51.100.1, stale: yes}]\n");
  BOOST_TEST(p.field() == "zones[1].servers[0].stale");
}
