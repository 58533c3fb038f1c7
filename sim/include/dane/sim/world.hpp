/*
 * dane::sim: a simulated DNS world built from a scenario: the clock, the
 * seeded randomness, the network, the authoritative servers of every zone on
 * port 53 (UDP and TCP) sharing one BIND-style query log, and recursive
 * resolvers pointed at the world's root with its root key as trust anchor.
 * The same scenario and seed give a byte-identical query log.
 */
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dane/sim/authority.hpp"
#include "dane/sim/clock.hpp"
#include "dane/sim/network.hpp"
#include "dane/sim/random.hpp"
#include "dane/sim/recursive.hpp"
#include "dane/sim/zone_builder.hpp"

namespace dane::sim {

/// The DNS side of a simulated world.
class DnsWorld {
 public:
  /// Builds the scenario's zones (build_zones) and serves them.
  /// @param seed the world's randomness (ports, loss, fault probabilities);
  ///   default: the scenario's seed.
  /// @throws InputError as build_zones does.
  explicit DnsWorld(const Scenario& scenario, std::optional<std::uint64_t> seed = std::nullopt);
  /// Serves zones already built, starting the clock at built.time.
  DnsWorld(BuiltWorld built, std::uint64_t seed);
  DnsWorld(const DnsWorld&) = delete;
  DnsWorld& operator=(const DnsWorld&) = delete;

  /**
   * A recursive resolver of the given kind with root hints = the world's
   * root servers and anchors = the world's root DS. base supplies the other
   * settings (limits, timeouts); its kind, root hints and anchors are replaced.
   */
  std::unique_ptr<RecursiveResolver> resolver(ResolverKind kind, ResolverConfig base = {});

  Clock& clock() noexcept { return clock_; }
  Network& network() noexcept { return network_; }
  /// The query log every authoritative server writes.
  QueryLog& query_log() noexcept { return *log_; }
  const std::shared_ptr<QueryLog>& shared_log() const noexcept { return log_; }
  const BuiltWorld& built() const noexcept { return built_; }
  /// The server called name ("ns1.example.test."), or nullptr.
  std::shared_ptr<AuthoritativeServer> server(const dns::Name& name) const;
  /// The world's seed.
  std::uint64_t seed() const noexcept { return random_.seed(); }

 private:
  BuiltWorld built_;
  Clock clock_;
  Random random_;
  Network network_;
  std::shared_ptr<QueryLog> log_;
  std::map<dns::Name, std::shared_ptr<AuthoritativeServer>> servers_;
};

}  // namespace dane::sim
