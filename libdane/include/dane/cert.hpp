/*
 * libdane: X.509 certificates as the matcher sees them.
 *
 * Certificate is an immutable value type (copies share the parsed object).
 * Botan stays behind it: users of this header need no Botan headers.
 */
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dane/time.hpp"
#include "dane/tlsa.hpp"

namespace dane {

namespace detail {
struct CertAccess;
}

/// Largest certificate (DER) or certificate file this library reads.
inline constexpr std::size_t max_certificate_size = 1 << 20;  // 1 MiB
/// Largest number of certificates read from one chain file or PEM text.
inline constexpr std::size_t max_chain_file_certificates = 64;

/// A parsed X.509 certificate.
class Certificate {
 public:
  /// Parses one DER-encoded certificate.
  /// @param source names the input in error messages (e.g. "chain.pem #2").
  /// @throws InputError when it does not parse.
  static Certificate from_der(std::span<const std::uint8_t> der, std::string_view source = "certificate");

  /// Parses one PEM certificate (the first CERTIFICATE block in text).
  /// @throws InputError when there is none or it does not parse.
  static Certificate from_pem(std::string_view text, std::string_view source = "certificate");

  /// The DER encoding as received.
  const std::vector<std::uint8_t>& der() const noexcept;
  /// The DER SubjectPublicKeyInfo.
  const std::vector<std::uint8_t>& spki() const noexcept;
  /// The object a TLSA selector picks: the whole certificate (Cert) or the
  /// SubjectPublicKeyInfo (SPKI). Empty for unknown selectors.
  std::vector<std::uint8_t> selector_data(Selector s) const;

  /// Subject distinguished name, e.g. "CN=mail.example.com".
  std::string subject() const;
  /// Issuer distinguished name.
  std::string issuer() const;
  /// DNS names from the subjectAltName extension (dNSName entries), as written.
  std::vector<std::string> dns_names() const;
  /// The subject's commonName values, as written.
  std::vector<std::string> common_names() const;
  /// Start and end of the validity period.
  Time not_before() const;
  Time not_after() const;
  /// True when basicConstraints says cA=TRUE.
  bool is_ca() const;
  /// True when subject and issuer are the same name.
  bool is_self_issued() const;
  /// PEM text of the certificate.
  std::string to_pem() const;
  /// One line for logs: subject, names and validity.
  std::string summary() const;

  friend bool operator==(const Certificate& a, const Certificate& b) { return a.der() == b.der(); }

 private:
  struct Impl;
  explicit Certificate(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
  friend struct detail::CertAccess;
};

/// A certificate chain as a server sends it: leaf first.
using Chain = std::vector<Certificate>;

/**
 * Reads every certificate from PEM text or DER bytes, in order. PEM may hold
 * other text between blocks (e.g. "subject=" lines from openssl); DER is one
 * certificate or several concatenated.
 * @param source names the input in error messages.
 * @throws InputError when no certificate is found, one does not parse (its
 *   index is named), or the input exceeds the size / count limits above.
 */
Chain load_chain(std::span<const std::uint8_t> bytes, std::string_view source = "chain");
/// Same, from text.
Chain load_chain(std::string_view text, std::string_view source = "chain");
/// Same, from a file; the error names the path.
Chain load_chain_file(const std::filesystem::path& path);

}  // namespace dane
