// dane::sim::replay: the .rpl parser (testbound replay.h / testpkts.h, Deckard's variant).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <chrono>

#include <botan/hex.h>
#include <fmt/format.h>

#include "dane/error.hpp"
#include "dane/sim/replay.hpp"

namespace dane::sim::replay {

namespace {

/// The file's lines, with line numbers, consumed front to back.
class Lines {
 public:
  Lines(std::string_view text, std::string name, const Limits& limits) : name_(std::move(name)) {
    std::size_t start = 0;
    while (start <= text.size()) {
      if (lines_.size() >= limits.max_lines) fail("file", "has more than " + std::to_string(limits.max_lines) + " lines");
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view l = text.substr(start, end - start);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      lines_.emplace_back(l);
      if (end == text.size()) break;
      start = end + 1;
    }
  }
  bool done() const { return pos_ >= lines_.size(); }
  const std::string& next() { return lines_[pos_++]; }
  std::size_t line() const { return pos_; }  // 1-based number of the line last returned
  [[noreturn]] void fail(const std::string& what, const std::string& problem) const {
    throw InputError(fmt::format("{}:{}", name_, pos_), what, "", problem);
  }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::vector<std::string> lines_;
  std::size_t pos_ = 0;
};

/// The line without a ';' comment, split on blanks.
std::vector<std::string> tokens(std::string_view line) {
  if (auto c = line.find(';'); c != std::string_view::npos) line = line.substr(0, c);
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    std::size_t j = i;
    while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
    if (j > i) out.emplace_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::size_t to_number(const Lines& in, const std::string& text, const std::string& what) {
  std::size_t v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) in.fail(what, "\"" + text + "\" is not a number");
  return v;
}

/// YYYYMMDDHHMMSS (testbound's val-override-date).
Time parse_date(const Lines& in, const std::string& text) {
  if (text.size() != 14 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    in.fail("val-override-date", "\"" + text + "\" is not YYYYMMDDHHMMSS");
  auto num = [&](std::size_t at, std::size_t len) { return static_cast<int>(to_number(in, text.substr(at, len), "date")); };
  const std::chrono::year_month_day ymd{std::chrono::year{num(0, 4)}, std::chrono::month{static_cast<unsigned>(num(4, 2))},
                                        std::chrono::day{static_cast<unsigned>(num(6, 2))}};
  if (!ymd.ok() || num(8, 2) > 23 || num(10, 2) > 59 || num(12, 2) > 60)
    in.fail("val-override-date", "\"" + text + "\" is not a valid date");
  return std::chrono::sys_days{ymd} + std::chrono::hours{num(8, 2)} + std::chrono::minutes{num(10, 2)} +
         std::chrono::seconds{num(12, 2)};
}

/// The value of "key: value" without quotes and '#' comments.
std::string config_value(std::string_view v) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  };
  v = trim(v);
  if (!v.empty() && v.front() == '"') {
    const auto end = v.find('"', 1);
    return std::string(v.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1));
  }
  if (auto h = v.find('#'); h != std::string_view::npos) v = v.substr(0, h);
  return std::string(trim(v));
}

Address address_value(const Lines& in, std::string text) {
  if (auto at = text.find('@'); at != std::string::npos) text.resize(at);  // "addr@port"
  try {
    return canonical_address(text);
  } catch (const InputError& e) {
    in.fail("address", e.what());
  }
}

bool yes(const std::string& v) { return lower(v) == "yes" || v == "1" || lower(v) == "on" || lower(v) == "true"; }

