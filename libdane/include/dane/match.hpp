/*
 * libdane: matching a peer's certificate chain against a TLSA RRset
 * (RFC 6698 §2.1, RFC 7671 §5 and §9, RFC 7672 §3).
 *
 * Procedure (each step is one function in match.cpp citing its section):
 *   1. classify every record: malformed or unusable records are set aside
 *      (RFC 7671 §9; in the smtp profile PKIX-TA/PKIX-EE are unusable,
 *      RFC 7672 §3.1.3);
 *   2. digest agility per (usage, selector): only the caller's most preferred
 *      digest present is used, Full(0) always (RFC 7671 §9);
 *   3. DANE-EE(3) against the leaf only, no name or date checks in the smtp
 *      profile (RFC 7671 §5.1, RFC 7672 §3.1.1);
 *   4. DANE-TA(2): the lowest certificate at depth >= 1 matching a record, or
 *      a TLSA-supplied "2 0 0" certificate / "2 1 0" key that signs the chain;
 *      the path from the leaf up to it must verify at the given time and the
 *      leaf must match a reference name (RFC 7671 §5.2, RFC 7672 §3.1.2, §3.2);
 *   5. generic profile only: PKIX-EE(1) / PKIX-TA(0), which need a PKIX path to
 *      the caller's trust anchors as well (RFC 6698 §2.1.1).
 * Any one usable matching record authenticates the peer (RFC 6698 §2.1).
 */
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dane/cert.hpp"
#include "dane/names.hpp"
#include "dane/time.hpp"
#include "dane/tlsa.hpp"

