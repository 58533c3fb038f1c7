/*
 * dane::sim: mail provider fingerprinting, the USENIX Security 2020 DANE
 * study's provider table ("Table 2" on the artifact site, Table 3 in the
 * final paper; smtp-dane-scenarios.md §1.4) automated.
 *
 * A provider (sender policy profile + resolver kind + where its resolver
 * sits) sends one message to every subdomain of the study's test bed
 * (sim/scenarios/study/): one authoritative server with one BIND query log,
 * one receiving MTA with an SNI certificate map on one address. The row is
 * then inferred ONLY from what the receiving side sees: the query log text,
 * the Postfix smtpd log text and the mailbox listing, so infer_row() works
 * on real BIND and Postfix logs too.
 *
 *   auto bed = sim::load_study_testbed("sim/scenarios/study/security-protocol.yaml");
 *   sim::FingerprintRun run = sim::run_fingerprint(sim::parse_provider("mail.com"), bed);
 *   std::cout << sim::render_table({run.row});
 */
#pragma once

#include <array>
#include <map>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/sim/recursive.hpp"
#include "dane/sim/smtp_server.hpp"
#include "dane/sim/zone_builder.hpp"

namespace dane::sim {

// --- providers ---------------------------------------------------------------

/// A sending mail provider as the test bed sees it.
struct Provider {
  std::string name = "custom";
  /// dane::smtp profile of its MTA ("postfix-dane", "legacy-usage1-as-3", "postfix-may", ...).
  std::string profile = "postfix-dane";
  ResolverKind resolver = ResolverKind::Validating;
  /// The resolver's address is inside the provider's network (the study's "Same Op.").
  bool same_operator = true;
  /// The MTA sends STARTTLS when offered (false: never, e.g. sina.com).
  bool starttls = true;
  /// The provider's own inbound MX publishes TLSA ("TLSA Pub."): a fact about
  /// the provider, not observable by the test bed; reported as configured.
  bool tlsa_published = false;
  /// The provider's IPv4 network as "a.b.c.0/24": the MTA sends from .25, a
  /// same-operator resolver from .53.
  std::string network = "198.51.100.0/24";
};

/// Longest provider spec accepted.
inline constexpr std::size_t max_provider_spec = 1024;

/**
 * A provider from a spec: a preset name ("mail.com", see provider_presets())
 * or comma-separated key=value pairs: name, preset (start from a preset),
 * profile, resolver (validating | do-no-validate | cd-setting | no-do),
 * same-operator (yes|no), starttls (yes|no), tlsa-published (yes|no), network.
 * Example: "profile=postfix-dane,resolver=validating,same-operator=yes".
 * @throws InputError naming the key or value at fault.
 */
Provider parse_provider(std::string_view spec);

/// The spec that parse_provider() turns back into p (every key, fixed order).
std::string to_spec(const Provider& p);

/// The study's 29 providers as presets (smtp-dane-scenarios.md §1.4), in table order.
const std::vector<Provider>& provider_presets();

// --- the table row -----------------------------------------------------------

/// One cell: ✓ (yes / correctly rejected), ✗ (no / not rejected), – (not tested: a prerequisite failed).
enum class Mark { Yes, No, NotTested };

/// "✓", "✗", "–" (U+2713, U+2717, U+2013).
std::string_view to_symbol(Mark m) noexcept;
/// "yes", "no", "n/a".
std::string_view to_string(Mark m) noexcept;

/// The provider table's columns, in the paper's order.
enum class Column {
  DoBit, Dnskey, Ds, Validation, SameOperator,           // DNSSEC
  StarttlsSent, Expired, SelfSigned, CnMismatch,         // STARTTLS (correctly rejected ...)
  TlsaPublished, TlsaRequested, NoCert, Usage, Selector, Matching, WrongCert,  // DANE
};
inline constexpr std::size_t column_count = 16;

/// Short header ("DO", "DNSKEY", ..., "Cert") and JSON key ("do_bit", ..., "wrong_cert").
std::string_view column_header(Column c) noexcept;
std::string_view column_key(Column c) noexcept;

/// One provider's row.
struct ProviderRow {
  std::string provider;
  std::array<Mark, column_count> marks{};

