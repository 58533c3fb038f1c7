/*
 * dane::sim survey internals: one worker's worlds (private to the simulator).
 * A worker owns a clock, a network with one SMTP server per certificate kind
 * of the own MX hosts and one per shared operator, the sim WebPKI CA, the
 * TLS session cache and a table resolver for unsigned domains; a signed
 * domain gets its own DNS world for the length of its delivery.
 */
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dane/sim/clock.hpp"
#include "dane/sim/network.hpp"
#include "dane/sim/pki.hpp"
#include "dane/sim/smtp_client.hpp"
#include "dane/sim/smtp_server.hpp"
#include "dane/sim/survey.hpp"
#include "dane/smtp/policy.hpp"

namespace dane::sim::detail {

/// Work a worker did (varies with the number of workers: caches are per worker).
struct SurveyWork {
  std::uint64_t handshakes = 0, handshake_signatures = 0, pkix_validations = 0, pkix_signatures = 0;
  std::uint64_t dnssec_signatures = 0, dns_worlds = 0, cache_hits = 0, modelled = 0;
  void add(const SurveyWork& o) noexcept;
};

/// A TLS result kept for an MX host (Postfix's TLS session cache).
struct CachedTls {
  bool offered = false;
  bool established = false;
  bool handshake_failed = false;
  bool anonymous = false;
  bool pkix_trusted = false;
  Chain chain;
};

/// One worker: deliver to one domain at a time.
class SurveyWorker {
 public:
  SurveyWorker(const Population& pop, std::uint64_t seed);
  ~SurveyWorker();
  SurveyWorker(const SurveyWorker&) = delete;
  SurveyWorker& operator=(const SurveyWorker&) = delete;

  /// Delivers one message to the domain and classes the session.
  DomainResult run(const DomainProfile& d);
  const SurveyWork& work() const noexcept { return work_; }

 private:
  struct Slot {
    Endpoint at;
    SmtpServerConfig config;
    std::size_t uses = 0;
  };
  struct Pkix;

  DomainResult run_unsigned(const DomainProfile& d);
  DomainResult run_signed(const DomainProfile& d);
  /// The policy and the SMTP/TLS session(s) for a planned delivery.
  void deliver(const DomainProfile& d, const smtp::DeliveryPlan& plan, Network& net, SmtpClient& client,
               HostTls kind, bool use_cache, DomainResult& out);
  /// PKIX: the chain verifies to the sim root at now, and the leaf names host.
  bool pkix_trusted(const Chain& chain, const std::string& host, Time now);
  /// The endpoint of an own-host server of kind k (recycled before its mailbox fills).
  Endpoint hosted_endpoint(HostTls k);
  Endpoint operator_endpoint(std::size_t id, HostTls k);
  Endpoint use(Slot& slot, Network& net);
  std::optional<ServerCertificate> certificate_for(HostTls k, const std::string& name, Pki& pki);

  const Population& pop_;
  std::uint64_t seed_;
  Clock clock_;
  Network net_;
  SmtpClient client_;
  Pki ca_pki_;
  Issued root_, ca_;
  std::unique_ptr<Pkix> pkix_;
  std::map<HostTls, Slot> hosted_;
  std::map<std::size_t, Slot> operators_;
  std::unordered_map<std::string, CachedTls> cache_;
  SurveyWork work_;
  std::uint64_t signed_seq_ = 0;
};

}  // namespace dane::sim::detail
