/*
 * The chain of trust (RFC 4033 §5, RFC 4035 §5), one function per step:
 *   verify_with_keys    RFC 4035 §5.3 (+ KeyTrap limits)
 *   keys_from_ds        RFC 4035 §5.2: DS -> DNSKEY RRset
 *   keys_from_anchor    RFC 4035 §5 / RFC 7958: anchor -> DNSKEY RRset
 *   zone_keys           RFC 4035 §5: the validated DNSKEYs of a zone, or why not
 *   no_ds_proved        RFC 4035 §5.2: an insecure delegation
 *   prove_insecure      RFC 4035 §5.2 / §4.3: an unsigned answer below an insecure cut
 */
#include "dane/dnssec/chain.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <tuple>

#include "dane/dnssec/nsec3hash.hpp"
#include "dane/dnssec/verify.hpp"
#include "dane/error.hpp"

namespace dane::dnssec {
namespace {

using dns::Name;
namespace rrtype = dns::rrtype;

Reason reason(std::string text, std::string rule) { return Reason{std::move(text), std::move(rule)}; }

/// The validated keys of a zone, or why there are none.
struct ZoneKeys {
  Security status = Security::Bogus;
  Ede ede = Ede::DnssecBogus;
  std::vector<Dnskey> keys;
  std::string why;  ///< for non-Secure: one sentence
};

/// The outcome of checking an RRset's RRSIGs with a zone's keys.
struct SigOutcome {
  bool ok = false;
  Ede ede = Ede::RrsigsMissing;
  std::string why;
  std::uint32_t ttl = 0;
  std::optional<std::uint8_t> wildcard_labels;
};

std::string rrset_name(const dns::RRset& s) {
  return fmt::format("{} {}", s.owner.to_string(), dns::type_to_string(s.type));
}

/// RFC 4034 §5, RFC 4035 §5.2: a DS RRset is authoritative in the parent of
/// its owner, so the name whose zone is looked for is the parent (except at
/// the root, which has no parent).
Name ds_zone_name(const Name& owner, std::uint16_t type) {
  return type == rrtype::DS && !owner.is_root() ? owner.parent() : owner;
}

/// Which EDE describes a failed signature check best (dnssec-rules.md App. A).
int ede_rank(Ede e) {
  switch (e) {
    case Ede::SignatureExpired: return 5;
    case Ede::SignatureNotYetValid: return 5;
    case Ede::DnssecBogus: return 4;
    case Ede::UnsupportedDnskeyAlgorithm: return 3;
    case Ede::DnskeyMissing: return 2;
    default: return 1;
  }
}

}  // namespace

std::vector<TrustAnchor> default_root_anchors() {
  // IANA root-anchors.xml: KSK-2017 and KSK-2024, DS SHA-256.
  return parse_trust_anchors(
      ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
      ". IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16\n");
}

std::vector<TrustAnchor> trust_anchors_from_records(std::span<const dns::RR> records) {
  std::vector<TrustAnchor> out;
  std::size_t index = 0;
  for (const auto& rr : records) {
    ++index;
    if (rr.type != rrtype::DS && rr.type != rrtype::DNSKEY)
      throw InputError(fmt::format("trust anchor record #{}", index), "type", dns::type_to_string(rr.type),
                       "is not DS or DNSKEY (record " + rr.to_string() + ")");
    auto it = std::find_if(out.begin(), out.end(), [&](const TrustAnchor& a) { return a.zone == rr.owner; });
    if (it == out.end()) it = out.insert(out.end(), TrustAnchor{rr.owner, {}, {}});
    if (rr.type == rrtype::DS) it->ds.push_back(Ds::from_rdata(rr.rdata));
    else it->dnskeys.push_back(Dnskey::from_rdata(rr.rdata));
  }
  return out;
}

std::vector<TrustAnchor> parse_trust_anchors(std::string_view text) {
  return trust_anchors_from_records(dns::parse_zone(text));
}

namespace {

/// An RRSIG as group_signed reads it. One whose signature field is empty
/// (val_nodata_failsig.rpl) is kept with an empty signature, which never
/// verifies (verify_rrsig); one whose fixed fields do not parse cannot
/// validate anything (RFC 4035 §5.3.1) and is left out instead of ending the
/// whole validation with an exception.
std::optional<Rrsig> read_rrsig(std::span<const std::uint8_t> rdata) {
  try {
    return Rrsig::from_rdata(rdata);
  } catch (const InputError&) {
  }
  std::vector<std::uint8_t> padded(rdata.begin(), rdata.end());
  padded.push_back(0);
  try {
    Rrsig sig = Rrsig::from_rdata(padded);  // parses only when the signature alone was missing
    sig.signature.clear();
    return sig;
  } catch (const InputError&) {
    return std::nullopt;
  }
}

}  // namespace

std::vector<SignedRRset> group_signed(std::span<const dns::RR> rrs) {
  std::vector<dns::RR> data;
  for (const auto& rr : rrs)
    if (rr.type != rrtype::RRSIG) data.push_back(rr);
  std::vector<SignedRRset> out;
  for (auto& set : dns::group_rrsets(data)) out.push_back(SignedRRset{std::move(set), {}});
  for (const auto& rr : rrs) {
    if (rr.type != rrtype::RRSIG) continue;
    const auto sig = read_rrsig(rr.rdata);
    if (!sig) continue;
    for (auto& s : out)
      if (s.rrset.owner == rr.owner && s.rrset.rclass == rr.rclass && s.rrset.type == sig->type_covered) {
        s.rrsigs.push_back(*sig);
        break;
      }
  }
  return out;
}

// ------------------------------------------------------------ RecordPool

RecordPool::RecordPool(std::vector<dns::RR> records) : sets_(group_signed(records)) {}

void RecordPool::add(std::span<const dns::RR> records) {
  for (auto& s : group_signed(records)) sets_.push_back(std::move(s));
}

SourceAnswer RecordPool::fetch(const Name& name, std::uint16_t type) {
  SourceAnswer a;
  // Each wanted name is hashed once per NSEC3 parameter set, not once per record.
  std::map<std::tuple<Name, std::uint16_t, std::vector<std::uint8_t>>, std::vector<std::uint8_t>> cache;
  auto hashes = [&](const Name& w, std::uint16_t iterations, const std::vector<std::uint8_t>& salt)
      -> const std::vector<std::uint8_t>& {
    auto key = std::tuple(w, iterations, salt);
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(std::move(key), nsec3_hash(w, 1, iterations, salt)).first;
    return it->second;
  };
  for (const auto& s : sets_)
    if (s.rrset.owner == name && s.rrset.type == type) {
      a.rrset = s;
      return a;
    }
  // The names a denial of (name, type) can need: name, its ancestors (closest
  // encloser candidates) and the wildcards below them.
  std::vector<Name> wanted;
  for (std::size_t n = name.label_count() + 1; n-- > 0;) {
    const Name anc = name.suffix(n);
    wanted.push_back(anc);
    if (anc.label_count() < 127) wanted.push_back(anc.prepend("*"));
  }
  for (const auto& s : sets_) {
    if (s.rrset.type == rrtype::NSEC) {
      for (const auto& rd : s.rrset.rdatas) {
        Nsec n;
        try {
          n = Nsec::from_rdata(rd);
        } catch (const Error&) {
          continue;  // a malformed NSEC proves nothing; the validator will see the gap
        }
        if (std::any_of(wanted.begin(), wanted.end(), [&](const Name& w) {
              return s.rrset.owner == w || nsec_covers(s.rrset.owner, n.next, w);
            })) {
          a.denial.push_back(s);
          break;
        }
      }
    } else if (s.rrset.type == rrtype::NSEC3 && !s.rrset.owner.is_root() && name.is_subdomain_of(s.rrset.owner.parent())) {
      const Name zone = s.rrset.owner.parent();
      for (const auto& rd : s.rrset.rdatas) {
        Nsec3 n;
        std::vector<std::uint8_t> own;
        try {
          n = Nsec3::from_rdata(rd);
          own = from_base32hex(s.rrset.owner.labels().front());
        } catch (const Error&) {
          continue;  // malformed: proves nothing
        }
        if (n.hash_algorithm != 1 || n.iterations > 2500) continue;  // a pool is not a place for costly hashing
        const bool relevant = std::any_of(wanted.begin(), wanted.end(), [&](const Name& w) {
          if (!w.is_subdomain_of(zone)) return false;
          const auto& h = hashes(w, n.iterations, n.salt);
          return h == own || nsec3_covers(own, n.next_hashed_owner, h);
        });
        if (relevant) {
          a.denial.push_back(s);
          break;
        }
      }
    }
  }
  return a;
}

// ------------------------------------------------------------ Validator

std::string Validation::explain() const {
  std::string out;
  for (const auto& r : reasons) out += (out.empty() ? "" : "; ") + r.text;
  return out;
}

struct Validator::Impl {
  Impl(std::vector<TrustAnchor> a, AlgorithmPolicy p, ValidationLimits l)
      : anchors(std::move(a)), policy(std::move(p)), limits(l) {}
  std::vector<TrustAnchor> anchors;
  AlgorithmPolicy policy;
  ValidationLimits limits;
  KeyCache cache;
  std::vector<Name> negative;
  bool harden_dnssec_stripped = true;
};

namespace {

/// One validation: its budget, its memo of zone keys, its reasons.
class Run {
 public:
  Run(Validator::Impl& v, ChainSource& src, Time now) : v_(v), src_(src), now_(now) {}

