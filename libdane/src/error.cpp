#include "dane/error.hpp"

namespace dane {
namespace {

/// Builds "<where>: <field> '<value>': <problem>", leaving out empty parts.
std::string compose(const std::string& where, const std::string& field, const std::string& value,
                    const std::string& problem) {
  std::string out = where;
  if (!field.empty()) out += (out.empty() ? "" : ": ") + field;
  if (!value.empty()) out += (field.empty() ? (out.empty() ? "'" : ": '") : " '") + value + "'";
  if (!problem.empty()) out += (out.empty() ? "" : (field.empty() && value.empty() ? ": " : " ")) + problem;
  return out;
}

/// Keeps error messages readable when the offending value is a long hex blob.
std::string shorten(std::string value) {
  constexpr std::size_t keep = 48;
  if (value.size() > keep + 16) {
    value = value.substr(0, keep) + "... (" + std::to_string(value.size()) + " characters)";
  }
  return value;
}

}  // namespace

InputError::InputError(std::string where, std::string field, std::string value, std::string problem)
    : Error(compose(where, field, shorten(value), problem)),
      where_(std::move(where)),
      field_(std::move(field)),
      value_(shorten(std::move(value))),
      problem_(std::move(problem)) {}

}  // namespace dane
