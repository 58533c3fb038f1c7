/*
 * What libdane must answer for each OpenSSL DANE test case, under the two
 * profiles, and the comparison of an answer with that expectation.
 *
 * Generic profile: OpenSSL's own expectation (want_err, want_depth) mapped
 * onto MatchResult. SMTP profile: the same, except for the cases listed in
 * smtp_differences(), each with the RFC 7672 rule that changes it.
 */
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "danetest_file.hpp"
#include "dane/match.hpp"

namespace conformance {

/// The answer expected for one case under one profile.
struct Expectation {
  dane::MatchStatus status = dane::MatchStatus::Mismatch;
  dane::Failure failure = dane::Failure::NoMatch;
  /// Verified: MatchResult::depth. NameMismatch / PathInvalid: the depth
  /// carried by the report of the record that matched but failed the name
  /// or path check (OpenSSL reports that depth too). Otherwise -1.
  int depth = -1;
  /// Where the expectation comes from, for failure messages.
  std::string source;
};

/// One case whose SMTP outcome differs from OpenSSL's generic outcome.
struct SmtpDifference {
  std::string_view file;     ///< "danetest.in"
  int case_number;           ///< OpenSSL's test number
  std::string_view records;  ///< "u s m" of each record in the case, ";"-separated (checked against the data)
  dane::MatchStatus status;
  dane::Failure failure;
  int depth;
  std::string_view reason;   ///< the RFC rule
};

/// The SMTP differences table (derived from RFC 7672, not from running the library).
std::span<const SmtpDifference> smtp_differences();

/**
 * OpenSSL's expectation mapped onto MatchResult (generic profile):
 * 0 -> Verified at want_depth; 65 -> Mismatch/NoMatch, depth -1;
 * 62 -> Mismatch/NameMismatch, failed record at want_depth;
 * 20 -> Mismatch/PathInvalid (PKIX chain incomplete), failed record at want_depth.
 */
Expectation generic_expectation(const DanetestCase& c);

/// The SMTP expectation: the table entry for (file, case) or else the generic one.
Expectation smtp_expectation(std::string_view file, const DanetestCase& c);

/**
 * Checks the SMTP table against the parsed data, independently of the
 * library: every entry names an existing case with the listed records, and
 * no case outside the table carries a PKIX usage or an EE name failure.
 * @return one message per inconsistency (empty when consistent)
 */
std::vector<std::string> check_smtp_table(std::span<const DanetestFile> files);

/// Compares a result with an expectation; one message per discrepancy (empty: pass).
std::vector<std::string> compare(const Expectation& want, const dane::MatchResult& got, std::size_t nrecords);

/// "Verified depth 0", "Mismatch/name-mismatch (failed record at depth 1)", ...
std::string describe(const Expectation& e);

/// "Mismatch/no-match depth -1" for an actual result.
std::string describe(const dane::MatchResult& r);

}  // namespace conformance
