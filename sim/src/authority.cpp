/*
 * dane::sim: the authoritative server's network side: zones, faults, the
 * query log, EDNS echo and UDP truncation. The answer itself is built in
 * authority_answer.cpp.
 */
#include "dane/sim/authority.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "authority_zone.hpp"
#include "dane/error.hpp"

namespace dane::sim {

namespace {

constexpr std::array<std::pair<FaultRule::Action, std::string_view>, 8> action_names{{
    {FaultRule::Action::Drop, "drop"},
    {FaultRule::Action::Refused, "refused"},
    {FaultRule::Action::NotImp, "notimp"},
    {FaultRule::Action::ServFail, "servfail"},
    {FaultRule::Action::FormErr, "formerr"},
    {FaultRule::Action::Truncate, "truncate"},
    {FaultRule::Action::Lame, "lame"},
    {FaultRule::Action::NoDnssec, "nodnssec"},
}};

/// Our EDNS UDP payload size (the DNS flag day 2020 value).
constexpr std::uint16_t our_udp_size = 1232;
/// The largest UDP response without EDNS (RFC 1035 §4.2.1).
constexpr std::size_t classic_udp_size = 512;

/// The response header for query: ID, OPCODE, RD and CD copied (RFC 1035
/// §4.1.1, RFC 4035 §3.1.6 for CD), the question echoed, and an OPT RR with
/// our buffer size and the DO bit copied when the query had one (RFC 6891
/// §7, RFC 3225 §3).
dns::Message response_header(const dns::Message& query, bool echo_edns = true) {
  dns::Message r;
  r.id = query.id;
  r.qr = true;
  r.opcode = query.opcode;
  r.rd = query.rd;
  r.cd = query.cd;
  r.question = query.question;
  if (query.edns && echo_edns) {
    dns::Edns e;
    e.udp_payload_size = our_udp_size;
    e.dnssec_ok = query.edns->dnssec_ok;
    r.edns = e;
  }
  return r;
}

/// The FORMERR reply to a message whose header is readable but the rest is
/// not (RFC 1035 §4.1.1): ID, OPCODE and RD from the header, no question.
std::optional<std::vector<std::uint8_t>> formerr_from_header(std::span<const std::uint8_t> p) {
  if (p.size() < 12 || (p[2] & 0x80) != 0) return std::nullopt;  // too short, or a response: ignore
  dns::Message r;
  r.id = static_cast<std::uint16_t>((p[0] << 8) | p[1]);
  r.qr = true;
  r.opcode = static_cast<std::uint8_t>((p[2] >> 3) & 0x0f);
  r.rd = (p[2] & 0x01) != 0;
  r.rcode = dns::rcode::FORMERR;
  return r.to_wire();
}

}  // namespace

std::string_view to_string(FaultRule::Action a) noexcept {
  for (const auto& [action, name] : action_names) {
    if (action == a) return name;
  }
  return "unknown";
}

FaultRule::Action fault_action_from_string(std::string_view text) {
  std::string lower(text.substr(0, 32));
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& [action, name] : action_names) {
    if (name == lower) return action;
  }
  throw InputError("fault rule", "action", std::string(text),
                   "is not one of drop, refused, notimp, servfail, formerr, truncate, lame, nodnssec");
}

AuthoritativeServer::AuthoritativeServer(std::string name, const Clock& clock, Random random,
                                         std::shared_ptr<QueryLog> log)
    : name_(std::move(name)), clock_(clock), random_(std::move(random)), log_(std::move(log)) {}

void AuthoritativeServer::add_zone(Zone zone) {
  for (const auto& z : zones_) {
    if (z->apex() == zone.apex)
      throw InputError(name_, "zone", zone.apex.to_string(), "is already served by this server");
  }
  zones_.push_back(detail::ZoneIndex::build(std::move(zone), name_));
}

void AuthoritativeServer::replace_zone(Zone zone) {
  auto index = detail::ZoneIndex::build(std::move(zone), name_);
  for (auto& z : zones_) {
    if (z->apex() == index->apex()) {
      z = std::move(index);
      return;
    }
  }
  zones_.push_back(std::move(index));
}

void AuthoritativeServer::add_fault(FaultRule rule) { faults_.push_back(std::move(rule)); }

