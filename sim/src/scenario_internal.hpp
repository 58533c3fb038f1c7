/*
 * dane::sim (internal): the steps of loading a full scenario.
 */
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dane/sim/scenario.hpp"

namespace dane::sim::detail {

/// Issues every certificate of specs with a Pki seeded by seed: one CA
/// hierarchy ("Sim Root CA" -> "Sim Issuing CA") valid five years around
/// time, then each leaf in declaration order (same seed, same bytes).
std::map<std::string, ScenarioCertificate> issue_certificates(const std::vector<CertificateSpec>& specs, Time time,
                                                              std::uint64_t seed);

}  // namespace dane::sim::detail
