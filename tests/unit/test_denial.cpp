// Authenticated denial (denial.hpp) on the examples of RFC 4035 Appendix B
// (NSEC) and RFC 5155 Appendix B (NSEC3), with the records as the RFCs print
// them; expected outcomes from the RFC text and from Unbound's replays of the
// same examples (val_nsec3_b*.rpl: every NSEC3 there has the Opt-Out flag, so
// B.1, B.4 and B.5 come back without AD).
#define BOOST_TEST_MODULE libdane denial of existence
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "dane/dns/rr.hpp"
#include "dane/dnssec/denial.hpp"
#include "dane/dnssec/records.hpp"

namespace dane::dnssec {
inline std::ostream& boost_test_print_type(std::ostream& os, Security s) { return os << to_string(s); }
}  // namespace dane::dnssec

using namespace dane;
using namespace dane::dnssec;
using dns::Name;
namespace t = dns::rrtype;

namespace {

const Name zone = Name::parse("example.");

SignedNsec nsec(const std::string& line) {
  const auto rr = dns::RR::parse(line);
  return SignedNsec{rr.owner, Nsec::from_rdata(rr.rdata), false};
}

SignedNsec3 nsec3(const std::string& line, bool clear_opt_out = false) {
  const auto rr = dns::RR::parse(line);
  SignedNsec3 out{rr.owner, Nsec3::from_rdata(rr.rdata), false};
  if (clear_opt_out) out.nsec3.flags = 0;
  return out;
}

// RFC 4035 Appendix A: the NSEC chain of the example zone.
const std::string n_apex = "example. 3600 IN NSEC a.example. NS SOA MX RRSIG NSEC DNSKEY";
const std::string n_a = "a.example. 3600 IN NSEC ai.example. NS DS RRSIG NSEC";
const std::string n_ai = "ai.example. 3600 IN NSEC b.example. A HINFO AAAA RRSIG NSEC";
const std::string n_b = "b.example. 3600 IN NSEC ns1.example. NS RRSIG NSEC";
const std::string n_ns1 = "ns1.example. 3600 IN NSEC ns2.example. A RRSIG NSEC";
const std::string n_wild = "*.w.example. 3600 IN NSEC x.w.example. MX RRSIG NSEC";
const std::string n_xyw = "x.y.w.example. 3600 IN NSEC xx.example. MX RRSIG NSEC";
const std::string n_xx = "xx.example. 3600 IN NSEC example. A HINFO AAAA RRSIG NSEC";

// RFC 5155 Appendix A: NSEC3 records (hash of the name in the comment).
const std::string h_example =  // example.
    "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. 3600 IN NSEC3 1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG";
const std::string h_ns1 =  // ns1.example.
    "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. 3600 IN NSEC3 1 1 12 aabbccdd 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG";
const std::string h_a =  // a.example.
    "35mthgpgcu1qg68fab165klnsnk3dpvl.example. 3600 IN NSEC3 1 1 12 aabbccdd b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG";
const std::string h_xw =  // x.w.example.
    "b4um86eghhds6nea196smvmlo4ors995.example. 3600 IN NSEC3 1 1 12 aabbccdd gjeqe526plbf1g8mklp59enfd789njgi MX RRSIG";
const std::string h_yw =  // y.w.example. (empty non-terminal)
    "ji6neoaepv8b5o6k4ev33abha8ht9fgc.example. 3600 IN NSEC3 1 1 12 aabbccdd k8udemvp1j2f7eg6jebps17vp3n8i58h";
const std::string h_w =  // w.example. (empty non-terminal)
    "k8udemvp1j2f7eg6jebps17vp3n8i58h.example. 3600 IN NSEC3 1 1 12 aabbccdd kohar7mbb8dc2ce8a9qvl8hon4k53uhi";
const std::string h_ns2 =  // ns2.example.
    "q04jkcevqvmu85r014c7dkba38o0ji5r.example. 3600 IN NSEC3 1 1 12 aabbccdd r53bq7cc2uvmubfu5ocmm6pers9tk9en A RRSIG";
const std::string h_wild =  // *.w.example.
    "r53bq7cc2uvmubfu5ocmm6pers9tk9en.example. 3600 IN NSEC3 1 1 12 aabbccdd t644ebqk9bibcna874givr6joj62mlhv MX RRSIG";

std::vector<SignedNsec3> set3(std::initializer_list<std::string> lines, bool clear_opt_out = false) {
  std::vector<SignedNsec3> out;
  for (const auto& l : lines) out.push_back(nsec3(l, clear_opt_out));
  return out;
}

std::vector<SignedNsec> set(std::initializer_list<std::string> lines) {
  std::vector<SignedNsec> out;
  for (const auto& l : lines) out.push_back(nsec(l));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(nsec)

BOOST_AUTO_TEST_CASE(covers_follows_canonical_order_and_wraps_at_the_apex) {
  BOOST_TEST(nsec_covers(Name::parse("b.example."), Name::parse("ns1.example."), Name::parse("ml.example.")));
  BOOST_TEST(!nsec_covers(Name::parse("b.example."), Name::parse("ns1.example."), Name::parse("b.example.")));
  BOOST_TEST(!nsec_covers(Name::parse("b.example."), Name::parse("ns1.example."), Name::parse("ns1.example.")));
  // The last NSEC (next = apex) covers every name after its owner.
  BOOST_TEST(nsec_covers(Name::parse("xx.example."), Name::parse("example."), Name::parse("z.example.")));
  BOOST_TEST(!nsec_covers(Name::parse("xx.example."), Name::parse("example."), Name::parse("a.example.")));
}

BOOST_AUTO_TEST_CASE(b2_name_error) {
  // RFC 4035 B.2: ml.example. does not exist; b.example. NSEC covers it and
  // example. NSEC covers the wildcard *.example.
  const auto r = prove_with_nsec(Name::parse("ml.example."), t::A, DenialClaim::NxDomain, zone, set({n_b, n_apex}));
  BOOST_TEST(r.status == Security::Secure);
  BOOST_TEST(r.closest_encloser.value().to_string() == "example.");
  // Without the NSEC that denies the wildcard: EDE 12 (NSEC Missing).
  const auto no_wc = prove_with_nsec(Name::parse("ml.example."), t::A, DenialClaim::NxDomain, zone, set({n_b}));
  BOOST_TEST(no_wc.status == Security::Bogus);
  BOOST_TEST(static_cast<int>(no_wc.ede) == 12);
  // An NSEC that matches the name shows it exists.
  BOOST_TEST(prove_with_nsec(Name::parse("ns1.example."), t::A, DenialClaim::NxDomain, zone, set({n_ns1, n_apex})).status ==
             Security::Bogus);
}

BOOST_AUTO_TEST_CASE(b3_no_data_and_the_bitmap) {
  // RFC 4035 B.3: ns1.example. has no MX.
  BOOST_TEST(prove_with_nsec(Name::parse("ns1.example."), t::MX, DenialClaim::NoData, zone, set({n_ns1})).status ==
             Security::Secure);
  // It does have A: an NSEC listing the type cannot deny it.
  BOOST_TEST(prove_with_nsec(Name::parse("ns1.example."), t::A, DenialClaim::NoData, zone, set({n_ns1})).status ==
             Security::Bogus);
  // RFC 6840 §4.3: an NSEC listing CNAME cannot deny another type.
  const auto cname = set({"c.example. 3600 IN NSEC d.example. CNAME RRSIG NSEC"});
  BOOST_TEST(prove_with_nsec(Name::parse("c.example."), t::A, DenialClaim::NoData, zone, cname).status == Security::Bogus);
}

BOOST_AUTO_TEST_CASE(nodata_not_proved_by_the_offered_nsecs_is_dnssec_bogus) {
  // Unbound's validate_nodata_response reports DNSSEC Bogus (EDE 6) when the
  // NSECs offered for a NODATA do not prove it; NSEC Missing (12) is for a
  // denial without any record (and for NXDOMAIN, catalog rows 23-25).
  // ml.example. does not exist: b.example.'s NSEC covers it, none matches it.
  const auto covered = prove_with_nsec(Name::parse("ml.example."), t::A, DenialClaim::NoData, zone, set({n_b}));
  BOOST_TEST(covered.status == Security::Bogus);
  BOOST_TEST(static_cast<int>(covered.ede) == 6);
  const auto nothing = prove_with_nsec(Name::parse("ml.example."), t::A, DenialClaim::NoData, zone, {});
  BOOST_TEST(nothing.status == Security::Bogus);
  BOOST_TEST(static_cast<int>(nothing.ede) == 12);
  // The same NSEC for an NXDOMAIN without the wildcard denial stays EDE 12.
  BOOST_TEST(static_cast<int>(prove_with_nsec(Name::parse("ml.example."), t::A, DenialClaim::NxDomain, zone, set({n_b})).ede) ==
             12);
}

BOOST_AUTO_TEST_CASE(zone_cut_sides) {
  // The parent's NSEC at a delegation (NS without SOA) denies DS, nothing else.
  BOOST_TEST(prove_with_nsec(Name::parse("b.example."), t::DS, DenialClaim::NoDs, zone, set({n_b})).status ==
             Security::Secure);  // RFC 4035 B.5: an insecure delegation
  BOOST_TEST(prove_with_nsec(Name::parse("b.example."), t::A, DenialClaim::NoData, zone, set({n_b})).status ==
             Security::Bogus);
  // a.example. has a DS: it is not an insecure delegation.
  BOOST_TEST(prove_with_nsec(Name::parse("a.example."), t::DS, DenialClaim::NoDs, zone, set({n_a})).status ==
             Security::Bogus);
  // The child's apex NSEC (with SOA) cannot deny DS (it is the wrong side).
  BOOST_TEST(prove_with_nsec(Name::parse("example."), t::DS, DenialClaim::NoData, zone, set({n_apex})).status ==
             Security::Bogus);
  // RFC 6840 §4.1: the delegation NSEC at b.example. says nothing about names below it.
  BOOST_TEST(prove_with_nsec(Name::parse("mc.b.example."), t::A, DenialClaim::NxDomain, zone, set({n_b, n_apex})).status ==
             Security::Bogus);
}

BOOST_AUTO_TEST_CASE(b6_wildcard_expansion_and_b7_wildcard_no_data) {
  // RFC 4035 B.6: a.z.w.example. MX expanded from *.w.example. (RRSIG labels 2).
  const auto r = prove_with_nsec(Name::parse("a.z.w.example."), t::MX, DenialClaim::WildcardAnswer, zone, set({n_xyw}), 2);
  BOOST_TEST(r.status == Security::Secure);
  // Claiming the wrong source (labels 1 = *.example.) is refused.
  BOOST_TEST(prove_with_nsec(Name::parse("a.z.w.example."), t::MX, DenialClaim::WildcardAnswer, zone, set({n_xyw}), 1)
                 .status == Security::Bogus);
  // RFC 4035 B.7: a.z.w.example. AAAA: the wildcard exists without AAAA.
  BOOST_TEST(prove_with_nsec(Name::parse("a.z.w.example."), t::AAAA, DenialClaim::NoData, zone, set({n_xyw, n_wild}))
                 .status == Security::Secure);
  BOOST_TEST(prove_with_nsec(Name::parse("a.z.w.example."), t::MX, DenialClaim::NoData, zone, set({n_xyw, n_wild}))
                 .status == Security::Bogus);
}

BOOST_AUTO_TEST_CASE(empty_non_terminal) {
  // y.w.example. exists only as the parent of x.y.w.example.: the NSEC
  // x.w.example. -> x.y.w.example. covers it and points below it.
  const auto r = prove_with_nsec(Name::parse("y.w.example."), t::A, DenialClaim::NoData, zone,
                                 set({"x.w.example. 3600 IN NSEC x.y.w.example. MX RRSIG NSEC"}));
  BOOST_TEST(r.status == Security::Secure);
}

BOOST_AUTO_TEST_CASE(empty_non_terminal_is_not_nxdomain) {
  // RFC 4592 §2.2.2: y.w.example. has the descendant x.y.w.example., so it
  // exists; an NSEC pointing below it cannot prove a name error
  // (Unbound's val_nodata_entnx.rpl answers NOERROR, not NXDOMAIN).
  // v.example. -> x.w.example. covers the wildcard *.w.example., so only the
  // empty non-terminal rule can stop the name error proof.
  const auto records = set({"x.w.example. 3600 IN NSEC x.y.w.example. MX RRSIG NSEC",
                            "v.example. 3600 IN NSEC x.w.example. A RRSIG NSEC"});
  BOOST_TEST(prove_with_nsec(Name::parse("y.w.example."), t::A, DenialClaim::NxDomain, zone, records).status ==
             Security::Bogus);
  BOOST_TEST(prove_with_nsec(Name::parse("y.w.example."), t::A, DenialClaim::NoData, zone, records).status ==
             Security::Secure);
}

BOOST_AUTO_TEST_CASE(wildcard_expanded_nsec_is_ignored) {
  // CVE-2017-15105: an NSEC synthesised from a wildcard proves nothing.
  auto records = set({n_b, n_apex});
  records[0].from_wildcard = true;
  BOOST_TEST(prove_with_nsec(Name::parse("ml.example."), t::A, DenialClaim::NxDomain, zone, records).status ==
             Security::Bogus);
}

BOOST_AUTO_TEST_CASE(next_name_outside_the_zone_overreaches) {
  // RFC 4034 §4.1.1: the next name is the next owner of the zone, or the apex
  // for the last NSEC. Here w.example.'s next name lies in example.org.: in
  // canonical order it would "cover" www.example. (Unbound val_nx_overreach.rpl:
  // Bogus), so the NSEC proves nothing and the NXDOMAIN is Bogus, EDE 6.
  const auto over = prove_with_nsec(Name::parse("www.example."), t::A, DenialClaim::NxDomain, zone,
                                    set({"w.example. 3600 IN NSEC z.example.org. A RRSIG NSEC", n_apex}));
  BOOST_TEST(over.status == Security::Bogus);
  BOOST_TEST(static_cast<int>(over.ede) == 6);
  // The last NSEC of the chain points back to the apex: still a proof (RFC 4035 B.2 chain).
  BOOST_TEST(prove_with_nsec(Name::parse("z.example."), t::A, DenialClaim::NxDomain, zone, set({n_xx, n_apex})).status ==
             Security::Secure);
}

BOOST_AUTO_TEST_CASE(name_outside_the_zone) {
  BOOST_TEST(prove_with_nsec(Name::parse("www.example.org."), t::A, DenialClaim::NxDomain, zone, set({n_b, n_apex}))
                 .status == Security::Bogus);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nsec3)

BOOST_AUTO_TEST_CASE(b1_name_error) {
  // RFC 5155 B.1: a.c.x.w.example.: closest encloser x.w.example. (b4um...),
  // next closer c.x.w.example. covered by 0p9m..., *.x.w.example. by 35mt....
  const Name q = Name::parse("a.c.x.w.example.");
  const auto opt_out = prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, set3({h_example, h_xw, h_a}));
  BOOST_TEST(opt_out.status == Security::Insecure);  // the covering NSEC3 has Opt-Out (no AD in Unbound)
  BOOST_TEST(opt_out.closest_encloser.value().to_string() == "x.w.example.");
  const auto plain = prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, set3({h_example, h_xw, h_a}, true));
  BOOST_TEST(plain.status == Security::Secure);
  // val_nsec3_b1_nameerror_nowc: without the wildcard cover.
  BOOST_TEST(prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, set3({h_example, h_xw}, true)).status ==
             Security::Bogus);
  // val_nsec3_b1_nameerror_noce: without the closest encloser match.
  const auto noce = prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, set3({h_example, h_a}, true));
  BOOST_TEST(noce.status == Security::Bogus);
  // val_nsec3_b1_nameerror_nonc: without the next closer cover.
  BOOST_TEST(prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, set3({h_xw, h_a}, true)).status == Security::Bogus);
}

