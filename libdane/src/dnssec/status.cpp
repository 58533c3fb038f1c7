/*
 * Names of the security statuses (RFC 4035 §4.3) and of the Extended DNS
 * Error codes (RFC 8914 §5.2 registry; 27 from RFC 9276 §3.2 / IANA).
 */
#include "dane/dnssec/status.hpp"

namespace dane::dnssec {

std::string_view to_string(Security s) noexcept {
  switch (s) {
    case Security::Secure: return "Secure";
    case Security::Insecure: return "Insecure";
    case Security::Bogus: return "Bogus";
    case Security::Indeterminate: return "Indeterminate";
  }
  return "Unknown";
}

std::string_view to_string(Ede e) noexcept {
  // Every INFO-CODE of the RFC 8914 registry, not only the enumerators, so a
  // code received from elsewhere and cast to Ede still prints by name.
  switch (static_cast<std::uint16_t>(e)) {
    case 0: return "Other Error";
    case 1: return "Unsupported DNSKEY Algorithm";
    case 2: return "Unsupported DS Digest Type";
    case 3: return "Stale Answer";
    case 4: return "Forged Answer";
    case 5: return "DNSSEC Indeterminate";
    case 6: return "DNSSEC Bogus";
    case 7: return "Signature Expired";
    case 8: return "Signature Not Yet Valid";
    case 9: return "DNSKEY Missing";
    case 10: return "RRSIGs Missing";
    case 11: return "No Zone Key Bit Set";
    case 12: return "NSEC Missing";
    case 13: return "Cached Error";
    case 14: return "Not Ready";
    case 15: return "Blocked";
    case 16: return "Censored";
    case 17: return "Filtered";
    case 18: return "Prohibited";
    case 19: return "Stale NXDOMAIN Answer";
    case 20: return "Not Authoritative";
    case 21: return "Not Supported";
    case 22: return "No Reachable Authority";
    case 23: return "Network Error";
    case 24: return "Invalid Data";
    case 27: return "Unsupported NSEC3 Iterations Value";
    default: return "Unknown Extended DNS Error";
  }
}

}  // namespace dane::dnssec