  Validation& out() { return out_; }

  /// Starts the next link of an answer chain: keeps reasons, budget and memo.
  void next_link() {
    out_.status = Security::Indeterminate;
    out_.ede = Ede::Other;
    out_.signer.reset();
    out_.ttl = 0;
    out_.wildcard_labels.reset();
  }

  /// Ends the validation with a status, an EDE and a last reason.
  Validation& finish(Security s, Ede e, std::string text, std::string rule) {
    out_.status = s;
    out_.ede = e;
    out_.reasons.push_back(reason(std::move(text), std::move(rule)));
    return out_;
  }

  // ---------------------------------------------------------- RFC 4035 §5.3
  /// Checks the RRSIGs by signer over s with keys, within the KeyTrap limits:
  /// at most max_rrsigs_per_rrset RRSIGs, max_keys_per_tag keys per (alg,
  /// tag), and the crypto budget shared by the whole validation.
  SigOutcome verify_with_keys(const SignedRRset& s, const Name& signer, std::span<const Dnskey> keys) {
    SigOutcome best;
    best.why = fmt::format("{} has no RRSIG by {}", rrset_name(s.rrset), signer.to_string());
    std::vector<std::pair<std::uint16_t, const Dnskey*>> tagged;
    for (const auto& k : keys) tagged.emplace_back(key_tag(k), &k);
    auto note = [&](Ede e, std::string why) {
      if (ede_rank(e) >= ede_rank(best.ede) || best.ede == Ede::RrsigsMissing) {
        best.ede = e;
        best.why = std::move(why);
      }
    };
    std::size_t tried = 0;
    for (const auto& sig : s.rrsigs) {
      if (!(sig.signer == signer)) continue;
      if (tried++ == v_.limits.max_rrsigs_per_rrset) {
        limit(fmt::format("{} has more than {} RRSIGs to try", rrset_name(s.rrset), v_.limits.max_rrsigs_per_rrset));
        break;
      }
      std::size_t same_tag = 0;
      bool any_key = false;
      for (const auto& [tag, key] : tagged) {
        if (tag != sig.key_tag || key->algorithm != sig.algorithm) continue;
        any_key = true;
        if (same_tag++ == v_.limits.max_keys_per_tag) {
          limit(fmt::format("more than {} DNSKEYs of {} share tag {} algorithm {}", v_.limits.max_keys_per_tag,
                            signer.to_string(), sig.key_tag, sig.algorithm));
          break;
        }
        if (auto pre = check_rrsig_fields(s.rrset, sig, *key, now_, !v_.policy.ignore_signature_dates)) {
          note(pre->ede, pre->reason.text);  // no crypto spent
          continue;
        }
        if (!v_.policy.algorithm_usable(sig.algorithm)) {
          note(Ede::UnsupportedDnskeyAlgorithm,
               fmt::format("RRSIG algorithm {} ({}) is not usable", sig.algorithm, algorithm_mnemonic(sig.algorithm)));
          continue;
        }
        if (out_.crypto_used >= v_.limits.crypto_budget) {
          limit(fmt::format("the crypto budget of {} signature checks is spent", v_.limits.crypto_budget));
          return best;
        }
        ++out_.crypto_used;
        const SigCheck c = verify_rrsig(s.rrset, sig, *key, now_, v_.policy, &v_.cache);
        if (c.result == SigResult::Valid) {
          SigOutcome ok;
          ok.ok = true;
          ok.ttl = c.ttl;
          ok.why = fmt::format("{} verified with {} key {} (algorithm {})", rrset_name(s.rrset), signer.to_string(),
                               sig.key_tag, sig.algorithm);
          if (is_wildcard_expansion(s.rrset, sig)) ok.wildcard_labels = sig.labels;
          return ok;
        }
        note(c.ede, c.reason.text);
      }
      if (!any_key)
        note(Ede::DnskeyMissing, fmt::format("{} is signed by {} key {} algorithm {}, which is not among the keys "
                                             "allowed to sign it",
                                             rrset_name(s.rrset), signer.to_string(), sig.key_tag, sig.algorithm));
    }
    return best;
  }

