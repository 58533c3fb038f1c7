/*
 * Shared helpers for the libFuzzer targets: a property that does not hold
 * prints what it was about and aborts, so libFuzzer saves the input.
 */
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace dane_fuzz {

/// Aborts with a message when a property does not hold.
inline void check(bool ok, std::string_view property, std::string_view detail = {}) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property violated: %.*s\n  %.*s\n", static_cast<int>(property.size()),
               property.data(), static_cast<int>(detail.size()), detail.data());
  std::abort();
}

}  // namespace dane_fuzz
