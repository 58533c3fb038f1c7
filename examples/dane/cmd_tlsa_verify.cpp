/*
 * dane tlsa verify: match a certificate chain against a TLSA RRset
 * (dane::verify_chain) and print the library's own report.
 * Exit 0 verified, 1 not verified, 2 bad input.
 */
#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common.hpp"
#include "dane/error.hpp"
#include "dane/match.hpp"
#include "dane/report.hpp"
#include "dane/time.hpp"

namespace dane_cli {

namespace {

struct VerifyOptions {
  std::string chain_file;
  std::vector<std::string> tlsa;
  std::vector<std::string> tlsa_files;
  std::vector<std::string> names;
  std::string profile = "smtp";
  std::string ca_file;
  std::vector<std::string> digests;
  std::string time;
  bool no_name_checks = false;
  bool json = false;
};

/// Names --digests accepts (Postfix tls_dane_digests style and RFC 7218 acronyms).
std::vector<std::string> digest_names() { return {"sha256", "sha512", "sha2-256", "sha2-512"}; }

/// The matching type a --digests name stands for (already checked by CLI11).
dane::MatchingType to_digest(const std::string& name) {
  return name.find("256") != std::string::npos ? dane::MatchingType::Sha2_256 : dane::MatchingType::Sha2_512;
}

/// Is this line a comment or blank? (';' also starts dig's own comment lines.)
bool skippable(std::string_view line) {
  const auto first = line.find_first_not_of(" \t\r");
  return first == std::string_view::npos || line[first] == ';' || line[first] == '#';
}

/// A dig/zone-file line of another RR type ("... IN RRSIG TLSA 13 ..."):
/// the token after the class "IN" is not "TLSA".
bool other_rr_type(const std::string& line) {
  std::istringstream in(line);
  std::string token;
  while (in >> token) {
    if (token == "IN" || token == "in") {
      std::string type;
      return (in >> type) && type != "TLSA" && type != "tlsa";
    }
  }
  return false;
}

/// Records from a file: one per line; blank and comment lines and RRs of
/// other types skipped; errors name file:line.
void read_tlsa_file(const std::string& path, std::vector<dane::Tlsa>& out) {
  const std::string text = read_text_file(path, "--tlsa-file");
  std::istringstream in(text);
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();  // CRLF files
    }
    if (skippable(line) || other_rr_type(line)) {
      continue;
    }
    try {
      out.push_back(dane::Tlsa::parse(line));
    } catch (const dane::Error& e) {
      throw CliInputError(fmt::format("--tlsa-file {}:{}: {}", path, number, e.what()));
    }
  }
}

int run_verify(const VerifyOptions& o) {
  dane::MatchOptions options;
  try {
    options.profile = dane::parse_profile(o.profile);
  } catch (const dane::Error& e) {
    throw CliInputError(fmt::format("--profile: {}", e.what()));
  }
  dane::Time now;
  if (o.time.empty()) {
    // The CLI may read the clock; the library never does.
    now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  } else {
    try {
      now = dane::parse_time(o.time);
    } catch (const dane::Error& e) {
      throw CliInputError(fmt::format("--time: {}", e.what()));
    }
  }

  std::vector<dane::Tlsa> rrset;
  for (std::size_t i = 0; i < o.tlsa.size(); ++i) {
    try {
      rrset.push_back(dane::Tlsa::parse(o.tlsa[i]));
    } catch (const dane::Error& e) {
      throw CliInputError(fmt::format("--tlsa #{}: {}", i + 1, e.what()));
    }
  }
  for (const std::string& file : o.tlsa_files) {
    read_tlsa_file(file, rrset);
  }
  if (rrset.empty()) {
    throw CliInputError("no TLSA records: give --tlsa 'RR' or --tlsa-file F");
  }

  const dane::Chain chain = load_chain_arg(o.chain_file, "--chain");
  if (!o.ca_file.empty()) {
    options.pkix_trust_anchors = load_chain_arg(o.ca_file, "--ca-file");
  }
  if (!o.digests.empty()) {
    options.digests.clear();
    for (const std::string& name : o.digests) {
      options.digests.push_back(to_digest(name));
    }
  }
  options.reference_names = o.names;
  options.skip_name_checks = o.no_name_checks;
  if (o.names.empty() && !o.no_name_checks && !o.json) {
    std::cerr << "dane: note: no --name given; a DANE-TA or PKIX match cannot pass the name check\n";
  }

  dane::MatchResult result;
  try {
    result = dane::verify_chain(chain, rrset, now, options);
  } catch (const dane::Error& e) {
    throw CliInputError(fmt::format("verify: {}", e.what()));
  }
  if (o.json) {
    std::cout << dane::to_json(result) << '\n';
  } else {
    std::cout << "time: " << dane::format_time(now) << (o.time.empty() ? " (now)" : "") << '\n';
    std::cout << dane::to_text(result);
    if (const std::string text = dane::to_text(result); !text.empty() && text.back() != '\n') {
      std::cout << '\n';
    }
  }
  return result.verified() ? exit_ok : exit_fail;
}

}  // namespace

Command register_tlsa_verify(CLI::App& tlsa) {
  auto opts = std::make_shared<VerifyOptions>();
  CLI::App* cmd = tlsa.add_subcommand("verify", "Match a certificate chain against TLSA records");
  cmd->add_option("--chain", opts->chain_file, "PEM or DER file with the chain as the server sends it, leaf first")
      ->required()
      ->type_name("CHAIN.pem");
  cmd->add_option("--tlsa", opts->tlsa, "A TLSA record: '3 1 1 <hex>' or a whole RR line (repeatable)")
      ->type_name("RR")
      ->expected(1)
      ->take_all();
  cmd->add_option("--tlsa-file", opts->tlsa_files,
                  "File with one TLSA record per line (';'/'#' comments, dig output accepted)")
      ->type_name("FILE")
      ->expected(1)
      ->take_all();
  cmd->add_option("--name", opts->names, "Reference name for DANE-TA / PKIX name checks (repeatable)")
      ->type_name("HOST")
      ->expected(1)
      ->take_all();
  cmd->add_option("--profile", opts->profile, "smtp (RFC 7672) or generic (RFC 6698/7671)")->capture_default_str();
  cmd->add_option("--ca-file", opts->ca_file, "PKIX trust anchors for usages 0/1 (generic profile)")->type_name("FILE");
  cmd->add_option("--digests", opts->digests, "Enabled digests, most preferred first [default: sha512,sha256]")
      ->delimiter(',')
      ->check(CLI::IsMember(digest_names(), CLI::ignore_case));
  cmd->add_option("--time", opts->time, "Verification time, ISO 8601 UTC (e.g. 2026-01-01T00:00:00Z) [default: now]")
      ->type_name("ISO8601");
  cmd->add_flag("--no-name-checks", opts->no_name_checks, "Skip every name check (diagnostics only)");
  cmd->add_flag("--json", opts->json, "Print the result as JSON only");
  return {cmd, [opts] { return run_verify(*opts); }};
}

}  // namespace dane_cli
