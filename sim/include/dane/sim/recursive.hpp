/*
 * dane::sim: recursive resolvers of the kinds seen among real mail
 * providers (the USENIX 2020 study, smtp-dane-scenarios.md §1.4). Each
 * resolves iteratively from root hints over the simulated network, with a
 * cache (TTLs, negative caching per RFC 2308) and, when validating, libdane's
 * Validator with a key cache. Their differences show in the authorities'
 * query logs exactly as in the study: DO bit, CD bit, DS/DNSKEY fetched.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dane/dns/message.hpp"
#include "dane/dnssec/algorithms.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/resolver.hpp"
#include "dane/sim/clock.hpp"
#include "dane/sim/network.hpp"

namespace dane::sim {

/// What kind of recursive resolver (the study's DO / DNSKEY / DS / Validation columns).
enum class ResolverKind {
  Validating,     ///< DO=1, fetches DS/DNSKEY, validates: AD on secure data, SERVFAIL + EDE on bogus
  DoNoValidate,   ///< DO=1 upstream but never validates (no DS/DNSKEY queries, never AD)
  CdSetting,      ///< DO=1 and CD=1 upstream, fetches DS/DNSKEY, does not validate (mynet.com, sapo.pt)
  NoDo,           ///< no DO bit (EDNS without DO): no DNSSEC records at all (gmail, outlook in the study)
};

/// "validating", "do-no-validate", "cd-setting", "no-do".
std::string_view to_string(ResolverKind k) noexcept;
/// The inverse of to_string. @throws InputError naming the text.
ResolverKind resolver_kind_from_string(std::string_view text);

/// Static delegation of a zone to fixed server addresses (Unbound's stub-zone).
struct StubZone {
  dns::Name zone;
  std::vector<Address> addresses;
};

/// A resolver's configuration. Every loop the network can drive has a limit here.
struct ResolverConfig {
  ResolverKind kind = ResolverKind::Validating;
  /// The address the resolver sends its queries from (what the query log shows).
  Address address = "192.0.2.53";
  /// Root server addresses (the stub zone for "."); required.
  std::vector<Address> root_hints;
  /// Further stub zones (tested before the root hints, longest match first).
  std::vector<StubZone> stub_zones;
  std::vector<dnssec::TrustAnchor> anchors;
  std::vector<dns::Name> negative_anchors;  ///< RFC 7646 (Unbound's domain-insecure)
  dnssec::AlgorithmPolicy policy;
  /// Unbound's harden-dnssec-stripped: a trust-anchored zone whose DNSKEY
  /// cannot be fetched or validated is Bogus (true) or Insecure (false).
  bool harden_dnssec_stripped = true;
  dnssec::ValidationLimits limits;
  Duration timeout{1500};            ///< per query sent
  std::size_t retries = 2;           ///< extra tries per server set before giving up
  std::uint16_t udp_size = 1232;     ///< EDNS buffer size offered
  /// RFC 9156: each zone's servers see only one label more than the resolver
  /// knows exists (QTYPE A), the full name last; relaxed mode: NXDOMAIN or an
  /// error for a minimised name sends the full name instead (§2.3).
  bool qname_minimisation = false;
  /// RFC 8198: NXDOMAIN / NODATA answered from cached Secure NSEC records
  /// (Unbound's aggressive-nsec). Queries for DS use them in any case, as
  /// Unbound's negative cache (val_neg.c) does.
  bool aggressive_nsec = false;
  /// Unbound's minimal-responses: a positive answer (the query type in the
  /// answer section, no NSEC/NSEC3 in the authority section, qtype not ANY)
  /// goes to the stub without its authority and additional sections.
  bool minimal_responses = false;
  /// Unbound's harden-unknown-additional: the additional section keeps only
  /// the A/AAAA records of the names the answer and authority point at.
  /// Without it (Unbound's default) other record types there are kept too.
  bool harden_unknown_additional = false;
  std::size_t max_queries_per_lookup = 64;   ///< upstream queries for one lookup, chain included
  std::size_t max_referrals = 32;            ///< delegations followed for one name
  std::size_t max_cname_chain = 12;          ///< aliases followed
  std::size_t cache_entries = 100'000;       ///< cached RRsets and negative answers
  std::uint32_t max_cache_ttl = 86'400;
  std::uint32_t bogus_ttl = 60;              ///< how long a bogus result is cached (val-bogus-ttl)
};

/// Counters for benchmarks and tests.
struct ResolverStats {
  std::size_t lookups = 0;
  std::size_t queries_sent = 0;      ///< upstream queries, retries and TCP included
  std::size_t cache_hits = 0;
  std::size_t timeouts = 0;
  std::size_t tcp_retries = 0;
  std::size_t validations = 0;
  std::size_t signature_checks = 0;  ///< crypto verifications (the floor of the work)
};

/**
 * A recursive resolver. lookup() serves the SMTP client (dane::Resolver);
 * answer() serves a stub over DNS semantics (RD/DO/CD/AD per RFC 4035 §3.2
 * and RFC 6840 §5.7, SERVFAIL with EDE for bogus data), which is what the
 * .rpl replay checks; handle() puts answer() on the network.
 */
class RecursiveResolver : public Resolver, public DatagramService {
 public:
  /// @throws UsageError when config has no root hints.
  RecursiveResolver(Network& network, ResolverConfig config);
  ~RecursiveResolver() override;
  RecursiveResolver(const RecursiveResolver&) = delete;
  RecursiveResolver& operator=(const RecursiveResolver&) = delete;

  Lookup lookup(const dns::Name& name, std::uint16_t type) override;
  /// The response a stub would get for query.
  dns::Message answer(const dns::Message& query);
  std::optional<std::vector<std::uint8_t>> handle(const Request& request) override;

  /// Empties the record and key caches.
  void flush_cache();
  /// Removes one name/type from the cache (Unbound's FLUSH_MESSAGE).
  void flush(const dns::Name& name, std::uint16_t type);
  const ResolverConfig& config() const noexcept;
  const ResolverStats& stats() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/**
 * The response as a UDP client whose buffer holds limit octets receives it,
 * composed as Unbound does (util/data/msgencode.c reply_info_encode; RFC 2181
 * §9): the RRsets of each section, every RRset with its RRSIGs, are kept in
 * order while the message fits; the first that does not fit ends the
 * message. Losing one from the answer or authority section sets TC (RFC 1035
 * §4.2.1, RFC 6891 §7); losing one from the additional section does not
 * ("no need to set TC bit, this is the additional"). Sizes are counted as
 * Unbound's encoder makes them: names compressed in owners and in the RDATA
 * of the RFC 1035 types (RFC 3597 §4); dns::Message::to_wire does not
 * compress RDATA, so its wire form of the result may be a little larger.
 * A response that fits is returned unchanged.
 */
dns::Message truncate_for_udp(const dns::Message& response, std::size_t limit);

/// The UDP buffer of a query: its EDNS payload size, at least 512 (RFC 6891
/// §6.2.5), or 512 without EDNS (RFC 1035 §4.2.1).
std::size_t udp_limit(const dns::Message& query);

}  // namespace dane::sim
