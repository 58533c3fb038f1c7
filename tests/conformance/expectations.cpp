#include "expectations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

namespace conformance {
namespace {

using dane::Failure;
using dane::MatchStatus;
using dane::RecordOutcome;

// RFC 7672 §3.1.3: PKIX-TA(0) and PKIX-EE(1) are not for SMTP; an SMTP
// client treats such records as unusable. A case whose every record is
// PKIX therefore has no usable records (RFC 7672 §2.2: TLS still required,
// authentication not possible), whatever the chain looks like.
constexpr std::string_view pkix_unusable = "RFC 7672 §3.1.3: PKIX usages are unusable for SMTP -> no usable records";
constexpr std::string_view pkix_unusable_both =
    "RFC 7672 §3.1.3: PKIX-EE(1) and PKIX-TA(0) are both unusable for SMTP -> no usable records";
// RFC 7672 §3.1.1: with DANE-EE(3) the names in the certificate are not
// checked (nor its dates): the DNSSEC-signed record is the binding.
constexpr std::string_view ee_no_names =
    "RFC 7672 §3.1.1: DANE-EE(3) is never name-checked in SMTP -> the example.org leaf is Verified at depth 0";

constexpr auto NU = MatchStatus::NoUsableRecords;
constexpr auto FNU = Failure::NoUsableRecords;

// The cases of danetest.in whose SMTP outcome differs from OpenSSL's.
// Generic outcome in the comment; every other case is expected to be the
// same under both profiles (DANE-EE / DANE-TA rules are common to RFC 7671
// and RFC 7672, and cases 1-10 and 51 disable EE name checks anyway).
constexpr std::array<SmtpDifference, 21> table{{
    {"danetest.in", 23, "1 0 0", NU, FNU, -1, pkix_unusable},          // generic: Verified 0
    {"danetest.in", 24, "1 1 0", NU, FNU, -1, pkix_unusable},          // generic: Verified 0
    {"danetest.in", 25, "1 0 1", NU, FNU, -1, pkix_unusable},          // generic: Verified 0
    {"danetest.in", 26, "1 1 1", NU, FNU, -1, pkix_unusable},          // generic: Verified 0
    {"danetest.in", 27, "1 0 2", NU, FNU, -1, pkix_unusable},          // generic: Verified 0
    {"danetest.in", 28, "1 1 2", NU, FNU, -1, pkix_unusable},          // generic: Verified 0
    {"danetest.in", 29, "0 0 1", NU, FNU, -1, pkix_unusable},          // generic: Verified 1
    {"danetest.in", 30, "0 1 0", NU, FNU, -1, pkix_unusable},          // generic: Verified 1
    {"danetest.in", 31, "0 1 1", NU, FNU, -1, pkix_unusable},          // generic: Verified 1
    {"danetest.in", 32, "0 0 2", NU, FNU, -1, pkix_unusable},          // generic: Verified 1
    {"danetest.in", 33, "0 1 2", NU, FNU, -1, pkix_unusable},          // generic: Verified 1
    {"danetest.in", 34, "0 0 1", NU, FNU, -1, pkix_unusable},          // generic: Verified 2 (root from CAfile)
    {"danetest.in", 35, "0 1 1", NU, FNU, -1, pkix_unusable},          // generic: Verified 2 (root from CAfile)
    {"danetest.in", 36, "0 0 2", NU, FNU, -1, pkix_unusable},          // generic: Verified 2
    {"danetest.in", 37, "0 1 2", NU, FNU, -1, pkix_unusable},          // generic: Verified 2
    {"danetest.in", 38, "1 0 1", NU, FNU, -1, pkix_unusable},          // generic: PathInvalid (no intermediate)
    {"danetest.in", 39, "1 1 1;0 0 0", NU, FNU, -1, pkix_unusable_both},  // generic: Verified 0
    {"danetest.in", 40, "1 0 2", NU, FNU, -1, pkix_unusable},          // generic: NoMatch (wrong leaf digest)
    {"danetest.in", 41, "0 0 1", NU, FNU, -1, pkix_unusable},          // generic: NoMatch (wrong CA digest)
    {"danetest.in", 42, "0 0 1", NU, FNU, -1, pkix_unusable},          // generic: NoMatch (wrong root digest)
    {"danetest.in", 54, "3 1 1", MatchStatus::Verified, Failure::None, 0, ee_no_names},  // generic: NameMismatch
}};

std::string usm(const dane::Tlsa& t) {
  return fmt::format("{} {} {}", static_cast<int>(t.usage()), static_cast<int>(t.selector()),
                     static_cast<int>(t.matching_type()));
}

std::string record_list(const DanetestCase& c) {
  std::string out;
  for (const auto& t : c.tlsa) {
    if (!out.empty()) out += ';';
    out += usm(t);
  }
  return out;
}

bool is_pkix(const dane::Tlsa& t) {
  return t.usage() == dane::Usage::PkixTa || t.usage() == dane::Usage::PkixEe;
}

const SmtpDifference* find_difference(std::string_view file, int number) {
  for (const auto& d : table)
    if (d.file == file && d.case_number == number) return &d;
  return nullptr;
}

/// The record outcome a failure implies for the record that matched but failed.
std::optional<RecordOutcome> failed_record_outcome(Failure f) {
  switch (f) {
    case Failure::NameMismatch: return RecordOutcome::NameMismatch;
    case Failure::PathInvalid: return RecordOutcome::PathInvalid;
    default: return std::nullopt;
  }
}

}  // namespace

std::span<const SmtpDifference> smtp_differences() { return table; }

Expectation generic_expectation(const DanetestCase& c) {
  const auto src = fmt::format("OpenSSL want_err {} want_depth {}", c.want_err, c.want_depth);
  switch (c.want_err) {
    case 0: return {MatchStatus::Verified, Failure::None, c.want_depth, src};
    case 65: return {MatchStatus::Mismatch, Failure::NoMatch, -1, src + " (X509_V_ERR_DANE_NO_MATCH)"};
    case 62: return {MatchStatus::Mismatch, Failure::NameMismatch, c.want_depth, src + " (X509_V_ERR_HOSTNAME_MISMATCH)"};
    case 20:
      return {MatchStatus::Mismatch, Failure::PathInvalid, c.want_depth,
              src + " (X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY)"};
    default:  // the parser rejects any other value
      return {MatchStatus::Mismatch, Failure::NoMatch, -1, src + " (unmapped)"};
  }
}

Expectation smtp_expectation(std::string_view file, const DanetestCase& c) {
  if (const auto* d = find_difference(file, c.number))
    return {d->status, d->failure, d->depth, std::string(d->reason)};
  auto e = generic_expectation(c);
  e.source += "; same under RFC 7672";
  return e;
}

std::vector<std::string> check_smtp_table(std::span<const DanetestFile> files) {
  std::vector<std::string> issues;
  for (const auto& d : table) {
    const auto f = std::find_if(files.begin(), files.end(), [&](const DanetestFile& x) { return x.name == d.file; });
    if (f == files.end()) {
      issues.push_back(fmt::format("smtp table: case {} names file {}, which was not read", d.case_number, d.file));
      continue;
    }
    const auto c = std::find_if(f->cases.begin(), f->cases.end(),
                                [&](const DanetestCase& x) { return x.number == d.case_number; });
    if (c == f->cases.end()) {
      issues.push_back(fmt::format("smtp table: {} has no case {}", d.file, d.case_number));
      continue;
    }
    if (c->complete && record_list(*c) != d.records)
      issues.push_back(fmt::format("smtp table: {} case {} (line {}) has records '{}', the table says '{}'", d.file,
                                   d.case_number, c->line, record_list(*c), d.records));
  }
  for (const auto& f : files) {
    for (const auto& c : f.cases) {
      if (!c.complete || find_difference(f.name, c.number)) continue;
      if (std::any_of(c.tlsa.begin(), c.tlsa.end(), is_pkix))
        issues.push_back(fmt::format("smtp table: {} case {} (line {}) has a PKIX record '{}' but no SMTP entry",
                                     f.name, c.number, c.line, record_list(c)));
      const bool ee_only = !c.tlsa.empty() && std::all_of(c.tlsa.begin(), c.tlsa.end(), [](const dane::Tlsa& t) {
        return t.usage() == dane::Usage::DaneEe;
      });
      if (ee_only && c.want_err == 62)
        issues.push_back(fmt::format("smtp table: {} case {} (line {}) fails a DANE-EE name check but has no SMTP "
                                     "entry (RFC 7672 §3.1.1)",
                                     f.name, c.number, c.line));
    }
  }
  return issues;
}

std::vector<std::string> compare(const Expectation& want, const dane::MatchResult& got, std::size_t nrecords) {
  std::vector<std::string> d;
  if (got.status != want.status)
    d.push_back(fmt::format("status {} (want {})", dane::to_string(got.status), dane::to_string(want.status)));
  if (got.failure != want.failure)
    d.push_back(fmt::format("failure {} (want {})", dane::to_string(got.failure), dane::to_string(want.failure)));
  if (got.records.size() != nrecords)
    d.push_back(fmt::format("{} record reports (want one per record: {})", got.records.size(), nrecords));

  if (want.status == MatchStatus::Verified) {
    if (got.depth != want.depth) d.push_back(fmt::format("depth {} (want {})", got.depth, want.depth));
    if (!got.matched_record) {
      d.push_back("no matched_record");
    } else if (*got.matched_record >= got.records.size()) {
      d.push_back(fmt::format("matched_record {} out of range", *got.matched_record));
    } else {
      const auto& r = got.records[*got.matched_record];
      if (r.outcome != RecordOutcome::Matched)
        d.push_back(fmt::format("matched record [{}] has outcome {}", *got.matched_record, dane::to_string(r.outcome)));
      if (r.depth != want.depth)
        d.push_back(fmt::format("matched record [{}] has depth {} (want {})", *got.matched_record, r.depth, want.depth));
    }
    return d;
  }

  // Not verified: nothing authenticated the chain.
  if (got.matched_record) d.push_back(fmt::format("matched_record {} set on a failure", *got.matched_record));
  for (const auto& r : got.records)
    if (r.outcome == RecordOutcome::Matched) d.push_back(fmt::format("record [{}] reported as matched", r.index));

  if (want.status == MatchStatus::NoUsableRecords) {
    if (got.depth != -1) d.push_back(fmt::format("depth {} (want -1)", got.depth));
    for (const auto& r : got.records)
      if (r.outcome != RecordOutcome::Unusable)
        d.push_back(fmt::format("record [{}] {} is {} (want unusable)", r.index, r.record.to_string().substr(0, 5),
                                dane::to_string(r.outcome)));
    return d;
  }

  if (const auto outcome = failed_record_outcome(want.failure)) {
    // A record matched but the name / path check failed. OpenSSL still
    // reports the depth of that match (danetest.c checks want_depth for
    // failing cases too), and MatchResult::depth is documented as
    // SSL_get0_dane_authority(): both it and the record's report carry it.
    const auto it = std::find_if(got.records.begin(), got.records.end(),
                                 [&](const dane::RecordReport& r) { return r.outcome == *outcome; });
    if (it == got.records.end()) {
      d.push_back(fmt::format("no record reported as {}", dane::to_string(*outcome)));
    } else if (want.depth >= 0 && it->depth != want.depth) {
      d.push_back(fmt::format("record [{}] ({}) has depth {} (want {})", it->index, dane::to_string(*outcome),
                              it->depth, want.depth));
    }
    if (got.depth != want.depth) d.push_back(fmt::format("depth {} (want {})", got.depth, want.depth));
    return d;
  }

  // Plain no-match.
  if (got.depth != -1) d.push_back(fmt::format("depth {} (want -1)", got.depth));
  return d;
}

std::string describe(const Expectation& e) {
  switch (e.status) {
    case MatchStatus::Verified: return fmt::format("Verified depth {}", e.depth);
    case MatchStatus::NoUsableRecords: return "NoUsableRecords";
    case MatchStatus::Mismatch:
      if (failed_record_outcome(e.failure))
        return fmt::format("Mismatch/{} (failed record at depth {})", dane::to_string(e.failure), e.depth);
      return fmt::format("Mismatch/{}", dane::to_string(e.failure));
  }
  return "?";
}

std::string describe(const dane::MatchResult& r) {
  return fmt::format("{}/{} depth {}", dane::to_string(r.status), dane::to_string(r.failure), r.depth);
}

}  // namespace conformance
