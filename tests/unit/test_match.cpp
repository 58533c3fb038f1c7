// verify_chain: every usage x selector x matching type, matching and not, in
// both profiles. Association data are computed with Botan in the test, and
// the expected outcomes come from RFC 6698 §2.1, RFC 7671 §5 and RFC 7672 §3.1
// (depths as OpenSSL's SSL_get0_dane_authority() reports them).
#define BOOST_TEST_MODULE libdane matching
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "support.hpp"

using namespace dane;
using namespace dane::test;
namespace bdata = boost::unit_test::data;

namespace {

/// The certificate a record of this usage should name, and its depth in the chain.
struct Target {
  const Certificate* cert;
  const Certificate* other;  // the same position in an unrelated hierarchy
  int depth;
};

std::vector<Target> targets_for(Usage usage) {
  const auto& c = standard_chain();
  const auto& o = other_chain();
  if (usage == Usage::DaneEe || usage == Usage::PkixEe) return {{&c.leaf.certificate, &o.leaf.certificate, 0}};
  return {{&c.intermediate.certificate, &o.intermediate.certificate, 1},
          {&c.root.certificate, &o.root.certificate, 2}};
}

bool is_pkix(Usage u) { return u == Usage::PkixTa || u == Usage::PkixEe; }

MatchResult run(const Tlsa& record, const MatchOptions& options) {
  const Chain chain = standard_chain().full();
  const std::vector<Tlsa> rrset{record};
  return verify_chain(chain, rrset, now(), options);
}

void check_verified(const MatchResult& r, const Tlsa& record, int depth) {
  BOOST_TEST(to_string(r.status) == "Verified");
  BOOST_TEST(r.verified());
  BOOST_TEST(r.failure == Failure::None);
  BOOST_TEST(r.depth == depth);
  BOOST_TEST(r.matched_record.value_or(99) == 0u);
  BOOST_REQUIRE_EQUAL(r.records.size(), 1u);
  BOOST_TEST(r.records[0].index == 0u);
  BOOST_TEST(r.records[0].record == record);
  BOOST_TEST(to_string(r.records[0].outcome) == "matched");
  BOOST_TEST(r.records[0].depth == depth);
  BOOST_TEST(!r.records[0].reason.empty());
  BOOST_TEST(!r.summary().empty());
  if (record.usage() == Usage::DaneTa || record.usage() == Usage::PkixTa) {
    // The verified path runs from the leaf up to (at least) the trust anchor,
    // which sits at the reported depth. For DANE-TA it ends there.
    BOOST_TEST(r.path.size() > static_cast<std::size_t>(depth));
    if (record.usage() == Usage::DaneTa) BOOST_TEST(r.path.size() == static_cast<std::size_t>(depth) + 1);
    if (r.path.size() > static_cast<std::size_t>(depth)) {
      BOOST_TEST(r.path.front().find(mx_name) != std::string::npos);
      BOOST_TEST(r.path[depth].find(depth == 1 ? "Sim Issuing CA" : "Sim Root CA") != std::string::npos);
    }
  }
}

void check_no_match(const MatchResult& r) {
  BOOST_TEST(to_string(r.status) == "Mismatch");
  BOOST_TEST(to_string(r.failure) == "no-match");
  BOOST_TEST(r.depth == -1);
  BOOST_TEST(!r.matched_record.has_value());
  BOOST_REQUIRE_EQUAL(r.records.size(), 1u);
  BOOST_TEST(to_string(r.records[0].outcome) == "no-match");
  BOOST_TEST(r.records[0].depth == -1);
}

void check_unusable(const MatchResult& r) {
  BOOST_TEST(to_string(r.status) == "NoUsableRecords");
  BOOST_TEST(to_string(r.failure) == "no-usable-records");
  BOOST_TEST(r.depth == -1);
  BOOST_TEST(!r.matched_record.has_value());
  BOOST_REQUIRE_EQUAL(r.records.size(), 1u);
  BOOST_TEST(to_string(r.records[0].outcome) == "unusable");
  BOOST_TEST(!r.records[0].rule.empty());
}

// Boost names the data cases "_N" with N = usage * 6 + selector * 3 + mtype
// (e.g. "_15" is "2 1 0"); the failure context prints the record itself.
const auto usages = bdata::make({0, 1, 2, 3});
const auto selectors = bdata::make({0, 1});
const auto mtypes = bdata::make({0, 1, 2});

}  // namespace

BOOST_AUTO_TEST_SUITE(matrix)

// A record for the right certificate, SMTP profile: DANE-EE / DANE-TA verify,
// PKIX-TA / PKIX-EE are unusable (RFC 7672 §3.1.3).
BOOST_DATA_TEST_CASE(smtp_matching, usages * selectors * mtypes, u, s, m) {
  const auto usage = static_cast<Usage>(u);
  for (const auto& target : targets_for(usage)) {
    const Tlsa record = expected_record(*target.cert, usage, static_cast<Selector>(s), static_cast<MatchingType>(m));
    BOOST_TEST_CONTEXT(record.to_string().substr(0, 6) << " depth " << target.depth) {
      const auto r = run(record, smtp_options());
      if (is_pkix(usage)) {
        check_unusable(r);
      } else {
        check_verified(r, record, target.depth);
      }
    }
  }
}

// The same record shape for the corresponding certificate of another hierarchy.
BOOST_DATA_TEST_CASE(smtp_not_matching, usages * selectors * mtypes, u, s, m) {
  const auto usage = static_cast<Usage>(u);
  for (const auto& target : targets_for(usage)) {
    const Tlsa record = expected_record(*target.other, usage, static_cast<Selector>(s), static_cast<MatchingType>(m));
    BOOST_TEST_CONTEXT(record.to_string().substr(0, 6) << " depth " << target.depth) {
      const auto r = run(record, smtp_options());
      if (is_pkix(usage)) {
        check_unusable(r);
      } else {
        check_no_match(r);
      }
    }
  }
}

// Generic profile (RFC 6698 / RFC 7671), the standard root as PKIX trust
// anchor: all four usages verify; the leaf's name matches the reference.
BOOST_DATA_TEST_CASE(generic_matching, usages * selectors * mtypes, u, s, m) {
  const auto usage = static_cast<Usage>(u);
  for (const auto& target : targets_for(usage)) {
    const Tlsa record = expected_record(*target.cert, usage, static_cast<Selector>(s), static_cast<MatchingType>(m));
    BOOST_TEST_CONTEXT(record.to_string().substr(0, 6) << " depth " << target.depth) {
      check_verified(run(record, generic_options()), record, target.depth);
    }
  }
}

BOOST_DATA_TEST_CASE(generic_not_matching, usages * selectors * mtypes, u, s, m) {
  const auto usage = static_cast<Usage>(u);
  for (const auto& target : targets_for(usage)) {
    const Tlsa record = expected_record(*target.other, usage, static_cast<Selector>(s), static_cast<MatchingType>(m));
    BOOST_TEST_CONTEXT(record.to_string().substr(0, 6) << " depth " << target.depth) {
      check_no_match(run(record, generic_options()));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
