/*
 * dane::sim internals: Botan 2 TLS endpoints over in-memory bytes.
 * See tls_channel.hpp; the wiring follows botan2-tls-notes.md.
 */
#include "tls_channel.hpp"

#include <botan/credentials_manager.h>
#include <botan/data_src.h>
#include <botan/hash.h>
#include <botan/hmac_drbg.h>
#include <botan/mac.h>
#include <botan/pkcs8.h>
#include <botan/tls_client.h>
#include <botan/tls_exceptn.h>
#include <botan/tls_policy.h>
#include <botan/tls_server.h>
#include <botan/tls_session_manager.h>
#include <botan/x509cert.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <utility>

#include "dane/error.hpp"

namespace dane::sim::detail {

namespace {

/// Largest amount of application data or output buffered per endpoint (a
/// misbehaving peer cannot grow it without bound).
constexpr std::size_t max_buffered = 4 << 20;

/// The policy both simulated endpoints use: TLS 1.2 (all Botan 2 has), the
/// key exchanges real MTAs negotiate (no experimental CECPQ1), AES-GCM first
/// like OpenSSL's default order, no time in the hello randoms (determinism),
/// RSA keys down to 1024 bits accepted (legacy SMTP servers exist).
class SimPolicy final : public Botan::TLS::Policy {
 public:
  std::vector<std::string> allowed_key_exchange_methods() const override { return {"ECDH", "DH"}; }
  std::vector<std::string> allowed_ciphers() const override {
    return {"AES-256/GCM", "AES-128/GCM", "ChaCha20Poly1305"};
  }
  bool include_time_in_hello_random() const override { return false; }
  size_t minimum_rsa_bits() const override { return 1024; }
};

const SimPolicy& policy() {
  static const SimPolicy p;
  return p;
}

/// Lower case, without a trailing dot: how SNI map keys are normalised
/// (Botan hands the SNI over verbatim).
std::string normalise_name(std::string_view name) {
  std::string out(name);
  if (!out.empty() && out.back() == '.') out.pop_back();
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// OpenSSL's name for a TLS 1.2 suite Botan can negotiate under SimPolicy
/// (codes from RFC 5289 and RFC 7905, names as `openssl ciphers -V` prints
/// them); Botan's IANA-style name otherwise.
std::string openssl_cipher_name(const Botan::TLS::Ciphersuite& suite) {
  switch (suite.ciphersuite_code()) {
    case 0xC02C: return "ECDHE-ECDSA-AES256-GCM-SHA384";
    case 0xC02B: return "ECDHE-ECDSA-AES128-GCM-SHA256";
    case 0xC030: return "ECDHE-RSA-AES256-GCM-SHA384";
    case 0xC02F: return "ECDHE-RSA-AES128-GCM-SHA256";
    case 0xCCA9: return "ECDHE-ECDSA-CHACHA20-POLY1305";
    case 0xCCA8: return "ECDHE-RSA-CHACHA20-POLY1305";
    case 0xCCAA: return "DHE-RSA-CHACHA20-POLY1305";
    case 0x009F: return "DHE-RSA-AES256-GCM-SHA384";
    case 0x009E: return "DHE-RSA-AES128-GCM-SHA256";
    default: return suite.to_string();
  }
}

/// "TLSv1.2" as OpenSSL (and so Postfix) names protocol versions.
std::string openssl_protocol_name(Botan::TLS::Protocol_Version v) {
  switch (v.version_code()) {
    case Botan::TLS::Protocol_Version::TLS_V10: return "TLSv1";
    case Botan::TLS::Protocol_Version::TLS_V11: return "TLSv1.1";
    case Botan::TLS::Protocol_Version::TLS_V12: return "TLSv1.2";
    default: return v.to_string();
  }
}

std::unique_ptr<Botan::RandomNumberGenerator> make_rng(std::span<const std::uint8_t> seed) {
  if (seed.size() < 32) throw UsageError("dane::sim TLS: an RNG seed needs at least 32 octets");
  auto rng = std::make_unique<Botan::HMAC_DRBG>(Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)"));
  rng->initialize_with(seed.data(), seed.size());
  return rng;
}

}  // namespace

/// Parsed chains and keys, looked up by normalised SNI.
class TlsServerCredentials final : public Botan::Credentials_Manager {
 public:
  struct Entry {
    std::vector<Botan::X509_Certificate> chain;
    std::unique_ptr<Botan::Private_Key> key;
  };
  std::map<std::string, Entry> by_name;
  std::optional<Entry> fallback;