void parse_config(Lines& in, Config& c) {
  std::string section = "server";
  constexpr std::size_t no_stub = static_cast<std::size_t>(-1);  // (not std::optional: GCC 12 -O2 warns falsely)
  std::size_t stub = no_stub;
  while (!in.done()) {
    const std::string& line = in.next();
    const auto t = tokens(line);
    if (t.empty()) continue;
    if (t[0] == "CONFIG_END") return;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;  // COMMANDLINE, AUTOTRUST_FILE... : not used here
    std::string key = lower(config_value(line.substr(0, colon)));
    const std::string value = config_value(line.substr(colon + 1));
    if (key == "server" || key == "stub-zone" || key == "forward-zone" || key == "remote-control" ||
        key == "auth-zone" || key == "rpz" || key == "view" || key == "python" || key == "dnstap") {
      section = key;
      stub = no_stub;
      if (key == "server") c.testbound = true;
      continue;
    }
    if ((section == "stub-zone" || section == "forward-zone") && key == "name") {
      try {
        c.stubs.push_back({dns::Name::parse(value), {}});
      } catch (const InputError& e) {
        in.fail(key, e.what());
      }
      stub = c.stubs.size() - 1;
    } else if (key == "stub-addr" || key == "forward-addr") {
      if (stub == no_stub) {  // Deckard: a bare stub-addr is the root's
        c.stubs.push_back({dns::Name(), {}});
        stub = c.stubs.size() - 1;
      }
      c.stubs[stub].addresses.push_back(address_value(in, value));
    } else if (key == "trust-anchor") {
      try {
        c.trust_anchors.push_back(dns::RR::parse(value));
      } catch (const InputError& e) {
        in.fail(key, e.what());
      }
    } else if (key == "val-override-date") {
      // Unbound's val-override-date: "-1" ignores the signature dates, "0" is no override.
      if (value == "-1") c.ignore_dates = true;
      else if (value != "0") c.start = parse_date(in, value);
    } else if (key == "val-override-timestamp") {
      c.start = Time{std::chrono::seconds{static_cast<std::int64_t>(to_number(in, value, key))}};
    } else if (key == "fake-sha1") {
      c.fake_sha1 = yes(value);
    } else if (key == "domain-insecure") {
      try {
        c.domain_insecure.push_back(dns::Name::parse(value));
      } catch (const InputError& e) {
        in.fail(key, e.what());
      }
    } else if (key == "val-nsec3-keysize-iterations") {
      const auto t2 = tokens(value);
      for (std::size_t i = 1; i < t2.size(); i += 2) {
        const auto n = static_cast<std::uint16_t>(std::min<std::size_t>(to_number(in, t2[i], key), 65535));
        if (!c.max_nsec3_iterations || n < *c.max_nsec3_iterations) c.max_nsec3_iterations = n;
      }
    } else if (key == "harden-dnssec-stripped") {
      c.harden_dnssec_stripped = yes(value);
    } else if (key == "harden-algo-downgrade") {
      c.harden_algo_downgrade = yes(value);
    } else if (key == "aggressive-nsec") {
      c.aggressive_nsec = yes(value);
    } else if (key == "harden-unknown-additional") {
      c.harden_unknown_additional = yes(value);
    } else if (key == "minimal-responses") {
      c.minimal_responses = yes(value);
    } else if (key == "qname-minimisation" || key == "query-minimization") {
      c.qname_minimisation = yes(value);
    } else {
      c.ignored.push_back(key);
    }
  }
  in.fail("header", "CONFIG_END is missing");
}

std::uint16_t rcode_from(const std::string& t) {
  static const std::pair<const char*, std::uint16_t> names[] = {
      {"NOERROR", 0}, {"FORMERR", 1}, {"SERVFAIL", 2}, {"NXDOMAIN", 3}, {"NOTIMPL", 4}, {"NOTIMP", 4},
      {"REFUSED", 5}, {"YXDOMAIN", 6}, {"YXRRSET", 7}, {"NXRRSET", 8}, {"NOTAUTH", 9}, {"NOTZONE", 10},
      {"BADVERS", 16}};
  for (const auto& [n, v] : names)
    if (t == n) return v;
  return 0xFFFF;
}

void parse_question(Lines& in, const std::string& text, dns::Message& m) {
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    auto t = tokens(text.substr(start, end - start));
    start = end + 1;
    if (t.empty()) continue;
    if (t.size() < 2) in.fail("SECTION QUESTION", "\"" + t[0] + "\" has no type");
    try {
      dns::Question q;
      q.name = dns::Name::parse(t[0]);
      std::size_t i = 1;
      if (t.size() > 2 && (upper(t[1]) == "IN" || upper(t[1]) == "CH" || upper(t[1]) == "ANY")) {
        q.qclass = upper(t[1]) == "IN" ? dns::class_in : upper(t[1]) == "CH" ? 3 : 255;
        i = 2;
      }
      q.type = dns::type_from_string(t[i]);
      m.question = q;
    } catch (const InputError& e) {
      in.fail("SECTION QUESTION", e.what());
    }
  }
}

