/*
 * libdane: computing certificate association data and generating TLSA records.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "dane/cert.hpp"
#include "dane/tlsa.hpp"

namespace dane {

/**
 * The certificate association data for cert under a selector and matching
 * type (RFC 6698 §2.1.2-2.1.3): the DER certificate or SPKI, raw (Full) or its
 * SHA2-256 / SHA2-512 digest. The matcher uses this same function.
 * @throws InputError for an unknown selector or matching type.
 */
std::vector<std::uint8_t> association_data(const Certificate& cert, Selector selector, MatchingType mtype);

/**
 * The usage a generated record gets by default: DANE-TA(2) for a CA
 * certificate, DANE-EE(3) for any other, and DANE-EE(3) for a self-issued CA
 * certificate that carries DNS names (a server's self-signed certificate, which
 * "openssl req -x509" marks cA=TRUE).
 */
Usage default_usage(const Certificate& cert);

/**
 * A TLSA record for cert. Without a usage: default_usage(cert); the defaults
 * for selector and matching type are SPKI and SHA2-256, the "3 1 1" / "2 1 1"
 * that RFC 7671 §8 recommends.
 * @throws InputError for an unknown selector or matching type.
 */
Tlsa make_tlsa(const Certificate& cert, std::optional<Usage> usage = std::nullopt,
               Selector selector = Selector::Spki, MatchingType mtype = MatchingType::Sha2_256);

/**
 * A rollover RRset (RFC 7671 §8.1, "current + next"): make_tlsa for the
 * current and the next certificate, with the same parameters, without
 * duplicates (a renewal that kept the key needs one record only).
 */
std::vector<Tlsa> rollover_tlsa(const Certificate& current, const Certificate& next,
                                std::optional<Usage> usage = std::nullopt, Selector selector = Selector::Spki,
                                MatchingType mtype = MatchingType::Sha2_256);

}  // namespace dane
