/*
 * dane tlsa gen CERT.pem: TLSA records for a certificate (RFC 6698 §2,
 * RFC 7671 §8 defaults "3 1 1" / "2 1 1"), optionally as full RR lines and as
 * a current+next rollover set (RFC 7671 §8.1).
 */
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common.hpp"
#include "dane/error.hpp"
#include "dane/generate.hpp"
#include "dane/owner.hpp"

namespace dane_cli {

namespace {

struct GenOptions {
  std::string cert_file;
  int usage = -1;  // -1: make_tlsa's default (DANE-TA for a CA, DANE-EE otherwise)
  int selector = static_cast<int>(dane::Selector::Spki);
  int mtype = static_cast<int>(dane::MatchingType::Sha2_256);
  std::size_t depth = 0;
  std::string host;
  std::uint16_t port = 25;
  std::string proto = "tcp";
  std::string rollover_file;
};

/// The certificate at --depth in a chain file.
dane::Certificate pick(const std::string& path, std::string_view what, std::size_t depth) {
  const dane::Chain chain = load_chain_arg(path, what);
  if (depth >= chain.size()) {
    throw CliInputError(fmt::format("--depth {}: {} {} holds {} certificate{} (depth 0 to {})", depth, what, path,
                                    chain.size(), chain.size() == 1 ? "" : "s", chain.size() - 1));
  }
  return chain[depth];
}

int run_gen(const GenOptions& o) {
  const std::optional<dane::Usage> usage =
      o.usage < 0 ? std::nullopt : std::optional(static_cast<dane::Usage>(o.usage));
  const auto selector = static_cast<dane::Selector>(o.selector);
  const auto mtype = static_cast<dane::MatchingType>(o.mtype);

  std::string prefix;
  if (!o.host.empty()) {
    try {
      prefix = dane::tlsa_owner_name(o.host, o.port, o.proto) + " IN TLSA ";
    } catch (const dane::Error& e) {
      throw CliInputError(fmt::format("--host/--port/--proto: {}", e.what()));
    }
  }

  const dane::Certificate current = pick(o.cert_file, "certificate file", o.depth);
  std::vector<dane::Tlsa> records;
  try {
    if (o.rollover_file.empty()) {
      records.push_back(dane::make_tlsa(current, usage, selector, mtype));
    } else {
      const dane::Certificate next = pick(o.rollover_file, "--rollover", o.depth);
      records = dane::rollover_tlsa(current, next, usage, selector, mtype);
    }
  } catch (const dane::Error& e) {
    throw CliInputError(fmt::format("--usage/--selector/--mtype: {}", e.what()));
  }
  for (const dane::Tlsa& record : records) {
    std::cout << prefix << record.to_string() << '\n';
  }
  return exit_ok;
}

}  // namespace

Command register_tlsa_gen(CLI::App& tlsa) {
  auto opts = std::make_shared<GenOptions>();
  CLI::App* cmd = tlsa.add_subcommand("gen", "Print the TLSA record(s) for a certificate");
  cmd->add_option("cert", opts->cert_file, "PEM or DER file with a certificate or a chain (leaf first)")
      ->required()
      ->type_name("CERT.pem");
  add_parameter_option(*cmd, "--usage", opts->usage, usage_names(),
                       "Certificate usage [default: DANE-TA(2) for a CA, DANE-EE(3) otherwise]");
  add_parameter_option(*cmd, "--selector", opts->selector, selector_names(), "Selector [default: 1]");
  add_parameter_option(*cmd, "--mtype", opts->mtype, mtype_names(), "Matching type [default: 1]");
  cmd->add_option("--depth", opts->depth, "Which certificate of the file (0 = the first)")
      ->capture_default_str()
      ->type_name("D");
  cmd->add_option("--host", opts->host, "Print full RR lines for this host's TLSA owner name")->type_name("HOST");
  cmd->add_option("--port", opts->port, "Port for the owner name")->capture_default_str()->needs("--host");
  cmd->add_option("--proto", opts->proto, "Protocol for the owner name")->capture_default_str()->needs("--host");
  cmd->add_option("--rollover", opts->rollover_file,
                  "The next certificate (same --depth): print the current+next set (RFC 7671 §8.1)")
      ->type_name("NEXT.pem");
  return {cmd, [opts] { return run_gen(*opts); }};
}

}  // namespace dane_cli
