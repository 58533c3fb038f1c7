/*
 * dane::sim internals: one TLS 1.2 endpoint (Botan 2 TLS::Client or
 * TLS::Server) driven over in-memory bytes, so the simulated SMTP client and
 * server can run STARTTLS over a sim::Connection. Private to the simulator;
 * Botan stays in tls_channel.cpp.
 *
 * Determinism (botan2-tls-notes.md): every endpoint has its own HMAC_DRBG
 * seeded with at least 32 octets derived from the world seed, the hello
 * randoms carry no time, and no session is cached or resumed.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dane/cert.hpp"

namespace dane::sim::detail {

/// A certificate chain (leaf first) and the PKCS#8 PEM key of its leaf.
struct TlsCredential {
  Chain chain;
  std::string private_key_pem;
};

/// Parsed server credentials shared by every session of one server.
class TlsServerCredentials;

/**
 * Parses the credentials once: by_sni maps a lower-case name without the
 * trailing dot to a chain; fallback (may be empty) is sent when no name
 * matches, after an unrecognized_name warning. With neither, the handshake
 * fails ("no usable certificate").
 * @throws InputError when a key does not parse.
 */
std::shared_ptr<const TlsServerCredentials> make_server_credentials(const std::map<std::string, TlsCredential>& by_sni,
                                                                    const std::optional<TlsCredential>& fallback);

/// What a finished handshake negotiated, in OpenSSL / Postfix terms.
struct TlsParameters {
  std::string protocol;   ///< "TLSv1.2"
  std::string cipher;     ///< "ECDHE-ECDSA-AES256-GCM-SHA384"
  int cipher_bits = 0;    ///< 256
  std::string sni;        ///< server side: the name the client sent
};

/// State of a TLS endpoint.
enum class TlsState { Handshaking, Active, Failed, Closed };

/// One end of a TLS connection over bytes moved by the caller.
class TlsChannel {
 public:
  /// A client sending SNI sni (empty: none); seed must hold >= 32 octets.
  static std::unique_ptr<TlsChannel> client(std::string sni, std::span<const std::uint8_t> seed);
  /// A server using creds; seed must hold >= 32 octets.
  static std::unique_ptr<TlsChannel> server(std::shared_ptr<const TlsServerCredentials> creds,
                                            std::span<const std::uint8_t> seed);
  ~TlsChannel();
  TlsChannel(const TlsChannel&) = delete;
  TlsChannel& operator=(const TlsChannel&) = delete;

  /// Feeds bytes from the peer. Never throws: failures set state() to Failed.
  void feed(std::span<const std::uint8_t> bytes);
  /// Encrypts application data (only when Active).
  void send(std::string_view plaintext);
  /// Sends close_notify.
  void close();
  /// Bytes to deliver to the peer (handshake, records, alerts); clears them.
  std::vector<std::uint8_t> take_output();
  /// Application data received so far; clears it.
  std::string take_plaintext();

  TlsState state() const noexcept;
  /// Why the handshake or connection failed ("" otherwise).
  const std::string& error() const noexcept;
  /// Negotiated parameters (valid once Active).
  const TlsParameters& parameters() const noexcept;
  /// Client side: the chain the server presented (captured, never judged here).
  const Chain& peer_chain() const noexcept;

 private:
  struct Impl;
  explicit TlsChannel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// 48 octets of seed for one TLS endpoint from a 64-bit world seed and a label.
std::vector<std::uint8_t> tls_seed(std::uint64_t seed, std::string_view label);

}  // namespace dane::sim::detail
