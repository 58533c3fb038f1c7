/*
 * dane::sim internals: RFC 5321 §4.2 reply parsing shared by the simulated
 * SMTP client and the on-path attacker.
 */
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace dane::sim::detail {

/// One complete SMTP reply.
struct Reply {
  int code = 0;                    ///< the three-digit code (0 when malformed)
  std::vector<std::string> lines;  ///< each line as sent, without CRLF ("250-PIPELINING")
  /// The text of every line after the code and separator.
  std::vector<std::string> texts() const;
  /// The last line's text ("2.0.0 Ok: queued as 3F2A1B4C5D").
  std::string last_text() const;
  /// "250 2.0.0 Ok: queued as X" (the last line).
  std::string last_line() const;
};

/// Limits on replies the peer controls.
struct ReplyLimits {
  std::size_t max_line = 1000;   ///< RFC 5321 §4.5.3.1.5: reply line at most 512; lenient
  std::size_t max_lines = 100;
};

/// Result of looking for a reply in a buffer.
enum class ReplyScan { Complete, Incomplete, Malformed };

/**
 * RFC 5321 §4.2.1: a reply is lines "ddd-text" ending with one "ddd text"
 * (or "ddd"). Removes one complete reply from the front of buf into out.
 * Malformed: a line without a three-digit code, codes that change within a
 * reply, or a limit exceeded.
 */
ReplyScan take_reply(std::string& buf, Reply& out, const ReplyLimits& limits = {});

/// Takes one CRLF-terminated line (without the CRLF; a bare LF is accepted) from the front of buf.
std::optional<std::string> take_line(std::string& buf);

}  // namespace dane::sim::detail
