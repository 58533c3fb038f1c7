/*
 * dane CLI: shared helpers.
 */
#include "common.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "dane/error.hpp"

namespace dane_cli {

std::string read_text_file(const std::string& path, std::string_view what, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw CliInputError(fmt::format("{} {}: cannot open: {}", what, path, std::strerror(errno)));
  }
  std::string text;
  char buffer[4096];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      throw CliInputError(fmt::format("{} {}: file is larger than {} bytes", what, path, max_bytes));
    }
  }
  if (in.bad()) {
    throw CliInputError(fmt::format("{} {}: read error", what, path));
  }
  return text;
}

dane::Chain load_chain_arg(const std::string& path, std::string_view what) {
  // Read the file here so that "cannot open" is reported the same way for
  // every input; the library names the certificate that fails to parse.
  const std::string text = read_text_file(path, what, dane::max_certificate_size);
  try {
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    return dane::load_chain(bytes, path);
  } catch (const dane::Error& e) {
    throw CliInputError(fmt::format("{}: {}", what, e.what()));
  }
}

namespace {

template <typename Enum>
std::map<std::string, int> acronyms() {
  std::map<std::string, int> names;
  for (int v = 0; v <= 255; ++v) {
    const std::string_view name = dane::mnemonic(static_cast<Enum>(v));
    if (!name.empty()) {
      names.emplace(std::string(name), v);
    }
  }
  return names;
}

}  // namespace

std::map<std::string, int> usage_names() { return acronyms<dane::Usage>(); }
std::map<std::string, int> selector_names() { return acronyms<dane::Selector>(); }
std::map<std::string, int> mtype_names() { return acronyms<dane::MatchingType>(); }

CLI::Option* add_parameter_option(CLI::App& app, const std::string& name, int& target,
                                  const std::map<std::string, int>& names, const std::string& help) {
  std::string listed;
  for (const auto& [acronym, value] : names) {
    listed += fmt::format("{}{}={}", listed.empty() ? "" : ", ", acronym, value);
  }
  // Transformer (not CheckedTransformer): acronyms become numbers, anything
  // else passes through to the 0-255 range check.
  std::string acronym_list;
  for (const auto& entry : names) {
    acronym_list += (acronym_list.empty() ? "" : ", ") + entry.first;
  }
  const CLI::Validator in_range(
      [acronym_list](std::string& value) -> std::string {
        int number = -1;
        if (CLI::detail::lexical_cast(value, number) && number >= 0 && number <= 255) {
          return {};
        }
        return fmt::format("'{}' is not a number 0-255 or one of {}", value, acronym_list);
      },
      "");
  return app.add_option(name, target, fmt::format("{}: 0-255 or {}", help, listed))
      ->transform(CLI::Transformer(names, CLI::ignore_case).description(""))
      ->check(in_range)
      ->type_name("N|NAME");
}

}  // namespace dane_cli
