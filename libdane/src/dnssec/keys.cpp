/*
 * libdane: key tags (RFC 4034 App. B), DS digests (RFC 4034 §5.1.4, RFC 4509,
 * RFC 6605), DNSKEY public keys parsed into Botan keys, and a bounded cache of
 * parsed keys.
 *
 * Key formats (all bounds-checked; anything malformed is an InputError):
 *   RSA     RFC 3110 §2: exponent length (1 octet, or 0 then 2 octets),
 *           exponent, modulus. Modulus 512..4096 bits (RFC 3110 §2,
 *           RFC 5702 §2), exponent at most 64 bits, odd and >= 3.
 *   DSA     RFC 2536 §2: T | Q (20) | P | G | Y, each of P, G, Y 64 + 8T
 *           octets, T <= 8.
 *   ECDSA   RFC 6605 §4: x | y, 32 (P-256) or 48 (P-384) octets each; the
 *           point must lie on the curve.
 *   Ed25519 RFC 8080 §3: the 32-octet public key.
 * Signature formats: RSA as is (PKCS#1 v1.5), DSA T | R | S (41 octets,
 * RFC 2536 §3, T equal to the key's T), ECDSA r | s (RFC 6605 §4), Ed25519 R | S
 * (64 octets).
 */
#include "dane/dnssec/keys.hpp"

#include <botan/bigint.h>
#include <botan/dl_group.h>
#include <botan/dsa.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/pubkey.h>
#include <botan/rsa.h>

#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "dane/dnssec/algorithms.hpp"
#include "dane/error.hpp"

