/*
 * libdane: the NSEC3 owner name hash (RFC 5155 §5) and the base32hex
 * encoding of NSEC3 owner labels (RFC 4648 §7, RFC 5155 §3.3).
 *
 * Cost: IH() computes iterations + 1 SHA-1 compressions over at most
 * 20 + 255 octets. Iterations are a uint16, so one hash costs at most 65536
 * SHA-1 calls (a few milliseconds on this class of machine: about 7 k hashes/s
 * at 2500 iterations, dnssec-rules.md §9). Validators must bound the number of
 * hashes per answer and treat high iteration counts as insecure (RFC 9276
 * §3.2); this function itself does exactly the work it is asked for.
 */
#include "dane/dnssec/nsec3hash.hpp"

#include <botan/base32.h>
#include <botan/hash.h>

#include <array>
#include <memory>
#include <string>

#include "dane/error.hpp"

namespace dane::dnssec {

namespace {

// Botan implements RFC 4648 §6 base32 (alphabet A-Z 2-7, '=' padding). The
// NSEC3 encoding is RFC 4648 §7 "base32hex": the same bit layout with the
// alphabet 0-9 A-V. We let Botan do the bit packing and only translate the
// 32 symbols between the two alphabets (same index in both strings).
constexpr std::string_view std_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view hex_alphabet = "0123456789abcdefghijklmnopqrstuv";

/// Symbol index in an alphabet (case-insensitive for letters), or -1.
int index_of(std::string_view alphabet, char c) {
  const char lc = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    char a = alphabet[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a == lc) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

std::vector<std::uint8_t> nsec3_hash(const dns::Name& name, std::uint8_t hash_algorithm, std::uint16_t iterations,
                                     std::span<const std::uint8_t> salt) {
  if (hash_algorithm != 1)
    throw InputError("NSEC3 hash", "hash algorithm", std::to_string(hash_algorithm),
                     "is not 1 (SHA-1), the only NSEC3 hash algorithm (RFC 5155 §11)");
  if (salt.size() > 255)
    throw InputError("NSEC3 hash", "salt", std::to_string(salt.size()) + " octets",
                     "is longer than 255 octets (RFC 5155 §3.1.5)");
  auto sha1 = Botan::HashFunction::create_or_throw("SHA-1");
  // IH(salt, x, 0) = H(x || salt); IH(salt, x, k) = H(IH(salt, x, k-1) || salt).
  const auto owner = name.canonical_wire();
  sha1->update(owner.data(), owner.size());
  sha1->update(salt.data(), salt.size());
  std::vector<std::uint8_t> digest(sha1->output_length());
  sha1->final(digest.data());
  for (std::uint32_t i = 0; i < iterations; ++i) {
    sha1->update(digest.data(), digest.size());
    sha1->update(salt.data(), salt.size());
    sha1->final(digest.data());
  }
  return digest;
}

std::string base32hex(std::span<const std::uint8_t> data) {
  std::string text = Botan::base32_encode(data.data(), data.size());
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) c = hex_alphabet[static_cast<std::size_t>(index_of(std_alphabet, c))];
  return text;
}

std::vector<std::uint8_t> from_base32hex(std::string_view text) {
  // Each 8 symbols carry 5 octets; a final group of 2, 4, 5 or 7 symbols
  // carries 1, 2, 3 or 4 octets. Other remainders cannot come from encoding.
  const std::size_t rest = text.size() % 8;
  if (rest == 1 || rest == 3 || rest == 6)
    throw InputError("base32hex text", "length", std::to_string(text.size()),
                     "is not a possible base32 length (RFC 4648 §6)");
  std::string standard;
  standard.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int idx = index_of(hex_alphabet, text[i]);
    if (idx < 0)
      throw InputError("base32hex text", "character " + std::to_string(i + 1), std::string(1, text[i]),
                       "is outside the base32hex alphabet 0-9 a-v (RFC 4648 §7)");
    standard.push_back(std_alphabet[static_cast<std::size_t>(idx)]);
  }
  if (rest != 0) standard.append(8 - rest, '=');
  try {
    const auto bytes = Botan::base32_decode(standard, false);
    return {bytes.begin(), bytes.end()};
  } catch (const std::exception& e) {
    throw InputError("base32hex text", "", std::string(text), e.what());
  }
}

}  // namespace dane::dnssec
