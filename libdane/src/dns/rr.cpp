/*
 * Resource records and RRsets: presentation parsing and printing on ldns,
 * canonical RDATA (RFC 4034 §6.2 as amended by RFC 6840 §5.1), master files
 * (RFC 1035 §5) and RRset grouping (RFC 2181 §5).
 */
#include "dane/dns/rr.hpp"

#include <ldns/ldns.h>

#include <botan/hex.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "dane/error.hpp"

namespace dane::dns {
namespace {

constexpr const char* kWhere = "DNS record";
/// Longest text RR::parse accepts: 65535 octets of RDATA written as "\DDD" escapes, with room to spare.
constexpr std::size_t kMaxRecordText = 1024 * 1024;
/// Limits of parse_zone: hostile or accidental huge input is refused, not read.
constexpr std::size_t kMaxZoneText = 64 * 1024 * 1024;
constexpr std::size_t kMaxZoneRecords = 1'000'000;
constexpr std::size_t kMaxRdata = 65535;  // RFC 1035 §3.2.1: RDLENGTH is 16 bits

// RAII for the ldns objects used here.
struct RrFree {
  void operator()(ldns_rr* p) const noexcept { ldns_rr_free(p); }
};
struct RdfFree {
  void operator()(ldns_rdf* p) const noexcept { ldns_rdf_deep_free(p); }
};
struct BufferFree {
  void operator()(ldns_buffer* p) const noexcept { ldns_buffer_free(p); }
};
struct FileClose {
  void operator()(FILE* f) const noexcept { std::fclose(f); }
};
using RrPtr = std::unique_ptr<ldns_rr, RrFree>;
using RdfPtr = std::unique_ptr<ldns_rdf, RdfFree>;
using BufferPtr = std::unique_ptr<ldns_buffer, BufferFree>;

/// A dname rdf holding name's wire form.
RdfPtr dname_rdf(const Name& name) {
  const auto& w = name.wire();
  RdfPtr rdf(ldns_dname_new_frm_data(static_cast<std::uint16_t>(w.size()), w.data()));
  if (!rdf) throw std::bad_alloc();
  return rdf;
}

/// Reads a whole dname rdf into a Name.
Name name_from_rdf(const ldns_rdf* rdf, const std::string& where, const std::string& field) {
  const std::span<const std::uint8_t> wire(ldns_rdf_data(rdf), ldns_rdf_size(rdf));
  std::size_t used = 0;
  Name n = Name::from_wire(wire, used);
  if (used != wire.size()) throw InputError(where, field, "", "has octets after the root label");
  return n;
}

/// The RDATA of an ldns RR in uncompressed wire form.
std::vector<std::uint8_t> rdata_of(const ldns_rr* rr) {
  BufferPtr buf(ldns_buffer_new(512));
  if (!buf) throw std::bad_alloc();
  if (ldns_rr_rdata2buffer_wire(buf.get(), rr) != LDNS_STATUS_OK) throw std::bad_alloc();
  const std::uint8_t* p = ldns_buffer_begin(buf.get());
  return std::vector<std::uint8_t>(p, p + ldns_buffer_position(buf.get()));
}

/// Converts what ldns parsed into an RR, re-checking the limits.
RR from_ldns(const ldns_rr* rr, const std::string& where, const std::string& text) {
  RR out;
  out.owner = name_from_rdf(ldns_rr_owner(rr), where, "owner");
  out.type = static_cast<std::uint16_t>(ldns_rr_get_type(rr));
  out.rclass = static_cast<std::uint16_t>(ldns_rr_get_class(rr));
  out.ttl = ldns_rr_ttl(rr);
  out.rdata = rdata_of(rr);
  if (out.rdata.size() > kMaxRdata)
    throw InputError(where, "RDATA", text, fmt::format("is {} octets, more than the 65535 allowed", out.rdata.size()));
  return out;
}

std::string class_to_string(std::uint16_t rclass) {
  std::unique_ptr<char, decltype(&std::free)> s(ldns_rr_class2str(static_cast<ldns_rr_class>(rclass)), std::free);
  return s ? std::string(s.get()) : fmt::format("CLASS{}", rclass);
}

/// The RFC 3597 generic presentation of an RR: "owner TTL class type \# len hex".
std::string generic_string(const RR& rr) {
  std::string out = fmt::format("{}\t{}\t{}\t{}\t\\# {}", rr.owner.to_string(), rr.ttl, class_to_string(rr.rclass),
                                type_to_string(rr.type), rr.rdata.size());
  if (!rr.rdata.empty()) out += " " + Botan::hex_encode(rr.rdata, false);
  return out;
}

/// Strips the trailing white space (and newline) ldns leaves on its output.
std::string trim_right(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  return s;
}

/// Appends the domain name at rdata[pos..] to out in canonical (lower-case) form.
void copy_name_lowered(std::span<const std::uint8_t> rdata, std::size_t& pos, std::vector<std::uint8_t>& out,
                       std::uint16_t type, const char* field) {
  std::size_t used = 0;
  try {
    const Name n = Name::from_wire(rdata.subspan(pos), used);
    const auto c = n.canonical_wire();
    out.insert(out.end(), c.begin(), c.end());
  } catch (const InputError& e) {
    throw InputError(type_to_string(type) + " RDATA", field, "",
                     fmt::format("at offset {} {}", pos, e.problem()));
  }
  pos += used;
}

/// Copies n octets of fixed-size fields.
void copy_octets(std::span<const std::uint8_t> rdata, std::size_t& pos, std::size_t n, std::vector<std::uint8_t>& out,
                 std::uint16_t type, const char* field) {
  if (rdata.size() - pos < n)
    throw InputError(type_to_string(type) + " RDATA", field, "",
                     fmt::format("is truncated: needs {} octets at offset {}, {} left", n, pos, rdata.size() - pos));
  out.insert(out.end(), rdata.begin() + static_cast<std::ptrdiff_t>(pos),
             rdata.begin() + static_cast<std::ptrdiff_t>(pos + n));
  pos += n;
}

/// Copies one <character-string> (length octet + octets).
void copy_string(std::span<const std::uint8_t> rdata, std::size_t& pos, std::vector<std::uint8_t>& out,
                 std::uint16_t type, const char* field) {
  copy_octets(rdata, pos, 1, out, type, field);
  copy_octets(rdata, pos, out.back(), out, type, field);
}

// RFC 1035 / RFC 2535 / RFC 4034 / RFC 3596 type numbers of the types in RFC
// 4034 §6.2 item 3 that the public header does not name.
constexpr std::uint16_t kMD = 3, kMF = 4, kMB = 7, kMG = 8, kMR = 9, kPTR = 12, kMINFO = 14, kRP = 17, kAFSDB = 18,
                        kRT = 21, kSIG = 24, kPX = 26, kNXT = 30, kSRV = 33, kNAPTR = 35, kKX = 36, kA6 = 38;

/// Iterative scanner over a master file held in memory, reading RRs with ldns.
class ZoneReader {
 public:
  ZoneReader(std::string_view text, const Name& origin, std::uint32_t default_ttl)
      : text_(text), ttl_(default_ttl), origin_(dname_rdf(origin).release()) {}
  ~ZoneReader() {
    if (origin_) ldns_rdf_deep_free(origin_);
    if (prev_) ldns_rdf_deep_free(prev_);
  }
  ZoneReader(const ZoneReader&) = delete;
  ZoneReader& operator=(const ZoneReader&) = delete;

