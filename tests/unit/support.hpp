/*
 * Shared helpers for the unit tests: pinned times, a small pool of sample
 * chains from the deterministic test CA, and association data computed
 * independently of libdane (with Botan directly, or with the openssl CLI).
 */
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "dane/dane.hpp"
#include "dane/sim/pki.hpp"

namespace dane::test {

/// The leaf name used by the sample chains and the reference identifier of the tests.
inline const std::string mx_name = "mail.example.com";

/// A UTC calendar date at midnight.
Time date(int year, unsigned month, unsigned day);

/// The leaf validity of the standard chain (2024-01-01 .. 2025-01-01) and
/// the pinned verification time inside it (2024-06-01).
Time leaf_from();
Time leaf_until();
Time now();

/// A sample chain for mx_name from seed 42 (built once, shared).
const sim::SampleChain& standard_chain();
/// A different hierarchy (seed 7) with the same names: its objects never match the standard chain.
const sim::SampleChain& other_chain();
/// Chains for the property tests: P-256, Ed25519 and P-384 hierarchies (built once).
const std::vector<sim::SampleChain>& chain_pool();

/// SPKI DER of cert, computed by Botan from the DER certificate (not by libdane).
std::vector<std::uint8_t> botan_spki(const Certificate& cert);
/// The RFC 6698 association data, computed with Botan: the DER or SPKI,
/// raw or hashed with SHA-256 / SHA-512.
std::vector<std::uint8_t> expected_data(const Certificate& cert, Selector selector, MatchingType mtype);
/// A TLSA record built from expected_data.
Tlsa expected_record(const Certificate& cert, Usage usage, Selector selector, MatchingType mtype);

/// Lower-case hex (Botan::hex_encode).
std::string hex(const std::vector<std::uint8_t>& bytes);
/// Upper-case hex (Botan::hex_encode).
std::string upper_hex(const std::vector<std::uint8_t>& bytes);

/**
 * The digest the openssl command line tool computes for cert:
 * selector Cert -> `openssl x509 -outform DER | openssl dgst -<alg>`,
 * selector SPKI -> `openssl x509 -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -<alg>`.
 * Returns lower-case hex, or nullopt when openssl is not available.
 */
std::optional<std::string> openssl_digest(const Certificate& cert, Selector selector, MatchingType mtype);

/// Runs a shell command and returns its standard output, or nullopt when it exits non-zero.
std::optional<std::string> run_command(const std::string& command);

/// Matcher options for the SMTP profile with mx_name as the reference identifier.
MatchOptions smtp_options();
/// Generic-profile options with mx_name and the standard chain's root as PKIX trust anchor.
MatchOptions generic_options();

}  // namespace dane::test

namespace dane {
// How Boost.Test prints libdane values in failure messages (found by ADL).
inline std::ostream& boost_test_print_type(std::ostream& os, Usage v) { return os << static_cast<int>(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, Selector v) { return os << static_cast<int>(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, MatchingType v) { return os << static_cast<int>(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, const Tlsa& v) { return os << v.to_string(); }
inline std::ostream& boost_test_print_type(std::ostream& os, MatchStatus v) { return os << to_string(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, RecordOutcome v) { return os << to_string(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, Failure v) { return os << to_string(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, Profile v) { return os << to_string(v); }
inline std::ostream& boost_test_print_type(std::ostream& os, const Certificate& v) { return os << v.subject(); }
}  // namespace dane
