// RapidCheck properties of the TLSA codec and the matcher.
#define BOOST_TEST_MODULE libdane properties
#include <rapidcheck/boost_test.h>

#include <algorithm>
#include <random>

#include "support.hpp"

using namespace dane;
using namespace dane::test;

namespace dane {
// How RapidCheck prints libdane values in counterexamples (found by ADL).
void showValue(Usage v, std::ostream& os) { os << static_cast<int>(v) << " (" << mnemonic(v) << ")"; }
void showValue(Selector v, std::ostream& os) { os << static_cast<int>(v) << " (" << mnemonic(v) << ")"; }
void showValue(MatchingType v, std::ostream& os) { os << static_cast<int>(v) << " (" << mnemonic(v) << ")"; }
void showValue(Profile v, std::ostream& os) { os << to_string(v); }
}  // namespace dane

namespace {

/// Association data of a length that is well-formed for mtype.
rc::Gen<std::vector<std::uint8_t>> data_for(std::uint8_t mtype) {
  if (mtype == 1) return rc::gen::container<std::vector<std::uint8_t>>(32, rc::gen::arbitrary<std::uint8_t>());
  if (mtype == 2) return rc::gen::container<std::vector<std::uint8_t>>(64, rc::gen::arbitrary<std::uint8_t>());
  return rc::gen::mapcat(rc::gen::inRange<std::size_t>(1, 300), [](std::size_t n) {
    return rc::gen::container<std::vector<std::uint8_t>>(n, rc::gen::arbitrary<std::uint8_t>());
  });
}

/// Any well-formed record, parameters 0..255 (RFC 6698 §2.1).
Tlsa any_record() {
  const auto u = *rc::gen::arbitrary<std::uint8_t>();
  const auto s = *rc::gen::arbitrary<std::uint8_t>();
  const auto m = *rc::gen::oneOf(rc::gen::elementOf(std::vector<std::uint8_t>{0, 1, 2}),
                                 rc::gen::arbitrary<std::uint8_t>());
  const auto data = *data_for(m);
  return Tlsa(static_cast<Usage>(u), static_cast<Selector>(s), static_cast<MatchingType>(m), data);
}

/// The sample chain in the pool, a usage 2/3 record shape and the certificate it names.
struct Generated {
  const sim::SampleChain* chain;
  Tlsa record;
  int depth;
};

Generated any_generated_record() {
  const auto& pool = chain_pool();
  const auto& chain = pool[*rc::gen::inRange<std::size_t>(0, pool.size())];
  const auto usage = *rc::gen::element(Usage::DaneTa, Usage::DaneEe);
  const auto selector = *rc::gen::element(Selector::Cert, Selector::Spki);
  const auto mtype = *rc::gen::element(MatchingType::Full, MatchingType::Sha2_256, MatchingType::Sha2_512);
  const int depth = usage == Usage::DaneEe ? 0 : *rc::gen::inRange(1, 3);
  const Certificate& cert = depth == 0   ? chain.leaf.certificate
                            : depth == 1 ? chain.intermediate.certificate
                                         : chain.root.certificate;
  return {&chain, make_tlsa(cert, usage, selector, mtype), depth};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(codec)

RC_BOOST_PROP(canonical_text_round_trips, ()) {
  const Tlsa r = any_record();
  const std::string canonical = std::to_string(static_cast<int>(r.usage())) + " " +
                                std::to_string(static_cast<int>(r.selector())) + " " +
                                std::to_string(static_cast<int>(r.matching_type())) + " " + upper_hex(r.data());
  RC_ASSERT(Tlsa::parse(canonical).to_string() == canonical);
  RC_ASSERT(Tlsa::parse(canonical) == r);
}

RC_BOOST_PROP(lower_case_and_split_hex_parse_the_same, ()) {
  const Tlsa r = any_record();
  std::string h = hex(r.data());
  // Split the hex at arbitrary even positions with spaces.
  const auto cut = *rc::gen::inRange<std::size_t>(0, h.size() / 2 + 1) * 2;
  h.insert(cut, " ");
  const std::string text = std::to_string(static_cast<int>(r.usage())) + " " +
                           std::to_string(static_cast<int>(r.selector())) + " " +
                           std::to_string(static_cast<int>(r.matching_type())) + " ( " + h + " )";
  RC_ASSERT(Tlsa::parse(text) == r);
}

RC_BOOST_PROP(wire_round_trips, ()) {
  const Tlsa r = any_record();
  RC_ASSERT(Tlsa::from_rdata(r.rdata()) == r);
  RC_ASSERT(r.rdata().size() == r.data().size() + 3);
}

RC_BOOST_PROP(arbitrary_rdata_parses_or_throws_input_error, (const std::vector<std::uint8_t>& wire)) {
  try {
    const Tlsa r = Tlsa::from_rdata(wire);
    RC_ASSERT(r.rdata() == wire);
  } catch (const InputError&) {
    RC_SUCCEED("rejected");
  }
}

RC_BOOST_PROP(arbitrary_text_parses_or_throws_input_error, (const std::string& text)) {
  try {
    const Tlsa r = Tlsa::parse(text);
    RC_ASSERT(!r.malformation().has_value());
  } catch (const InputError&) {
    RC_SUCCEED("rejected");
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(matcher)

RC_BOOST_PROP(generated_record_verifies_its_chain, ()) {
  const auto g = any_generated_record();
  const auto profile = *rc::gen::element(Profile::Smtp, Profile::Generic);
  MatchOptions options = profile == Profile::Smtp ? smtp_options() : generic_options();
  options.pkix_trust_anchors = {g.chain->root.certificate};
  const std::vector<Tlsa> rrset{g.record};
  const auto result = verify_chain(g.chain->full(), rrset, now(), options);
  RC_ASSERT(result.verified());
  RC_ASSERT(result.depth == g.depth);
  RC_ASSERT(result.matched_record == std::optional<std::size_t>(0));
}

RC_BOOST_PROP(flipping_a_bit_of_a_digest_never_verifies, ()) {
  auto g = any_generated_record();
  const auto mtype = *rc::gen::element(MatchingType::Sha2_256, MatchingType::Sha2_512);
  const Certificate& cert = g.depth == 0   ? g.chain->leaf.certificate
                            : g.depth == 1 ? g.chain->intermediate.certificate
                                           : g.chain->root.certificate;
  auto data = association_data(cert, g.record.selector(), mtype);
  const auto bit = *rc::gen::inRange<std::size_t>(0, data.size() * 8);
  data[bit / 8] = static_cast<std::uint8_t>(data[bit / 8] ^ (1u << (bit % 8)));
  const std::vector<Tlsa> rrset{Tlsa(g.record.usage(), g.record.selector(), mtype, data)};
  const auto result = verify_chain(g.chain->full(), rrset, now(), smtp_options());
  RC_ASSERT(!result.verified());
  RC_ASSERT(result.status == MatchStatus::Mismatch);
  RC_ASSERT(result.depth == -1);
}

RC_BOOST_PROP(result_does_not_depend_on_rrset_order, ()) {
  // A pool of records: matching and not, every usage, digests that supersede, unusable ones.
  const auto& c = standard_chain();
  const auto& o = other_chain();
  static const std::vector<Tlsa> candidates = [&] {
    std::vector<Tlsa> v;
    for (const auto* cert : {&c.leaf.certificate, &c.intermediate.certificate, &c.root.certificate,
                             &o.leaf.certificate, &o.intermediate.certificate}) {
      for (int u = 0; u <= 3; ++u) {
        for (int s = 0; s <= 1; ++s) {
          for (int m = 0; m <= 2; ++m) {
            v.push_back(make_tlsa(*cert, static_cast<Usage>(u), static_cast<Selector>(s),
                                  static_cast<MatchingType>(m)));
          }
        }
      }
    }
    v.push_back(Tlsa::parse("4 1 1 " + hex(std::vector<std::uint8_t>(32, 7))));
    v.push_back(Tlsa(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_512, std::vector<std::uint8_t>(63, 1)));
    return v;
  }();
  const auto indices = *rc::gen::container<std::vector<std::size_t>>(
      *rc::gen::inRange<std::size_t>(0, 8), rc::gen::inRange<std::size_t>(0, candidates.size()));
  std::vector<Tlsa> rrset;
  for (auto i : indices) rrset.push_back(candidates[i]);
  std::vector<Tlsa> shuffled = rrset;
  std::mt19937_64 rng(*rc::gen::arbitrary<std::uint64_t>());
  std::shuffle(shuffled.begin(), shuffled.end(), rng);

  const auto chain_choice = *rc::gen::inRange(0, 3);
  const Chain chain = chain_choice == 0 ? c.full() : chain_choice == 1 ? c.without_root() : Chain{c.leaf.certificate};
  const auto profile = *rc::gen::element(Profile::Smtp, Profile::Generic);
  const MatchOptions options = profile == Profile::Smtp ? smtp_options() : generic_options();

  const auto a = verify_chain(chain, rrset, now(), options);
  const auto b = verify_chain(chain, shuffled, now(), options);
  RC_ASSERT(a.status == b.status);
  RC_ASSERT(a.failure == b.failure);
  RC_ASSERT(a.depth == b.depth);
  RC_ASSERT(a.trust_anchor_from_dns == b.trust_anchor_from_dns);
  if (a.matched_record && b.matched_record) {
    // Equal records may be the match; their usage/selector/mtype class must be the same.
    RC_ASSERT(rrset[*a.matched_record].usage() == shuffled[*b.matched_record].usage());
  }
}

BOOST_AUTO_TEST_SUITE_END()
