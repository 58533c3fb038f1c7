/*
 * dane::sim: a full delivery scenario (sim/scenarios/README.md is the
 * format): the DNS world of zone_builder.hpp plus certificates issued by the
 * scenario's deterministic CA, receiving MTAs, an optional on-path attacker,
 * the message to send, and the expected outcome per sender profile.
 *
 *   const FullScenario s = load_full_scenario("sim/scenarios/smtp/d01-valid.yaml");
 *   const Expectation* e = s.expectation("postfix-dane");  // the profile's, or `default`
 *
 * Loading issues every certificate (sim::Pki seeded by the scenario seed),
 * expands `${tlsa U S M CERT}` / `${data S M CERT}` in zone records and
 * builds the zones once; runs (runner.hpp) then only copy the built world.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dane/cert.hpp"
#include "dane/sim/network.hpp"
#include "dane/sim/pki.hpp"
#include "dane/sim/zone_builder.hpp"
#include "dane/smtp/verdict.hpp"

namespace dane::sim {

/// Validity of a scenario certificate relative to the scenario time.
enum class CertKind { Valid, Expired, NotYetValid, SelfSigned };

/// What a receiving MTA sends in its TLS Certificate message.
enum class ChainShape { LeafOnly, WithIntermediate, Full };

/// One entry of `certificates:`.
struct CertificateSpec {
  std::string id;                  ///< the map key ("mail"), used by mta and ${tlsa ...}
  std::vector<std::string> names;  ///< subjectAltName dNSNames; the first is also the CN
  CertKind kind = CertKind::Valid;
  bool self_issued = false;        ///< `issuer: self` (also implied by kind self-signed)
  KeyType key = KeyType::EcdsaP256;
  ChainShape chain = ChainShape::WithIntermediate;
  std::string path;                ///< "certificates.mail"
};

/// A certificate as issued for a scenario.
struct ScenarioCertificate {
  Certificate leaf;
  std::string private_key_pem;
  Certificate issuer;  ///< the issuing CA ("Sim Issuing CA"), or the leaf itself when self-issued
  Certificate root;    ///< the root ("Sim Root CA"), or the leaf itself when self-issued
  Chain chain;         ///< what the server sends (ChainShape applied)
};

/// One entry of `mta:`: a receiving MTA on port 25 at each address.
struct MtaSpec {
  dns::Name host;                   ///< for the greeting and the logs
  std::vector<Address> addresses;
  bool starttls = true;             ///< offer STARTTLS (RFC 3207)
  /// SNI name -> certificate id; "none" is kept out (that SNI gets no certificate).
  std::map<std::string, std::string> certificates;
  /// The `default` entry: when the SNI matches nothing or is absent.
  std::optional<std::string> default_certificate;
  std::string path;                 ///< "mta[0]"
};

/// The optional `attacker:` in front of one address.
struct AttackerSpec {
  enum class Kind { StripStarttls, ReplaceCertificate };
  Address address;
  Kind kind = Kind::StripStarttls;
  std::string certificate;  ///< for ReplaceCertificate: the certificate id the impostor presents
};

/// `send:`: the one message of the scenario.
struct SendSpec {
  std::string from = "sender@sender.test";
  std::string to;  ///< required: "user@example.test"
  std::string data = "Subject: scenario test\r\n\r\nHello.\r\n";
};

/// The expected outcome for one profile (`expect:` entry).
struct Expectation {
  smtp::Action verdict = smtp::Action::Defer;
  /// The TLS log class; nullopt when the scenario does not say (then not compared).
  std::optional<smtp::TlsLogClass> tls;
  /// The RFC 8460 result; nullopt when not given (not compared). ReportResult::None for `none`.
  std::optional<smtp::ReportResult> report;
  /// The MX host that delivered, without trailing dot; nullopt when not given.
  std::optional<std::string> via;
  std::string reason;  ///< required: one line citing the RFC section or source
};

/// A parsed and prepared scenario file.
struct FullScenario {
  Scenario dns;                        ///< the DNS part, ${...} already expanded in records
  std::vector<std::string> sources;    ///< `sources:` (free text)
  std::vector<CertificateSpec> certificate_specs;
  std::map<std::string, ScenarioCertificate> certificates;  ///< by id
  std::vector<MtaSpec> mtas;
  std::optional<AttackerSpec> attacker;
  SendSpec send;
  /// By profile name; "default" applies to profiles not listed.
  std::map<std::string, Expectation> expect;
  BuiltWorld built;                    ///< build_zones(dns), done once at load
  std::string source;                  ///< the file name, or "<string>"

  const std::string& name() const noexcept { return dns.name; }
  /// The expectation for a profile: its own entry, else `default`, else nullptr.
  const Expectation* expectation(std::string_view profile) const;
};

/// Limits on what the delivery part may declare.
inline constexpr std::size_t max_scenario_certificates = 64;
inline constexpr std::size_t max_certificate_names = 16;
inline constexpr std::size_t max_scenario_mtas = 16;
inline constexpr std::size_t max_mta_addresses = 8;
inline constexpr std::size_t max_mta_sni_entries = 64;
inline constexpr std::size_t max_scenario_expectations = 64;
inline constexpr std::size_t max_scenario_sources = 32;
inline constexpr std::size_t max_send_data = 64 * 1024;

/**
 * Parses and prepares a scenario: the DNS part (parse_scenario), then the
 * delivery sections, certificates, ${...} expansion and build_zones.
 * @param source names the text in errors (a file name).
 * @throws InputError naming the source and the path of the bad entry
 *   ("mta[0].certificates.default: 'evil': no such certificate").
 */