namespace dane::dnssec {

// ---------------------------------------------------------------------------
// Key tags and DS digests
// ---------------------------------------------------------------------------

std::uint16_t key_tag(const Dnskey& key) {
  const std::vector<std::uint8_t> rdata = key.rdata();
  if (key.algorithm == 1) {
    // RFC 4034 App. B.1: the most significant 16 bits of the least
    // significant 24 bits of the modulus. The modulus ends the RDATA (RFC
    // 3110), so these are the 3rd- and 2nd-to-last RDATA octets. Without a
    // key of at least 3 octets there is no such value: 0 (as ldns does).
    if (key.public_key.size() < 3) return 0;
    const std::size_t n = rdata.size();
    return static_cast<std::uint16_t>((rdata[n - 3] << 8) | rdata[n - 2]);
  }
  // RFC 4034 App. B: one's-complement-like sum of the RDATA as 16-bit words.
  std::uint32_t ac = 0;
  for (std::size_t i = 0; i < rdata.size(); ++i) ac += (i & 1) ? rdata[i] : static_cast<std::uint32_t>(rdata[i]) << 8;
  ac += (ac >> 16) & 0xFFFF;
  return static_cast<std::uint16_t>(ac & 0xFFFF);
}

namespace {

/// Botan's name for a supported DS digest type, or nullptr.
const char* ds_hash_name(std::uint8_t digest_type) {
  switch (digest_type) {
    case 1: return "SHA-1";
    case 2: return "SHA-256";
    case 4: return "SHA-384";
    default: return nullptr;
  }
}

}  // namespace

std::vector<std::uint8_t> ds_digest(const dns::Name& owner, const Dnskey& key, std::uint8_t digest_type) {
  const char* name = ds_hash_name(digest_type);
  if (name == nullptr)
    throw InputError("DS digest", "digest type", std::to_string(digest_type),
                     "is not supported (1 SHA-1, 2 SHA-256 and 4 SHA-384 are)");
  auto hash = Botan::HashFunction::create_or_throw(name);
  const auto owner_wire = owner.canonical_wire();
  const auto rdata = key.rdata();
  hash->update(owner_wire.data(), owner_wire.size());
  hash->update(rdata.data(), rdata.size());
  std::vector<std::uint8_t> out(hash->output_length());
  hash->final(out.data());
  return out;
}

Ds make_ds(const dns::Name& owner, const Dnskey& key, std::uint8_t digest_type) {
  Ds ds;
  ds.key_tag = key_tag(key);
  ds.algorithm = key.algorithm;
  ds.digest_type = digest_type;
  ds.digest = ds_digest(owner, key, digest_type);
  return ds;
}

bool ds_matches(const Ds& ds, const dns::Name& owner, const Dnskey& key) {
  if (ds.algorithm != key.algorithm || digest_support(ds.digest_type) != Support::Supported) return false;
  if (ds.key_tag != key_tag(key)) return false;
  return ds.digest == ds_digest(owner, key, ds.digest_type);
}

// ---------------------------------------------------------------------------
// PublicKey
// ---------------------------------------------------------------------------

struct PublicKey::Impl {
  std::uint8_t algorithm = 0;
  std::size_t bits = 0;
  std::unique_ptr<Botan::Public_Key> key;
  std::string emsa;  ///< Botan padding/encoding name, e.g. "EMSA3(SHA-256)"
  /// For DSA the DNSSEC signature is T | R | S: skip the T octet.
  std::size_t sig_offset = 0;
  /// Required signature length, 0 when any length is handed to Botan (RSA).
  std::size_t sig_length = 0;
  /// DSA: the key's T, which the signature's first octet must repeat (RFC 2536 §3).
  int dsa_t = -1;
  /// A PK_Verifier reused across calls (building one costs up to ~10% of an
  /// ECDSA verification); one thread at a time, others build their own.
  std::mutex verifier_mutex;
  std::unique_ptr<Botan::PK_Verifier> verifier;
};

namespace {

[[noreturn]] void bad_key(const Dnskey& key, const std::string& field, const std::string& value,
                          const std::string& problem) {
  throw InputError(std::string("DNSKEY ") + std::string(algorithm_mnemonic(key.algorithm)) + " (algorithm " +
                       std::to_string(key.algorithm) + ") public key",
                   field, value, problem);
}

Botan::BigInt big(std::span<const std::uint8_t> bytes) { return Botan::BigInt(bytes.data(), bytes.size()); }

/// RFC 3110 §2.
void parse_rsa(const Dnskey& key, PublicKey::Impl& impl) {
  const auto& k = key.public_key;
  std::size_t pos = 0;
  if (k.empty()) bad_key(key, "exponent length", "", "is missing (empty key)");
  std::size_t exp_len = k[pos++];
  if (exp_len == 0) {
    // The 3-octet form: 0, then the length in two octets (RFC 3110 §2).
    if (k.size() < 3) bad_key(key, "exponent length", "", "is truncated (3-octet form needs 2 more octets)");
    exp_len = (static_cast<std::size_t>(k[1]) << 8) | k[2];
    pos = 3;
    if (exp_len == 0) bad_key(key, "exponent length", "0", "is zero");
  }
  if (exp_len > k.size() - pos)
    bad_key(key, "exponent length", std::to_string(exp_len),
            "exceeds the " + std::to_string(k.size() - pos) + " octets left in the key");
  const std::span<const std::uint8_t> exp_bytes(k.data() + pos, exp_len);
  const std::span<const std::uint8_t> mod_bytes(k.data() + pos + exp_len, k.size() - pos - exp_len);
  if (mod_bytes.empty()) bad_key(key, "modulus", "", "is missing");
  const Botan::BigInt e = big(exp_bytes);
  const Botan::BigInt n = big(mod_bytes);
  const std::size_t bits = n.bits();
  if (bits < 512 || bits > 4096)
    bad_key(key, "modulus", std::to_string(bits) + " bits", "is outside 512..4096 bits (RFC 3110 §2, RFC 5702 §2)");
  if (n.is_even()) bad_key(key, "modulus", Botan::hex_encode(mod_bytes.data(), mod_bytes.size()), "is even");
  // A huge exponent would make each verification as slow as a private-key
  // operation; real keys use 3 or 65537. OpenSSL similarly limits e to 64
  // bits for large moduli.
  if (e.bits() > 64) bad_key(key, "exponent", std::to_string(e.bits()) + " bits", "is longer than 64 bits");
  if (e < 3 || e.is_even())
    bad_key(key, "exponent", Botan::hex_encode(exp_bytes.data(), exp_bytes.size()), "is not an odd number >= 3");
  impl.key = std::make_unique<Botan::RSA_PublicKey>(n, e);
  impl.bits = bits;
  switch (key.algorithm) {
    case 1: impl.emsa = "EMSA3(MD5)"; break;
    case 5:
    case 7: impl.emsa = "EMSA3(SHA-1)"; break;
    case 8: impl.emsa = "EMSA3(SHA-256)"; break;
    default: impl.emsa = "EMSA3(SHA-512)"; break;  // 10
  }
}

/// RFC 2536 §2.
void parse_dsa(const Dnskey& key, PublicKey::Impl& impl) {
  const auto& k = key.public_key;
  if (k.empty()) bad_key(key, "T", "", "is missing (empty key)");
  const std::size_t t = k[0];
  if (t > 8) bad_key(key, "T", std::to_string(t), "is greater than 8 (RFC 2536 §2)");
  const std::size_t len = 64 + 8 * t;
  const std::size_t want = 1 + 20 + 3 * len;
  if (k.size() != want)
    bad_key(key, "length", std::to_string(k.size()) + " octets",
            "is not the " + std::to_string(want) + " octets that T=" + std::to_string(t) + " requires");
  const auto* p0 = k.data() + 1;
  const Botan::BigInt q = big({p0, 20});
  const Botan::BigInt p = big({p0 + 20, len});
  const Botan::BigInt g = big({p0 + 20 + len, len});
  const Botan::BigInt y = big({p0 + 20 + 2 * len, len});
  if (q.bits() != 160 || q.is_even()) bad_key(key, "Q", "", "is not an odd 160-bit number");
  if (p.bits() != len * 8 || p.is_even())
    bad_key(key, "P", "", "is not an odd " + std::to_string(len * 8) + "-bit number");
  if (g <= 1 || g >= p) bad_key(key, "G", "", "is not in 2..P-1");
  if (y <= 1 || y >= p) bad_key(key, "Y", "", "is not in 2..P-1");
  impl.key = std::make_unique<Botan::DSA_PublicKey>(Botan::DL_Group(p, q, g), y);
  impl.bits = len * 8;
  impl.emsa = "EMSA1(SHA-1)";
  impl.sig_offset = 1;
  impl.sig_length = 41;
  impl.dsa_t = static_cast<int>(t);
}

/// RFC 6605 §4.
void parse_ecdsa(const Dnskey& key, PublicKey::Impl& impl) {
  const bool p256 = key.algorithm == 13;
  const std::size_t coord = p256 ? 32 : 48;
  if (key.public_key.size() != 2 * coord)
    bad_key(key, "length", std::to_string(key.public_key.size()) + " octets",
            "is not " + std::to_string(2 * coord) + " (x | y, RFC 6605 §4)");
  const Botan::EC_Group group(p256 ? "secp256r1" : "secp384r1");
  std::vector<std::uint8_t> sec1;
  sec1.reserve(1 + 2 * coord);
  sec1.push_back(0x04);  // uncompressed point (SEC 1 §2.3.3)
  sec1.insert(sec1.end(), key.public_key.begin(), key.public_key.end());
  Botan::PointGFp point;
  try {
    point = group.OS2ECP(sec1);
  } catch (const std::exception& e) {
    bad_key(key, "point", "", std::string("is not a point on the curve: ") + e.what());
  }
  // OS2ECP rejects points off the curve; P-256 and P-384 have cofactor 1, so
  // every point on the curve other than infinity (which 0x04 | x | y cannot
  // encode) has the full group order. Botan's verify_public_element would add
  // a scalar multiplication (more than a verification) for nothing.
  if (point.is_zero()) bad_key(key, "point", "", "is the point at infinity");
  impl.key = std::make_unique<Botan::ECDSA_PublicKey>(group, point);
  impl.bits = coord * 8;
  impl.emsa = p256 ? "EMSA1(SHA-256)" : "EMSA1(SHA-384)";
  impl.sig_length = 2 * coord;
}

/// RFC 8080 §3.
void parse_ed25519(const Dnskey& key, PublicKey::Impl& impl) {
  if (key.public_key.size() != 32)
    bad_key(key, "length", std::to_string(key.public_key.size()) + " octets", "is not 32 (RFC 8080 §3)");
  impl.key = std::make_unique<Botan::Ed25519_PublicKey>(key.public_key.data(), key.public_key.size());
  impl.bits = 256;
  impl.emsa = "Pure";
  impl.sig_length = 64;
}

}  // namespace

PublicKey::PublicKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PublicKey::~PublicKey() = default;

std::shared_ptr<const PublicKey> PublicKey::parse(const Dnskey& key) {
  auto impl = std::make_unique<Impl>();
  impl->algorithm = key.algorithm;
  try {
    switch (key.algorithm) {
      case 1:
      case 5:
      case 7:
      case 8:
      case 10: parse_rsa(key, *impl); break;
      case 3:
      case 6: parse_dsa(key, *impl); break;
      case 13:
      case 14: parse_ecdsa(key, *impl); break;
      case 15: parse_ed25519(key, *impl); break;
      default:
        throw InputError("DNSKEY public key", "algorithm", std::to_string(key.algorithm),
                         "is not supported by this library");
    }
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    // Botan rejected the values (e.g. a DL group it cannot use).
    bad_key(key, "", "", e.what());
  }
  return std::shared_ptr<const PublicKey>(new PublicKey(std::move(impl)));
}

std::uint8_t PublicKey::algorithm() const noexcept { return impl_->algorithm; }
std::size_t PublicKey::bits() const noexcept { return impl_->bits; }

bool PublicKey::verify(std::span<const std::uint8_t> data, std::span<const std::uint8_t> signature) const {
  try {
    if (impl_->sig_length != 0 && signature.size() != impl_->sig_length) return false;
    if (signature.empty()) return false;
    if (impl_->dsa_t >= 0 && signature[0] != impl_->dsa_t) return false;
    const auto sig = signature.subspan(impl_->sig_offset);
    std::unique_lock lock(impl_->verifier_mutex, std::try_to_lock);
    if (lock.owns_lock()) {
      if (!impl_->verifier)
        impl_->verifier = std::make_unique<Botan::PK_Verifier>(*impl_->key, impl_->emsa, Botan::IEEE_1363);
      try {
        return impl_->verifier->verify_message(data.data(), data.size(), sig.data(), sig.size());
      } catch (...) {
        impl_->verifier.reset();  // its state is unknown after an exception
        return false;
      }
    }
    Botan::PK_Verifier verifier(*impl_->key, impl_->emsa, Botan::IEEE_1363);
    return verifier.verify_message(data.data(), data.size(), sig.data(), sig.size());
  } catch (...) {
    return false;
  }
}

// ---------------------------------------------------------------------------
// KeyCache
// ---------------------------------------------------------------------------

struct KeyCache::Impl {
  std::size_t capacity;
  std::unordered_map<std::string, std::shared_ptr<const PublicKey>> entries;
  std::deque<std::string> order;  ///< insertion order, oldest first
  std::size_t hits = 0, misses = 0;
};

KeyCache::KeyCache(std::size_t capacity) : impl_(std::make_unique<Impl>()) { impl_->capacity = capacity; }
KeyCache::~KeyCache() = default;

std::shared_ptr<const PublicKey> KeyCache::get(const Dnskey& key) {
  std::string id;
  id.reserve(1 + key.public_key.size());
  id.push_back(static_cast<char>(key.algorithm));
  id.append(key.public_key.begin(), key.public_key.end());
  if (auto it = impl_->entries.find(id); it != impl_->entries.end()) {
    ++impl_->hits;
    return it->second;
  }
  ++impl_->misses;
  auto parsed = PublicKey::parse(key);
  if (impl_->capacity == 0) return parsed;
  while (impl_->entries.size() >= impl_->capacity) {
    impl_->entries.erase(impl_->order.front());
    impl_->order.pop_front();
  }
  impl_->entries.emplace(id, parsed);
  impl_->order.push_back(std::move(id));
  return parsed;
}

std::size_t KeyCache::size() const noexcept { return impl_->entries.size(); }
std::size_t KeyCache::hits() const noexcept { return impl_->hits; }
std::size_t KeyCache::misses() const noexcept { return impl_->misses; }

}  // namespace dane::dnssec
