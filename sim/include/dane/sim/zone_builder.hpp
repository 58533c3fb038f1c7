/*
 * dane::sim: a DNS world declared in a YAML scenario, built into signed
 * zones, keys, delegations and servers. The same file (and seed) gives
 * byte-identical zones: every key derives from the scenario seed and the
 * zone name, every signature window from the scenario's start time.
 *
 *   name: valid
 *   description: proper signed zone, DS in parent, TLSA 3 1 1
 *   time: 2026-11-22T12:00:00Z
 *   seed: 1
 *   zones:
 *     - apex: test.
 *     - apex: example.test.
 *       signing: {algorithm: 13, keys: csk, denial: nsec, inception: -1h, expiration: +30d}
 *       records:
 *         - "@ 3600 IN MX 10 mail"
 *         - "mail 3600 IN A 192.0.2.25"
 *         - "_25._tcp.mail 3600 IN TLSA 3 1 1 <hex>"
 *       servers:
 *         - {name: ns1.example.test., address: 198.51.100.1}
 *         - {name: ns2.example.test., address: 198.51.100.2,
 *            stale: ["_25._tcp.mail 3600 IN TLSA 3 1 1 <old hex>"]}
 *       mutations: [{kind: bad-signature, owner: _25._tcp.mail, type: TLSA}]
 *   faults:
 *     - {server: ns1.example.test., action: notimp, qtype: TLSA}
 *
 * The root zone "." is added (signed, served by a.root-servers.net. at
 * 198.41.0.4) when the scenario does not declare it, and so is every missing
 * zone on the way up (test. for example.test.: signed, served by ns1.<apex>
 * at a free 203.0.113.x address). Each zone is delegated
 * from the closest enclosing zone of the scenario: NS, glue and (for a signed
 * child) DS in the parent, signed by the parent.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/dnssec/status.hpp"
#include "dane/sim/authority.hpp"
#include "dane/sim/network.hpp"
#include "dane/time.hpp"

namespace dane::sim {

/// How a zone is signed (the `signing:` map of a zone).
struct SigningSpec {
  std::uint8_t algorithm = 13;   ///< 8, 10, 13, 14 or 15
  bool split_keys = false;       ///< `keys: ksk-zsk` (true) or `keys: csk` (false)
  std::size_t bits = 2048;       ///< RSA modulus size
  bool nsec3 = false;            ///< `denial: nsec3` (true) or `denial: nsec` (false)
  std::uint16_t iterations = 0;  ///< NSEC3 iterations (RFC 9276: 0)
  std::vector<std::uint8_t> salt;  ///< NSEC3 salt (`salt: "ab12"` in hex; "" for none)
  bool opt_out = false;          ///< NSEC3 Opt-Out (RFC 5155 §6)
  std::int64_t inception = -3600;            ///< seconds relative to the scenario time (`-1h`)
  std::int64_t expiration = 30 * 86400;      ///< seconds relative to the scenario time (`+30d`)
  std::uint8_t ds_digest = 2;    ///< digest type of the DS the parent publishes (RFC 4509: 2)
};

/// One mutation of a zone (`mutations:` list); see mutation_catalog() for the kinds.
struct MutationSpec {
  std::string kind;
  /// The RRset it breaks: owner relative to the apex ("@" for the apex) and type.
  std::optional<std::string> owner;
  std::optional<std::uint16_t> type;
  /// A name the mutation needs (the name whose denial breaks, for instance), relative to the apex.
  std::optional<std::string> name;
  /// A count (keytrap: colliding keys and signatures) or a value (nsec3 iterations).
  std::optional<std::uint64_t> count;
  /// A time offset in seconds (expiring-signature: when the signature expires, after the scenario time).
  std::optional<std::int64_t> after;
  /// Where it was declared ("zones[2].mutations[0]") for error messages.
  std::string path;
};

/// An authoritative server of a zone (`servers:` list).
struct ServerSpec {
  dns::Name name;
  std::vector<Address> addresses;
  /// `stale: [lines]`: this server is a secondary that missed the last zone
  /// transfer (smtp-dane D15). It serves an older copy of the zone in which
  /// each RRset named by a line (owner and type) still holds that line's
  /// records: the copy has the SOA serial one lower and is signed by the same
  /// keys. A line must replace an RRset the zone has (so the NSEC/NSEC3 chain
  /// stays the same). Empty: the server serves the current zone.
  std::vector<std::string> stale;
};

/// One zone of the scenario (`zones:` list).
struct ZoneSpec {
  dns::Name apex;
  bool is_signed = true;                 ///< `unsigned: true` for a zone without DNSSEC
  SigningSpec signing;
  std::vector<std::string> records;      ///< master-file lines, relative to the apex
  std::vector<ServerSpec> servers;       ///< default: ns1.<apex> at an address chosen by the builder
  std::vector<MutationSpec> mutations;
  std::uint32_t ttl = 3600;              ///< default TTL of records, SOA and delegation data
  std::string path;                      ///< "zones[2]"
};

/// A fault of one server (`faults:` list).
struct FaultSpec {
  dns::Name server;
  FaultRule rule;
  std::string path;
};

/// A parsed scenario file.
struct Scenario {
  std::string name;
  std::string description;
  Time time;                     ///< the clock start; signature windows are relative to it
  std::uint64_t seed = 1;        ///< key generation and the world's randomness
  std::vector<ZoneSpec> zones;
  std::vector<FaultSpec> faults;
  /// Top-level sections kept for later layers (smtp, mta, expect, senders,
  /// certificates, providers), as YAML text, by key.
  std::map<std::string, std::string> reserved;
  /// Where the scenario came from (a file name, or "<string>").
  std::string source;
};

/// Top-level keys a scenario may carry for other layers (kept as raw YAML).
const std::vector<std::string>& reserved_scenario_keys();

/// Limits on what a scenario may declare.
inline constexpr std::size_t max_scenario_bytes = 4 * 1024 * 1024;
inline constexpr std::size_t max_scenario_zones = 64;
inline constexpr std::size_t max_zone_records = 10'000;
inline constexpr std::size_t max_zone_mutations = 16;
inline constexpr std::size_t max_zone_servers = 8;
inline constexpr std::size_t max_stale_records = 256;
inline constexpr std::size_t max_scenario_faults = 64;
inline constexpr std::uint64_t max_keytrap_count = 256;

/**
 * Parses a scenario from YAML text.
 * @param source names the text in errors (a file name).
 * @throws InputError naming the source and the path of the bad entry
 *   ("zones[2].signing.algoritm: unknown key").
 */
