/*
 * dane demo [--seed N] [--json]: the RFC rules on a simulated PKI.
 *
 * A seeded dane::sim::Pki builds the chains (a good leaf for
 * mail.example.com, an expired leaf, a wrong-name leaf, a renewed leaf with a
 * new key), dane::make_tlsa builds the records, and dane::verify_chain judges
 * each case at a pinned time. The "expected" column is written here from the
 * RFCs, not taken from the library; any case whose actual verdict differs
 * makes the demo exit 1. Same seed, same bytes: nothing here reads the clock.
 */
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "dane/generate.hpp"
#include "dane/match.hpp"
#include "dane/report.hpp"
#include "dane/sim/pki.hpp"
#include "dane/time.hpp"

namespace dane_cli {

namespace {

using dane::Failure;
using dane::MatchingType;
using dane::MatchStatus;
using dane::Selector;
using dane::Usage;

struct DemoOptions {
  std::uint64_t seed = 2026;
  bool json = false;
};

/// What the RFCs say a case must give.
struct Expected {
  MatchStatus status;
  Failure failure;
  std::optional<int> depth;  ///< checked when set (the verified cases)
  std::string why;           ///< the rule, for the reader
};

struct Case {
  std::string name;
  std::vector<dane::Tlsa> records;
  dane::Chain chain;
  Expected expected;
  std::vector<MatchingType> digests{MatchingType::Sha2_512, MatchingType::Sha2_256};
};

/// "Verified", "Mismatch (name-mismatch)", "NoUsableRecords".
std::string verdict(MatchStatus status, Failure failure) {
  if (status == MatchStatus::Mismatch) {
    return fmt::format("{} ({})", dane::to_string(status), dane::to_string(failure));
  }
  return std::string(dane::to_string(status));
}

/// "3 1 1 + 3 1 2": the parameters of each record.
std::string parameters(const std::vector<dane::Tlsa>& records) {
  std::string out;
  for (const dane::Tlsa& r : records) {
    out += fmt::format("{}{} {} {}", out.empty() ? "" : " + ", static_cast<int>(r.usage()),
                       static_cast<int>(r.selector()), static_cast<int>(r.matching_type()));
  }
  return out;
}

bool as_expected(const Expected& e, const dane::MatchResult& r) {
  return r.status == e.status && r.failure == e.failure && (!e.depth || *e.depth == r.depth);
}

std::vector<Case> build_cases(std::uint64_t seed, dane::Time now) {
  namespace sim = dane::sim;
  using std::chrono::days;
  sim::Pki pki(seed);
  const sim::SampleChain good = sim::make_sample_chain(pki, {"mail.example.com"}, now - days(90), now + days(90));
  const auto leaf_spec = [&](std::string name, dane::Time from, dane::Time until) {
    sim::CertSpec spec;
    spec.common_name = name;
    spec.dns_names = {name};
    spec.not_before = from;
    spec.not_after = until;
    return spec;
  };
  const sim::Issued expired =
      pki.issue(leaf_spec("mail.example.com", now - days(365), now - days(185)), good.intermediate);
  const sim::Issued wrong_name = pki.issue(leaf_spec("www.example.net", now - days(90), now + days(90)),
                                           good.intermediate);
  const sim::Issued next = pki.issue(leaf_spec("mail.example.com", now - days(10), now + days(170)),
                                     good.intermediate);
  const dane::Certificate& leaf = good.leaf.certificate;
  const dane::Certificate& inter = good.intermediate.certificate;
  const dane::Certificate& root = good.root.certificate;
  const dane::Chain served = good.without_root();

  const auto ee = [](const dane::Certificate& c, Selector s = Selector::Spki, MatchingType m = MatchingType::Sha2_256) {
    return dane::make_tlsa(c, Usage::DaneEe, s, m);
  };
  const auto ta = [](const dane::Certificate& c, Selector s = Selector::Spki, MatchingType m = MatchingType::Sha2_256) {
    return dane::make_tlsa(c, Usage::DaneTa, s, m);
  };
  // A 3 1 2 record carrying a SHA2-256 value: malformed (RFC 6698 §2.1.3).
  const dane::Tlsa short_512(Usage::DaneEe, Selector::Spki, MatchingType::Sha2_512,
                             dane::association_data(leaf, Selector::Spki, MatchingType::Sha2_256));

  const auto verified = [](int depth, std::string why) {
    return Expected{MatchStatus::Verified, Failure::None, depth, std::move(why)};
  };
  const auto mismatch = [](Failure f, std::string why) {
    return Expected{MatchStatus::Mismatch, f, std::nullopt, std::move(why)};
  };
  const Expected no_usable{MatchStatus::NoUsableRecords, Failure::NoUsableRecords, std::nullopt, ""};
  const auto unusable = [&](std::string why) {
    Expected e = no_usable;
    e.why = std::move(why);
    return e;
  };

  std::vector<Case> cases;
  cases.push_back({"3 1 1 on valid chain", {ee(leaf)}, served,
                   verified(0, "DANE-EE matches the leaf's key (RFC 7672 §3.1.1)")});
  cases.push_back({"3 0 1 on valid chain", {ee(leaf, Selector::Cert)}, served,
                   verified(0, "selector 0: digest of the whole certificate (RFC 6698 §2.1.2)")});
  cases.push_back({"3 1 2 on valid chain", {ee(leaf, Selector::Spki, MatchingType::Sha2_512)}, served,
                   verified(0, "SHA2-512 digest (RFC 6698 §2.1.3)")});
  cases.push_back({"3 1 1 on expired leaf", {ee(expired.certificate)}, {expired.certificate, inter},
                   verified(0, "DANE-EE ignores dates (RFC 7672 §3.1.1)")});
  cases.push_back({"3 1 1 on wrong-name leaf", {ee(wrong_name.certificate)}, {wrong_name.certificate, inter},
                   verified(0, "DANE-EE ignores names (RFC 7672 §3.1.1)")});
  cases.push_back({"3 1 1 of another key", {ee(wrong_name.certificate)}, served,
                   mismatch(Failure::NoMatch, "the served key is not the published one (RFC 6698 §2.1)")});
  cases.push_back({"3 0 1 holding the SPKI digest", {dane::Tlsa(Usage::DaneEe, Selector::Cert, MatchingType::Sha2_256,
                                                                ee(leaf).data())},
                   served, mismatch(Failure::NoMatch, "selector does not fit the data (RFC 6698 §2.1.2)")});
  cases.push_back({"2 1 1 intermediate", {ta(inter)}, served,
                   verified(1, "DANE-TA: path from the leaf to the matched CA (RFC 7672 §3.1.2)")});
  cases.push_back({"2 1 1 root, root sent", {ta(root)}, good.full(),
                   verified(2, "DANE-TA at the top of the chain (RFC 7671 §5.2)")});
  cases.push_back({"2 1 1 intermediate, wrong name", {ta(inter)}, {wrong_name.certificate, inter},
                   mismatch(Failure::NameMismatch, "DANE-TA requires a name match (RFC 7672 §3.2.2)")});
  cases.push_back({"2 1 1 intermediate, expired leaf", {ta(inter)}, {expired.certificate, inter},
                   mismatch(Failure::CertificateExpired, "the path below a DANE-TA is checked (RFC 7671 §5.2)")});
  cases.push_back({"2 1 1 root not sent", {ta(root)}, served,
                   mismatch(Failure::NoMatch, "TA not presented: the server must send it (RFC 7671 §5.2.2)")});
  cases.push_back({"2 1 1 intermediate not sent", {ta(inter)}, {leaf},
                   mismatch(Failure::NoMatch, "TA not presented (RFC 7672 §3.1.2)")});
  cases.push_back({"2 1 1 of the leaf itself", {ta(leaf)}, served,
                   mismatch(Failure::NoMatch, "a TA record never matches the leaf (RFC 7671 §5.2)")});
  cases.push_back({"2 1 0 bare root key, root not sent", {ta(root, Selector::Spki, MatchingType::Full)}, served,
                   verified(1, "key from DNS signs the top cert (RFC 7671 §5.2.2, danetest case 50)")});
  cases.push_back({"2 0 0 root cert in DNS, root not sent", {ta(root, Selector::Cert, MatchingType::Full)}, served,
                   verified(2, "cert from DNS completes the path (RFC 7671 §5.2.2, danetest case 47)")});
  cases.push_back({"wrong 3 1 2 hides good 3 1 1",
                   {ee(leaf), ee(wrong_name.certificate, Selector::Spki, MatchingType::Sha2_512)}, served,
                   mismatch(Failure::NoMatch, "digest agility: only the strongest digest is used (RFC 7671 §9)")});
  cases.push_back({"good 3 1 2 beside wrong 3 1 1",
                   {ee(wrong_name.certificate), ee(leaf, Selector::Spki, MatchingType::Sha2_512)}, served,
                   verified(0, "digest agility picks SHA2-512 (RFC 7671 §9)")});
  {
    Case c{"wrong 3 1 2 + good 3 1 1, sha256 only",
           {ee(leaf), ee(wrong_name.certificate, Selector::Spki, MatchingType::Sha2_512)}, served,
           verified(0, "a disabled digest is unusable (RFC 7672 §5, Postfix tls_dane_digests)")};
    c.digests = {MatchingType::Sha2_256};
    cases.push_back(std::move(c));
  }
  cases.push_back({"only PKIX-EE records", {dane::make_tlsa(leaf, Usage::PkixEe)}, served,
                   unusable("PKIX usages are unusable for SMTP (RFC 7672 §3.1.3)")});
  cases.push_back({"3 1 2 holding a SHA2-256 value", {short_512}, served,
                   unusable("wrong digest length: malformed, discarded (RFC 7671 §9)")});
  {
    const std::vector<dane::Tlsa> set = dane::rollover_tlsa(leaf, next.certificate);
    cases.push_back({"rollover set current+next, current served", set, served,
                     verified(0, "publish current and next key (RFC 7671 §8.1)")});
    cases.push_back({"rollover set current+next, next served", set, {next.certificate, inter},
                     verified(0, "either key of the set matches (RFC 7671 §8.1)")});
  }
  return cases;
}

int run_demo(const DemoOptions& o) {
  const dane::Time now = dane::parse_time("2026-01-01T00:00:00Z");  // pinned: output must not depend on the clock
  const std::vector<Case> cases = build_cases(o.seed, now);

  std::size_t good = 0;
  nlohmann::json json_cases = nlohmann::json::array();
  std::string table = fmt::format("dane demo: seed {}, time {}, reference name mail.example.com, profile smtp\n\n",
                                  o.seed, dane::format_time(now));
  table += fmt::format("{:>2}  {:<42} {:<13} {:<31} {:<31} {:>5}  {}\n", "#", "case", "records", "expected",
                       "actual", "depth", "ok");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    dane::MatchOptions options;
    options.reference_names = {"mail.example.com"};
    options.digests = c.digests;
    const dane::MatchResult result = dane::verify_chain(c.chain, c.records, now, options);
    const bool ok = as_expected(c.expected, result);
    good += ok ? 1 : 0;

    const std::string expected = verdict(c.expected.status, c.expected.failure) +
                                 (c.expected.depth ? fmt::format(" @{}", *c.expected.depth) : "");
    table += fmt::format("{:>2}  {:<42} {:<13} {:<31} {:<31} {:>5}  {}\n", i + 1, c.name, parameters(c.records),
                         expected, verdict(result.status, result.failure), result.depth, ok ? "ok" : "DIFFERS");
    table += fmt::format("    why: {}\n    got: {}\n", c.expected.why, result.summary());

    nlohmann::json records = nlohmann::json::array();
    for (const dane::Tlsa& r : c.records) {
      records.push_back(r.to_string());
    }
    nlohmann::json expected_json{{"status", dane::to_string(c.expected.status)},
                                 {"failure", dane::to_string(c.expected.failure)},
                                 {"why", c.expected.why}};
    expected_json["depth"] = c.expected.depth ? nlohmann::json(*c.expected.depth) : nlohmann::json(nullptr);
    json_cases.push_back({{"name", c.name},
                          {"records", records},
                          {"expected", expected_json},
                          {"actual", nlohmann::json::parse(dane::to_json(result))},
                          {"as_expected", ok}});
  }
  const bool all = good == cases.size();
  if (o.json) {
    const nlohmann::json out{{"seed", o.seed},
                             {"time", dane::format_time(now)},
                             {"cases", json_cases},
                             {"as_expected", good},
                             {"total", cases.size()},
                             {"all_as_expected", all}};
    std::cout << out.dump(2) << '\n';
  } else {
    table += fmt::format("\n{} of {} cases as expected\n", good, cases.size());
    std::cout << table;
  }
  return all ? exit_ok : exit_fail;
}

}  // namespace

Command register_demo(CLI::App& app) {
  auto opts = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand("demo", "Run the RFC cases on a simulated PKI (deterministic)");
  cmd->add_option("--seed", opts->seed, "Seed of the simulated CA")->capture_default_str()->type_name("N");
  cmd->add_flag("--json", opts->json, "Print the cases as JSON");
  return {cmd, [opts] { return run_demo(*opts); }};
}

}  // namespace dane_cli