namespace dane {

/// Which rules apply to PKIX usages and to DANE-EE names.
enum class Profile {
  /// RFC 7672 (SMTP): PKIX-TA(0) / PKIX-EE(1) are unusable; DANE-EE is never name-checked.
  Smtp,
  /// RFC 6698 / RFC 7671: PKIX usages need a PKIX path to options.pkix_trust_anchors;
  /// DANE-EE is name-checked unless MatchOptions::ee_name_checks says otherwise
  /// (OpenSSL's default).
  Generic,
};

/// "smtp" or "generic".
std::string_view to_string(Profile p) noexcept;
/// Parses "smtp" / "generic". @throws InputError for any other text.
Profile parse_profile(std::string_view text);

/// Everything the matcher needs besides the chain, the records and the time.
struct MatchOptions {
  Profile profile = Profile::Smtp;
  /// Enabled digest matching types, most preferred first (RFC 7671 §9; like
  /// Postfix's tls_dane_digests = "sha512 sha256"). A digest record whose type
  /// is not listed is unusable. Full(0) is always enabled.
  std::vector<MatchingType> digests{MatchingType::Sha2_512, MatchingType::Sha2_256};
  /// Reference identifiers for DANE-TA and PKIX (RFC 7672 §3.2.2): the TLSA
  /// base domain, and for SMTP with a secure MX the next-hop domain and its
  /// CNAME expansion. Empty: no name can match.
  std::vector<std::string> reference_names;
  /// Skip every name check (like ldns-dane -n). For diagnostics only.
  bool skip_name_checks = false;
  /// Name-check DANE-EE matches? Unset: the profile decides (smtp: never,
  /// RFC 7672 §3.1.1; generic: yes, as OpenSSL without DANE_FLAG_NO_DANE_EE_NAMECHECKS).
  std::optional<bool> ee_name_checks;
  NameCheckOptions name_options;
  /// Trust anchors for PKIX-TA / PKIX-EE under the generic profile.
  std::vector<Certificate> pkix_trust_anchors;
  /// Minimum strength in bits of signature keys on the path (Botan's
  /// estimate: 80 admits RSA-1024, 110 needs RSA-2048 or P-256).
  std::size_t min_signature_strength = 80;
  /// Limits on input the peer or DNS controls; exceeding one is an InputError.
  std::size_t max_chain_certificates = 32;
  std::size_t max_records = 64;
};

/// The overall answer.
enum class MatchStatus {
  Verified,         ///< a usable record matched and every check passed
  Mismatch,         ///< usable records exist; none authenticated the chain
  NoUsableRecords,  ///< every record is malformed or unusable (RFC 7672 §2.2: TLS still required)
};

/// What happened to one record.
enum class RecordOutcome {
  Matched,       ///< this record authenticated the chain
  NoMatch,       ///< no certificate (or key) in the place this usage names matches
  Unusable,      ///< malformed, unknown or disabled parameter, or not usable in this profile
  Superseded,    ///< digest agility: a more preferred digest for this usage+selector exists
  NameMismatch,  ///< matched, but the leaf does not match any reference name
  PathInvalid,   ///< matched a trust anchor, but the path from the leaf to it does not verify
  NotEvaluated,  ///< usable, but another record already decided the result
};

/// Why verification failed, summarised for reports (maps to RFC 8460 result types).
enum class Failure {
  None,                ///< verified
  NoUsableRecords,     ///< all records unusable
  NoMatch,             ///< no record matches: "certificate-not-trusted"
  NameMismatch,        ///< a trust anchor matched, the name did not: "certificate-host-mismatch"
  CertificateExpired,  ///< a trust anchor matched, a certificate below it is outside its validity: "certificate-expired"
  PathInvalid,         ///< a trust anchor matched, the path does not verify otherwise: "validation-failure"
};

/// "Verified", "Mismatch", "NoUsableRecords".
std::string_view to_string(MatchStatus s) noexcept;
/// "matched", "no-match", "unusable", "superseded", "name-mismatch", "path-invalid", "not-evaluated".
std::string_view to_string(RecordOutcome o) noexcept;
/// "none", "no-usable-records", "no-match", "name-mismatch", "certificate-expired", "path-invalid".
std::string_view to_string(Failure f) noexcept;

/// The verdict on one record of the RRset.
struct RecordReport {
  std::size_t index = 0;   ///< position in the RRset as given
  Tlsa record;             ///< the record itself
  RecordOutcome outcome = RecordOutcome::NotEvaluated;
  /// Depth of the matched certificate in the verified path (0 = leaf), or -1.
  int depth = -1;
  /// One sentence for the operator, e.g. "SPKI SHA2-256 of the leaf is 9F2A..., record has 3C11...".
  std::string reason;
  /// The rule behind the outcome, e.g. "RFC 7672 §3.1.3".
  std::string rule;
};

/// The result of verify_chain.
struct MatchResult {
  MatchStatus status = MatchStatus::Mismatch;
  Failure failure = Failure::NoMatch;
  /// Index (in the RRset as given) of the record that authenticated the chain.
  std::optional<std::size_t> matched_record;
  /// Depth in the verified path of the matched certificate, OpenSSL's
  /// SSL_get0_dane_authority(): 0 for an end-entity match; for "2 1 0" the
  /// depth of the top certificate signed by that key; -1 when none matched.
  int depth = -1;
  /// True when the trust anchor came from the TLSA record itself (2 0 0 / 2 1 0).
  bool trust_anchor_from_dns = false;
  /// Subjects of the verified path, leaf first (empty unless a trust anchor matched).
  std::vector<std::string> path;
  /// One report per input record, in input order.
  std::vector<RecordReport> records;

  /// status == Verified.
  bool verified() const noexcept { return status == MatchStatus::Verified; }
  /// One line, e.g. "Verified: 3 1 1 9F2A... matched the end-entity certificate at depth 0".
  std::string summary() const;
};

/**
 * Matches the chain the peer presented (leaf first) against a TLSA RRset.
 * The result does not depend on the order of the records.
 *
 * @param chain  the certificates as sent, leaf first (at least one)
 * @param rrset  the TLSA records (may be empty: NoUsableRecords)
 * @param now    the time at which validity periods are judged
 * @throws UsageError for an empty chain
 * @throws InputError when the chain or RRset exceeds the limits in options
 */
MatchResult verify_chain(std::span<const Certificate> chain, std::span<const Tlsa> rrset, Time now,
                         const MatchOptions& options = {});

}  // namespace dane
