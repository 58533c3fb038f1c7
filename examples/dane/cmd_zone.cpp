/*
 * dane zone sign ZONEFILE --origin NAME [...]: sign an RFC 1035 zone with
 *   deterministic keys (dane::dnssec::sign_zone), NSEC or NSEC3; optionally
 *   write the DS set and BIND-style key files.
 * dane zone verify ZONEFILE --origin NAME [--anchor FILE|RR ...] [--time ISO]:
 *   validate every authoritative RRset of a signed zone (dane::dnssec::Validator
 *   over a RecordPool of the zone) and check that the NSEC / NSEC3 chain is closed.
 *   Exit 0 all secure and the chain closed, 1 otherwise, 2 bad input.
 */
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <botan/hex.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/nsec3hash.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/error.hpp"
#include "dane/time.hpp"

namespace dane_cli {

namespace {

using dane::Time;
using dane::dns::Name;
using dane::dns::RR;
namespace dnssec = dane::dnssec;
namespace rrtype = dane::dns::rrtype;

/// Zone files may be large; the library refuses more than 64 MiB itself.
constexpr std::size_t max_zone_file = 65 * 1024 * 1024;

/// The wall clock, to the second (the CLI may read it; the library never does).
Time now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

/// Re-throws a library InputError as a CliInputError whose location is "path:line"
/// when the library named a line ("zone line 12" / "line 3"), else "path: <where>".
[[noreturn]] void rethrow_at(const dane::InputError& e, const std::string& path) {
  std::string where = e.where();
  for (const std::string_view prefix : {"zone line ", "line "}) {
    if (where.starts_with(prefix)) {
      where = path + ":" + where.substr(prefix.size());
      throw CliInputError(dane::InputError(where, e.field(), e.value(), e.problem()).what());
    }
  }
  throw CliInputError(fmt::format("{}: {}", path, e.what()));
}

/// --origin as a Name.
Name parse_origin(const std::string& text) {
  try {
    return Name::parse(text);
  } catch (const dane::InputError& e) {
    throw CliInputError(fmt::format("--origin: {}", e.what()));
  }
}

/// An ISO 8601 time option.
Time parse_time_option(const std::string& text, std::string_view option) {
  try {
    return dane::parse_time(text);
  } catch (const dane::InputError& e) {
    throw CliInputError(fmt::format("{}: {}", option, e.what()));
  }
}

/// Reads and parses ZONEFILE; errors name the file and line.
std::vector<RR> read_zone(const std::string& path, const Name& origin) {
  const std::string text = read_text_file(path, "ZONEFILE", max_zone_file);
  try {
    return dane::dns::parse_zone(text, origin);
  } catch (const dane::InputError& e) {
    rethrow_at(e, path);
  }
}

/// Writes text to path. @throws CliInputError naming what and the path.
void write_text_file(const std::filesystem::path& path, const std::string& text, std::string_view what) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw CliInputError(fmt::format("{} {}: cannot create", what, path.string()));
  out << text;
  out.flush();
  if (!out) throw CliInputError(fmt::format("{} {}: write error", what, path.string()));
}

// --- dane zone sign -----------------------------------------------------------

struct SignOptions {
  std::string zone_file;
  std::string origin;
  int algorithm = 13;
  std::uint64_t ksk_seed = 1;
  std::uint64_t zsk_seed = 2;
  std::size_t bits = 2048;
  bool csk = false;
  bool nsec3 = false;
  std::uint16_t iterations = 0;
  std::string salt;
  bool opt_out = false;
  std::string inception;
  std::string expiration;
  std::optional<unsigned> validity_days;
  std::optional<std::uint32_t> denial_ttl;
  std::string out;
  std::string keys_dir;
};

/// The NSEC3 salt from hex ("" or "-" for none, as in zone files).
std::vector<std::uint8_t> parse_salt(const std::string& hex) {
  if (hex.empty() || hex == "-") return {};
  try {
    return Botan::hex_decode(hex, false);
  } catch (const std::exception&) {
    throw CliInputError(fmt::format("--salt '{}': is not hexadecimal", hex));
  }
}

/// "example.com." -> "example.com", "." -> "root": the base of the DS file name.
std::string file_base(const Name& origin) {
  if (origin.is_root()) return "root";
  std::string s = origin.to_string();
  s.pop_back();
  return s;
}

/// Writes <origin>.ds and the K<origin>+<alg>+<tag>.key / .private files.
void write_keys(const std::filesystem::path& dir, const Name& origin, const std::vector<dnssec::SigningKey>& keys) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw CliInputError(fmt::format("--keys-dir {}: cannot create: {}", dir.string(), ec.message()));
  std::string ds_set;
  for (const auto& key : keys) {
    const auto& dnskey = key.dnskey();
    const RR dnskey_rr{origin, rrtype::DNSKEY, dane::dns::class_in, 3600, dnskey.rdata()};
    if (dnskey.is_sep()) {
      const auto ds = dnssec::make_ds(origin, dnskey, 2);
      ds_set += RR{origin, rrtype::DS, dane::dns::class_in, 3600, ds.rdata()}.to_string() + "\n";
    }
    // BIND's names: K<name>+<algorithm, 3 digits>+<key tag, 5 digits>.
    const std::string base = fmt::format("K{}+{:03}+{:05}", origin.to_string(), dnskey.algorithm, key.key_tag());
    const std::string role = dnskey.is_sep() ? "key-signing" : "zone-signing";
    write_text_file(dir / (base + ".key"),
                    fmt::format("; This is a {} key, keyid {}, for {}\n{}\n", role, key.key_tag(), origin.to_string(),
                                dnskey_rr.to_string()),
                    "--keys-dir");
    write_text_file(dir / (base + ".private"), key.to_bind_private(), "--keys-dir");
    std::filesystem::permissions(dir / (base + ".private"), std::filesystem::perms::owner_read |
                                                                std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace, ec);
  }
  write_text_file(dir / (file_base(origin) + ".ds"), ds_set, "--keys-dir");
}

