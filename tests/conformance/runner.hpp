/*
 * Runs parsed danetest cases through dane::verify_chain under one profile
 * and reports each failing case on one line.
 */
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "danetest_file.hpp"
#include "dane/match.hpp"
#include "dane/time.hpp"

namespace conformance {

/// One danetest file with the context OpenSSL's driver gives it.
struct Suite {
  DanetestFile file;                      ///< the parsed cases
  std::string base_domain;                ///< danetest argv[1]: the reference name
  std::vector<dane::Certificate> cafile;  ///< danetest argv[2]: PKIX trust anchors
};

/// Pass / fail counts.
struct Tally {
  std::size_t passed = 0;
  std::size_t failed = 0;
  Tally& operator+=(const Tally& o) {
    passed += o.passed;
    failed += o.failed;
    return *this;
  }
};

/**
 * The options OpenSSL's danetest driver amounts to, for one case:
 * digests SHA2-256 preferred over SHA2-512 (the driver's
 * SSL_CTX_dane_mtype_set override), reference name = base domain. Generic
 * adds ee_name_checks = !nonamechecks and the CAfile as PKIX trust anchors;
 * smtp adds nothing (the profile decides both).
 */
dane::MatchOptions options_for(dane::Profile profile, const Suite& suite, const DanetestCase& c);

/**
 * Runs every case of suite under profile at time now. Incomplete cases (parse
 * problems) count as failed. Prints one line per failing case to out, and
 * with verbose one line per passing case too.
 */
Tally run_suite(const Suite& suite, dane::Profile profile, dane::Time now, bool verbose, std::ostream& out);

/// "N passed, N failed".
std::string format_tally(const Tally& t);

}  // namespace conformance
