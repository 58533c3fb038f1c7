/*
 * Certificates and chains: DER / PEM input on Botan.
 */
#include "dane/cert.hpp"

#include <botan/data_src.h>
#include <botan/pem.h>
#include <botan/x509_dn.h>
#include <botan/x509_ext.h>

#include <cstdio>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "cert_impl.hpp"
#include "dane/error.hpp"

namespace dane {
namespace detail {

Certificate CertAccess::wrap(Botan::X509_Certificate x509, std::vector<std::uint8_t> der) {
  auto impl = std::make_shared<Certificate::Impl>();
  impl->der = der.empty() ? x509.BER_encode() : std::move(der);
  impl->spki = x509.subject_public_key_info();
  impl->x509 = std::move(x509);
  return Certificate(std::move(impl));
}

}  // namespace detail

namespace {

constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view kEnd = "-----END CERTIFICATE-----";

/// Converts Botan's X509_Time (any year) to seconds since the epoch.
Time to_time(const Botan::X509_Time& t) {
  using namespace std::chrono;
  // readable_string(): "YYYY/MM/DD HH:MM:SS UTC"
  const std::string s = t.readable_string();
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (std::sscanf(s.c_str(), "%d/%u/%u %u:%u:%u", &y, &mo, &d, &h, &mi, &se) != 6) return Time{};
  return Time{sys_days{year{y} / month{mo} / day{d}}.time_since_epoch() + hours{h} + minutes{mi} + seconds{se}};
}

/// Text from a certificate made safe for logs, JSON and Python: bytes outside
/// printable ASCII become "\\xNN" (certificate names are attacker-controlled).
std::string printable(std::string_view raw) {
  std::string out;
  for (const char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f && c != '\\') out += ch;
    else out += fmt::format("\\x{:02X}", c);
  }
  return out;
}

/// RFC 4514-style "CN=mail.example.com, O=Example" in the certificate's order.
std::string dn_string(const Botan::X509_DN& dn) {
  static const std::pair<const char*, const char*> kShort[] = {
      {"X520.CommonName", "CN"},     {"X520.Organization", "O"}, {"X520.OrganizationalUnit", "OU"},
      {"X520.Country", "C"},         {"X520.State", "ST"},       {"X520.Locality", "L"},
      {"PKCS9.EmailAddress", "emailAddress"}, {"X520.SerialNumber", "serialNumber"}};
  std::string out;
  for (const auto& [oid, value] : dn.dn_info()) {
    std::string name = oid.to_formatted_string();
    for (const auto& [l, sh] : kShort)
      if (name == l) name = sh;
    out += (out.empty() ? "" : ", ") + name + "=" + printable(value.value());
  }
  return out;
}

Certificate parse_der(std::span<const std::uint8_t> der, std::string_view source) {
  if (der.size() > max_certificate_size)
    throw InputError(std::string(source), "", "", fmt::format("is {} octets, more than the {} allowed", der.size(), max_certificate_size));
  if (der.empty() || der[0] != 0x30)
    throw InputError(std::string(source), "", "", "is not a DER certificate (it does not start with a SEQUENCE)");
  try {
    Botan::DataSource_Memory src(der.data(), der.size());
    Botan::X509_Certificate x509(src);
    if (!src.end_of_data())
      throw InputError(std::string(source), "", "", "has trailing data after the certificate");
    return detail::CertAccess::wrap(std::move(x509), std::vector<std::uint8_t>(der.begin(), der.end()));
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError(std::string(source), "", "", std::string("is not a valid X.509 certificate: ") + e.what());
  }
}

bool looks_like_pem(std::span<const std::uint8_t> bytes) {
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return text.find("-----BEGIN") != std::string_view::npos;
}

Chain parse_pem_chain(std::string_view text, std::string_view source) {
  Chain chain;
  std::size_t pos = 0;
  while ((pos = text.find(kBegin, pos)) != std::string_view::npos) {
    const std::string label = fmt::format("{} certificate #{}", source, chain.size() + 1);
    const std::size_t end = text.find(kEnd, pos);
    if (end == std::string_view::npos) throw InputError(label, "", "", "has a BEGIN CERTIFICATE line but no END line");
    if (chain.size() >= max_chain_file_certificates)
      throw InputError(std::string(source), "", "", fmt::format("holds more than {} certificates", max_chain_file_certificates));
    const std::string block(text.substr(pos, end + kEnd.size() - pos));
    Botan::secure_vector<std::uint8_t> der;
    try {
      der = Botan::PEM_Code::decode_check_label(block, "CERTIFICATE");
    } catch (const std::exception& e) {
      throw InputError(label, "", "", std::string("has a PEM block that does not decode: ") + e.what());
    }
    chain.push_back(parse_der(std::vector<std::uint8_t>(der.begin(), der.end()), label));
    pos = end + kEnd.size();
  }
  if (chain.empty()) throw InputError(std::string(source), "", "", "holds no PEM certificate (no -----BEGIN CERTIFICATE----- line)");
  return chain;
}

Chain parse_der_chain(std::span<const std::uint8_t> bytes, std::string_view source) {
  Chain chain;
  try {
    Botan::DataSource_Memory src(bytes.data(), bytes.size());
    while (!src.end_of_data()) {
      const std::string label = fmt::format("{} certificate #{}", source, chain.size() + 1);
      if (chain.size() >= max_chain_file_certificates)
        throw InputError(std::string(source), "", "", fmt::format("holds more than {} certificates", max_chain_file_certificates));
      std::uint8_t first = 0;
      if (src.peek_byte(first) != 1 || first != 0x30)
        throw InputError(label, "", "", "is not a DER certificate (it does not start with a SEQUENCE)");
      try {
        const std::size_t start = src.get_bytes_read();
        Botan::X509_Certificate x509(src);
        const std::size_t end = src.get_bytes_read();
        chain.push_back(detail::CertAccess::wrap(
            std::move(x509), std::vector<std::uint8_t>(bytes.begin() + static_cast<std::ptrdiff_t>(start),
                                                       bytes.begin() + static_cast<std::ptrdiff_t>(end))));
      } catch (const InputError&) {
        throw;
      } catch (const std::exception& e) {
        throw InputError(label, "", "", std::string("is not a valid X.509 certificate: ") + e.what());
      }
    }
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError(std::string(source), "", "", std::string("could not be read: ") + e.what());
  }
  if (chain.empty()) throw InputError(std::string(source), "", "", "is empty");
  return chain;
}

}  // namespace