  std::vector<RR> read() {
    std::vector<RR> out;
    if (text_.empty()) return out;
    std::unique_ptr<FILE, FileClose> f(fmemopen(const_cast<char*>(text_.data()), text_.size(), "r"));
    if (!f) throw std::bad_alloc();
    int line_nr = 1;
    while (true) {
      const long before = std::ftell(f.get());
      if (before < 0 || static_cast<std::size_t>(before) >= text_.size() || std::feof(f.get())) break;
      const bool had_owner = prev_ != nullptr;
      ldns_rr* raw = nullptr;
      const ldns_status st = ldns_rr_new_frm_fp_l(&raw, f.get(), &ttl_, &origin_, &prev_, &line_nr);
      RrPtr rr(raw);
      const long after = std::ftell(f.get());
      const std::size_t start = static_cast<std::size_t>(before);
      const std::size_t end = after < 0 ? text_.size() : std::min(text_.size(), static_cast<std::size_t>(after));
      switch (st) {
        case LDNS_STATUS_OK:
          if (!rr) break;
          if (!had_owner && starts_blank(start, end))
            throw InputError(where(start, end), "owner", excerpt(start, end),
                             "is missing (the line starts with white space) and no previous record gives one");
          if (out.size() >= kMaxZoneRecords)
            throw InputError(where(start, end), "", "",
                             fmt::format("the zone has more than {} records", kMaxZoneRecords));
          try {
            out.push_back(from_ldns(rr.get(), "zone", ""));
          } catch (const InputError& e) {
            throw InputError(where(start, end), e.field(), excerpt(start, end), e.problem());
          }
          break;
        case LDNS_STATUS_SYNTAX_TTL:
          check_ttl_directive(start, end);
          break;
        case LDNS_STATUS_SYNTAX_EMPTY:
        case LDNS_STATUS_SYNTAX_ORIGIN:
          break;
        case LDNS_STATUS_SYNTAX_INCLUDE:
          throw InputError(where(start, end), "", excerpt(start, end), "is refused: $INCLUDE is not supported");
        default:
          throw InputError(where(start, end), "", excerpt(start, end),
                           std::string("does not parse: ") + ldns_get_errorstr_by_id(st));
      }
      if (after <= before) break;  // no progress: never loop forever
    }
    return out;
  }

