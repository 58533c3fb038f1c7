// libdane: helpers shared by the SMTP policy sources (not installed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/status.hpp"

#include "dane/smtp/verdict.hpp"

namespace dane::smtp::detail {

/// MX RDATA (RFC 1035 §3.3.9): preference and exchange; nullopt when malformed.
std::optional<std::pair<std::uint16_t, dns::Name>> parse_mx(const dns::RR& rr);
/// A / AAAA RDATA as text; nullopt when the length is wrong.
std::optional<std::string> address_text(const dns::RR& rr);
/// A name without its final dot ("mx.example.com"); "." for the root.
std::string host_text(const dns::Name& name);
/// Cisco's status words: "SECURE", "INSECURE", "BOGUS".
std::string status_word(dnssec::Security s);

/// A HostVerdict from its fields (the one constructor plan.cpp and decide.cpp share).
HostVerdict host_verdict(Action action, std::string status, std::string reason, std::string rule,
                         ReportResult report, TlsLogClass log_class = TlsLogClass::None);

}  // namespace dane::smtp::detail
