/*
 * TLSA owner names (RFC 6698 §3) and domain name checks, on ldns.
 */
#include "dane/owner.hpp"

#include <ldns/ldns.h>

#include <fmt/format.h>
#include <memory>

#include "dane/error.hpp"
#include "ldns_util.hpp"

namespace dane {
namespace detail {

std::string check_domain_name(std::string_view text, const std::string& where, const std::string& field) {
  if (text.empty() || text == ".") throw InputError(where, field, std::string(text), "is not a host name (empty)");
  if (text.size() > 1024) throw InputError(where, field, std::string(text), "is longer than a domain name can be");
  if (text.find("..") != std::string_view::npos || text.front() == '.')
    throw InputError(where, field, std::string(text), "has an empty label");
  const std::string s(text);
  ldns_rdf* raw = nullptr;
  const ldns_status st = ldns_str2rdf_dname(&raw, s.c_str());
  std::unique_ptr<ldns_rdf, decltype(&ldns_rdf_deep_free)> rdf(raw, ldns_rdf_deep_free);
  if (st != LDNS_STATUS_OK || !rdf)
    throw InputError(where, field, s, std::string("is not a valid domain name: ") + ldns_get_errorstr_by_id(st));
  ldns_dname2canonical(rdf.get());
  char* str = ldns_rdf2str(rdf.get());
  if (!str) throw InputError(where, field, s, "could not be converted");
  std::string out(str);
  free(str);  // NOLINT: ldns allocates with malloc
  return out;
}

}  // namespace detail

std::string tlsa_owner_name(std::string_view host, std::uint16_t port, std::string_view protocol) {
  if (protocol != "tcp" && protocol != "udp" && protocol != "sctp")
    throw InputError("TLSA owner name", "protocol", std::string(protocol), "must be tcp, udp or sctp");
  const std::string name = detail::check_domain_name(host, "TLSA owner name", "host");
  // RFC 6698 §3: "_<port>._<protocol>.<base domain>"; the result must still be a valid name.
  const std::string owner = fmt::format("_{}._{}.{}", port, protocol, name);
  return detail::check_domain_name(owner, "TLSA owner name", "host");
}

}  // namespace dane
