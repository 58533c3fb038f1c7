/*
 * dane::sim: an authoritative DNS server over the simulated network. It
 * answers from its zones per RFC 1034 §4.3.2 and RFC 4035 §3.1 (RRSIGs,
 * NSEC/NSEC3 denial, DS or a no-DS proof at delegations when DO=1), honours
 * the EDNS buffer size (TC=1 over UDP when the answer does not fit, then the
 * client retries over TCP), and writes a query log in BIND's format.
 * Faults make it misbehave the ways real servers do.
 */
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dane/dns/message.hpp"
#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/sim/clock.hpp"
#include "dane/sim/network.hpp"
#include "dane/sim/random.hpp"

namespace dane::sim {

namespace detail {
struct ZoneIndex;  // a served zone indexed for lookups (sim/src/authority_zone.hpp)
}

/// One zone as a server holds it: the apex and every record (signed or not),
/// including the delegation NS / DS / glue of its child zones.
struct Zone {
  dns::Name apex;
  std::vector<dns::RR> records;
};

/// A misbehaviour injected into a server. A rule applies to queries matching
/// all of its set filters.
struct FaultRule {
  enum class Action {
    Drop,       ///< no reply (the client times out)
    Refused,    ///< RCODE REFUSED
    NotImp,     ///< RCODE NOTIMP (the outlook.com TLSA case)
    ServFail,   ///< RCODE SERVFAIL
    FormErr,    ///< RCODE FORMERR (an EDNS-intolerant server)
    Truncate,   ///< TC=1 with empty sections over UDP (forces TCP)
    Lame,       ///< answers without AA and with no data, as a lame server
    NoDnssec,   ///< answers as if DO were clear (a DNSSEC-oblivious server)
  };
  Action action = Action::Drop;
  std::optional<std::uint16_t> qtype;  ///< only this QTYPE
  std::optional<dns::Name> under;      ///< only QNAMEs at or below this name
  std::optional<Transport> transport;  ///< only over this transport
  double probability = 1.0;            ///< applied with this probability (seeded)
};

/// "drop", "refused", "notimp", "servfail", "formerr", "truncate", "lame", "nodnssec".
std::string_view to_string(FaultRule::Action a) noexcept;
/// The inverse of to_string. @throws InputError naming the text.
FaultRule::Action fault_action_from_string(std::string_view text);

/// One query as BIND's query log records it.
struct QueryLogEntry {
  Instant time;
  Endpoint client;
  Address server;
  dns::Question question;
  bool rd = false;          ///< "+" (recursion desired) or "-"
  bool edns = false;        ///< "E(version)"
  std::uint8_t edns_version = 0;
  bool tcp = false;         ///< "T"
  bool dnssec_ok = false;   ///< "D"
  bool cd = false;          ///< "C"

  /**
   * The line as BIND 9 writes it with print-time, category and severity:
   * "22-Nov-2026 22:54:50.123 queries: info: client @0x55d0c0ffee00
   * 192.0.2.53#41234 (example.com): query: example.com IN TLSA +E(0)DC
   * (198.51.100.1)". The client object address is derived from the client
   * endpoint, so the line is deterministic.
   */
  std::string to_bind() const;
};

/// A query log shared by the servers of a world (one file, like the study's BIND).
class QueryLog {
 public:
  void add(QueryLogEntry entry);
  const std::vector<QueryLogEntry>& entries() const noexcept { return entries_; }
  /// Every entry in BIND form, one per line.
  std::string to_string() const;
  void clear() noexcept { entries_.clear(); }

 private:
  std::vector<QueryLogEntry> entries_;
};

/// An authoritative server for one or more zones.
class AuthoritativeServer : public DatagramService {
 public:
  /// name is for logs and errors ("ns1.example."); the log may be shared.
  AuthoritativeServer(std::string name, const Clock& clock, Random random,
                      std::shared_ptr<QueryLog> log = nullptr);

  /// Adds a zone. @throws InputError when the apex has no SOA, a record is
  /// outside the apex, or the apex is already served.
  void add_zone(Zone zone);
  /// Replaces a served zone (a zone transfer; an old copy is a stale secondary).
  void replace_zone(Zone zone);
  /// Adds a fault; rules are checked in the order added, the first match applies.
  void add_fault(FaultRule rule);

  /**
   * The response to a query, as RFC 1034 §4.3.2 and RFC 4035 §3.1 say:
   * authoritative data (AA), CNAME chains within the zone, referrals with NS
   * and glue (plus DS, or the NSEC/NSEC3 proving no DS, when DO=1),
   * NXDOMAIN/NODATA with SOA (plus NSEC/NSEC3 proofs and their RRSIGs when
   * DO=1), wildcard synthesis, REFUSED for names outside its zones.
   * Faults are not applied here.
   */
  dns::Message respond(const dns::Message& query) const;

  /// The network entry point: parses, logs, applies faults, responds, and
  /// truncates to the EDNS buffer size (512 octets without EDNS) over UDP.
  /// A query that does not parse gets FORMERR when its header is readable.
  std::optional<std::vector<std::uint8_t>> handle(const Request& request) override;

  const std::string& name() const noexcept { return name_; }
  /// Queries answered so far.
  std::size_t queries() const noexcept { return queries_; }

 private:
  /// The zone that answers for (qname, qtype): the longest apex match, the
  /// parent side for a DS query at a zone cut (RFC 4035 §3.1.4.1); nullptr when none.
  const detail::ZoneIndex* best_zone(const dns::Name& qname, std::uint16_t qtype) const;
  /// The first fault rule matching the query (probability drawn from random_).
  const FaultRule* matching_fault(const dns::Message& query, Transport transport);

  std::string name_;
  const Clock& clock_;
  Random random_;
  std::shared_ptr<QueryLog> log_;
  std::vector<std::shared_ptr<const detail::ZoneIndex>> zones_;
  std::vector<FaultRule> faults_;
  std::size_t queries_ = 0;
};

}  // namespace dane::sim
