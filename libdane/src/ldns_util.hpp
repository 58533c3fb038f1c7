/*
 * Internal: small RAII helpers around ldns, and domain name checks on it.
 */
#pragma once

#include <string>
#include <string_view>

namespace dane::detail {

/**
 * Checks that text is a syntactically valid domain name (ldns's parser:
 * labels of 1-63 octets, at most 255 octets in all) and returns it lower-cased
 * and absolute ("mail.example.com.").
 * @throws InputError naming where / field / the text.
 */
std::string check_domain_name(std::string_view text, const std::string& where, const std::string& field);

}  // namespace dane::detail