Scenario parse_scenario(std::string_view yaml, std::string_view source = "<string>");

/// Reads and parses a scenario file. @throws InputError naming the file.
Scenario load_scenario(const std::string& path);

/// One zone as built: served records, keys, and the DS its parent publishes.
struct BuiltZone {
  dns::Name apex;
  std::optional<dns::Name> parent;   ///< the zone it is delegated from (none for the root)
  bool is_signed = true;
  Zone zone;                         ///< every record, signed and mutated, sorted canonically
  std::vector<dnssec::SigningKey> keys;
  /// The DS RRset for this zone as its parent publishes it (after mutations; empty: no DS).
  std::vector<dnssec::Ds> ds;
  /// The DS of the zone's real key (what a correct parent would publish).
  std::vector<dnssec::Ds> correct_ds;
  std::vector<std::string> mutations;  ///< kinds applied to this zone
};

/// One server as built.
struct BuiltServer {
  dns::Name name;
  std::vector<Address> addresses;
  std::vector<dns::Name> zones;     ///< apexes served
  std::vector<FaultRule> faults;
  /// Older copies this server serves instead of the current zone (a stale
  /// secondary, ServerSpec::stale), by apex.
  std::map<dns::Name, Zone> stale_zones;
};

/// The result of building a scenario.
struct BuiltWorld {
  std::string name;
  Time time;
  std::uint64_t seed = 1;
  std::vector<BuiltZone> zones;       ///< root first, then in canonical name order
  std::vector<BuiltServer> servers;
  /// The trust anchor: the DS of the root's key (the sim root, not IANA's).
  std::vector<dnssec::TrustAnchor> anchors;
  /// Addresses of the root's servers (root hints).
  std::vector<Address> root_hints;

  /// The zone with this apex. @throws UsageError when there is none.
  const BuiltZone& zone(const dns::Name& apex) const;
};

/// Builds the zones, keys, delegations and servers of a scenario.
/// @throws InputError naming the zone, record or mutation at fault.
BuiltWorld build_zones(const Scenario& scenario);

/// What a mutation breaks and what a validating resolver should then say.
struct MutationInfo {
  std::string kind;           ///< "bad-signature"
  std::string catalog;        ///< the catalog rows: "dnssec-rules §8 row 1; smtp-dane D02"
  std::string what;           ///< one line
  dnssec::Security expected = dnssec::Security::Bogus;
  std::vector<dnssec::Ede> ede;  ///< acceptable EDE codes (empty: none expected)
  std::string query;          ///< which lookup shows it ("the target RRset", "NXDOMAIN below the apex", ...)
};

/// Every mutation kind, documented (the same table build_zones applies).
const std::vector<MutationInfo>& mutation_catalog();

/// The documentation of one kind. @throws InputError for an unknown kind.
const MutationInfo& mutation_info(std::string_view kind);

}  // namespace dane::sim
