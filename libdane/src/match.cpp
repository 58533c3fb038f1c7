/*
 * Matching a certificate chain against a TLSA RRset.
 *
 * One function per rule, each citing its section:
 *   discard_unusable        RFC 7671 §9, RFC 7672 §3.1.3, RFC 6698 §2.1
 *   apply_digest_agility    RFC 7671 §9
 *   match_dane_ee           RFC 7671 §5.1, RFC 7672 §3.1.1
 *   match_dane_ta           RFC 7671 §5.2, RFC 7672 §3.1.2
 *   check_path_to_anchor    RFC 7671 §5.2.1 (path from the leaf to the TA, RFC 5280 §6.1)
 *   leaf_has_reference_name RFC 7672 §3.2.2-3.2.3
 *   match_pkix              RFC 6698 §2.1.1 (generic profile)
 */
#include "dane/match.hpp"

#include <botan/certstor.h>
#include <botan/hex.h>
#include <botan/pk_keys.h>
#include <botan/x509_ext.h>
#include <botan/x509_key.h>
#include <botan/x509path.h>

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <tuple>

#include "cert_impl.hpp"
#include "dane/error.hpp"
#include "dane/generate.hpp"

namespace dane {
namespace {

using X509Ptr = std::shared_ptr<const Botan::X509_Certificate>;

/// A certificate on a candidate path: the value type and the Botan object.
struct Node {
  Certificate cert;
  X509Ptr x509;
  bool from_dns = false;  ///< supplied by a "2 0 0" / "0 0 0" record rather than the peer
};

/// A record and what the matcher learned about it.
struct Entry {
  RecordReport report;
  bool active = false;                         ///< usable and not superseded
  std::shared_ptr<const Botan::Public_Key> key;  ///< "x 1 0": the bare public key
  std::optional<Node> dns_cert;                ///< "x 0 0": the certificate from DNS
  const Tlsa& rec() const { return report.record; }
};

/// Where a DANE-TA record matched on the walk up the chain.
struct Hit {
  std::size_t entry;
  std::size_t depth;
  bool by_key;  ///< "2 1 0": the certificate at depth is signed by the record's key
};

/// The verdict of the checks on one path (leaf .. anchor).
struct PathCheck {
  bool ok = true;
  bool expired = false;
  std::string problem;
};

/// Total order on records, so results never depend on RRset order.
bool canonical_less(const Tlsa& a, const Tlsa& b) {
  if (a.usage() != b.usage()) return a.usage() < b.usage();
  if (a.selector() != b.selector()) return a.selector() < b.selector();
  if (a.matching_type() != b.matching_type()) return a.matching_type() < b.matching_type();
  return a.data() < b.data();
}

std::string hex(const std::vector<std::uint8_t>& v) { return Botan::hex_encode(v, true); }

std::string params(const Tlsa& r) {
  return fmt::format("{} {} {}", static_cast<unsigned>(r.usage()), static_cast<unsigned>(r.selector()),
                     static_cast<unsigned>(r.matching_type()));
}

void set(RecordReport& rep, RecordOutcome o, std::string reason, std::string rule, int depth = -1) {
  rep.outcome = o;
  rep.reason = std::move(reason);
  rep.rule = std::move(rule);
  rep.depth = depth;
}

/// The matcher's working state for one call.
class Matcher {
 public:
  Matcher(std::span<const Certificate> chain, std::span<const Tlsa> rrset, Time now, const MatchOptions& o)
      : chain_(chain), now_(now), opts_(o) {
    entries_.reserve(rrset.size());
    for (std::size_t i = 0; i < rrset.size(); ++i) {
      Entry e{RecordReport{i, rrset[i], RecordOutcome::NotEvaluated, -1, {}, {}}, false, nullptr, std::nullopt};
      entries_.push_back(std::move(e));
    }
  }

  MatchResult run() {
    for (auto& e : entries_) discard_unusable(e);
    apply_digest_agility();
    if (std::none_of(entries_.begin(), entries_.end(), [](const Entry& e) { return e.active; })) return summarize();
    if (!match_dane_ee()) {
      if (!match_dane_ta()) match_pkix();
    }
    return summarize();
  }

