/*
 * dane::sim: replays of testbound / Deckard `.rpl` scenarios
 * (dnssec-rules.md §2-3) against the simulator's validating
 * RecursiveResolver. The config header becomes a ResolverConfig (trust
 * anchors, clock, stubs, negative anchors, NSEC3 iteration limit, the
 * fake-sha1 test hook), each RANGE a scripted authoritative server on the
 * simulated network, and each CHECK_ANSWER a comparison in Deckard's terms:
 * flags and rcode, sections as multisets with TTLs ignored and owner names
 * compared without case, EDE when the MATCH line names one.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "dane/dns/message.hpp"
#include "dane/dns/rr.hpp"
#include "dane/sim/network.hpp"
#include "dane/time.hpp"

namespace dane::sim::replay {

/// Input limits (every count a file controls).
struct Limits {
  std::size_t max_file_size = 8u << 20;  ///< octets
  std::size_t max_lines = 200'000;
  std::size_t max_entries = 20'000;      ///< ENTRY blocks in the whole file
  std::size_t max_steps = 10'000;
  std::size_t max_section_rrs = 2'000;   ///< records in one SECTION
  std::int64_t max_elapse = 10LL * 365 * 86'400;  ///< seconds one TIME_PASSES may move the clock
};

/// One ENTRY: match keys, adjustments and the packet.
struct Entry {
  std::set<std::string> match;    ///< MATCH keys, lower-cased ("opcode", "qname", "all", ...)
  std::optional<std::uint16_t> match_ede;  ///< MATCH ede=N
  bool match_ede_any = false;     ///< MATCH ede=any
  std::set<std::string> adjust;   ///< ADJUST keys ("copy_id", "copy_query", ...)
  dns::Message message;           ///< REPLY flags / rcode and the sections
  std::optional<std::vector<std::uint8_t>> raw;  ///< HEX_ANSWER: a wire reply used as is
  std::size_t line = 0;           ///< where ENTRY_BEGIN was
};

/// A RANGE: a scripted server valid for steps [first, last].
struct Range {
  std::size_t first = 0, last = 0;
  std::vector<Address> addresses;  ///< empty: any address
  std::vector<Entry> entries;
  std::size_t line = 0;
};

/// One STEP.
struct Step {
  enum class Kind { Query, CheckAnswer, TimePasses, Traffic, Unsupported };
  std::size_t id = 0;
  Kind kind = Kind::Unsupported;
  std::string type;                ///< the STEP type as written
  std::optional<Entry> entry;      ///< QUERY / CHECK_ANSWER
  std::int64_t elapse_ms = 0;      ///< TIME_PASSES ELAPSE (fractional seconds allowed), in milliseconds
  std::size_t line = 0;
};

/// The config header, reduced to what the resolver needs.
struct Config {
  std::vector<dns::RR> trust_anchors;   ///< trust-anchor: DS / DNSKEY
  std::optional<Time> start;            ///< val-override-date / val-override-timestamp
  /// val-override-date "-1": testbound turns the RRSIG date checks off
  /// (AlgorithmPolicy::ignore_signature_dates, a test-only switch).
  bool ignore_dates = false;
  bool fake_sha1 = false;               ///< alg 3/5/6/7 signatures taken as valid
  struct Stub {
    dns::Name zone;
    std::vector<Address> addresses;
  };
  std::vector<Stub> stubs;              ///< stub-zone / forward-zone / Deckard's stub-addr
  std::vector<dns::Name> domain_insecure;
  std::optional<std::uint16_t> max_nsec3_iterations;  ///< val-nsec3-keysize-iterations (lowest count)
  /// aggressive-nsec: Unbound's default is yes since 1.15 (RFC 8198).
  bool aggressive_nsec = true;
  bool qname_minimisation = false;
  bool harden_dnssec_stripped = true;   ///< harden-dnssec-stripped (Unbound's default yes)
  bool harden_algo_downgrade = false;   ///< harden-algo-downgrade (Unbound's default no)
  /// minimal-responses (unset: the resolver's default, yes for Unbound
  /// and for the Deckard expectations).
  std::optional<bool> minimal_responses;
  bool harden_unknown_additional = false;  ///< harden-unknown-additional
  /// The header is an unbound.conf with a "server:" clause (testbound);
  /// Deckard's abstract header has none. testbound's client asks with an
  /// EDNS buffer of 1232 (testpkts.c add_edns), Deckard's with 4096.
  bool testbound = false;
  std::vector<std::string> ignored;     ///< keys read but without effect here
};

/// A parsed scenario.
struct Scenario {
  std::string name;   ///< the file name
  std::string title;  ///< SCENARIO_BEGIN text
  Config config;
  std::vector<Range> ranges;
  std::vector<Step> steps;
};

/**
 * Parses a scenario (testbound's testcode/replay.h and testpkts.h format,
 * Deckard's variant). Sections are read with dns::parse_zone.
 * @throws InputError naming the file, line and problem for malformed input
 *   or input over a limit.
 */
Scenario parse(std::string_view text, const std::string& name, const Limits& limits = {});

/// The verdict on one file.
struct FileResult {
  enum class Status { Pass, Fail, Skipped, Error };
  std::string file;
  Status status = Status::Error;
  std::string title;
  /// Fail: the first difference, then both messages; Skipped / Error: the reason.
  std::string detail;
  std::size_t checks = 0;         ///< CHECK_ANSWER steps run
  std::size_t checks_passed = 0;
};

/// "pass", "fail", "skipped", "error".
std::string_view to_string(FileResult::Status s) noexcept;

/**
 * Runs a parsed scenario: a fresh clock, network and validating resolver.
 * A file with a step type other than QUERY, CHECK_ANSWER, TIME_PASSES and
 * TRAFFIC (a no-op here) is Skipped, naming the step.
 */
FileResult run(const Scenario& scenario);

/// Reads, parses and runs one file; unreadable or malformed files are Error.
FileResult run_file(const std::string& path, const Limits& limits = {});

/**
 * Compares a response with a CHECK_ANSWER entry as Deckard does.
 * @returns the first difference, or nullopt when they match.
 */
std::optional<std::string> compare(const Entry& expected, const dns::Message& actual);

}  // namespace dane::sim::replay
