/*
 * libdane: version.
 */
#pragma once

#include <string_view>

namespace dane {

/// The library version, "MAJOR.MINOR.PATCH".
std::string_view version() noexcept;

}  // namespace dane