 private:
  // ---------------------------------------------------------------- step 1
  /// RFC 7671 §9: "algorithm agility is to be applied after first discarding
  /// any unusable or malformed records". Unusable: malformed data, unknown or
  /// private parameters, a digest the caller did not enable, PKIX usages in
  /// SMTP (RFC 7672 §3.1.3) or without a trust store, Full(0) data that is not
  /// a certificate / public key.
  void discard_unusable(Entry& e) {
    const Tlsa& r = e.rec();
    auto unusable = [&](std::string why, std::string rule) { set(e.report, RecordOutcome::Unusable, std::move(why), std::move(rule)); };
    if (auto why = r.malformation()) return unusable("malformed: " + *why, "RFC 6698 §2.1.3");
    const auto u = static_cast<unsigned>(r.usage()), s = static_cast<unsigned>(r.selector()),
               m = static_cast<unsigned>(r.matching_type());
    if (u > 3) return unusable(fmt::format("certificate usage {} is not defined", u), "RFC 6698 §2.1.1, RFC 7218");
    if (s > 1) return unusable(fmt::format("selector {} is not defined", s), "RFC 6698 §2.1.2");
    if (m > 2) return unusable(fmt::format("matching type {} is not defined", m), "RFC 6698 §2.1.3");
    if (r.matching_type() != MatchingType::Full &&
        std::find(opts_.digests.begin(), opts_.digests.end(), r.matching_type()) == opts_.digests.end())
      return unusable(fmt::format("matching type {} is not enabled by the caller's digest list", mnemonic(r.matching_type())),
                      "RFC 7671 §9");
    const bool pkix = r.usage() == Usage::PkixTa || r.usage() == Usage::PkixEe;
    if (pkix && opts_.profile == Profile::Smtp)
      return unusable(fmt::format("{}({}) is not usable for SMTP: there are no trusted CAs for MX hosts",
                                  mnemonic(r.usage()), u),
                      "RFC 7672 §3.1.3");
    if (pkix && opts_.pkix_trust_anchors.empty())
      return unusable(fmt::format("{}({}) needs a PKIX trust store and none was given", mnemonic(r.usage()), u),
                      "RFC 6698 §2.1.1");
    if (r.matching_type() == MatchingType::Full) {
      // The object itself is in DNS: it must parse (OpenSSL SSL_dane_tlsa_add does the same).
      try {
        if (r.selector() == Selector::Cert) {
          const Certificate c = Certificate::from_der(r.data(), "TLSA Full(0) data");
          e.dns_cert = Node{c, detail::CertAccess::shared_x509(c), true};
        } else {
          e.key.reset(Botan::X509::load_key(r.data()));
          if (!e.key) throw std::runtime_error("no key");
        }
      } catch (const std::exception& ex) {
        return unusable(fmt::format("Full(0) data is not a DER {}: {}",
                                    r.selector() == Selector::Cert ? "certificate" : "SubjectPublicKeyInfo", ex.what()),
                        "RFC 7671 §9");
      }
    }
    e.active = true;
  }

  // ---------------------------------------------------------------- step 2
  /// RFC 7671 §9 (digest algorithm agility): for each (usage, selector), only
  /// the records with the most preferred digest present are used; Full(0)
  /// records are always used. A wrong "3 1 2" therefore hides a right "3 1 1".
  void apply_digest_agility() {
    auto rank = [&](MatchingType m) {
      return static_cast<std::size_t>(std::find(opts_.digests.begin(), opts_.digests.end(), m) - opts_.digests.begin());
    };
    std::map<std::pair<Usage, Selector>, std::size_t> best;
    for (const auto& e : entries_) {
      if (!e.active || e.rec().matching_type() == MatchingType::Full) continue;
      const auto key = std::pair(e.rec().usage(), e.rec().selector());
      const auto r = rank(e.rec().matching_type());
      if (auto it = best.find(key); it == best.end() || r < it->second) best[key] = r;
    }
    for (auto& e : entries_) {
      if (!e.active || e.rec().matching_type() == MatchingType::Full) continue;
      const std::size_t b = best.at({e.rec().usage(), e.rec().selector()});
      if (rank(e.rec().matching_type()) > b) {
        e.active = false;
        set(e.report, RecordOutcome::Superseded,
            fmt::format("a {} record exists for {} {}, so {} records are not used", mnemonic(opts_.digests[b]),
                        mnemonic(e.rec().usage()), mnemonic(e.rec().selector()), mnemonic(e.rec().matching_type())),
            "RFC 7671 §9");
      }
    }
  }

  // ---------------------------------------------------------------- names
  /// RFC 7672 §3.2.2-3.2.3: the leaf must carry one of the reference
  /// identifiers (DNS-IDs, CN only without DNS-IDs, wildcard only as the whole
  /// left-most label).
  bool leaf_has_reference_name() const {
    if (opts_.skip_name_checks) return true;
    return certificate_matches_names(chain_.front(), opts_.reference_names, opts_.name_options);
  }

