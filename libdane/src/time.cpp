#include "dane/time.hpp"

#include <charconv>
#include <cstdio>
#include <optional>

#include "dane/error.hpp"

namespace dane {
namespace {

using namespace std::chrono;

/// Reads exactly n decimal digits at text[pos]; advances pos. nullopt when not digits.
std::optional<long long> digits(std::string_view text, std::size_t& pos, std::size_t n) {
  if (pos + n > text.size()) return std::nullopt;
  long long v = 0;
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + n, v);
  if (ec != std::errc() || end != text.data() + pos + n) return std::nullopt;
  pos += n;
  return v;
}

[[noreturn]] void bad_time(std::string_view text, const std::string& problem) {
  throw InputError("time", "", std::string(text), problem);
}

}  // namespace

Time parse_time(std::string_view text) {
  constexpr const char* forms =
      "expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z] or @<unix seconds>";
  if (text.size() > 64) bad_time(text, "is too long; " + std::string(forms));
  if (!text.empty() && text.front() == '@') {
    long long secs = 0;
    auto [end, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), secs);
    if (text.size() < 2 || ec != std::errc() || end != text.data() + text.size()) bad_time(text, forms);
    if (secs < -(1LL << 40) || secs > (1LL << 40)) bad_time(text, "is out of range");
    return Time{seconds{secs}};
  }
  std::size_t pos = 0;
  auto y = digits(text, pos, 4);
  if (!y || pos >= text.size() || text[pos++] != '-') bad_time(text, forms);
  auto mo = digits(text, pos, 2);
  if (!mo || pos >= text.size() || text[pos++] != '-') bad_time(text, forms);
  auto d = digits(text, pos, 2);
  if (!d) bad_time(text, forms);
  long long hh = 0, mm = 0, ss = 0;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') bad_time(text, forms);
    ++pos;
    auto h = digits(text, pos, 2);
    if (!h || pos >= text.size() || text[pos++] != ':') bad_time(text, forms);
    auto m = digits(text, pos, 2);
    if (!m) bad_time(text, forms);
    hh = *h;
    mm = *m;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      auto s = digits(text, pos, 2);
      if (!s) bad_time(text, forms);
      ss = *s;
    }
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) ++pos;
    if (pos != text.size()) bad_time(text, forms + std::string(" (only UTC is accepted)"));
  }
  const year_month_day ymd{year{static_cast<int>(*y)}, month{static_cast<unsigned>(*mo)},
                           day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) bad_time(text, "is not a calendar date");
  if (hh > 23 || mm > 59 || ss > 60) bad_time(text, "has an hour, minute or second out of range");
  return Time{sys_days{ymd}.time_since_epoch() + hours{hh} + minutes{mm} + seconds{ss}};
}

std::string format_time(Time t) {
  const auto day_point = floor<days>(t);
  const year_month_day ymd{day_point};
  const hh_mm_ss hms{t - day_point};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long long>(hms.hours().count()), static_cast<long long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()));
  return buf;
}

}  // namespace dane
