// The chain of trust (chain.hpp) over zones signed here: a root zone
// (the anchor) delegating to example. (signed, with DS) and to
// insecure.example. (signed, no DS: an insecure delegation).
// Expected outcomes from RFC 4035 §4.3 / §5 and the EDE table of RFC 8914.
#define BOOST_TEST_MODULE libdane chain of trust
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "dane/dns/rr.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/time.hpp"

namespace dane::dnssec {
inline std::ostream& boost_test_print_type(std::ostream& os, Security s) { return os << to_string(s); }
inline std::ostream& boost_test_print_type(std::ostream& os, Ede e) { return os << static_cast<int>(e); }
}  // namespace dane::dnssec

using namespace dane;
using namespace dane::dnssec;
using dns::Name;
using dns::RR;

namespace {

const Time inception = parse_time("2026-01-01");
const Time expiration = parse_time("2026-03-01");
const Time now = parse_time("2026-02-01");

struct World {
  SigningKey root_key = SigningKey::generate(13, 257, 1);
  SigningKey example_key = SigningKey::generate(13, 257, 2);
  SigningKey insecure_key = SigningKey::generate(13, 257, 3);
  std::vector<RR> root, example, insecure;

  std::vector<RR> sign(const std::string& text, const Name& apex, const SigningKey& key, bool nsec3 = false) {
    ZoneSigningOptions o;
    o.window = {inception, expiration};
    o.nsec3 = nsec3;
    const auto records = dns::parse_zone(text, apex);
    return sign_zone(records, apex, std::span(&key, 1), o);
  }

  /// ds_override: replaces the DS RDATA for example. in the root zone.
  explicit World(const std::string& ds_override = "", bool nsec3 = false) {
    const std::string ds =
        ds_override.empty() ? make_ds_text(Name::parse("example."), example_key.dnskey()) : ds_override;
    root = sign(". 3600 IN SOA a.root. nobody.invalid. 1 3600 600 86400 300\n"
                ". 3600 IN NS a.root.\n"
                "a.root. 3600 IN A 192.0.2.1\n"
                "example. 3600 IN NS ns.example.\n"
                "example. 3600 IN DS " + ds + "\n",
                Name(), root_key, nsec3);
    example = sign("example. 3600 IN SOA ns.example. hostmaster.example. 1 3600 600 86400 300\n"
                   "example. 3600 IN NS ns.example.\n"
                   "ns.example. 3600 IN A 192.0.2.53\n"
                   "www.example. 3600 IN A 192.0.2.80\n"
                   "alias.example. 3600 IN CNAME www.example.\n"
                   "away.example. 3600 IN CNAME mail.insecure.example.\n"
                   "loop1.example. 3600 IN CNAME loop2.example.\n"
                   "loop2.example. 3600 IN CNAME loop1.example.\n"
                   "d.example. 3600 IN DNAME example.\n"
                   "*.wild.example. 3600 IN A 192.0.2.99\n"
                   "insecure.example. 3600 IN NS ns.insecure.example.\n"
                   "ns.insecure.example. 3600 IN A 192.0.2.54\n",
                   Name::parse("example."), example_key, nsec3);
    insecure = sign("insecure.example. 3600 IN SOA ns.insecure.example. h.example. 1 3600 600 86400 300\n"
                    "insecure.example. 3600 IN NS ns.insecure.example.\n"
                    "mail.insecure.example. 3600 IN A 192.0.2.25\n",
                    Name::parse("insecure.example."), insecure_key, nsec3);
  }

  static std::string make_ds_text(const Name& owner, const Dnskey& key) {
    const Ds d = make_ds(owner, key, 2);
    RR rr{owner, dns::rrtype::DS, dns::class_in, 3600, d.rdata()};
    const std::string line = rr.to_string();
    return line.substr(line.find("DS") + 3);
  }

  /// The three zones as a pool (added apart: they share owners at the cuts).
  RecordPool pool() const {
    RecordPool p(root);
    p.add(example);
    p.add(insecure);
    return p;
  }