  std::string name_problem() const {
    const auto presented = presented_identifiers(chain_.front());
    std::string p, r;
    for (const auto& n : presented) p += (p.empty() ? "" : ", ") + n;
    for (const auto& n : opts_.reference_names) r += (r.empty() ? "" : ", ") + n;
    if (opts_.reference_names.empty())
      return fmt::format("no reference names were given, so the leaf's names ({}) cannot match", p.empty() ? "none" : p);
    return fmt::format("the leaf's names ({}) match none of the reference names ({})", p.empty() ? "none" : p, r);
  }

  /// RFC 7672 §3.1.1: with DANE-EE the certificate's names are not checked in
  /// SMTP; the generic profile checks them unless told not to (OpenSSL's default).
  bool ee_names_checked() const {
    return opts_.ee_name_checks.value_or(opts_.profile == Profile::Generic);
  }

  // ---------------------------------------------------------------- step 3
  /// RFC 7671 §5.1, RFC 7672 §3.1.1: DANE-EE(3) matches the leaf only, with no
  /// validity-period check (and no name check in SMTP). Returns true when verified.
  bool match_dane_ee() {
    std::vector<std::size_t> matched;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      auto& e = entries_[i];
      if (!e.active || e.rec().usage() != Usage::DaneEe) continue;
      const auto& have = assoc(chain_.front(), e.rec().selector(), e.rec().matching_type());
      if (have != e.rec().data()) {
        set(e.report, RecordOutcome::NoMatch, describe_difference(e.rec(), have, "the leaf certificate"),
            "RFC 7671 §5.1");
        continue;
      }
      if (ee_names_checked() && !leaf_has_reference_name()) {
        set(e.report, RecordOutcome::NameMismatch, "matches the leaf, but " + name_problem(), "RFC 7671 §5.1", 0);
        continue;
      }
      matched.push_back(i);
    }
    if (matched.empty()) return false;
    const std::size_t win = *std::min_element(matched.begin(), matched.end(), [&](std::size_t a, std::size_t b) {
      return canonical_less(entries_[a].rec(), entries_[b].rec());
    });
    for (std::size_t i : matched)
      set(entries_[i].report, RecordOutcome::Matched,
          i == win ? "matches the end-entity certificate; DANE-EE ignores its names and validity dates"
                   : "also matches the end-entity certificate",
          "RFC 7672 §3.1.1", 0);
    winner_ = win;
    return true;
  }

  std::string describe_difference(const Tlsa& r, const std::vector<std::uint8_t>& have, const std::string& what) const {
    const char* obj = r.selector() == Selector::Cert ? "certificate" : "SubjectPublicKeyInfo";
    if (r.matching_type() == MatchingType::Full)
      return fmt::format("the {} of {} ({} octets) differs from the record's data ({} octets)", obj, what, have.size(),
                         r.data().size());
    return fmt::format("{} of {}'s {} is {}, the record has {}", mnemonic(r.matching_type()), what, obj, hex(have),
                       hex(r.data()));
  }

  // ---------------------------------------------------------------- step 4
  /// RFC 7671 §5.2, RFC 7672 §3.1.2: a DANE-TA(2) record names a trust anchor:
  /// a CA certificate at depth >= 1 of the chain, or a certificate / bare key
  /// from the record itself ("2 0 0", "2 1 0"). The lowest anchor found while
  /// walking up from the leaf whose path verifies and whose leaf name matches
  /// authenticates the peer. Returns true when verified.
  bool match_dane_ta() {
    std::vector<std::size_t> ta;
    for (std::size_t i = 0; i < entries_.size(); ++i)
      if (entries_[i].active && entries_[i].rec().usage() == Usage::DaneTa) ta.push_back(i);
    if (ta.empty()) return false;

    // Issuer candidates: certificates from DNS first (a "2 0 0" anchor is
    // preferred to a cross-signed copy the peer sent), then the peer's chain.
    std::vector<Node> pool;
    for (std::size_t i : ta)
      if (entries_[i].dns_cert) pool.push_back(*entries_[i].dns_cert);
    for (std::size_t d = 1; d < chain_.size(); ++d)
      pool.push_back(Node{chain_[d], detail::CertAccess::shared_x509(chain_[d]), false});

    // Walk up from the leaf; at each depth >= 1, records matching that
    // certificate are tried (lowest depth first) and the walk stops at the
    // first anchor that authenticates the chain.
    std::vector<Node> path{Node{chain_.front(), detail::CertAccess::shared_x509(chain_.front()), false}};
    for (std::size_t depth = 0; depth < opts_.max_chain_certificates && !winner_; ++depth) {
      if (depth >= 1) {
        std::vector<Hit> hits;
        for (std::size_t i : ta) {
          const Entry& e = entries_[i];
          if (assoc(path[depth].cert, e.rec().selector(), e.rec().matching_type()) == e.rec().data())
            hits.push_back(Hit{i, depth, false});
        }
        evaluate_ta_hits(hits, path);
      }
      if (winner_) break;
      auto next = find_issuer(path[depth], pool, path);
      if (!next) break;
      path.push_back(std::move(*next));
    }
    // "2 1 0": a bare key from DNS signing a certificate of the path is the
    // last resort, as in OpenSSL (check_dane_pkeys), lowest depth first.
    for (std::size_t depth = 0; depth < path.size() && !winner_; ++depth) {
      std::vector<Hit> hits;
      for (std::size_t i : ta) {
        const Entry& e = entries_[i];
        if (e.key && e.report.outcome == RecordOutcome::NotEvaluated && signed_by(*path[depth].x509, *e.key))
          hits.push_back(Hit{i, depth, true});
      }
      evaluate_ta_hits(hits, path);
    }
    for (std::size_t i : ta) {
      auto& rep = entries_[i].report;
      if (!winner_ && rep.outcome == RecordOutcome::NotEvaluated && rep.reason.empty()) explain_ta_no_match(entries_[i], path);
    }
    return winner_.has_value();
  }

