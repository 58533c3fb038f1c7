/*
 * dane::sim: the virtual clock and the discrete-event queue.
 */
#include "dane/sim/clock.hpp"

#include <algorithm>
#include <utility>

#include "dane/error.hpp"

namespace dane::sim {

Clock::Clock(Time start) : start_(std::chrono::time_point_cast<Duration>(start)), now_(start_) {}

Time Clock::now() const noexcept { return std::chrono::floor<std::chrono::seconds>(now_); }

void Clock::advance(Duration d) {
  if (d < Duration::zero()) throw UsageError("Clock::advance: negative duration");
  now_ += d;
}

void Clock::advance_to(Instant t) noexcept {
  if (t > now_) now_ = t;
}

std::uint64_t EventQueue::schedule_at(Instant t, std::function<void()> fn, std::string label) {
  if (!fn) throw UsageError("EventQueue::schedule_at: empty callback");
  if (t < clock_.now_ms()) t = clock_.now_ms();
  const std::uint64_t id = next_seq_++;
  Event ev{t, id, std::move(fn), std::move(label)};
  // Keep events_ ordered by (at, seq): insert after every event not later.
  auto pos = std::upper_bound(events_.begin(), events_.end(), ev, [](const Event& a, const Event& b) {
    return a.at < b.at || (a.at == b.at && a.seq < b.seq);
  });
  events_.insert(pos, std::move(ev));
  return id;
}

std::uint64_t EventQueue::schedule_in(Duration d, std::function<void()> fn, std::string label) {
  if (d < Duration::zero()) d = Duration::zero();
  return schedule_at(clock_.now_ms() + d, std::move(fn), std::move(label));
}

bool EventQueue::cancel(std::uint64_t id) {
  auto it = std::find_if(events_.begin(), events_.end(), [id](const Event& e) { return e.seq == id; });
  if (it == events_.end()) return false;
  events_.erase(it);
  return true;
}

void EventQueue::run_front(std::size_t& ran, std::size_t max_events) {
  if (ran >= max_events)
    throw UsageError("EventQueue: more than " + std::to_string(max_events) + " events ran (a runaway loop?), last '" +
                     events_.front().label + "'");
  Event ev = std::move(events_.front());
  events_.erase(events_.begin());
  clock_.advance_to(ev.at);
  ev.fn();
  ++ran;
}

std::size_t EventQueue::run_until(Instant t, std::size_t max_events) {
  std::size_t ran = 0;
  while (!events_.empty() && events_.front().at <= t) run_front(ran, max_events);
  clock_.advance_to(t);
  return ran;
}

std::size_t EventQueue::run_all(std::size_t max_events) {
  std::size_t ran = 0;
  while (!events_.empty()) run_front(ran, max_events);
  return ran;
}

std::size_t EventQueue::pending() const noexcept { return events_.size(); }

}  // namespace dane::sim
