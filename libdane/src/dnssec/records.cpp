/*
 * Typed DNSSEC RDATA (RFC 4034 §2-5, RFC 5155 §3-4), read and written by hand
 * over the octets with a bounds check on every field.
 */
#include "dane/dnssec/records.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "dane/error.hpp"

namespace dane::dnssec {
namespace {

/// Reads RDATA fields in order; every read is bounds-checked and a failure
/// names the record type and the field.
class Reader {
 public:
  Reader(std::span<const std::uint8_t> data, const char* where) : data_(data), where_(where) {}

  std::uint8_t u8(const char* field) { return need(1, field)[0]; }
  std::uint16_t u16(const char* field) {
    const auto p = need(2, field);
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
  }
  std::uint32_t u32(const char* field) {
    const auto p = need(4, field);
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
  }
  std::vector<std::uint8_t> bytes(std::size_t n, const char* field) {
    const auto p = need(n, field);
    return {p.begin(), p.end()};
  }
  /// An uncompressed domain name (RFC 4034 §3.1.7, §4.1.1: no compression).
  dns::Name name(const char* field) {
    std::size_t used = 0;
    try {
      dns::Name n = dns::Name::from_wire(data_.subspan(pos_), used);
      pos_ += used;
      return n;
    } catch (const InputError& e) {
      throw InputError(where_, field, "", fmt::format("(at RDATA offset {}) {}", pos_, e.problem()));
    }
  }
  std::span<const std::uint8_t> rest() {
    const auto r = data_.subspan(pos_);
    pos_ = data_.size();
    return r;
  }
  std::size_t left() const noexcept { return data_.size() - pos_; }
  std::size_t pos() const noexcept { return pos_; }
  [[noreturn]] void fail(const char* field, const std::string& problem) const {
    throw InputError(where_, field, "", problem);
  }
  void expect_end() const {
    if (left() != 0) fail("", fmt::format("has {} unexpected octets after the last field", left()));
  }

 private:
  std::span<const std::uint8_t> need(std::size_t n, const char* field) {
    if (left() < n)
      fail(field, left() == 0 ? fmt::format("is missing (RDATA ends at offset {})", pos_)
                              : fmt::format("is truncated: needs {} octets at offset {}, {} left", n, pos_, left()));
    const auto r = data_.subspan(pos_, n);
    pos_ += n;
    return r;
  }

  std::span<const std::uint8_t> data_;
  const char* where_;
  std::size_t pos_ = 0;
};

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}
void append(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); }

/// A field written with a one-octet length (salt, hash): at most 255 octets.
void put_sized8(std::vector<std::uint8_t>& out, const std::vector<std::uint8_t>& v, const char* where,
                const char* field) {
  if (v.size() > 255)
    throw InputError(where, field, "", fmt::format("is {} octets; its length field holds at most 255", v.size()));
  out.push_back(static_cast<std::uint8_t>(v.size()));
  append(out, v);
}

/// RDATA is at most 65535 octets (RFC 1035 §3.2.1).
std::vector<std::uint8_t> checked(std::vector<std::uint8_t> rdata, const char* where) {
  if (rdata.size() > 65535)
    throw InputError(where, "", "", fmt::format("would be {} octets, more than the 65535 RDATA allows", rdata.size()));
  return rdata;
}

/// RFC 4034 §4.1.2: window blocks in increasing order, each 1-32 octets, no
/// block without types (trailing zero octets omitted).
TypeBitmap read_bitmap(std::span<const std::uint8_t> wire, const char* where) {
  TypeBitmap out;
  std::size_t pos = 0;
  int previous = -1;
  while (pos < wire.size()) {
    if (wire.size() - pos < 2)
      throw InputError(where, "type bitmap", "",
                       fmt::format("window block header is truncated at bitmap offset {}", pos));
    const std::uint8_t window = wire[pos], len = wire[pos + 1];
    const std::string field = fmt::format("type bitmap window {}", window);
    if (static_cast<int>(window) <= previous)
      throw InputError(where, field, "",
                       previous == window ? std::string("appears twice") : fmt::format("comes after window {}; windows must ascend", previous));
    if (len < 1 || len > 32) throw InputError(where, field, "", fmt::format("has length {}; must be 1 to 32", len));
    if (wire.size() - pos - 2 < len)
      throw InputError(where, field, "",
                       fmt::format("is truncated: {} bitmap octets announced, {} present", len, wire.size() - pos - 2));
    const auto bits = wire.subspan(pos + 2, len);
    if (bits[len - 1] == 0)
      throw InputError(where, field, "", "ends with a zero octet (trailing zero octets must be omitted)");
    for (std::size_t i = 0; i < len; ++i)
      for (int b = 0; b < 8; ++b)
        if (bits[i] & (0x80 >> b)) out.types.push_back(static_cast<std::uint16_t>(window * 256 + i * 8 + b));
    previous = window;
    pos += 2 + len;
  }
  return out;
}

}  // namespace

