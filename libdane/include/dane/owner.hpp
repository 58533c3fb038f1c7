/*
 * libdane: TLSA owner names (RFC 6698 §3).
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dane {

/**
 * The owner name of the TLSA RRset for a service: "_<port>._<protocol>.<host>."
 * (RFC 6698 §3), e.g. tlsa_owner_name("mail.example.com", 25) ==
 * "_25._tcp.mail.example.com.". The host is lower-cased and made absolute.
 *
 * @throws InputError when host is not a valid domain name (empty label, label
 *   over 63 octets, name over 255 octets) or protocol is not tcp, udp or sctp.
 */
std::string tlsa_owner_name(std::string_view host, std::uint16_t port = 25,
                            std::string_view protocol = "tcp");

}  // namespace dane
