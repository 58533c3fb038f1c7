#include "danetest_file.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <exception>
#include <optional>

#include "dane/error.hpp"

namespace conformance {
namespace {

constexpr std::string_view pem_begin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view pem_end = "-----END CERTIFICATE-----";

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

/// Drops trailing white space (including a CR from CRLF files), as danetest.c does.
std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view trim(std::string_view s) {
  s = trim_right(s);
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  return s;
}

/// The file as lines (without their newline); line n is lines[n - 1].
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    if (nl == std::string_view::npos) {
      lines.push_back(trim_right(text));
      break;
    }
    lines.push_back(trim_right(text.substr(0, nl)));
    text.remove_prefix(nl + 1);
  }
  return lines;
}

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    const std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

std::optional<int> to_int(std::string_view word) {
  int value = 0;
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc{} || end != word.data() + word.size()) return std::nullopt;
  return value;
}

/// Does this (trimmed) line begin like "<digit(s)> <digit(s)> <digit(s)> ..."?
bool looks_like_record(std::string_view line) {
  const auto words = split_words(line);
  if (words.size() < 4) return false;
  for (std::size_t i = 0; i < 3; ++i)
    if (!to_int(words[i])) return false;
  return true;
}

/// Walks the lines of one file and collects cases and problems.
class Parser {
 public:
  Parser(std::string_view text, std::string_view name) : lines_(split_lines(text)) { file_.name = name; }

  DanetestFile run() {
    while (next_ < lines_.size()) {
      const std::string_view line = lines_[next_];
      const std::size_t lineno = ++next_;
      if (trim(line).empty() || line.front() == '#') continue;
      parse_case(line, lineno);
    }
    return std::move(file_);
  }

 private:
  void problem(std::size_t line, std::string message) { file_.problems.push_back({line, std::move(message)}); }

  /// After a broken header: skip to the next blank line, where the next case starts.
  void resync() {
    while (next_ < lines_.size() && !trim(lines_[next_]).empty()) ++next_;
  }

  bool parse_header(std::string_view line, std::size_t lineno, DanetestCase& c) {
    const auto words = split_words(line);
    if (words.size() != 5) {
      problem(lineno, fmt::format("malformed header '{}': expected 5 integers "
                                  "'<ntlsa> <ncert> <nonamechecks> <want_err> <want_depth>', found {} fields",
                                  line, words.size()));
      return false;
    }
    int v[5];
    static constexpr const char* field_names[5] = {"ntlsa", "ncert", "nonamechecks", "want_err", "want_depth"};
    for (std::size_t i = 0; i < 5; ++i) {
      const auto n = to_int(words[i]);
      if (!n) {
        problem(lineno, fmt::format("malformed header '{}': field {} ({}) '{}' is not an integer", line, i + 1,
                                    field_names[i], words[i]));
        return false;
      }
      v[i] = *n;
    }
    bool ok = true;
    auto require = [&](bool cond, std::string what) {
      if (!cond) {
        problem(lineno, fmt::format("header '{}': {}", line, what));
        ok = false;
      }
    };
    require(v[0] >= 0 && v[0] <= 64, fmt::format("ntlsa {} is outside 0..64", v[0]));
    require(v[1] >= 1 && v[1] <= 64, fmt::format("ncert {} is outside 1..64", v[1]));
    require(v[2] == 0 || v[2] == 1, fmt::format("nonamechecks {} is neither 0 nor 1", v[2]));
    require(v[3] == 0 || v[3] == 20 || v[3] == 62 || v[3] == 65,
            fmt::format("want_err {} is not one this suite maps (0, 20, 62, 65)", v[3]));
    require(v[4] >= -1 && v[4] <= 64, fmt::format("want_depth {} is outside -1..64", v[4]));
    if (!ok) return false;
    c.ntlsa = v[0];
    c.ncert = v[1];
    c.nonamechecks = v[2] == 1;
    c.want_err = v[3];
    c.want_depth = v[4];
    return true;
  }

