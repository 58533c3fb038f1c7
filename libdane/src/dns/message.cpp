/*
 * DNS messages in wire form (RFC 1035 §4.1), EDNS(0) (RFC 6891 §6) and
 * Extended DNS Errors (RFC 8914 §2). Parsed by hand rather than with
 * ldns_wire2pkt: ldns keeps EDNS options only as an opaque blob and
 * reorders nothing we could check; here every length is bounds-checked and
 * every failure names the section, record and offset.
 */
#include "dane/dns/message.hpp"

#include <fmt/format.h>

#include <map>
#include <string_view>

#include "dane/error.hpp"

namespace dane::dns {
namespace {

constexpr const char* kWhere = "DNS message";
constexpr std::size_t kHeader = 12;
constexpr std::size_t kMinQuestion = 5;  // root name + QTYPE + QCLASS
constexpr std::size_t kMinRR = 11;       // root owner + TYPE, CLASS, TTL, RDLENGTH
constexpr std::size_t kMaxName = 255;    // RFC 1035 §2.3.4
constexpr std::uint16_t kPointerLimit = 0x4000;

// RDATA layouts of the types whose names may be compressed (RFC 1035 §3.3,
// RFC 3597 §4): 'N' a domain name, a digit d: d fixed octets ('k' = 20).
constexpr std::uint16_t kMD = 3, kMF = 4, kMB = 7, kMG = 8, kMR = 9, kPTR = 12, kMINFO = 14, kRP = 17,
                        kAFSDB = 18, kRT = 21, kPX = 26, kSRV = 33;

std::string_view compressible_layout(std::uint16_t type) {
  switch (type) {
    case rrtype::NS:
    case rrtype::CNAME:
    case kMD:
    case kMF:
    case kMB:
    case kMG:
    case kMR:
    case kPTR:
      return "N";
    case kMINFO:
    case kRP:
      return "NN";
    case rrtype::SOA:
      return "NNk";
    case rrtype::MX:
    case kAFSDB:
    case kRT:
      return "2N";
    case kPX:
      return "2NN";
    case kSRV:
      return "6N";
    default:
      return "";
  }
}

/// Reads a message, keeping the position and the section being read for errors.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> msg) : msg_(msg) {}

  std::size_t pos() const noexcept { return pos_; }
  std::size_t left() const noexcept { return msg_.size() - pos_; }

  [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
    throw InputError(kWhere, field, "", problem);
  }

  void need(std::size_t n, const std::string& field) const {
    if (left() < n)
      fail(field, fmt::format("is truncated: needs {} octets at offset {}, the message ends at {}", n, pos_,
                              msg_.size()));
  }

