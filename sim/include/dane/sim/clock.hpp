/*
 * dane::sim: virtual time. Nothing in the simulator reads the wall clock:
 * the clock starts where the scenario says and moves only when the
 * simulation moves it (a network round trip, a timeout, an explicit wait).
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dane/time.hpp"

namespace dane::sim {

/// Simulated durations have millisecond resolution.
using Duration = std::chrono::milliseconds;
/// A simulated instant, milliseconds since the Unix epoch (UTC).
using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

/// The virtual clock of one simulated world.
class Clock {
 public:
  /// A clock reading start.
  explicit Clock(Time start);

  /// The current instant (millisecond resolution).
  Instant now_ms() const noexcept { return now_; }
  /// The current time rounded down to the second (what DNSSEC validation uses).
  Time now() const noexcept;
  /// Time since construction.
  Duration elapsed() const noexcept { return now_ - start_; }

  /// Moves the clock forward.
  /// @throws UsageError for a negative duration.
  void advance(Duration d);
  /// Moves the clock to t (no-op when t is not after now).
  void advance_to(Instant t) noexcept;

 private:
  Instant start_;
  Instant now_;
};

/**
 * A discrete-event queue over a Clock: callbacks run in (time, insertion)
 * order, so two runs that schedule the same events run them identically.
 */
class EventQueue {
 public:
  explicit EventQueue(Clock& clock) : clock_(clock) {}

  /// Schedules fn at instant t (or now, if t is in the past); returns an id.
  std::uint64_t schedule_at(Instant t, std::function<void()> fn, std::string label = {});
  /// Schedules fn after d from now.
  std::uint64_t schedule_in(Duration d, std::function<void()> fn, std::string label = {});
  /// Cancels a scheduled event; false when it already ran or is unknown.
  bool cancel(std::uint64_t id);

  /// Runs events up to and including instant t, advancing the clock to each
  /// event's time and finally to t. Events scheduled by events run too.
  /// @returns the number of events run.
  /// @throws UsageError when more than max_events would run (a runaway loop).
  std::size_t run_until(Instant t, std::size_t max_events = 1'000'000);
  /// Runs until the queue is empty (same limit).
  std::size_t run_all(std::size_t max_events = 1'000'000);
  /// Events waiting.
  std::size_t pending() const noexcept;

 private:
  struct Event {
    Instant at;
    std::uint64_t seq;
    std::function<void()> fn;
    std::string label;
  };
  /// Runs the earliest event, counting it in ran; throws past max_events.
  void run_front(std::size_t& ran, std::size_t max_events);

  Clock& clock_;
  std::vector<Event> events_;  // kept ordered by (at, seq)
  std::uint64_t next_seq_ = 1;
};

}  // namespace dane::sim
