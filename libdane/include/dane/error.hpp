/*
 * libdane: the error model.
 *
 * Decisions are results, not exceptions: a TLSA match that fails returns a
 * MatchResult saying which record failed and why. Exceptions are reserved for
 * two things:
 *   - InputError: input that is not well-formed (a malformed TLSA record, a
 *     truncated RDATA, a certificate that does not parse, a bad time string).
 *     The message names what was wrong, the field and the offending value.
 *   - UsageError: the caller broke an API precondition (a programmer error).
 * Both derive from dane::Error, itself a std::runtime_error.
 */
#pragma once

#include <stdexcept>
#include <string>

namespace dane {

/// Base class of every exception libdane throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Input that is not well-formed. what() reads
/// "<where>: <field> '<value>': <problem>" (parts that are empty are left out).
class InputError : public Error {
 public:
  /**
   * @param where   the object being read, e.g. "TLSA record" or "chain.pem certificate #2"
   * @param field   the field at fault, e.g. "usage" (may be empty)
   * @param value   the offending value as written (may be empty; long values are shortened)
   * @param problem what is wrong with it, e.g. "is greater than 255"
   */
  InputError(std::string where, std::string field, std::string value, std::string problem);

  /// The object being read ("TLSA record", "certificate #2 of chain.pem", ...).
  const std::string& where() const noexcept { return where_; }
  /// The field at fault, or empty.
  const std::string& field() const noexcept { return field_; }
  /// The offending value (possibly shortened), or empty.
  const std::string& value() const noexcept { return value_; }
  /// What is wrong with it.
  const std::string& problem() const noexcept { return problem_; }

 private:
  std::string where_, field_, value_, problem_;
};

/// The caller broke an API precondition (for example an empty certificate chain).
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace dane