  /// Does key verify cert's signature? A key or certificate Botan cannot use is a "no".
  static bool signed_by(const Botan::X509_Certificate& cert, const Botan::Public_Key& key) {
    try {
      return cert.check_signature(key);
    } catch (const std::exception&) {
      return false;
    }
  }

  /// Checks the path and the name for the anchors found at one depth, in
  /// canonical record order, until one authenticates the chain.
  void evaluate_ta_hits(std::vector<Hit>& hits, const std::vector<Node>& path) {
    std::sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
      return canonical_less(entries_[a.entry].rec(), entries_[b.entry].rec());
    });
    std::optional<PathCheck> checked;  // every hit here shares the same path
    for (const Hit& h : hits) {
      auto& rep = entries_[h.entry].report;
      const int depth = static_cast<int>(h.depth);
      const std::string where = anchor_description(path[h.depth], h);
      if (winner_) {
        set(rep, RecordOutcome::NotEvaluated,
            where + fmt::format("; not checked further since record {} authenticated the chain", *winner_ + 1),
            "RFC 6698 §2.1", depth);
        continue;
      }
      if (rep.outcome == RecordOutcome::PathInvalid || rep.outcome == RecordOutcome::NameMismatch) continue;
      if (!checked)
        checked = check_path_to_anchor(std::span(path).first(h.depth + 1), h.by_key ? entries_[h.entry].key.get() : nullptr);
      if (!checked->ok) {
        set(rep, RecordOutcome::PathInvalid, where + ", but the path to it does not verify: " + checked->problem,
            "RFC 7671 §5.2.1", depth);
        if (checked->expired) expired_seen_ = true;
        continue;
      }
      if (!leaf_has_reference_name()) {
        set(rep, RecordOutcome::NameMismatch, where + ", but " + name_problem(), "RFC 7672 §3.2.2", depth);
        continue;
      }
      set(rep, RecordOutcome::Matched, where + "; the path from the leaf verifies and the leaf name matches",
          "RFC 7672 §3.1.2", depth);
      winner_ = h.entry;
      anchor_from_dns_ = h.by_key || path[h.depth].from_dns;
      verified_path_.assign(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(h.depth) + 1);
    }
  }

  std::string anchor_description(const Node& n, const Hit& h) const {
    if (h.by_key)
      return fmt::format("the record's public key signed '{}' at depth {}", n.cert.subject(), h.depth);
    return fmt::format("matches {}'{}' at depth {}", n.from_dns ? "the certificate from DNS, " : "", n.cert.subject(),
                       h.depth);
  }

  /// Why a DANE-TA record found no anchor, with the hints operators need most
  /// (Mailu#2138: the TA was not sent; shuque/dane#3-style usage mix-ups).
  void explain_ta_no_match(Entry& e, const std::vector<Node>& path) {
    const Tlsa& r = e.rec();
    std::string why = e.key ? "no certificate on the chain is signed by the record's public key"
                            : "no CA certificate at depth >= 1 of the presented chain matches";
    if (!e.key && assoc(chain_.front(), r.selector(), r.matching_type()) == r.data())
      why += "; it matches the leaf, but a DANE-TA(2) record must match an issuing CA (publish 3 " +
             params(r).substr(2) + " for the server's own certificate)";
    const Node& top = path.back();
    if (!top.cert.is_self_issued())
      why += fmt::format("; the chain ends at '{}', issued by '{}', which the server did not send (a DANE-TA trust "
                         "anchor must be in the chain, RFC 7671 §5.2.2)",
                         top.cert.subject(), top.cert.issuer());
    set(e.report, RecordOutcome::NoMatch, why, "RFC 7671 §5.2");
  }

  /// Next certificate up (never one already on the path, so the walk ends):
  /// same name as the subject's issuer, key identifiers
  /// agreeing when both are present; among several, the one whose key verifies
  /// the subject's signature.
  std::optional<Node> find_issuer(const Node& subject, const std::vector<Node>& pool, const std::vector<Node>& path) const {
    std::vector<const Node*> candidates;
    for (const Node& n : pool) {
      if (n.x509->subject_dn() != subject.x509->issuer_dn()) continue;
      if (std::any_of(path.begin(), path.end(), [&](const Node& p) { return p.cert == n.cert; })) continue;
      const auto& akid = subject.x509->authority_key_id();
      const auto& skid = n.x509->subject_key_id();
      if (!akid.empty() && !skid.empty() && akid != skid) continue;
      candidates.push_back(&n);
    }
    if (candidates.empty()) return std::nullopt;
    if (candidates.size() > 1)
      for (const Node* c : candidates) {
        try {
          const std::unique_ptr<Botan::Public_Key> k(c->x509->subject_public_key());
          if (k && signed_by(*subject.x509, *k)) return *c;
        } catch (const std::exception&) {
          // a key Botan cannot decode issues nothing
        }
      }
    return *candidates.front();
  }

  /// RFC 7671 §5.2.1 / RFC 5280 §6.1: the path from the leaf up to the trust
  /// anchor must verify at the given time. Every certificate below the anchor
  /// is checked link by link (RFC 5280 §6.1.3-6.1.4): its validity period, its
  /// signature by the next key up, issuer/subject name chaining, the issuer's
  /// CA flag, keyCertSign and path length, unknown critical extensions and
  /// Botan's extension checks (name constraints), and serverAuth usage on the
  /// leaf. The anchor itself is trusted as it is (RFC 5280 §6.1.1(d): a trust
  /// anchor is a name and a key, its dates are not checked); for a "2 1 0"
  /// anchor the top certificate is checked too, against the record's key.
  PathCheck check_path_to_anchor(std::span<const Node> nodes, const Botan::Public_Key* anchor_key) const {
    using C = Botan::Certificate_Status_Code;
    const std::size_t n = nodes.size();
    const std::size_t checked = anchor_key ? n : n - 1;  // certificates below the anchor
    PathCheck out;
    auto add = [&](std::size_t depth, const std::string& text) {
      out.ok = false;
      out.problem += fmt::format("{}certificate at depth {} ('{}'): {}", out.problem.empty() ? "" : "; ", depth,
                                 nodes[depth].cert.subject(), text);
    };
    const Botan::X509_Time when(now_);
    for (std::size_t i = 0; i < checked; ++i) {
      const Botan::X509_Certificate& subject = *nodes[i].x509;
      // RFC 5280 §6.1.3(a)(2): the validity period.
      if (when < subject.not_before()) {
        out.expired = true;
        add(i, "not valid before " + format_time(nodes[i].cert.not_before()));
      }
      if (when > subject.not_after()) {
        out.expired = true;
        add(i, "expired at " + format_time(nodes[i].cert.not_after()));
      }
      // RFC 5280 §6.1.3(a)(1): the signature, by the next certificate's key or the anchor key.
      std::unique_ptr<Botan::Public_Key> owned;
      const Botan::Public_Key* issuer_key = anchor_key;
      if (i + 1 < n) {
        const Botan::X509_Certificate& issuer = *nodes[i + 1].x509;
        try {
          owned.reset(issuer.subject_public_key());
        } catch (const std::exception& e) {
          add(i + 1, std::string("its public key cannot be used: ") + e.what());
          continue;
        }
        issuer_key = owned.get();
        // RFC 5280 §6.1.3(a)(4): names chain.
        if (subject.issuer_dn() != issuer.subject_dn()) add(i, "its issuer name is not the next certificate's subject");
        // RFC 5280 §6.1.4(k), (n): the issuer is a CA allowed to sign certificates.
        if (!issuer.is_CA_cert()) add(i + 1, "is not a CA certificate (basicConstraints cA is not set)");
        else if (!issuer.allowed_usage(Botan::Key_Constraints::KEY_CERT_SIGN)) add(i + 1, "its key usage does not allow signing certificates");
        // RFC 5280 §6.1.4(l)-(m): at most path_limit() CA certificates below it (the leaf not counted).
        if (issuer.is_CA_cert() && issuer.path_limit() != Botan::Cert_Extension::NO_CERT_PATH_LIMIT && i > issuer.path_limit())
          add(i + 1, fmt::format("its path length constraint {} is exceeded", issuer.path_limit()));
      }
      if (!issuer_key) {
        add(i, "no key to verify its signature");
        continue;
      }
      if (const C sig = subject.verify_signature(*issuer_key); sig != C::VERIFIED)
        add(i, std::string("signature does not verify: ") + Botan::to_string(sig));
      if (issuer_key->estimated_strength() < opts_.min_signature_strength)
        add(i, fmt::format("signed with a key of {} bits strength, below the minimum {}", issuer_key->estimated_strength(),
                           opts_.min_signature_strength));
    }
    // The leaf must be usable by a TLS server (keyUsage / extendedKeyUsage).
    if (checked > 0 && !nodes[0].x509->allowed_usage(Botan::Usage_Type::TLS_SERVER_AUTH))
      add(0, "its key usage or extended key usage does not allow TLS server authentication");
    // Extension checks (unknown critical extensions, name constraints) as Botan implements them.
    std::vector<X509Ptr> cp;
    for (const auto& node : nodes) cp.push_back(node.x509);
    Botan::CertificatePathStatusCodes statuses(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& issuer = *cp[i + 1 < n ? i + 1 : i];
      for (const auto& ext : cp[i]->v3_extensions().extensions()) ext.first->validate(*cp[i], issuer, cp, statuses, i);
    }
    for (std::size_t i = 0; i < checked; ++i)
      for (const C code : statuses[i])
        if (code >= C::FIRST_ERROR_STATUS) add(i, Botan::to_string(code));
    return out;
  }

  // ---------------------------------------------------------------- step 5
  /// RFC 6698 §2.1.1 (generic profile): PKIX-EE(1) / PKIX-TA(0) constrain a
  /// normal PKIX validation to the caller's trust anchors. "0 0 0" certificates
  /// from DNS may fill gaps in the chain.
  void match_pkix() {
    std::vector<std::size_t> px;
    for (std::size_t i = 0; i < entries_.size(); ++i)
      if (entries_[i].active && (entries_[i].rec().usage() == Usage::PkixEe || entries_[i].rec().usage() == Usage::PkixTa))
        px.push_back(i);
    if (px.empty()) return;

    Botan::Certificate_Store_In_Memory store;
    for (const auto& c : opts_.pkix_trust_anchors) store.add_certificate(detail::CertAccess::x509(c));
    std::vector<Botan::X509_Certificate> end_certs;
    for (const auto& c : chain_) end_certs.push_back(detail::CertAccess::x509(c));
    for (std::size_t i : px)
      if (entries_[i].dns_cert && entries_[i].rec().usage() == Usage::PkixTa) end_certs.push_back(*entries_[i].dns_cert->x509);
    const Botan::Path_Validation_Restrictions restrictions(false, opts_.min_signature_strength);
    const auto result =
        Botan::x509_path_validate(end_certs, restrictions, store, "", Botan::Usage_Type::TLS_SERVER_AUTH, now_);
    if (!result.successful_validation()) {
      const auto code = result.result();
      if (code == Botan::Certificate_Status_Code::CERT_HAS_EXPIRED ||
          code == Botan::Certificate_Status_Code::CERT_NOT_YET_VALID)
        expired_seen_ = true;
      // Still say where each record would have matched (OpenSSL reports that depth too).
      for (std::size_t i : px) {
        const Tlsa& r = entries_[i].rec();
        int depth = -1;
        const std::size_t first = r.usage() == Usage::PkixEe ? 0 : 1;
        const std::size_t last = r.usage() == Usage::PkixEe ? 1 : chain_.size();
        for (std::size_t d = first; d < last && depth < 0; ++d)
          if (assoc(chain_[d], r.selector(), r.matching_type()) == r.data()) depth = static_cast<int>(d);
        set(entries_[i].report, RecordOutcome::PathInvalid,
            (depth >= 0 ? fmt::format("matches the certificate at depth {}, but ", depth) : std::string()) +
                "PKIX validation to the trust store failed: " + result.result_string(),
            "RFC 6698 §2.1.1", depth);
      }
      return;
    }
    std::vector<Node> path;
    for (const auto& x : result.cert_path()) {
      const Certificate c = detail::CertAccess::wrap(*x);
      path.push_back(Node{c, detail::CertAccess::shared_x509(c), false});
    }
    std::vector<Hit> hits;
    for (std::size_t i : px) {
      const Entry& e = entries_[i];
      const std::size_t first = e.rec().usage() == Usage::PkixEe ? 0 : 1;
      const std::size_t last = e.rec().usage() == Usage::PkixEe ? 1 : path.size();
      for (std::size_t d = first; d < last; ++d)
        if (assoc(path[d].cert, e.rec().selector(), e.rec().matching_type()) == e.rec().data()) {
          hits.push_back(Hit{i, d, false});
          break;
        }
    }
    // PKIX-EE before PKIX-TA, then lowest depth.
    std::sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
      const bool ea = entries_[a.entry].rec().usage() == Usage::PkixEe, eb = entries_[b.entry].rec().usage() == Usage::PkixEe;
      if (ea != eb) return ea;
      if (a.depth != b.depth) return a.depth < b.depth;
      return canonical_less(entries_[a.entry].rec(), entries_[b.entry].rec());
    });
    const bool names_ok = leaf_has_reference_name();
    for (const Hit& h : hits) {
      auto& rep = entries_[h.entry].report;
      const int depth = static_cast<int>(h.depth);
      const std::string where = fmt::format("matches '{}' at depth {} of the PKIX path", path[h.depth].cert.subject(), depth);
      if (winner_) {
        set(rep, RecordOutcome::NotEvaluated, where + fmt::format("; record {} already authenticated the chain", *winner_ + 1),
            "RFC 6698 §2.1", depth);
      } else if (!names_ok) {
        set(rep, RecordOutcome::NameMismatch, where + ", but " + name_problem(), "RFC 6125 §6.4", depth);
      } else {
        set(rep, RecordOutcome::Matched, where + "; the PKIX path verifies and the leaf name matches", "RFC 6698 §2.1.1", depth);
        winner_ = h.entry;
        verified_path_ = path;
      }
    }
    for (std::size_t i : px) {
      auto& rep = entries_[i].report;
      if (rep.outcome != RecordOutcome::NotEvaluated || !rep.reason.empty()) continue;
      set(rep, RecordOutcome::NoMatch,
          entries_[i].rec().usage() == Usage::PkixEe ? describe_difference(entries_[i].rec(), assoc(path[0].cert, entries_[i].rec().selector(), entries_[i].rec().matching_type()), "the leaf certificate")
                                                     : "no CA certificate on the validated PKIX path matches",
          "RFC 6698 §2.1.1");
    }
  }

  // ---------------------------------------------------------------- result
  MatchResult summarize() {
    MatchResult out;
    for (auto& e : entries_) {
      if (e.report.outcome == RecordOutcome::NotEvaluated && e.report.reason.empty())
        e.report.reason = winner_ ? fmt::format("not needed: record {} already authenticated the chain", *winner_ + 1)
                                  : "not evaluated";
      out.records.push_back(e.report);
    }
    const bool any_active = std::any_of(entries_.begin(), entries_.end(), [](const Entry& e) { return e.active; });
    if (winner_) {
      out.status = MatchStatus::Verified;
      out.failure = Failure::None;
      out.matched_record = *winner_;
      out.depth = entries_[*winner_].report.depth;
      out.trust_anchor_from_dns = anchor_from_dns_;
      for (const auto& n : verified_path_) out.path.push_back(n.cert.subject());
      return out;
    }
    if (!any_active) {
      out.status = MatchStatus::NoUsableRecords;
      out.failure = Failure::NoUsableRecords;
      return out;
    }
    out.status = MatchStatus::Mismatch;
    // The most specific failure wins: a matching anchor with a bad name or an
    // expired certificate tells the operator more than "no match".
    auto first_with = [&](RecordOutcome o) -> const RecordReport* {
      const RecordReport* best = nullptr;
      for (const auto& r : out.records)
        if (r.outcome == o && (!best || r.depth < best->depth)) best = &r;
      return best;
    };
    if (const auto* r = first_with(RecordOutcome::NameMismatch)) {
      out.failure = Failure::NameMismatch;
      out.depth = r->depth;
    } else if (const auto* p = first_with(RecordOutcome::PathInvalid)) {
      out.failure = expired_seen_ ? Failure::CertificateExpired : Failure::PathInvalid;
      out.depth = p->depth;
    } else {
      out.failure = Failure::NoMatch;
    }
    return out;
  }

  /// Association data of a certificate, computed once per (certificate, selector, type).
  const std::vector<std::uint8_t>& assoc(const Certificate& c, Selector s, MatchingType m) {
    const auto key = std::tuple(static_cast<const void*>(c.der().data()), s, m);
    auto it = assoc_cache_.find(key);
    // The cache keeps the certificate alive, so its address cannot be reused.
    if (it == assoc_cache_.end()) it = assoc_cache_.emplace(key, std::pair(c, association_data(c, s, m))).first;
    return it->second.second;
  }

  std::span<const Certificate> chain_;
  std::chrono::system_clock::time_point now_;
  const MatchOptions& opts_;
  std::vector<Entry> entries_;
  std::optional<std::size_t> winner_;
  bool anchor_from_dns_ = false;
  bool expired_seen_ = false;
  std::vector<Node> verified_path_;
  std::map<std::tuple<const void*, Selector, MatchingType>, std::pair<Certificate, std::vector<std::uint8_t>>> assoc_cache_;
};

}  // namespace