  void limit(std::string text) {
    if (!out_.limit_hit) out_.reasons.push_back(reason("limit reached: " + text, "dnssec-rules.md §7 (CVE-2023-50387)"));
    out_.limit_hit = true;
  }

  // ---------------------------------------------------------- RFC 4035 §5.2
  /// The zone's DNSKEY RRset validated through DS records: a DNSKEY matching
  /// a usable DS (tag, algorithm, digest) must sign the DNSKEY RRset. A DS
  /// set without a usable algorithm or digest makes the zone Insecure.
  ZoneKeys keys_from_ds(const Name& zone, const std::vector<Ds>& all_ds) {
    ZoneKeys z;
    std::vector<Ds> ds;
    bool alg_unusable = false, digest_unusable = false;
    for (const auto& d : all_ds) {
      if (!v_.policy.algorithm_usable(d.algorithm)) alg_unusable = true;
      else if (!v_.policy.digest_usable(d.digest_type)) digest_unusable = true;
      else if (ds.size() < v_.limits.max_ds) ds.push_back(d);
      else limit(fmt::format("more than {} DS records for {}", v_.limits.max_ds, zone.to_string()));
    }
    if (ds.empty()) {
      z.status = Security::Insecure;
      z.ede = digest_unusable && !alg_unusable ? Ede::UnsupportedDsDigestType : Ede::UnsupportedDnskeyAlgorithm;
      z.why = fmt::format("no DS for {} has a supported algorithm and digest type, so it is treated as unsigned",
                          zone.to_string());
      out_.reasons.push_back(reason(z.why, "RFC 4035 §5.2, RFC 6840 §5.2"));
      return z;
    }
    const SourceAnswer a = src_.fetch(zone, rrtype::DNSKEY);
    if (!a.rrset) {
      z.ede = Ede::DnskeyMissing;
      z.why = fmt::format("no DNSKEY RRset for {}{}", zone.to_string(), a.failed ? ": " + a.failure : "");
      return z;
    }
    std::vector<Dnskey> keys, sep;
    for (const auto& rd : a.rrset->rrset.rdatas) {
      try {
        keys.push_back(Dnskey::from_rdata(rd));
      } catch (const Error&) {
        continue;  // a malformed DNSKEY can match nothing
      }
      for (const auto& d : ds)
        if (ds_matches(d, zone, keys.back())) {
          sep.push_back(keys.back());
          break;
        }
    }
    if (sep.empty()) {
      // A key with the DS's tag and algorithm whose digest differs is a bad
      // DS (EDE 6); no such key at all is a missing DNSKEY (EDE 9).
      std::string list, wrong;
      for (const auto& d : ds) {
        list += fmt::format("{}tag {} alg {}", list.empty() ? "" : ", ", d.key_tag, d.algorithm);
        for (const auto& k : keys)
          if (key_tag(k) == d.key_tag && k.algorithm == d.algorithm)
            wrong = fmt::format("the DS digest for {} tag {} alg {} does not match that DNSKEY", zone.to_string(),
                                d.key_tag, d.algorithm);
      }
      z.ede = wrong.empty() ? Ede::DnskeyMissing : Ede::DnssecBogus;
      z.why = wrong.empty() ? fmt::format("DS for {} matches no DNSKEY: {} not found", zone.to_string(), list) : wrong;
      return z;
    }
    const SigOutcome s = verify_with_keys(*a.rrset, zone, sep);
    if (!s.ok) {
      // The DS names keys that exist but did not sign the DNSKEY RRset: its
      // RRSIG by a secure entry point is missing (EDE 10).
      z.ede = s.ede == Ede::DnskeyMissing || s.ede == Ede::RrsigsMissing ? Ede::RrsigsMissing : s.ede;
      z.why = fmt::format("the DNSKEY RRset of {} is not validly signed by a key its DS names: {}", zone.to_string(), s.why);
      return z;
    }
    out_.reasons.push_back(reason(s.why, "RFC 4035 §5.2"));
    if (auto missing = downgraded_algorithm(zone, ds, sep, *a.rrset)) {
      z.ede = Ede::DnssecBogus;
      z.why = std::move(*missing);
      return z;
    }
    z.status = Security::Secure;
    z.ede = Ede::Other;
    z.keys = std::move(keys);
    return z;
  }

  /// Unbound's harden-algo-downgrade (AlgorithmPolicy::harden_algo_downgrade;
  /// off by default, RFC 6840 §5.11): each algorithm of the usable DS set
  /// needs a key matching a DS of that algorithm that validly signs the
  /// DNSKEY RRset. Returns why not, for the first algorithm without one.
  std::optional<std::string> downgraded_algorithm(const Name& zone, const std::vector<Ds>& ds,
                                                  const std::vector<Dnskey>& sep, const SignedRRset& dnskeys) {
    if (!v_.policy.harden_algo_downgrade) return std::nullopt;
    std::set<std::uint8_t> algorithms;
    for (const auto& d : ds) algorithms.insert(d.algorithm);
    for (const std::uint8_t alg : algorithms) {
      std::vector<Dnskey> of_alg;
      for (const auto& k : sep)
        if (k.algorithm == alg) of_alg.push_back(k);
      const std::string missing = fmt::format("harden-algo-downgrade: the DNSKEY RRset of {} has no valid signature "
                                              "by a key of DS algorithm {}",
                                              zone.to_string(), alg);
      if (of_alg.empty() || !verify_with_keys(dnskeys, zone, of_alg).ok) return missing;
    }
    return std::nullopt;
  }