/// RFC 3597 §5: a record in the generic form ("TYPE \# len hex") keeps its
/// RDATA exactly as written, even when it is malformed for a known type
/// (val_scrub_rr_length.rpl: an A of 5 octets). ldns trims such RDATA to the
/// type's size, so the line is read as a private type and the type put back.
/// nullopt for any other line (or one spanning several lines).
std::optional<dns::RR> generic_rr(const std::string& line) {
  if (line.find("\\#") == std::string::npos || line.find_first_of("()") != std::string::npos) return std::nullopt;
  if (line.empty() || std::isspace(static_cast<unsigned char>(line[0]))) return std::nullopt;  // owner omitted
  std::vector<std::string> t;
  for (std::size_t i = 0; i < line.size();) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i >= line.size() || line[i] == ';') break;
    const std::size_t j = line.find_first_of(" \t;", i);
    t.push_back(line.substr(i, j == std::string::npos ? std::string::npos : j - i));
    i = j == std::string::npos ? line.size() : j;
  }
  const auto mark = std::find(t.begin(), t.end(), "\\#");
  if (mark == t.end() || mark == t.begin()) return std::nullopt;
  const std::uint16_t type = dns::type_from_string(*(mark - 1));
  *(mark - 1) = "TYPE65280";
  std::string text;
  for (const auto& w : t) text += w + " ";
  dns::RR rr = dns::parse_zone(text, dns::Name(), 3600).at(0);
  rr.type = type;
  return rr;
}

/// Base64 as sldns_b64_pton reads it (Unbound's testbound zone reader):
/// characters outside the alphabet are skipped, '=' padding ends the data and
/// a last group of fewer than four characters is dropped. Empty text is no data.
std::vector<std::uint8_t> lenient_base64(std::string_view text) {
  std::vector<std::uint8_t> out;
  std::uint8_t in[4] = {0, 0, 0, 0};
  std::size_t n = 0;
  for (const char c : text) {
    std::uint8_t d = 0;
    if (c >= 'A' && c <= 'Z') d = static_cast<std::uint8_t>(c - 'A');
    else if (c >= 'a' && c <= 'z') d = static_cast<std::uint8_t>(c - 'a' + 26);
    else if (c >= '0' && c <= '9') d = static_cast<std::uint8_t>(c - '0' + 52);
    else if (c == '+') d = 62;
    else if (c == '/') d = 63;
    else if (c == '=') d = 64;
    else continue;
    in[n++] = d;
    if (n < 4) continue;
    n = 0;
    if (in[0] == 64 || in[1] == 64) break;
    out.push_back(static_cast<std::uint8_t>(in[0] << 2 | (in[1] & 0x30) >> 4));
    if (in[2] == 64) break;
    out.push_back(static_cast<std::uint8_t>((in[1] & 0x0F) << 4 | (in[2] & 0x3C) >> 2));
    if (in[3] == 64) break;
    out.push_back(static_cast<std::uint8_t>((in[2] & 0x03) << 6 | in[3]));
  }
  return out;
}

