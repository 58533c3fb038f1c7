/*
 * libdane: reference identifiers and certificate name checks
 * (RFC 6125 §6.4, as restricted by RFC 7672 §3.2.3 for SMTP).
 */
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dane/cert.hpp"

namespace dane {

/// How presented names are compared with reference names.
struct NameCheckOptions {
  /// Let a "*" left-most label match more than one label (Postfix
  /// tls_wildcard_matches_multiple_labels; RFC 7672 §3.2.3 makes it a local choice).
  bool multi_label_wildcards = false;
};

/**
 * The identifiers a certificate presents: its subjectAltName dNSNames when it
 * has any, otherwise its subject commonNames (RFC 6125 §6.4.4, RFC 7672 §3.2.3).
 */
std::vector<std::string> presented_identifiers(const Certificate& cert);

/**
 * Does one presented DNS identifier match one reference identifier?
 * Case-insensitive, a trailing dot ignored on both sides. A wildcard is
 * accepted only as the whole left-most label ("*.example.com") and matches
 * exactly one label (RFC 7672 §3.2.3, RFC 6125 §6.4.3); partial-label
 * wildcards ("f*o.example.com") never match. A reference identifier that
 * starts with "." (".example.com") matches any name strictly below it, as
 * Postfix allows in its match lists.
 */
bool dns_name_matches(std::string_view presented, std::string_view reference,
                      const NameCheckOptions& options = {});

/// True when any presented identifier of cert matches any reference name.
bool certificate_matches_names(const Certificate& cert, std::span<const std::string> reference_names,
                               const NameCheckOptions& options = {});

}  // namespace dane