  std::uint8_t u8(const std::string& field) {
    need(1, field);
    return msg_[pos_++];
  }
  std::uint16_t u16(const std::string& field) {
    need(2, field);
    const auto v = static_cast<std::uint16_t>((msg_[pos_] << 8) | msg_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  std::uint32_t u32(const std::string& field) {
    const std::uint32_t hi = u16(field);
    return (hi << 16) | u16(field);
  }
  std::vector<std::uint8_t> bytes(std::size_t n, const std::string& field) {
    need(n, field);
    std::vector<std::uint8_t> out(msg_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                  msg_.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
    pos_ += n;
    return out;
  }

  /**
   * Reads a possibly compressed name at the current position, whose own
   * octets (before any pointer) must end by end. Each pointer must point
   * below the offset the previous jump started from (or below the name's
   * start for the first one), so the walk always terminates.
   */
  Name name(std::size_t end, const std::string& field) {
    std::vector<std::uint8_t> wire;
    std::size_t p = pos_;
    std::size_t limit = pos_;  // the next pointer must point below this
    std::size_t bound = end;   // octets readable at p
    bool jumped = false;
    for (;;) {
      if (p >= bound)
        fail(field, fmt::format("is truncated: the name ends at offset {} without its root label", p));
      const std::uint8_t len = msg_[p];
      if ((len & 0xC0) == 0xC0) {
        if (p + 1 >= bound) fail(field, fmt::format("is truncated: compression pointer cut at offset {}", p));
        const std::size_t target = static_cast<std::size_t>((len & 0x3F) << 8) | msg_[p + 1];
        if (!jumped) pos_ = p + 2;
        if (target >= limit)
          fail(field, fmt::format("has a compression pointer at offset {} to offset {}, not before {}: pointers "
                                  "must point to an earlier name (RFC 1035 §4.1.4), so loops are refused",
                                  p, target, limit));
        limit = target;
        p = target;
        bound = msg_.size();
        jumped = true;
        continue;
      }
      if ((len & 0xC0) != 0)
        fail(field, fmt::format("has label type 0x{:02x} at offset {}: only plain labels and compression pointers "
                                "are allowed (RFC 6891 §5)",
                                len & 0xC0, p));
      if (wire.size() + 1 + len > kMaxName)
        fail(field, fmt::format("is over {} octets at offset {} (RFC 1035 §2.3.4)", kMaxName, p));
      if (bound - p < 1u + len)
        fail(field, fmt::format("is truncated: label of {} octets at offset {} runs past offset {}", len, p, bound));
      wire.insert(wire.end(), msg_.begin() + static_cast<std::ptrdiff_t>(p),
                  msg_.begin() + static_cast<std::ptrdiff_t>(p + 1 + len));
      p += 1 + len;
      if (len == 0) break;
    }
    if (!jumped) pos_ = p;
    std::size_t used = 0;
    try {
      return Name::from_wire(wire, used);
    } catch (const InputError& e) {
      fail(field, e.problem());
    }
  }

  /// RDATA of type, rdlength octets, with compressed names expanded.
  std::vector<std::uint8_t> rdata(std::uint16_t type, std::size_t rdlength, const std::string& field) {
    need(rdlength, field + " RDATA");
    const std::size_t end = pos_ + rdlength;
    const std::string_view layout = compressible_layout(type);
    if (layout.empty()) return bytes(rdlength, field + " RDATA");
    std::vector<std::uint8_t> out;
    for (const char item : layout) {
      if (item == 'N') {
        const Name n = name(end, field + " RDATA name");
        out.insert(out.end(), n.wire().begin(), n.wire().end());
      } else {
        const std::size_t n = item == 'k' ? 20 : static_cast<std::size_t>(item - '0');
        if (end - pos_ < n)
          fail(field + " RDATA", fmt::format("is truncated: {} needs {} more octets at offset {}, RDLENGTH ends at {}",
                                             type_to_string(type), n, pos_, end));
        const auto b = bytes(n, field + " RDATA");
        out.insert(out.end(), b.begin(), b.end());
      }
    }
    if (pos_ != end)
      fail(field + " RDATA", fmt::format("has {} octets after the {} fields, at offset {} (RDLENGTH {})", end - pos_,
                                         type_to_string(type), pos_, rdlength));
    return out;
  }

 private:
  std::span<const std::uint8_t> msg_;
  std::size_t pos_ = 0;
};

/// Fills edns from an OPT RR's fields (RFC 6891 §6.1.2-6.1.3).
Edns read_opt(std::uint16_t rclass, std::uint32_t ttl, std::span<const std::uint8_t> rdata, std::uint16_t& rcode,
              const std::string& field) {
  Edns e;
  e.udp_payload_size = rclass;
  rcode = static_cast<std::uint16_t>(((ttl >> 24) << 4) | rcode);
  e.version = static_cast<std::uint8_t>((ttl >> 16) & 0xFF);
  e.dnssec_ok = (ttl & 0x8000) != 0;
  std::size_t p = 0;
  while (p < rdata.size()) {
    if (rdata.size() - p < 4)
      throw InputError(kWhere, field + " option", "",
                       fmt::format("is truncated: {} octets left at RDATA offset {}, an option needs 4", rdata.size() - p, p));
    const auto code = static_cast<std::uint16_t>((rdata[p] << 8) | rdata[p + 1]);
    const std::size_t len = static_cast<std::size_t>((rdata[p + 2] << 8) | rdata[p + 3]);
    p += 4;
    if (rdata.size() - p < len)
      throw InputError(kWhere, fmt::format("{} option {}", field, code), "",
                       fmt::format("is truncated: OPTION-LENGTH {} at RDATA offset {}, {} octets left", len, p - 2,
                                   rdata.size() - p));
    const auto data = rdata.subspan(p, len);
    p += len;
    if (code == edns_option::EDE) {
      if (len < 2)
        throw InputError(kWhere, field + " EDE option", "",
                         fmt::format("is {} octets: INFO-CODE needs 2 (RFC 8914 §2)", len));
      ExtendedError x;
      x.info_code = static_cast<std::uint16_t>((data[0] << 8) | data[1]);
      x.extra_text.assign(data.begin() + 2, data.end());
      e.errors.push_back(std::move(x));
    } else {
      e.options.push_back(EdnsOption{code, std::vector<std::uint8_t>(data.begin(), data.end())});
    }
  }
  return e;
}

/// Writes a message, compressing names against the exact octets already written.
class Writer {
 public:
  std::vector<std::uint8_t> out;

  void u8(std::uint8_t v) { out.push_back(v); }
  void u16(std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v & 0xFF));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v & 0xFFFF));
  }
  void octets(std::span<const std::uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); }

  void name(const Name& n) {
    const auto& w = n.wire();
    const std::size_t start = out.size();
    std::vector<std::size_t> labels;
    for (std::size_t i = 0; i < w.size() && w[i] != 0; i += 1u + w[i]) labels.push_back(i);
    for (const std::size_t i : labels) {
      const auto it = offsets_.find(std::vector<std::uint8_t>(w.begin() + static_cast<std::ptrdiff_t>(i), w.end()));
      if (it == offsets_.end()) continue;
      out.insert(out.end(), w.begin(), w.begin() + static_cast<std::ptrdiff_t>(i));
      u16(static_cast<std::uint16_t>(0xC000 | it->second));
      remember(w, labels, i, start);
      return;
    }
    octets(w);
    remember(w, labels, w.size(), start);
  }

 private:
  /// Records the suffixes of w that start before stop, written at start.
  void remember(const std::vector<std::uint8_t>& w, const std::vector<std::size_t>& labels, std::size_t stop,
                std::size_t start) {
    for (const std::size_t i : labels) {
      if (i >= stop || start + i >= kPointerLimit) break;
      offsets_.emplace(std::vector<std::uint8_t>(w.begin() + static_cast<std::ptrdiff_t>(i), w.end()),
                       static_cast<std::uint16_t>(start + i));
    }
  }
  std::map<std::vector<std::uint8_t>, std::uint16_t> offsets_;
};