  Mark operator[](Column c) const noexcept { return marks[static_cast<std::size_t>(c)]; }
  Mark& operator[](Column c) noexcept { return marks[static_cast<std::size_t>(c)]; }
  friend bool operator==(const ProviderRow&, const ProviderRow&) = default;
};

/// A row from 16 symbols ("✓✓✓✓✓✓✗✗✗✓✓✓✗✓✓✓", also "+", "-", "." for ✓ ✗ –).
/// @throws InputError when a symbol is unknown or the count is not 16.
ProviderRow row_from_symbols(std::string_view provider, std::string_view symbols);

/// The rows as a markdown table with the paper's column groups.
std::string render_table(std::span<const ProviderRow> rows);
/// The row as a JSON object text: {"provider": ..., "do_bit": "yes", ..., "wrong_cert": "n/a"}.
std::string to_json(const ProviderRow& row);
/// The rows as a JSON array text.
std::string to_json(std::span<const ProviderRow> rows);

// --- what the receiving side logged -------------------------------------------

/// One query from a BIND 9 query log line.
struct BindQuery {
  std::string client;   ///< client address ("192.0.2.53")
  dns::Name qname;
  std::string qtype;    ///< upper case mnemonic as logged ("TLSA", or "TYPE52")
  bool rd = false;      ///< "+"
  bool edns = false;    ///< "E(n)"
  bool tcp = false;     ///< "T"
  bool dnssec_ok = false;  ///< "D"
  bool cd = false;      ///< "C"
};

/// Longest log line parsed; longer lines are ignored.
inline constexpr std::size_t max_log_line = 4096;
/// Most log lines or mailbox entries read.
inline constexpr std::size_t max_log_lines = 1'000'000;

/**
 * Parses a BIND query log line ("... client @0x7f3a2c0012e0 192.0.2.53#41234
 * (valid.example): query: valid.example IN MX +E(0)D (203.0.113.10)").
 * nullopt for lines that are not queries (other categories, noise).
 */
std::optional<BindQuery> parse_bind_query(std::string_view line);

/// One smtpd event from a Postfix log line.
struct SmtpdEvent {
  enum class Kind { Connect, Disconnect, TlsEstablished, TlsFailed };
  Kind kind = Kind::Connect;
  std::string client;        ///< client address
  /// Disconnect: STARTTLS commands sent (the second number of "starttls=0/1"
  /// when some failed, else the count; 0 when absent).
  std::size_t starttls = 0;
};

/**
 * Parses a Postfix smtpd line: "connect from unknown[192.0.2.99]",
 * "disconnect from unknown[192.0.2.99] ehlo=2 starttls=1 ... commands=7",
 * "Anonymous TLS connection established from unknown[192.0.2.99]: ...",
 * "SSL_accept error from unknown[192.0.2.99]: ..." (and "TLS handshake
 * failed"/"lost connection after STARTTLS"). nullopt for other lines.
 */
std::optional<SmtpdEvent> parse_smtpd_event(std::string_view line);

// --- inference ----------------------------------------------------------------

/// The test bed's names: the test domain and the role of each subdomain.
struct TestBedNames {
  dns::Name domain = dns::Name::parse("security-protocol.test.");
  /// Prefix length for "same operator" (the resolver and the MTA in one network).
  int same_operator_prefix = 24;
};

/// The receiving side's records of one provider's run.
struct Observations {
  std::vector<std::string> query_log;   ///< BIND query log lines
  std::vector<std::string> smtpd_log;   ///< Postfix smtpd log lines
  /// The mailbox listing: the recipient address (or domain) of each delivered message.
  std::vector<std::string> mailbox;
};

/**
 * The provider's row from the receiving side only (definitions in
 * fingerprint_infer.cpp, one function per column). tlsa_published is not
 * observable from the test bed: pass it when known (nullopt gives "–").
 * @throws InputError when a list exceeds max_log_lines.
 */
ProviderRow infer_row(const TestBedNames& names, const Observations& obs, std::string_view provider,
                      std::optional<bool> tlsa_published);

// --- the test bed and the run ---------------------------------------------------

/// A receiving MTA of the test bed (an `mta:` entry).
struct TestBedMta {
  std::string host;   ///< "mail.security-protocol.test" (no trailing dot)
  Address address;
  bool starttls = true;
  /// SNI name -> certificate (tls_server_sni_maps).
  std::map<std::string, ServerCertificate> certificates;
  /// For no SNI or an unknown one; none: the handshake fails ("no usable certificate").
  std::optional<ServerCertificate> default_certificate;
};

/// The study's test bed, loaded from sim/scenarios/study/*.yaml.
struct StudyTestBed {
  std::vector<TestBedMta> mtas;
  /// The zones with every ${tlsa ...} placeholder expanded.
  Scenario scenario;
  TestBedNames names;
  /// Subdomain labels, in file order ("valid", "wrong-signature", ...).
  std::vector<std::string> subdomains;
  /// The recipient local part and the sender address.
  std::string recipient_user = "user";
  std::string sender = "probe@provider.example";
};

/**
 * Parses a test bed file: a scenario (zone_builder.hpp) plus `certificates:`
 * and `mta:` in the format of sim/scenarios/README.md and
 * `send: {from: ..., to: "user@{subdomain}.<test domain>"}`.
 * @throws InputError naming the source and the entry at fault.
 */
StudyTestBed parse_study_testbed(std::string_view yaml, std::string_view source = "<string>");
/// Reads and parses a test bed file. @throws InputError naming the file.
StudyTestBed load_study_testbed(const std::string& path);

/// What the sender saw for one subdomain (for diagnostics; never used by inference).
struct SendOutcome {
  std::string subdomain;
  std::string status;  ///< Postfix status word: "sent", "deferred", "bounced"
  std::string dsn;     ///< "2.0.0", "4.7.5", ...
};

/// One provider's run through the test bed.
struct FingerprintRun {
  Provider provider;
  Observations observations;
  std::vector<SendOutcome> sends;
  ProviderRow row;
};

/**
 * Builds the test bed world (seeded by the scenario), sends one message from
 * the provider to each subdomain in order, and infers the row from the logs.
 * @throws InputError when the provider's profile is unknown or the test bed is invalid.
 */
FingerprintRun run_fingerprint(const Provider& provider, const StudyTestBed& bed);

/// The run as a JSON object text: provider spec, row, and per subdomain the
/// delivered flag (mailbox) and the sender's status.
std::string to_json(const FingerprintRun& run);

}  // namespace dane::sim