Certificate Certificate::from_der(std::span<const std::uint8_t> der, std::string_view source) {
  return parse_der(der, source);
}

Certificate Certificate::from_pem(std::string_view text, std::string_view source) {
  return parse_pem_chain(text, source).front();
}

const std::vector<std::uint8_t>& Certificate::der() const noexcept { return impl_->der; }
const std::vector<std::uint8_t>& Certificate::spki() const noexcept { return impl_->spki; }

std::vector<std::uint8_t> Certificate::selector_data(Selector s) const {
  switch (s) {
    case Selector::Cert: return impl_->der;
    case Selector::Spki: return impl_->spki;
    default: return {};
  }
}

std::string Certificate::subject() const { return dn_string(impl_->x509.subject_dn()); }
std::string Certificate::issuer() const { return dn_string(impl_->x509.issuer_dn()); }

std::vector<std::string> Certificate::dns_names() const {
  std::vector<std::string> out;
  for (const auto& n : impl_->x509.subject_alt_name().get_attribute("DNS")) out.push_back(printable(n));
  return out;
}

std::vector<std::string> Certificate::common_names() const {
  std::vector<std::string> out;
  for (const auto& n : impl_->x509.subject_dn().get_attribute("X520.CommonName")) out.push_back(printable(n));
  return out;
}

Time Certificate::not_before() const { return to_time(impl_->x509.not_before()); }
Time Certificate::not_after() const { return to_time(impl_->x509.not_after()); }
bool Certificate::is_ca() const { return impl_->x509.is_CA_cert(); }
bool Certificate::is_self_issued() const { return impl_->x509.subject_dn() == impl_->x509.issuer_dn(); }
// PEM of the bytes as received: re-encoding through Botan could change them.
std::string Certificate::to_pem() const { return Botan::PEM_Code::encode(impl_->der, "CERTIFICATE"); }

std::string Certificate::summary() const {
  std::string names;
  for (const auto& n : dns_names()) names += (names.empty() ? "" : ",") + n;
  return fmt::format("subject '{}', issuer '{}'{}, valid {} to {}", subject(), issuer(),
                     names.empty() ? "" : ", DNS " + names, format_time(not_before()), format_time(not_after()));
}

Chain load_chain(std::span<const std::uint8_t> bytes, std::string_view source) {
  if (bytes.size() > max_certificate_size * 4)
    throw InputError(std::string(source), "", "", fmt::format("is {} octets, more than the {} allowed", bytes.size(), max_certificate_size * 4));
  if (looks_like_pem(bytes))
    return parse_pem_chain(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), source);
  if (!bytes.empty() && bytes[0] == 0x30) return parse_der_chain(bytes, source);
  throw InputError(std::string(source), "", "",
                   bytes.empty() ? "is empty" : "is neither PEM (no -----BEGIN line) nor DER (no leading SEQUENCE)");
}

Chain load_chain(std::string_view text, std::string_view source) {
  return load_chain(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), source);
}

Chain load_chain_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(name, "", "", ec ? "cannot be read: " + ec.message() : "is not a readable regular file");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw InputError(name, "", "", "cannot be read: " + ec.message());
  if (size > max_certificate_size * 4)
    throw InputError(name, "", "", fmt::format("is {} octets, more than the {} allowed", size, max_certificate_size * 4));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(name, "", "", "cannot be opened");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return load_chain(bytes, name);
}

}  // namespace dane
