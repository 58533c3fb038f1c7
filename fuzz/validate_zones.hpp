/*
 * The fixed signed zones of fuzz_validate (and of the seed generator in
 * fuzz/README.md): a root zone (NSEC) that delegates securely to example.
 * (NSEC3), which holds A, MX, TXT and TLSA RRsets. Signed once, at first
 * use, from fixed seeds; only the records are kept (a SigningKey in a
 * static object would outlive Botan's secure-memory pool).
 */
#pragma once

#include <string>
#include <vector>

#include "dane/dns/rr.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/time.hpp"

namespace dane_fuzz {

struct ValidateZones {
  std::vector<dane::dns::RR> root, example;
  std::vector<dane::dnssec::TrustAnchor> anchors;
  dane::Time now = dane::parse_time("2026-02-01");
};

inline const ValidateZones& validate_zones() {
  static const ValidateZones zones = [] {
    using namespace dane;
    using namespace dane::dnssec;
    ValidateZones z;
    const SigningKey root_key = SigningKey::generate(13, 257, 101);
    const SigningKey example_ksk = SigningKey::generate(13, 257, 102);
    const SigningKey example_zsk = SigningKey::generate(15, 256, 103);
    ZoneSigningOptions o;
    o.window = {parse_time("2026-01-01"), parse_time("2026-03-01")};
    const dns::Name example = dns::Name::parse("example.");
    const Ds ds = make_ds(example, example_ksk.dnskey(), 2);
    std::vector<dns::RR> root = dns::parse_zone(
        ". 3600 IN SOA a.root. nobody.invalid. 1 3600 600 86400 300\n"
        ". 3600 IN NS a.root.\n"
        "a.root. 3600 IN A 192.0.2.1\n"
        "example. 3600 IN NS ns.example.\n");
    root.push_back(dns::RR{example, dns::rrtype::DS, dns::class_in, 3600, ds.rdata()});
    z.root = sign_zone(root, dns::Name(), std::span(&root_key, 1), o);
    const std::vector<SigningKey> keys{example_ksk, example_zsk};
    o.nsec3 = true;
    z.example = sign_zone(dns::parse_zone("example. 3600 IN SOA ns.example. h.example. 1 3600 600 86400 300\n"
                                          "example. 3600 IN NS ns.example.\n"
                                          "example. 3600 IN MX 10 mail.example.\n"
                                          "ns.example. 3600 IN A 192.0.2.53\n"
                                          "mail.example. 3600 IN A 192.0.2.25\n"
                                          "mail.example. 3600 IN TXT \"v=spf1 -all\"\n"
                                          "_25._tcp.mail.example. 3600 IN TLSA 3 1 1 "
                                          "0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6\n",
                                          example),
                          example, keys, o);
    z.anchors = {TrustAnchor{dns::Name(), {}, {root_key.dnskey()}}};
    return z;
  }();
  return zones;
}

}  // namespace dane_fuzz
