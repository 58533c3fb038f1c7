/*
 * Certificate association data (RFC 6698 §2.1.2-2.1.3) and TLSA generation.
 */
#include "dane/generate.hpp"

#include <botan/hash.h>

#include <fmt/format.h>

#include "dane/error.hpp"

namespace dane {

std::vector<std::uint8_t> association_data(const Certificate& cert, Selector selector, MatchingType mtype) {
  // RFC 6698 §2.1.2: Cert(0) is the whole DER certificate, SPKI(1) the DER SubjectPublicKeyInfo.
  if (selector != Selector::Cert && selector != Selector::Spki)
    throw InputError("TLSA parameters", "selector", std::to_string(static_cast<unsigned>(selector)),
                     "is not Cert(0) or SPKI(1)");
  const auto& object = selector == Selector::Cert ? cert.der() : cert.spki();
  // RFC 6698 §2.1.3: Full(0) is the object itself, 1 and 2 its SHA2-256 / SHA2-512 digest.
  switch (mtype) {
    case MatchingType::Full: return object;
    case MatchingType::Sha2_256: {
      const auto h = Botan::HashFunction::create_or_throw("SHA-256")->process(object);
      return {h.begin(), h.end()};
    }
    case MatchingType::Sha2_512: {
      const auto h = Botan::HashFunction::create_or_throw("SHA-512")->process(object);
      return {h.begin(), h.end()};
    }
    default:
      throw InputError("TLSA parameters", "matching type", std::to_string(static_cast<unsigned>(mtype)),
                       "is not Full(0), SHA2-256(1) or SHA2-512(2)");
  }
}

Usage default_usage(const Certificate& cert) {
  // RFC 7671 §8 / RFC 7672 §3.1: "3 1 1" for the server's own key, "2 1 1" for
  // an issuing CA. A self-issued certificate that names DNS hosts is a
  // server's self-signed certificate even when it says cA=TRUE (as
  // "openssl req -x509" makes them): a DANE-TA record for it could never match.
  if (!cert.is_ca()) return Usage::DaneEe;
  if (cert.is_self_issued() && !cert.dns_names().empty()) return Usage::DaneEe;
  return Usage::DaneTa;
}

Tlsa make_tlsa(const Certificate& cert, std::optional<Usage> usage, Selector selector, MatchingType mtype) {
  const Usage u = usage.value_or(default_usage(cert));
  return Tlsa(u, selector, mtype, association_data(cert, selector, mtype));
}

std::vector<Tlsa> rollover_tlsa(const Certificate& current, const Certificate& next, std::optional<Usage> usage,
                                Selector selector, MatchingType mtype) {
  // RFC 7671 §8.1: publish "current + next" before the new key is deployed.
  std::vector<Tlsa> out{make_tlsa(current, usage, selector, mtype)};
  Tlsa second = make_tlsa(next, usage, selector, mtype);
  if (!(second == out.front())) out.push_back(std::move(second));
  return out;
}

}  // namespace dane
