// Driving one provider through the study's test bed: build the world, send
// one message to each subdomain, collect what the receiving side logged.
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dane/error.hpp"
#include "dane/sim/fingerprint.hpp"
#include "dane/sim/mta.hpp"
#include "dane/sim/smtp_client.hpp"
#include "dane/sim/world.hpp"
#include "dane/smtp/policy.hpp"

namespace dane::sim {

namespace {

/// "198.51.100.0/24" -> "198.51.100." (parse_provider checked the form).
std::string network_base(const std::string& network) {
  const auto slash = network.find('/');
  const std::string addr = network.substr(0, slash);
  return addr.substr(0, addr.rfind('.') + 1);
}

/// A resolver outside the provider's network (a public resolver).
Address foreign_resolver(const std::string& base) { return base == "192.0.2." ? "100.64.0.53" : "192.0.2.53"; }

/**
 * An MTA that never sends STARTTLS (the study's sina.com, o2.pl, ...): no
 * dane::smtp profile models that, so this adapter plans with the profile
 * (MX and address lookups) and delivers in clear text to the first host that
 * accepts.
 */
SendOutcome send_without_starttls(Network& net, Resolver& resolver, const smtp::Profile& profile,
                                  const Address& from_address, const OutgoingMessage& msg) {
  SmtpClientConfig cc;
  cc.local_address = from_address;
  SmtpClient client(net, cc);
  const auto domain = dns::Name::parse(msg.to.substr(msg.to.rfind('@') + 1) + ".");
  const smtp::DeliveryPlan plan = smtp::plan_delivery(domain, resolver, profile);
  SendOutcome out{"", "deferred", "4.4.1"};
  if (plan.verdict) return out;
  for (const auto& host : plan.hosts) {
    if (host.requirement == smtp::TlsRequirement::Refused) continue;
    for (const auto& address : host.addresses) {
      SmtpTarget target{host.host.to_string(), {address, 25}, "", TlsMode::None};
      const SmtpAttempt a = client.deliver(target, Envelope{msg.from, {msg.to}, msg.data});
      if (a.delivered) return {"", "sent", "2.0.0"};
    }
  }
  return out;
}

}  // namespace

FingerprintRun run_fingerprint(const Provider& provider, const StudyTestBed& bed) {
  const smtp::Profile& profile = smtp::profile(provider.profile);  // throws InputError for an unknown one
  FingerprintRun run;
  run.provider = provider;

  DnsWorld world(bed.scenario);
  const std::string base = network_base(provider.network);
  const Address mta_address = base + "25";
  ResolverConfig rc;
  rc.address = provider.same_operator ? base + "53" : foreign_resolver(base);
  auto resolver = world.resolver(provider.resolver, rc);

  std::vector<std::shared_ptr<SmtpServer>> servers;
  for (std::size_t i = 0; i < bed.mtas.size(); ++i) {
    const TestBedMta& m = bed.mtas[i];
    SmtpServerConfig sc;
    sc.hostname = m.host;
    sc.offer_starttls = m.starttls;
    sc.certificates = m.certificates;
    sc.default_certificate = m.default_certificate;
    sc.seed = bed.scenario.seed + i;
    auto server = std::make_shared<SmtpServer>(world.clock(), sc);
    world.network().listen({m.address, 25}, server);
    servers.push_back(std::move(server));
  }

  MtaConfig mc;
  mc.profile = provider.profile;
  mc.address = mta_address;
  mc.helo_name = "mx." + provider.name;
  mc.seed = bed.scenario.seed;
  Mta mta(world.network(), *resolver, mc);

  for (const auto& sub : bed.subdomains) {
    const OutgoingMessage msg{bed.sender, bed.recipient_user + "@" + sub + "." + bed.names.domain.to_string().substr(0, bed.names.domain.to_string().size() - 1),
                              "Subject: fingerprint " + sub + "\r\n\r\nprobe for " + sub + "\r\n"};
    SendOutcome o;
    if (provider.starttls) {
      const SendResult r = mta.send(msg);
      o = {sub, r.status, r.dsn};
    } else {
      o = send_without_starttls(world.network(), *resolver, profile, mta_address, msg);
      o.subdomain = sub;
    }
    run.sends.push_back(o);
    world.clock().advance(Duration(60'000));  // the study sent one message at a time
  }

  for (const auto& e : world.query_log().entries()) run.observations.query_log.push_back(e.to_bind());
  for (const auto& s : servers) {
    for (const auto& line : s->log()) run.observations.smtpd_log.push_back(line);
    for (const auto& m : s->mailbox())
      for (const auto& r : m.recipients) run.observations.mailbox.push_back(r);
  }
  run.row = infer_row(bed.names, run.observations, provider.name, provider.tlsa_published);
  return run;
}

std::string to_json(const FingerprintRun& run) {
  nlohmann::json j;
  j["provider"] = run.provider.name;
  j["spec"] = to_spec(run.provider);
  j["row"] = nlohmann::json::parse(to_json(run.row));
  nlohmann::json subs = nlohmann::json::array();
  for (const auto& s : run.sends) {
    bool delivered = false;
    for (const auto& r : run.observations.mailbox)
      if (r.find("@" + s.subdomain + ".") != std::string::npos) delivered = true;
    subs.push_back({{"subdomain", s.subdomain}, {"delivered", delivered}, {"sender_status", s.status}, {"dsn", s.dsn}});
  }
  j["subdomains"] = subs;
  j["query_log_lines"] = run.observations.query_log.size();
  j["smtpd_log_lines"] = run.observations.smtpd_log.size();
  return j.dump(2);
}

}  // namespace dane::sim
