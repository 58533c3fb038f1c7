/*
 * libdane: the chain of trust (RFC 4033 §5, RFC 4035 §5): from a trust anchor
 * down through DS and DNSKEY at each zone cut to an answer, with the safety
 * limits of dnssec-rules.md §7 (KeyTrap CVE-2023-50387, CVE-2023-50868).
 *
 * The validator is synchronous and does no I/O: it asks a ChainSource for the
 * DS and DNSKEY RRsets it needs. RecordPool answers from a fixed set of
 * records (offline validation); a resolver answers by querying.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/algorithms.hpp"
#include "dane/dnssec/denial.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/dnssec/status.hpp"
#include "dane/time.hpp"

namespace dane::dnssec {

/// A trust anchor for one zone: DS records or DNSKEYs (RFC 4033 §5, RFC 7958).
struct TrustAnchor {
  dns::Name zone;
  std::vector<Ds> ds;
  std::vector<Dnskey> dnskeys;
};

/// The IANA root zone anchors: DS for KSK-2017 (tag 20326) and KSK-2024 (tag 38696).
std::vector<TrustAnchor> default_root_anchors();

/**
 * Groups DS / DNSKEY records into trust anchors, one per owner, in order of
 * first appearance.
 * @throws InputError naming the record for any other type or malformed RDATA.
 */
std::vector<TrustAnchor> trust_anchors_from_records(std::span<const dns::RR> records);

/**
 * Reads trust anchors from DS / DNSKEY records in presentation form (one per
 * line, as in Unbound's trust-anchor-file).
 * @throws InputError naming the line.
 */
std::vector<TrustAnchor> parse_trust_anchors(std::string_view text);

/// Work limits for one validation (defaults from dnssec-rules.md §7).
struct ValidationLimits {
  std::size_t max_rrsigs_per_rrset = 8;  ///< RRSIGs tried per RRset
  std::size_t max_keys_per_tag = 2;      ///< DNSKEYs tried per (algorithm, key tag)
  std::size_t max_ds = 8;                ///< DS records considered per zone cut
  std::size_t crypto_budget = 32;        ///< signature verifications per validation
  std::size_t max_chain_length = 16;     ///< zone cuts between anchor and answer
  DenialLimits denial;
};

/// An RRset with the RRSIGs that came with it.
struct SignedRRset {
  dns::RRset rrset;
  std::vector<Rrsig> rrsigs;
};

/// Splits RRs into SignedRRsets: each RRSIG goes with the RRset of its owner,
/// class and covered type. RRSIGs without an RRset are dropped, and so are
/// those whose fixed fields do not parse; one with an empty signature field
/// is kept with an empty signature (it never verifies).
std::vector<SignedRRset> group_signed(std::span<const dns::RR> rrs);

/// What a ChainSource returns for (name, type).
struct SourceAnswer {
  /// The RRset, when it exists.
  std::optional<SignedRRset> rrset;
  /// When it does not: the NSEC / NSEC3 RRsets (with their RRSIGs) offered as proof.
  std::vector<SignedRRset> denial;
  /// The lookup failed (timeout, SERVFAIL, ...): nothing can be concluded.
  bool failed = false;
  std::string failure;
};

/// Where the validator gets the DS and DNSKEY RRsets it needs.
class ChainSource {
 public:
  virtual ~ChainSource() = default;
  /// The answer for (name, type): DS or DNSKEY.
  virtual SourceAnswer fetch(const dns::Name& name, std::uint16_t type) = 0;
};

/**
 * A ChainSource over a fixed set of records: every RRset, RRSIG, NSEC and
 * NSEC3 the validation may need. A DS that is absent is answered with the
 * NSEC / NSEC3 records of the pool that match or cover its name.
 */
class RecordPool : public ChainSource {
 public:
  /// A pool of one set of records (one zone, or zones that share no owner
  /// name: at a zone cut both sides have NS and NSEC, so add them apart).
  explicit RecordPool(std::vector<dns::RR> records = {});
  /// Adds the records of one more zone; RRsets are grouped within a call only.
  void add(std::span<const dns::RR> records);
  SourceAnswer fetch(const dns::Name& name, std::uint16_t type) override;
  /// The signed RRsets of the pool.
  const std::vector<SignedRRset>& rrsets() const noexcept { return sets_; }

 private:
  std::vector<SignedRRset> sets_;
};

