/*
 * fuzz_message: dane::dns::Message::from_wire on arbitrary bytes.
 * Properties: from_wire either returns a message or throws dane::InputError;
 * a parsed message survives to_wire() / from_wire() unchanged (unless its
 * expanded RDATA no longer fits in 65535 octets: UsageError), to_string()
 * runs, and to_wire(512) either fits in 512 octets and parses back as a
 * prefix of the message (with TC set when anything was dropped) or refuses
 * with UsageError because the header, question and OPT RR alone are larger.
 */
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dane/dns/message.hpp"
#include "dane/error.hpp"
#include "fuzz_check.hpp"

namespace {

/// True when part's RRs are the first RRs of whole.
bool is_prefix(const std::vector<dane::dns::RR>& part, const std::vector<dane::dns::RR>& whole) {
  if (part.size() > whole.size()) return false;
  for (std::size_t i = 0; i < part.size(); ++i)
    if (!(part[i] == whole[i])) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using dane::dns::Message;
  using dane_fuzz::check;
  std::optional<Message> parsed;
  try {
    parsed = Message::from_wire(std::span<const std::uint8_t>(data, size));
  } catch (const dane::InputError&) {
    return 0;
  }
  const Message& m = *parsed;
  const std::string text = m.to_string();
  std::vector<std::uint8_t> wire;
  try {
    wire = m.to_wire();
  } catch (const dane::UsageError&) {
    // Legitimate only when RDATA names, compressed in the input and written
    // uncompressed, make the message grow past 65535 octets.
    return 0;
  }
  check(wire.size() <= Message::max_size, "to_wire() is at most 65535 octets", text);
  std::optional<Message> again;
  try {
    again = Message::from_wire(wire);
  } catch (const dane::InputError& e) {
    check(false, "from_wire(to_wire(m)) parses", e.what());
  }
  check(*again == m, "from_wire(to_wire(m)) == m", text);

  try {
    const auto small = m.to_wire(512);
    check(small.size() <= 512, "to_wire(512) is at most 512 octets", text);
    const Message t = Message::from_wire(small);
    check(t.id == m.id && t.question == m.question && t.edns == m.edns, "to_wire(512) keeps header and OPT", text);
    const bool dropped = t.answer.size() + t.authority.size() + t.additional.size() <
                         m.answer.size() + m.authority.size() + m.additional.size();
    check(is_prefix(t.answer, m.answer) && is_prefix(t.authority, m.authority) &&
              is_prefix(t.additional, m.additional),
          "to_wire(512) keeps a prefix of each section", text);
    check(t.tc == (m.tc || dropped), "to_wire(512) sets TC exactly when RRs were dropped", text);
  } catch (const dane::UsageError&) {
    // Header + question + OPT over 512 octets.
  }
  return 0;
}