int run_sign(const SignOptions& o) {
  const Name origin = parse_origin(o.origin);
  const auto records = read_zone(o.zone_file, origin);
  if (!o.csk && o.ksk_seed == o.zsk_seed) {
    throw CliInputError("--ksk-seed and --zsk-seed are equal: the KSK and ZSK would share a key (use --csk)");
  }
  if (o.opt_out && !o.nsec3) throw CliInputError("--opt-out needs --nsec3");

  dnssec::ZoneSigningOptions options;
  options.window.inception = o.inception.empty() ? now() - std::chrono::hours(1)
                                                 : parse_time_option(o.inception, "--inception");
  if (!o.expiration.empty()) {
    options.window.expiration = parse_time_option(o.expiration, "--expiration");
  } else {
    options.window.expiration = options.window.inception + std::chrono::days(o.validity_days.value_or(30));
  }
  if (options.window.expiration <= options.window.inception) {
    throw CliInputError(fmt::format("--expiration {} is not after the inception {}",
                                    dane::format_time(options.window.expiration),
                                    dane::format_time(options.window.inception)));
  }
  options.nsec3 = o.nsec3;
  options.nsec3_iterations = o.iterations;
  options.nsec3_salt = parse_salt(o.salt);
  options.opt_out = o.opt_out;
  options.denial_ttl = o.denial_ttl;

  std::vector<dnssec::SigningKey> keys;
  const auto algorithm = static_cast<std::uint8_t>(o.algorithm);
  try {
    keys.push_back(dnssec::SigningKey::generate(algorithm, 257, o.ksk_seed, o.bits));
    if (!o.csk) keys.push_back(dnssec::SigningKey::generate(algorithm, 256, o.zsk_seed, o.bits));
  } catch (const dane::InputError& e) {
    throw CliInputError(fmt::format("--algorithm {} / --bits {}: {}", o.algorithm, o.bits, e.what()));
  }

  std::vector<RR> signed_zone;
  try {
    signed_zone = dnssec::sign_zone(records, origin, keys, options);
  } catch (const dane::InputError& e) {
    rethrow_at(e, o.zone_file);
  }
  const std::string text = dnssec::write_zone(signed_zone, origin);
  if (o.out.empty() || o.out == "-") {
    std::cout << text;
  } else {
    write_text_file(o.out, text, "--out");
  }
  if (!o.keys_dir.empty()) write_keys(o.keys_dir, origin, keys);
  if (!o.out.empty() && o.out != "-") {
    std::string tags;
    for (const auto& k : keys) {
      tags += fmt::format("{}{} {}", tags.empty() ? "" : ", ", k.dnskey().is_sep() ? (o.csk ? "CSK" : "KSK") : "ZSK",
                          k.key_tag());
    }
    std::cout << fmt::format("signed {}: {} records, algorithm {}, {}, {}, valid {} to {}\n", origin.to_string(),
                             signed_zone.size(), o.algorithm, tags, o.nsec3 ? "NSEC3" : "NSEC",
                             dane::format_time(options.window.inception), dane::format_time(options.window.expiration));
  }
  return exit_ok;
}

// --- dane zone verify ---------------------------------------------------------

