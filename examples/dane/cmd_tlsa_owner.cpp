/*
 * dane tlsa owner HOST [--port 25] [--proto tcp]: the TLSA owner name
 * "_25._tcp.host." (RFC 6698 §3).
 */
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "common.hpp"
#include "dane/error.hpp"
#include "dane/owner.hpp"

namespace dane_cli {

namespace {

struct OwnerOptions {
  std::string host;
  std::uint16_t port = 25;
  std::string proto = "tcp";
};

int run_owner(const OwnerOptions& o) {
  try {
    std::cout << dane::tlsa_owner_name(o.host, o.port, o.proto) << '\n';
  } catch (const dane::Error& e) {
    throw CliInputError(fmt::format("tlsa owner: {}", e.what()));
  }
  return exit_ok;
}

}  // namespace

Command register_tlsa_owner(CLI::App& tlsa) {
  auto opts = std::make_shared<OwnerOptions>();
  CLI::App* cmd = tlsa.add_subcommand("owner", "Print the TLSA owner name of a service (RFC 6698 §3)");
  cmd->add_option("host", opts->host, "Host name, e.g. mx.example.com")->required()->type_name("HOST");
  cmd->add_option("--port", opts->port, "TCP/UDP port")->capture_default_str();
  cmd->add_option("--proto", opts->proto, "Protocol: tcp, udp or sctp")->capture_default_str();
  return {cmd, [opts] { return run_owner(*opts); }};
}

}  // namespace dane_cli