std::string_view to_string(Profile p) noexcept { return p == Profile::Smtp ? "smtp" : "generic"; }

Profile parse_profile(std::string_view text) {
  if (text == "smtp") return Profile::Smtp;
  if (text == "generic") return Profile::Generic;
  throw InputError("profile", "", std::string(text), "is not one of: smtp, generic");
}

std::string_view to_string(MatchStatus s) noexcept {
  switch (s) {
    case MatchStatus::Verified: return "Verified";
    case MatchStatus::Mismatch: return "Mismatch";
    case MatchStatus::NoUsableRecords: return "NoUsableRecords";
  }
  return "?";
}

std::string_view to_string(RecordOutcome o) noexcept {
  switch (o) {
    case RecordOutcome::Matched: return "matched";
    case RecordOutcome::NoMatch: return "no-match";
    case RecordOutcome::Unusable: return "unusable";
    case RecordOutcome::Superseded: return "superseded";
    case RecordOutcome::NameMismatch: return "name-mismatch";
    case RecordOutcome::PathInvalid: return "path-invalid";
    case RecordOutcome::NotEvaluated: return "not-evaluated";
  }
  return "?";
}

std::string_view to_string(Failure f) noexcept {
  switch (f) {
    case Failure::None: return "none";
    case Failure::NoUsableRecords: return "no-usable-records";
    case Failure::NoMatch: return "no-match";
    case Failure::NameMismatch: return "name-mismatch";
    case Failure::CertificateExpired: return "certificate-expired";
    case Failure::PathInvalid: return "path-invalid";
  }
  return "?";
}