 private:
  /// First octet of the entry that starts at or after pos: blank lines and comments skipped.
  std::size_t entry_start(std::size_t pos, std::size_t end) const {
    while (pos < end) {
      const char c = text_[pos];
      if (c == ';') {
        while (pos < end && text_[pos] != '\n') ++pos;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos;
      } else {
        break;
      }
    }
    return pos;
  }
  /// True when the entry read between start and end begins its line with white space (no owner).
  bool starts_blank(std::size_t start, std::size_t end) const {
    const std::size_t first = entry_start(start, end);
    std::size_t bol = first;
    while (bol > 0 && text_[bol - 1] != '\n') --bol;
    return first > bol && (text_[bol] == ' ' || text_[bol] == '\t');
  }
  /// ldns takes "$TTL abc" as 0: require digits with optional BIND units ("3600", "1h30m").
  void check_ttl_directive(std::size_t start, std::size_t end) const {
    const std::string line = excerpt(start, end);
    std::string_view arg = std::string_view(line).substr(std::min<std::size_t>(4, line.size()));
    arg.remove_prefix(std::min(arg.find_first_not_of(" \t"), arg.size()));
    arg = arg.substr(0, std::min(arg.find_first_of(" \t;"), arg.size()));
    const bool ok = !arg.empty() && arg.front() >= '0' && arg.front() <= '9' &&
                    arg.find_first_not_of("0123456789sSmMhHdDwW") == std::string_view::npos;
    if (!ok) throw InputError(where(start, end), "$TTL", line, "is not followed by a TTL");
  }
  /// 1-based line number of the octet at pos (only computed for errors).
  std::size_t line_of(std::size_t pos) const {
    return 1 + static_cast<std::size_t>(std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
  }
  /// "zone line 7" or "zone lines 7-9" for the entry read between start and end.
  std::string where(std::size_t start, std::size_t end) const {
    const std::size_t first = entry_start(start, end);
    std::size_t last_pos = end;
    while (last_pos > first && (text_[last_pos - 1] == '\n' || text_[last_pos - 1] == '\r')) --last_pos;
    const std::size_t a = line_of(std::min(first, text_.size())), b = line_of(last_pos);
    return b > a ? fmt::format("zone lines {}-{}", a, b) : fmt::format("zone line {}", a);
  }
  /// The text of the entry (first line only), for the error message.
  std::string excerpt(std::size_t start, std::size_t end) const {
    const std::size_t first = entry_start(start, end);
    std::size_t stop = first;
    while (stop < end && text_[stop] != '\n' && text_[stop] != '\r') ++stop;
    return std::string(text_.substr(first, stop - first));
  }

  std::string_view text_;
  std::uint32_t ttl_;
  ldns_rdf* origin_ = nullptr;
  ldns_rdf* prev_ = nullptr;
};

/// Canonical RDATA for duplicate detection; malformed RDATA compares as written.
std::vector<std::uint8_t> dedup_key(const RR& rr) {
  try {
    return rr.canonical_rdata();
  } catch (const InputError&) {
    return rr.rdata;
  }
}

}  // namespace

std::string type_to_string(std::uint16_t type) {
  std::unique_ptr<char, decltype(&std::free)> s(ldns_rr_type2str(static_cast<ldns_rr_type>(type)), std::free);
  return s ? std::string(s.get()) : fmt::format("TYPE{}", type);
}

std::uint16_t type_from_string(std::string_view text) {
  if (text.empty()) throw InputError("record type", "", "", "is empty");
  if (text.size() > 32 || text.find('\0') != std::string_view::npos)
    throw InputError("record type", "", std::string(text), "is not a record type");
  // RFC 3597 §5: "TYPE" followed by the decimal value. Parsed here strictly
  // (ldns uses atoi: "TYPE12x" and "TYPE70000" would pass).
  auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
  if (text.size() > 4 && upper(text[0]) == 'T' && upper(text[1]) == 'Y' && upper(text[2]) == 'P' &&
      upper(text[3]) == 'E') {
    const std::string_view digits = text.substr(4);
    unsigned long v = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || end != digits.data() + digits.size() || v > 65535)
      throw InputError("record type", "", std::string(text), "is not TYPE followed by a number from 0 to 65535");
    return static_cast<std::uint16_t>(v);
  }
  const std::string s(text);
  const ldns_rr_type t = ldns_get_rr_type_by_name(s.c_str());
  if (t == 0) throw InputError("record type", "", s, "is not a known record type mnemonic");
  return static_cast<std::uint16_t>(t);
}

RR RR::parse(std::string_view line, const Name& origin, std::uint32_t default_ttl) {
  if (line.size() > kMaxRecordText)
    throw InputError(kWhere, "", "", fmt::format("text is {} characters, more than the {} allowed", line.size(), kMaxRecordText));
  if (const auto nul = line.find('\0'); nul != std::string_view::npos)
    throw InputError(kWhere, "", "", fmt::format("text contains a NUL character at offset {}", nul));
  if (line.find_first_not_of(" \t\r\n") == std::string_view::npos) throw InputError(kWhere, "", "", "text is empty");
  // A line starting with white space has no owner in master-file syntax and
  // ldns would silently use the origin: the owner is the first token here.
  const std::string text(line.substr(line.find_first_not_of(" \t\r\n")));
  const RdfPtr origin_rdf = dname_rdf(origin);
  ldns_rr* raw = nullptr;
  const ldns_status st = ldns_rr_new_frm_str(&raw, text.c_str(), default_ttl, origin_rdf.get(), nullptr);
  const RrPtr rr(raw);
  if (st != LDNS_STATUS_OK || !rr)
    throw InputError(kWhere, "", text, std::string("does not parse: ") + ldns_get_errorstr_by_id(st));
  return from_ldns(rr.get(), kWhere, text);
}

std::string RR::to_string() const {
  if (rdata.empty() || rdata.size() > kMaxRdata) return generic_string(*this);
  RrPtr rr(ldns_rr_new());
  if (!rr) throw std::bad_alloc();
  ldns_rr_set_owner(rr.get(), dname_rdf(owner).release());
  ldns_rr_set_type(rr.get(), static_cast<ldns_rr_type>(type));
  ldns_rr_set_class(rr.get(), static_cast<ldns_rr_class>(rclass));
  ldns_rr_set_ttl(rr.get(), ttl);
  // ldns_wire2rdf reads RDLENGTH first.
  std::vector<std::uint8_t> wire;
  wire.reserve(rdata.size() + 2);
  wire.push_back(static_cast<std::uint8_t>(rdata.size() >> 8));
  wire.push_back(static_cast<std::uint8_t>(rdata.size()));
  wire.insert(wire.end(), rdata.begin(), rdata.end());
  std::size_t pos = 0;
  if (ldns_wire2rdf(rr.get(), wire.data(), wire.size(), &pos) != LDNS_STATUS_OK) return generic_string(*this);
  // ldns's per-type reading must give back exactly these octets (no name
  // decompression, nothing left over); otherwise print the generic form.
  if (pos != wire.size() || rdata_of(rr.get()) != rdata) return generic_string(*this);
  std::unique_ptr<char, decltype(&std::free)> s(ldns_rr2str(rr.get()), std::free);
  if (!s) return generic_string(*this);
  return trim_right(std::string(s.get()));
}

std::vector<std::uint8_t> RR::canonical_rdata() const {
  const std::span<const std::uint8_t> in(rdata);
  std::vector<std::uint8_t> out;
  out.reserve(rdata.size());
  std::size_t pos = 0;
  auto rest = [&] {
    out.insert(out.end(), rdata.begin() + static_cast<std::ptrdiff_t>(pos), rdata.end());
    pos = rdata.size();
  };
  auto name = [&](const char* field) { copy_name_lowered(in, pos, out, type, field); };
  auto fixed = [&](std::size_t n, const char* field) { copy_octets(in, pos, n, out, type, field); };
  switch (type) {
    // One domain name (RFC 1035 §3.3, RFC 6672).
    case rrtype::NS:
    case kMD:
    case kMF:
    case rrtype::CNAME:
    case kMB:
    case kMG:
    case kMR:
    case kPTR:
    case rrtype::DNAME:
      name("domain name");
      break;
    case rrtype::SOA:  // MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM
      name("MNAME");
      name("RNAME");
      fixed(20, "serial/timers");
      break;
    case kMINFO:  // RMAILBX EMAILBX
      name("RMAILBX");
      name("EMAILBX");
      break;
    case kRP:  // mbox-dname txt-dname (RFC 1183 §2.2)
      name("mailbox");
      name("TXT name");
      break;
    case rrtype::MX:  // preference exchange; AFSDB (RFC 1183 §1), RT (§3.3), KX (RFC 2230) alike
    case kAFSDB:
    case kRT:
    case kKX:
      fixed(2, "preference");
      name("host name");
      break;
    case kPX:  // PREFERENCE MAP822 MAPX400 (RFC 2163 §4)
      fixed(2, "preference");
      name("MAP822");
      name("MAPX400");
      break;
    case kSIG:  // RFC 2535 §4.1 and RFC 4034 §3.1: 18 octets, signer, signature
    case rrtype::RRSIG:
      fixed(18, "fixed fields");
      name("signer name");
      rest();
      break;
    case kNXT:  // next domain name, type bit map (RFC 2535 §5.2)
      name("next domain name");
      rest();
      break;
    case kSRV:  // priority weight port target (RFC 2782)
      fixed(6, "priority/weight/port");
      name("target");
      break;
    case kNAPTR:  // order preference flags services regexp replacement (RFC 3403 §4.1)
      fixed(4, "order/preference");
      copy_string(in, pos, out, type, "flags");
      copy_string(in, pos, out, type, "services");
      copy_string(in, pos, out, type, "regexp");
      name("replacement");
      break;
    case kA6: {  // prefix length, address suffix, prefix name when the length is not 0 (RFC 2874 §3.1.1)
      fixed(1, "prefix length");
      const std::uint8_t plen = out.back();
      if (plen > 128)
        throw InputError("A6 RDATA", "prefix length", std::to_string(plen), "is greater than 128");
      fixed((128u - plen + 7u) / 8u, "address suffix");
      if (plen > 0) name("prefix name");
      break;
    }
    default:  // everything else, NSEC (RFC 6840 §5.1) and HINFO included, is compared as is
      return rdata;
  }
  if (pos != rdata.size())
    throw InputError(type_to_string(type) + " RDATA", "", "",
                     fmt::format("has {} octets after the last field", rdata.size() - pos));
  return out;
}

std::vector<RR> parse_zone(std::string_view text, const Name& origin, std::uint32_t default_ttl) {
  if (text.size() > kMaxZoneText)
    throw InputError("zone", "", "", fmt::format("text is {} octets, more than the {} allowed", text.size(), kMaxZoneText));
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    throw InputError(fmt::format("zone line {}", line), "", "", "contains a NUL character");
  }
  ZoneReader reader(text, origin, default_ttl);
  return reader.read();
}