  const Entry* find(const std::string& context) const {
    if (context.empty()) return fallback ? &*fallback : nullptr;
    const auto it = by_name.find(normalise_name(context));
    return it == by_name.end() ? nullptr : &it->second;
  }

  std::vector<Botan::X509_Certificate> find_cert_chain(const std::vector<std::string>& key_types,
                                                       const std::vector<Botan::X509_DN>&, const std::string& type,
                                                       const std::string& context) override {
    if (type != "tls-server") return {};
    const Entry* e = find(context);
    if (e == nullptr || e->chain.empty()) return {};
    const std::string algo = e->key->algo_name();
    if (std::find(key_types.begin(), key_types.end(), algo) == key_types.end()) return {};
    return e->chain;
  }

  Botan::Private_Key* private_key_for(const Botan::X509_Certificate& cert, const std::string&,
                                      const std::string& context) override {
    for (const Entry* e : {find(context), find("")}) {
      if (e != nullptr && !e->chain.empty() && e->chain.front() == cert) return e->key.get();
    }
    return nullptr;
  }
};

namespace {

TlsServerCredentials::Entry parse_entry(const TlsCredential& c, const std::string& name) {
  TlsServerCredentials::Entry e;
  for (const auto& cert : c.chain) e.chain.emplace_back(cert.der());
  try {
    Botan::DataSource_Memory src(c.private_key_pem);
    e.key = Botan::PKCS8::load_key(src);
  } catch (const std::exception& ex) {
    throw InputError("TLS credential for '" + name + "'", "private key", "", ex.what());
  }
  if (e.chain.empty()) throw InputError("TLS credential for '" + name + "'", "chain", "", "is empty");
  return e;
}

}  // namespace

std::shared_ptr<const TlsServerCredentials> make_server_credentials(const std::map<std::string, TlsCredential>& by_sni,
                                                                    const std::optional<TlsCredential>& fallback) {
  auto creds = std::make_shared<TlsServerCredentials>();
  for (const auto& [name, c] : by_sni) creds->by_name.emplace(normalise_name(name), parse_entry(c, name));
  if (fallback) creds->fallback = parse_entry(*fallback, "(default)");
  return creds;
}

struct TlsChannel::Impl final : public Botan::TLS::Callbacks {
  std::unique_ptr<Botan::RandomNumberGenerator> rng;
  Botan::TLS::Session_Manager_Noop sessions;
  Botan::Credentials_Manager client_creds;
  std::shared_ptr<const TlsServerCredentials> server_creds;
  std::unique_ptr<Botan::TLS::Channel> channel;

  std::vector<std::uint8_t> output;
  std::string plaintext;
  TlsState state = TlsState::Handshaking;
  std::string error;
  TlsParameters params;
  Chain peer;

  void fail(std::string why) {
    if (state != TlsState::Failed) error = std::move(why);
    state = TlsState::Failed;
  }