  /// Reads exactly ntlsa lines, each one TLSA record (no comment skipping, as in danetest.c).
  bool parse_records(DanetestCase& c) {
    bool ok = true;
    for (int i = 0; i < c.ntlsa; ++i) {
      if (next_ >= lines_.size()) {
        problem(lines_.size(), fmt::format("case {}: end of file after {} of {} TLSA records", c.number, i, c.ntlsa));
        return false;
      }
      const std::string_view line = lines_[next_];
      const std::size_t lineno = ++next_;
      try {
        c.tlsa.push_back(dane::Tlsa::parse(line));
        c.tlsa_lines.push_back(lineno);
      } catch (const dane::Error& e) {
        problem(lineno, fmt::format("case {}: TLSA record {} of {}: {}", c.number, i + 1, c.ntlsa, e.what()));
        ok = false;
      } catch (const std::exception& e) {
        problem(lineno, fmt::format("case {}: TLSA record {} of {}: non-dane exception (library bug): {}", c.number,
                                    i + 1, c.ntlsa, e.what()));
        ok = false;
      }
    }
    return ok;
  }

  /// Reads one PEM certificate, skipping any text before it.
  bool parse_certificate(DanetestCase& c, int index) {
    std::size_t begin_line = 0;
    while (next_ < lines_.size()) {
      const std::string_view line = trim(lines_[next_]);
      const std::size_t lineno = ++next_;
      if (line == pem_begin) {
        begin_line = lineno;
        break;
      }
      if (looks_like_record(line)) c.ignored_record_lines.push_back(lineno);
    }
    if (begin_line == 0) {
      problem(lines_.size(), fmt::format("case {}: end of file before certificate {} of {} (no '{}' line)", c.number,
                                         index + 1, c.ncert, pem_begin));
      return false;
    }
    std::string pem{pem_begin};
    pem += '\n';
    bool ended = false;
    while (next_ < lines_.size()) {
      const std::string_view line = trim(lines_[next_]);
      ++next_;
      pem += line;
      pem += '\n';
      if (line == pem_end) {
        ended = true;
        break;
      }
      if (line.starts_with("-----")) break;  // another PEM boundary: the block is broken
    }
    if (!ended) {
      problem(begin_line, fmt::format("case {}: certificate {} of {} has no '{}' line", c.number, index + 1, c.ncert,
                                      pem_end));
      return false;
    }
    try {
      c.chain.push_back(dane::Certificate::from_pem(pem, fmt::format("{}:{}", file_.name, begin_line)));
    } catch (const dane::Error& e) {
      problem(begin_line, fmt::format("case {}: certificate {} of {}: {}", c.number, index + 1, c.ncert, e.what()));
      return false;
    } catch (const std::exception& e) {
      problem(begin_line, fmt::format("case {}: certificate {} of {}: non-dane exception (library bug): {}", c.number,
                                      index + 1, c.ncert, e.what()));
      return false;
    }
    return true;
  }

  void parse_case(std::string_view header, std::size_t lineno) {
    DanetestCase c;
    c.number = static_cast<int>(file_.cases.size()) + 1;
    c.line = lineno;
    if (!parse_header(header, lineno, c)) {
      // Keep the block as an incomplete case so that later cases keep their numbers.
      resync();
      file_.cases.push_back(std::move(c));
      return;
    }
    bool ok = parse_records(c);
    for (int i = 0; i < c.ncert; ++i) {
      if (!parse_certificate(c, i)) {
        ok = false;
        break;
      }
    }
    c.complete = ok;
    file_.cases.push_back(std::move(c));
  }

  std::vector<std::string_view> lines_;
  std::size_t next_ = 0;  // index of the next unread line
  DanetestFile file_;
};

}  // namespace

DanetestFile parse_danetest(std::string_view text, std::string_view name) { return Parser(text, name).run(); }

std::string describe(const DanetestFile& file, const ParseProblem& problem) {
  if (problem.line == 0) return fmt::format("{}: {}", file.name, problem.message);
  return fmt::format("{}:{}: {}", file.name, problem.line, problem.message);
}

}  // namespace conformance