struct VerifyZoneOptions {
  std::string zone_file;
  std::string origin;
  std::vector<std::string> anchors;
  std::string time;
  bool json = false;
};

/// Trust anchors from --anchor values: each a file of DS / DNSKEY lines, or one record.
std::vector<dnssec::TrustAnchor> load_anchors(const std::vector<std::string>& args) {
  std::vector<dnssec::TrustAnchor> out;
  for (const auto& arg : args) {
    std::error_code ec;
    const bool is_file = std::filesystem::is_regular_file(arg, ec);
    std::vector<dnssec::TrustAnchor> anchors;
    try {
      anchors = dnssec::parse_trust_anchors(is_file ? read_text_file(arg, "--anchor", max_zone_file) : arg);
    } catch (const dane::InputError& e) {
      if (is_file) rethrow_at(e, "--anchor " + arg);
      throw CliInputError(fmt::format("--anchor '{}' (not a file, read as a record): {}", arg, e.what()));
    }
    if (anchors.empty()) throw CliInputError(fmt::format("--anchor {}: holds no DS or DNSKEY record", arg));
    out.insert(out.end(), anchors.begin(), anchors.end());
  }
  return out;
}

/// The default anchors: the apex DNSKEYs with the SEP flag (all apex DNSKEYs when none has it).
std::vector<dnssec::TrustAnchor> own_anchors(const std::vector<RR>& records, const Name& origin) {
  dnssec::TrustAnchor sep{origin, {}, {}}, all{origin, {}, {}};
  for (const RR& rr : records) {
    if (rr.type != rrtype::DNSKEY || !(rr.owner == origin)) continue;
    try {
      const auto key = dnssec::Dnskey::from_rdata(rr.rdata);
      all.dnskeys.push_back(key);
      if (key.is_sep()) sep.dnskeys.push_back(key);
    } catch (const dane::InputError&) {
      // A malformed DNSKEY is no anchor; its RRset is reported Bogus below.
    }
  }
  if (!sep.dnskeys.empty()) return {sep};
  if (!all.dnskeys.empty()) return {all};
  return {};
}

/// One RRset's verdict.
struct RRsetResult {
  Name owner;
  std::uint16_t type = 0;
  dnssec::Validation validation;
};

/// A break in the NSEC / NSEC3 chain.
struct ChainReport {
  std::string type;  // "NSEC", "NSEC3" or "" when the zone has neither
  std::size_t records = 0;
  std::vector<std::string> breaks;
};

/// The (owner, next owner) links of the zone's NSEC or NSEC3 records.
ChainReport check_chain(const std::vector<RR>& records, const Name& origin, const std::set<Name>& skipped_owners) {
  ChainReport report;
  std::map<Name, Name> links;
  std::size_t nsec = 0, nsec3 = 0;
  for (const RR& rr : records) {
    if (rr.type == rrtype::NSEC && !skipped_owners.contains(rr.owner)) ++nsec;
    if (rr.type == rrtype::NSEC3) ++nsec3;
  }
  const bool use_nsec3 = nsec3 > 0 && nsec == 0;
  report.type = use_nsec3 ? "NSEC3" : (nsec > 0 ? "NSEC" : "");
  if (report.type.empty()) {
    report.breaks.push_back("the zone has no NSEC or NSEC3 records: denial of existence is not signed");
    return report;
  }
  if (nsec > 0 && nsec3 > 0) report.breaks.push_back("the zone has both NSEC and NSEC3 records");
  for (const RR& rr : records) {
    try {
      if (!use_nsec3 && rr.type == rrtype::NSEC && !skipped_owners.contains(rr.owner)) {
        links.emplace(rr.owner, dnssec::Nsec::from_rdata(rr.rdata).next);
      } else if (use_nsec3 && rr.type == rrtype::NSEC3) {
        const auto n3 = dnssec::Nsec3::from_rdata(rr.rdata);
        links.emplace(rr.owner, origin.prepend(dnssec::base32hex(n3.next_hashed_owner)));
      }
    } catch (const dane::InputError& e) {
      report.breaks.push_back(fmt::format("{} {} is malformed: {}", rr.owner.to_string(), report.type, e.what()));
    }
  }
  report.records = links.size();
  for (const auto& [owner, next] : links) {
    if (!links.contains(next)) {
      report.breaks.push_back(fmt::format("{} {} points to {}, which has no {}", owner.to_string(), report.type,
                                          next.to_string(), report.type));
    }
  }
  // Closed: following the links from the first owner comes back after visiting every record.
  if (report.breaks.empty() && !links.empty()) {
    const Name start = links.begin()->first;
    Name at = start;
    std::size_t steps = 0;
    do {
      at = links.at(at);
      ++steps;
    } while (!(at == start) && steps <= links.size());
    if (steps != links.size()) {
      report.breaks.push_back(fmt::format("the {} chain from {} closes after {} of {} records", report.type,
                                          start.to_string(), steps, links.size()));
    }
  }
  if (!use_nsec3) {
    if (!links.contains(origin)) report.breaks.push_back(fmt::format("the apex {} has no NSEC", origin.to_string()));
  }
  return report;
}

