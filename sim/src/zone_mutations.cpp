/*
 * dane::sim: the zone mutations. Each breaks exactly one thing, is named
 * after its row in the catalogs (dnssec-rules.md §8 "Scenario catalog" and
 * smtp-dane-scenarios.md §4.1), and documents what a validating resolver
 * must then say (status and RFC 8914 EDE, as those tables give them).
 */
#include <algorithm>
#include <chrono>

#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/nsec3hash.hpp"
#include "dane/error.hpp"
#include "zone_draft.hpp"

namespace dane::sim {

namespace {

using detail::MutationOps;
using detail::ZoneDraft;
using dnssec::Ede;
using dnssec::Security;
namespace rrtype = dns::rrtype;
using std::chrono::days;
using std::chrono::seconds;

struct Entry {
  MutationInfo info;
  MutationOps ops;
};

// ------------------------------------------------------------------ helpers

/// Re-signs the target with a window relative to the scenario time.
void resign_window(ZoneDraft& z, const MutationSpec& m, dnssec::SignatureWindow w) {
  const auto [owner, type] = detail::target(z, m);
  detail::resign(z, owner, type, type == rrtype::DNSKEY ? z.ksk() : z.zsk(), w);
}

/// Replaces the KSK (or CSK) DNSKEY by an altered one; the DS follows it.
void claim_ksk(ZoneDraft& z, const std::function<void(dnssec::Dnskey&)>& f) {
  auto claimed = z.ksk().dnskey();
  f(claimed);
  detail::masquerade(z, z.ksk(), claimed);
  z.ds_key = claimed;
}

/// Applies f to the NSEC or NSEC3 RDATA at owner and re-signs it.
void edit_denial(ZoneDraft& z, const dns::Name& owner, const std::function<void(dnssec::Nsec&)>& nsec,
                 const std::function<void(dnssec::Nsec3&)>& nsec3) {
  for (auto& rr : z.records) {
    if (!(rr.owner == owner)) continue;
    if (rr.type == rrtype::NSEC && nsec) {
      auto n = dnssec::Nsec::from_rdata(rr.rdata);
      nsec(n);
      rr.rdata = n.rdata();
    } else if (rr.type == rrtype::NSEC3 && nsec3) {
      auto n = dnssec::Nsec3::from_rdata(rr.rdata);
      nsec3(n);
      rr.rdata = n.rdata();
    }
  }
  detail::resign(z, owner, z.options.nsec3 ? rrtype::NSEC3 : rrtype::NSEC);
}

void add_type(dnssec::TypeBitmap& b, std::uint16_t t) {
  if (!b.contains(t)) {
    b.types.push_back(t);
    std::sort(b.types.begin(), b.types.end());
  }
}

/// The record a denial mutation acts on: the NSEC/NSEC3 matching name, else covering it.
dns::Name denial_owner(const ZoneDraft& z, const MutationSpec& m, const dns::Name& name, bool prefer_cover = false) {
  const auto roles = detail::denial_roles(z, name);
  const auto& first = prefer_cover ? roles.covering : roles.matching;
  const auto& second = prefer_cover ? roles.matching : roles.covering;
  if (first) return *first;
  if (second) return *second;
  detail::fail(z, m, "no NSEC/NSEC3 record matches or covers " + name.to_string());
}

std::uint16_t denial_type(const ZoneDraft& z) { return z.options.nsec3 ? rrtype::NSEC3 : rrtype::NSEC; }

void require_nsec(const ZoneDraft& z, const MutationSpec& m) {
  if (z.options.nsec3) detail::fail(z, m, "needs a zone signed with NSEC (denial: nsec)");
}

MutationOps on_zone(std::function<void(ZoneDraft&, const MutationSpec&)> f) {
  MutationOps o;
  o.zone = std::move(f);
  return o;
}
MutationOps on_options(std::function<void(ZoneDraft&, const MutationSpec&)> f) {
  MutationOps o;
  o.options = std::move(f);
  return o;
}
/// A mutation of the DS RRset the parent publishes.
MutationOps on_ds(std::function<void(ZoneDraft&, const MutationSpec&)> f) {
  MutationOps o;
  o.ds = std::move(f);
  o.needs_parent = true;
  return o;
}
/// A mutation of the parent's records at this (possibly unsigned) child's delegation.
MutationOps on_parent(std::function<void(ZoneDraft&, const MutationSpec&)> ds,
                      std::function<void(const ZoneDraft&, ZoneDraft&, const MutationSpec&)> parent) {
  MutationOps o;
  o.ds = std::move(ds);
  o.parent = std::move(parent);
  o.needs_signed = false;
  o.needs_parent = true;
  return o;
}

// -------------------------------------------------------------------- table

std::vector<Entry> make_table() {
  std::vector<Entry> t;
  auto add = [&](std::string kind, std::string catalog, std::string what, Security s, std::vector<Ede> ede,
                 std::string query, MutationOps ops) {
    t.push_back(Entry{MutationInfo{std::move(kind), std::move(catalog), std::move(what), s, std::move(ede), std::move(query)},
                      std::move(ops)});
  };
  const std::string target_q = "the target RRset";

  // ---------------------------------------------------------------- RRSIGs
  add("bad-signature", "dnssec-rules §8 row 1; smtp-dane D02, D19",
      "flips a bit in the signature of every RRSIG over the target RRset", Security::Bogus, {Ede::DnssecBogus}, target_q,
      on_zone([](ZoneDraft& z, const MutationSpec& m) {
         const auto [owner, type] = detail::target(z, m);
         detail::edit_rrsigs(z.records, owner, type, [](dnssec::Rrsig& s) { s.signature.at(s.signature.size() / 2) ^= 0x01; });
       }));
  add("data-changed-after-signing", "dnssec-rules §8 row 1",
      "changes the last octet of the target's first RDATA after signing (the RRSIG no longer matches)", Security::Bogus,
      {Ede::DnssecBogus}, target_q,
      on_zone([](ZoneDraft& z, const MutationSpec& m) {
         const auto [owner, type] = detail::target(z, m);
         for (auto& rr : z.records)
           if (rr.owner == owner && rr.type == type && !rr.rdata.empty()) {
             rr.rdata.back() ^= 0x01;
             break;
           }
       }));
  add("expired-signature", "dnssec-rules §8 row 2; smtp-dane D04",
      "re-signs the target with a window that ended a day before the scenario time", Security::Bogus,
      {Ede::SignatureExpired}, target_q,
      on_zone([](ZoneDraft& z, const MutationSpec& m) { resign_window(z, m, {z.now - days(30), z.now - days(1)}); }));
  add("zone-expired", "smtp-dane D04 (zone-wide)",
      "re-signs the whole zone with a window that ended a day before the scenario time", Security::Bogus,
      {Ede::SignatureExpired}, "any name in the zone",
      on_options([](ZoneDraft& z, const MutationSpec&) { z.options.window = {z.now - days(30), z.now - days(1)}; }));
  add("not-yet-valid-signature", "dnssec-rules §8 row 3; smtp-dane D05",
      "re-signs the target with a window starting a day after the scenario time", Security::Bogus,
      {Ede::SignatureNotYetValid}, target_q,
      on_zone([](ZoneDraft& z, const MutationSpec& m) { resign_window(z, m, {z.now + days(1), z.now + days(30)}); }));
  add("expiring-signature", "smtp-dane D30",
      "re-signs the target so that it expires `after` (default 1h) past the scenario time: Secure at first, "
      "Bogus (EDE 7) once the clock passes it",
      Security::Secure, {}, target_q, on_zone([](ZoneDraft& z, const MutationSpec& m) {
        resign_window(z, m, {z.options.window.inception, z.now + seconds(m.after.value_or(3600))});
      }));
  add("missing-signature", "dnssec-rules §8 row 5; smtp-dane D03", "removes every RRSIG over the target RRset",
      Security::Bogus, {Ede::RrsigsMissing}, target_q, on_zone([](ZoneDraft& z, const MutationSpec& m) {
        const auto [owner, type] = detail::target(z, m);
        detail::strip_rrsigs(z.records, owner, type);
      }));
  add("signature-key-tag", "dnssec-rules §8 row 6", "adds one to the key tag of the target's RRSIGs (no key has it)",
      Security::Bogus, {Ede::DnskeyMissing}, target_q, on_zone([](ZoneDraft& z, const MutationSpec& m) {
        const auto [owner, type] = detail::target(z, m);
        detail::edit_rrsigs(z.records, owner, type,
                            [](dnssec::Rrsig& s) { s.key_tag = static_cast<std::uint16_t>(s.key_tag + 1); });
      }));
  add("signature-algorithm", "dnssec-rules §8 row 6",
      "changes the algorithm of the target's RRSIGs to another supported one (no such key)", Security::Bogus,
      {Ede::DnskeyMissing}, target_q, on_zone([](ZoneDraft& z, const MutationSpec& m) {
        const auto [owner, type] = detail::target(z, m);
        detail::edit_rrsigs(z.records, owner, type, [](dnssec::Rrsig& s) { s.algorithm = s.algorithm == 8 ? 13 : 8; });
      }));
  add("signature-signer", "dnssec-rules §8 row 6 (SIGNER_NOT_ZONE)",
      "names a zone below the owner as the signer of the target's RRSIGs", Security::Bogus, {Ede::DnssecBogus}, target_q,
      on_zone([](ZoneDraft& z, const MutationSpec& m) {
        const auto [owner, type] = detail::target(z, m);
        const auto other = owner.prepend("signer");
        detail::edit_rrsigs(z.records, owner, type, [&](dnssec::Rrsig& s) { s.signer = other; });
      }));
  add("signature-labels", "dnssec-rules §8 row 7 (RRSIG_LABELS_EXCEED_RRSET_OWNER_LABELS)",
      "re-signs the target with an RRSIG labels field one above the owner's label count", Security::Bogus,
      {Ede::DnssecBogus}, target_q, on_zone([](ZoneDraft& z, const MutationSpec& m) {
        const auto [owner, type] = detail::target(z, m);
        const auto set = *detail::rrset_of(z.records, owner, type);
        const auto& key = type == rrtype::DNSKEY ? z.ksk() : z.zsk();
        auto fields = dnssec::Rrsig::from_rdata(dnssec::sign_rrset(set, z.apex, key, z.options.window).rdata);
        fields.labels = static_cast<std::uint8_t>(owner.label_count() + 1);
        detail::strip_rrsigs(z.records, owner, type);
        z.records.push_back(detail::sign_with_fields(set, fields, key));
      }));
  add("original-ttl-changed", "dnssec-rules §8 row 8", "doubles the original TTL field of the target's RRSIGs after signing",
      Security::Bogus, {Ede::DnssecBogus}, target_q, on_zone([](ZoneDraft& z, const MutationSpec& m) {
        const auto [owner, type] = detail::target(z, m);
        detail::edit_rrsigs(z.records, owner, type, [](dnssec::Rrsig& s) { s.original_ttl = s.original_ttl * 2 + 1; });
      }));

  // ---------------------------------------------------------------- DNSKEY
  add("ksk-sig-missing", "dnssec-rules §8 row 11; smtp-dane D08",
      "signs the DNSKEY RRset with the ZSK only (no RRSIG by the KSK the DS names; needs keys: ksk-zsk)", Security::Bogus,
      {Ede::DnssecBogus, Ede::RrsigsMissing}, "any name in the zone", on_zone([](ZoneDraft& z, const MutationSpec& m) {
        if (z.keys.size() < 2) detail::fail(z, m, "needs keys: ksk-zsk");
        detail::resign(z, z.apex, rrtype::DNSKEY, z.zsk(), z.options.window);
      }));
  add("dnskey-missing", "dnssec-rules §8 row 16; smtp-dane D08", "removes the DNSKEY RRset and its RRSIGs", Security::Bogus,
      {Ede::DnskeyMissing}, "any name in the zone",
      on_zone([](ZoneDraft& z, const MutationSpec&) { detail::remove_rrset(z.records, z.apex, rrtype::DNSKEY); }));
  add("dnskey-no-zone-bit", "dnssec-rules §8 row 17", "clears the ZONE flag of the KSK (the DS and signatures follow)",
      Security::Bogus, {Ede::NoZoneKeyBitSet}, "any name in the zone", on_zone([](ZoneDraft& z, const MutationSpec&) {
        claim_ksk(z, [](dnssec::Dnskey& k) { k.flags = static_cast<std::uint16_t>(k.flags & ~0x0100); });
      }));
  add("dnskey-bad-protocol", "dnssec-rules §8 row 17", "sets the KSK's protocol field to 2 (RFC 4034 §2.1.2 says 3)",
      Security::Bogus, {Ede::DnssecBogus}, "any name in the zone",
      on_zone([](ZoneDraft& z, const MutationSpec&) { claim_ksk(z, [](dnssec::Dnskey& k) { k.protocol = 2; }); }));
  add("dnskey-revoked", "dnssec-rules §8 row 18 (DNSKEY_REVOKED_RRSIG)",
      "sets the REVOKE flag on the KSK that signs the DNSKEY RRset (the DS follows it)", Security::Bogus,
      {Ede::DnssecBogus}, "any name in the zone", on_zone([](ZoneDraft& z, const MutationSpec&) {
        claim_ksk(z, [](dnssec::Dnskey& k) { k.flags = static_cast<std::uint16_t>(k.flags | 0x0080); });
      }));
  add("dnskey-bad-key", "dnssec-rules §8 row 19", "corrupts an octet of the KSK's public key (the DS follows it)",
      Security::Bogus, {Ede::DnssecBogus}, "any name in the zone",
      on_zone([](ZoneDraft& z, const MutationSpec&) { claim_ksk(z, [](dnssec::Dnskey& k) { k.public_key.at(5) ^= 0xFF; }); }));
  add("keytrap", "dnssec-rules §8 row 21 (KeyTrap, CVE-2023-50387)",
      "adds `count` (default 30) DNSKEYs sharing the ZSK's key tag and count+10 junk RRSIGs with that tag over the "
      "target: validation must stop within its budget",
      Security::Bogus, {Ede::DnssecBogus, Ede::Other}, target_q, on_zone([](ZoneDraft& z, const MutationSpec& m) {
        const auto [owner, type] = detail::target(z, m);
        const auto count = static_cast<std::size_t>(std::min<std::uint64_t>(m.count.value_or(30), max_keytrap_count));
        const auto zsk = z.zsk().dnskey();
        const auto tag = z.zsk().key_tag();
        // Swapping octets between even positions leaves the RFC 4034 App. B checksum unchanged.
        const auto key_ttl = detail::rrset_of(z.records, z.apex, rrtype::DNSKEY).value().ttl;
        std::size_t crafted = 0;
        for (std::size_t i = 0; i < zsk.public_key.size() && crafted < count; i += 2)
          for (std::size_t j = i + 2; j < zsk.public_key.size() && crafted < count; j += 2) {
            auto k = zsk;
            if (k.public_key[i] == k.public_key[j]) continue;
            std::swap(k.public_key[i], k.public_key[j]);
            if (dnssec::key_tag(k) != tag) continue;
            z.records.push_back(dns::RR{z.apex, rrtype::DNSKEY, dns::class_in, key_ttl, k.rdata()});
            ++crafted;
          }
        detail::resign(z, z.apex, rrtype::DNSKEY);
        const auto set = *detail::rrset_of(z.records, owner, type);
        auto junk = dnssec::Rrsig::from_rdata(dnssec::sign_rrset(set, z.apex, z.zsk(), z.options.window).rdata);
        detail::strip_rrsigs(z.records, owner, type);
        for (std::size_t i = 0; i < count + 10; ++i) {
          junk.signature.assign(junk.signature.size(), static_cast<std::uint8_t>(0x40 + i));
          z.records.push_back(dns::RR{owner, rrtype::RRSIG, dns::class_in, set.ttl, junk.rdata()});
        }
      }));

  // -------------------------------------------------------------------- DS
  add("missing-ds", "dnssec-rules §8 row 36; smtp-dane D06",
      "the parent publishes no DS for this signed zone (its NSEC/NSEC3 proves there is none): an insecure delegation",
      Security::Insecure, {}, "any name in the zone",
      on_ds([](ZoneDraft& z, const MutationSpec&) { z.ds.clear(); }));
  add("ds-bad-digest", "dnssec-rules §8 row 12; smtp-dane D07", "flips a bit in the digest of the parent's DS",
      Security::Bogus, {Ede::DnssecBogus}, "any name in the zone",
      on_ds([](ZoneDraft& z, const MutationSpec&) { for (auto& d : z.ds) d.digest.at(0) ^= 0x01; }));
  add("ds-bad-tag", "dnssec-rules §8 row 13; smtp-dane D07", "adds one to the key tag of the parent's DS", Security::Bogus,
      {Ede::DnskeyMissing}, "any name in the zone",
      on_ds([](ZoneDraft& z, const MutationSpec&) {
         for (auto& d : z.ds) d.key_tag = static_cast<std::uint16_t>(d.key_tag + 1);
       }));
  add("ds-bad-algorithm", "dnssec-rules §8 row 13; smtp-dane D09",
      "the parent's DS names another supported algorithm than the zone's keys (an algorithm roll done wrong)",
      Security::Bogus, {Ede::DnskeyMissing}, "any name in the zone",
      on_ds([](ZoneDraft& z, const MutationSpec&) { for (auto& d : z.ds) d.algorithm = d.algorithm == 8 ? 13 : 8; }));
  add("ds-unknown-algorithm", "dnssec-rules §8 row 14; smtp-dane D09, D10",
      "the parent's only DS names an unassigned algorithm (200): no usable DS, so the zone is insecure",
      Security::Insecure, {Ede::UnsupportedDnskeyAlgorithm}, "any name in the zone",
      on_ds([](ZoneDraft& z, const MutationSpec&) { for (auto& d : z.ds) d.algorithm = 200; }));
  add("ds-unknown-digest", "dnssec-rules §8 row 15; smtp-dane D10",
      "the parent's only DS uses an unassigned digest type (200): no usable DS, so the zone is insecure",
      Security::Insecure, {Ede::UnsupportedDsDigestType}, "any name in the zone",
      on_ds([](ZoneDraft& z, const MutationSpec&) { for (auto& d : z.ds) d.digest_type = 200; }));
  add("ds-digest-type-switched", "dnssec-rules §8 row 15",
      "the parent's DS says SHA-1 (1) over a SHA-256 digest: no DNSKEY matches", Security::Bogus, {Ede::DnssecBogus},
      "any name in the zone",
      on_ds([](ZoneDraft& z, const MutationSpec&) { for (auto& d : z.ds) d.digest_type = d.digest_type == 1 ? 2 : 1; }));
  add("unsigned-delegation-without-proof", "dnssec-rules §8 row 37",
      "the parent publishes no DS and drops the NSEC/NSEC3 that would prove it (a secure parent, an unproved "
      "insecure delegation)",
      Security::Bogus, {Ede::DnssecBogus, Ede::NsecMissing}, "any name in the zone",
      on_parent([](ZoneDraft& z, const MutationSpec&) { z.ds.clear(); }, [](const ZoneDraft& child, ZoneDraft& parent, const MutationSpec&) {
         const auto roles = detail::denial_roles(parent, child.apex);
         const auto type = denial_type(parent);
         if (roles.matching) detail::remove_rrset(parent.records, *roles.matching, type);
         if (parent.options.nsec3 && roles.covering) detail::remove_rrset(parent.records, *roles.covering, type);
       }));
  add("nsec-cut-soa-bit", "dnssec-rules §8 row 27 (REFERRAL_WITH_SOA)",
      "the parent's NSEC/NSEC3 proving no DS at this insecure delegation also claims an SOA (a proof from the child "
      "side of the cut)",
      Security::Bogus, {Ede::DnssecBogus}, "any name in the zone",
      on_parent([](ZoneDraft& z, const MutationSpec&) { z.ds.clear(); }, [](const ZoneDraft& child, ZoneDraft& parent, const MutationSpec& m) {
         const auto roles = detail::denial_roles(parent, child.apex);
         if (!roles.matching) detail::fail(parent, m, "the parent has no NSEC/NSEC3 at " + child.apex.to_string());
         edit_denial(
             parent, *roles.matching, [](dnssec::Nsec& n) { add_type(n.types, rrtype::SOA); },
             [](dnssec::Nsec3& n) { add_type(n.types, rrtype::SOA); });
       }));
  add("nsec3-optout-flag-missing", "dnssec-rules §8 row 32 (OPT_OUT_FLAG_NOT_SET)",
      "in an opt-out NSEC3 parent, clears the opt-out flag of the NSEC3 covering this insecure delegation",
      Security::Bogus, {Ede::DnssecBogus}, "any name in the zone",
      on_parent([](ZoneDraft& z, const MutationSpec&) { z.ds.clear(); }, [](const ZoneDraft& child, ZoneDraft& parent, const MutationSpec& m) {
         if (!parent.options.nsec3 || !parent.options.opt_out)
           detail::fail(parent, m, "needs a parent signed with denial: nsec3 and opt_out: true");
         const auto roles = detail::denial_roles(parent, child.apex);
         if (!roles.covering) detail::fail(parent, m, "no NSEC3 of the parent covers " + child.apex.to_string());
         edit_denial(parent, *roles.covering, {}, [](dnssec::Nsec3& n) { n.flags = static_cast<std::uint8_t>(n.flags & ~1); });
       }));

  // ---------------------------------------------------------------- denial
  add("remove-nsec", "dnssec-rules §8 rows 23, 24, 25, 28; smtp-dane D11",
      "removes the NSEC/NSEC3 record matching `name` (or, when none matches, covering it): the proofs that need it "
      "fail (23: qname cover, 24: wildcard cover, 25: closest encloser / next closer, 28: wildcard next closer)",
      Security::Bogus, {Ede::NsecMissing, Ede::DnssecBogus}, "a denial (or wildcard answer) that needs `name`'s record",
      on_zone([](ZoneDraft& z, const MutationSpec& m) {
         const auto owner = denial_owner(z, m, detail::name_param(z, m));
         detail::remove_rrset(z.records, owner, denial_type(z));
       }));
  add("nsec-bitmap-add", "dnssec-rules §8 row 26 (STYPE_IN_BITMAP)",
      "adds `type` to the bitmap of the NSEC/NSEC3 at `owner` (re-signed): its NODATA proof contradicts itself",
      Security::Bogus, {Ede::DnssecBogus}, "a NODATA query for (owner, type)",
      on_zone([](ZoneDraft& z, const MutationSpec& m) {
         if (!m.type) detail::fail(z, m, "needs a type (the type to add)");
         MutationSpec at = m;
         at.name = m.owner.value_or("@");
         const auto name = detail::name_param(z, at);
         const auto roles = detail::denial_roles(z, name);
         if (!roles.matching) detail::fail(z, m, "no NSEC/NSEC3 matches " + name.to_string());
         const auto type = *m.type;
         edit_denial(
             z, *roles.matching, [type](dnssec::Nsec& n) { add_type(n.types, type); },
             [type](dnssec::Nsec3& n) { add_type(n.types, type); });
       }));
  add("delete-after-signing", "smtp-dane D12",
      "deletes the target RRset and its RRSIGs after signing, leaving the NSEC chain as it was (it still lists the type)",
      Security::Bogus, {Ede::DnssecBogus, Ede::NsecMissing}, target_q, on_zone([](ZoneDraft& z, const MutationSpec& m) {
        const auto [owner, type] = detail::target(z, m);
        detail::remove_rrset(z.records, owner, type);
      }));
  add("soa-changed-after-signing", "smtp-dane D13", "bumps the SOA serial after signing (the SOA RRSIG is stale)",
      Security::Bogus, {Ede::DnssecBogus}, "the SOA, and negative answers carrying it",
      on_zone([](ZoneDraft& z, const MutationSpec&) {
         for (auto& rr : z.records)
           if (rr.owner == z.apex && rr.type == rrtype::SOA && rr.rdata.size() >= 20) {
             const std::size_t at = rr.rdata.size() - 20;  // serial: first of the five 32-bit fields
             std::uint32_t serial = 0;
             for (int i = 0; i < 4; ++i) serial = (serial << 8) | rr.rdata[at + static_cast<std::size_t>(i)];
             ++serial;
             for (int i = 3; i >= 0; --i, serial >>= 8) rr.rdata[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(serial);
           }
       }));
  add("wildcard-expanded-nsec", "dnssec-rules §8 row 29 (CVE-2017-15105)",
      "copies the NSEC of the zone's wildcard (with its RRSIG, whose labels show the expansion) to `name`: a NODATA "
      "proof made of a wildcard-expanded NSEC",
      Security::Bogus, {Ede::DnssecBogus}, "a NODATA query at `name`", on_zone([](ZoneDraft& z, const MutationSpec& m) {
        require_nsec(z, m);
        const auto name = detail::name_param(z, m);
        std::vector<dns::RR> copies;
        for (const auto& rr : z.records)
          if (rr.owner.is_wildcard() && (rr.type == rrtype::NSEC || detail::covers_type(rr, rr.owner, rrtype::NSEC)) &&
              name.parent() == rr.owner.parent()) {
            auto copy = rr;
            copy.owner = name;
            copies.push_back(copy);
          }
        if (copies.empty()) detail::fail(z, m, "needs a wildcard *." + name.parent().to_string() + " in the zone");
        z.records.insert(z.records.end(), copies.begin(), copies.end());
      }));
  add("nsec-next-outside-zone", "dnssec-rules §8 row 30 (LAST_NSEC_NEXT_NOT_ZONE)",
      "the zone's last NSEC points past the apex to a name outside the zone (re-signed)", Security::Bogus,
      {Ede::DnssecBogus}, "NXDOMAIN for a name after the zone's last name", on_zone([](ZoneDraft& z, const MutationSpec& m) {
        require_nsec(z, m);
        if (z.apex.is_root()) detail::fail(z, m, "needs a zone below the root");
        const auto outside = z.apex.parent().prepend("zzzz-outside");
        for (const auto& rr : z.records)
          if (rr.type == rrtype::NSEC && dnssec::Nsec::from_rdata(rr.rdata).next == z.apex) {
            edit_denial(z, rr.owner, [&](dnssec::Nsec& n) { n.next = outside; }, {});
            return;
          }
        detail::fail(z, m, "the zone has no last NSEC");
      }));
  add("nsec3-iterations-high", "dnssec-rules §8 row 33 (NONZERO_NSEC3_ITERATION_COUNT)",
      "signs the NSEC3 chain with `count` (default 151) iterations, above the validator's limit (RFC 9276 §3.2)",
      Security::Insecure, {Ede::UnsupportedNsec3IterationsValue}, "NXDOMAIN or NODATA in the zone",
      on_options([](ZoneDraft& z, const MutationSpec& m) {
         if (!z.options.nsec3) detail::fail(z, m, "needs denial: nsec3");
         z.options.nsec3_iterations = static_cast<std::uint16_t>(std::min<std::uint64_t>(m.count.value_or(151), 2500));
       }));
  add("nsec3-params-mixed", "dnssec-rules §8 row 34 (mixed NSEC3 parameters in one proof)",
      "gives the NSEC3 covering `name` (or matching it) a different salt (re-signed)", Security::Bogus, {Ede::DnssecBogus},
      "NXDOMAIN for `name`", on_zone([](ZoneDraft& z, const MutationSpec& m) {
        if (!z.options.nsec3) detail::fail(z, m, "needs denial: nsec3");
        const auto owner = denial_owner(z, m, detail::name_param(z, m), true);
        edit_denial(z, owner, {}, [](dnssec::Nsec3& n) { n.salt.push_back(0xAB); });
      }));
  add("nsec3-bad-owner", "dnssec-rules §8 row 35 (INVALID_NSEC3_OWNER_NAME)",
      "renames the NSEC3 covering `name` to a 15-octet hash (not a SHA-1 length), re-signed", Security::Bogus,
      {Ede::DnssecBogus, Ede::NsecMissing}, "NXDOMAIN for `name`", on_zone([](ZoneDraft& z, const MutationSpec& m) {
        if (!z.options.nsec3) detail::fail(z, m, "needs denial: nsec3");
        const auto owner = denial_owner(z, m, detail::name_param(z, m), true);
        const auto label = owner.labels().front().substr(0, 24);
        const auto renamed = z.apex.prepend(label);
        detail::strip_rrsigs(z.records, owner, rrtype::NSEC3);
        for (auto& rr : z.records)
          if (rr.owner == owner && rr.type == rrtype::NSEC3) rr.owner = renamed;
        detail::resign(z, renamed, rrtype::NSEC3);
      }));
  return t;
}

const std::vector<Entry>& table() {
  static const std::vector<Entry> t = make_table();
  return t;
}

}  // namespace

const std::vector<MutationInfo>& mutation_catalog() {
  static const std::vector<MutationInfo> infos = [] {
    std::vector<MutationInfo> out;
    for (const auto& e : table()) out.push_back(e.info);
    return out;
  }();
  return infos;
}

const MutationInfo& mutation_info(std::string_view kind) {
  for (const auto& e : table())
    if (e.info.kind == kind) return e.info;
  throw InputError("mutation", "kind", std::string(kind), "is not a mutation kind");
}

namespace detail {
const MutationOps& mutation_ops(const std::string& kind) {
  for (const auto& e : table())
    if (e.info.kind == kind) return e.ops;
  throw InputError("mutation", "kind", kind, "is not a mutation kind");
}
}  // namespace detail

}  // namespace dane::sim
