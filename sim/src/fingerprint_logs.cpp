// Parsing the receiving side's logs: BIND 9 query log lines and Postfix
// smtpd lines, in the formats those programs write (BIND 9 ARM "query-errors
// / queries" category; Postfix smtpd(8) and tls_misc.c log lines).
#include <charconv>
#include <regex>
#include <string>

#include "dane/error.hpp"
#include "dane/sim/fingerprint.hpp"

namespace dane::sim {

namespace {

/// BIND's query flags after the class/type: "+" / "-" (RD), then S (signed),
/// E(n) (EDNS version n), T (TCP), D (DO), C (CD), V / K (cookies).
void apply_bind_flags(std::string_view flags, BindQuery& q) {
  q.rd = flags.front() == '+';
  for (std::size_t i = 1; i < flags.size(); ++i) {
    switch (flags[i]) {
      case 'E':
        q.edns = true;
        while (i < flags.size() && flags[i] != ')') ++i;  // skip "(n)"
        break;
      case 'T': q.tcp = true; break;
      case 'D': q.dnssec_ok = true; break;
      case 'C': q.cd = true; break;
      default: break;  // S, V, K and future flags do not matter here
    }
  }
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

}  // namespace

std::optional<BindQuery> parse_bind_query(std::string_view line) {
  if (line.size() > max_log_line) return std::nullopt;
  // "client [@0x...] ADDR#PORT (NAME): [view V: ]query: QNAME CLASS TYPE FLAGS (SERVER)"
  static const std::regex re(
      R"(client (?:@0x[0-9a-fA-F]+ )?([0-9A-Fa-f:.]+)#[0-9]+(?: \([^)]*\))?: (?:view [^ :]+: )?query: ([^ ]+) ([A-Za-z0-9]+) ([A-Za-z0-9]+) ([-+][A-Za-z0-9()]*))");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(line.begin(), line.end(), m, re)) return std::nullopt;
  BindQuery q;
  q.client = m[1].str();
  std::string name = m[2].str();
  if (name.empty() || name.back() != '.') name += '.';
  try {
    q.qname = dns::Name::parse(name);
  } catch (const InputError&) {
    return std::nullopt;
  }
  q.qtype = upper(m[4].str());
  if (q.qtype == "TYPE52") q.qtype = "TLSA";  // RFC 3597 form of the known types
  if (q.qtype == "TYPE48") q.qtype = "DNSKEY";
  if (q.qtype == "TYPE43") q.qtype = "DS";
  apply_bind_flags(m[5].str(), q);
  return q;
}

std::optional<SmtpdEvent> parse_smtpd_event(std::string_view line) {
  if (line.size() > max_log_line) return std::nullopt;
  static const std::regex prefix(R"(postfix(?:/[A-Za-z0-9._-]+)*/smtpd\[[0-9]+\]: (.*)$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(line.begin(), line.end(), m, prefix)) return std::nullopt;
  const std::string msg = m[1].str();

  static const std::regex connect(R"(^connect from [^\[]*\[([^\]]+)\])");
  static const std::regex disconnect(R"(^disconnect from [^\[]*\[([^\]]+)\](.*)$)");
  static const std::regex established(R"(TLS connection established from [^\[]*\[([^\]]+)\])");
  static const std::regex failed(
      R"(^(?:SSL_accept error from|TLS handshake failed.* from|lost connection after STARTTLS from) [^\[]*\[([^\]]+)\])");
  static const std::regex starttls_count(R"( starttls=([0-9]+)(?:/([0-9]+))?)");

  std::smatch s;
  SmtpdEvent ev;
  if (std::regex_search(msg, s, connect)) {
    ev.kind = SmtpdEvent::Kind::Connect;
    ev.client = s[1].str();
    return ev;
  }
  if (std::regex_search(msg, s, disconnect)) {
    ev.kind = SmtpdEvent::Kind::Disconnect;
    ev.client = s[1].str();
    const std::string counts = s[2].str();
    std::smatch c;
    if (std::regex_search(counts, c, starttls_count)) {
      const std::string n = c[2].matched ? c[2].str() : c[1].str();  // "ok/total": total sent
      std::size_t v = 0;
      std::from_chars(n.data(), n.data() + n.size(), v);
      ev.starttls = v;
    }
    return ev;
  }
  if (std::regex_search(msg, s, established)) {
    ev.kind = SmtpdEvent::Kind::TlsEstablished;
    ev.client = s[1].str();
    return ev;
  }
  if (std::regex_search(msg, s, failed)) {
    ev.kind = SmtpdEvent::Kind::TlsFailed;
    ev.client = s[1].str();
    return ev;
  }
  return std::nullopt;
}

}  // namespace dane::sim