  void tls_emit_data(const uint8_t data[], size_t size) override {
    if (output.size() + size > max_buffered) {
      fail("TLS output buffer limit exceeded");
      return;
    }
    output.insert(output.end(), data, data + size);
  }
  void tls_record_received(uint64_t, const uint8_t data[], size_t size) override {
    if (plaintext.size() + size > max_buffered) {
      fail("TLS input buffer limit exceeded");
      return;
    }
    plaintext.append(reinterpret_cast<const char*>(data), size);
  }
  void tls_alert(Botan::TLS::Alert alert) override {
    if (alert.type() == Botan::TLS::Alert::CLOSE_NOTIFY) {
      if (state != TlsState::Failed) state = TlsState::Closed;
    } else if (alert.is_fatal()) {
      fail("received fatal alert: " + alert.type_string());
    }
  }
  bool tls_session_established(const Botan::TLS::Session& session) override {
    params.protocol = openssl_protocol_name(session.version());
    const auto suite = session.ciphersuite();
    params.cipher = openssl_cipher_name(suite);
    params.cipher_bits = static_cast<int>(suite.cipher_keylen() * 8);
    if (server_creds) params.sni = session.server_info().hostname();
    return false;  // never cache: every handshake is a full one
  }
  void tls_session_activated() override { state = TlsState::Active; }
  /// Captures the chain and accepts it: the DANE decision is the caller's,
  /// made with dane::verify_chain at the simulated time.
  void tls_verify_cert_chain(const std::vector<Botan::X509_Certificate>& chain,
                             const std::vector<std::shared_ptr<const Botan::OCSP::Response>>&,
                             const std::vector<Botan::Certificate_Store*>&, Botan::Usage_Type, const std::string&,
                             const Botan::TLS::Policy&) override {
    peer.clear();
    for (const auto& c : chain) peer.push_back(Certificate::from_der(c.BER_encode(), "peer certificate"));
  }
};

TlsChannel::TlsChannel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TlsChannel::~TlsChannel() = default;

std::unique_ptr<TlsChannel> TlsChannel::client(std::string sni, std::span<const std::uint8_t> seed) {
  auto impl = std::make_unique<Impl>();
  impl->rng = make_rng(seed);
  Impl& i = *impl;
  std::unique_ptr<TlsChannel> ch(new TlsChannel(std::move(impl)));
  try {
    i.channel = std::make_unique<Botan::TLS::Client>(i, i.sessions, i.client_creds, policy(), *i.rng,
                                                     Botan::TLS::Server_Information(sni, "smtp", 25));
  } catch (const std::exception& e) {
    i.fail(e.what());
  }
  return ch;
}

std::unique_ptr<TlsChannel> TlsChannel::server(std::shared_ptr<const TlsServerCredentials> creds,
                                               std::span<const std::uint8_t> seed) {
  auto impl = std::make_unique<Impl>();
  impl->rng = make_rng(seed);
  impl->server_creds = std::move(creds);
  Impl& i = *impl;
  std::unique_ptr<TlsChannel> ch(new TlsChannel(std::move(impl)));
  // Botan's Credentials_Manager interface is non-const; the object is only read.
  auto& cm = const_cast<TlsServerCredentials&>(*i.server_creds);
  i.channel = std::make_unique<Botan::TLS::Server>(i, i.sessions, cm, policy(), *i.rng);
  return ch;
}

void TlsChannel::feed(std::span<const std::uint8_t> bytes) {
  auto& i = *impl_;
  if (i.state == TlsState::Failed || i.state == TlsState::Closed || !i.channel || bytes.empty()) return;
  try {
    i.channel->received_data(bytes.data(), bytes.size());
  } catch (const std::exception& e) {
    i.fail(e.what());
  }
}

void TlsChannel::send(std::string_view plaintext) {
  auto& i = *impl_;
  if (i.state != TlsState::Active) throw UsageError("dane::sim TLS: send on a channel that is not active");
  try {
    i.channel->send(reinterpret_cast<const std::uint8_t*>(plaintext.data()), plaintext.size());
  } catch (const std::exception& e) {
    i.fail(e.what());
  }
}

void TlsChannel::close() {
  auto& i = *impl_;
  if (i.state != TlsState::Active) return;
  try {
    i.channel->close();
  } catch (const std::exception& e) {
    i.fail(e.what());
  }
  if (i.state == TlsState::Active) i.state = TlsState::Closed;
}

std::vector<std::uint8_t> TlsChannel::take_output() { return std::exchange(impl_->output, {}); }
std::string TlsChannel::take_plaintext() { return std::exchange(impl_->plaintext, {}); }
TlsState TlsChannel::state() const noexcept { return impl_->state; }
const std::string& TlsChannel::error() const noexcept { return impl_->error; }
const TlsParameters& TlsChannel::parameters() const noexcept { return impl_->params; }
const Chain& TlsChannel::peer_chain() const noexcept { return impl_->peer; }

std::vector<std::uint8_t> tls_seed(std::uint64_t seed, std::string_view label) {
  auto hash = Botan::HashFunction::create_or_throw("SHA-512");
  const std::string prefix = "dane::sim TLS seed v1:";
  hash->update(prefix);
  for (int shift = 56; shift >= 0; shift -= 8) hash->update(static_cast<std::uint8_t>(seed >> shift));
  hash->update(reinterpret_cast<const std::uint8_t*>(label.data()), label.size());
  return hash->final_stdvec();
}

}  // namespace dane::sim::detail
