/*
 * libdane: DNSSEC keys and zone signing.
 *
 *   Keys     RSA (8, 10) RFC 3110 / RFC 5702, ECDSA (13, 14) RFC 6605,
 *            Ed25519 (15) RFC 8080; generated with Botan from a ChaCha_RNG
 *            seeded with SHA-256(label | parameters | seed): the same seed
 *            gives the same key.
 *   RRSIG    RFC 4034 §3.1.8.1 via signed_data() (verify.hpp): one
 *            implementation of the signed-data rule for signer and verifier.
 *            RSA PKCS#1 v1.5 and Ed25519 are deterministic; Botan's ECDSA uses
 *            RFC 6979 nonces, so every signature is a function of key and data.
 *   Zones    RFC 4035 §2 (what is signed), RFC 4034 §4 (NSEC chain),
 *            RFC 5155 §7.1 (NSEC3 chain, opt-out), RFC 9276 (defaults).
 */
#include "dane/dnssec/sign.hpp"

#include <botan/base64.h>
#include <botan/bigint.h>
#include <botan/chacha_rng.h>
#include <botan/data_src.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/hash.h>
#include <botan/pkcs8.h>
#include <botan/pubkey.h>
#include <botan/rsa.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "dane/dnssec/algorithms.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/nsec3hash.hpp"
#include "dane/dnssec/verify.hpp"
#include "dane/error.hpp"