int run_verify_zone(const VerifyZoneOptions& o) {
  const Name origin = parse_origin(o.origin);
  const auto records = read_zone(o.zone_file, origin);
  const Time at = o.time.empty() ? now() : parse_time_option(o.time, "--time");
  auto anchors = o.anchors.empty() ? own_anchors(records, origin) : load_anchors(o.anchors);
  if (anchors.empty()) {
    throw CliInputError(fmt::format("ZONEFILE {}: no DNSKEY at the apex {} to use as the anchor (pass --anchor)",
                                    o.zone_file, origin.to_string()));
  }

  // Which data is the zone's own: the same rule the signer uses (ZoneShape).
  dnssec::ZoneShape shape(origin);
  for (const RR& rr : records) shape.add(rr.owner, rr.type);
  std::set<Name> cuts, occluded;
  for (const RR& rr : records) {
    const auto place = shape.place(rr.owner);
    if (place == dnssec::NamePlace::Delegation) cuts.insert(rr.owner);
    if (place == dnssec::NamePlace::Occluded) occluded.insert(rr.owner);
  }

  dnssec::Validator validator(std::move(anchors));
  dnssec::RecordPool pool(records);
  std::vector<RRsetResult> results;
  for (const auto& set : dnssec::group_signed(records)) {
    const Name& owner = set.rrset.owner;
    if (occluded.contains(owner)) continue;  // glue and data below a cut is not signed
    if (cuts.contains(owner) && set.rrset.type != rrtype::DS && set.rrset.type != rrtype::NSEC) continue;
    results.push_back({owner, set.rrset.type, validator.validate_rrset(set, pool, at)});
  }
  const ChainReport chain = check_chain(records, origin, occluded);

  std::map<dnssec::Security, std::size_t> counts;
  for (const auto& r : results) ++counts[r.validation.status];
  const bool ok = !results.empty() && counts[dnssec::Security::Secure] == results.size() && chain.breaks.empty();

  if (o.json) {
    nlohmann::json out;
    out["zone"] = origin.to_string();
    out["time"] = dane::format_time(at);
    out["rrsets"] = nlohmann::json::array();
    for (const auto& r : results) {
      nlohmann::json j{{"owner", r.owner.to_string()},
                       {"type", dane::dns::type_to_string(r.type)},
                       {"status", std::string(dnssec::to_string(r.validation.status))},
                       {"limit_hit", r.validation.limit_hit}};
      if (r.validation.status != dnssec::Security::Secure) {
        j["ede"] = static_cast<int>(r.validation.ede);
        j["ede_text"] = std::string(dnssec::to_string(r.validation.ede));
        j["reason"] = r.validation.explain();
        j["reasons"] = nlohmann::json::array();
        for (const auto& reason : r.validation.reasons) j["reasons"].push_back({{"text", reason.text}, {"rule", reason.rule}});
      }
      out["rrsets"].push_back(std::move(j));
    }
    out["denial"] = {{"type", chain.type}, {"records", chain.records}, {"breaks", chain.breaks}};
    out["summary"] = {{"secure", counts[dnssec::Security::Secure]},
                      {"insecure", counts[dnssec::Security::Insecure]},
                      {"bogus", counts[dnssec::Security::Bogus]},
                      {"indeterminate", counts[dnssec::Security::Indeterminate]},
                      {"chain_breaks", chain.breaks.size()}};
    out["ok"] = ok;
    std::cout << out.dump(2) << '\n';
    return ok ? exit_ok : exit_fail;
  }

  for (const auto& r : results) {
    const auto& v = r.validation;
    std::cout << fmt::format("{:<13} {} {}", dnssec::to_string(v.status), r.owner.to_string(),
                             dane::dns::type_to_string(r.type));
    if (v.status != dnssec::Security::Secure) {
      std::cout << fmt::format(": {} [EDE {} {}]", v.explain(), static_cast<int>(v.ede), dnssec::to_string(v.ede));
    }
    std::cout << '\n';
  }
  if (chain.breaks.empty()) {
    std::cout << fmt::format("{} chain closed ({} records)\n", chain.type, chain.records);
  } else {
    for (const auto& b : chain.breaks) std::cout << fmt::format("chain break: {}\n", b);
  }
  std::string summary = fmt::format("{} secure, {} insecure, {} bogus", counts[dnssec::Security::Secure],
                                    counts[dnssec::Security::Insecure], counts[dnssec::Security::Bogus]);
  if (counts[dnssec::Security::Indeterminate] > 0) {
    summary += fmt::format(", {} indeterminate", counts[dnssec::Security::Indeterminate]);
  }
  if (!chain.breaks.empty()) summary += fmt::format(", {} chain breaks", chain.breaks.size());
  std::cout << summary << '\n';
  return ok ? exit_ok : exit_fail;
}

}  // namespace