const detail::ZoneIndex* AuthoritativeServer::best_zone(const dns::Name& qname, std::uint16_t qtype) const {
  const detail::ZoneIndex* best = nullptr;
  const detail::ZoneIndex* child_apex = nullptr;
  for (const auto& z : zones_) {
    if (!qname.is_subdomain_of(z->apex())) continue;
    if (qtype == dns::rrtype::DS && qname == z->apex() && !qname.is_root()) {
      child_apex = z.get();  // DS lives on the parent side of the cut (RFC 4035 §3.1.4.1)
      continue;
    }
    if (best == nullptr || z->apex().label_count() > best->apex().label_count()) best = z.get();
  }
  return best != nullptr ? best : child_apex;
}

dns::Message AuthoritativeServer::respond(const dns::Message& query) const {
  dns::Message r = response_header(query);
  if (query.edns && query.edns->version != 0) {
    r.rcode = dns::rcode::BADVERS;  // RFC 6891 §6.1.3
    return r;
  }
  if (query.opcode != dns::opcode::QUERY) {
    r.rcode = dns::rcode::NOTIMP;
    return r;
  }
  if (!query.question) {
    r.rcode = dns::rcode::FORMERR;
    return r;
  }
  const auto& q = *query.question;
  constexpr std::uint16_t ixfr = 251, axfr = 252;
  const detail::ZoneIndex* zone = q.qclass == dns::class_in && q.type != ixfr && q.type != axfr
                                      ? best_zone(q.name, q.type)
                                      : nullptr;
  if (zone == nullptr) {
    r.rcode = dns::rcode::REFUSED;
    return r;
  }
  detail::answer_from_zone(*zone, q, query.edns && query.edns->dnssec_ok, r);
  return r;
}

const FaultRule* AuthoritativeServer::matching_fault(const dns::Message& query, Transport transport) {
  for (const auto& rule : faults_) {
    if (rule.transport && *rule.transport != transport) continue;
    if (rule.qtype && (!query.question || query.question->type != *rule.qtype)) continue;
    if (rule.under && (!query.question || !query.question->name.is_subdomain_of(*rule.under))) continue;
    if (!random_.chance(rule.probability)) continue;
    return &rule;
  }
  return nullptr;
}

std::optional<std::vector<std::uint8_t>> AuthoritativeServer::handle(const Request& request) {
  dns::Message query;
  try {
    query = dns::Message::from_wire(request.payload);
  } catch (const InputError&) {
    if (request.payload.size() >= 12) ++queries_;
    return formerr_from_header(request.payload);
  }
  if (query.qr) return std::nullopt;  // a response is not a query
  ++queries_;
  const bool tcp = request.transport == Transport::Tcp;
  if (log_ && query.question) {
    QueryLogEntry e;
    e.time = clock_.now_ms();
    e.client = request.client;
    e.server = request.server.address;
    e.question = *query.question;
    e.rd = query.rd;
    e.edns = query.edns.has_value();
    e.edns_version = query.edns ? query.edns->version : 0;
    e.tcp = tcp;
    e.dnssec_ok = query.edns && query.edns->dnssec_ok;
    e.cd = query.cd;
    log_->add(std::move(e));
  }

  dns::Message response;
  const FaultRule* fault = matching_fault(query, request.transport);
  using A = FaultRule::Action;
  switch (fault != nullptr ? fault->action : A::NoDnssec) {
    case A::Drop:
      return std::nullopt;
    case A::Refused:
    case A::NotImp:
    case A::ServFail:
      response = response_header(query);
      response.rcode = fault->action == A::Refused   ? dns::rcode::REFUSED
                       : fault->action == A::NotImp ? dns::rcode::NOTIMP
                                                    : dns::rcode::SERVFAIL;
      break;
    case A::FormErr:  // an EDNS-intolerant server: no OPT in the reply
      response = response_header(query, false);
      response.rcode = dns::rcode::FORMERR;
      break;
    case A::Truncate:
      if (!tcp) {
        response = response_header(query);
        response.aa = true;
        response.tc = true;
      } else {
        response = respond(query);
      }
      break;
    case A::Lame:
      response = response_header(query);
      break;
    case A::NoDnssec:
      if (fault != nullptr && query.edns) {
        dns::Message plain = query;
        plain.edns->dnssec_ok = false;
        response = respond(plain);
      } else {
        response = respond(query);
      }
      break;
  }

  try {
    if (!tcp) {
      // RFC 6891 §6.2.3/§7: fit the requestor's buffer, 512 octets without EDNS.
      const std::size_t max = std::max<std::size_t>(classic_udp_size, query.edns ? query.edns->udp_payload_size : 0);
      return response.to_wire(max);
    }
    return response.to_wire();
  } catch (const UsageError&) {
    dns::Message fail = response_header(query);
    fail.rcode = dns::rcode::SERVFAIL;
    return fail.to_wire();
  }
}

}  // namespace dane::sim
