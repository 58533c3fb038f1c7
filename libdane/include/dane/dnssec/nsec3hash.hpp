/*
 * libdane: the NSEC3 owner name hash (RFC 5155 §5).
 */
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dane/dns/name.hpp"

namespace dane::dnssec {

/**
 * IH(salt, x, k): SHA-1 of the canonical wire form of name, then iterations
 * more rounds over hash|salt (RFC 5155 §5). Only hash algorithm 1 exists.
 * @throws InputError for another hash algorithm or a salt over 255 octets.
 */
std::vector<std::uint8_t> nsec3_hash(const dns::Name& name, std::uint8_t hash_algorithm, std::uint16_t iterations,
                                     std::span<const std::uint8_t> salt);

/// Base32 with the extended hex alphabet, lower case, no padding (RFC 4648 §7,
/// as NSEC3 owner labels use it).
std::string base32hex(std::span<const std::uint8_t> data);
/// The inverse. @throws InputError for characters outside the alphabet.
std::vector<std::uint8_t> from_base32hex(std::string_view text);

}  // namespace dane::dnssec
