/*
 * dane::sim: the RFC 3164 syslog prefix Postfix's log lines carry.
 */
#include <fmt/format.h>

#include <array>
#include <chrono>

#include "dane/sim/smtp_server.hpp"

namespace dane::sim {

std::string syslog_prefix(Instant t, std::string_view host, std::string_view program, std::uint32_t pid) {
  // RFC 3164 §4.1.2: "Mmm dd hh:mm:ss", the day padded with a space.
  static constexpr std::array<const char*, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::seconds>(t - day)};
  return fmt::format("{} {:>2} {:02}:{:02}:{:02} {} {}[{}]: ", months[unsigned(ymd.month()) - 1], unsigned(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(), host, program, pid);
}

}  // namespace dane::sim