/// `dane zone sign ZONEFILE --origin NAME [...]`: registers the subcommand under `dane zone`.
Command register_zone_sign(CLI::App& zone) {
  auto o = std::make_shared<SignOptions>();
  CLI::App* cmd = zone.add_subcommand("sign", "Sign an RFC 1035 zone file with deterministic keys (NSEC or NSEC3)");
  cmd->add_option("zonefile", o->zone_file, "The zone in RFC 1035 master-file format")->required()->type_name("ZONEFILE");
  cmd->add_option("--origin", o->origin, "The zone's apex, e.g. example.com.")->required()->type_name("NAME");
  cmd->add_option("--algorithm", o->algorithm, "DNSKEY algorithm: 8, 10, 13, 14 or 15")
      ->check(CLI::IsMember({8, 10, 13, 14, 15}))
      ->capture_default_str();
  cmd->add_option("--ksk-seed", o->ksk_seed, "Seed the KSK (or CSK) derives from")->capture_default_str();
  cmd->add_option("--zsk-seed", o->zsk_seed, "Seed the ZSK derives from")->capture_default_str();
  cmd->add_option("--bits", o->bits, "RSA modulus size (algorithms 8 and 10)")->capture_default_str();
  cmd->add_flag("--csk", o->csk, "One combined signing key (flags 257) instead of a KSK and a ZSK");
  cmd->add_flag("--nsec3", o->nsec3, "NSEC3 (RFC 5155) instead of NSEC");
  cmd->add_option("--iterations", o->iterations, "NSEC3 extra iterations (RFC 9276: 0)")->capture_default_str();
  cmd->add_option("--salt", o->salt, "NSEC3 salt in hex (RFC 9276: none)")->type_name("HEX");
  cmd->add_flag("--opt-out", o->opt_out, "NSEC3 opt-out for insecure delegations");
  cmd->add_option("--inception", o->inception, "Signature inception, ISO 8601 UTC (default: now - 1 hour)")
      ->type_name("ISO");
  auto* expiration = cmd->add_option("--expiration", o->expiration, "Signature expiration, ISO 8601 UTC")
                         ->type_name("ISO");
  cmd->add_option("--validity", o->validity_days, "Days from inception to expiration (default 30)")
      ->check(CLI::Range(1u, 3650u))
      ->type_name("DAYS")
      ->excludes(expiration);
  cmd->add_option("--denial-ttl", o->denial_ttl, "TTL of NSEC / NSEC3 records (default: the SOA minimum)");
  cmd->add_option("--out", o->out, "Write the signed zone here (default: standard output)")->type_name("FILE");
  cmd->add_option("--keys-dir", o->keys_dir, "Write <origin>.ds and BIND K*.key / K*.private files here")
      ->type_name("DIR");
  return {cmd, [o] { return run_sign(*o); }};
}

/// `dane zone verify ZONEFILE --origin NAME [...]`: registers the subcommand under `dane zone`.
Command register_zone_verify(CLI::App& zone) {
  auto o = std::make_shared<VerifyZoneOptions>();
  CLI::App* cmd = zone.add_subcommand("verify", "Validate every RRset of a signed zone and its NSEC / NSEC3 chain");
  cmd->add_option("zonefile", o->zone_file, "The signed zone in RFC 1035 master-file format")
      ->required()
      ->type_name("ZONEFILE");
  cmd->add_option("--origin", o->origin, "The zone's apex, e.g. example.com.")->required()->type_name("NAME");
  cmd->add_option("--anchor", o->anchors,
                  "Trust anchor: a file of DS / DNSKEY lines, or one such record (repeatable; default: the "
                  "zone's own SEP DNSKEYs)")
      ->type_name("FILE|RR");
  cmd->add_option("--time", o->time, "Validate at this time, ISO 8601 UTC (default: now)")->type_name("ISO");
  cmd->add_flag("--json", o->json, "Print a JSON report");
  return {cmd, [o] { return run_verify_zone(*o); }};
}

}  // namespace dane_cli
