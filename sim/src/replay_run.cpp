// dane::sim::replay: running a scenario against the validating resolver,
// and Deckard's comparison of answers.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "dane/dnssec/chain.hpp"
#include "dane/error.hpp"
#include "dane/sim/recursive.hpp"
#include "dane/sim/replay.hpp"

namespace dane::sim::replay {

namespace {

/// The scripted authoritative servers of every RANGE: the first entry of a
/// range valid for the current step, at the server's address, that matches.
class ScriptedServer : public DatagramService {
 public:
  ScriptedServer(const Scenario& s, const std::size_t& step) : s_(s), step_(step) {}

  std::optional<std::vector<std::uint8_t>> handle(const Request& request) override {
    dns::Message q;
    try {
      q = dns::Message::from_wire(request.payload);
    } catch (const InputError&) {
      return std::nullopt;
    }
    for (const auto& range : s_.ranges) {
      if (step_ < range.first || step_ > range.last) continue;
      if (!range.addresses.empty() &&
          std::find(range.addresses.begin(), range.addresses.end(), request.server.address) == range.addresses.end())
        continue;
      for (const auto& e : range.entries)
        if (matches(e, q, request.transport)) {
          note(request, q, fmt::format("entry at line {}", e.line));
          return reply(e, q);
        }
    }
    note(request, q, "no entry: no reply");
    return std::nullopt;  // no entry: the resolver times out
  }

  /// The queries seen, for the report of a failure (the last ones kept).
  const std::vector<std::string>& trace() const { return trace_; }

 private:
  void note(const Request& request, const dns::Message& q, const std::string& what) {
    if (trace_.size() >= 400) trace_.erase(trace_.begin());
    trace_.push_back(fmt::format("step {}: {} {} {}{}{} to {} -> {}", step_,
                                 q.question ? q.question->name.to_string() : "?",
                                 q.question ? dns::type_to_string(q.question->type) : "?",
                                 request.transport == Transport::Tcp ? "TCP" : "UDP",
                                 q.edns && q.edns->dnssec_ok ? " DO" : "", q.cd ? " CD" : "", request.server.address,
                                 what));
  }

  /// testpkts.c match_all's query-side keys.
  static bool matches(const Entry& e, const dns::Message& q, Transport transport) {
    const auto& m = e.match;
    auto has = [&](const char* k) { return m.contains(k); };
    const auto& eq = e.message.question;
    if (has("opcode") && q.opcode != e.message.opcode) return false;
    if ((has("qtype") || has("question") || has("all")) && (!eq || !q.question || eq->type != q.question->type))
      return false;
    if ((has("qname") || has("question") || has("all")) && (!eq || !q.question || !(eq->name == q.question->name)))
      return false;
    if (has("subdomain") && (!eq || !q.question || !q.question->name.is_subdomain_of(eq->name))) return false;
    if (has("tcp") && transport != Transport::Tcp) return false;
    if (has("udp") && transport != Transport::Udp) return false;
    if (has("do") && !(q.edns && q.edns->dnssec_ok)) return false;
    if (has("noedns") && q.edns) return false;
    return true;
  }

  static std::vector<std::uint8_t> reply(const Entry& e, const dns::Message& q) {
    if (e.raw) {
      std::vector<std::uint8_t> raw = *e.raw;
      if (raw.size() >= 2) {
        raw[0] = static_cast<std::uint8_t>(q.id >> 8);
        raw[1] = static_cast<std::uint8_t>(q.id & 0xFF);
      }
      return raw;
    }
    dns::Message r = e.message;
    r.id = q.id;             // copy_id (ids are not part of any check here)
    r.question = q.question;  // copy_query
    if (q.edns && !r.edns) r.edns = dns::Edns{};
    try {
      return r.to_wire();
    } catch (const UsageError&) {
      return {};
    }
  }

