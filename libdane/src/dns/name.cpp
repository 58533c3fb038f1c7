/*
 * DNS names: presentation parsing on ldns, wire form, canonical order
 * (RFC 1035 §3.1, RFC 4034 §6.1-6.2).
 */
#include "dane/dns/name.hpp"

#include <ldns/ldns.h>

#include <algorithm>
#include <fmt/format.h>
#include <memory>

#include "dane/error.hpp"

namespace dane::dns {
namespace {

constexpr std::size_t kMaxName = 255;  // RFC 1035 §2.3.4
constexpr std::size_t kMaxLabel = 63;

std::uint8_t lower(std::uint8_t c) { return (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c + 32) : c; }

/// Offsets of the length octets of each label (the root not included).
std::vector<std::size_t> label_offsets(const std::vector<std::uint8_t>& wire) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < wire.size() && wire[i] != 0; i += 1 + wire[i]) out.push_back(i);
  return out;
}

/// True when text ends with a dot that is not escaped ("a.b." yes, "a\\." no).
bool ends_with_unescaped_dot(std::string_view text) {
  if (text.empty() || text.back() != '.') return false;
  std::size_t backslashes = 0;
  for (std::size_t i = text.size() - 1; i > 0 && text[i - 1] == '\\'; --i) ++backslashes;
  return backslashes % 2 == 0;
}

}  // namespace

Name::Name() : wire_{0} {}

Name Name::parse(std::string_view text) { return parse(text, Name()); }

Name Name::parse(std::string_view text, const Name& origin) {
  if (text.empty()) throw InputError("domain name", "", "", "is empty");
  if (text.size() > 4 * kMaxName) throw InputError("domain name", "", std::string(text), "is too long");
  if (text == "@") return origin;
  std::string absolute(text);
  if (!ends_with_unescaped_dot(text)) absolute += origin.is_root() ? "." : "." + origin.to_string();
  ldns_rdf* raw = nullptr;
  const ldns_status st = ldns_str2rdf_dname(&raw, absolute.c_str());
  const std::unique_ptr<ldns_rdf, decltype(&ldns_rdf_deep_free)> rdf(raw, ldns_rdf_deep_free);
  if (st != LDNS_STATUS_OK || !rdf)
    throw InputError("domain name", "", std::string(text), std::string("is not valid: ") + ldns_get_errorstr_by_id(st));
  const std::uint8_t* data = ldns_rdf_data(rdf.get());
  std::vector<std::uint8_t> wire(data, data + ldns_rdf_size(rdf.get()));
  std::size_t used = 0;
  Name n = from_wire(wire, used);  // re-checks the limits on what ldns produced
  if (used != wire.size()) throw InputError("domain name", "", std::string(text), "is not valid");
  return n;
}

Name Name::from_wire(std::span<const std::uint8_t> wire, std::size_t& consumed) {
  std::vector<std::uint8_t> out;
  std::size_t i = 0;
  while (true) {
    if (i >= wire.size()) throw InputError("domain name (wire)", "", "", fmt::format("is truncated at octet {}", i));
    const std::uint8_t len = wire[i];
    if ((len & 0xC0) != 0)
      throw InputError("domain name (wire)", "", "",
                       fmt::format("has a compression pointer or extended label type 0x{:02X} at octet {}", len, i));
    if (i + 1 + len > wire.size())
      throw InputError("domain name (wire)", "", "", fmt::format("is truncated inside the label at octet {}", i));
    if (out.size() + 1 + len > kMaxName)
      throw InputError("domain name (wire)", "", "", "is longer than 255 octets");
    out.insert(out.end(), wire.begin() + static_cast<std::ptrdiff_t>(i),
               wire.begin() + static_cast<std::ptrdiff_t>(i + 1 + len));
    i += 1 + len;
    if (len == 0) break;
  }
  consumed = i;
  return Name(std::move(out));
}

std::string Name::to_string() const {
  if (is_root()) return ".";
  std::string out;
  for (const std::size_t off : label_offsets(wire_)) {
    const std::uint8_t len = wire_[off];
    for (std::size_t k = off + 1; k <= off + len; ++k) {
      const std::uint8_t c = wire_[k];
      // RFC 1035 §5.1: special characters are escaped with "\", others as "\DDD".
      if (c == '.' || c == '\\' || c == '(' || c == ')' || c == ';' || c == '"' || c == '@' || c == '$' || c == ' ')
        out += {'\\', static_cast<char>(c)};
      else if (c < 0x21 || c > 0x7E)
        out += fmt::format("\\{:03d}", c);
      else
        out += static_cast<char>(c);
    }
    out += '.';
  }
  return out;
}

