/*
 * dane::sim: the simulated DNS world: servers from a BuiltWorld on port 53.
 */
#include "dane/sim/world.hpp"

#include <utility>

namespace dane::sim {

DnsWorld::DnsWorld(const Scenario& scenario, std::optional<std::uint64_t> seed)
    : DnsWorld(build_zones(scenario), seed.value_or(scenario.seed)) {}

DnsWorld::DnsWorld(BuiltWorld built, std::uint64_t seed)
    : built_(std::move(built)),
      clock_(built_.time),
      random_(seed),
      network_(clock_, random_.fork("network")),
      log_(std::make_shared<QueryLog>()) {
  for (const auto& sv : built_.servers) {
    auto server = std::make_shared<AuthoritativeServer>(sv.name.to_string(), clock_,
                                                        random_.fork("server:" + sv.name.to_string()), log_);
    for (const auto& apex : sv.zones) {
      const auto stale = sv.stale_zones.find(apex);
      server->add_zone(stale != sv.stale_zones.end() ? stale->second : built_.zone(apex).zone);
    }
    for (const auto& rule : sv.faults) server->add_fault(rule);
    for (const auto& address : sv.addresses) {
      network_.serve(Endpoint{address, 53}, Transport::Udp, server);
      network_.serve(Endpoint{address, 53}, Transport::Tcp, server);
    }
    servers_.emplace(sv.name, std::move(server));
  }
}

std::unique_ptr<RecursiveResolver> DnsWorld::resolver(ResolverKind kind, ResolverConfig base) {
  base.kind = kind;
  base.root_hints = built_.root_hints;
  base.anchors = built_.anchors;
  return std::make_unique<RecursiveResolver>(network_, std::move(base));
}

std::shared_ptr<AuthoritativeServer> DnsWorld::server(const dns::Name& name) const {
  const auto it = servers_.find(name);
  return it == servers_.end() ? nullptr : it->second;
}

}  // namespace dane::sim
