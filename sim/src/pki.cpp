/*
 * dane::sim: the deterministic test certificate authority.
 *
 * Every random octet (keys, serial numbers, signature blinding) comes from one
 * ChaCha_RNG keyed by the 64-bit seed, so the same seed and the same sequence
 * of calls give the same certificates byte for byte. ECDSA nonces follow
 * RFC 6979, Ed25519 and RSA PKCS#1 v1.5 signatures are deterministic anyway.
 * Nothing here reads the clock: validity periods come from the CertSpec.
 */
#include "dane/sim/pki.hpp"

#include <botan/asn1_time.h>
#include <botan/bigint.h>
#include <botan/chacha_rng.h>
#include <botan/data_src.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/pkcs10.h>
#include <botan/pkcs8.h>
#include <botan/rsa.h>
#include <botan/x509_ca.h>
#include <botan/x509_ext.h>
#include <botan/x509cert.h>
#include <botan/x509self.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "dane/error.hpp"

namespace dane::sim {

namespace {

/// Bits of a generated serial number (the top bit is set, so the DER
/// INTEGER is always 16 octets and positive).
constexpr std::size_t serial_bits = 127;

/// A fresh private key of the given type, drawn from rng.
std::unique_ptr<Botan::Private_Key> make_key(KeyType type, Botan::RandomNumberGenerator& rng) {
  switch (type) {
    case KeyType::EcdsaP256:
      return std::make_unique<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group("secp256r1"));
    case KeyType::EcdsaP384:
      return std::make_unique<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group("secp384r1"));
    case KeyType::Rsa2048:
      return std::make_unique<Botan::RSA_PrivateKey>(rng, 2048);
    case KeyType::Ed25519:
      return std::make_unique<Botan::Ed25519_PrivateKey>(rng);
  }
  throw dane::UsageError("dane::sim::Pki: unknown key type");
}

/// The hash argument Botan 2.19's X.509 code wants for a key: SHA-256, except
/// for Ed25519, where it must name SHA-512 (Botan then signs "Pure" Ed25519;
/// passing "Pure" itself fails with "Unavailable Hash Pure").
std::string hash_for(const Botan::Private_Key& key) {
  return key.algo_name() == "Ed25519" ? "SHA-512" : "SHA-256";
}

/// Converts a dane::Time to Botan's ASN.1 time (UTCTime before 2050, GeneralizedTime after).
Botan::X509_Time to_x509_time(Time t) {
  return Botan::X509_Time(std::chrono::system_clock::time_point(t));
}

/// The X.509 options for spec: subject CN, SAN dNSNames, validity, CA flag and key usage.
Botan::X509_Cert_Options options_for(const CertSpec& spec, const Botan::Private_Key& key) {
  Botan::X509_Cert_Options opts;
  opts.common_name = spec.common_name;  // Botan leaves the CN out when empty.
  if (!spec.dns_names.empty()) {
    opts.dns = spec.dns_names.front();
    opts.more_dns.assign(spec.dns_names.begin() + 1, spec.dns_names.end());
  }
  opts.start = to_x509_time(spec.not_before);
  opts.end = to_x509_time(spec.not_after);
  if (spec.is_ca) {
    // CA_key sets basicConstraints cA=TRUE; Botan then gives the key keyCertSign | cRLSign.
    opts.CA_key(spec.path_length.value_or(Botan::Cert_Extension::NO_CERT_PATH_LIMIT));
  } else {
    const bool rsa = key.algo_name() == "RSA";
    opts.constraints = rsa ? Botan::Key_Constraints(Botan::DIGITAL_SIGNATURE | Botan::KEY_ENCIPHERMENT)
                           : Botan::Key_Constraints(Botan::DIGITAL_SIGNATURE);
    opts.add_ex_constraint("PKIX.ServerAuth");
    opts.add_ex_constraint("PKIX.ClientAuth");
  }
  return opts;
}

/// Wraps a Botan certificate and its key into an Issued.
Issued to_issued(const Botan::X509_Certificate& cert, const Botan::Private_Key& key) {
  return Issued{Certificate::from_der(cert.BER_encode(), "dane::sim certificate"), Botan::PKCS8::PEM_encode(key)};
}

