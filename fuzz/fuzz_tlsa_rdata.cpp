/*
 * fuzz_tlsa_rdata: dane::Tlsa::from_rdata on arbitrary bytes.
 * Properties: from_rdata either returns a record or throws dane::InputError;
 * rdata() gives back exactly the input (wire form is canonical), and the
 * presentation forms parse back to the same record.
 */
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dane/error.hpp"
#include "dane/tlsa.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  std::optional<dane::Tlsa> parsed;
  try {
    parsed = dane::Tlsa::from_rdata(input);
  } catch (const dane::InputError&) {
    return 0;
  }
  const dane::Tlsa& r = *parsed;
  using dane_fuzz::check;
  check(!r.malformation().has_value(), "from_rdata() returned a malformed record", r.to_string());

  const std::vector<std::uint8_t> wire = r.rdata();
  check(std::vector<std::uint8_t>(input.begin(), input.end()) == wire, "r.rdata() == input", r.to_string());
  check(dane::Tlsa::from_rdata(wire) == r, "from_rdata(r.rdata()) == r", r.to_string());
  const std::string canonical = r.to_string();
  check(dane::Tlsa::parse(canonical) == r, "parse(r.to_string()) == r", canonical);
  const std::string mnemonic = r.to_mnemonic_string();
  check(dane::Tlsa::parse(mnemonic) == r, "parse(r.to_mnemonic_string()) == r", mnemonic);
  return 0;
}
