// RapidCheck properties of signing and validation (sign.hpp, chain.hpp):
// random small zones below a signed root, signed with NSEC or NSEC3 by keys
// of algorithms 13 and 15 (one CSK, or a KSK and a ZSK).
//   - every signed RRset validates Secure through the root anchor
//     (RFC 4035 §5);
//   - one flipped bit in an RRset's RDATA, in its RRSIG's signature, in the
//     zone's DNSKEY RRset or in the DS RRset in the root makes the answer
//     Bogus (RFC 4035 §5.3.3, §5.2), unless the flip leaves the canonical
//     RDATA unchanged (a case bit of a name in MX RDATA, RFC 4034 §6.2),
//     when it must stay Secure;
//   - a random absent name, in the zone or in the root, has an NXDOMAIN
//     proof (RecordPool::fetch(...).denial) that validates Secure.
// Keys are generated once per test case (not in statics: see sign.hpp's note
// on Botan's secure memory) and reused by every generated zone.
#define BOOST_TEST_MODULE libdane DNSSEC properties
#include <rapidcheck/boost_test.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "dane/dns/rr.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/error.hpp"
#include "dane/time.hpp"

using namespace dane;
using namespace dane::dnssec;
using dns::Name;
using dns::RR;

namespace {

const Time inception = parse_time("2026-01-01");
const Time expiration = parse_time("2026-03-01");
const Time now = parse_time("2026-02-01");

/// The keys every generated zone draws from.
struct Keys {
  SigningKey root = SigningKey::generate(13, 257, 1);
  std::vector<SigningKey> ksk{SigningKey::generate(13, 257, 2), SigningKey::generate(15, 257, 3)};
  std::vector<SigningKey> zsk{SigningKey::generate(13, 256, 4), SigningKey::generate(15, 256, 5)};
};

/// A signed root and one signed zone below it.
struct World {
  Name apex;
  std::vector<RR> root, zone;
  std::vector<TrustAnchor> anchors;
  std::string description;

