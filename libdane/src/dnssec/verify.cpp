/*
 * libdane: one RRSIG over one RRset with one DNSKEY (RFC 4035 §5.3):
 * the §5.3.1 field checks, the signed data of RFC 4034 §3.1.8.1 with the
 * canonical form and order of RFC 4034 §6.2-6.3, wildcard owner
 * reconstruction (RFC 4035 §5.3.2), the cryptographic check, and the TTL
 * cap of RFC 4035 §5.3.3.
 *
 * Times: RRSIG inception and expiration are 32-bit serial numbers (RFC 4034
 * §3.1.5) compared with RFC 1982 serial arithmetic against now mod 2^32, so a
 * signature stays checkable across the 2106 wrap. A distance of exactly 2^31
 * is undefined in RFC 1982; it is treated as "not within the window".
 */
#include "dane/dnssec/verify.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "dane/dns/name.hpp"
#include "dane/error.hpp"

namespace dane::dnssec {

namespace {

constexpr const char* rule_531 = "RFC 4035 §5.3.1";

/// now mod 2^32, the value RRSIG times are compared with (RFC 4034 §3.1.5).
std::uint32_t serial_now(Time now) {
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(now.time_since_epoch().count()));
}

/// RFC 1982 §3.2: the signed distance from a to b (b - a), in -2^31+1..2^31-1,
/// or nullopt when the distance is exactly 2^31 (the comparison is undefined).
std::optional<std::int64_t> serial_distance(std::uint32_t a, std::uint32_t b) {
  const std::uint32_t d = b - a;
  if (d == 0x80000000u) return std::nullopt;
  return d < 0x80000000u ? static_cast<std::int64_t>(d) : static_cast<std::int64_t>(d) - 0x100000000LL;
}

/// The RRSIG time nearest to now that has the given 32-bit value: for messages.
std::string serial_time(std::uint32_t value, Time now) {
  const auto d = serial_distance(serial_now(now), value).value_or(0x80000000LL);
  return format_time(now + std::chrono::seconds(d));
}

std::string describe(const dns::RRset& rrset, const Rrsig& sig) {
  return fmt::format("RRSIG {} {} (signer {}, key tag {}, algorithm {})", dns::type_to_string(sig.type_covered),
                     rrset.owner.to_string(), sig.signer.to_string(), sig.key_tag, sig.algorithm);
}

SigCheck failure(SigResult result, Ede ede, std::string text, std::string rule = rule_531) {
  SigCheck c;
  c.result = result;
  c.ede = ede;
  c.reason = Reason{std::move(text), std::move(rule)};
  return c;
}

/// One RR as it goes into the signed data: owner | type | class | TTL |
/// RDLENGTH | RDATA (RFC 4034 §3.1.8.1), owner and RDATA canonical.
void append_u16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void append_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  append_u16(out, static_cast<std::uint16_t>(v >> 16));
  append_u16(out, static_cast<std::uint16_t>(v));
}

}  // namespace

bool is_wildcard_expansion(const dns::RRset& rrset, const Rrsig& sig) {
  // The labels field never counts a leading "*" (RFC 4034 §3.1.3): an RRset
  // owned by the wildcard name itself is not an expansion.
  std::size_t owner_labels = rrset.owner.label_count();
  if (rrset.owner.is_wildcard()) --owner_labels;
  return sig.labels < owner_labels;
}