namespace dane::dnssec {

namespace t = dns::rrtype;

struct SigningKey::Impl {
  Dnskey dnskey;
  std::uint16_t tag = 0;
  /// Immutable once built: copies of a SigningKey share it.
  std::shared_ptr<const Botan::Private_Key> key;
  std::string emsa;  ///< Botan padding / encoding name
};

namespace {

constexpr std::size_t kMaxZoneRecords = 1'000'000;
constexpr const char* kKeyWhere = "DNSSEC signing key";

/// The Botan signature scheme and key type of a signing algorithm, or nullptr.
const char* emsa_for(std::uint8_t algorithm) {
  switch (algorithm) {
    case 8: return "EMSA3(SHA-256)";
    case 10: return "EMSA3(SHA-512)";
    case 13: return "EMSA1(SHA-256)";
    case 14: return "EMSA1(SHA-384)";
    case 15: return "Pure";
    default: return nullptr;
  }
}

void check_algorithm(std::uint8_t algorithm) {
  if (emsa_for(algorithm) == nullptr)
    throw InputError(kKeyWhere, "algorithm", std::to_string(algorithm),
                     "is not one the signer supports (8, 10, 13, 14, 15)");
}

void check_flags(std::uint16_t flags) {
  // RFC 4034 §2.1.1: only keys with the Zone Key flag may sign zone data.
  if ((flags & 0x0100) == 0)
    throw InputError(kKeyWhere, "flags", std::to_string(flags),
                     "lack the Zone Key flag (bit 7): use 256 (ZSK) or 257 (KSK)");
}

void append_u64(std::vector<std::uint8_t>& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

/// A ChaCha_RNG seeded with SHA-256(label | material): deterministic.
std::unique_ptr<Botan::ChaCha_RNG> make_rng(std::string_view label, std::span<const std::uint8_t> material) {
  auto hash = Botan::HashFunction::create_or_throw("SHA-256");
  hash->update(reinterpret_cast<const std::uint8_t*>(label.data()), label.size());
  hash->update(material.data(), material.size());
  return std::make_unique<Botan::ChaCha_RNG>(hash->final());
}

const Botan::EC_Group& curve_for(std::uint8_t algorithm) {
  static const Botan::EC_Group p256("secp256r1");
  static const Botan::EC_Group p384("secp384r1");
  return algorithm == 13 ? p256 : p384;
}

/// The DNSKEY public key field of a private key (RFC 3110 §2, RFC 6605 §4,
/// RFC 8080 §3); checks that the key fits the algorithm.
std::vector<std::uint8_t> public_key_field(std::uint8_t algorithm, const Botan::Private_Key& key) {
  const std::string name = key.algo_name();
  if (algorithm == 8 || algorithm == 10) {
    const auto* rsa = dynamic_cast<const Botan::RSA_PrivateKey*>(&key);
    if (rsa == nullptr) throw InputError(kKeyWhere, "key type", name, "is not RSA, as algorithm " + std::to_string(algorithm) + " needs");
    const std::size_t bits = rsa->get_n().bits();
    if (bits < 1024 || bits > 4096)
      throw InputError(kKeyWhere, "RSA modulus", std::to_string(bits) + " bits", "is outside 1024..4096 bits");
    const auto e = Botan::BigInt::encode(rsa->get_e());
    const auto n = Botan::BigInt::encode(rsa->get_n());
    std::vector<std::uint8_t> out;
    if (e.size() <= 255) {
      out.push_back(static_cast<std::uint8_t>(e.size()));
    } else {
      out.push_back(0);
      out.push_back(static_cast<std::uint8_t>(e.size() >> 8));
      out.push_back(static_cast<std::uint8_t>(e.size()));
    }
    out.insert(out.end(), e.begin(), e.end());
    out.insert(out.end(), n.begin(), n.end());
    return out;
  }
  if (algorithm == 13 || algorithm == 14) {
    const auto* ec = dynamic_cast<const Botan::ECDSA_PrivateKey*>(&key);
    if (ec == nullptr)
      throw InputError(kKeyWhere, "key type", name, "is not ECDSA, as algorithm " + std::to_string(algorithm) + " needs");
    if (ec->domain() != curve_for(algorithm))
      throw InputError(kKeyWhere, "curve", ec->domain().get_curve_oid().to_formatted_string(),
                       algorithm == 13 ? "is not P-256 (RFC 6605)" : "is not P-384 (RFC 6605)");
    const auto point = ec->public_point().encode(Botan::PointGFp::UNCOMPRESSED);
    return std::vector<std::uint8_t>(point.begin() + 1, point.end());  // drop the 0x04 prefix
  }
  const auto* ed = dynamic_cast<const Botan::Ed25519_PrivateKey*>(&key);
  if (ed == nullptr) throw InputError(kKeyWhere, "key type", name, "is not Ed25519, as algorithm 15 needs");
  return ed->get_public_key();
}

std::uint32_t serial(Time t) { return static_cast<std::uint32_t>(static_cast<std::uint64_t>(t.time_since_epoch().count())); }

void check_window(const SignatureWindow& window) {
  const auto span = (window.expiration - window.inception).count();
  if (span <= 0)
    throw UsageError("signature window: expiration " + format_time(window.expiration) + " is not after inception " +
                     format_time(window.inception));
  // RFC 4034 §3.1.5: times are compared in serial arithmetic, so the window
  // must be shorter than 2^31 seconds (about 68 years).
  if (span >= 0x80000000LL) throw UsageError("signature window: longer than 2^31 seconds (RFC 4034 §3.1.5)");
}

std::string b64(const std::vector<std::uint8_t>& v) { return Botan::base64_encode(v); }
std::string b64(const Botan::BigInt& n) { return b64(Botan::BigInt::encode(n)); }

}  // namespace

// ---------------------------------------------------------------------------
// SigningKey
// ---------------------------------------------------------------------------

SigningKey::SigningKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SigningKey::~SigningKey() = default;
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::SigningKey(const SigningKey& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
SigningKey& SigningKey::operator=(const SigningKey& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}

namespace {

std::unique_ptr<SigningKey::Impl> make_impl(std::uint8_t algorithm, std::uint16_t flags,
                                            std::shared_ptr<const Botan::Private_Key> key) {
  auto impl = std::make_unique<SigningKey::Impl>();
  impl->dnskey.flags = flags;
  impl->dnskey.protocol = 3;
  impl->dnskey.algorithm = algorithm;
  impl->dnskey.public_key = public_key_field(algorithm, *key);
  impl->tag = key_tag(impl->dnskey);
  impl->key = std::move(key);
  impl->emsa = emsa_for(algorithm);
  return impl;
}

}  // namespace

SigningKey SigningKey::generate(std::uint8_t algorithm, std::uint16_t flags, std::uint64_t seed, std::size_t bits) {
  check_algorithm(algorithm);
  check_flags(flags);
  const bool rsa = algorithm == 8 || algorithm == 10;
  if (rsa && (bits < 1024 || bits > 4096))
    throw InputError(kKeyWhere, "RSA key size", std::to_string(bits), "is outside 1024..4096 bits");
  std::vector<std::uint8_t> material{algorithm, static_cast<std::uint8_t>(flags >> 8), static_cast<std::uint8_t>(flags)};
  append_u64(material, rsa ? bits : 0);
  append_u64(material, seed);
  auto rng = make_rng("libdane DNSSEC key generation v1", material);
  std::shared_ptr<const Botan::Private_Key> key;
  if (rsa)
    key = std::make_shared<Botan::RSA_PrivateKey>(*rng, bits, 65537);
  else if (algorithm == 15)
    key = std::make_shared<Botan::Ed25519_PrivateKey>(*rng);
  else
    key = std::make_shared<Botan::ECDSA_PrivateKey>(*rng, curve_for(algorithm));
  return SigningKey(make_impl(algorithm, flags, std::move(key)));
}

SigningKey SigningKey::from_pkcs8_pem(std::string_view pem, std::uint8_t algorithm, std::uint16_t flags) {
  check_algorithm(algorithm);
  check_flags(flags);
  std::shared_ptr<const Botan::Private_Key> key;
  try {
    Botan::DataSource_Memory source(reinterpret_cast<const std::uint8_t*>(pem.data()), pem.size());
    key = Botan::PKCS8::load_key(source);
  } catch (const std::exception& e) {
    throw InputError("PKCS#8 private key", "", "", std::string("does not load: ") + e.what());
  }
  if (!key) throw InputError("PKCS#8 private key", "", "", "does not load");
  return SigningKey(make_impl(algorithm, flags, std::move(key)));
}

const Dnskey& SigningKey::dnskey() const noexcept { return impl_->dnskey; }
std::uint16_t SigningKey::key_tag() const { return impl_->tag; }

std::string SigningKey::to_pkcs8_pem() const { return Botan::PKCS8::PEM_encode(*impl_->key); }

std::string SigningKey::to_bind_private() const {
  const std::uint8_t alg = impl_->dnskey.algorithm;
  std::string out = "Private-key-format: v1.3\nAlgorithm: " + std::to_string(alg) + " (" +
                    std::string(algorithm_mnemonic(alg)) + ")\n";
  if (const auto* rsa = dynamic_cast<const Botan::RSA_PrivateKey*>(impl_->key.get())) {
    // BIND's field names; Coefficient is q^-1 mod p (PKCS#1 qInv).
    out += "Modulus: " + b64(rsa->get_n()) + "\n";
    out += "PublicExponent: " + b64(rsa->get_e()) + "\n";
    out += "PrivateExponent: " + b64(rsa->get_d()) + "\n";
    out += "Prime1: " + b64(rsa->get_p()) + "\n";
    out += "Prime2: " + b64(rsa->get_q()) + "\n";
    out += "Exponent1: " + b64(rsa->get_d1()) + "\n";
    out += "Exponent2: " + b64(rsa->get_d2()) + "\n";
    out += "Coefficient: " + b64(rsa->get_c()) + "\n";
  } else if (const auto* ec = dynamic_cast<const Botan::ECDSA_PrivateKey*>(impl_->key.get())) {
    // RFC 6605 §6: the private scalar, fixed width.
    const std::size_t width = alg == 13 ? 32 : 48;
    const auto d = Botan::BigInt::encode_1363(ec->private_value(), width);
    out += "PrivateKey: " + Botan::base64_encode(d) + "\n";
  } else if (const auto* ed = dynamic_cast<const Botan::Ed25519_PrivateKey*>(impl_->key.get())) {
    // RFC 8080 §6: the 32-octet seed (Botan keeps seed | public key).
    const auto& full = ed->get_private_key();
    out += "PrivateKey: " + Botan::base64_encode(full.data(), std::min<std::size_t>(32, full.size())) + "\n";
  }
  return out;
}

std::vector<std::uint8_t> SigningKey::sign(std::span<const std::uint8_t> data) const {
  // The RNG only feeds blinding (RSA, ECDSA); the output does not depend on it.
  std::vector<std::uint8_t> material(impl_->dnskey.public_key);
  material.insert(material.end(), data.begin(), data.end());
  auto rng = make_rng("libdane DNSSEC signing blinding v1", material);
  Botan::PK_Signer signer(*impl_->key, *rng, impl_->emsa, Botan::IEEE_1363);
  return signer.sign_message(data.data(), data.size(), *rng);
}

// ---------------------------------------------------------------------------
// RRsets
// ---------------------------------------------------------------------------

dns::RR sign_rrset(const dns::RRset& rrset, const dns::Name& zone, const SigningKey& key,
                   const SignatureWindow& window) {
  if (!rrset.owner.is_subdomain_of(zone))
    throw UsageError("sign_rrset: owner " + rrset.owner.to_string() + " is not in zone " + zone.to_string());
  if (rrset.rdatas.empty()) throw UsageError("sign_rrset: the RRset " + rrset.owner.to_string() + " is empty");
  check_window(window);
  Rrsig sig;
  sig.type_covered = rrset.type;
  sig.algorithm = key.dnskey().algorithm;
  // RFC 4034 §3.1.3: the owner's labels, not counting the root or a leading "*".
  std::size_t labels = rrset.owner.label_count();
  if (rrset.owner.is_wildcard()) --labels;
  sig.labels = static_cast<std::uint8_t>(labels);
  sig.original_ttl = rrset.ttl;
  sig.expiration = serial(window.expiration);
  sig.inception = serial(window.inception);
  sig.key_tag = key.key_tag();
  sig.signer = zone;
  sig.signature = key.sign(signed_data(rrset, sig));
  dns::RR rr;
  rr.owner = rrset.owner;
  rr.type = t::RRSIG;
  rr.rclass = rrset.rclass;
  rr.ttl = rrset.ttl;  // RFC 4034 §3: the TTL of the covered RRset
  rr.rdata = sig.rdata();
  return rr;
}

// ---------------------------------------------------------------------------
// Zones
// ---------------------------------------------------------------------------

void ZoneShape::add(const dns::Name& owner, std::uint16_t type) {
  // RFC 4035 §2.2: NS below the apex marks a zone cut; RFC 6672 §2.4: a DNAME
  // occludes every name below its owner.
  if (type == dns::rrtype::NS && !(owner == apex_)) cuts_.insert(owner);
  if (type == dns::rrtype::DNAME) dnames_.insert(owner);
}

NamePlace ZoneShape::place(const dns::Name& name) const {
  if (!name.is_subdomain_of(apex_)) return NamePlace::Occluded;
  for (dns::Name p = name; !(p == apex_);) {
    p = p.parent();
    if (p == apex_) break;
    if (cuts_.count(p) != 0 || dnames_.count(p) != 0) return NamePlace::Occluded;
  }
  return cuts_.count(name) != 0 ? NamePlace::Delegation : NamePlace::Authoritative;
}

namespace {

using Place = NamePlace;

struct NameInfo {
  std::vector<std::size_t> rrsets;  ///< indices into the RRset list
  std::set<std::uint16_t> types;
  Place place = Place::Authoritative;
};

/// The SOA MINIMUM field: the last 4 octets of SOA RDATA (RFC 1035 §3.3.13).
std::uint32_t soa_minimum(const dns::RRset& soa) {
  const auto& rd = soa.rdatas.front();
  if (rd.size() < 22) throw InputError("SOA " + soa.owner.to_string(), "RDATA", "", "is truncated");
  const std::size_t n = rd.size();
  return (static_cast<std::uint32_t>(rd[n - 4]) << 24) | (static_cast<std::uint32_t>(rd[n - 3]) << 16) |
         (static_cast<std::uint32_t>(rd[n - 2]) << 8) | rd[n - 1];
}

dns::RRset make_rrset(const dns::Name& owner, std::uint16_t type, std::uint16_t rclass, std::uint32_t ttl,
                      std::vector<std::uint8_t> rdata) {
  dns::RRset set;
  set.owner = owner;
  set.type = type;
  set.rclass = rclass;
  set.ttl = ttl;
  set.rdatas.push_back(std::move(rdata));
  return set;
}

bool is_replaced_type(std::uint16_t type) {
  return type == t::RRSIG || type == t::NSEC || type == t::NSEC3 || type == t::NSEC3PARAM;
}

/// The types of a name's NSEC/NSEC3 bitmap before RRSIG/NSEC are added: at
/// a delegation only NS and DS, for which the parent is authoritative (RFC
/// 4034 §4.1.2, RFC 5155 §3.2.1).
std::vector<std::uint16_t> chain_types(const NameInfo& info) {
  if (info.place == Place::Delegation) {
    std::vector<std::uint16_t> out{t::NS};
    if (info.types.count(t::DS) != 0) out.push_back(t::DS);
    return out;
  }
  return {info.types.begin(), info.types.end()};
}

std::vector<std::uint16_t> sorted_types(std::vector<std::uint16_t> types) {
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  return types;
}

}  // namespace

std::vector<dns::RR> sign_zone(std::span<const dns::RR> zone_records, const dns::Name& apex,
                               std::span<const SigningKey> keys, const ZoneSigningOptions& options) {
  const std::string where = "zone " + apex.to_string();
  if (zone_records.size() > kMaxZoneRecords)
    throw InputError(where, "records", std::to_string(zone_records.size()),
                     "are more than the signer's limit of " + std::to_string(kMaxZoneRecords));
  if (keys.empty()) throw UsageError("sign_zone: no signing keys given for " + apex.to_string());
  check_window(options.window);
  if (options.nsec3 && options.nsec3_salt.size() > 255)
    throw InputError(where, "NSEC3 salt", std::to_string(options.nsec3_salt.size()) + " octets",
                     "is longer than 255 octets (RFC 5155 §3.1.5)");

  // 1. The input, minus the DNSSEC records this function makes.
  std::vector<dns::RR> input;
  input.reserve(zone_records.size());
  std::optional<std::uint32_t> dnskey_ttl;
  for (const auto& rr : zone_records) {
    if (!rr.owner.is_subdomain_of(apex))
      throw InputError(where, "owner", rr.owner.to_string() + " " + dns::type_to_string(rr.type),
                       "is outside the zone");
    if (is_replaced_type(rr.type)) continue;
    if (rr.type == t::DNSKEY && rr.owner == apex) {
      dnskey_ttl = dnskey_ttl ? std::min(*dnskey_ttl, rr.ttl) : rr.ttl;
      continue;
    }
    input.push_back(rr);
  }
  std::vector<dns::RRset> rrsets = dns::group_rrsets(input);
  input.clear();
  input.shrink_to_fit();

  const dns::RRset* soa = nullptr;
  for (const auto& set : rrsets)
    if (set.type == t::SOA) {
      if (!(set.owner == apex))
        throw InputError(where, "SOA", set.owner.to_string(), "is not at the apex");
      if (set.rdatas.size() != 1)
        throw InputError(where, "SOA", std::to_string(set.rdatas.size()) + " records", "is not exactly one record");
      soa = &set;
    }
  if (soa == nullptr) throw InputError(where, "SOA", "", "is missing at the apex");
  const std::uint16_t zclass = soa->rclass;
  const std::uint32_t apex_ttl = soa->ttl;
  // RFC 9077 §3: the lesser of the SOA TTL and the SOA MINIMUM field.
  const std::uint32_t denial_ttl = options.denial_ttl.value_or(std::min(soa->ttl, soa_minimum(*soa)));
  for (const auto& set : rrsets)
    if (set.rclass != zclass)
      throw InputError(where, "class", set.owner.to_string() + " " + dns::type_to_string(set.type),
                       "differs from the SOA's class " + std::to_string(zclass));

  // 2. The DNSKEY RRset (and NSEC3PARAM) at the apex.
  {
    dns::RRset dnskeys;
    dnskeys.owner = apex;
    dnskeys.type = t::DNSKEY;
    dnskeys.rclass = zclass;
    dnskeys.ttl = dnskey_ttl.value_or(apex_ttl);
    for (const auto& k : keys) {
      auto rd = k.dnskey().rdata();
      if (std::find(dnskeys.rdatas.begin(), dnskeys.rdatas.end(), rd) == dnskeys.rdatas.end())
        dnskeys.rdatas.push_back(std::move(rd));
    }
    rrsets.push_back(std::move(dnskeys));
  }
  if (options.nsec3) {
    Nsec3Param param;
    param.hash_algorithm = 1;
    param.flags = 0;  // RFC 5155 §4.1.2: the opt-out flag is not set in NSEC3PARAM
    param.iterations = options.nsec3_iterations;
    param.salt = options.nsec3_salt;
    rrsets.push_back(make_rrset(apex, t::NSEC3PARAM, zclass, apex_ttl, param.rdata()));
  }

  // 3. Names and where they stand (ZoneShape: RFC 4035 §2.2, RFC 6672 §2.4).
  std::map<dns::Name, NameInfo> names;
  ZoneShape shape(apex);
  for (std::size_t i = 0; i < rrsets.size(); ++i) {
    auto& info = names[rrsets[i].owner];
    info.rrsets.push_back(i);
    info.types.insert(rrsets[i].type);
    shape.add(rrsets[i].owner, rrsets[i].type);
  }
  for (auto& [name, info] : names) info.place = shape.place(name);

  // 4. The denial chain.
  if (!options.nsec3) {
    // RFC 4034 §4: one NSEC per name that owns authoritative data or is a
    // delegation point, in canonical order, the last pointing to the apex.
    std::vector<const dns::Name*> chain;
    for (const auto& [name, info] : names)
      if (info.place != Place::Occluded) chain.push_back(&name);
    for (std::size_t i = 0; i < chain.size(); ++i) {
      const auto& info = names.at(*chain[i]);
      Nsec nsec;
      nsec.next = *chain[(i + 1) % chain.size()];
      auto types = chain_types(info);
      types.push_back(t::RRSIG);
      types.push_back(t::NSEC);
      nsec.types.types = sorted_types(std::move(types));
      rrsets.push_back(make_rrset(*chain[i], t::NSEC, zclass, denial_ttl, nsec.rdata()));
    }
  } else {
    // RFC 5155 §7.1: one NSEC3 per authoritative name, delegation and empty
    // non-terminal; with opt-out, insecure delegations (and empty
    // non-terminals only they give rise to) are left out.
    std::set<dns::Name> members;
    std::map<dns::Name, const NameInfo*> with_data;
    for (const auto& [name, info] : names) {
      if (info.place == Place::Occluded) continue;
      if (options.opt_out && info.place == Place::Delegation && info.types.count(t::DS) == 0) continue;
      members.insert(name);
      with_data.emplace(name, &info);
    }
    for (const auto& [name, info] : with_data)
      for (dns::Name p = name; !(p == apex);) {
        p = p.parent();
        if (!members.insert(p).second) break;  // already there, and so are its ancestors
      }
    std::vector<std::pair<std::vector<std::uint8_t>, std::vector<std::uint16_t>>> hashed;
    hashed.reserve(members.size());
    for (const auto& name : members) {
      std::vector<std::uint16_t> types;
      if (auto it = with_data.find(name); it != with_data.end()) {
        types = chain_types(*it->second);
        // RRSIG: the original owner has signed RRsets, which an insecure
        // delegation does not (RFC 5155 §3.2.1 lists the types at the name).
        const bool signed_here = it->second->place != Place::Delegation || it->second->types.count(t::DS) != 0;
        if (signed_here) types.push_back(t::RRSIG);
      }
      hashed.emplace_back(nsec3_hash(name, 1, options.nsec3_iterations, options.nsec3_salt),
                          sorted_types(std::move(types)));
    }
    std::sort(hashed.begin(), hashed.end());
    for (std::size_t i = 0; i + 1 < hashed.size(); ++i)
      if (hashed[i].first == hashed[i + 1].first)
        throw InputError(where, "NSEC3 hash", base32hex(hashed[i].first),
                         "collides for two names: choose another salt (RFC 5155 §7.1)");
    for (std::size_t i = 0; i < hashed.size(); ++i) {
      Nsec3 n3;
      n3.hash_algorithm = 1;
      n3.flags = options.opt_out ? 0x01 : 0x00;
      n3.iterations = options.nsec3_iterations;
      n3.salt = options.nsec3_salt;
      n3.next_hashed_owner = hashed[(i + 1) % hashed.size()].first;
      n3.types.types = hashed[i].second;
      rrsets.push_back(make_rrset(apex.prepend(base32hex(hashed[i].first)), t::NSEC3, zclass, denial_ttl, n3.rdata()));
    }
  }

  // 5. RRSIGs (RFC 4035 §2.2): DNSKEY by the SEP keys, the rest by the
  // others; nothing occluded; at a delegation only DS and NSEC.
  std::vector<const SigningKey*> ksks, zsks, all;
  for (const auto& k : keys) {
    all.push_back(&k);
    (k.dnskey().is_sep() ? ksks : zsks).push_back(&k);
  }
  const auto& dnskey_signers = ksks.empty() ? all : ksks;
  const auto& data_signers = zsks.empty() ? all : zsks;

  struct Out {
    dns::RR rr;
    std::vector<std::uint8_t> canonical;
  };
  std::vector<Out> out;
  for (const auto& set : rrsets) {
    Place place = Place::Authoritative;
    if (auto it = names.find(set.owner); it != names.end() && set.type != t::NSEC3) place = it->second.place;
    for (auto& rr : set.records()) {
      auto canonical = rr.canonical_rdata();
      out.push_back(Out{std::move(rr), std::move(canonical)});
    }
    if (place == Place::Occluded) continue;
    if (place == Place::Delegation && set.type != t::DS && set.type != t::NSEC) continue;
    const auto& signers = set.type == t::DNSKEY && set.owner == apex ? dnskey_signers : data_signers;
    for (const auto* k : signers) {
      auto rr = sign_rrset(set, apex, *k, options.window);
      auto canonical = rr.canonical_rdata();
      out.push_back(Out{std::move(rr), std::move(canonical)});
    }
  }

  // 6. Canonical order: owner (RFC 4034 §6.1), type, RDATA (§6.3); the SOA
  // first among the apex records, so the zone file starts with it as master
  // files conventionally do (RFC 1035 §5.2).
  std::sort(out.begin(), out.end(), [](const Out& a, const Out& b) {
    if (auto c = a.rr.owner <=> b.rr.owner; c != 0) return c < 0;
    if ((a.rr.type == t::SOA) != (b.rr.type == t::SOA)) return a.rr.type == t::SOA;
    if (a.rr.type != b.rr.type) return a.rr.type < b.rr.type;
    return a.canonical < b.canonical;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Out& a, const Out& b) {
                          return a.rr.owner == b.rr.owner && a.rr.type == b.rr.type && a.canonical == b.canonical;
                        }),
            out.end());
  std::vector<dns::RR> result;
  result.reserve(out.size());
  for (auto& o : out) result.push_back(std::move(o.rr));
  return result;
}

std::string write_zone(std::span<const dns::RR> records, const dns::Name& origin) {
  std::string out = "$ORIGIN " + origin.to_string() + "\n";
  for (const auto& rr : records) {
    out += rr.to_string();
    out += '\n';
  }
  return out;
}

}  // namespace dane::dnssec
