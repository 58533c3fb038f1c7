/*
 * libdane: the TLSA record (RFC 6698 §2, RFC 7218 acronyms).
 *
 * A Tlsa is a value type holding the four RDATA fields. It can hold any
 * octet in the three parameter fields: well-formed records with values this
 * library does not know (usage 4, selector 2, matching type 3, 255 "private")
 * parse fine and are later classed as *unusable* by the matcher
 * (RFC 7671 §9, RFC 7672 §3.1.3), never rejected as malformed.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dane {

/// Certificate usage (RFC 6698 §2.1.1, names from RFC 7218 §2.1).
enum class Usage : std::uint8_t { PkixTa = 0, PkixEe = 1, DaneTa = 2, DaneEe = 3, PrivCert = 255 };
/// Selector (RFC 6698 §2.1.2, RFC 7218 §2.2).
enum class Selector : std::uint8_t { Cert = 0, Spki = 1, PrivSel = 255 };
/// Matching type (RFC 6698 §2.1.3, RFC 7218 §2.3).
enum class MatchingType : std::uint8_t { Full = 0, Sha2_256 = 1, Sha2_512 = 2, PrivMatch = 255 };

/// RFC 7218 acronym ("DANE-EE", "SPKI", "SHA2-256", ...), or "" for a value with none.
std::string_view mnemonic(Usage u) noexcept;
/// RFC 7218 acronym of a selector, or "".
std::string_view mnemonic(Selector s) noexcept;
/// RFC 7218 acronym of a matching type, or "".
std::string_view mnemonic(MatchingType m) noexcept;

/// The length in octets of a digest matching type (32 for SHA2-256, 64 for
/// SHA2-512), or nullopt for Full and unknown types.
std::optional<std::size_t> digest_length(MatchingType m) noexcept;

/// Largest certificate association data a TLSA RDATA can carry (65535 - 3 octets).
inline constexpr std::size_t max_association_data = 65532;

/// One TLSA record: usage, selector, matching type, certificate association data.
class Tlsa {
 public:
  /// Builds a record from its fields. Never throws for unknown parameter
  /// values; data longer than max_association_data throws InputError.
  Tlsa(Usage usage, Selector selector, MatchingType mtype, std::vector<std::uint8_t> data);

  /**
   * Parses the presentation form of a TLSA record.
   *
   * Accepted: "3 1 1 <hex>", RFC 7218 acronyms in any case
   * ("DANE-EE SPKI SHA2-256 <hex>"), hex in either case and split by white
   * space or inside "( ... )", and a whole resource record line
   * ("_25._tcp.mx.example. 3600 IN TLSA 3 1 1 <hex>"; owner, TTL and class are
   * checked and dropped). A trailing ";" comment is ignored.
   *
   * @throws InputError naming the field and value: wrong field count, a number
   *   above 255, an unknown acronym, odd-length or non-hex data, empty data, or
   *   data of the wrong length for SHA2-256 / SHA2-512.
   */
  static Tlsa parse(std::string_view text);

  /**
   * Parses TLSA RDATA in wire form (RFC 6698 §2.1): three octets and the data.
   * @throws InputError when shorter than 4 octets or when the digest length
   *   is wrong for SHA2-256 / SHA2-512.
   */
  static Tlsa from_rdata(std::span<const std::uint8_t> rdata);

  Usage usage() const noexcept { return usage_; }
  Selector selector() const noexcept { return selector_; }
  MatchingType matching_type() const noexcept { return mtype_; }
  /// Certificate association data (the DER object or its digest).
  const std::vector<std::uint8_t>& data() const noexcept { return data_; }

  /// Wire-form RDATA.
  std::vector<std::uint8_t> rdata() const;
  /// Canonical presentation: "3 1 1 " followed by upper-case hex, no spaces.
  std::string to_string() const;
  /// The same with RFC 7218 acronyms where defined: "DANE-EE SPKI SHA2-256 <hex>".
  std::string to_mnemonic_string() const;

  /// Why this record is malformed, or nullopt when it is well-formed. The one
  /// rule: a SHA2-256 / SHA2-512 record must carry exactly 32 / 64 octets and
  /// any record must carry data (RFC 6698 §2.1.3). parse() and from_rdata()
  /// throw on it; the matcher discards such records (RFC 7671 §9).
  std::optional<std::string> malformation() const;

  friend bool operator==(const Tlsa&, const Tlsa&) = default;

 private:
  Usage usage_;
  Selector selector_;
  MatchingType mtype_;
  std::vector<std::uint8_t> data_;
};

}  // namespace dane