std::string MatchResult::summary() const {
  if (status == MatchStatus::Verified && matched_record && *matched_record < records.size()) {
    const auto& r = records[*matched_record];
    std::string text = r.record.to_string();
    if (text.size() > 6 + 128) text = text.substr(0, 6 + 64) + "...";  // a Full(0) object is kilobytes of hex
    return fmt::format("Verified: {} ({} {} {}) {}", text, mnemonic(r.record.usage()),
                       mnemonic(r.record.selector()), mnemonic(r.record.matching_type()), r.reason);
  }
  if (status == MatchStatus::NoUsableRecords)
    return fmt::format("NoUsableRecords: none of the {} TLSA record{} is usable; for SMTP, TLS is still required "
                       "but cannot be authenticated (RFC 7672 §2.2)",
                       records.size(), records.size() == 1 ? "" : "s");
  const auto usable = std::count_if(records.begin(), records.end(), [](const RecordReport& r) {
    return r.outcome != RecordOutcome::Unusable && r.outcome != RecordOutcome::Superseded;
  });
  return fmt::format("Mismatch ({}): none of the {} usable TLSA record{} authenticated the chain", to_string(failure),
                     usable, usable == 1 ? "" : "s");
}

MatchResult verify_chain(std::span<const Certificate> chain, std::span<const Tlsa> rrset, Time now,
                         const MatchOptions& options) {
  if (chain.empty()) throw UsageError("verify_chain: the certificate chain is empty (the leaf comes first)");
  if (chain.size() > options.max_chain_certificates)
    throw InputError("certificate chain", "", "",
                     fmt::format("has {} certificates, more than the limit of {}", chain.size(), options.max_chain_certificates));
  if (rrset.size() > options.max_records)
    throw InputError("TLSA RRset", "", "",
                     fmt::format("has {} records, more than the limit of {}", rrset.size(), options.max_records));
  try {
    return Matcher(chain, rrset, now, options).run();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    // Botan rejected something in the peer's certificates in a way the
    // checks above did not anticipate: report it as bad input, never crash.
    throw InputError("certificate chain", "", "", std::string("cannot be processed: ") + e.what());
  }
}

}  // namespace dane
