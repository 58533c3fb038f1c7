/*
 * libdane: DNS messages (RFC 1035 §4.1) with EDNS(0) (RFC 6891) and Extended
 * DNS Errors (RFC 8914), as plain values. Wire parsing is done here, by hand,
 * with every length checked: compression pointers (RFC 1035 §4.1.4) must
 * point to an earlier offset than the one they were followed from, so loops
 * are impossible; messages are at most 65535 octets.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"

namespace dane::dns {

/// Header OPCODEs (RFC 1035 §4.1.1, RFC 1996, RFC 2136).
namespace opcode {
inline constexpr std::uint8_t QUERY = 0, IQUERY = 1, STATUS = 2, NOTIFY = 4, UPDATE = 5;
}
/// RCODEs (RFC 1035 §4.1.1, RFC 6891 §9 for BADVERS).
namespace rcode {
inline constexpr std::uint16_t NOERROR = 0, FORMERR = 1, SERVFAIL = 2, NXDOMAIN = 3, NOTIMP = 4, REFUSED = 5,
                               BADVERS = 16;
}
/// EDNS option codes (IANA "DNS EDNS0 Option Codes").
namespace edns_option {
inline constexpr std::uint16_t EDE = 15;  ///< Extended DNS Error, RFC 8914 §2
}

/// The question (RFC 1035 §4.1.2).
struct Question {
  Name name;
  std::uint16_t type = rrtype::A;
  std::uint16_t qclass = class_in;

  friend bool operator==(const Question&, const Question&) = default;
};

/// One Extended DNS Error option (RFC 8914 §2): INFO-CODE and EXTRA-TEXT.
struct ExtendedError {
  std::uint16_t info_code = 0;
  /// UTF-8 text for a human, possibly empty; kept as the octets received.
  std::string extra_text;

  friend bool operator==(const ExtendedError&, const ExtendedError&) = default;
};

/// An EDNS option other than EDE, kept as received (code and data).
struct EdnsOption {
  std::uint16_t code = 0;
  std::vector<std::uint8_t> data;

  friend bool operator==(const EdnsOption&, const EdnsOption&) = default;
};

/// The OPT pseudo-RR (RFC 6891 §6.1).
struct Edns {
  /// Requestor's UDP payload size (the OPT CLASS field).
  std::uint16_t udp_payload_size = 1232;
  std::uint8_t version = 0;
  /// DNSSEC OK (RFC 3225).
  bool dnssec_ok = false;
  /// EDE options, in the order received.
  std::vector<ExtendedError> errors;
  /// The other options, in the order received.
  std::vector<EdnsOption> options;

  friend bool operator==(const Edns&, const Edns&) = default;
};

/// A DNS message.
struct Message {
  std::uint16_t id = 0;
  bool qr = false;  ///< response
  std::uint8_t opcode = opcode::QUERY;
  bool aa = false;  ///< authoritative answer
  bool tc = false;  ///< truncated
  bool rd = false;  ///< recursion desired
  bool ra = false;  ///< recursion available
  bool ad = false;  ///< authentic data (RFC 4035 §3.2.3)
  bool cd = false;  ///< checking disabled (RFC 4035 §3.2.2)
  /// The full RCODE: 4 header bits, plus 8 more from the OPT RR when there is
  /// one (RFC 6891 §6.1.3). Without EDNS it must be below 16.
  std::uint16_t rcode = rcode::NOERROR;
  /// The question; QDCOUNT 0 leaves it empty (QDCOUNT over 1 is refused).
  std::optional<Question> question;
  std::vector<RR> answer;
  std::vector<RR> authority;
  /// The additional section without the OPT RR, which goes to edns.
  std::vector<RR> additional;
  std::optional<Edns> edns;

  /// Largest message accepted or written (the TCP length field, RFC 1035 §4.2.2).
  static constexpr std::size_t max_size = 65535;

  /**
   * Parses a message in wire form. Names may be compressed in the question,
   * owners and the RDATA of the RFC 1035 types and those RFC 3597 §4 lists
   * (NS, CNAME, SOA, PTR, MX, MINFO, MB, MG, MR, MD, MF, RP, AFSDB, RT, PX,
   * SRV); their RDATA is returned uncompressed. Other RDATA is kept as is.
   * @throws InputError naming the section, record number and offset: a
   *   message over 65535 octets or truncated, counts larger than the message
   *   can hold, a bad label, a name over 255 octets, a compression pointer
   *   that does not point to an earlier offset (so loops are refused), RDATA
   *   not matching RDLENGTH, QDCOUNT over 1, an OPT RR outside the additional
   *   section, not owned by the root or appearing twice, a malformed EDNS
   *   option, or octets after the last record.
   */
  static Message from_wire(std::span<const std::uint8_t> wire);

  /**
   * The message in wire form. Owner and question names are compressed;
   * RDATA is written uncompressed. The OPT RR (when edns is set) is the last
   * additional record.
   * @throws UsageError when the message exceeds 65535 octets, a section has
   *   over 65535 RRs, an RDATA exceeds 65535 octets, rcode does not fit (over
   *   15 without EDNS, over 4095 with), or opcode is over 15.
   */
  std::vector<std::uint8_t> to_wire() const;

  /**
   * The message in at most max_size octets: when it does not fit, whole RRs
   * are dropped from the end (additional, then authority, then answer), TC
   * is set and the section counts say what was kept. The OPT RR is kept
   * (RFC 6891 §7).
   * @throws UsageError as to_wire(), or when the header, question and OPT
   *   RR alone exceed max_size.
   */
  std::vector<std::uint8_t> to_wire(std::size_t max_size) const;

  /// A dig-like presentation: header line, flags, EDNS, then the sections
  /// with one RR per line.
  std::string to_string() const;

  friend bool operator==(const Message&, const Message&) = default;
};

}  // namespace dane::dns