/// The verdict on an answer.
struct Validation {
  Security status = Security::Indeterminate;
  /// RFC 8914 code for a non-Secure result (Other for Secure / plain Insecure).
  Ede ede = Ede::Other;
  /// The reasons, from the anchor down, each with its rule.
  std::vector<Reason> reasons;
  /// The zone whose keys signed the answer (when signed).
  std::optional<dns::Name> signer;
  /// Secure: the TTL the answer may be cached for (RFC 4035 §5.3.3).
  std::uint32_t ttl = 0;
  /// Secure answers from a wildcard: the RRSIG labels field (the caller must
  /// prove the expansion with prove_with_nsec / prove_with_nsec3).
  std::optional<std::uint8_t> wildcard_labels;
  /// A work limit stopped the validation (a distinct outcome: EDE 0 with the limit named).
  bool limit_hit = false;
  /// Signature verifications done.
  std::size_t crypto_used = 0;
  /// The reasons as one sentence for the operator.
  std::string explain() const;
};

/// The weaker of two statuses: Bogus < Indeterminate < Insecure < Secure
/// (a chain of answers is as strong as its weakest link).
Security weakest(Security a, Security b) noexcept;

/// An answer section followed from qname through its CNAME / DNAME links.
struct AnswerChain {
  /// The weakest link, with every link's reasons.
  Validation validation;
  /// qname, then each name the chain led to; the last is where the answer ends.
  std::vector<dns::Name> names;
  /// The RRset of the asked type at the last name, when the answer holds it.
  std::optional<SignedRRset> final_rrset;
};

/// Validates answers against trust anchors.
class Validator {
 public:
  explicit Validator(std::vector<TrustAnchor> anchors = default_root_anchors(), AlgorithmPolicy policy = {},
                     ValidationLimits limits = {});
  ~Validator();
  Validator(Validator&&) noexcept;
  Validator& operator=(Validator&&) noexcept;

  /// A negative trust anchor (RFC 7646): the zone and everything below it are
  /// treated as Insecure.
  void add_negative_anchor(const dns::Name& zone);

  /**
   * Unbound's harden-dnssec-stripped (on by default): a trust-anchored zone
   * whose DNSKEY RRset cannot be fetched or does not validate against the
   * anchor is Bogus. Off, the zone is treated as if it had no trust anchor:
   * Insecure ("if turned off, and no DNSSEC data is received (or the DNSKEY
   * data fails to validate), then the zone is made insecure").
   */
  void set_harden_dnssec_stripped(bool on);

  /**
   * Validates a positive answer RRset: its RRSIGs with the keys of their
   * signer, whose DNSKEY RRset is validated through DS records up to an
   * anchor. An unsigned answer is Insecure only when an insecure delegation
   * above it is proved; otherwise it is Bogus (EDE 10, RRSIGs Missing).
   */
  Validation validate_rrset(const SignedRRset& answer, ChainSource& source, Time now);

  /**
   * Validates a negative answer: the NSEC / NSEC3 RRsets (with RRSIGs) of the
   * authority section are validated as RRsets, then must prove claim for
   * (qname, qtype) (denial.hpp). For DenialClaim::WildcardAnswer,
   * wildcard_labels is the answer RRSIG's labels field (Validation::wildcard_labels).
   */
  Validation validate_denial(const dns::Name& qname, std::uint16_t qtype, DenialClaim claim,
                             std::span<const SignedRRset> authority, ChainSource& source, Time now,
                             std::uint8_t wildcard_labels = 0);

  /**
   * Validates an answer section for (qname, qtype): follows CNAMEs, and
   * DNAMEs (RFC 6672 §3.2: the CNAME is synthesised here from the validated
   * DNAME, never taken from the answer), validating every link with one
   * shared crypto budget. A link expanded from a wildcard needs its
   * next-closer denial among the authority records (RFC 4035 §5.3.4). The
   * status is the weakest link's; a loop or a chain longer than
   * limits().max_chain_length is Bogus. When the chain ends without an RRset
   * of qtype, the caller proves NODATA / NXDOMAIN for names.back().
   */
  AnswerChain validate_answer(const dns::Name& qname, std::uint16_t qtype, std::span<const SignedRRset> answer,
                              std::span<const SignedRRset> authority, ChainSource& source, Time now);

  /// The parsed-key cache shared by every validation of this validator.
  KeyCache& key_cache() noexcept;
  const ValidationLimits& limits() const noexcept;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace dane::dnssec
