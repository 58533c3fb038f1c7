/*
 * dane_dnssec_vectors: checks libdane's DNSSEC primitives against the shared
 * test vectors (see dnssec-rules.md §4):
 *   conformance/vectors/dnssec-sig-vectors.txt  23 RRSIG vectors (RFC 5702,
 *       RFC 6605, RFC 8080, dnspython), each "valid", "invalid",
 *       "valid-crypto" (verifies, but the default RFC 8624 policy refuses the
 *       algorithm) or "unsupported"; Ed448 ones (algorithm 16) are expected
 *       *unsupported* because Botan 2 has no Ed448. Every DS in a vector must
 *       match one of its DNSKEYs.
 *   conformance/vectors/nsec3-hash-vectors.tsv  19 NSEC3 hashes (RFC 5155 App. A, knsec3hash).
 *
 * Prints one line per failure (and per pass with -v), then "N passed, N failed".
 * Exit status: 0 all passed, 1 a vector failed, 77 the data folder is absent.
 */
#include <CLI/CLI.hpp>
#include <botan/hex.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/algorithms.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/nsec3hash.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/dnssec/verify.hpp"
#include "dane/time.hpp"

namespace fs = std::filesystem;
using namespace dane;
using namespace dane::dnssec;

namespace {

constexpr int exit_skip = 77;
constexpr std::size_t expected_sig_vectors = 23;
constexpr std::size_t expected_nsec3_vectors = 19;

struct Tally {
  std::size_t passed = 0, failed = 0;
  bool verbose = false;
  void record(bool ok, const std::string& id, const std::string& detail) {
    if (ok) {
      ++passed;
      if (verbose) std::cout << "ok   " << id << ": " << detail << "\n";
    } else {
      ++failed;
      std::cout << "FAIL " << id << ": " << detail << "\n";
    }
  }
};

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r");
  const auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

/// One "; VECTOR" block of dnssec-sig-vectors.txt.
struct SigVector {
  std::string id, expect;
  std::int64_t now = 0;
  std::size_t line = 0;
  std::vector<std::pair<std::size_t, std::string>> rrs;  ///< (line number, RR text)
};

std::vector<SigVector> read_sig_vectors(std::istream& in, std::vector<std::string>& problems) {
  std::vector<SigVector> out;
  std::string raw;
  std::size_t lineno = 0;
  bool open = false;
  while (std::getline(in, raw)) {
    ++lineno;
    const std::string line = trim(raw);
    if (line.empty()) continue;
    if (line.rfind(";", 0) == 0) {
      const std::string body = trim(line.substr(1));
      if (body.rfind("VECTOR ", 0) == 0) {
        if (open) problems.push_back(fmt::format("line {}: VECTOR inside an open block", lineno));
        out.push_back({});
        out.back().id = trim(body.substr(7));
        out.back().line = lineno;
        open = true;
      } else if (open && body.rfind("now:", 0) == 0) {
        try {
          out.back().now = std::stoll(trim(body.substr(4)));
        } catch (const std::exception&) {
          problems.push_back(fmt::format("line {}: bad now: {}", lineno, body));
        }
      } else if (open && body.rfind("expect:", 0) == 0) {
        out.back().expect = trim(body.substr(7));
      } else if (body == "END") {
        open = false;
      }
      continue;
    }
    if (!open) {
      problems.push_back(fmt::format("line {}: record outside a VECTOR block", lineno));
      continue;
    }
    out.back().rrs.emplace_back(lineno, line);
  }
  if (open) problems.push_back("file ends inside a VECTOR block");
  return out;
}

enum class Verdict { Valid, Invalid, Unsupported };

std::string_view name(Verdict v) {
  switch (v) {
    case Verdict::Valid: return "valid";
    case Verdict::Invalid: return "invalid";
    default: return "unsupported";
  }
}

/// What a validator concludes from one vector under a policy: Valid when
/// some (RRSIG, DNSKEY) pair verifies, Unsupported when every pair was
/// refused for its algorithm, else Invalid. `why` collects the reasons.
Verdict judge(const std::vector<dns::RR>& rrsigs, const std::vector<dns::RRset>& rrsets,
              const std::vector<Dnskey>& keys, Time now, const AlgorithmPolicy& policy, std::string& why) {
  bool any = false, all_unsupported = true;
  for (const auto& rr : rrsigs) {
    const Rrsig sig = Rrsig::from_rdata(rr.rdata);
    const dns::RRset* covered = nullptr;
    for (const auto& set : rrsets)
      if (set.owner == rr.owner && set.type == sig.type_covered && set.rclass == rr.rclass) covered = &set;
    if (covered == nullptr) {
      why = fmt::format("no RRset for {}", rr.to_string());
      all_unsupported = false;
      continue;
    }
    for (const auto& key : keys) {
      const auto check = verify_rrsig(*covered, sig, key, now, policy);
      if (check.result == SigResult::Valid) {
        why = check.reason.text;
        return Verdict::Valid;
      }
      // A key of another tag or algorithm says nothing about support.
      if (check.result == SigResult::Mismatch && (sig.key_tag != key_tag(key) || sig.algorithm != key.algorithm))
        continue;
      any = true;
      if (check.result != SigResult::UnsupportedAlgorithm) all_unsupported = false;
      why = check.reason.text;
    }
  }
  return any && all_unsupported ? Verdict::Unsupported : Verdict::Invalid;
}

void run_sig_vector(const SigVector& v, Tally& tally) {
  std::vector<dns::RR> rrs, rrsigs, others;
  try {
    for (const auto& [line, text] : v.rrs) {
      rrs.push_back(dns::RR::parse(text));
      (rrs.back().type == dns::rrtype::RRSIG ? rrsigs : others).push_back(rrs.back());
    }
  } catch (const std::exception& e) {
    tally.record(false, v.id, fmt::format("does not parse: {}", e.what()));
    return;
  }
  const auto rrsets = dns::group_rrsets(others);
  std::vector<Dnskey> keys;
  std::vector<std::pair<dns::Name, Ds>> dss;
  for (const auto& rr : others) {
    if (rr.type == dns::rrtype::DNSKEY) keys.push_back(Dnskey::from_rdata(rr.rdata));
    if (rr.type == dns::rrtype::DS) dss.emplace_back(rr.owner, Ds::from_rdata(rr.rdata));
  }
  const Time now{std::chrono::seconds(v.now)};

  // The expectation, with the project's one override: no Ed448 in Botan 2.
  std::string expect = v.expect;
  bool no_backend = !rrsigs.empty();
  for (const auto& rr : rrsigs)
    if (algorithm_support(Rrsig::from_rdata(rr.rdata).algorithm) == Support::Supported) no_backend = false;
  if (expect == "valid" && no_backend) expect = "unsupported";

  std::string why_default, why_all;
  const Verdict by_default = judge(rrsigs, rrsets, keys, now, AlgorithmPolicy::rfc8624(), why_default);
  const Verdict by_all = judge(rrsigs, rrsets, keys, now, AlgorithmPolicy::allow_all(), why_all);

  bool ok = false;
  if (expect == "valid") ok = by_default == Verdict::Valid;
  else if (expect == "invalid") ok = by_default == Verdict::Invalid && by_all == Verdict::Invalid;
  else if (expect == "valid-crypto") ok = by_default == Verdict::Unsupported && by_all == Verdict::Valid;
  else if (expect == "unsupported") ok = by_default == Verdict::Unsupported && by_all == Verdict::Unsupported;
  else {
    tally.record(false, v.id, fmt::format("unknown expectation '{}'", v.expect));
    return;
  }

  // Every DS with a supported digest must match one of the vector's DNSKEYs.
  std::string ds_problem;
  std::size_t ds_matched = 0;
  for (const auto& [owner, ds] : dss) {
    bool matched = false;
    for (const auto& key : keys) matched = matched || ds_matches(ds, owner, key);
    if (matched) ++ds_matched;
    else ds_problem += fmt::format(" DS {} {} {} matches no DNSKEY;", ds.key_tag, ds.algorithm, ds.digest_type);
  }

  const std::string detail =
      fmt::format("expect {}{}, default policy {}, allow_all {}{}; {}", expect,
                  expect != v.expect ? " (file: " + v.expect + ", Ed448 has no Botan 2 backend)" : "",
                  name(by_default), name(by_all),
                  dss.empty() ? "" : fmt::format(", {}/{} DS match", ds_matched, dss.size()),
                  ok ? why_default : (why_default + " | allow_all: " + why_all));
  tally.record(ok && ds_problem.empty(), v.id, ds_problem.empty() ? detail : detail + ";" + ds_problem);
}

void run_nsec3_vectors(std::istream& in, Tally& tally, std::size_t& count) {
  std::string raw;
  std::size_t lineno = 0;
  while (std::getline(in, raw)) {
    ++lineno;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    ++count;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string col; std::getline(ss, col, '\t');) cols.push_back(trim(col));
    const std::string id = fmt::format("nsec3-hash-vectors.tsv:{}", lineno);
    if (cols.size() != 4) {
      tally.record(false, id, fmt::format("{} columns, expected 4", cols.size()));
      continue;
    }
    try {
      const auto name = dns::Name::parse(cols[0]);
      const auto salt = cols[1] == "-" ? std::vector<std::uint8_t>{} : Botan::hex_decode(cols[1]);
      const auto iterations = static_cast<std::uint16_t>(std::stoul(cols[2]));
      const std::string got = base32hex(nsec3_hash(name, 1, iterations, salt));
      tally.record(got == cols[3], id,
                   fmt::format("H({}, salt {}, {} iterations) = {}, expected {}", cols[0], cols[1], cols[2], got,
                               cols[3]));
    } catch (const std::exception& e) {
      tally.record(false, id, e.what());
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Checks libdane's DNSSEC primitives against the shared RRSIG and NSEC3 vectors"};
  std::string shared_dir = "../shared";
  Tally tally;
  app.add_option("--shared-dir", shared_dir, "the shared/ folder (holds conformance/vectors/)");
  app.add_flag("-v,--verbose", tally.verbose, "also list passing vectors");
  CLI11_PARSE(app, argc, argv);

  const fs::path dir = fs::path(shared_dir) / "conformance" / "vectors";
  const fs::path sig_file = dir / "dnssec-sig-vectors.txt";
  const fs::path nsec3_file = dir / "nsec3-hash-vectors.tsv";
  if (!fs::exists(fs::path(shared_dir) / "conformance")) {
    std::cout << "SKIP: conformance data not found at " << (fs::path(shared_dir) / "conformance").string() << "\n";
    return exit_skip;
  }

  std::vector<std::string> problems;
  std::ifstream sig_in(sig_file);
  if (!sig_in) problems.push_back(sig_file.string() + ": cannot open");
  const auto vectors = read_sig_vectors(sig_in, problems);
  if (sig_in && vectors.size() != expected_sig_vectors)
    problems.push_back(fmt::format("{}: {} vectors read, expected {}", sig_file.string(), vectors.size(),
                                   expected_sig_vectors));
  for (const auto& v : vectors) run_sig_vector(v, tally);

  std::ifstream nsec3_in(nsec3_file);
  std::size_t nsec3_count = 0;
  if (!nsec3_in) problems.push_back(nsec3_file.string() + ": cannot open");
  run_nsec3_vectors(nsec3_in, tally, nsec3_count);
  if (nsec3_in.eof() && nsec3_count != expected_nsec3_vectors)
    problems.push_back(fmt::format("{}: {} hashes read, expected {}", nsec3_file.string(), nsec3_count,
                                   expected_nsec3_vectors));

  for (const auto& p : problems) tally.record(false, "data", p);
  std::cout << tally.passed << " passed, " << tally.failed << " failed\n";
  return tally.failed == 0 ? 0 : 1;
}