  /// RFC 4035 §5 with a configured anchor: DS anchors as a DS set; DNSKEY
  /// anchors must sign the zone's DNSKEY RRset themselves.
  ZoneKeys keys_from_anchor(const TrustAnchor& anchor) {
    out_.reasons.push_back(reason(fmt::format("trust anchor for {}", anchor.zone.to_string()), "RFC 4033 §5"));
    return stripped_anchor(anchor, primed_anchor(anchor));
  }

  /// Unbound's harden-dnssec-stripped off (primeResponseToKE makes a null
  /// key instead of a bad one): an anchor whose DNSKEY RRset is missing or
  /// does not validate leaves its zone Insecure, as if it had no anchor.
  ZoneKeys stripped_anchor(const TrustAnchor& anchor, ZoneKeys z) {
    if (v_.harden_dnssec_stripped || z.status != Security::Bogus) return z;
    z.status = Security::Insecure;
    z.ede = Ede::Other;
    z.why = fmt::format("the trust anchor for {} could not be primed ({}), and harden-dnssec-stripped is off",
                        anchor.zone.to_string(), z.why);
    out_.reasons.push_back(reason(z.why, "Unbound harden-dnssec-stripped"));
    return z;
  }

  ZoneKeys primed_anchor(const TrustAnchor& anchor) {
    if (!anchor.ds.empty() || anchor.dnskeys.empty()) return keys_from_ds(anchor.zone, anchor.ds);
    ZoneKeys z;
    std::vector<Dnskey> usable;
    for (const auto& k : anchor.dnskeys)
      if (v_.policy.algorithm_usable(k.algorithm)) usable.push_back(k);
    if (usable.empty()) {
      z.status = Security::Insecure;
      z.ede = Ede::UnsupportedDnskeyAlgorithm;
      z.why = fmt::format("no anchor key for {} has a supported algorithm", anchor.zone.to_string());
      return z;
    }
    const SourceAnswer a = src_.fetch(anchor.zone, rrtype::DNSKEY);
    if (!a.rrset) {
      z.ede = Ede::DnskeyMissing;
      z.why = fmt::format("no DNSKEY RRset for the anchored zone {}", anchor.zone.to_string());
      return z;
    }
    const SigOutcome s = verify_with_keys(*a.rrset, anchor.zone, usable);
    if (!s.ok) {
      z.ede = s.ede;
      z.why = fmt::format("the DNSKEY RRset of {} is not signed by its trust anchor: {}", anchor.zone.to_string(), s.why);
      return z;
    }
    out_.reasons.push_back(reason(s.why, "RFC 4035 §5"));
    z.status = Security::Secure;
    z.ede = Ede::Other;
    for (const auto& rd : a.rrset->rrset.rdatas) {
      try {
        z.keys.push_back(Dnskey::from_rdata(rd));
      } catch (const Error&) {
      }
    }
    return z;
  }

  const TrustAnchor* anchor_for(const Name& zone) const {
    for (const auto& a : v_.anchors)
      if (a.zone == zone) return &a;
    return nullptr;
  }

  bool under_anchor(const Name& name) const {
    return std::any_of(v_.anchors.begin(), v_.anchors.end(), [&](const TrustAnchor& a) { return name.is_subdomain_of(a.zone); });
  }

  bool under_negative_anchor(const Name& name) const {
    return std::any_of(v_.negative.begin(), v_.negative.end(), [&](const Name& n) { return name.is_subdomain_of(n); });
  }

  /// The parent zone of child among the signers of sets: the deepest signer
  /// that is a proper ancestor of child (the closest enclosing zone).
  static std::optional<Name> signer_above(const Name& child, std::span<const SignedRRset> sets) {
    std::optional<Name> best;
    for (const auto& s : sets)
      for (const auto& sig : s.rrsigs)
        if (child.is_subdomain_of(sig.signer) && !(sig.signer == child) &&
            (!best || sig.signer.label_count() > best->label_count()))
          best = sig.signer;
    return best;
  }

  /// The sets that carry an RRSIG by zone (a proof must come from one zone).
  static std::vector<SignedRRset> signed_by_zone(std::span<const SignedRRset> sets, const Name& zone) {
    std::vector<SignedRRset> out;
    for (const auto& s : sets)
      if (std::any_of(s.rrsigs.begin(), s.rrsigs.end(), [&](const Rrsig& r) { return r.signer == zone; }))
        out.push_back(s);
    return out;
  }

  /// Validates NSEC/NSEC3 RRsets with the keys of zone (already Secure) and
  /// asks denial.hpp whether they prove that child has no DS.
  DenialResult no_ds_proved(const Name& child, const Name& zone, const ZoneKeys& keys,
                            std::span<const SignedRRset> denial) {
    std::vector<SignedNsec> nsecs;
    std::vector<SignedNsec3> nsec3s;
    for (const auto& s : denial) {
      const SigOutcome ok = verify_with_keys(s, zone, keys.keys);
      if (!ok.ok) {
        DenialResult r;
        r.status = Security::Bogus;
        r.ede = ok.ede;
        r.reasons.push_back(reason(ok.why, "RFC 4035 §5.3"));
        r.limit_hit = out_.limit_hit;
        return r;
      }
      for (const auto& rd : s.rrset.rdatas) {
        try {
          if (s.rrset.type == rrtype::NSEC)
            nsecs.push_back(SignedNsec{s.rrset.owner, Nsec::from_rdata(rd), ok.wildcard_labels.has_value()});
          else if (s.rrset.type == rrtype::NSEC3)
            nsec3s.push_back(SignedNsec3{s.rrset.owner, Nsec3::from_rdata(rd), ok.wildcard_labels.has_value()});
        } catch (const Error&) {
        }
      }
    }
    if (!nsec3s.empty() && nsecs.empty())
      return prove_with_nsec3(child, rrtype::DS, DenialClaim::NoDs, zone, nsec3s, v_.limits.denial);
    return prove_with_nsec(child, rrtype::DS, DenialClaim::NoDs, zone, nsecs);
  }