/// Calendar arithmetic: t shifted by whole years, day clamped to the month's end (Feb 29).
Time add_years(Time t, int years) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const auto time_of_day = t - day;
  std::chrono::year_month_day ymd{day};
  ymd += std::chrono::years(years);
  if (!ymd.ok()) {
    ymd = std::chrono::year_month_day_last(ymd.year(), std::chrono::month_day_last(ymd.month()));
  }
  return std::chrono::sys_days(ymd) + time_of_day;
}

}  // namespace

struct Pki::Impl {
  explicit Impl(std::uint64_t seed) : rng(seed_material(seed)) {}

  /// A fixed label followed by the seed in big-endian order: 45 octets, more
  /// than the 32 ChaCha_RNG needs to count as seeded (256-bit security level).
  static Botan::secure_vector<std::uint8_t> seed_material(std::uint64_t seed) {
    static constexpr char label[] = "dane::sim::Pki deterministic seed v1:";
    Botan::secure_vector<std::uint8_t> out(label, label + sizeof(label) - 1);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<std::uint8_t>(seed >> shift));
    }
    return out;
  }

  Botan::ChaCha_RNG rng;
};

Pki::Pki(std::uint64_t seed) : impl_(std::make_unique<Impl>(seed)) {}
Pki::~Pki() = default;
Pki::Pki(Pki&&) noexcept = default;
Pki& Pki::operator=(Pki&&) noexcept = default;

Issued Pki::self_signed(const CertSpec& spec) {
  if (!impl_) throw dane::UsageError("dane::sim::Pki: use of a moved-from Pki");
  auto& rng = impl_->rng;
  const auto key = make_key(spec.key_type, rng);
  const auto opts = options_for(spec, *key);
  // create_self_signed_cert draws the serial number from rng.
  const auto cert = Botan::X509::create_self_signed_cert(opts, *key, hash_for(*key), rng);
  return to_issued(cert, *key);
}

Issued Pki::issue(const CertSpec& spec, const Issued& issuer) {
  if (!impl_) throw dane::UsageError("dane::sim::Pki: use of a moved-from Pki");
  auto& rng = impl_->rng;

  const Botan::X509_Certificate issuer_cert(issuer.certificate.der());
  Botan::DataSource_Memory key_source(issuer.private_key_pem);
  const auto issuer_key = Botan::PKCS8::load_key(key_source);
  if (!issuer_cert.is_CA_cert()) {
    throw dane::UsageError("dane::sim::Pki::issue: the issuer '" + issuer.certificate.subject() +
                           "' is not a CA certificate");
  }

  const auto key = make_key(spec.key_type, rng);
  const auto opts = options_for(spec, *key);
  const auto request = Botan::X509::create_cert_req(opts, *key, hash_for(*key), rng);
  const Botan::X509_CA ca(issuer_cert, *issuer_key, hash_for(*issuer_key), rng);
  const Botan::BigInt serial(rng, serial_bits);
  const auto cert = ca.sign_request(request, rng, serial, opts.start, opts.end);
  return to_issued(cert, *key);
}

SampleChain make_sample_chain(Pki& pki, const std::vector<std::string>& leaf_names, Time valid_from,
                              Time valid_until, KeyType key_type) {
  if (leaf_names.empty()) throw dane::UsageError("dane::sim::make_sample_chain: no leaf names given");
  const Time ca_from = add_years(valid_from, -5);
  const Time ca_until = add_years(valid_until, 5);

  CertSpec root_spec;
  root_spec.common_name = "Sim Root CA";
  root_spec.not_before = ca_from;
  root_spec.not_after = ca_until;
  root_spec.is_ca = true;
  root_spec.key_type = key_type;
  Issued root = pki.self_signed(root_spec);

  CertSpec intermediate_spec = root_spec;
  intermediate_spec.common_name = "Sim Issuing CA";
  intermediate_spec.path_length = 0;
  Issued intermediate = pki.issue(intermediate_spec, root);

  CertSpec leaf_spec;
  leaf_spec.common_name = leaf_names.front();
  leaf_spec.dns_names = leaf_names;
  leaf_spec.not_before = valid_from;
  leaf_spec.not_after = valid_until;
  leaf_spec.key_type = key_type;
  Issued leaf = pki.issue(leaf_spec, intermediate);

  return SampleChain{std::move(root), std::move(intermediate), std::move(leaf)};
}

}  // namespace dane::sim