std::vector<RR> RRset::records() const {
  std::vector<RR> out;
  out.reserve(rdatas.size());
  for (const auto& r : rdatas) out.push_back(RR{owner, type, rclass, ttl, r});
  return out;
}

std::string RRset::to_string() const {
  std::string out;
  for (const auto& rr : records()) out += rr.to_string() + "\n";
  return out;
}

std::vector<RRset> group_rrsets(std::span<const RR> rrs) {
  using Key = std::tuple<std::vector<std::uint8_t>, std::uint16_t, std::uint16_t>;
  std::map<Key, std::size_t> index;
  std::vector<RRset> out;
  std::vector<std::set<std::vector<std::uint8_t>>> seen;
  for (const RR& rr : rrs) {
    Key key{rr.owner.canonical_wire(), rr.rclass, rr.type};
    auto [it, inserted] = index.try_emplace(std::move(key), out.size());
    if (inserted) {
      out.push_back(RRset{rr.owner, rr.type, rr.rclass, rr.ttl, {}});
      seen.emplace_back();
    }
    RRset& set = out[it->second];
    set.ttl = std::min(set.ttl, rr.ttl);
    if (seen[it->second].insert(dedup_key(rr)).second) set.rdatas.push_back(rr.rdata);
  }
  return out;
}

}  // namespace dane::dns
