/*
 * libdane: rendering results. The CLI, the logs and the Python module print
 * these, so a decision is described the same way everywhere.
 */
#pragma once

#include <string>

#include "dane/match.hpp"

namespace dane {

/// A JSON object with the whole result (status, failure, matched record,
/// depth, path, and every record's outcome, reason and rule).
std::string to_json(const MatchResult& result);

/// Human-readable lines: the summary, then one line per record
/// ("  [1] 3 1 1 9F2A...: matched at depth 0 (RFC 7672 §3.1.1)").
std::string to_text(const MatchResult& result);

}  // namespace dane
