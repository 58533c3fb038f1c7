/*
 * libdane: DNS names (RFC 1034 §3.1, RFC 1035 §3.1, RFC 4034 §6).
 */
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dane::dns {

/// An absolute domain name, held in uncompressed wire form with its case as
/// written. Equality and ordering ignore ASCII case and follow the canonical
/// DNS name order of RFC 4034 §6.1.
class Name {
 public:
  /// The root name ".".
  Name();

  /**
   * Parses presentation form ("www.example.com.", escapes "\\." and "\\DDD"
   * allowed). A name without a final dot is taken relative to origin.
   * @throws InputError naming the text: empty label, label over 63 octets,
   *   name over 255 octets, bad escape.
   */
  static Name parse(std::string_view text, const Name& origin);
  /// Same, relative to the root.
  static Name parse(std::string_view text);

  /**
   * Reads an uncompressed wire-form name at the start of wire.
   * @param consumed receives the number of octets read.
   * @throws InputError when truncated, a label is over 63 octets, the name is
   *   over 255 octets, or a compression pointer appears.
   */
  static Name from_wire(std::span<const std::uint8_t> wire, std::size_t& consumed);

  /// Presentation form, absolute, with escapes: "www.example.com.".
  std::string to_string() const;
  /// Uncompressed wire form as held (case preserved).
  const std::vector<std::uint8_t>& wire() const noexcept { return wire_; }
  /// Wire form with ASCII letters lower-cased: the canonical form (RFC 4034 §6.2).
  std::vector<std::uint8_t> canonical_wire() const;

  /// Number of labels, not counting the root (so "." has 0, "a.b." has 2).
  std::size_t label_count() const noexcept;
  /// The labels, left to right, without the root; each as raw octets.
  std::vector<std::string> labels() const;
  /// True when the left-most label is "*".
  bool is_wildcard() const noexcept;
  /// True for ".".
  bool is_root() const noexcept { return wire_.size() == 1; }

  /// The name with its left-most label removed. @throws UsageError on the root.
  Name parent() const;
  /// The last n labels ("www.example.com." suffix(2) == "example.com.").
  /// @throws UsageError when n > label_count().
  Name suffix(std::size_t n) const;
  /// "label" + "." + this. @throws InputError when the result is not a valid name.
  Name prepend(std::string_view label) const;
  /// True when this name equals other or is below it (case-insensitive).
  bool is_subdomain_of(const Name& other) const;

  /// Canonical DNS name order (RFC 4034 §6.1).
  friend std::strong_ordering operator<=>(const Name& a, const Name& b);
  /// Case-insensitive equality.
  friend bool operator==(const Name& a, const Name& b);

 private:
  explicit Name(std::vector<std::uint8_t> wire) : wire_(std::move(wire)) {}
  std::vector<std::uint8_t> wire_;
};

/**
 * RFC 6672 §2.2: the name a DNAME at owner with the given target makes of
 * name (owner's labels replaced by target's). name must be below owner;
 * nullopt when the result is longer than 255 octets (the YXDOMAIN case).
 */
std::optional<Name> dname_substitute(const Name& name, const Name& owner, const Name& target);

}  // namespace dane::dns
