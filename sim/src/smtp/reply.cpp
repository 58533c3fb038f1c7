/*
 * dane::sim internals: RFC 5321 §4.2 reply parsing.
 */
#include "reply.hpp"

#include <cctype>

namespace dane::sim::detail {

namespace {

/// The text after "ddd-" / "ddd " (empty for a bare "ddd").
std::string text_of(const std::string& line) { return line.size() > 4 ? line.substr(4) : std::string(); }

/// RFC 5321 §4.2: three digits, then '-' (more lines follow), ' ' or the end of the line.
bool well_formed(const std::string& line) {
  if (line.size() < 3) return false;
  for (int i = 0; i < 3; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(line[static_cast<std::size_t>(i)]))) return false;
  }
  return line.size() == 3 || line[3] == ' ' || line[3] == '-';
}

}  // namespace

std::vector<std::string> Reply::texts() const {
  std::vector<std::string> out;
  for (const auto& l : lines) out.push_back(text_of(l));
  return out;
}

std::string Reply::last_text() const { return lines.empty() ? std::string() : text_of(lines.back()); }
std::string Reply::last_line() const { return lines.empty() ? std::string() : lines.back(); }

std::optional<std::string> take_line(std::string& buf) {
  const auto lf = buf.find('\n');
  if (lf == std::string::npos) return std::nullopt;
  std::string line = buf.substr(0, lf);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  buf.erase(0, lf + 1);
  return line;
}

ReplyScan take_reply(std::string& buf, Reply& out, const ReplyLimits& limits) {
  std::size_t pos = 0;
  std::vector<std::string> lines;
  while (true) {
    const auto lf = buf.find('\n', pos);
    if (lf == std::string::npos) {
      return buf.size() - pos > limits.max_line ? ReplyScan::Malformed : ReplyScan::Incomplete;
    }
    std::string line = buf.substr(pos, lf - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() > limits.max_line || !well_formed(line)) return ReplyScan::Malformed;
    if (!lines.empty() && line.compare(0, 3, lines.front(), 0, 3) != 0) return ReplyScan::Malformed;
    lines.push_back(std::move(line));
    pos = lf + 1;
    if (lines.size() > limits.max_lines) return ReplyScan::Malformed;
    if (lines.back().size() == 3 || lines.back()[3] == ' ') break;
  }
  out.code = std::stoi(lines.front().substr(0, 3));
  out.lines = std::move(lines);
  buf.erase(0, pos);
  return ReplyScan::Complete;
}

}  // namespace dane::sim::detail
