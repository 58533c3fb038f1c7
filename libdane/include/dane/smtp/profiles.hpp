/*
 * libdane: SMTP sender policy profiles. A profile is data: the few switches in
 * which RFC 7672 leaves a choice, or in which a real MTA departs from it
 * (smtp-dane-scenarios.md §3.2-§3.3, §9; the Cisco ESA tables). The logic that
 * reads them is in policy.hpp; profile_table() prints the decision table BY
 * EVALUATING that logic, so the table shown is the table applied.
 *
 * Built-in profiles (profile(name)):
 *   rfc7672              RFC 7672 opportunistic DANE; DANE also on insecure MX (MAY, §2.2.1)
 *   rfc7672-mandatory    RFC 7672 mandatory DANE: only DANE-authenticated TLS, else delay
 *   postfix-dane         Postfix smtp_tls_security_level = dane (insecure MX policy "dane")
 *   postfix-dane-only    Postfix dane-only: tempfail 4.7.5 whenever DANE cannot authenticate
 *   postfix-may          Postfix may: opportunistic TLS, TLSA never looked up
 *   postfix-encrypt      Postfix encrypt: TLS required, never authenticated, TLSA never looked up
 *   exim-try             Exim hosts_try_dane: DANE only with secure MX and A; unusable TLSA defers
 *   exim-require         Exim hosts_require_dane: missing/insecure DNSSEC data bounces
 *   cisco-opportunistic  Cisco ESA "Opportunistic DANE" (mission.md table)
 *   cisco-mandatory      Cisco ESA "Mandatory DANE" (mission.md table)
 *   legacy-usage1-as-3   Postfix 2.11-3.1 dane: PKIX-EE(1) treated as DANE-EE(3)
 */
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dane/smtp/verdict.hpp"

