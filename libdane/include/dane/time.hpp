/*
 * libdane: time values. The library never reads the clock: every check that
 * depends on time takes it as a parameter of this type.
 */
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace dane {

/// A point in time, seconds since the Unix epoch (UTC).
using Time = std::chrono::sys_seconds;

/**
 * Parses an ISO 8601 UTC time: "2024-01-31", "2024-01-31T12:00",
 * "2024-01-31T12:00:05Z" or with a space instead of "T"; also "@<unix seconds>".
 * @throws InputError naming the text when it is not one of these forms or a
 *   field is out of range (month 13, Feb 30, hour 24, ...).
 */
Time parse_time(std::string_view text);

/// Formats as "2024-01-31T12:00:05Z".
std::string format_time(Time t);

}  // namespace dane