BOOST_AUTO_TEST_CASE(b2_no_data_and_b21_empty_non_terminal) {
  BOOST_TEST(prove_with_nsec3(Name::parse("ns1.example."), t::MX, DenialClaim::NoData, zone, set3({h_ns1})).status ==
             Security::Secure);
  BOOST_TEST(prove_with_nsec3(Name::parse("ns1.example."), t::A, DenialClaim::NoData, zone, set3({h_ns1})).status ==
             Security::Bogus);
  BOOST_TEST(prove_with_nsec3(Name::parse("y.w.example."), t::A, DenialClaim::NoData, zone, set3({h_yw})).status ==
             Security::Secure);
}

BOOST_AUTO_TEST_CASE(nodata_for_a_covered_name_without_opt_out_is_dnssec_bogus) {
  // val_nsec3_entnodata_optout_badopt.rpl: the next closer name of a NODATA
  // is covered by an NSEC3 without Opt-Out and nothing matches the name:
  // not proved, EDE 6 (Unbound's validate_nodata_response), not 12.
  // c.x.w.example.: closest encloser x.w.example., next closer covered by 0p9m....
  const auto r = prove_with_nsec3(Name::parse("c.x.w.example."), t::A, DenialClaim::NoData, zone,
                                  set3({h_example, h_xw}, true));
  BOOST_TEST(r.status == Security::Bogus);
  BOOST_TEST(static_cast<int>(r.ede) == 6);
}