  const Scenario& s_;
  const std::size_t& step_;
  std::vector<std::string> trace_;
};

/// The root servers' addresses (a.root-servers.net, k.root-servers.net), for
/// files that configure no root stub.
const std::vector<Address> default_root_hints{"198.41.0.4", "193.0.14.129"};

ResolverConfig resolver_config(const Config& c) {
  ResolverConfig rc;
  rc.kind = ResolverKind::Validating;
  rc.address = "127.0.0.1";
  for (const auto& stub : c.stubs) {
    if (stub.addresses.empty()) continue;
    if (stub.zone.is_root()) rc.root_hints = stub.addresses;
    else rc.stub_zones.push_back(StubZone{stub.zone, stub.addresses});
  }
  if (rc.root_hints.empty()) rc.root_hints = default_root_hints;
  if (!c.trust_anchors.empty()) rc.anchors = dnssec::trust_anchors_from_records(c.trust_anchors);
  else rc.anchors.clear();
  rc.negative_anchors = c.domain_insecure;
  // Unbound and the Deckard resolvers validate DSA and RSASHA1 (the corpora's
  // zones are signed with them): refusing them would turn Bogus data Insecure.
  rc.policy = dnssec::AlgorithmPolicy::allow_all();
  if (c.fake_sha1) rc.policy.assume_valid_signatures = {3, 5, 6, 7};
  rc.policy.harden_algo_downgrade = c.harden_algo_downgrade;
  rc.harden_dnssec_stripped = c.harden_dnssec_stripped;
  // testbound's val-override-date "-1": signature dates are not checked.
  rc.policy.ignore_signature_dates = c.ignore_dates;
  // Unbound's default val-nsec3-keysize-iterations caps at 150.
  rc.limits.denial.max_nsec3_iterations = c.max_nsec3_iterations.value_or(150);
  rc.qname_minimisation = c.qname_minimisation;
  rc.aggressive_nsec = c.aggressive_nsec;
  // Unbound's minimal-responses defaults to yes; Deckard's expectations
  // (written for kresd) are minimal too.
  rc.minimal_responses = c.minimal_responses.value_or(true);
  rc.harden_unknown_additional = c.harden_unknown_additional;
  rc.retries = 1;
  rc.udp_size = 4096;
  rc.max_queries_per_lookup = 256;
  return rc;
}

dns::Message client_query(const Entry& e, std::uint16_t id, bool testbound) {
  dns::Message q;
  q.id = id;
  q.rd = e.message.rd;
  q.cd = e.message.cd;
  q.ad = e.message.ad;
  q.question = e.message.question;
  if (e.message.edns) {
    dns::Edns edns;
    edns.udp_payload_size = testbound ? 1232 : 4096;  // testpkts.c add_edns; Deckard's Entry (use_edns payload=4096)
    edns.dnssec_ok = e.message.edns->dnssec_ok;
    q.edns = edns;
  }
  return q;
}

/// An RR as Deckard compares it: owner without case, TTL ignored, RDATA in canonical form.
std::string rr_key(const dns::RR& rr) {
  std::vector<std::uint8_t> rd;
  try {
    rd = rr.canonical_rdata();
  } catch (const InputError&) {
    rd = rr.rdata;
  }
  std::string k(reinterpret_cast<const char*>(rr.owner.canonical_wire().data()), rr.owner.canonical_wire().size());
  k += fmt::format("|{}|{}|", rr.type, rr.rclass);
  k.append(reinterpret_cast<const char*>(rd.data()), rd.size());
  return k;
}

std::optional<std::string> compare_section(const char* name, const std::vector<dns::RR>& expected,
                                           const std::vector<dns::RR>& actual) {
  std::vector<std::pair<std::string, const dns::RR*>> e, a;
  for (const auto& rr : expected) e.emplace_back(rr_key(rr), &rr);
  for (const auto& rr : actual) a.emplace_back(rr_key(rr), &rr);
  auto by_key = [](const auto& x, const auto& y) { return x.first < y.first; };
  std::sort(e.begin(), e.end(), by_key);
  std::sort(a.begin(), a.end(), by_key);
  std::vector<std::pair<std::string, const dns::RR*>> missing, extra;
  std::set_difference(e.begin(), e.end(), a.begin(), a.end(), std::back_inserter(missing), by_key);
  std::set_difference(a.begin(), a.end(), e.begin(), e.end(), std::back_inserter(extra), by_key);
  if (missing.empty() && extra.empty()) return std::nullopt;
  return fmt::format("{} section differs: {}{}{}", name,
                     missing.empty() ? "" : "missing " + missing.front().second->to_string(),
                     missing.empty() || extra.empty() ? "" : "; ",
                     extra.empty() ? "" : "unexpected " + extra.front().second->to_string());
}

std::string flags(const dns::Message& m) {
  std::string f;
  for (auto [on, n] : {std::pair{m.qr, "QR"}, {m.aa, "AA"}, {m.tc, "TC"}, {m.rd, "RD"}, {m.ra, "RA"}, {m.ad, "AD"},
                       {m.cd, "CD"}})
    if (on) f += std::string(f.empty() ? "" : " ") + n;
  return f;
}

}  // namespace

std::optional<std::string> compare(const Entry& expected, const dns::Message& actual) {
  const auto& m = expected.match;
  const bool all = m.contains("all");
  auto has = [&](const char* k) { return all || m.contains(k); };
  const dns::Message& e = expected.message;
  if (has("opcode") && e.opcode != actual.opcode)
    return fmt::format("opcode {} expected, got {}", e.opcode, actual.opcode);
  if (has("question") || has("qname") || has("qtype")) {
    const bool same = (!e.question && !actual.question) ||
                      (e.question && actual.question && e.question->name == actual.question->name &&
                       e.question->type == actual.question->type);
    if (!same) return std::string("question differs");
  }
  if (has("flags") && flags(e) != flags(actual))
    return fmt::format("flags \"{}\" expected, got \"{}\"", flags(e), flags(actual));
  if (has("rcode") && e.rcode != actual.rcode) return fmt::format("rcode {} expected, got {}", e.rcode, actual.rcode);
  if (has("answer"))
    if (auto d = compare_section("answer", e.answer, actual.answer)) return d;
  if (has("authority"))
    if (auto d = compare_section("authority", e.authority, actual.authority)) return d;
  if (has("additional"))
    if (auto d = compare_section("additional", e.additional, actual.additional)) return d;
  if (expected.match_ede || expected.match_ede_any) {
    const auto& errs = actual.edns ? actual.edns->errors : std::vector<dns::ExtendedError>{};
    const bool ok = expected.match_ede_any ? !errs.empty()
                                           : std::any_of(errs.begin(), errs.end(), [&](const dns::ExtendedError& x) {
                                               return x.info_code == *expected.match_ede;
                                             });
    if (!ok)
      return fmt::format("EDE {} expected, got {}", expected.match_ede_any ? "any" : std::to_string(*expected.match_ede),
                         errs.empty() ? "none" : std::to_string(errs.front().info_code));
  }
  return std::nullopt;
}

FileResult run(const Scenario& s) {
  FileResult out;
  out.file = s.name;
  out.title = s.title;
  for (const auto& st : s.steps)
    if (st.kind == Step::Kind::Unsupported) {
      out.status = FileResult::Status::Skipped;
      out.detail = fmt::format("unsupported step {} at line {}", st.type, st.line);
      return out;
    }
  // Without a date the clock starts at 2010-01-01 (with "-1" the signature
  // dates are not checked at all: Config::ignore_dates).
  Clock clock(s.config.start.value_or(Time{std::chrono::seconds{1262304000}}));
  Network net(clock, Random(0x5eed));
  std::size_t step = 0;
  auto server = std::make_shared<ScriptedServer>(s, step);
  for (const auto& r : s.ranges)
    for (const auto& a : r.addresses)
      for (auto t : {Transport::Udp, Transport::Tcp}) net.serve(Endpoint{a, 53}, t, server);
  net.serve_fallback(Transport::Udp, server);
  net.serve_fallback(Transport::Tcp, server);

  std::unique_ptr<RecursiveResolver> resolver;
  try {
    resolver = std::make_unique<RecursiveResolver>(net, resolver_config(s.config));
  } catch (const Error& e) {
    out.status = FileResult::Status::Error;
    out.detail = std::string("the configuration is not usable: ") + e.what();
    return out;
  }
  std::optional<dns::Message> last;
  for (const auto& st : s.steps) {
    step = st.id;
    switch (st.kind) {
      case Step::Kind::Query:
        if (!st.entry) break;
      {
        // The client's query travels over UDP unless it says TCP: a response
        // over its buffer comes back truncated (RFC 1035 §4.2.1, RFC 6891 §7).
        const dns::Message q = client_query(*st.entry, static_cast<std::uint16_t>(st.id), s.config.testbound);
        last = resolver->answer(q);
        if (!st.entry->match.contains("tcp")) last = truncate_for_udp(*last, udp_limit(q));
        break;
      }
      case Step::Kind::CheckAnswer: {
        if (!st.entry) break;
        ++out.checks;
        if (!last) {
          out.status = FileResult::Status::Fail;
          out.detail = fmt::format("step {} (line {}): no answer to check", st.id, st.line);
          return out;
        }
        if (auto diff = compare(*st.entry, *last)) {
          out.status = FileResult::Status::Fail;
          std::string why;
          if (last->question) {  // the resolver's own account (the run ends here, so its cache may change)
            const Lookup l = resolver->lookup(last->question->name, last->question->type);
            why = fmt::format("{} {}: {}", to_string(l.outcome), dnssec::to_string(l.security), l.explain());
          }
          std::string queries;
          for (const auto& t : server->trace()) queries += "  " + t + "\n";
          out.detail = fmt::format(
              "step {} (line {}): {}\n--- expected:\n{}\n--- actual:\n{}\n--- resolver: {}\n--- upstream queries:\n{}",
              st.id, st.line, *diff, st.entry->message.to_string(), last->to_string(), why, queries);
          return out;
        }
        ++out.checks_passed;
        break;
      }
      case Step::Kind::TimePasses: clock.advance(Duration(st.elapse_ms)); break;
      case Step::Kind::Traffic:
      case Step::Kind::Unsupported: break;
    }
  }
  out.status = FileResult::Status::Pass;
  return out;
}

FileResult run_file(const std::string& path, const Limits& limits) {
  FileResult out;
  out.file = path;
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    out.detail = "cannot open the file";
    return out;
  }
  std::string text;
  text.resize(limits.max_file_size + 1);
  f.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(f.gcount()));
  try {
    const std::string base = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
    Scenario s = parse(text, base, limits);
    FileResult r = run(s);
    r.file = path;
    return r;
  } catch (const InputError& e) {
    out.status = FileResult::Status::Error;
    out.detail = e.what();
    return out;
  }
}

}  // namespace dane::sim::replay