/// The OPT RR of edns with the upper 8 bits of rcode (RFC 6891 §6.1.2).
std::vector<std::uint8_t> opt_wire(const Edns& e, std::uint16_t rcode) {
  Writer w;
  for (const auto& x : e.errors) {
    if (x.extra_text.size() > 65535 - 2) throw UsageError("DNS message: EDE EXTRA-TEXT over 65533 octets");
    w.u16(edns_option::EDE);
    w.u16(static_cast<std::uint16_t>(2 + x.extra_text.size()));
    w.u16(x.info_code);
    for (const char c : x.extra_text) w.u8(static_cast<std::uint8_t>(c));
  }
  for (const auto& o : e.options) {
    if (o.data.size() > 65535) throw UsageError("DNS message: EDNS option data over 65535 octets");
    w.u16(o.code);
    w.u16(static_cast<std::uint16_t>(o.data.size()));
    w.octets(o.data);
  }
  if (w.out.size() > 65535) throw UsageError("DNS message: OPT RDATA over 65535 octets");
  Writer rr;
  rr.u8(0);
  rr.u16(rrtype::OPT);
  rr.u16(e.udp_payload_size);
  rr.u8(static_cast<std::uint8_t>(rcode >> 4));
  rr.u8(e.version);
  rr.u16(e.dnssec_ok ? 0x8000 : 0);
  rr.u16(static_cast<std::uint16_t>(w.out.size()));
  rr.octets(w.out);
  return rr.out;
}