FullScenario parse_full_scenario(std::string_view yaml, std::string_view source = "<string>");

/// Reads and prepares a scenario file; `name` must equal the file name without `.yaml`.
/// @throws InputError naming the file.
FullScenario load_full_scenario(const std::string& path);

/**
 * The DNS world of any scenario file: a DNS-only scenario (sim/scenarios/dns/)
 * is built as it is; a delivery scenario (one with `certificates`) is loaded
 * whole (load_full_scenario), so that its ${tlsa ...} records are expanded.
 * @throws InputError naming the file and the bad entry.
 */
BuiltWorld load_dns_world(const std::string& path);

/// Every `*.yaml` file directly in dir, sorted by name. @throws InputError when dir cannot be listed.
std::vector<std::string> scenario_files(const std::string& dir);

/**
 * Expands `${tlsa U S M CERT[:leaf|:ca|:root]}` (a whole TLSA RDATA, via
 * dane::make_tlsa) and `${data S M CERT[:leaf|:ca|:root]}` (the association
 * data only, hex, via dane::association_data) in one record line. Without a
 * suffix, usages 0/2 take the issuing CA and usages 1/3 (and ${data}) the leaf.
 * @param where names the line in errors ("zones[1].records[2]").
 * @throws InputError for an unknown certificate, a malformed or unterminated ${...}.
 */
std::string expand_record(std::string_view line, const std::map<std::string, ScenarioCertificate>& certificates,
                          std::string_view source, std::string_view where);

/// "deliver-authenticated", ... -> Action. @throws InputError naming where and the text.
smtp::Action action_from_string(std::string_view text, std::string_view where);
/// "none", "Anonymous", "Untrusted", "Trusted", "Verified" (any case) -> TlsLogClass.
smtp::TlsLogClass tls_class_from_string(std::string_view text, std::string_view where);
/// "none" or an RFC 8460 result type -> ReportResult.
smtp::ReportResult report_from_string(std::string_view text, std::string_view where);
/// "none" for ReportResult::None, else the RFC 8460 token.
std::string report_name(smtp::ReportResult r);

}  // namespace dane::sim
