/*
 * dane::sim survey: one worker's deliveries. The sending side mirrors
 * sim::Mta (dane::smtp plan -> SMTP client with STARTTLS -> decide_host),
 * adding what the survey needs: the PKIX check behind Postfix's "Trusted"
 * class (the sim CA stands for the public WebPKI roots) and a per-host TLS
 * session cache for the shared operators.
 */
#include "survey_worker.hpp"

#include <botan/certstor.h>
#include <botan/x509path.h>

#include <chrono>

#include <fmt/format.h>

#include "dane/error.hpp"
#include "dane/generate.hpp"
#include "dane/names.hpp"
#include "dane/resolver.hpp"
#include "dane/sim/world.hpp"

namespace dane::sim::detail {

namespace {

constexpr std::chrono::seconds days(std::int64_t n) { return std::chrono::seconds(n * 86400); }

/// Deliveries a server takes before it is replaced (its mailbox holds at most 10,000).
constexpr std::size_t server_recycle = 2000;
/// Entries of the TLS session cache and the PKIX cache before they are flushed.
constexpr std::size_t max_cache_entries = 16'384;
/// Where a signed domain's MX host listens in its own world.
const char* const signed_mx_address = "192.0.2.25";

/// Answers every lookup of an unsigned domain from its generated records,
/// Insecure (no DNSSEC: nothing to validate, RFC 4035 §4.3).
class TableResolver final : public Resolver {
 public:
  void set(const DomainProfile& d, const Address& address) {
    domain_ = dns::Name::parse(d.domain);
    host_ = dns::Name::parse(d.mx_host);
    mx_ = {dns::RR::parse(fmt::format("{}. 3600 IN MX 10 {}.", d.domain, d.mx_host))};
    a_ = {dns::RR::parse(fmt::format("{}. 3600 IN A {}", d.mx_host, address))};
  }
  Lookup lookup(const dns::Name& name, std::uint16_t type) override {
    Lookup l;
    l.qname = name;
    l.qtype = type;
    l.final_name = name;
    l.security = dnssec::Security::Insecure;
    l.rcode = 0;
    l.ttl = 3600;
    if (name == domain_ && type == 15) {
      l.outcome = Lookup::Outcome::Answer;
      l.records = mx_;
    } else if (name == host_ && type == 1) {
      l.outcome = Lookup::Outcome::Answer;
      l.records = a_;
    } else if (name == domain_ || name == host_) {
      l.outcome = Lookup::Outcome::NoData;
    } else {
      l.outcome = Lookup::Outcome::NxDomain;
      l.rcode = 3;
    }
    return l;
  }