  /// Unbound walks the chain of trust down from the deepest trust anchor
  /// above a zone (processInit / processFindKey): a DS RRset, or its denial,
  /// signed by a zone above that anchor does not count. The zone's keys then
  /// depend on the anchor: a failed prime is the reason
  /// (val_cnametocloser_nosig.rpl, EDE 10), otherwise the DS proof's signer
  /// is wrong (RFC 4035 §5.3.1, EDE 6). nullopt when signer is at or below
  /// the anchor (the usual walk).
  std::optional<ZoneKeys> signer_bypasses_anchor(const Name& zone, const Name& signer) {
    if (zone.is_root()) return std::nullopt;
    const auto anchor = deepest_anchor(zone.parent());
    if (!anchor || signer.is_subdomain_of(*anchor)) return std::nullopt;
    const ZoneKeys ak = zone_keys(*anchor);
    if (ak.status != Security::Secure) return ak;
    return ZoneKeys{Security::Bogus, Ede::DnssecBogus, {},
                    fmt::format("the DS proof for {} is signed by {}, above the trust anchor {}", zone.to_string(),
                                signer.to_string(), anchor->to_string())};
  }

  // ---------------------------------------------------------- RFC 4035 §5
  /// The validated DNSKEYs of zone, walking up through DS records (and their
  /// signers) to a trust anchor.
  ZoneKeys zone_keys(const Name& zone) {
    if (auto it = memo_.find(zone); it != memo_.end()) return it->second;
    if (depth_ >= v_.limits.max_chain_length) {
      limit(fmt::format("more than {} zone cuts above {}", v_.limits.max_chain_length, zone.to_string()));
      return ZoneKeys{Security::Bogus, Ede::Other, {}, "the chain of trust is too long"};
    }
    ++depth_;
    ZoneKeys z = compute_zone_keys(zone);
    --depth_;
    memo_[zone] = z;
    return z;
  }

  ZoneKeys compute_zone_keys(const Name& zone) {
    if (under_negative_anchor(zone))
      return ZoneKeys{Security::Insecure, Ede::Other, {},
                      fmt::format("{} is at or below a negative trust anchor", zone.to_string())};
    if (const TrustAnchor* a = anchor_for(zone)) return keys_from_anchor(*a);
    if (!under_anchor(zone) || zone.is_root())
      return ZoneKeys{Security::Indeterminate, Ede::DnssecIndeterminate, {},
                      fmt::format("no trust anchor covers {}", zone.to_string())};
    const SourceAnswer a = src_.fetch(zone, rrtype::DS);
    if (a.failed)
      return ZoneKeys{Security::Bogus, Ede::NetworkError, {},
                      fmt::format("the DS lookup for {} failed: {}", zone.to_string(), a.failure)};
    if (a.rrset) {
      const std::span<const SignedRRset> one(&*a.rrset, 1);
      const auto parent = signer_above(zone, one);
      if (!parent)
        return ZoneKeys{Security::Bogus, Ede::RrsigsMissing, {},
                        fmt::format("the DS RRset of {} has no RRSIG by a parent zone", zone.to_string())};
      if (auto bypass = signer_bypasses_anchor(zone, *parent)) return *bypass;
      const ZoneKeys pk = zone_keys(*parent);
      if (pk.status != Security::Secure) return pk;
      const SigOutcome s = verify_with_keys(*a.rrset, *parent, pk.keys);
      if (!s.ok)
        return ZoneKeys{Security::Bogus, s.ede, {}, fmt::format("the DS RRset of {} does not verify: {}", zone.to_string(), s.why)};
      out_.reasons.push_back(reason(s.why, "RFC 4035 §5.2"));
      std::vector<Ds> ds;
      for (const auto& rd : a.rrset->rrset.rdatas) {
        try {
          ds.push_back(Ds::from_rdata(rd));
        } catch (const Error&) {
        }
      }
      return keys_from_ds(zone, ds);
    }
    // An unsigned delegation without a signed NO-DS proof is Bogus (catalog row 37, EDE 6).
    if (a.denial.empty())
      return ZoneKeys{Security::Bogus, Ede::DnssecBogus, {},
                      fmt::format("there is no DS for {} and no proof that it has none", zone.to_string())};
    const auto parent = signer_above(zone, a.denial);
    if (!parent)
      return ZoneKeys{Security::Bogus, Ede::DnssecBogus, {},
                      fmt::format("the proof that {} has no DS is not signed by a parent zone", zone.to_string())};
    if (auto bypass = signer_bypasses_anchor(zone, *parent)) return *bypass;
    const ZoneKeys pk = zone_keys(*parent);
    if (pk.status != Security::Secure) return pk;
    const DenialResult d = no_ds_proved(zone, *parent, pk, signed_by_zone(a.denial, *parent));
    for (const auto& r : d.reasons) out_.reasons.push_back(r);
    if (d.limit_hit) out_.limit_hit = true;
    // A delegation whose missing DS is not proved is Bogus (catalog row 37: EDE 6).
    if (d.status == Security::Bogus)
      return ZoneKeys{Security::Bogus, d.ede == Ede::NsecMissing ? Ede::DnssecBogus : d.ede, {},
                      fmt::format("the absence of a DS for {} is not proved", zone.to_string())};
    return ZoneKeys{Security::Insecure, d.ede, {},
                    fmt::format("{} proves {} has no DS: an insecure delegation", parent->to_string(), zone.to_string())};
  }

  /// RFC 4035 §5.2 / §4.3: an answer without RRSIGs is Insecure only below a
  /// proved insecure delegation (or a negative anchor); walking up from its
  /// owner, a signed zone reached first makes it Bogus (EDE 10).
  Validation& prove_insecure(const Name& owner, std::uint16_t type, const std::string& what) {
    // RFC 4034 §5 / RFC 4035 §5.2: a DS RRset belongs to the parent side of
    // its cut, so the walk (and the anchor that must cover it) starts there.
    const Name zone_name = ds_zone_name(owner, type);
    for (std::size_t n = zone_name.label_count() + 1; n-- > 0;) {
      const Name cut = zone_name.suffix(n);
      if (under_negative_anchor(cut))
        return finish(Security::Insecure, Ede::Other, fmt::format("{} is below a negative trust anchor", owner.to_string()),
                      "RFC 7646");
      if (anchor_for(cut)) return unsigned_below_anchor(cut, what);
      if (n == 0) break;
      const SourceAnswer a = src_.fetch(cut, rrtype::DS);
      if (a.failed || (!a.rrset && a.denial.empty())) continue;
      const ZoneKeys z = zone_keys(cut);
      if (z.status == Security::Insecure)
        return finish(Security::Insecure, Ede::Other, fmt::format("{} is unsigned: {}", what, z.why), "RFC 4035 §5.2");
      if (z.status == Security::Secure)
        return finish(Security::Bogus, Ede::RrsigsMissing,
                      fmt::format("{} has no RRSIG, but its zone {} is signed", what, cut.to_string()), "RFC 4035 §5.3");
      if (z.status == Security::Indeterminate)
        return finish(Security::Indeterminate, z.ede, z.why, "RFC 4035 §4.3");
      // Bogus here only means this name is not a provable cut: keep walking up.
    }
    if (!under_anchor(zone_name))
      return finish(Security::Indeterminate, Ede::DnssecIndeterminate,
                    fmt::format("no trust anchor covers {}", zone_name.to_string()), "RFC 4035 §4.3");
    return finish(Security::Bogus, Ede::RrsigsMissing,
                  fmt::format("{} has no RRSIG and no insecure delegation above it is proved", what), "RFC 4035 §5.3");
  }

