/*
 * fuzz_validate: DNSSEC validation of arbitrary answers.
 * The input is read as a DNS message (dns::Message::from_wire); its records
 * join a RecordPool holding a fixed signed root and example. zone
 * (validate_zones.hpp). Every answer RRset is validated against the fixed
 * root anchor at a fixed time, and the authority section's NSEC / NSEC3
 * RRsets are checked as a denial of the question (NXDOMAIN when RCODE 3,
 * otherwise NODATA). Properties: only dane::InputError escapes (from parsing
 * the message or its RRSIG / NSEC RDATA), validation terminates, and each
 * validation stays within the crypto budget (Validation::crypto_used).
 */
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dane/dns/message.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/error.hpp"
#include "fuzz_check.hpp"
#include "validate_zones.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dane;
  using namespace dane::dnssec;
  using dane_fuzz::check;
  const auto& zones = dane_fuzz::validate_zones();
  std::optional<dns::Message> parsed;
  try {
    parsed = dns::Message::from_wire(std::span<const std::uint8_t>(data, size));
  } catch (const InputError&) {
    return 0;
  }
  const dns::Message& m = *parsed;
  std::vector<dns::RR> records = m.answer;
  records.insert(records.end(), m.authority.begin(), m.authority.end());
  records.insert(records.end(), m.additional.begin(), m.additional.end());

  std::vector<SignedRRset> answers, authority;
  std::optional<RecordPool> pool;
  try {
    answers = group_signed(m.answer);
    authority = group_signed(m.authority);
    pool.emplace(zones.root);
    pool->add(zones.example);
    pool->add(records);
  } catch (const InputError&) {
    return 0;  // an RRSIG whose RDATA does not parse
  }

  Validator validator(zones.anchors);
  const std::size_t budget = validator.limits().crypto_budget;
  for (const auto& answer : answers) {
    const Validation v = validator.validate_rrset(answer, *pool, zones.now);
    check(v.crypto_used <= budget, "validate_rrset stays within the crypto budget", v.explain());
    check(v.status != Security::Secure || v.signer.has_value(),
          "a Secure answer names its signer", v.explain());
  }
  if (m.question) {
    std::vector<SignedRRset> proof;
    for (const auto& s : authority)
      if (s.rrset.type == dns::rrtype::NSEC || s.rrset.type == dns::rrtype::NSEC3) proof.push_back(s);
    const DenialClaim claim = m.rcode == dns::rcode::NXDOMAIN ? DenialClaim::NxDomain : DenialClaim::NoData;
    const Validation v =
        validator.validate_denial(m.question->name, m.question->type, claim, proof, *pool, zones.now);
    check(v.crypto_used <= budget, "validate_denial stays within the crypto budget", v.explain());
  }
  return 0;
}