 private:
  dns::Name domain_, host_;
  std::vector<dns::RR> mx_, a_;
};

std::string host_text(const dns::Name& n) {
  std::string s = n.to_string();
  if (s.size() > 1 && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

void SurveyWork::add(const SurveyWork& o) noexcept {
  handshakes += o.handshakes;
  handshake_signatures += o.handshake_signatures;
  pkix_validations += o.pkix_validations;
  pkix_signatures += o.pkix_signatures;
  dnssec_signatures += o.dnssec_signatures;
  dns_worlds += o.dns_worlds;
  cache_hits += o.cache_hits;
  modelled += o.modelled;
}

/// The sim WebPKI root as a Botan store, and chain results by leaf.
struct SurveyWorker::Pkix {
  Botan::Certificate_Store_In_Memory store;
  std::map<std::vector<std::uint8_t>, bool> valid;
};

namespace {

/// The public WebPKI the sender trusts: "Sim Root CA" ...
CertSpec root_spec(Time t) {
  CertSpec root;
  root.common_name = "Sim Root CA";
  root.not_before = t - days(5 * 365);
  root.not_after = t + days(10 * 365);
  root.is_ca = true;
  return root;
}

/// ... -> "Sim Issuing CA".
CertSpec ca_spec(Time t) {
  CertSpec ca = root_spec(t);
  ca.common_name = "Sim Issuing CA";
  ca.path_length = 0;
  return ca;
}

CachedTls offered_only(bool anonymous) {
  CachedTls c;
  c.offered = true;
  c.anonymous = anonymous;
  return c;
}

}  // namespace

SurveyWorker::SurveyWorker(const Population& pop, std::uint64_t seed)
    : pop_(pop),
      seed_(seed),
      clock_(pop.time),
      net_(clock_, Random(seed).fork("survey/network")),
      client_(net_, SmtpClientConfig{.seed = Random(seed).fork("survey/client").seed()}),
      ca_pki_(Random(seed).fork("survey/ca").seed()),
      root_(ca_pki_.self_signed(root_spec(pop.time))),
      ca_(ca_pki_.issue(ca_spec(pop.time), root_)),
      pkix_(std::make_unique<Pkix>()) {
  pkix_->store.add_certificate(Botan::X509_Certificate(root_.certificate.der()));
}

SurveyWorker::~SurveyWorker() = default;

std::optional<ServerCertificate> SurveyWorker::certificate_for(HostTls k, const std::string& name, Pki& pki) {
  CertSpec spec;
  spec.common_name = name;
  spec.dns_names = {name};
  spec.not_before = pop_.time - days(30);
  spec.not_after = pop_.time + days(3 * 365);
  switch (k) {
    case HostTls::Trusted: break;
    case HostTls::SelfSigned: {
      Issued self = pki.self_signed(spec);
      return ServerCertificate{{self.certificate}, self.private_key_pem};
    }
    case HostTls::Expired:
      spec.not_before = pop_.time - days(400);
      spec.not_after = pop_.time - days(30);
      break;
    case HostTls::WrongName:
      spec.common_name = "mail.elsewhere.test";
      spec.dns_names = {"mail.elsewhere.test"};
      break;
    case HostTls::Anonymous:
    case HostTls::Broken:
    case HostTls::Plain: return std::nullopt;
  }
  Issued leaf = pki.issue(spec, ca_);
  return ServerCertificate{{leaf.certificate, ca_.certificate}, leaf.private_key_pem};
}

Endpoint SurveyWorker::use(Slot& slot, Network& net) {
  if (slot.uses++ % server_recycle == 0) {
    // A fresh server (empty mailbox and log): memory stays bounded.
    net.listen(slot.at, std::make_shared<SmtpServer>(clock_, slot.config));
  }
  return slot.at;
}

Endpoint SurveyWorker::hosted_endpoint(HostTls k) {
  auto it = hosted_.find(k);
  if (it == hosted_.end()) {
    Slot s;
    s.at = Endpoint{fmt::format("192.0.2.{}", 10 + static_cast<int>(k)), 25};
    s.config.hostname = fmt::format("{}.hosted.test", to_string(k));
    s.config.offer_starttls = k != HostTls::Plain;
    s.config.seed = Random(seed_).fork("survey/hosted/" + std::string(to_string(k))).seed();
    // One wildcard certificate per kind covers every own MX host *.hosted.test.
    Pki pki(Random(seed_).fork("survey/hosted-cert/" + std::string(to_string(k))).seed());
    s.config.default_certificate = certificate_for(k, "*.hosted.test", pki);
    it = hosted_.emplace(k, std::move(s)).first;
  }
  return use(it->second, net_);
}

Endpoint SurveyWorker::operator_endpoint(std::size_t id, HostTls k) {
  auto it = operators_.find(id);
  if (it == operators_.end()) {
    Slot s;
    s.at = Endpoint{fmt::format("198.18.{}.{}", id / 250, id % 250 + 1), 25};
    s.config.hostname = fmt::format("mx.op{}.survey.net", id);
    s.config.offer_starttls = k != HostTls::Plain;
    s.config.seed = Random(seed_).fork(fmt::format("survey/operator/{}", id)).seed();
    Pki pki(Random(seed_).fork(fmt::format("survey/operator-cert/{}", id)).seed());
    s.config.default_certificate = certificate_for(k, s.config.hostname, pki);
    it = operators_.emplace(id, std::move(s)).first;
  }
  return use(it->second, net_);
}

bool SurveyWorker::pkix_trusted(const Chain& chain, const std::string& host, Time now) {
  if (chain.empty()) return false;
  auto it = pkix_->valid.find(chain.front().der());
  if (it == pkix_->valid.end()) {
    if (pkix_->valid.size() >= max_cache_entries) pkix_->valid.clear();
    std::vector<Botan::X509_Certificate> certs;
    for (const Certificate& c : chain) certs.emplace_back(c.der());
    ++work_.pkix_validations;
    work_.pkix_signatures += chain.size();
    const Botan::Path_Validation_Restrictions restrictions(false, 110);
    const auto result = Botan::x509_path_validate(certs, restrictions, pkix_->store, "",
                                                  Botan::Usage_Type::UNSPECIFIED,
                                                  std::chrono::system_clock::time_point(now));
    it = pkix_->valid.emplace(chain.front().der(), result.successful_validation()).first;
  }
  // Postfix "Trusted" as the brief defines it: a PKIX-valid chain whose leaf names the MX host.
  const std::vector<std::string> names{host};
  return it->second && certificate_matches_names(chain.front(), names);
}

void SurveyWorker::deliver(const DomainProfile& d, const smtp::DeliveryPlan& plan, Network& net, SmtpClient& client,
                           HostTls kind, bool use_cache, DomainResult& out) {
  const smtp::Profile& profile = smtp::profile("postfix-dane");
  const Envelope envelope{"survey@sender.example.net", {"postmaster@" + d.domain},
                          "Subject: TLS survey\r\n\r\nsurvey probe\r\n"};
  std::vector<smtp::HostVerdict> tried;
  if (!plan.verdict) {
    for (const smtp::HostPlan& host : plan.hosts) {
      const std::string name = host_text(host.host);
      smtp::HostVerdict hv;
      if (host.requirement == smtp::TlsRequirement::Refused || host.addresses.empty()) {
        hv = smtp::decide_host(host, {}, profile);
        tried.push_back(hv);
        if (smtp::delivers(hv.action)) break;
        continue;
      }
      const Endpoint at{host.addresses.front(), 25};
      std::optional<CachedTls> cached;
      if (use_cache) {
        if (auto it = cache_.find(name); it != cache_.end()) {
          cached = it->second;
          out.cached = true;
          ++work_.cache_hits;
        }
      }
      auto outcome_of = [&](const CachedTls& c) {
        smtp::TlsOutcome o;
        o.starttls_offered = c.offered;
        o.handshake_ok = c.established || c.anonymous;
        o.peer_certificate = !c.chain.empty();
        o.pkix_trusted = c.pkix_trusted;
        if (host.requirement == smtp::TlsRequirement::Dane && c.established && !c.chain.empty()) {
          try {
            o.dane = smtp::check_peer(host, c.chain, net.clock().now());
          } catch (const InputError&) {
            o.dane.reset();
          }
        }
        return o;
      };
      const auto cls_of = [](const smtp::HostVerdict& v) {
        return v.log_class == smtp::TlsLogClass::None ? smtp::TlsLogClass::Untrusted : v.log_class;
      };
      if (!cached && kind == HostTls::Anonymous) {
        // Botan 2 negotiates no aNULL suite: the anonymous session is modelled.
        cached = offered_only(true);
        out.modelled_tls = true;
        ++work_.modelled;
      }
      if (cached) {
        hv = smtp::decide_host(host, outcome_of(*cached), profile);
        if (cached->established || cached->anonymous) out.tls_class = cls_of(hv);
        if (cached->handshake_failed) out.tls_failure = "Cannot start TLS: handshake failure";
        if (cached->anonymous && !out.cached && smtp::delivers(hv.action)) {
          // The message itself goes over real SMTP (in clear: the stand-in for the aNULL channel).
          SmtpTarget target{name, at, "", TlsMode::None};
          const SmtpAttempt a = client.deliver(target, envelope);
          if (!a.delivered) {
            hv.action = smtp::Action::TryNextMx;
            hv.status = "4.4.2";
            hv.reason = a.failure;
          }
        }
      } else {
        CachedTls seen;
        std::optional<smtp::HostVerdict> gate_verdict;
        auto gate = [&](const TlsSummary& tls) {
          seen.offered = tls.offered;
          seen.established = tls.established;
          seen.chain = tls.peer_chain;
          if (tls.established) {
            seen.pkix_trusted = pkix_trusted(tls.peer_chain, name, net.clock().now());
            ++work_.handshake_signatures;
          }
          gate_verdict = smtp::decide_host(host, outcome_of(seen), profile);
          return smtp::delivers(gate_verdict->action);
        };
        SmtpTarget target{name, at, host.sni.value_or(""),
                          host.requirement == smtp::TlsRequirement::Opportunistic ? TlsMode::Opportunistic
                                                                                  : TlsMode::Required};
        SmtpAttempt a = client.deliver(target, envelope, gate);
        if (a.tls.attempted) ++work_.handshakes;
        if (!gate_verdict && a.connected && (a.stage == SmtpStage::Handshake || a.stage == SmtpStage::StartTls)) {
          // Postfix: "Cannot start TLS: handshake failure"; opportunistic TLS falls back to clear text.
          seen.offered = true;
          seen.handshake_failed = a.stage == SmtpStage::Handshake;
          if (seen.handshake_failed) out.tls_failure = "Cannot start TLS: handshake failure";
          hv = smtp::decide_host(host, outcome_of(offered_only(false)), profile);
          if (hv.action == smtp::Action::DeliverClear) {
            target.mode = TlsMode::None;
            target.sni.clear();
            a = client.deliver(target, envelope);
          }
        } else if (gate_verdict) {
          hv = *gate_verdict;
          if (seen.established) out.tls_class = cls_of(hv);
        } else {
          hv.action = smtp::Action::TryNextMx;
          hv.status = "4.4.2";
          hv.reason = a.failure;
          hv.rule = "RFC 5321 §3.8";
        }
        if (smtp::delivers(hv.action) && !a.delivered) {
          hv.action = a.code / 100 == 5 ? smtp::Action::Bounce : smtp::Action::TryNextMx;
          hv.status = a.code / 100 == 5 ? "5.0.0" : "4.4.2";
          hv.reason = a.failure.empty() ? "lost connection" : a.failure;
          hv.rule = "RFC 5321 §4.2.1";
        }
        if (use_cache && a.connected) {
          if (cache_.size() >= max_cache_entries) cache_.clear();
          cache_[name] = seen;
        }
      }
      if (host.requirement == smtp::TlsRequirement::Dane || host.tlsa_state == smtp::TlsaState::Error) {
        if (!smtp::delivers(hv.action)) out.dane_failure = hv.reason.empty() ? "DANE failure" : hv.reason;
      }
      tried.push_back(hv);
      if (smtp::delivers(hv.action)) break;
    }
  }
  const smtp::Verdict v = smtp::overall_verdict(plan, tried);
  out.dsn = v.status;
  out.status = smtp::delivers(v.action) ? "sent" : v.action == smtp::Action::Bounce ? "bounced" : "deferred";
  if (plan.verdict && out.dane_failure.empty() && d.is_signed && d.tlsa != TlsaKind::None) out.dane_failure = v.reason;
}

DomainResult SurveyWorker::run_unsigned(const DomainProfile& d) {
  DomainResult out;
  out.profile = d;
  out.session = true;
  const Endpoint at = d.operator_id ? operator_endpoint(*d.operator_id, d.host) : hosted_endpoint(d.host);
  TableResolver resolver;
  resolver.set(d, at.address);
  const smtp::DeliveryPlan plan =
      smtp::plan_delivery(dns::Name::parse(d.domain), resolver, smtp::profile("postfix-dane"));
  deliver(d, plan, net_, client_, d.host, d.operator_id.has_value(), out);
  return out;
}

DomainResult SurveyWorker::run_signed(const DomainProfile& d) {
  DomainResult out;
  out.profile = d;
  out.session = true;
  const dns::Name apex = dns::Name::parse(d.domain);
  const std::uint64_t dseed = Random(seed_).fork("survey/signed/" + d.domain).seed();
  Pki pki(dseed);
  const std::optional<ServerCertificate> cert = certificate_for(d.host, d.mx_host, pki);

  Scenario sc;
  sc.name = d.domain;
  sc.time = pop_.time;
  sc.seed = dseed;
  sc.source = "survey";
  if (apex.label_count() >= 2) {  // the parent zone between the root and the domain ("test.")
    ZoneSpec parent;
    parent.apex = apex.parent();
    parent.path = "parent";
    sc.zones.push_back(parent);
  }
  ZoneSpec zone;
  zone.apex = apex;
  zone.path = "domain";
  zone.records = {"@ 3600 IN MX 10 mail", std::string("mail 3600 IN A ") + signed_mx_address};
  if (d.tlsa != TlsaKind::None) {
    // DANE-EE SPKI SHA2-256 of the served leaf (RFC 7671 §8); "wrong": one octet changed.
    const Certificate& leaf = cert ? cert->chain.front() : ca_.certificate;
    Tlsa t = make_tlsa(leaf, Usage::DaneEe);
    std::vector<std::uint8_t> data = t.data();
    if (d.tlsa == TlsaKind::Wrong) data[0] ^= 0x01;
    zone.records.push_back("_25._tcp.mail 3600 IN TLSA " + Tlsa(t.usage(), t.selector(), t.matching_type(), data).to_string());
  }
  sc.zones.push_back(zone);
  DnsWorld world(sc, dseed);
  ++work_.dns_worlds;

  SmtpServerConfig cfg;
  cfg.hostname = d.mx_host;
  cfg.offer_starttls = d.host != HostTls::Plain;
  cfg.seed = dseed;
  cfg.default_certificate = cert;
  world.network().listen(Endpoint{signed_mx_address, 25}, std::make_shared<SmtpServer>(world.clock(), cfg));
  auto resolver = world.resolver(ResolverKind::Validating);
  SmtpClient client(world.network(), SmtpClientConfig{.seed = dseed});
  const smtp::DeliveryPlan plan = smtp::plan_delivery(apex, *resolver, smtp::profile("postfix-dane"));
  deliver(d, plan, world.network(), client, d.host, false, out);
  work_.dnssec_signatures += resolver->stats().signature_checks;
  return out;
}

DomainResult SurveyWorker::run(const DomainProfile& d) {
  if (!d.has_mx) {
    DomainResult out;
    out.profile = d;
    out.status = "no-mx";
    return out;
  }
  return d.is_signed ? run_signed(d) : run_unsigned(d);
}

}  // namespace dane::sim::detail
