/*
 * Internal: the Botan object behind dane::Certificate.
 */
#pragma once

#include <botan/x509cert.h>

#include <memory>
#include <vector>

#include "dane/cert.hpp"

namespace dane {

struct Certificate::Impl {
  Botan::X509_Certificate x509;
  std::vector<std::uint8_t> der;
  std::vector<std::uint8_t> spki;
};

namespace detail {

/// Access to the Botan certificate for the library's own .cpp files.
struct CertAccess {
  static const Botan::X509_Certificate& x509(const Certificate& c) { return c.impl_->x509; }
  /// The Botan certificate as a shared pointer that keeps the Certificate alive (no copy).
  static std::shared_ptr<const Botan::X509_Certificate> shared_x509(const Certificate& c) {
    return {c.impl_, &c.impl_->x509};
  }
  /// Wraps a Botan certificate (already parsed); der is the encoding as
  /// received (empty: re-encode).
  static Certificate wrap(Botan::X509_Certificate x509, std::vector<std::uint8_t> der = {});
};

}  // namespace detail
}  // namespace dane