std::optional<SigCheck> check_rrsig_fields(const dns::RRset& rrset, const Rrsig& sig, const Dnskey& key, Time now,
                                           bool check_dates) {
  // describe() is only formatted when a check fails (this is the hot path).
  // RFC 4035 §5.3.1 bullet 3: "The RRSIG RR's Type Covered field MUST equal the RRset's type."
  if (sig.type_covered != rrset.type)
    return failure(SigResult::Mismatch, Ede::DnssecBogus,
                   fmt::format("{}: type covered {} is not the RRset's type {}", describe(rrset, sig),
                               dns::type_to_string(sig.type_covered), dns::type_to_string(rrset.type)),
                   "RFC 4035 §5.3.1 (Type Covered)");
  // Bullet 2: "The RRSIG RR's Signer's Name field MUST be the name of the zone
  // that contains the RRset": the owner is at or below the signer.
  if (!rrset.owner.is_subdomain_of(sig.signer))
    return failure(SigResult::Mismatch, Ede::DnssecBogus,
                   fmt::format("{}: owner {} is not in the signer's zone {}", describe(rrset, sig), rrset.owner.to_string(),
                               sig.signer.to_string()),
                   "RFC 4035 §5.3.1 (Signer's Name)");
  // Bullet 4: "The number of labels in the RRset owner name MUST be greater
  // than or equal to the value in the RRSIG RR's Labels field."
  if (sig.labels > rrset.owner.label_count())
    return failure(SigResult::Mismatch, Ede::DnssecBogus,
                   fmt::format("{}: labels field {} exceeds the owner's {} labels", describe(rrset, sig), sig.labels,
                               rrset.owner.label_count()),
                   "RFC 4035 §5.3.1 (Labels)");
  // Bullet 7 (matching DNSKEY): owner = signer (the caller's job: Dnskey has
  // no owner), algorithm and key tag equal.
  if (sig.algorithm != key.algorithm)
    return failure(SigResult::Mismatch, Ede::DnssecBogus,
                   fmt::format("{}: algorithm {} is not the DNSKEY's algorithm {}", describe(rrset, sig), sig.algorithm,
                               key.algorithm),
                   "RFC 4035 §5.3.1 (Algorithm)");
  const std::uint16_t tag = key_tag(key);
  if (sig.key_tag != tag)
    return failure(SigResult::Mismatch, Ede::DnssecBogus,
                   fmt::format("{}: key tag {} is not the DNSKEY's key tag {}", describe(rrset, sig), sig.key_tag, tag),
                   "RFC 4035 §5.3.1 (Key Tag)");
  // RFC 4034 §2.1.1 / RFC 4035 §5.3.1: the key must be a zone key...
  if (!key.is_zone_key())
    return failure(SigResult::Mismatch, Ede::NoZoneKeyBitSet,
                   fmt::format("{}: DNSKEY tag {} (flags {}) does not have the Zone Key flag", describe(rrset, sig), tag, key.flags),
                   "RFC 4034 §2.1.1, RFC 4035 §5.3.1");
  // ... with protocol 3 (RFC 4034 §2.1.2).
  if (key.protocol != 3)
    return failure(SigResult::Mismatch, Ede::DnssecBogus,
                   fmt::format("{}: DNSKEY tag {} has protocol {}, not 3", describe(rrset, sig), tag, key.protocol),
                   "RFC 4034 §2.1.2");
  // RFC 5011 §2.1: a key with the REVOKE bit "MUST NOT" be used to validate
  // anything (a validator with no RFC 5011 state has no use for its one
  // exception, the self-signed revocation).
  if (key.is_revoked())
    return failure(SigResult::Mismatch, Ede::DnssecBogus,
                   fmt::format("{}: DNSKEY tag {} (flags {}) is revoked", describe(rrset, sig), tag, key.flags),
                   "RFC 5011 §2.1");
  // Bullets 5 and 6: "The validator's notion of the current time MUST be less
  // than or equal to the time listed in the RRSIG RR's Expiration field" and
  // "greater than or equal to the time listed in the RRSIG RR's Inception
  // field", in serial number arithmetic (RFC 4034 §3.1.5, RFC 1982).
  // Skipped only for the test-only AlgorithmPolicy::ignore_signature_dates.
  if (!check_dates) return std::nullopt;
  const std::uint32_t now32 = serial_now(now);
  const auto to_expiry = serial_distance(now32, sig.expiration);
  if (!to_expiry || *to_expiry < 0)
    return failure(SigResult::Expired, Ede::SignatureExpired,
                   fmt::format("{}: expired at {} (now {})", describe(rrset, sig), serial_time(sig.expiration, now),
                               format_time(now)),
                   "RFC 4035 §5.3.1 (Expiration), RFC 1982");
  const auto since_inception = serial_distance(sig.inception, now32);
  if (!since_inception || *since_inception < 0)
    return failure(SigResult::NotYetValid, Ede::SignatureNotYetValid,
                   fmt::format("{}: not valid before {} (now {})", describe(rrset, sig), serial_time(sig.inception, now),
                               format_time(now)),
                   "RFC 4035 §5.3.1 (Inception), RFC 1982");
  return std::nullopt;
}