/// An RRSIG or DNSKEY whose base64 field (signature, public key) ldns
/// refuses but Unbound's testbound (sldns) reads: empty
/// (val_nodata_failsig.rpl), unpadded (val_canon_short_px.rpl) or with stray
/// padding ("UNUSABLE==", Deckard's val_unknown_algorithm_insecure.rpl). The
/// fields before it go through ldns with a placeholder, which is then
/// replaced by lenient_base64's reading (RFC 4034 §2.2, §3.2 presentation
/// forms otherwise). nullopt when the line is not a one-line RRSIG / DNSKEY
/// with an explicit owner, or the other fields do not parse either.
std::optional<dns::RR> lenient_base64_rr(const std::string& line) {
  if (line.empty() || std::isspace(static_cast<unsigned char>(line[0])) || line.find_first_of("()") != std::string::npos)
    return std::nullopt;
  const auto t = tokens(line);
  // owner [ttl] [class] TYPE fields... base64
  std::size_t at = 1;
  while (at < t.size() && at <= 3 && upper(t[at]) != "RRSIG" && upper(t[at]) != "DNSKEY") ++at;
  if (at >= t.size() || at > 3) return std::nullopt;
  const std::uint16_t type = upper(t[at]) == "RRSIG" ? dns::rrtype::RRSIG : dns::rrtype::DNSKEY;
  // RRSIG: covered algorithm labels original-ttl expiration inception tag signer; DNSKEY: flags protocol algorithm.
  const std::size_t fields = type == dns::rrtype::RRSIG ? 8 : 3;
  if (t.size() < at + 1 + fields) return std::nullopt;
  std::string text;
  std::string encoded;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i <= at + fields) text += t[i] + " ";
    else encoded += t[i];
  }
  try {
    dns::RR rr = dns::RR::parse(text + "AA==");  // one octet, 0x00
    if (rr.type != type || rr.rdata.empty()) return std::nullopt;
    rr.rdata.pop_back();
    const auto data = lenient_base64(encoded);
    rr.rdata.insert(rr.rdata.end(), data.begin(), data.end());
    return rr;
  } catch (const InputError&) {
    return std::nullopt;
  }
}

/// A line ldns refuses on its own that lenient_base64_rr reads; nullopt for every other line.
std::optional<dns::RR> base64_fallback(const std::string& line) {
  if (line.find_first_of("()") != std::string::npos) return std::nullopt;
  const std::string u = upper(line);
  if (u.find("RRSIG") == std::string::npos && u.find("DNSKEY") == std::string::npos) return std::nullopt;
  try {
    (void)dns::parse_zone(line, dns::Name(), 3600);
    return std::nullopt;  // ldns reads it: the normal path keeps it
  } catch (const InputError&) {
    return lenient_base64_rr(line);
  }
}

std::vector<dns::RR> parse_rrs(Lines& in, const std::string& text, const std::string& section, const Limits& limits) {
  std::vector<dns::RR> rrs;
  try {
    // Lines in the generic form are read apart (generic_rr), in their place.
    std::string pending;
    auto flush = [&]() {
      for (auto& rr : dns::parse_zone(pending, dns::Name(), 3600)) rrs.push_back(std::move(rr));
      pending.clear();
    };
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      const std::string line = text.substr(start, end - start);
      start = end + 1;
      if (auto g = generic_rr(line)) {
        flush();
        rrs.push_back(std::move(*g));
      } else if (auto r = base64_fallback(line)) {
        flush();
        rrs.push_back(std::move(*r));
      } else {
        pending += line + "\n";
      }
    }
    flush();
  } catch (const InputError& e) {
    in.fail("SECTION " + section, e.what());
  } catch (const std::out_of_range&) {
    in.fail("SECTION " + section, "a record in the generic form (\\#) has no RDATA");
  }
  if (rrs.size() > limits.max_section_rrs)
    in.fail("SECTION " + section, "has more than " + std::to_string(limits.max_section_rrs) + " records");
  return rrs;
}