  std::vector<TrustAnchor> anchors() const { return {TrustAnchor{Name(), {}, {root_key.dnskey()}}}; }
};

/// The signed RRset (owner, type) from records.
SignedRRset find(const std::vector<RR>& records, const std::string& owner, std::uint16_t type) {
  for (const auto& s : group_signed(records))
    if (s.rrset.owner == Name::parse(owner) && s.rrset.type == type) return s;
  BOOST_FAIL("no RRset " + owner);
  return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(secure_answer_through_ds) {
  World w;
  RecordPool pool = w.pool();
  Validator v(w.anchors());
  const auto r = v.validate_rrset(find(w.example, "www.example.", dns::rrtype::A), pool, now);
  BOOST_TEST(r.status == Security::Secure, r.explain());
  BOOST_TEST(r.signer.value().to_string() == "example.");
  BOOST_TEST(r.ttl <= 3600u);
  BOOST_TEST(r.crypto_used >= 3u);  // root DNSKEY, example. DS, example. DNSKEY, the answer
}

BOOST_AUTO_TEST_CASE(signed_zone_without_ds_is_insecure) {
  // The study's "missing-ds": insecure.example. is signed, but its parent
  // proves it has no DS (RFC 4035 §5.2): its answers are Insecure, not Bogus.
  World w;
  RecordPool pool = w.pool();
  Validator v(w.anchors());
  const auto signed_answer = v.validate_rrset(find(w.insecure, "mail.insecure.example.", dns::rrtype::A), pool, now);
  BOOST_TEST(signed_answer.status == Security::Insecure, signed_answer.explain());
  auto unsigned_answer = find(w.insecure, "mail.insecure.example.", dns::rrtype::A);
  unsigned_answer.rrsigs.clear();
  BOOST_TEST(v.validate_rrset(unsigned_answer, pool, now).status == Security::Insecure);
}

BOOST_AUTO_TEST_CASE(missing_or_broken_signatures_are_bogus) {
  World w;
  RecordPool pool = w.pool();
  Validator v(w.anchors());
  auto stripped = find(w.example, "www.example.", dns::rrtype::A);
  stripped.rrsigs.clear();
  const auto missing = v.validate_rrset(stripped, pool, now);
  BOOST_TEST(missing.status == Security::Bogus);
  BOOST_TEST(missing.ede == Ede::RrsigsMissing);  // EDE 10
  auto tampered = find(w.example, "www.example.", dns::rrtype::A);
  tampered.rrset.rdatas[0][3] ^= 1;  // 192.0.2.80 -> 192.0.2.81
  const auto bad = v.validate_rrset(tampered, pool, now);
  BOOST_TEST(bad.status == Security::Bogus);
  BOOST_TEST(bad.ede == Ede::DnssecBogus);  // EDE 6
  const auto expired = v.validate_rrset(find(w.example, "www.example.", dns::rrtype::A), pool, parse_time("2026-04-01"));
  BOOST_TEST(expired.status == Security::Bogus);
  BOOST_TEST(expired.ede == Ede::SignatureExpired);  // EDE 7
  const auto early = v.validate_rrset(find(w.example, "www.example.", dns::rrtype::A), pool, parse_time("2025-12-01"));
  BOOST_TEST(early.ede == Ede::SignatureNotYetValid);  // EDE 8
}

BOOST_AUTO_TEST_CASE(ds_that_matches_no_key) {
  // The DS names a key tag the child does not have: "DS for example. matches
  // no DNSKEY", EDE 9 (DNSKEY Missing).
  World w("12345 13 2 " + std::string(64, 'A'));
  RecordPool pool = w.pool();
  Validator v(w.anchors());
  const auto r = v.validate_rrset(find(w.example, "www.example.", dns::rrtype::A), pool, now);
  BOOST_TEST(r.status == Security::Bogus);
  BOOST_TEST(r.ede == Ede::DnskeyMissing);
  BOOST_TEST(r.explain().find("DS for example. matches no DNSKEY: tag 12345 alg 13 not found") != std::string::npos,
             r.explain());
}

BOOST_AUTO_TEST_CASE(ds_with_only_an_unsupported_algorithm_is_insecure) {
  // RFC 4035 §5.2: no supported algorithm in the DS set: Insecure, EDE 1.
  World w("12345 16 2 " + std::string(64, 'A'));
  RecordPool pool = w.pool();
  Validator v(w.anchors());
  const auto r = v.validate_rrset(find(w.example, "www.example.", dns::rrtype::A), pool, now);
  BOOST_TEST(r.status == Security::Insecure, r.explain());
  BOOST_TEST(r.ede == Ede::UnsupportedDnskeyAlgorithm);
}

BOOST_AUTO_TEST_CASE(anchors_and_negative_anchors) {
  World w;
  RecordPool pool = w.pool();
  Validator nta(w.anchors());
  nta.add_negative_anchor(Name::parse("example."));
  BOOST_TEST(nta.validate_rrset(find(w.example, "www.example.", dns::rrtype::A), pool, now).status == Security::Insecure);
  // An anchor for another tree only: Indeterminate (RFC 4035 §4.3).
  Validator other({TrustAnchor{Name::parse("org."), {}, {w.root_key.dnskey()}}});
  BOOST_TEST(other.validate_rrset(find(w.example, "www.example.", dns::rrtype::A), pool, now).status ==
             Security::Indeterminate);
  // The wrong key as the root anchor: Bogus.
  Validator wrong({TrustAnchor{Name(), {}, {w.example_key.dnskey()}}});
  BOOST_TEST(wrong.validate_rrset(find(w.example, "www.example.", dns::rrtype::A), pool, now).status == Security::Bogus);
  // The default anchors are the IANA root KSKs.
  const auto roots = default_root_anchors();
  BOOST_TEST(roots.size() == 1u);
  BOOST_TEST(roots[0].ds.size() == 2u);
  BOOST_TEST(roots[0].ds[0].key_tag == 20326);
  BOOST_TEST(roots[0].ds[1].key_tag == 38696);
}

BOOST_AUTO_TEST_CASE(ds_of_an_anchored_zone_belongs_to_its_parent) {
  // RFC 4034 §5 / RFC 4035 §5.2: the DS RRset of example. is data of the
  // parent zone. With an anchor at example. only, an unsigned "no DS" answer
  // from the parent is not covered by any anchor (Indeterminate, which a
  // resolver answers as Insecure: Unbound val_ds_afterprime.rpl), never
  // Bogus under example.'s own anchor.
  World w;
  RecordPool pool(w.example);
  Validator island({TrustAnchor{Name::parse("example."), {}, {w.example_key.dnskey()}}});
  const auto r = island.validate_denial(Name::parse("example."), dns::rrtype::DS, DenialClaim::NoData, {}, pool, now);
  BOOST_TEST(r.status == Security::Indeterminate, r.explain());
  BOOST_TEST(r.ede == Ede::DnssecIndeterminate);
  // Under the root anchor the parent is signed: the same unproved answer is Bogus.
  RecordPool full = w.pool();
  Validator rooted(w.anchors());
  BOOST_TEST(rooted.validate_denial(Name::parse("example."), dns::rrtype::DS, DenialClaim::NoData, {}, full, now).status ==
             Security::Bogus);
}

BOOST_AUTO_TEST_CASE(keytrap_style_answers_stay_within_the_limits) {
  // 40 RRSIGs with the right tag and garbage signatures: at most 8 are tried
  // (and the crypto budget caps the whole validation).
  World w;
  RecordPool pool = w.pool();
  Validator v(w.anchors());
  auto answer = find(w.example, "www.example.", dns::rrtype::A);
  Rrsig bad = answer.rrsigs.at(0);
  bad.signature.assign(bad.signature.size(), 0x42);
  answer.rrsigs.assign(40, bad);
  const auto r = v.validate_rrset(answer, pool, now);
  BOOST_TEST(r.status == Security::Bogus);
  BOOST_TEST(r.limit_hit);
  BOOST_TEST(r.crypto_used <= 3u + 8u);
  ValidationLimits tight;
  tight.crypto_budget = 2;
  Validator small(w.anchors(), {}, tight);
  const auto cut = small.validate_rrset(find(w.example, "www.example.", dns::rrtype::A), pool, now);
  BOOST_TEST(cut.status != Security::Secure);
  BOOST_TEST(cut.limit_hit);
  BOOST_TEST(cut.crypto_used == 2u);
}

BOOST_AUTO_TEST_CASE(denial_of_a_name_nsec_and_nsec3) {
  for (const bool nsec3 : {false, true}) {
    World w("", nsec3);
    RecordPool pool = w.pool();
    Validator v(w.anchors());
    const Name q = Name::parse("nx.example.");
    const auto proof = pool.fetch(q, dns::rrtype::A).denial;
    BOOST_TEST(!proof.empty());
    const auto r = v.validate_denial(q, dns::rrtype::A, DenialClaim::NxDomain, proof, pool, now);
    BOOST_TEST(r.status == Security::Secure, (nsec3 ? "NSEC3: " : "NSEC: ") + r.explain());
    // www.example. exists: claiming NXDOMAIN for it cannot be proved.
    const Name www = Name::parse("www.example.");
    const auto lie = v.validate_denial(www, dns::rrtype::A, DenialClaim::NxDomain,
                                       pool.fetch(Name::parse("www.example."), dns::rrtype::TXT).denial, pool, now);
    BOOST_TEST(lie.status == Security::Bogus);
  }
}

BOOST_AUTO_TEST_CASE(cname_and_dname_chains_take_the_weakest_link) {
  World w;
  RecordPool pool = w.pool();
  Validator v(w.anchors());
  namespace t = dns::rrtype;
  const std::vector<SignedRRset> none;
  // alias.example. -> www.example. A: both links Secure.
  const std::vector<SignedRRset> a1{find(w.example, "alias.example.", t::CNAME), find(w.example, "www.example.", t::A)};
  const auto c1 = v.validate_answer(Name::parse("alias.example."), t::A, a1, none, pool, now);
  BOOST_TEST(c1.validation.status == Security::Secure, c1.validation.explain());
  BOOST_TEST(c1.names.size() == 2u);
  BOOST_TEST(c1.final_rrset.has_value());
  // away.example. -> mail.insecure.example.: Secure then Insecure: Insecure.
  const std::vector<SignedRRset> a2{find(w.example, "away.example.", t::CNAME),
                                    find(w.insecure, "mail.insecure.example.", t::A)};
  BOOST_TEST(v.validate_answer(Name::parse("away.example."), t::A, a2, none, pool, now).validation.status ==
             Security::Insecure);
  // A tampered link makes the whole chain Bogus.
  auto bad = a1;
  bad[1].rrset.rdatas[0][3] ^= 1;
  BOOST_TEST(v.validate_answer(Name::parse("alias.example."), t::A, bad, none, pool, now).validation.status ==
             Security::Bogus);
  // A loop is an error.
  const std::vector<SignedRRset> a3{find(w.example, "loop1.example.", t::CNAME), find(w.example, "loop2.example.", t::CNAME)};
  const auto loop = v.validate_answer(Name::parse("loop1.example."), t::A, a3, none, pool, now);
  BOOST_TEST(loop.validation.status == Security::Bogus);
  BOOST_TEST(loop.validation.explain().find("loops") != std::string::npos);
  // DNAME d.example. -> example.: www.d.example. becomes www.example. (RFC 6672).
  const std::vector<SignedRRset> a4{find(w.example, "d.example.", t::DNAME), find(w.example, "www.example.", t::A)};
  const auto dn = v.validate_answer(Name::parse("www.d.example."), t::A, a4, none, pool, now);
  BOOST_TEST(dn.validation.status == Security::Secure, dn.validation.explain());
  BOOST_TEST(dn.names.back().to_string() == "www.example.");
}

BOOST_AUTO_TEST_CASE(dname_expanded_from_a_wildcard_is_bogus) {
  // RFC 4592 §4.4: a DNAME at a wildcard has undefined semantics; Unbound
  // (val_dnamewc.rpl) answers SERVFAIL for a DNAME synthesised from *.dw.example.
  World w;
  w.example = w.sign("example. 3600 IN SOA ns.example. hostmaster.example. 1 3600 600 86400 300\n"
                     "example. 3600 IN NS ns.example.\n"
                     "ns.example. 3600 IN A 192.0.2.53\n"
                     "www.example. 3600 IN A 192.0.2.80\n"
                     "*.dw.example. 3600 IN DNAME example.\n",
                     Name::parse("example."), w.example_key);
  RecordPool pool = w.pool();
  Validator v(w.anchors());
  auto expanded = find(w.example, "*.dw.example.", dns::rrtype::DNAME);
  expanded.rrset.owner = Name::parse("x.dw.example.");
  const std::vector<SignedRRset> answer{expanded, find(w.example, "www.example.", dns::rrtype::A)};
  const auto proof = pool.fetch(Name::parse("x.dw.example."), dns::rrtype::DNAME).denial;
  BOOST_REQUIRE(!proof.empty());
  const auto r = v.validate_answer(Name::parse("www.x.dw.example."), dns::rrtype::A, answer, proof, pool, now);
  BOOST_TEST(r.validation.status == Security::Bogus, r.validation.explain());
  // Bogus for the wildcard, not for a missing proof.
  BOOST_TEST(r.validation.explain().find("expanded from a wildcard") != std::string::npos, r.validation.explain());
}

BOOST_AUTO_TEST_CASE(ds_count_and_chain_length_limits) {
  // A junk DS sorted before the real one, with at most one DS considered:
  // the real DS is never reached; the outcome says a limit was hit.
  World probe;
  const std::string real = World::make_ds_text(Name::parse("example."), probe.example_key.dnskey());
  World w("1 13 2 " + std::string(64, 'A') + "\nexample. 3600 IN DS " + real);
  RecordPool pool = w.pool();
  BOOST_TEST(Validator(w.anchors()).validate_rrset(find(w.example, "www.example.", dns::rrtype::A), pool, now).status ==
             Security::Secure);  // both DS considered by default
  ValidationLimits one_ds;
  one_ds.max_ds = 1;
  const auto r = Validator(w.anchors(), {}, one_ds).validate_rrset(find(w.example, "www.example.", dns::rrtype::A), pool, now);
  BOOST_TEST(r.status == Security::Bogus);
  BOOST_TEST(r.limit_hit);
  // root -> example. needs two zones; a chain limit of one stops it.
  ValidationLimits short_chain;
  short_chain.max_chain_length = 1;
  const auto c = Validator(w.anchors(), {}, short_chain).validate_rrset(find(w.example, "www.example.", dns::rrtype::A), pool, now);
  BOOST_TEST(c.status != Security::Secure);
  BOOST_TEST(c.limit_hit);
}

namespace {

/// records without the RRset (owner, type) and its RRSIGs.
std::vector<RR> without(const std::vector<RR>& records, const std::string& owner, std::uint16_t type,
                        bool keep_data = false) {
  std::vector<RR> out;
  for (const auto& rr : records) {
    const bool same_owner = rr.owner == Name::parse(owner);
    const bool data = same_owner && rr.type == type;
    const bool sig = same_owner && rr.type == dns::rrtype::RRSIG && Rrsig::from_rdata(rr.rdata).type_covered == type;
    if (sig || (data && !keep_data)) continue;
    out.push_back(rr);
  }
  return out;
}

/// A DS trust anchor for example. (its KSK), as Unbound's trust-anchor: "example. DS ...".
TrustAnchor example_ds_anchor(const World& w) {
  return TrustAnchor{Name::parse("example."), {make_ds(Name::parse("example."), w.example_key.dnskey(), 2)}, {}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(unsigned_answer_under_an_anchor_that_cannot_be_primed) {
  // Unbound primes the trust anchor before it looks at the answer
  // (val_nokeyprime.rpl): the anchored zone has no DNSKEY RRset, so an
  // unsigned answer is Bogus for the missing DNSKEY (RFC 8914 §4.10, EDE 9),
  // not for its own missing RRSIG. With the DNSKEY RRset there, the missing
  // RRSIG is the reason (EDE 10).
  World w;
  SignedRRset answer = find(w.example, "www.example.", dns::rrtype::A);
  answer.rrsigs.clear();
  RecordPool keyless(without(w.example, "example.", dns::rrtype::DNSKEY));
  Validator v({example_ds_anchor(w)});
  const auto r = v.validate_rrset(answer, keyless, now);
  BOOST_TEST(r.status == Security::Bogus, r.explain());
  BOOST_TEST(r.ede == Ede::DnskeyMissing);
  RecordPool full(w.example);
  const auto k = Validator({example_ds_anchor(w)}).validate_rrset(answer, full, now);
  BOOST_TEST(k.status == Security::Bogus, k.explain());
  BOOST_TEST(k.ede == Ede::RrsigsMissing);
}

BOOST_AUTO_TEST_CASE(harden_dnssec_stripped_off_makes_an_unprimable_anchor_insecure) {
  // Unbound's harden-dnssec-stripped (default yes): the anchored zone's
  // DNSKEY cannot be fetched: Bogus, EDE 9 (val_faildnskey.rpl). Turned off,
  // the zone is treated as if it had no anchor: Insecure (val_faildnskey_ok.rpl).
  World w;
  RecordPool keyless(without(w.example, "example.", dns::rrtype::DNSKEY));
  const auto answer = find(w.example, "www.example.", dns::rrtype::A);
  Validator hardened({example_ds_anchor(w)});
  const auto b = hardened.validate_rrset(answer, keyless, now);
  BOOST_TEST(b.status == Security::Bogus, b.explain());
  BOOST_TEST(b.ede == Ede::DnskeyMissing);
  Validator lenient({example_ds_anchor(w)});
  lenient.set_harden_dnssec_stripped(false);
  const auto i = lenient.validate_rrset(answer, keyless, now);
  BOOST_TEST(i.status == Security::Insecure, i.explain());
  // A working anchor is unaffected by the switch.
  RecordPool full(w.example);
  BOOST_TEST(lenient.validate_rrset(answer, full, now).status == Security::Secure);
}

BOOST_AUTO_TEST_CASE(harden_algo_downgrade_needs_every_ds_algorithm) {
  // The anchor has a second DS, for an algorithm-8 key the zone does not
  // have. RFC 6840 §5.11 (and Unbound's default): one working algorithm is
  // enough, Secure. With harden-algo-downgrade every DS algorithm needs a
  // valid DNSKEY signature: Bogus, EDE 6 (val_ta_algo_missing.rpl).
  World w;
  RecordPool pool(w.example);
  TrustAnchor anchor = example_ds_anchor(w);
  const Dnskey absent{257, 3, 8, std::vector<std::uint8_t>(260, 0x5A)};
  anchor.ds.push_back(make_ds(Name::parse("example."), absent, 2));
  const auto answer = find(w.example, "www.example.", dns::rrtype::A);
  BOOST_TEST(Validator({anchor}).validate_rrset(answer, pool, now).status == Security::Secure);
  AlgorithmPolicy hardened;
  hardened.harden_algo_downgrade = true;
  const auto r = Validator({anchor}, hardened).validate_rrset(answer, pool, now);
  BOOST_TEST(r.status == Security::Bogus, r.explain());
  BOOST_TEST(r.ede == Ede::DnssecBogus);
  // Every DS algorithm present and signing: still Secure when hardened.
  BOOST_TEST(Validator({example_ds_anchor(w)}, hardened).validate_rrset(answer, pool, now).status == Security::Secure);
}

BOOST_AUTO_TEST_CASE(denial_signed_above_the_deepest_anchor) {
  // Unbound validates from the deepest trust anchor at or above qname. Here
  // insecure.example. has its own anchor (its key), and the NODATA proof for
  // a name in it comes from example.'s NSEC (signed above that anchor):
  //  - the anchor's DNSKEY RRset verifies: the proof's signer is wrong (EDE 6);
  //  - the anchor's DNSKEY RRset has no RRSIG: the failed prime is the
  //    reason (EDE 10, val_cnametocloser_nosig.rpl);
  //  - an NXDOMAIN may be signed by a parent of the anchor (Unbound's
  //    processInit, val_anchor_nx.rpl): Secure.
  World w;
  const TrustAnchor sub{Name::parse("insecure.example."), {}, {w.insecure_key.dnskey()}};
  std::vector<TrustAnchor> anchors = w.anchors();
  anchors.push_back(sub);
  RecordPool pool = w.pool();
  const Name q = Name::parse("mail.insecure.example.");
  // example.'s NSEC at the insecure.example. delegation (NS, no DS).
  std::vector<SignedRRset> parent_proof;
  for (const auto& s : group_signed(w.example))
    if (s.rrset.type == dns::rrtype::NSEC && s.rrset.owner == Name::parse("insecure.example.")) parent_proof.push_back(s);
  BOOST_REQUIRE(parent_proof.size() == 1u);
  const auto wrong = Validator(anchors).validate_denial(q, dns::rrtype::MX, DenialClaim::NoData, parent_proof, pool, now);
  BOOST_TEST(wrong.status == Security::Bogus, wrong.explain());
  BOOST_TEST(wrong.ede == Ede::DnssecBogus);

  RecordPool unsigned_keys(w.root);
  unsigned_keys.add(w.example);
  std::vector<RR> insecure = w.insecure;
  std::erase_if(insecure, [](const RR& rr) {
    return rr.type == dns::rrtype::RRSIG && Rrsig::from_rdata(rr.rdata).type_covered == dns::rrtype::DNSKEY;
  });
  unsigned_keys.add(insecure);
  const auto unprimed =
      Validator(anchors).validate_denial(q, dns::rrtype::MX, DenialClaim::NoData, parent_proof, unsigned_keys, now);
  BOOST_TEST(unprimed.status == Security::Bogus, unprimed.explain());
  BOOST_TEST(unprimed.ede == Ede::RrsigsMissing);

  // val_anchor_nx: an anchor at a name that does not exist, denied by its parent.
  std::vector<TrustAnchor> nx_anchors = w.anchors();
  nx_anchors.push_back(TrustAnchor{Name::parse("nosuch.example."), {}, {w.insecure_key.dnskey()}});
  const Name nx = Name::parse("www.nosuch.example.");
  const auto proof = pool.fetch(nx, dns::rrtype::A).denial;
  const auto ok = Validator(nx_anchors).validate_denial(nx, dns::rrtype::A, DenialClaim::NxDomain, proof, pool, now);
  BOOST_TEST(ok.status == Security::Secure, ok.explain());
}

BOOST_AUTO_TEST_CASE(cname_beside_a_dname_must_be_its_synthesis) {
  // RFC 6672 §3.2: the CNAME that accompanies a DNAME is synthesised from it
  // and carries no RRSIG; the validated DNAME vouches for it. d.example.
  // DNAME example.: www.d.example. CNAME www.example. is that synthesis.
  World w;
  RecordPool pool = w.pool();
  Validator v(w.anchors());
  namespace t = dns::rrtype;
  const std::vector<SignedRRset> none;
  auto cname = [](const std::string& owner, const std::string& target) {
    const RR rr = RR::parse(owner + " 3600 IN CNAME " + target);
    return SignedRRset{dns::RRset{rr.owner, t::CNAME, dns::class_in, 3600, {rr.rdata}}, {}};
  };
  const auto dname = find(w.example, "d.example.", t::DNAME);
  // Asked for the CNAME itself (Deckard val_dname.rpl): Secure, ending at it.
  const auto asked = v.validate_answer(Name::parse("www.d.example."), t::CNAME,
                                       std::vector<SignedRRset>{dname, cname("www.d.example.", "www.example.")}, none,
                                       pool, now);
  BOOST_TEST(asked.validation.status == Security::Secure, asked.validation.explain());
  BOOST_TEST(asked.final_rrset.has_value());
  // A CNAME pointing elsewhere is not the DNAME's synthesis: a forged alias
  // (Deckard val_dname_bogus.rpl), Bogus whatever the question.
  const auto forged = cname("www.d.example.", "ns.example.");
  const auto as_cname = v.validate_answer(Name::parse("www.d.example."), t::CNAME,
                                          std::vector<SignedRRset>{dname, forged}, none, pool, now);
  BOOST_TEST(as_cname.validation.status == Security::Bogus, as_cname.validation.explain());
  const auto as_a = v.validate_answer(Name::parse("www.d.example."), t::A,
                                      std::vector<SignedRRset>{dname, forged, find(w.example, "www.example.", t::A)},
                                      none, pool, now);
  BOOST_TEST(as_a.validation.status == Security::Bogus, as_a.validation.explain());
}