std::vector<std::uint8_t> signed_data(const dns::RRset& rrset, const Rrsig& sig) {
  std::vector<std::uint8_t> out = sig.signed_prefix();

  // The owner: canonical, or "*." + the rightmost `labels` labels for a
  // wildcard expansion (RFC 4035 §5.3.2).
  std::vector<std::uint8_t> owner;
  if (sig.labels < rrset.owner.label_count())
    owner = rrset.owner.suffix(sig.labels).prepend("*").canonical_wire();
  else
    owner = rrset.owner.canonical_wire();

  // Canonical RDATA, sorted as left-justified octet strings, duplicates
  // removed (RFC 4034 §6.3).
  std::vector<std::vector<std::uint8_t>> rdatas;
  rdatas.reserve(rrset.rdatas.size());
  for (const auto& rr : rrset.records()) {
    auto rd = rr.canonical_rdata();
    if (rd.size() > 0xFFFF)
      throw InputError("RRset " + rrset.owner.to_string(), "RDATA", std::to_string(rd.size()) + " octets",
                       "is longer than 65535 octets");
    rdatas.push_back(std::move(rd));
  }
  std::sort(rdatas.begin(), rdatas.end());
  rdatas.erase(std::unique(rdatas.begin(), rdatas.end()), rdatas.end());

  for (const auto& rd : rdatas) {
    out.insert(out.end(), owner.begin(), owner.end());
    append_u16(out, rrset.type);
    append_u16(out, rrset.rclass);
    append_u32(out, sig.original_ttl);
    append_u16(out, static_cast<std::uint16_t>(rd.size()));
    out.insert(out.end(), rd.begin(), rd.end());
  }
  return out;
}

SigCheck verify_rrsig(const dns::RRset& rrset, const Rrsig& sig, const Dnskey& key, Time now,
                      const AlgorithmPolicy& policy, KeyCache* cache) {
  try {
    if (auto failed = check_rrsig_fields(rrset, sig, key, now, !policy.ignore_signature_dates)) return *failed;
    const std::string what = describe(rrset, sig);

    if (!policy.algorithm_usable(sig.algorithm)) {
      const bool supported = algorithm_support(sig.algorithm) == Support::Supported;
      const std::string_view mnemonic = algorithm_mnemonic(sig.algorithm);
      return failure(SigResult::UnsupportedAlgorithm, Ede::UnsupportedDnskeyAlgorithm,
                     fmt::format("{}: algorithm {}{}{}{} is {}", what, sig.algorithm, mnemonic.empty() ? "" : " (",
                                 mnemonic, mnemonic.empty() ? "" : ")",
                                 supported ? "refused by the algorithm policy" : "not supported"),
                     supported ? "RFC 8624 §3.1" : "RFC 4035 §5.2");
    }

    // RFC 4034 §3.1.8: an empty Signature field signs nothing (Unbound
    // refuses it before any crypto, even under fake-sha1: val_nodata_failsig.rpl).
    if (sig.signature.empty())
      return failure(SigResult::BadSignature, Ede::DnssecBogus, fmt::format("{}: the signature field is empty", what),
                     "RFC 4034 §3.1.8");

    // TEST ONLY (AlgorithmPolicy::assume_valid_signatures, Unbound's
    // fake-sha1): the fields were checked above; the crypto is skipped.
    const bool assumed = policy.assume_valid_signatures.contains(sig.algorithm);
    if (!assumed) {
      std::shared_ptr<const PublicKey> parsed;
      try {
        parsed = cache != nullptr ? cache->get(key) : PublicKey::parse(key);
      } catch (const InputError& e) {
        return failure(SigResult::BadKey, Ede::DnssecBogus,
                       fmt::format("{}: DNSKEY tag {} is malformed: {}", what, sig.key_tag, e.what()),
                       "RFC 4034 §2.1.4");
      }
      if (!parsed->verify(signed_data(rrset, sig), sig.signature))
        return failure(SigResult::BadSignature, Ede::DnssecBogus,
                       fmt::format("{}: the signature does not verify with DNSKEY tag {}", what, sig.key_tag),
                       "RFC 4035 §5.3.3");
    }

    // RFC 4035 §5.3.3: TTL no greater than the RRset's TTL, the original TTL
    // and the time left until the signature expires.
    // (With ignore_signature_dates there is no expiry to count down to.)
    const auto left = serial_distance(serial_now(now), sig.expiration).value_or(0);
    std::uint64_t ttl = std::min<std::uint64_t>(rrset.ttl, sig.original_ttl);
    if (!policy.ignore_signature_dates)
      ttl = std::min<std::uint64_t>(ttl, static_cast<std::uint64_t>(std::max<std::int64_t>(left, 0)));
    SigCheck ok;
    ok.result = SigResult::Valid;
    ok.ede = Ede::Other;
    ok.reason = Reason{fmt::format("{}: verified with DNSKEY tag {}", what, sig.key_tag), "RFC 4035 §5.3"};
    ok.ttl = static_cast<std::uint32_t>(ttl);
    return ok;
  } catch (const std::exception& e) {
    return failure(SigResult::BadSignature, Ede::DnssecBogus,
                   fmt::format("RRSIG over {} could not be checked: {}", rrset.owner.to_string(), e.what()),
                   "RFC 4035 §5.3");
  }
}

}  // namespace dane::dnssec
