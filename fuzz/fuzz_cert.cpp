/*
 * fuzz_cert: dane::load_chain on arbitrary bytes, then dane::verify_chain of
 * whatever loaded against a fixed small RRset at a fixed time, under both
 * profiles, and the report renderers on the result.
 * Properties: only dane::Error may escape the library (anything else
 * reaches std::terminate and libFuzzer reports it); every loaded certificate
 * survives der() -> from_der() and to_pem() -> from_pem() unchanged.
 *
 * The RRset refers to the seed certificates in corpus/fuzz_cert (made with
 * the openssl CLI, see README.md), so mutations of them reach the matching
 * and path-validation code, not only the parser.
 */
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dane/cert.hpp"
#include "dane/error.hpp"
#include "dane/match.hpp"
#include "dane/names.hpp"
#include "dane/report.hpp"
#include "dane/time.hpp"
#include "dane/tlsa.hpp"
#include "fuzz_check.hpp"

namespace {

/// The fixed RRset: a DANE-EE match for the seed leaf, DANE-TA records for the
/// seed root (cert SHA2-256, SPKI SHA2-512), a record that matches nothing, and
/// an unusable PKIX-EE one. Digests computed with `openssl dgst` (README.md).
const std::vector<dane::Tlsa>& rrset() {
  static const std::vector<dane::Tlsa> records = [] {
    std::vector<dane::Tlsa> r;
    for (const char* text : {
             "3 1 1 54e47c91ffebf740d130be225c741f406ebd5f1a7365e3395f2d018c58a38d8a",
             "2 0 1 5138f98ed85fa9bc331660aa2b5bd9914bd56e795604e1f68d010ef0d75b210c",
             "2 1 2 760679fdf34caa8c5543a8416b97e9a774e841c05589b86d928b43997fccbcab"
             "aa9d88f5fc6aeb6f0c84deea197dd8d4f9cb022f91987c5077c2f02ae530e328",
             "3 0 1 0000000000000000000000000000000000000000000000000000000000000000",
             "1 1 1 54e47c91ffebf740d130be225c741f406ebd5f1a7365e3395f2d018c58a38d8a",
         }) {
      r.push_back(dane::Tlsa::parse(text));
    }
    return r;
  }();
  return records;
}

/// Inside the validity of the seed certificates (2026-11-22 .. 2035-02-08).
const dane::Time fixed_time = dane::parse_time("2027-06-01T00:00:00Z");

void exercise(const dane::Chain& chain) {
  using dane_fuzz::check;
  for (const dane::Certificate& c : chain) {
    check(dane::Certificate::from_der(c.der()) == c, "from_der(c.der()) == c", c.summary());
    check(dane::Certificate::from_pem(c.to_pem()) == c, "from_pem(c.to_pem()) == c", c.summary());
    (void)c.subject();
    (void)c.issuer();
    (void)c.spki();
    (void)c.is_ca();
    (void)c.is_self_issued();
    (void)c.not_before();
    (void)c.not_after();
    (void)dane::presented_identifiers(c);
  }

  dane::MatchOptions smtp;
  smtp.reference_names = {"mail.example.com"};
  const dane::MatchResult a = dane::verify_chain(chain, rrset(), fixed_time, smtp);
  check(a.records.size() == rrset().size(), "one RecordReport per record (smtp)", a.summary());
  (void)dane::to_json(a);
  (void)dane::to_text(a);

  dane::MatchOptions generic = smtp;
  generic.profile = dane::Profile::Generic;
  const dane::MatchResult b = dane::verify_chain(chain, rrset(), fixed_time, generic);
  check(b.records.size() == rrset().size(), "one RecordReport per record (generic)", b.summary());
  (void)b.summary();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const dane::Chain chain = dane::load_chain(std::span<const std::uint8_t>(data, size), "fuzz input");
    exercise(chain);
  } catch (const dane::Error&) {
    // InputError / UsageError: a clean rejection.
  }
  return 0;
}
