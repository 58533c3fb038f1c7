// dane::sim: the recursive resolver's construction, kinds and network entry point.
#include <algorithm>
#include <array>

#include "dane/error.hpp"
#include "recursive_impl.hpp"

namespace dane::sim {

namespace {

constexpr std::array<std::pair<ResolverKind, std::string_view>, 4> kind_names{{
    {ResolverKind::Validating, "validating"},
    {ResolverKind::DoNoValidate, "do-no-validate"},
    {ResolverKind::CdSetting, "cd-setting"},
    {ResolverKind::NoDo, "no-do"},
}};

dnssec::Validator make_validator(const ResolverConfig& c) {
  dnssec::Validator v(c.anchors, c.policy, c.limits);
  for (const auto& n : c.negative_anchors) v.add_negative_anchor(n);
  v.set_harden_dnssec_stripped(c.harden_dnssec_stripped);
  return v;
}

}  // namespace

std::string_view to_string(ResolverKind k) noexcept {
  for (const auto& [kind, name] : kind_names)
    if (kind == k) return name;
  return "validating";
}

ResolverKind resolver_kind_from_string(std::string_view text) {
  for (const auto& [kind, name] : kind_names)
    if (name == text) return kind;
  throw InputError("resolver", "kind", std::string(text),
                   "is not one of validating, do-no-validate, cd-setting, no-do");
}

RecursiveResolver::Impl::Impl(Network& n, ResolverConfig c)
    : net(n), config(std::move(c)), cache(config.cache_entries), validator(make_validator(config)) {}

RecursiveResolver::RecursiveResolver(Network& network, ResolverConfig config) {
  if (config.root_hints.empty()) throw UsageError("RecursiveResolver: the configuration has no root hints");
  impl_ = std::make_unique<Impl>(network, std::move(config));
}

RecursiveResolver::~RecursiveResolver() = default;

std::optional<std::vector<std::uint8_t>> RecursiveResolver::handle(const Request& request) {
  dns::Message query;
  try {
    query = dns::Message::from_wire(request.payload);
  } catch (const InputError&) {
    return std::nullopt;  // unreadable: a real server drops it or sends FORMERR; the client times out
  }
  const dns::Message resp = answer(query);
  try {
    if (request.transport == Transport::Tcp) return resp.to_wire();
    const std::size_t limit = udp_limit(query);
    return truncate_for_udp(resp, limit).to_wire(limit);  // RFC 6891 §7: TC=1 when it does not fit
  } catch (const UsageError&) {
    return std::nullopt;
  }
}

void RecursiveResolver::flush_cache() {
  impl_->cache.clear();
  impl_->validator = make_validator(impl_->config);
}

void RecursiveResolver::flush(const dns::Name& name, std::uint16_t type) { impl_->cache.erase(name, type); }

const ResolverConfig& RecursiveResolver::config() const noexcept { return impl_->config; }

const ResolverStats& RecursiveResolver::stats() const noexcept { return impl_->stats; }

}  // namespace dane::sim
