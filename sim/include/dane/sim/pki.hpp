/*
 * dane::sim: a deterministic certificate authority for tests, the demo and
 * the simulated receiving MTAs. Same seed, same keys, same certificates,
 * byte for byte (ECDSA uses RFC 6979 nonces; keys come from a seeded DRBG).
 */
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dane/cert.hpp"
#include "dane/time.hpp"

namespace dane::sim {

/// Key algorithm for a generated certificate.
enum class KeyType { EcdsaP256, EcdsaP384, Rsa2048, Ed25519 };

/// What to put in a certificate.
struct CertSpec {
  /// Subject commonName ("" for none).
  std::string common_name;
  /// subjectAltName dNSNames (may contain "*.example.com").
  std::vector<std::string> dns_names;
  /// Validity period.
  Time not_before;
  Time not_after;
  /// A CA certificate (basicConstraints cA=TRUE, keyCertSign).
  bool is_ca = false;
  /// pathLenConstraint for a CA; nullopt for none.
  std::optional<std::size_t> path_length;
  KeyType key_type = KeyType::EcdsaP256;
};

/// A certificate with its private key.
struct Issued {
  Certificate certificate;
  /// PKCS#8 PEM of the private key (for a receiving MTA's TLS server).
  std::string private_key_pem;
};

/// A seeded generator of keys and certificates.
class Pki {
 public:
  /// @param seed every key, serial number and signature derives from it.
  explicit Pki(std::uint64_t seed);
  ~Pki();
  Pki(Pki&&) noexcept;
  Pki& operator=(Pki&&) noexcept;

  /// A self-signed certificate (a root CA, or a self-signed leaf).
  Issued self_signed(const CertSpec& spec);
  /// A certificate for spec signed by issuer.
  Issued issue(const CertSpec& spec, const Issued& issuer);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A ready-made three-level hierarchy used throughout the tests and the demo:
/// root ("CN=Sim Root CA") -> intermediate ("CN=Sim Issuing CA") -> leaf.
struct SampleChain {
  Issued root;
  Issued intermediate;
  Issued leaf;
  /// The chain a server sends: leaf, intermediate, root.
  Chain full() const { return {leaf.certificate, intermediate.certificate, root.certificate}; }
  /// The usual server chain: leaf and intermediate, root not sent.
  Chain without_root() const { return {leaf.certificate, intermediate.certificate}; }
};

/**
 * Builds a SampleChain whose leaf is valid for leaf_names during
 * [valid_from, valid_until]; the CAs are valid ten years around it.
 */
SampleChain make_sample_chain(Pki& pki, const std::vector<std::string>& leaf_names, Time valid_from,
                              Time valid_until, KeyType key_type = KeyType::EcdsaP256);

}  // namespace dane::sim
