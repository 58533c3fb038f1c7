/*
 * fuzz_tlsa_text: dane::Tlsa::parse on arbitrary text.
 * Properties: parse either returns a record or throws dane::InputError; a
 * parsed record survives to_string() -> parse(), to_mnemonic_string() ->
 * parse() and rdata() -> from_rdata() unchanged.
 */
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dane/error.hpp"
#include "dane/tlsa.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<dane::Tlsa> parsed;
  try {
    parsed = dane::Tlsa::parse(text);
  } catch (const dane::InputError&) {
    return 0;  // rejected with a proper error: fine
  }
  const dane::Tlsa& r = *parsed;
  using dane_fuzz::check;
  check(!r.malformation().has_value(), "parse() returned a malformed record", r.to_string());

  const std::string canonical = r.to_string();
  check(dane::Tlsa::parse(canonical) == r, "parse(r.to_string()) == r", canonical);
  const std::string mnemonic = r.to_mnemonic_string();
  check(dane::Tlsa::parse(mnemonic) == r, "parse(r.to_mnemonic_string()) == r", mnemonic);
  check(dane::Tlsa::from_rdata(r.rdata()) == r, "from_rdata(r.rdata()) == r", canonical);
  return 0;
}