std::vector<std::uint8_t> Name::canonical_wire() const {
  std::vector<std::uint8_t> out = wire_;
  for (const std::size_t off : label_offsets(out))
    for (std::size_t k = off + 1; k <= off + out[off]; ++k) out[k] = lower(out[k]);
  return out;
}

std::size_t Name::label_count() const noexcept { return label_offsets(wire_).size(); }

std::vector<std::string> Name::labels() const {
  std::vector<std::string> out;
  for (const std::size_t off : label_offsets(wire_))
    out.emplace_back(reinterpret_cast<const char*>(wire_.data() + off + 1), wire_[off]);
  return out;
}

bool Name::is_wildcard() const noexcept { return wire_.size() >= 3 && wire_[0] == 1 && wire_[1] == '*'; }

Name Name::parent() const {
  if (is_root()) throw UsageError("Name::parent: the root has no parent");
  return Name(std::vector<std::uint8_t>(wire_.begin() + 1 + wire_[0], wire_.end()));
}

Name Name::suffix(std::size_t n) const {
  const auto offs = label_offsets(wire_);
  if (n > offs.size()) throw UsageError(fmt::format("Name::suffix: {} has only {} labels", to_string(), offs.size()));
  if (n == 0) return Name();
  return Name(std::vector<std::uint8_t>(wire_.begin() + static_cast<std::ptrdiff_t>(offs[offs.size() - n]), wire_.end()));
}

Name Name::prepend(std::string_view label) const {
  if (label.empty() || label.size() > kMaxLabel)
    throw InputError("domain name", "label", std::string(label), "must be 1 to 63 octets");
  if (wire_.size() + 1 + label.size() > kMaxName)
    throw InputError("domain name", "label", std::string(label), "would make the name longer than 255 octets");
  std::vector<std::uint8_t> out;
  out.reserve(wire_.size() + 1 + label.size());
  out.push_back(static_cast<std::uint8_t>(label.size()));
  out.insert(out.end(), label.begin(), label.end());
  out.insert(out.end(), wire_.begin(), wire_.end());
  return Name(std::move(out));
}

bool Name::is_subdomain_of(const Name& other) const {
  const std::size_t mine = label_count(), theirs = other.label_count();
  return mine >= theirs && suffix(theirs) == other;
}

std::strong_ordering operator<=>(const Name& a, const Name& b) {
  // RFC 4034 §6.1: compare label by label from the right, each label as a
  // lower-cased octet string (a shorter prefix sorts first); a name with fewer
  // labels sorts first when all its labels match.
  const auto oa = label_offsets(a.wire_), ob = label_offsets(b.wire_);
  std::size_t ia = oa.size(), ib = ob.size();
  while (ia > 0 && ib > 0) {
    --ia;
    --ib;
    const std::uint8_t* pa = a.wire_.data() + oa[ia] + 1;
    const std::uint8_t* pb = b.wire_.data() + ob[ib] + 1;
    const std::size_t la = a.wire_[oa[ia]], lb = b.wire_[ob[ib]];
    for (std::size_t k = 0; k < std::min(la, lb); ++k) {
      const std::uint8_t ca = lower(pa[k]), cb = lower(pb[k]);
      if (ca != cb) return ca <=> cb;
    }
    if (la != lb) return la <=> lb;
  }
  return oa.size() <=> ob.size();
}

bool operator==(const Name& a, const Name& b) {
  return a.wire_.size() == b.wire_.size() && (a <=> b) == std::strong_ordering::equal;
}

std::optional<Name> dname_substitute(const Name& name, const Name& owner, const Name& target) {
  if (!name.is_subdomain_of(owner)) throw UsageError("dname_substitute: " + name.to_string() + " is not below " + owner.to_string());
  const auto labels = name.labels();
  Name out = target;
  try {
    for (std::size_t i = name.label_count() - owner.label_count(); i-- > 0;) out = out.prepend(labels[i]);
  } catch (const InputError&) {
    return std::nullopt;
  }
  return out;
}

}  // namespace dane::dns