  RecordPool pool() const {
    RecordPool p(root);
    p.add(zone);
    return p;
  }
};

/// A label of 1..8 letters and digits after prefix (prefixes keep the
/// generated names apart: r = records, d = delegation, x / y = absent).
rc::Gen<std::string> label(char prefix) {
  return rc::gen::map(rc::gen::container<std::string>(*rc::gen::inRange(1, 8),
                                                      rc::gen::elementOf(std::string("abcdefghijklmnopqrstuvwxyz0123456789"))),
                      [prefix](std::string s) { return prefix + s; });
}

std::vector<std::uint8_t> random_bytes(std::size_t n) {
  return *rc::gen::container<std::vector<std::uint8_t>>(n, rc::gen::arbitrary<std::uint8_t>());
}

/// One random record owned by owner.
RR random_record(const Name& owner, const Name& apex) {
  RR rr{owner, 0, dns::class_in, 300, {}};
  switch (*rc::gen::element(0, 1, 2, 3, 4)) {
    case 0:
      rr.type = dns::rrtype::A;
      rr.rdata = random_bytes(4);
      break;
    case 1:
      rr.type = dns::rrtype::AAAA;
      rr.rdata = random_bytes(16);
      break;
    case 2: {
      rr.type = dns::rrtype::MX;
      rr.rdata = random_bytes(2);
      // Mixed case on purpose: MX names are lower-cased in the canonical form.
      const auto target = Name::parse("Mail." + *label('r'), apex).wire();
      rr.rdata.insert(rr.rdata.end(), target.begin(), target.end());
      break;
    }
    case 3: {
      rr.type = dns::rrtype::TXT;
      const auto text = random_bytes(*rc::gen::inRange<std::size_t>(0, 40));
      rr.rdata.push_back(static_cast<std::uint8_t>(text.size()));
      rr.rdata.insert(rr.rdata.end(), text.begin(), text.end());
      break;
    }
    default: {
      rr.type = dns::rrtype::TLSA;
      rr.rdata = {3, 1, 1};
      const auto digest = random_bytes(32);
      rr.rdata.insert(rr.rdata.end(), digest.begin(), digest.end());
    }
  }
  return rr;
}

World random_world(const Keys& keys) {
  World w;
  w.apex = Name::parse(*label('z') + ".");
  const bool root_nsec3 = *rc::gen::arbitrary<bool>();
  const bool zone_nsec3 = *rc::gen::arbitrary<bool>();
  const std::size_t alg = *rc::gen::inRange<std::size_t>(0, 2);
  const bool split = *rc::gen::arbitrary<bool>();  // KSK + ZSK, or a CSK alone
  std::vector<SigningKey> zone_keys{keys.ksk[alg]};
  if (split) zone_keys.push_back(keys.zsk[alg]);

  const std::string apex = w.apex.to_string();
  std::vector<RR> zone = dns::parse_zone(apex + " 300 IN SOA ns." + apex + " h." + apex + " 1 3600 600 86400 300\n" +
                                         apex + " 300 IN NS ns." + apex + "\n" + "ns." + apex + " 300 IN A 192.0.2.53\n");
  const int n = *rc::gen::inRange(1, 9);
  for (int i = 0; i < n; ++i) {
    Name owner = w.apex;
    const int depth = *rc::gen::inRange(0, 3);
    for (int d = 0; d < depth; ++d) owner = owner.prepend(*label('r'));
    zone.push_back(random_record(owner, w.apex));
  }
  const bool delegation = *rc::gen::arbitrary<bool>();
  if (delegation) {
    const Name cut = w.apex.prepend(*label('d'));
    const Name ns = cut.prepend("ns");
    zone.push_back(RR{cut, dns::rrtype::NS, dns::class_in, 300, ns.wire()});
    zone.push_back(RR{ns, dns::rrtype::A, dns::class_in, 300, {192, 0, 2, 54}});
  }
  ZoneSigningOptions o;
  o.window = {inception, expiration};
  o.nsec3 = zone_nsec3;
  w.zone = sign_zone(zone, w.apex, zone_keys, o);

  std::vector<RR> root = dns::parse_zone(". 300 IN SOA a.root. nobody.invalid. 1 3600 600 86400 300\n"
                                         ". 300 IN NS a.root.\n"
                                         "a.root. 300 IN A 192.0.2.1\n");
  root.push_back(RR{w.apex, dns::rrtype::NS, dns::class_in, 300, Name::parse("ns." + apex).wire()});
  root.push_back(RR{w.apex, dns::rrtype::DS, dns::class_in, 300, make_ds(w.apex, keys.ksk[alg].dnskey(), 2).rdata()});
  o.nsec3 = root_nsec3;
  w.root = sign_zone(root, Name(), std::span(&keys.root, 1), o);
  w.anchors = {TrustAnchor{Name(), {}, {keys.root.dnskey()}}};
  w.description = "root " + std::string(root_nsec3 ? "NSEC3" : "NSEC") + ", zone " + apex + " alg " +
                  std::to_string(keys.ksk[alg].dnskey().algorithm) + (split ? " KSK+ZSK " : " CSK ") +
                  (zone_nsec3 ? "NSEC3" : "NSEC") + (delegation ? " with an insecure delegation" : "") + "\n" +
                  write_zone(w.zone, w.apex);
  return w;
}

/// The zone's signed RRsets (those with RRSIGs: not the delegation NS or glue).
std::vector<SignedRRset> signed_sets(const std::vector<RR>& records) {
  std::vector<SignedRRset> out;
  for (auto& s : group_signed(records))
    if (!s.rrsigs.empty()) out.push_back(std::move(s));
  return out;
}

/// Flips bit `bit` (counted over all octets) of bytes.
void flip(std::vector<std::uint8_t>& bytes, std::size_t bit) {
  bytes.at(bit / 8) = static_cast<std::uint8_t>(bytes.at(bit / 8) ^ (1u << (bit % 8)));
}

/// The index of the RR of type in records owned by owner (first RDATA).
std::size_t find_rr(const std::vector<RR>& records, const Name& owner, std::uint16_t type) {
  for (std::size_t i = 0; i < records.size(); ++i)
    if (records[i].owner == owner && records[i].type == type) return i;
  RC_FAIL("no " + dns::type_to_string(type) + " at " + owner.to_string());
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_rrset_of_a_random_signed_zone_is_secure) {
  const Keys keys;
  const bool ok = rc::check("every signed RRset validates Secure", [&] {
    const World w = random_world(keys);
    RecordPool pool = w.pool();
    Validator v(w.anchors);
    const auto sets = signed_sets(w.zone);
    RC_ASSERT(sets.size() >= 4u);  // SOA, NS, DNSKEY, NSEC(3) at least
    for (const auto& s : sets) {
      const Validation r = v.validate_rrset(s, pool, now);
      if (r.status != Security::Secure)
        RC_FAIL(s.rrset.to_string() + ": " + r.explain() + "\nin " + w.description);
      RC_ASSERT(r.signer == std::optional<Name>(w.apex));
    }
  });
  BOOST_TEST(ok);
}

BOOST_AUTO_TEST_CASE(one_flipped_bit_makes_an_answer_bogus) {
  const Keys keys;
  const bool ok = rc::check("a single-bit change in signed data, signature, DNSKEY or DS is Bogus", [&] {
    World w = random_world(keys);
    auto sets = signed_sets(w.zone);
    std::erase_if(sets, [](const SignedRRset& s) { return s.rrset.type == dns::rrtype::DNSKEY; });
    const SignedRRset original = *rc::gen::elementOf(sets);
    SignedRRset answer = original;
    bool canonical_unchanged = false;
    std::string what;
    switch (*rc::gen::element(0, 1, 2, 3)) {
      case 0: {  // the RDATA of the answer
        const std::size_t i = *rc::gen::inRange<std::size_t>(0, answer.rrset.rdatas.size());
        auto& rd = answer.rrset.rdatas[i];
        flip(rd, *rc::gen::inRange<std::size_t>(0, rd.size() * 8));
        const RR before{answer.rrset.owner, answer.rrset.type, answer.rrset.rclass, 0, original.rrset.rdatas[i]};
        const RR after{answer.rrset.owner, answer.rrset.type, answer.rrset.rclass, 0, rd};
        try {
          canonical_unchanged = before.canonical_rdata() == after.canonical_rdata();
        } catch (const InputError&) {
          canonical_unchanged = false;  // the flip broke a name inside the RDATA
        }
        what = "RDATA #" + std::to_string(i) + " of " + dns::type_to_string(answer.rrset.type);
        break;
      }
      case 1: {  // the signature of one RRSIG
        const std::size_t i = *rc::gen::inRange<std::size_t>(0, answer.rrsigs.size());
        auto& sig = answer.rrsigs[i].signature;
        flip(sig, *rc::gen::inRange<std::size_t>(0, sig.size() * 8));
        what = "RRSIG signature";
        break;
      }
      case 2: {  // the zone's DNSKEY RRset (one RDATA, in the records the pool serves)
        auto& rd = w.zone[find_rr(w.zone, w.apex, dns::rrtype::DNSKEY)].rdata;
        flip(rd, *rc::gen::inRange<std::size_t>(0, rd.size() * 8));
        what = "DNSKEY";
        break;
      }
      default: {  // the DS in the root
        auto& rd = w.root[find_rr(w.root, w.apex, dns::rrtype::DS)].rdata;
        flip(rd, *rc::gen::inRange<std::size_t>(0, rd.size() * 8));
        what = "DS";
      }
    }
    RC_TAG(what.substr(0, what.find(' ')) + (canonical_unchanged ? " (canonical form unchanged)" : ""));
    RecordPool pool = w.pool();
    Validator v(w.anchors);
    const Validation r = v.validate_rrset(answer, pool, now);
    const Security expected = canonical_unchanged ? Security::Secure : Security::Bogus;
    if (r.status != expected)
      RC_FAIL("flipped a bit of the " + what + " of " + original.rrset.to_string() + ": got " +
              std::string(to_string(r.status)) + ", expected " + std::string(to_string(expected)) + ": " +
              r.explain() + "\nin " + w.description);
  });
  BOOST_TEST(ok);
}

BOOST_AUTO_TEST_CASE(absent_names_have_a_secure_nxdomain_proof) {
  const Keys keys;
  const bool ok = rc::check("a random absent name's NXDOMAIN proof validates Secure", [&] {
    const World w = random_world(keys);
    RecordPool pool = w.pool();
    Validator v(w.anchors);
    // x-labels never occur in the zone; y-labels never in the root.
    Name q = *rc::gen::arbitrary<bool>() ? w.apex.prepend(*label('x')) : Name().prepend(*label('y'));
    if (*rc::gen::arbitrary<bool>()) q = q.prepend(*label('r'));
    const auto type = *rc::gen::element(dns::rrtype::A, dns::rrtype::TLSA, dns::rrtype::MX);
    const auto proof = pool.fetch(q, type).denial;
    RC_ASSERT(!proof.empty());
    const Validation r = v.validate_denial(q, type, DenialClaim::NxDomain, proof, pool, now);
    if (r.status != Security::Secure) RC_FAIL(q.to_string() + ": " + r.explain() + "\nin " + w.description);
  });
  BOOST_TEST(ok);
}
