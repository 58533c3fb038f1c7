/*
 * libdane: the resolver interface the SMTP policy (RFC 7672 §2.1) needs:
 * one lookup of (name, type) gives the records, their DNSSEC security
 * status, and, when it failed, why (rcode, EDE, reasons). The simulator's
 * recursive resolvers implement it; a live resolver must fit it too.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/status.hpp"

namespace dane {

/// One CNAME or DNAME link followed while answering (RFC 1034 §3.6.2, RFC 6672).
struct AliasLink {
  dns::Name owner;                 ///< the name that was an alias
  dns::Name target;                ///< where it pointed
  std::uint16_t type = 5;          ///< CNAME (5) or DNAME (39)
  dnssec::Security security = dnssec::Security::Indeterminate;  ///< this link's own status
};

/// The result of one lookup.
struct Lookup {
  /// What the records say, independent of their security.
  enum class Outcome {
    Answer,    ///< records of the asked type exist (possibly after aliases)
    NoData,    ///< the name exists without that type (RFC 2308 NODATA)
    NxDomain,  ///< the name does not exist
    Error,     ///< no usable answer: SERVFAIL, timeout, bogus data, malformed reply
  };

  dns::Name qname;
  std::uint16_t qtype = 0;
  Outcome outcome = Outcome::Error;
  /// The RCODE the resolver would return to a stub (SERVFAIL for bogus data).
  std::uint16_t rcode = 2;
  /// RFC 4035 §4.3 status of the answer (or of the denial). Error outcomes
  /// are Bogus (validation failed) or Indeterminate (nothing came back).
  dnssec::Security security = dnssec::Security::Indeterminate;
  /// RFC 8914 reason for a failure, or for an Insecure downgrade (e.g. 27).
  std::optional<dnssec::Ede> ede;
  /// What was found, from the trust anchor down, each with its rule.
  std::vector<dnssec::Reason> reasons;
  /// The RRset of qtype at the end of the alias chain (no RRSIGs).
  std::vector<dns::RR> records;
  /// The aliases followed from qname, in order.
  std::vector<AliasLink> aliases;
  /// The name the answer is for: qname, or the last alias target.
  dns::Name final_name;
  /// How long the result may be cached (seconds).
  std::uint32_t ttl = 0;

  /// RFC 7672 §2.1.1: bogus, indeterminate, SERVFAIL, timeout and malformed
  /// replies are "lookup errors"; a secure or insecure NXDOMAIN/NODATA is not.
  bool is_error() const noexcept { return outcome == Outcome::Error; }
  bool is_secure() const noexcept { return security == dnssec::Security::Secure && !is_error(); }
  /// The reasons as one sentence for an operator's log.
  std::string explain() const;
};

/// "Answer", "NoData", "NxDomain", "Error".
std::string_view to_string(Lookup::Outcome o) noexcept;

/**
 * A DNSSEC-aware resolver as the SMTP client sees it (RFC 7672 §2.1: a
 * validating resolver the client trusts, or one whose results are all
 * Insecure because it does not validate).
 */
class Resolver {
 public:
  virtual ~Resolver() = default;
  /// Looks up (name, type) and reports records, status and reasons. Never
  /// throws for DNS failures: those are Lookup::Outcome::Error.
  virtual Lookup lookup(const dns::Name& name, std::uint16_t type) = 0;
};

}  // namespace dane