  /// Unbound's validator primes the trust anchor before it looks at the
  /// answer (processInit / process_prime_response): an unsigned answer whose
  /// walk up reaches the anchor's zone takes the anchor's verdict first. A
  /// failed prime is the reason (e.g. EDE 9 when the anchored zone has no
  /// DNSKEY, val_nokeyprime.rpl); a working one makes the missing RRSIG the
  /// reason (RFC 4035 §5.3, EDE 10); an Insecure one (unsupported anchor
  /// algorithms, harden-dnssec-stripped off) makes the answer Insecure.
  Validation& unsigned_below_anchor(const Name& anchor, const std::string& what) {
    const ZoneKeys z = zone_keys(anchor);
    if (z.status == Security::Insecure)
      return finish(Security::Insecure, z.ede, fmt::format("{} is unsigned: {}", what, z.why), "RFC 4035 §5.2");
    if (z.status != Security::Secure)
      return finish(z.status, z.ede, fmt::format("{} cannot be checked: {}", what, z.why), "RFC 4035 §5");
    return finish(Security::Bogus, Ede::RrsigsMissing,
                  fmt::format("{} has no RRSIG, but its trust anchor {} is signed", what, anchor.to_string()),
                  "RFC 4035 §5.3");
  }

  Validation& validate(const SignedRRset& answer) {
    const std::string what = rrset_name(answer.rrset);
    if (answer.rrsigs.empty()) return prove_insecure(answer.rrset.owner, answer.rrset.type, what);
    std::vector<Name> signers;
    for (const auto& sig : answer.rrsigs) {
      const bool ok = answer.rrset.owner.is_subdomain_of(sig.signer) &&
                      !(answer.rrset.type == rrtype::DS && sig.signer == answer.rrset.owner);
      if (ok && std::find(signers.begin(), signers.end(), sig.signer) == signers.end()) signers.push_back(sig.signer);
    }
    if (signers.empty())
      return finish(Security::Bogus, Ede::DnssecBogus,
                    fmt::format("no RRSIG over {} names a signer zone that contains it", what), "RFC 4035 §5.3.1");
    Security worst = Security::Bogus;
    Ede ede = Ede::DnssecBogus;
    std::string why;
    for (const auto& signer : signers) {
      const ZoneKeys z = zone_keys(signer);
      if (z.status == Security::Insecure)
        return finish(Security::Insecure, z.ede, fmt::format("{} is in an insecure zone: {}", what, z.why), "RFC 4035 §5.2");
      if (z.status != Security::Secure) {
        worst = z.status;
        ede = z.ede;
        why = z.why;
        continue;
      }
      const SigOutcome s = verify_with_keys(answer, signer, z.keys);
      if (s.ok) {
        out_.signer = signer;
        out_.ttl = s.ttl;
        out_.wildcard_labels = s.wildcard_labels;
        return finish(Security::Secure, Ede::Other, s.why, "RFC 4035 §5.3");
      }
      worst = Security::Bogus;
      ede = s.ede;
      why = s.why;
    }
    if (out_.limit_hit && worst == Security::Bogus) ede = Ede::Other;
    return finish(worst, ede, why, worst == Security::Indeterminate ? "RFC 4035 §4.3" : "RFC 4035 §5.3");
  }

  /// The deepest trust anchor at or above name (Unbound's anchors_lookup).
  std::optional<Name> deepest_anchor(const Name& name) const {
    std::optional<Name> best;
    for (const auto& a : v_.anchors)
      if (name.is_subdomain_of(a.zone) && (!best || a.zone.label_count() > best->label_count())) best = a.zone;
    return best;
  }

  /// Unbound's processInit: a response is validated from the deepest trust
  /// anchor at or above qname (its parent for DS), which is primed first;
  /// only an NXDOMAIN may be signed by a parent of that anchor ("for
  /// NXDOMAIN it could be signed by a parent of the trust anchor",
  /// val_anchor_nx.rpl). Any other denial signed above the anchor cannot be
  /// checked with the anchor's keys: a failed prime is the reason
  /// (val_cnametocloser_nosig.rpl: the anchor's DNSKEY RRset has no RRSIG,
  /// EDE 10), otherwise the proof's signer is wrong (RFC 4035 §5.3.1, EDE 6).
  Validation& proof_above_anchor(const Name& anchor, const Name& signer) {
    const ZoneKeys z = zone_keys(anchor);
    if (z.status != Security::Secure)
      return finish(z.status, z.ede, fmt::format("the trust anchor {} does not validate: {}", anchor.to_string(), z.why),
                    "RFC 4035 §5");
    return finish(Security::Bogus, Ede::DnssecBogus,
                  fmt::format("the denial is signed by {}, above the trust anchor {} that covers the name",
                              signer.to_string(), anchor.to_string()),
                  "RFC 4035 §5.3.1");
  }