BOOST_AUTO_TEST_CASE(b3_opt_out_delegation) {
  // RFC 5155 B.3: c.example. is an unsigned delegation in the opt-out span of
  // 35mt... (a.example.); closest encloser example.
  const auto r = prove_with_nsec3(Name::parse("c.example."), t::DS, DenialClaim::NoDs, zone, set3({h_example, h_a}));
  BOOST_TEST(r.status == Security::Insecure);
  // Without Opt-Out the same records prove nothing about c.example.
  BOOST_TEST(prove_with_nsec3(Name::parse("c.example."), t::DS, DenialClaim::NoDs, zone, set3({h_example, h_a}, true))
                 .status == Security::Bogus);
  // a.example. has DS in its bitmap: not an insecure delegation.
  BOOST_TEST(prove_with_nsec3(Name::parse("a.example."), t::DS, DenialClaim::NoDs, zone, set3({h_a})).status ==
             Security::Bogus);
}

BOOST_AUTO_TEST_CASE(b4_wildcard_expansion_and_b5_wildcard_no_data) {
  const Name q = Name::parse("a.z.w.example.");
  // B.4: next closer z.w.example. covered by q04j... (opt-out in the RFC zone).
  BOOST_TEST(prove_with_nsec3(q, t::MX, DenialClaim::WildcardAnswer, zone, set3({h_ns2}), {}, 2).status ==
             Security::Insecure);
  BOOST_TEST(prove_with_nsec3(q, t::MX, DenialClaim::WildcardAnswer, zone, set3({h_ns2}, true), {}, 2).status ==
             Security::Secure);
  BOOST_TEST(prove_with_nsec3(q, t::MX, DenialClaim::WildcardAnswer, zone, set3({h_xw}, true), {}, 2).status ==
             Security::Bogus);
  // B.5: closest encloser w.example., *.w.example. has MX but no AAAA.
  BOOST_TEST(prove_with_nsec3(q, t::AAAA, DenialClaim::NoData, zone, set3({h_w, h_ns2, h_wild}, true)).status ==
             Security::Secure);
  BOOST_TEST(prove_with_nsec3(q, t::AAAA, DenialClaim::NoData, zone, set3({h_w, h_ns2, h_wild})).status ==
             Security::Insecure);
  BOOST_TEST(prove_with_nsec3(q, t::MX, DenialClaim::NoData, zone, set3({h_w, h_ns2, h_wild}, true)).status ==
             Security::Bogus);
  // RFC 5155 §9.2 (Unbound's val_nsec3_b5_wcnodata_nowc): no NSEC3 matches
  // the name or the wildcard, but the next closer z.w.example. lies in the
  // opt-out span of q04j...: Insecure (no AD); without Opt-Out it is Bogus.
  BOOST_TEST(prove_with_nsec3(q, t::AAAA, DenialClaim::NoData, zone, set3({h_w, h_ns2})).status ==
             Security::Insecure);
  BOOST_TEST(prove_with_nsec3(q, t::AAAA, DenialClaim::NoData, zone, set3({h_w, h_ns2}, true)).status ==
             Security::Bogus);
}

