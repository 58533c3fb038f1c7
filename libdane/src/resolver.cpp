/*
 * libdane: Lookup's presentation helpers (resolver.hpp).
 */
#include "dane/resolver.hpp"

#include <fmt/format.h>

#include "dane/dns/rr.hpp"

namespace dane {

std::string_view to_string(Lookup::Outcome o) noexcept {
  switch (o) {
    case Lookup::Outcome::Answer: return "Answer";
    case Lookup::Outcome::NoData: return "NoData";
    case Lookup::Outcome::NxDomain: return "NxDomain";
    case Lookup::Outcome::Error: return "Error";
  }
  return "?";
}

std::string Lookup::explain() const {
  std::string out = fmt::format("{} {} {} {}", qname.to_string(), dns::type_to_string(qtype),
                                dnssec::to_string(security), to_string(outcome));
  if (ede) {
    out += fmt::format(" (EDE {} {})", static_cast<unsigned>(*ede), dnssec::to_string(*ede));
  }
  for (const auto& reason : reasons) {
    out += "; " + reason.text;
    if (!reason.rule.empty()) {
      out += " [" + reason.rule + "]";
    }
  }
  return out;
}

}  // namespace dane