namespace dane::smtp {

/// Whether DANE is attempted at all for this destination.
enum class DaneUse {
  Never,  ///< TLSA is never looked up (Postfix may / encrypt)
  Opportunistic,  ///< DANE where DNSSEC allows it, else pre-DANE opportunistic TLS (RFC 7672 §2.2)
  Mandatory,      ///< deliver only over DANE-authenticated TLS with a secure MX (RFC 7672 §2.2, §6)
};

/// What TLS the client asks for when DANE does not apply (DaneUse::Never, or
/// an insecure destination in opportunistic mode).
enum class BaseTls {
  May,      ///< opportunistic TLS, clear text allowed
  Encrypt,  ///< TLS required, no authentication
};

/// RFC 7672 §2.2.1 "insecure MX RRset": what the client does with the MX hosts.
enum class InsecureMxPolicy {
  May,                 ///< no TLSA lookup, opportunistic TLS (Exim: DANE needs a secure MX)
  MayAfterTlsaLookup,  ///< TLSA looked up; a lookup error fails the host, records are ignored (Cisco Opportunistic)
  Dane,                ///< DANE on hosts in signed zones; success logged "Trusted" (Postfix default, the RFC's MAY)
  Encrypt,             ///< TLS without authentication, no TLSA lookup (Postfix smtp_tls_dane_insecure_mx_policy=encrypt)
  Refuse,              ///< no delivery at all: the mandatory-mode "MUST delay" (Postfix dane-only)
};

/// What a secure TLSA RRset with no usable record leads to (RFC 7672 §2.2 case 2).
enum class UnusableTlsaAction {
  Encrypt,  ///< TLS required without authentication (RFC, Postfix dane)
  Defer,    ///< no delivery via this host (Exim: "No usable TLSA records")
};

/// In mandatory mode, the failure kind when DANE cannot apply (insecure MX, A
/// or TLSA, or no TLSA records). Errors and mismatches always defer.
enum class RefusalKind {
  Defer,   ///< temporary (RFC 7672 "delay", Postfix 4.7.5, Cisco "DANE Fail")
  Bounce,  ///< permanent (Exim hosts_require_dane: 5.7.5)
};

/// Which part of a TLSA record decides "usable" before connecting.
enum class UsabilityCheck {
  AllFields,  ///< usage, selector, matching type and digest length (RFC 7671 §9, RFC 7672 §3.1.3)
  UsageOnly,  ///< only the usage; other defects show at match time (Postfix, scenarios §9.1-§9.2)
};

/// Which status combinations profile_table() enumerates, and in whose words.
enum class TableStyle {
  Generic,  ///< adds "Secure, unusable" TLSA; actions in libdane's words
  Cisco,    ///< exactly the Cisco ESA columns and wording ("DANE Success", "DANE Fail", ...)
};

/// One sender policy. Every field is a documented switch; nothing else differs between profiles.
struct Profile {
  std::string name;         ///< e.g. "postfix-dane"
  std::string description;  ///< one line for `dane policy list`
  DaneUse dane = DaneUse::Opportunistic;
  /// TLS when DANE does not apply (and the only TLS when dane == Never).
  BaseTls base_tls = BaseTls::May;
  /// RFC 7672 §2.2.1: insecure MX RRset (ignored when dane == Never).
  InsecureMxPolicy insecure_mx = InsecureMxPolicy::Dane;
  /// RFC 7672 §2.2 case 2: secure TLSA RRset, no usable record.
  UnusableTlsaAction all_unusable = UnusableTlsaAction::Encrypt;
  /// Mandatory mode: failure kind when DANE cannot apply.
  RefusalKind refusal = RefusalKind::Defer;
  /// When a record counts as usable before connecting.
  UsabilityCheck usability = UsabilityCheck::AllFields;
  /// Postfix 2.11-3.1: PKIX-EE(1) records are treated as DANE-EE(3). RFC 7672 §3.1.3 says unusable.
  bool pkix_ee_as_dane_ee = false;
  /// Look up TLSA even when the address RRset is insecure. RFC 7672 §2.2.2 says
  /// SHOULD NOT; false in every built-in profile (true only to model broken MTAs).
  bool tlsa_for_insecure_address = false;
  /// RFC 7672 §2.2.2: an address reached through a CNAME chain whose FIRST link
  /// is secure still gets DANE, with the original name as TLSA base domain
  /// (Postfix's qname_secure). Exim and Cisco want the address lookup itself
  /// secure (smtp-dane-scenarios.md §3.3 row 16): false there.
  bool secure_first_cname_suffices = true;
  /// Cisco ESA: a secure TLSA RRset with no usable record is "Failed" (DANE
  /// Fail, mission.md tables have no "unusable" state), not RFC 7672's encrypt.
  /// (Expressed through all_unusable = Defer.)
  /// The SMTP port: the TLSA owner is _<port>._tcp.<base domain>.
  std::uint16_t port = 25;
  TableStyle table_style = TableStyle::Generic;
};

/// The built-in profiles, in the order listed above.
std::span<const Profile> profiles();

/// The built-in profile of that name.
/// @throws InputError naming the text and the known names when there is none.
const Profile& profile(std::string_view name);

/// One row of a decision table: lookup statuses, certificate check, action.
/// A column the policy did not consult holds "–" (U+2013), as in the Cisco tables.
struct TableRow {
  std::string mx, a, tlsa, cert, action;
  friend bool operator==(const TableRow&, const TableRow&) = default;
};

/**
 * The profile's decision table for one MX host, generated by running
 * plan_delivery() and decide_host() over every combination of MX status
 * (Secure, Insecure, Bogus), A status (Secure, Insecure, Bogus), TLSA status
 * (Secure, [Secure unusable,] Insecure, NXDOMAIN, Bogus) and certificate check
 * (Success, Failed). Columns the evaluation did not consult collapse to "–";
 * rows keep that nesting order. For TableStyle::Cisco the rows equal Cisco's
 * published tables.
 */
std::vector<TableRow> profile_table(const Profile& profile);

/**
 * One cell of the table as a verdict: the same evaluation as profile_table()
 * for one combination. mx and a: "Secure", "Insecure", "Bogus"; tlsa: also
 * "Secure, unusable" and "NXDOMAIN"; cert: "Success" or "Failed" (used only
 * when the policy checks the certificate). Case-insensitive.
 * @throws InputError naming the field and value for any other word.
 */
Verdict decide_statuses(const Profile& profile, std::string_view mx, std::string_view a, std::string_view tlsa,
                               std::string_view cert);

/// The rows as a GitHub markdown table with header "| MX | A | TLSA | Cert | Action |".
std::string to_markdown(std::span<const TableRow> rows);

}  // namespace dane::smtp