std::vector<std::uint8_t> encode(const Message& m, std::size_t max_size, bool may_truncate) {
  if (m.opcode > 15) throw UsageError(fmt::format("DNS message: opcode {} does not fit in 4 bits", m.opcode));
  if (!m.edns && m.rcode > 15)
    throw UsageError(fmt::format("DNS message: rcode {} needs EDNS (RFC 6891 §6.1.3)", m.rcode));
  if (m.rcode > 4095) throw UsageError(fmt::format("DNS message: rcode {} does not fit in 12 bits", m.rcode));
  if (m.answer.size() > 65535 || m.authority.size() > 65535 || m.additional.size() + (m.edns ? 1 : 0) > 65535)
    throw UsageError("DNS message: a section has more than 65535 RRs");
  max_size = std::min(max_size, Message::max_size);

  Writer w;
  w.out.resize(kHeader);
  if (m.question) {
    w.name(m.question->name);
    w.u16(m.question->type);
    w.u16(m.question->qclass);
  }
  const std::vector<std::uint8_t> opt = m.edns ? opt_wire(*m.edns, m.rcode) : std::vector<std::uint8_t>{};
  if (w.out.size() + opt.size() > max_size)
    throw UsageError(fmt::format("DNS message: header, question and OPT RR take {} octets, more than the {} allowed",
                                 w.out.size() + opt.size(), max_size));

  bool truncated = false;
  std::size_t counts[3] = {0, 0, 0};
  const std::vector<RR>* sections[3] = {&m.answer, &m.authority, &m.additional};
  for (std::size_t s = 0; s < 3 && !truncated; ++s) {
    for (const RR& rr : *sections[s]) {
      if (rr.rdata.size() > 65535)
        throw UsageError(fmt::format("DNS message: RDATA of {} {} is {} octets, over 65535", rr.owner.to_string(),
                                     type_to_string(rr.type), rr.rdata.size()));
      const std::size_t mark = w.out.size();
      w.name(rr.owner);
      w.u16(rr.type);
      w.u16(rr.rclass);
      w.u32(rr.ttl);
      w.u16(static_cast<std::uint16_t>(rr.rdata.size()));
      w.octets(rr.rdata);
      if (w.out.size() + opt.size() > max_size) {
        if (!may_truncate)
          throw UsageError(fmt::format("DNS message: over {} octets at {} {}", max_size, rr.owner.to_string(),
                                       type_to_string(rr.type)));
        w.out.resize(mark);
        truncated = true;
        break;
      }
      ++counts[s];
    }
  }
  const bool tc = m.tc || truncated;
  w.octets(opt);
  if (m.edns) ++counts[2];

  auto& o = w.out;
  o[0] = static_cast<std::uint8_t>(m.id >> 8);
  o[1] = static_cast<std::uint8_t>(m.id & 0xFF);
  o[2] = static_cast<std::uint8_t>((m.qr ? 0x80 : 0) | (m.opcode << 3) | (m.aa ? 0x04 : 0) | (tc ? 0x02 : 0) |
                                   (m.rd ? 0x01 : 0));
  o[3] = static_cast<std::uint8_t>((m.ra ? 0x80 : 0) | (m.ad ? 0x20 : 0) | (m.cd ? 0x10 : 0) | (m.rcode & 0x0F));
  const std::size_t qd = m.question ? 1 : 0;
  const std::size_t all[4] = {qd, counts[0], counts[1], counts[2]};
  for (std::size_t i = 0; i < 4; ++i) {
    o[4 + 2 * i] = static_cast<std::uint8_t>(all[i] >> 8);
    o[5 + 2 * i] = static_cast<std::uint8_t>(all[i] & 0xFF);
  }
  return o;
}

std::string class_name(std::uint16_t c) { return c == class_in ? "IN" : fmt::format("CLASS{}", c); }

std::string opcode_name(std::uint8_t op) {
  switch (op) {
    case opcode::QUERY: return "QUERY";
    case opcode::IQUERY: return "IQUERY";
    case opcode::STATUS: return "STATUS";
    case opcode::NOTIFY: return "NOTIFY";
    case opcode::UPDATE: return "UPDATE";
    default: return fmt::format("OPCODE{}", op);
  }
}

std::string rcode_name(std::uint16_t rc) {
  static const char* const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};
  if (rc < 6) return names[rc];
  if (rc == rcode::BADVERS) return "BADVERS";
  return fmt::format("RCODE{}", rc);
}

}  // namespace