  /// A negative answer (or a wildcard expansion's proof): the NSEC / NSEC3
  /// RRsets of the deepest zone containing qname are validated as RRsets, then
  /// must prove the claim (denial.hpp). Shares this run's budget.
  Validation& denial(const Name& qname, std::uint16_t qtype, DenialClaim claim, std::span<const SignedRRset> authority,
                     std::uint8_t wildcard_labels) {
    std::vector<const SignedRRset*> proofs;
    for (const auto& s : authority)
      if (s.rrset.type == rrtype::NSEC || s.rrset.type == rrtype::NSEC3) proofs.push_back(&s);
    if (proofs.empty()) {
      // No proof at all: fine in an insecure zone; in a signed one the NSEC
      // records are missing (EDE 12), and a wildcard expansion without its
      // proof is Bogus (catalog row 28, EDE 6).
      Validation& v = validate(SignedRRset{dns::RRset{qname, qtype, dns::class_in, 0, {}}, {}});
      if (v.status == Security::Bogus)
        v.ede = claim == DenialClaim::WildcardAnswer ? Ede::DnssecBogus : Ede::NsecMissing;
      return v;
    }
    // A proof comes from one zone: the deepest signer that contains qname.
    std::optional<Name> zone;
    for (const SignedRRset* s : proofs)
      for (const auto& sig : s->rrsigs)
        if (qname.is_subdomain_of(sig.signer) && (!zone || sig.signer.label_count() > zone->label_count()))
          zone = sig.signer;
    if (zone && claim != DenialClaim::NxDomain) {
      if (const auto anchor = deepest_anchor(ds_zone_name(qname, qtype));
          anchor && !zone->is_subdomain_of(*anchor))
        return proof_above_anchor(*anchor, *zone);
    }
    if (zone) {
      std::erase_if(proofs, [&](const SignedRRset* s) {
        return std::none_of(s->rrsigs.begin(), s->rrsigs.end(), [&](const Rrsig& r) { return r.signer == *zone; });
      });
    }
    std::vector<SignedNsec> nsecs;
    std::vector<SignedNsec3> nsec3s;
    for (const SignedRRset* s : proofs) {
      next_link();
      Validation& v = validate(*s);
      if (v.status != Security::Secure) return v;
      if (!zone) zone = v.signer;
      const bool wild = v.wildcard_labels.has_value();
      for (const auto& rd : s->rrset.rdatas) {
        try {
          if (s->rrset.type == rrtype::NSEC) nsecs.push_back(SignedNsec{s->rrset.owner, Nsec::from_rdata(rd), wild});
          else nsec3s.push_back(SignedNsec3{s->rrset.owner, Nsec3::from_rdata(rd), wild});
        } catch (const Error&) {
        }
      }
    }
    const DenialResult d = !nsec3s.empty() && nsecs.empty()
                               ? prove_with_nsec3(qname, qtype, claim, *zone, nsec3s, v_.limits.denial, wildcard_labels)
                               : prove_with_nsec(qname, qtype, claim, *zone, nsecs, wildcard_labels);
    for (const auto& r : d.reasons) out_.reasons.push_back(r);
    out_.status = d.status;
    out_.ede = d.ede;
    out_.limit_hit = out_.limit_hit || d.limit_hit;
    out_.signer = zone;
    out_.wildcard_labels.reset();
    return out_;
  }

