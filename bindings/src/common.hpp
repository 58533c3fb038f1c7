/*
 * dane Python module: helpers shared by the binding files.
 *
 * Conversions are strict and their errors name the argument: a bad octet is
 * a dane.InputError naming the TLSA field, a value of the wrong Python type a
 * TypeError naming the argument.
 */
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dane/dane.hpp"

namespace dane::python {

namespace py = pybind11;

/// A time from a datetime (aware, or naive read as UTC), a datetime.date
/// (midnight UTC), an ISO 8601 string (dane::parse_time) or an int of Unix seconds.
/// @param what names the argument in the TypeError for any other type.
Time to_time(py::handle value, std::string_view what);

/// A timezone-aware UTC datetime.datetime for t.
py::object from_time(Time t);

/// The octets of a bytes-like object (bytes, bytearray, memoryview).
/// @param what names the argument in the TypeError for anything else (str included).
std::vector<std::uint8_t> to_bytes(py::handle value, std::string_view what);

/// A Python bytes object holding data.
py::bytes from_bytes(const std::vector<std::uint8_t>& data);

/// An octet 0..255 from an int or one of the module's enums.
/// @throws InputError (where "TLSA record") naming field when out of range or not an integer.
std::uint8_t to_octet(py::handle value, std::string_view field);

/// The enum member for a known value, a plain int for a value the enum does not name.
template <class Enum>
py::object enum_or_int(Enum value) {
  if (!mnemonic(value).empty()) return py::cast(value);
  return py::int_(static_cast<int>(value));
}

/// A Tlsa from a Tlsa, a presentation-form str (Tlsa::parse) or wire RDATA bytes (Tlsa::from_rdata).
Tlsa to_tlsa(py::handle value, std::string_view what);

/// Registers dane.Error, dane.InputError, dane.UsageError and their translators.
void bind_errors(py::module_& m);
/// Registers Usage, Selector, MatchingType, Tlsa, tlsa_owner_name and the time functions.
void bind_tlsa(py::module_& m);
/// Registers Certificate, load_chain*, the name checks and the TLSA generators.
void bind_cert(py::module_& m);
/// Registers Profile, MatchStatus, RecordOutcome, Failure, RecordReport, MatchResult and verify_chain.
void bind_match(py::module_& m);
/// Registers the submodule dane.sim (the deterministic test CA).
void bind_sim(py::module_& m);

}  // namespace dane::python