Entry parse_entry(Lines& in, const Limits& limits) {
  Entry e;
  e.line = in.line();
  std::string section;
  std::string text;
  bool extra = false, hex = false;
  std::string hex_text;
  bool reply_do = false;
  auto flush = [&]() {
    if (section.empty() || extra) {
      text.clear();
      return;
    }
    if (section == "QUESTION") parse_question(in, text, e.message);
    else if (section == "ANSWER") e.message.answer = parse_rrs(in, text, section, limits);
    else if (section == "AUTHORITY") e.message.authority = parse_rrs(in, text, section, limits);
    else if (section == "ADDITIONAL") e.message.additional = parse_rrs(in, text, section, limits);
    text.clear();
  };
  while (!in.done()) {
    const std::string& line = in.next();
    const auto t = tokens(line);
    if (hex) {
      if (!t.empty() && t[0] == "HEX_ANSWER_END") {
        hex = false;
        try {
          if (!extra) e.raw = Botan::hex_decode(hex_text, true);
        } catch (const std::exception& ex) {
          in.fail("HEX_ANSWER", ex.what());
        }
        continue;
      }
      for (const auto& tok : t) hex_text += tok;
      continue;
    }
    const std::string kw = t.empty() ? "" : t[0];
    if (kw == "ENTRY_END") {
      flush();
      if (reply_do || e.message.edns) {
        dns::Edns edns;
        edns.dnssec_ok = reply_do;
        e.message.edns = edns;
      }
      return e;
    }
    if (kw == "MATCH") {
      for (std::size_t i = 1; i < t.size(); ++i) {
        const std::string k = lower(t[i]);
        if (k.rfind("ede=", 0) == 0) {
          if (k == "ede=any") e.match_ede_any = true;
          else e.match_ede = static_cast<std::uint16_t>(std::min<std::size_t>(to_number(in, k.substr(4), "ede"), 65535));
        } else {
          e.match.insert(k);
        }
      }
    } else if (kw == "ADJUST") {
      for (std::size_t i = 1; i < t.size(); ++i) e.adjust.insert(lower(t[i]));
    } else if (kw == "REPLY") {
      for (std::size_t i = 1; i < t.size(); ++i) {
        const std::string f = upper(t[i]);
        dns::Message& m = e.message;
        if (f == "QR") m.qr = true;
        else if (f == "AA") m.aa = true;
        else if (f == "TC") m.tc = true;
        else if (f == "RD") m.rd = true;
        else if (f == "RA") m.ra = true;
        else if (f == "AD") m.ad = true;
        else if (f == "CD") m.cd = true;
        else if (f == "DO") reply_do = true;
        else if (f == "QUERY") m.opcode = dns::opcode::QUERY;
        else if (f == "NOTIFY") m.opcode = dns::opcode::NOTIFY;
        else if (f == "UPDATE") m.opcode = dns::opcode::UPDATE;
        else if (f == "IQUERY") m.opcode = dns::opcode::IQUERY;
        else if (f == "STATUS") m.opcode = dns::opcode::STATUS;
        else if (const auto rc = rcode_from(f); rc != 0xFFFF) m.rcode = rc;
        else in.fail("REPLY", "unknown flag or rcode \"" + t[i] + "\"");
      }
    } else if (kw == "SECTION") {
      flush();
      if (t.size() < 2) in.fail("SECTION", "names no section");
      section = upper(t[1]);
      if (section != "QUESTION" && section != "ANSWER" && section != "AUTHORITY" && section != "ADDITIONAL")
        in.fail("SECTION", "unknown section \"" + t[1] + "\"");
    } else if (kw == "EXTRA_PACKET") {
      flush();
      extra = true;  // further packets (AXFR/IXFR) are not used here
    } else if (kw == "HEX_ANSWER_BEGIN") {
      flush();
      section.clear();
      hex = true;
    } else if (kw == "RAW" || kw == "HEX_EDNSDATA_BEGIN" || kw == "HEX_EDNSDATA_END") {
      flush();
      section.clear();
    } else if (kw == "ENTRY_BEGIN" || kw == "RANGE_END" || kw == "STEP" || kw == "SCENARIO_END") {
      in.fail("ENTRY", "ENTRY_END is missing");
    } else if (!section.empty()) {
      if (text.size() + line.size() > (1u << 20)) in.fail("SECTION " + section, "is longer than 1 MiB");
      text += line;
      text += '\n';
    }
  }
  in.fail("ENTRY", "ENTRY_END is missing");
}

}  // namespace