// ---- DNSKEY (RFC 4034 §2.1) -------------------------------------------------

Dnskey Dnskey::from_rdata(std::span<const std::uint8_t> rdata) {
  Reader r(rdata, "DNSKEY RDATA");
  Dnskey k;
  k.flags = r.u16("flags");
  k.protocol = r.u8("protocol");
  k.algorithm = r.u8("algorithm");
  if (r.left() == 0) r.fail("public key", "is missing");
  const auto key = r.rest();
  k.public_key.assign(key.begin(), key.end());
  return k;
}

std::vector<std::uint8_t> Dnskey::rdata() const {
  std::vector<std::uint8_t> out;
  out.reserve(4 + public_key.size());
  put16(out, flags);
  out.push_back(protocol);
  out.push_back(algorithm);
  append(out, public_key);
  return checked(std::move(out), "DNSKEY RDATA");
}

// ---- RRSIG (RFC 4034 §3.1) --------------------------------------------------

Rrsig Rrsig::from_rdata(std::span<const std::uint8_t> rdata) {
  Reader r(rdata, "RRSIG RDATA");
  Rrsig s;
  s.type_covered = r.u16("type covered");
  s.algorithm = r.u8("algorithm");
  s.labels = r.u8("labels");
  s.original_ttl = r.u32("original TTL");
  s.expiration = r.u32("signature expiration");
  s.inception = r.u32("signature inception");
  s.key_tag = r.u16("key tag");
  s.signer = r.name("signer name");
  if (r.left() == 0) r.fail("signature", "is missing");
  const auto sig = r.rest();
  s.signature.assign(sig.begin(), sig.end());
  return s;
}

std::vector<std::uint8_t> Rrsig::signed_prefix() const {
  std::vector<std::uint8_t> out;
  out.reserve(18 + 255);
  put16(out, type_covered);
  out.push_back(algorithm);
  out.push_back(labels);
  put32(out, original_ttl);
  put32(out, expiration);
  put32(out, inception);
  put16(out, key_tag);
  append(out, signer.canonical_wire());  // RFC 4034 §3.1.8.1 / §6.2
  return out;
}

std::vector<std::uint8_t> Rrsig::rdata() const {
  std::vector<std::uint8_t> out;
  out.reserve(18 + signer.wire().size() + signature.size());
  put16(out, type_covered);
  out.push_back(algorithm);
  out.push_back(labels);
  put32(out, original_ttl);
  put32(out, expiration);
  put32(out, inception);
  put16(out, key_tag);
  append(out, signer.wire());
  append(out, signature);
  return checked(std::move(out), "RRSIG RDATA");
}

// ---- DS (RFC 4034 §5.1) -----------------------------------------------------

Ds Ds::from_rdata(std::span<const std::uint8_t> rdata) {
  Reader r(rdata, "DS RDATA");
  Ds d;
  d.key_tag = r.u16("key tag");
  d.algorithm = r.u8("algorithm");
  d.digest_type = r.u8("digest type");
  if (r.left() == 0) r.fail("digest", "is missing");
  const auto dg = r.rest();
  d.digest.assign(dg.begin(), dg.end());
  return d;
}

std::vector<std::uint8_t> Ds::rdata() const {
  std::vector<std::uint8_t> out;
  out.reserve(4 + digest.size());
  put16(out, key_tag);
  out.push_back(algorithm);
  out.push_back(digest_type);
  append(out, digest);
  return checked(std::move(out), "DS RDATA");
}