 private:
  Validator::Impl& v_;
  ChainSource& src_;
  Time now_;
  Validation out_;
  std::map<Name, ZoneKeys> memo_;
  std::size_t depth_ = 0;
};

}  // namespace

Validator::Validator(std::vector<TrustAnchor> anchors, AlgorithmPolicy policy, ValidationLimits limits)
    : impl_(std::make_unique<Impl>(std::move(anchors), std::move(policy), limits)) {}
Validator::~Validator() = default;
Validator::Validator(Validator&&) noexcept = default;
Validator& Validator::operator=(Validator&&) noexcept = default;

void Validator::add_negative_anchor(const Name& zone) { impl_->negative.push_back(zone); }
void Validator::set_harden_dnssec_stripped(bool on) { impl_->harden_dnssec_stripped = on; }
KeyCache& Validator::key_cache() noexcept { return impl_->cache; }
const ValidationLimits& Validator::limits() const noexcept { return impl_->limits; }

namespace {

/// Hostile DNS data never escapes as an exception: a record the library
/// cannot read where it needed one makes the answer Bogus, with the reason.
template <class F>
Validation guarded(Run& run, F&& f) {
  try {
    return f();
  } catch (const InputError& e) {
    return run.finish(Security::Bogus, Ede::DnssecBogus, std::string("a record could not be read: ") + e.what(),
                      "RFC 4035 §5");
  }
}

}  // namespace

Validation Validator::validate_rrset(const SignedRRset& answer, ChainSource& source, Time now) {
  Run run(*impl_, source, now);
  return guarded(run, [&]() -> Validation { return run.validate(answer); });
}

Validation Validator::validate_denial(const Name& qname, std::uint16_t qtype, DenialClaim claim,
                                      std::span<const SignedRRset> authority, ChainSource& source, Time now,
                                      std::uint8_t wildcard_labels) {
  Run run(*impl_, source, now);
  return guarded(run, [&]() -> Validation { return run.denial(qname, qtype, claim, authority, wildcard_labels); });
}

Security weakest(Security a, Security b) noexcept {
  auto rank = [](Security s) {
    switch (s) {
      case Security::Secure: return 3;
      case Security::Insecure: return 2;
      case Security::Indeterminate: return 1;
      case Security::Bogus: return 0;
    }
    return 0;
  };
  return rank(a) <= rank(b) ? a : b;
}

namespace {

/// RFC 4592 §4.4: a DNAME owned by a wildcard has undefined semantics
/// ("strongly discouraged"); a DNAME expanded from a wildcard (RRSIG labels
/// below the owner's) is not trusted to rewrite names, so the answer is Bogus
/// (Unbound's validate_positive_response, val_dnamewc.rpl).
AnswerChain& wildcard_dname(Run& run, AnswerChain& out, const SignedRRset& dname) {
  out.validation = run.finish(Security::Bogus, Ede::DnssecBogus,
                              fmt::format("the DNAME at {} is expanded from a wildcard", dname.rrset.owner.to_string()),
                              "RFC 4592 §4.4");
  return out;
}

/// RFC 6672 §3.2: the CNAME at name below a DNAME (owner -> target) must be
/// the one the DNAME synthesises. Returns why not.
std::optional<std::string> synthesized_cname_mismatch(const dns::RRset& cname, const Name& name, const Name& owner,
                                                      const Name& target) {
  const auto expected = dname_substitute(name, owner, target);
  if (!expected)
    return fmt::format("the DNAME at {} makes a name longer than 255 octets from {}", owner.to_string(), name.to_string());
  if (cname.rdatas.size() != 1)
    return fmt::format("{} has {} CNAME records; a name has at most one", name.to_string(), cname.rdatas.size());
  std::size_t used = 0;
  const Name got = Name::from_wire(cname.rdatas.front(), used);
  if (got == *expected) return std::nullopt;
  return fmt::format("the CNAME at {} points to {}, but the DNAME at {} synthesises {}", name.to_string(), got.to_string(),
                     owner.to_string(), expected->to_string());
}

}  // namespace

AnswerChain Validator::validate_answer(const Name& qname, std::uint16_t qtype, std::span<const SignedRRset> answer,
                                       std::span<const SignedRRset> authority, ChainSource& source, Time now) {
  Run run(*impl_, source, now);
  AnswerChain out;
  Security status = Security::Secure;
  Ede ede = Ede::Other;
  std::uint32_t ttl = 0xFFFFFFFFu;
  out.names.push_back(qname);
  auto fail = [&](std::string text, std::string rule) {
    Validation& v = run.finish(Security::Bogus, Ede::Other, std::move(text), std::move(rule));
    out.validation = v;
    return out;
  };
  // Validates one link and folds it into the chain's status; true when the
  // link is a Secure wildcard expansion.
  auto link = [&](const SignedRRset& set) -> bool {
    run.next_link();
    Validation v = run.validate(set);
    if (v.status == Security::Secure && v.wildcard_labels) {
      // RFC 4035 §5.3.4: prove that no closer name than the wildcard exists.
      std::vector<SignedRRset> proof;
      for (const auto& a : authority)
        if (a.rrset.type == dns::rrtype::NSEC || a.rrset.type == dns::rrtype::NSEC3) proof.push_back(a);
      const std::uint8_t labels = *v.wildcard_labels;
      const Validation& d = run.denial(set.rrset.owner, set.rrset.type, DenialClaim::WildcardAnswer, proof, labels);
      if (d.status != Security::Secure) {
        v.status = d.status == Security::Insecure ? Security::Insecure : Security::Bogus;
        v.ede = d.ede;
      }
    }
    if (const Security w = weakest(status, v.status); w != status) {
      status = w;
      ede = v.ede;  // the EDE of the link that weakened the chain
    }
    if (v.status == Security::Secure) ttl = std::min(ttl, v.ttl);
    return v.status == Security::Secure && v.wildcard_labels.has_value();
  };
  try {
    Name current = qname;
    for (std::size_t hops = 0;; ++hops) {
      if (hops > impl_->limits.max_chain_length)
        return fail(fmt::format("the CNAME/DNAME chain from {} is longer than {} links", qname.to_string(),
                                impl_->limits.max_chain_length),
                    "RFC 1034 §3.6.2");
      // The answer itself.
      const SignedRRset* final_set = nullptr;
      for (const auto& a : answer)
        if (a.rrset.owner == current && a.rrset.type == qtype) final_set = &a;
      // A DNAME at an ancestor rewrites the name (RFC 6672 §3.2); a CNAME at the name redirects it.
      const SignedRRset* dname = nullptr;
      for (const auto& a : answer)
        if (a.rrset.type == dns::rrtype::DNAME && current.is_subdomain_of(a.rrset.owner) && !(current == a.rrset.owner) &&
            (!dname || a.rrset.owner.label_count() > dname->rrset.owner.label_count()))
          dname = &a;
      if (final_set && qtype == dns::rrtype::CNAME && dname && !dname->rrset.rdatas.empty()) {
        // A CNAME asked for below a DNAME is the synthesised one: the
        // validated DNAME vouches for it (Unbound's validate_msg_signatures
        // skips the CNAME after a secure DNAME; Deckard val_dname.rpl).
        if (link(*dname)) return wildcard_dname(run, out, *dname);
        std::size_t used = 0;
        const Name target = Name::from_wire(dname->rrset.rdatas.front(), used);
        if (auto why = synthesized_cname_mismatch(final_set->rrset, current, dname->rrset.owner, target))
          return fail(std::move(*why), "RFC 6672 §3.2");
        out.final_rrset = *final_set;
        break;
      }
      if (final_set) {
        link(*final_set);
        out.final_rrset = *final_set;
        break;
      }
      const SignedRRset* cname = nullptr;
      for (const auto& a : answer)
        if (a.rrset.owner == current && a.rrset.type == dns::rrtype::CNAME) cname = &a;
      std::optional<Name> next;
      if (dname && !dname->rrset.rdatas.empty()) {
        if (link(*dname)) return wildcard_dname(run, out, *dname);
        std::size_t used = 0;
        const Name target = Name::from_wire(dname->rrset.rdatas.front(), used);
        next = dname_substitute(current, dname->rrset.owner, target);
        if (!next)
          return fail(fmt::format("the DNAME at {} makes a name longer than 255 octets from {}",
                                  dname->rrset.owner.to_string(), current.to_string()),
                      "RFC 6672 §2.2");
        // A CNAME beside the DNAME that is not its synthesis is unsigned data
        // the DNAME does not vouch for: a forged alias (Deckard val_dname_bogus.rpl).
        if (cname)
          if (auto why = synthesized_cname_mismatch(cname->rrset, current, dname->rrset.owner, target))
            return fail(std::move(*why), "RFC 6672 §3.2");
      } else if (cname && !cname->rrset.rdatas.empty()) {
        if (cname->rrset.rdatas.size() != 1)
          return fail(fmt::format("{} has {} CNAME records; a name has at most one", current.to_string(),
                                  cname->rrset.rdatas.size()),
                      "RFC 2181 §10.1");
        link(*cname);
        std::size_t used = 0;
        next = Name::from_wire(cname->rrset.rdatas.front(), used);
      } else {
        break;  // the chain ends here without the asked type
      }
      if (std::find(out.names.begin(), out.names.end(), *next) != out.names.end())
        return fail(fmt::format("the CNAME/DNAME chain loops back to {}", next->to_string()), "RFC 1034 §3.6.2");
      out.names.push_back(*next);
      current = *next;
    }
  } catch (const InputError& e) {
    return fail(std::string("a record in the answer could not be read: ") + e.what(), "RFC 1034 §3.6.2");
  }
  Validation& v = run.out();
  v.status = status;
  v.ede = status == Security::Secure ? Ede::Other : ede;
  v.ttl = status == Security::Secure ? ttl : 0;
  out.validation = v;
  return out;
}

}  // namespace dane::dnssec
