/*
 * dane::sim internals of RecursiveResolver: the pieces shared by
 * recursive_cache.cpp (caches), recursive_iterate.cpp (iteration over the
 * network), recursive_validate.cpp (the validator glue and the ChainSource)
 * and recursive_answer.cpp (responses to stubs and dane::Lookup).
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "dane/dns/message.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/sim/recursive.hpp"

namespace dane::sim::detail {

/// A hard limit of ResolverConfig was reached during one lookup.
class LimitReached : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What iteration found for one (name, type).
struct Upstream {
  enum class Status { Answer, NoData, NxDomain, Fail };
  Status status = Status::Fail;
  /// The authoritative reply (for Answer / NoData / NxDomain).
  dns::Message reply;
  /// The zone whose servers answered.
  dns::Name zone;
  /// Why it failed (Fail).
  std::string failure;
};

/// The full resolution of (qname, qtype): aliases chased, then validated.
struct Resolution {
  Upstream::Status status = Upstream::Status::Fail;
  std::uint16_t rcode = dns::rcode::SERVFAIL;
  std::vector<dns::RR> answer;      ///< every link of the chain, RRSIGs included
  std::vector<dns::RR> authority;   ///< of the last reply
  std::vector<dns::RR> additional;  ///< of the last reply
  std::vector<dns::RR> last_authority;  ///< the authority section of the last reply only
  std::vector<dns::Name> names;     ///< qname then each alias target
  std::vector<AliasLink> aliases;
  std::optional<dns::RRset> final_rrset;
  dnssec::Security security = dnssec::Security::Indeterminate;
  std::optional<dnssec::Ede> ede;
  std::vector<dnssec::Reason> reasons;
  std::uint32_t ttl = 0;
  std::string failure;
};

/// One cached RRset: its records then the RRSIGs covering them (Unbound's
/// rrset cache keeps the security status with the data).
struct CachedRRset {
  std::vector<dns::RR> rrs;
  /// Secure once validated; Indeterminate when stored from a reply unchecked.
  dnssec::Security security = dnssec::Security::Indeterminate;
  std::uint32_t ttl = 0;  ///< seconds left when read from the cache
};

/// The record and answer caches, on the simulated clock (RFC 1035 §3.2.1 TTLs,
/// RFC 2308 §5 negative caching).
class Cache {
 public:
  explicit Cache(std::size_t max_entries) : max_(max_entries) {}

  /// The cached iteration result for (name, type) when not expired.
  std::optional<Upstream> upstream(const dns::Name& name, std::uint16_t type, Instant now) const;
  /// Stores an iteration result for ttl seconds (failures are not stored).
  void put_upstream(const dns::Name& name, std::uint16_t type, const Upstream& u, std::uint32_t ttl, Instant now);

  /// The cached full resolution when not expired (its TTL counted down).
  std::optional<Resolution> resolution(const dns::Name& name, std::uint16_t type, Instant now) const;
  void put_resolution(const dns::Name& name, std::uint16_t type, const Resolution& r, std::uint32_t ttl, Instant now);

  /// Servers of the deepest cached delegation containing name (strictly
  /// above it when strictly_above is set), with the zone.
  std::optional<std::pair<dns::Name, std::vector<Address>>> delegation(const dns::Name& name, bool strictly_above,
                                                                        Instant now) const;
  void put_delegation(const dns::Name& zone, std::vector<Address> servers, std::uint32_t ttl, Instant now);

  /// The cached RRset (name, type) when not expired, its TTL counted down.
  std::optional<CachedRRset> rrset(const dns::Name& name, std::uint16_t type, Instant now) const;
  /// Stores an RRset for ttl seconds. An unchecked RRset never replaces a
  /// Secure one, nor an unsigned one a signed one (RFC 2181 §5.4.1 ranks
  /// the data; Unbound keeps the more trustworthy copy).
  void put_rrset(const dns::Name& name, std::uint16_t type, CachedRRset set, std::uint32_t ttl, Instant now);

  /// Stores a validated NSEC RRset (with its RRSIGs) of zone for ttl seconds
  /// (RFC 8198 §4: only Secure NSEC records are used aggressively).
  void put_nsec(const dns::Name& zone, const dns::Name& owner, std::vector<dns::RR> rrs, std::uint32_t ttl,
                Instant now);
  /// The deepest zone containing name with cached NSEC records.
  std::optional<dns::Name> nsec_zone(const dns::Name& name, Instant now) const;
  /// The unexpired cached NSEC RRset of zone with the greatest owner not
  /// after name in canonical order (the one that matches or may cover it).
  std::optional<CachedRRset> nsec_before(const dns::Name& zone, const dns::Name& name, Instant now) const;

  /// Removes (name, type) from both caches.
  void erase(const dns::Name& name, std::uint16_t type);
  void clear();

 private:
  template <class T>
  struct Entry {
    T value;
    Instant expires;
    Instant stored;
  };
  using Key = std::pair<dns::Name, std::uint16_t>;
  void make_room();

  std::size_t max_;
  std::map<Key, Entry<Upstream>> upstream_;
  std::map<Key, Entry<Resolution>> resolutions_;
  std::map<dns::Name, Entry<std::vector<Address>>> delegations_;
  std::map<Key, Entry<CachedRRset>> rrsets_;
  /// zone -> owner -> NSEC RRset, in canonical order (RFC 4034 §6.1).
  std::map<dns::Name, std::map<dns::Name, Entry<CachedRRset>>> nsecs_;
  std::size_t nsec_count_ = 0;
};

/// RFC 2308 §5: a negative answer is cached for min(SOA TTL, SOA MINIMUM);
/// a positive one for its smallest TTL; both capped by max_ttl.
std::uint32_t cache_ttl(const Upstream& u, std::uint32_t max_ttl);

/// The type an RRSIG covers (0 when its RDATA is too short).
std::uint16_t covered_type(const dns::RR& sig);
/// Drops A / AAAA records whose RDATA has the wrong length (RFC 1035 §3.4.1,
/// RFC 3596 §2.2) from every section.
void scrub_malformed(dns::Message& m);
/// Moves every RRSIG next to the RRset it covers, in that RRset's section;
/// duplicates are dropped; RRSIGs covering nothing stay in their section.
void attach_rrsigs(dns::Message& m);
/// Unbound's scrubber (iter_scrub.c scrub_normalize) walks a reply's answer
/// section in order from qname: at the current name a CNAME leads on to its
/// target, unless data of qtype came first there (RFC 2181 §10.1: a CNAME
/// has no other data beside it, so one of the two is extra). Dropped, with
/// their RRSIGs: a CNAME that follows the data, and any RRset at a name the
/// chain has already left (val_cnameother.rpl). qtype CNAME / ANY: unchanged.
std::vector<dns::RR> alias_order(const std::vector<dns::RR>& answer, const dns::Name& qname, std::uint16_t qtype);

/// Unbound's scrubber (iter_scrub.c): the additional RRs of r that an NS,
/// MX or SRV record of its answer or authority section asks for (A / AAAA
/// with their RRSIGs); the rest is dropped.
std::vector<dns::RR> relevant_additional(const Resolution& r, bool harden_unknown_additional);

/// True when rrs holds an RRSIG.
bool has_rrsig(const std::vector<dns::RR>& rrs);

/// The RRs of rrs owned by name with type (RRSIGs excluded).
std::vector<dns::RR> rrs_of(const std::vector<dns::RR>& rrs, const dns::Name& name, std::uint16_t type);

}  // namespace dane::sim::detail

namespace dane::sim {

/// The resolver's state (recursive.cpp owns it).
struct RecursiveResolver::Impl {
  Impl(Network& n, ResolverConfig c);

  Network& net;
  ResolverConfig config;
  ResolverStats stats;
  detail::Cache cache;
  dnssec::Validator validator;
  std::uint16_t next_id = 1;
  std::size_t queries_this_lookup = 0;

  // ------------------------------------------------ recursive_iterate.cpp
  /// Resolves (name, type) by iteration from the closest known servers.
  detail::Upstream iterate(const dns::Name& name, std::uint16_t type, std::size_t depth = 0);
  /// Sends one query to a server set; the first usable reply, or nullopt.
  std::optional<dns::Message> query_servers(const std::vector<Address>& servers, const dns::Name& name,
                                            std::uint16_t type, std::string& why);
  /// Addresses of the name servers named in a referral (glue, else resolved).
  std::vector<Address> server_addresses(const dns::Message& referral, const dns::Name& zone, std::size_t depth);

  /// Takes a referral from parent to child: caches its glue, the delegation
  /// and (validating) its DS; the child's server addresses, or nullopt.
  std::optional<std::vector<Address>> follow_referral(const dns::Message& referral, const dns::Name& child,
                                                      const dns::Name& parent, std::size_t depth);
  /// Caches the DS RRset (or its denial) that came with a referral to child.
  void remember_referral_ds(const dns::Message& referral, const dns::Name& child, const dns::Name& parent);

  // ------------------------------------------------ recursive_validate.cpp
  /// Chases aliases from (name, type) and validates per the resolver kind.
  detail::Resolution resolve(const dns::Name& name, std::uint16_t type);
  /// Validates a chased resolution (Validating kind).
  void validate(detail::Resolution& r, const dns::Name& qname, std::uint16_t qtype);
  /// The verdict on the negative end of a resolution at last: the NSEC/NSEC3
  /// proof, an insecure zone, and every other authority RRset of the last
  /// reply (RFC 4035 §5). May turn an NXDOMAIN for an empty non-terminal into NODATA.
  dnssec::Validation validate_negative(detail::Resolution& r, const dns::Name& last, std::uint16_t qtype,
                                       dnssec::DenialClaim claim, const std::vector<dnssec::SignedRRset>& authority,
                                       dnssec::ChainSource& source, Time t);
  /// RFC 4035 §5 (Unbound's validate_msg_signatures): every RRset of the last
  /// reply's authority section but the NSEC / NSEC3 ones, validated; the
  /// weakest verdict (stops at the first Bogus one).
  dnssec::Validation validate_authority_signatures(const detail::Resolution& r, dnssec::ChainSource& source, Time t);
  /// RFC 8509 §3.2 (root key trust anchor sentinel): a Secure A / AAAA answer
  /// for "root-key-sentinel-is-ta-<tag>" whose tag is not a root trust anchor
  /// key tag, or for "root-key-sentinel-not-ta-<tag>" whose tag is one, is
  /// turned into a failure (SERVFAIL; CD=1 queries still get the data).
  void root_key_sentinel(detail::Resolution& r, const dns::Name& qname, std::uint16_t qtype) const;
  /// A Secure answer keeps only Secure RRsets in its authority and
  /// additional sections (Unbound's val-clean-additional, on by default:
  /// unsigned or unverifiable extras are not passed on beside an AD answer).
  void drop_nonsecure_extras(detail::Resolution& r);
  /// RFC 6672 §2.2: a YXDOMAIN answer; its DNAME RRsets are validated, the
  /// answer is Bogus or returned without AD.
  void validate_yxdomain(detail::Resolution& r, dnssec::ChainSource& source, Time t);
  /// RFC 7672 §2.2.2 needs each alias link's own status (a secure first
  /// CNAME keeps the original name as TLSA base domain): validates each
  /// link's CNAME / DNAME RRset; a link is never stronger than the links before it.
  void alias_security(detail::Resolution& r);
  /// CdSetting: fetches DS and DNSKEY of every signer seen, validating nothing.
  void fetch_chain_only(const detail::Resolution& r);

  // ------------------------------------------------ recursive_cache.cpp
  /// Keeps the Secure RRsets of a validated resolution in the RRset cache:
  /// each Secure alias link, the final RRset, the authority and additional
  /// RRsets, and the NSEC records (with the SOA TTL cap of RFC 8198 §5.4).
  void remember_secure(const detail::Resolution& r);
  /// Keeps the NS RRsets and address records of an upstream reply from the
  /// servers of zone, unchecked, for referrals built from the cache and for
  /// name server addresses; records outside zone are not kept (RFC 2181
  /// §5.4.1, Unbound's scrubber).
  void remember_reply(const dns::Message& reply, const dns::Name& zone);
  /// RFC 8198 §5.1-5.2 (Unbound's val_neg_getmsg): an NXDOMAIN or NODATA
  /// answer for (name, type) proved by cached Secure NSEC records of the
  /// zone, with the zone's cached Secure SOA, without upstream queries.
  std::optional<detail::Resolution> aggressive_negative(const dns::Name& name, std::uint16_t type);
  /// Unbound's iterator answers from its rrset cache: a CNAME or DNAME
  /// query with the cached Secure RRset itself; any query but DS with a
  /// cached Secure CNAME at the name (RFC 1034 §3.6.2) or a CNAME synthesised
  /// from a cached Secure DNAME above it (RFC 6672 §3.1), as a reply from
  /// which the chain goes on.
  std::optional<detail::Upstream> cached_alias(const dns::Name& name, std::uint16_t type);
  /// A query without RD is answered from the cache (RFC 1034 §4.3.2 step 4,
  /// Unbound's iterator): a referral to the deepest zone below the root with
  /// a cached Secure NS RRset, with the Secure addresses of its servers.
  std::optional<detail::Resolution> cached_referral(const dns::Name& name);
  /// Drops the DS denial kept from a referral (no SOA) before a client's DS
  /// query, so the parent is asked as Unbound does.
  void forget_referral_ds(const dns::Name& name);
  /// A Secure DS NODATA without an SOA gets the signer's cached Secure SOA.
  void add_cached_soa(detail::Resolution& r, std::uint16_t qtype);
  /// The cached RRset (name, type), validated now if it was stored
  /// unchecked; nullopt unless Secure.
  std::optional<detail::CachedRRset> secure_rrset(const dns::Name& name, std::uint16_t type);

  Instant now() const { return net.clock().now_ms(); }
  /// Counts one upstream query against max_queries_per_lookup.
  void count_query();
};

}  // namespace dane::sim