BOOST_AUTO_TEST_CASE(limits) {
  const Name q = Name::parse("a.c.x.w.example.");
  const auto records = set3({h_example, h_xw, h_a}, true);
  // RFC 9276 §3.2: 12 iterations over a limit of 10: Insecure with EDE 27.
  DenialLimits few;
  few.max_nsec3_iterations = 10;
  const auto it = prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, records, few);
  BOOST_TEST(it.status == Security::Insecure);
  BOOST_TEST(static_cast<int>(it.ede) == 27);
  // A salt longer than allowed (aabbccdd is 4 octets) is treated like too many iterations.
  DenialLimits short_salt;
  short_salt.max_nsec3_salt = 3;
  const auto salt = prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, records, short_salt);
  BOOST_TEST(salt.status == Security::Insecure);
  BOOST_TEST(static_cast<int>(salt.ede) == 27);
  // More NSEC3 records than allowed: refused, marked as a limit.
  DenialLimits two;
  two.max_nsec3_records = 2;
  const auto many = prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, records, two);
  BOOST_TEST(many.status == Security::Bogus);
  BOOST_TEST(many.limit_hit);
  // The proof needs 4 hashes (a.c.x.w, c.x.w, x.w, *.x.w): a budget of 3 stops it.
  DenialLimits budget;
  budget.hash_budget = 3;
  const auto spent = prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, records, budget);
  BOOST_TEST(spent.status == Security::Bogus);
  BOOST_TEST(spent.limit_hit);
  BOOST_TEST(spent.hashes == 3u);
  BOOST_TEST(prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, records).hashes == 4u);
}

