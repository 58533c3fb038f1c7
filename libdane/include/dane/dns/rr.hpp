/*
 * libdane: resource records and RRsets (RFC 1035 §3.2, RFC 4034 §6).
 * Presentation and wire parsing use ldns inside the library.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dane/dns/name.hpp"

namespace dane::dns {

/// Record types the library knows by name (any 16-bit value is allowed in RR).
namespace rrtype {
inline constexpr std::uint16_t A = 1, NS = 2, CNAME = 5, SOA = 6, MX = 15, TXT = 16, AAAA = 28, DNAME = 39,
                               OPT = 41, DS = 43, RRSIG = 46, NSEC = 47, DNSKEY = 48, NSEC3 = 50,
                               NSEC3PARAM = 51, TLSA = 52, ANY = 255;
}
/// Class IN.
inline constexpr std::uint16_t class_in = 1;

/// "A", "TLSA", ... or "TYPE<n>" (RFC 3597) for types without a mnemonic.
std::string type_to_string(std::uint16_t type);
/// Parses "A", "tlsa", "TYPE52". @throws InputError for an unknown mnemonic.
std::uint16_t type_from_string(std::string_view text);

/// One resource record.
struct RR {
  Name owner;
  std::uint16_t type = 0;
  std::uint16_t rclass = class_in;
  std::uint32_t ttl = 0;
  /// RDATA in uncompressed wire form.
  std::vector<std::uint8_t> rdata;

  /**
   * Parses one RR in presentation form ("www.example.com. 3600 IN A 192.0.2.1";
   * relative owners and names inside RDATA are completed with origin).
   * @throws InputError naming the text and ldns's reason.
   */
  static RR parse(std::string_view line, const Name& origin = Name(), std::uint32_t default_ttl = 3600);
  /// Presentation form, one line, as ldns prints it.
  std::string to_string() const;
  /// RDATA in canonical form: domain names inside the RDATA of the types
  /// listed in RFC 4034 §6.2 item 3 as amended by RFC 6840 §5.1 (NS, CNAME,
  /// SOA, MX, RRSIG signer, DNAME, ... but not NSEC's next name) lower-cased.
  /// @throws InputError when a domain name inside the RDATA is malformed.
  std::vector<std::uint8_t> canonical_rdata() const;

  friend bool operator==(const RR&, const RR&) = default;
};

/**
 * Reads a zone or a list of RRs in RFC 1035 master-file format ($ORIGIN,
 * $TTL, relative names, comments, parentheses), via ldns.
 * @throws InputError naming the line number and ldns's reason.
 */
std::vector<RR> parse_zone(std::string_view text, const Name& origin = Name(), std::uint32_t default_ttl = 3600);

/// An RRset: all RRs of one owner, class and type (RFC 2181 §5).
struct RRset {
  Name owner;
  std::uint16_t type = 0;
  std::uint16_t rclass = class_in;
  std::uint32_t ttl = 0;
  std::vector<std::vector<std::uint8_t>> rdatas;

  /// The RRs, one per RDATA.
  std::vector<RR> records() const;
  /// Presentation form, one RR per line.
  std::string to_string() const;
};

/**
 * Groups RRs into RRsets by (owner, class, type), in order of first
 * appearance; duplicate RDATAs are dropped; the TTL of an RRset is the
 * smallest TTL of its RRs (RFC 2181 §5.2).
 */
std::vector<RRset> group_rrsets(std::span<const RR> rrs);

}  // namespace dane::dns