// ---- Type bit maps (RFC 4034 §4.1.2, RFC 5155 §3.2.1) -----------------------

TypeBitmap TypeBitmap::from_wire(std::span<const std::uint8_t> wire) { return read_bitmap(wire, "type bitmap"); }

std::vector<std::uint8_t> TypeBitmap::to_wire() const {
  std::vector<std::uint16_t> sorted = types;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<std::uint8_t> out;
  std::size_t i = 0;
  while (i < sorted.size()) {
    const std::uint8_t window = static_cast<std::uint8_t>(sorted[i] >> 8);
    std::uint8_t bits[32] = {};
    std::size_t len = 0;
    for (; i < sorted.size() && (sorted[i] >> 8) == window; ++i) {
      const std::size_t low = sorted[i] & 0xFF;
      bits[low / 8] = static_cast<std::uint8_t>(bits[low / 8] | (0x80 >> (low % 8)));
      len = low / 8 + 1;
    }
    out.push_back(window);
    out.push_back(static_cast<std::uint8_t>(len));
    out.insert(out.end(), bits, bits + len);
  }
  return out;
}

bool TypeBitmap::contains(std::uint16_t type) const {
  return std::find(types.begin(), types.end(), type) != types.end();
}

// ---- NSEC (RFC 4034 §4.1) ---------------------------------------------------

Nsec Nsec::from_rdata(std::span<const std::uint8_t> rdata) {
  Reader r(rdata, "NSEC RDATA");
  Nsec n;
  n.next = r.name("next domain name");
  n.types = read_bitmap(r.rest(), "NSEC RDATA");
  return n;
}

std::vector<std::uint8_t> Nsec::rdata() const {
  std::vector<std::uint8_t> out = next.wire();  // case preserved (RFC 6840 §5.1)
  append(out, types.to_wire());
  return checked(std::move(out), "NSEC RDATA");
}

// ---- NSEC3 (RFC 5155 §3.2) --------------------------------------------------

Nsec3 Nsec3::from_rdata(std::span<const std::uint8_t> rdata) {
  Reader r(rdata, "NSEC3 RDATA");
  Nsec3 n;
  n.hash_algorithm = r.u8("hash algorithm");
  n.flags = r.u8("flags");
  n.iterations = r.u16("iterations");
  const std::uint8_t salt_len = r.u8("salt length");
  n.salt = r.bytes(salt_len, "salt");
  const std::uint8_t hash_len = r.u8("hash length");
  if (hash_len == 0) r.fail("hash length", "is 0; the next hashed owner name cannot be empty");
  n.next_hashed_owner = r.bytes(hash_len, "next hashed owner name");
  n.types = read_bitmap(r.rest(), "NSEC3 RDATA");
  return n;
}

std::vector<std::uint8_t> Nsec3::rdata() const {
  if (next_hashed_owner.empty()) throw InputError("NSEC3 RDATA", "next hashed owner name", "", "is empty");
  std::vector<std::uint8_t> out;
  out.push_back(hash_algorithm);
  out.push_back(flags);
  put16(out, iterations);
  put_sized8(out, salt, "NSEC3 RDATA", "salt");
  put_sized8(out, next_hashed_owner, "NSEC3 RDATA", "next hashed owner name");
  append(out, types.to_wire());
  return checked(std::move(out), "NSEC3 RDATA");
}

// ---- NSEC3PARAM (RFC 5155 §4.2) ---------------------------------------------

Nsec3Param Nsec3Param::from_rdata(std::span<const std::uint8_t> rdata) {
  Reader r(rdata, "NSEC3PARAM RDATA");
  Nsec3Param p;
  p.hash_algorithm = r.u8("hash algorithm");
  p.flags = r.u8("flags");
  p.iterations = r.u16("iterations");
  const std::uint8_t salt_len = r.u8("salt length");
  p.salt = r.bytes(salt_len, "salt");
  r.expect_end();
  return p;
}

std::vector<std::uint8_t> Nsec3Param::rdata() const {
  std::vector<std::uint8_t> out;
  out.push_back(hash_algorithm);
  out.push_back(flags);
  put16(out, iterations);
  put_sized8(out, salt, "NSEC3PARAM RDATA", "salt");
  return out;
}

}  // namespace dane::dnssec