BOOST_AUTO_TEST_CASE(parameters_and_ignored_records) {
  const Name q = Name::parse("a.c.x.w.example.");
  // RFC 5155 §8.2: mixed parameters in one proof are refused.
  auto mixed = set3({h_example, h_xw, h_a}, true);
  mixed[1].nsec3.salt = {0xaa};
  BOOST_TEST(prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, mixed).status == Security::Bogus);
  // RFC 5155 §8.1-8.2: unknown hash algorithms and flags make a record unusable.
  auto unknown = set3({h_example, h_xw, h_a}, true);
  for (auto& r : unknown) r.nsec3.hash_algorithm = 2;
  const auto none = prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, unknown);
  BOOST_TEST(none.status == Security::Bogus);
  // Records were offered but none is usable: Bogus data, EDE 6 (dnssec-rules.md §8 row 34), not "NSEC Missing".
  BOOST_TEST(static_cast<int>(none.ede) == 6);
  auto flagged = set3({h_example, h_xw, h_a}, true);
  flagged[2].nsec3.flags = 0x80;
  BOOST_TEST(prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, flagged).status == Security::Bogus);
  // CVE-2017-15105 for NSEC3 too.
  auto wild = set3({h_example, h_xw, h_a}, true);
  wild[1].from_wildcard = true;
  BOOST_TEST(prove_with_nsec3(q, t::A, DenialClaim::NxDomain, zone, wild).status == Security::Bogus);
}

BOOST_AUTO_TEST_SUITE_END()