Message Message::from_wire(std::span<const std::uint8_t> wire) {
  if (wire.size() > max_size)
    throw InputError(kWhere, "", "", fmt::format("is {} octets, more than the {} allowed", wire.size(), max_size));
  Reader r(wire);
  Message m;
  m.id = r.u16("header");
  const std::uint8_t f1 = r.u8("header");
  const std::uint8_t f2 = r.u8("header");
  m.qr = (f1 & 0x80) != 0;
  m.opcode = static_cast<std::uint8_t>((f1 >> 3) & 0x0F);
  m.aa = (f1 & 0x04) != 0;
  m.tc = (f1 & 0x02) != 0;
  m.rd = (f1 & 0x01) != 0;
  m.ra = (f2 & 0x80) != 0;
  m.ad = (f2 & 0x20) != 0;
  m.cd = (f2 & 0x10) != 0;
  m.rcode = f2 & 0x0F;
  const std::size_t qd = r.u16("header");
  const std::size_t counts[3] = {r.u16("header"), r.u16("header"), r.u16("header")};
  if (qd > 1) r.fail("QDCOUNT", fmt::format("is {}: more than one question is not supported", qd));
  const std::size_t least = qd * kMinQuestion + (counts[0] + counts[1] + counts[2]) * kMinRR;
  if (least > r.left())
    r.fail("header counts", fmt::format("claim {} question(s) and {} RRs, needing at least {} octets, but only {} "
                                        "follow the header",
                                        qd, counts[0] + counts[1] + counts[2], least, r.left()));
  if (qd == 1) {
    Question q;
    q.name = r.name(wire.size(), "question name");
    q.type = r.u16("question QTYPE");
    q.qclass = r.u16("question QCLASS");
    m.question = std::move(q);
  }
  static const char* const names[3] = {"answer", "authority", "additional"};
  std::vector<RR>* sections[3] = {&m.answer, &m.authority, &m.additional};
  bool have_opt = false;
  std::uint16_t header_rcode = m.rcode;
  for (std::size_t s = 0; s < 3; ++s) {
    sections[s]->reserve(counts[s]);
    for (std::size_t i = 0; i < counts[s]; ++i) {
      const std::string field = fmt::format("{} RR #{}", names[s], i + 1);
      const std::size_t start = r.pos();
      RR rr;
      rr.owner = r.name(wire.size(), field + " owner");
      rr.type = r.u16(field + " TYPE");
      rr.rclass = r.u16(field + " CLASS");
      rr.ttl = r.u32(field + " TTL");
      const std::size_t rdlength = r.u16(field + " RDLENGTH");
      rr.rdata = r.rdata(rr.type, rdlength, field);
      if (rr.type != rrtype::OPT) {
        sections[s]->push_back(std::move(rr));
        continue;
      }
      if (s != 2) r.fail(field, fmt::format("at offset {} is an OPT RR outside the additional section (RFC 6891 §6.1.1)", start));
      if (have_opt) r.fail(field, fmt::format("at offset {} is a second OPT RR (RFC 6891 §6.1.1)", start));
      if (!rr.owner.is_root())
        r.fail(field, fmt::format("at offset {} is an OPT RR owned by {}, not the root (RFC 6891 §6.1.2)", start,
                                  rr.owner.to_string()));
      have_opt = true;
      m.edns = read_opt(rr.rclass, rr.ttl, rr.rdata, header_rcode, field);
    }
  }
  m.rcode = header_rcode;
  if (r.left() != 0)
    r.fail("", fmt::format("has {} octets after the last record, at offset {}", r.left(), r.pos()));
  return m;
}

std::vector<std::uint8_t> Message::to_wire() const { return encode(*this, max_size, false); }

std::vector<std::uint8_t> Message::to_wire(std::size_t limit) const { return encode(*this, limit, true); }

std::string Message::to_string() const {
  std::string flags;
  const std::pair<bool, const char*> bits[] = {{qr, "qr"}, {aa, "aa"}, {tc, "tc"}, {rd, "rd"},
                                               {ra, "ra"}, {ad, "ad"}, {cd, "cd"}};
  for (const auto& [on, label] : bits)
    if (on) flags += fmt::format(" {}", label);
  std::string out = fmt::format(";; ->>HEADER<<- opcode: {}, status: {}, id: {}\n", opcode_name(opcode),
                                rcode_name(rcode), id);
  out += fmt::format(";; flags:{}; QUERY: {}, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: {}\n", flags,
                     question ? 1 : 0, answer.size(), authority.size(), additional.size() + (edns ? 1 : 0));
  if (edns) {
    out += fmt::format("\n;; OPT PSEUDOSECTION:\n; EDNS: version: {}, flags:{}; udp: {}\n", edns->version,
                       edns->dnssec_ok ? " do" : "", edns->udp_payload_size);
    for (const auto& e : edns->errors) out += fmt::format("; EDE: {}: ({})\n", e.info_code, e.extra_text);
    for (const auto& o : edns->options) out += fmt::format("; OPTION {}: {} octets\n", o.code, o.data.size());
  }
  if (question)
    out += fmt::format("\n;; QUESTION SECTION:\n;{}\t\t{}\t{}\n", question->name.to_string(),
                       class_name(question->qclass), type_to_string(question->type));
  static const char* const titles[3] = {"ANSWER", "AUTHORITY", "ADDITIONAL"};
  const std::vector<RR>* sections[3] = {&answer, &authority, &additional};
  for (std::size_t s = 0; s < 3; ++s) {
    if (sections[s]->empty()) continue;
    out += fmt::format("\n;; {} SECTION:\n", titles[s]);
    for (const RR& rr : *sections[s]) out += rr.to_string() + "\n";
  }
  return out;
}

}  // namespace dane::dns
