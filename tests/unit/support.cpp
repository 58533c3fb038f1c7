#include "support.hpp"

#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/x509cert.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace dane::test {

Time date(int year, unsigned month, unsigned day) {
  return std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
}

Time leaf_from() { return date(2024, 1, 1); }
Time leaf_until() { return date(2025, 1, 1); }
Time now() { return date(2024, 6, 1); }

const sim::SampleChain& standard_chain() {
  static const sim::SampleChain chain = [] {
    sim::Pki pki(42);
    return sim::make_sample_chain(pki, {mx_name}, leaf_from(), leaf_until());
  }();
  return chain;
}

const sim::SampleChain& other_chain() {
  static const sim::SampleChain chain = [] {
    sim::Pki pki(7);
    return sim::make_sample_chain(pki, {mx_name}, leaf_from(), leaf_until());
  }();
  return chain;
}

const std::vector<sim::SampleChain>& chain_pool() {
  static const std::vector<sim::SampleChain> pool = [] {
    std::vector<sim::SampleChain> chains;
    sim::Pki pki(1001);
    chains.push_back(standard_chain());
    chains.push_back(sim::make_sample_chain(pki, {mx_name, "mx2.example.com"}, leaf_from(), leaf_until(),
                                            sim::KeyType::Ed25519));
    chains.push_back(sim::make_sample_chain(pki, {mx_name}, leaf_from(), leaf_until(), sim::KeyType::EcdsaP384));
    return chains;
  }();
  return pool;
}

std::vector<std::uint8_t> botan_spki(const Certificate& cert) {
  const Botan::X509_Certificate parsed(cert.der());
  return parsed.subject_public_key_info();
}

std::vector<std::uint8_t> expected_data(const Certificate& cert, Selector selector, MatchingType mtype) {
  const std::vector<std::uint8_t> object = selector == Selector::Cert ? cert.der() : botan_spki(cert);
  switch (mtype) {
    case MatchingType::Full:
      return object;
    case MatchingType::Sha2_256:
      return Botan::unlock(Botan::HashFunction::create_or_throw("SHA-256")->process(object));
    case MatchingType::Sha2_512:
      return Botan::unlock(Botan::HashFunction::create_or_throw("SHA-512")->process(object));
    default:
      throw std::logic_error("expected_data: unsupported matching type");
  }
}

Tlsa expected_record(const Certificate& cert, Usage usage, Selector selector, MatchingType mtype) {
  return Tlsa(usage, selector, mtype, expected_data(cert, selector, mtype));
}

std::string hex(const std::vector<std::uint8_t>& bytes) { return Botan::hex_encode(bytes, false); }
std::string upper_hex(const std::vector<std::uint8_t>& bytes) { return Botan::hex_encode(bytes, true); }

std::optional<std::string> run_command(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return std::nullopt;
  std::string out;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0) out.append(buffer.data(), n);
  const int status = pclose(pipe.release());
  if (status != 0) return std::nullopt;
  return out;
}

std::optional<std::string> openssl_digest(const Certificate& cert, Selector selector, MatchingType mtype) {
  if (!run_command("openssl version >/dev/null 2>&1")) return std::nullopt;
  static std::atomic<int> counter{0};
  const auto path = std::filesystem::temp_directory_path() /
                    ("dane-unit-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".der");
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(cert.der().data()), static_cast<std::streamsize>(cert.der().size()));
  }
  const std::string alg = mtype == MatchingType::Sha2_512 ? "-sha512" : "-sha256";
  const std::string extract = selector == Selector::Cert
                                  ? "openssl x509 -inform DER -in '" + path.string() + "' -outform DER"
                                  : "openssl x509 -inform DER -in '" + path.string() +
                                        "' -pubkey -noout | openssl pkey -pubin -outform DER";
  auto out = run_command(extract + " | openssl dgst " + alg + " -r");
  std::filesystem::remove(path);
  if (!out) return std::nullopt;
  // "-r" prints "<hex> *stdin".
  return out->substr(0, out->find(' '));
}

MatchOptions smtp_options() {
  MatchOptions options;
  options.profile = Profile::Smtp;
  options.reference_names = {mx_name};
  return options;
}

MatchOptions generic_options() {
  MatchOptions options;
  options.profile = Profile::Generic;
  options.reference_names = {mx_name};
  options.pkix_trust_anchors = {standard_chain().root.certificate};
  return options;
}

}  // namespace dane::test