Scenario parse(std::string_view text, const std::string& name, const Limits& limits) {
  if (text.size() > limits.max_file_size)
    throw InputError(name, "file", std::to_string(text.size()) + " octets",
                     "is larger than " + std::to_string(limits.max_file_size) + " octets");
  Lines in(text, name, limits);
  Scenario s;
  s.name = name;
  parse_config(in, s.config);
  std::size_t entries = 0;
  auto count_entry = [&]() {
    if (++entries > limits.max_entries) in.fail("ENTRY", "more than " + std::to_string(limits.max_entries) + " entries");
  };
  Range* range = nullptr;
  Step* pending = nullptr;  // a QUERY / CHECK_ANSWER waiting for its ENTRY
  bool ended = false;
  while (!in.done() && !ended) {
    const auto t = tokens(in.next());
    if (t.empty()) continue;
    const std::string& kw = t[0];
    if (kw == "SCENARIO_BEGIN") {
      for (std::size_t i = 1; i < t.size(); ++i) s.title += (i > 1 ? " " : "") + t[i];
    } else if (kw == "SCENARIO_END") {
      ended = true;
    } else if (kw == "RANGE_BEGIN") {
      if (range) in.fail("RANGE_BEGIN", "inside another RANGE");
      if (t.size() < 3) in.fail("RANGE_BEGIN", "needs a first and a last step");
      s.ranges.push_back(Range{to_number(in, t[1], "RANGE_BEGIN"), to_number(in, t[2], "RANGE_BEGIN"), {}, {}, in.line()});
      range = &s.ranges.back();
      pending = nullptr;
    } else if (kw == "RANGE_END") {
      if (!range) in.fail("RANGE_END", "without RANGE_BEGIN");
      range = nullptr;
    } else if (kw == "ADDRESS") {
      if (!range) in.fail("ADDRESS", "outside a RANGE");
      for (std::size_t i = 1; i < t.size() && range->addresses.size() < 64; ++i)
        range->addresses.push_back(address_value(in, t[i]));
    } else if (kw == "ENTRY_BEGIN") {
      count_entry();
      Entry e = parse_entry(in, limits);
      if (range) range->entries.push_back(std::move(e));
      else if (pending) {
        pending->entry = std::move(e);
        pending = nullptr;
      } else {
        in.fail("ENTRY_BEGIN", "outside a RANGE and not after a QUERY / CHECK_ANSWER step");
      }
    } else if (kw == "STEP") {
      if (range) in.fail("STEP", "inside a RANGE");
      if (t.size() < 3) in.fail("STEP", "needs a number and a type");
      if (s.steps.size() >= limits.max_steps) in.fail("STEP", "more than " + std::to_string(limits.max_steps) + " steps");
      Step st;
      st.id = to_number(in, t[1], "STEP");
      st.type = t[2];
      st.line = in.line();
      if (st.type == "QUERY") st.kind = Step::Kind::Query;
      else if (st.type == "CHECK_ANSWER") st.kind = Step::Kind::CheckAnswer;
      else if (st.type == "TRAFFIC") st.kind = Step::Kind::Traffic;
      else if (st.type == "TIME_PASSES") {
        st.kind = Step::Kind::TimePasses;
        if (t.size() >= 5 && t[3] == "ELAPSE") {
          double v = 0;
          const auto [p, ec] = std::from_chars(t[4].data(), t[4].data() + t[4].size(), v);
          if (ec != std::errc() || p != t[4].data() + t[4].size() || !(v >= 0))
            in.fail("ELAPSE", "\"" + t[4] + "\" is not a number of seconds");
          if (v > static_cast<double>(limits.max_elapse)) in.fail("ELAPSE", "moves the clock too far");
          st.elapse_ms = static_cast<std::int64_t>(v * 1000);
        } else {
          st.kind = Step::Kind::Unsupported;  // EVAL expressions
          st.type = "TIME_PASSES EVAL";
        }
      }
      s.steps.push_back(std::move(st));
      pending = (s.steps.back().kind == Step::Kind::Query || s.steps.back().kind == Step::Kind::CheckAnswer)
                    ? &s.steps.back()
                    : nullptr;
    }
    // Anything else between blocks (stray words) is ignored, as testbound does with comments.
  }
  if (range) in.fail("RANGE", "RANGE_END is missing");
  return s;
}

std::string_view to_string(FileResult::Status s) noexcept {
  switch (s) {
    case FileResult::Status::Pass: return "pass";
    case FileResult::Status::Fail: return "fail";
    case FileResult::Status::Skipped: return "skipped";
    case FileResult::Status::Error: return "error";
  }
  return "error";
}

}  // namespace dane::sim::replay
