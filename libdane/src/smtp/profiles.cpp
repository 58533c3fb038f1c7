// libdane: the built-in SMTP sender policy profiles (profiles.hpp). Each
// entry cites where its switches come from (smtp-dane-scenarios.md §3.2-§3.3,
// §9; the Cisco ESA tables in mission.md).
#include "dane/smtp/profiles.hpp"


#include "dane/error.hpp"

namespace dane::smtp {

namespace {

Profile make(std::string name, std::string description) {
  Profile p;
  p.name = std::move(name);
  p.description = std::move(description);
  return p;
}

std::vector<Profile> build_profiles() {
  std::vector<Profile> all;

  // RFC 7672 §2.2: opportunistic DANE; the §2.2.1 MAY (DANE on insecure MX) taken.
  all.push_back(make("rfc7672", "RFC 7672 opportunistic DANE; DANE also used on an insecure MX (the MAY of §2.2.1)"));

  // RFC 7672 §2.2.1/§6: mandatory DANE, insecure MX "MUST delay".
  Profile mand = make("rfc7672-mandatory", "RFC 7672 mandatory DANE: only DANE-authenticated TLS, otherwise delay");
  mand.dane = DaneUse::Mandatory;
  mand.insecure_mx = InsecureMxPolicy::Refuse;
  all.push_back(mand);

  // Postfix dane: insecure MX policy "dane" (default since 3.6.17/3.7.13/...),
  // usage checked before connecting, other defects at match time (§9.1-§9.2).
  Profile pf = make("postfix-dane", "Postfix smtp_tls_security_level = dane (insecure MX policy dane, Postfix >= 3.2)");
  pf.usability = UsabilityCheck::UsageOnly;
  all.push_back(pf);

  Profile pfo = make("postfix-dane-only", "Postfix dane-only: tempfail 4.7.5 unless DANE authenticates the server");
  pfo.dane = DaneUse::Mandatory;
  pfo.insecure_mx = InsecureMxPolicy::Refuse;
  pfo.usability = UsabilityCheck::UsageOnly;
  all.push_back(pfo);

  Profile may = make("postfix-may", "Postfix may: opportunistic TLS, TLSA never looked up");
  may.dane = DaneUse::Never;
  all.push_back(may);

  Profile enc = make("postfix-encrypt", "Postfix encrypt: TLS required without authentication, TLSA never looked up");
  enc.dane = DaneUse::Never;
  enc.base_tls = BaseTls::Encrypt;
  all.push_back(enc);

  // Exim: DANE only when MX and A/AAAA are secure; all-unusable defers.
  Profile et = make("exim-try", "Exim hosts_try_dane: DANE only with secure MX and A; unusable TLSA defers");
  et.insecure_mx = InsecureMxPolicy::May;
  et.all_unusable = UnusableTlsaAction::Defer;
  et.secure_first_cname_suffices = false;
  all.push_back(et);

  Profile er = make("exim-require", "Exim hosts_require_dane: missing or insecure DNSSEC data bounces (5.7.5)");
  er.dane = DaneUse::Mandatory;
  er.insecure_mx = InsecureMxPolicy::Refuse;
  er.all_unusable = UnusableTlsaAction::Defer;
  er.refusal = RefusalKind::Bounce;
  er.secure_first_cname_suffices = false;
  all.push_back(er);

  // Cisco ESA (mission.md): opportunistic looks TLSA up behind an insecure MX
  // and fails on a bogus answer, but never applies DANE there.
  Profile co = make("cisco-opportunistic", "Cisco ESA Opportunistic DANE (AsyncOS >= 12, outbound)");
  co.insecure_mx = InsecureMxPolicy::MayAfterTlsaLookup;
  co.table_style = TableStyle::Cisco;
  co.secure_first_cname_suffices = false;
  co.all_unusable = UnusableTlsaAction::Defer;  // "Secure TLSA, cert Failed": nothing can authenticate
  all.push_back(co);

  // Mandatory: checks the certificate behind an insecure MX, then fails anyway.
  Profile cm = make("cisco-mandatory", "Cisco ESA Mandatory DANE: no delivery unless \"DANE Success\"");
  cm.dane = DaneUse::Mandatory;
  cm.insecure_mx = InsecureMxPolicy::Dane;
  cm.table_style = TableStyle::Cisco;
  cm.secure_first_cname_suffices = false;
  all.push_back(cm);

  Profile legacy = make("legacy-usage1-as-3", "Postfix 2.11-3.1 dane: PKIX-EE(1) records used as DANE-EE(3)");
  legacy.usability = UsabilityCheck::UsageOnly;
  legacy.pkix_ee_as_dane_ee = true;
  all.push_back(legacy);
  return all;
}

}  // namespace

std::span<const Profile> profiles() {
  static const std::vector<Profile> all = build_profiles();
  return all;
}

const Profile& profile(std::string_view name) {
  std::string known;
  for (const Profile& p : profiles()) {
    if (p.name == name) return p;
    known += known.empty() ? p.name : ", " + p.name;
  }
  throw InputError("SMTP policy profile", "name", std::string(name), "is unknown (known: " + known + ")");
}

}  // namespace dane::smtp
