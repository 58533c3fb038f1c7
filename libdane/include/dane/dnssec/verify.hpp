/*
 * libdane: checking one RRSIG over one RRset with one DNSKEY (RFC 4035 §5.3).
 */
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dane/dns/rr.hpp"
#include "dane/dnssec/algorithms.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/dnssec/status.hpp"
#include "dane/time.hpp"

namespace dane::dnssec {

/// The outcome of one RRSIG check.
enum class SigResult {
  Valid,             ///< every RFC 4035 §5.3.1 condition holds and the signature verifies
  Expired,           ///< now is after the expiration (EDE 7)
  NotYetValid,       ///< now is before the inception (EDE 8)
  Mismatch,          ///< signer, type, labels, algorithm, key tag or key flags do not fit (EDE 6; 11 without the Zone Key flag)
  UnsupportedAlgorithm,  ///< the algorithm is refused by policy or not supported (EDE 1)
  BadKey,            ///< the DNSKEY's public key is malformed (EDE 6)
  BadSignature,      ///< the cryptographic check failed (EDE 6)
};

/// The verdict on one (RRSIG, DNSKEY) pair.
struct SigCheck {
  SigResult result = SigResult::BadSignature;
  Ede ede = Ede::DnssecBogus;
  Reason reason;
  /// For Valid: the TTL the RRset may be cached for: min(RRset TTL, original
  /// TTL, seconds until expiration) (RFC 4035 §5.3.3).
  std::uint32_t ttl = 0;
};

/**
 * RFC 4035 §5.3.1 conditions on an RRSIG against its RRset and a candidate
 * DNSKEY, without the cryptographic check: owner/class/type, signer is the
 * zone of the owner (owner is at or below signer), labels <= owner labels,
 * algorithm and key tag equal the DNSKEY's, the DNSKEY is a zone key with
 * protocol 3, and inception <= now <= expiration in RFC 1982 serial
 * arithmetic (RFC 4034 §3.1.5). With check_dates false the inception and
 * expiration are not compared with now (AlgorithmPolicy::ignore_signature_dates,
 * test only).
 * @return nullopt when all hold, else the failed check.
 */
std::optional<SigCheck> check_rrsig_fields(const dns::RRset& rrset, const Rrsig& sig, const Dnskey& key, Time now,
                                           bool check_dates = true);

/**
 * The data an RRSIG signs (RFC 4034 §3.1.8.1, RFC 4035 §5.3.2): the RRSIG
 * RDATA without signature, then each RR in canonical form and order, with the
 * original TTL, and the owner rebuilt as "*.<last labels>" when the RRSIG's
 * labels field is smaller than the owner's label count (wildcard expansion).
 */
std::vector<std::uint8_t> signed_data(const dns::RRset& rrset, const Rrsig& sig);

/**
 * Checks one RRSIG over rrset with key at time now: check_rrsig_fields, the
 * policy, then the signature. The parsed key comes from cache when given.
 * Never throws for hostile data.
 */
SigCheck verify_rrsig(const dns::RRset& rrset, const Rrsig& sig, const Dnskey& key, Time now,
                      const AlgorithmPolicy& policy = {}, KeyCache* cache = nullptr);

/// True when the RRSIG's labels field says the RRset was synthesised from a
/// wildcard (labels < owner label count, RFC 4035 §5.3.4).
bool is_wildcard_expansion(const dns::RRset& rrset, const Rrsig& sig);

}  // namespace dane::dnssec
