/*
 * dane::sim: building a scenario's zones. Zones are built deepest first so
 * that each parent is signed with its children's DS (RFC 4035 §2.4) and its
 * delegation NS and glue (RFC 1034 §4.2.1) already in place.
 */
#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "dane/dnssec/keys.hpp"
#include "dane/error.hpp"
#include "dane/sim/random.hpp"
#include "dane/sim/zone_builder.hpp"
#include "zone_draft.hpp"

namespace dane::sim {

namespace {

namespace rrtype = dns::rrtype;
using detail::ZoneDraft;

const char* const root_server_name = "a.root-servers.net.";
const char* const root_server_address = "198.41.0.4";

/// The seed of one key: the scenario seed forked by zone and role, so adding
/// a zone never changes another zone's keys.
std::uint64_t key_seed(std::uint64_t seed, const dns::Name& apex, std::string_view role) {
  std::string label = "zone-key:";
  const auto canon = apex.canonical_wire();
  label.append(canon.begin(), canon.end());
  label += ':';
  label += role;
  return Random(seed).fork(label).next();
}

dns::RR address_rr(const dns::Name& owner, const Address& address, std::uint32_t ttl) {
  return dns::RR::parse(owner.to_string() + " " + std::to_string(ttl) + " IN " + (is_ipv6(address) ? "AAAA " : "A ") + address);
}

bool has_rrset(const std::vector<dns::RR>& records, const dns::Name& owner, std::uint16_t type) {
  return std::any_of(records.begin(), records.end(), [&](const dns::RR& rr) { return rr.owner == owner && rr.type == type; });
}

/// The declared zones plus the root, each with its servers filled in.
std::vector<ZoneSpec> complete_specs(const Scenario& s) {
  std::vector<ZoneSpec> specs = s.zones;
  if (std::none_of(specs.begin(), specs.end(), [](const ZoneSpec& z) { return z.apex.is_root(); })) {
    ZoneSpec root;
    root.apex = dns::Name();
    root.path = "zones[root]";
    specs.insert(specs.begin(), root);
  }
  // Every missing zone on the way up (test. for example.test.): signed, with defaults.
  std::set<dns::Name> declared;
  for (const auto& z : specs) declared.insert(z.apex);
  const std::size_t declared_count = specs.size();
  for (std::size_t i = 0; i < declared_count; ++i)
    for (auto up = specs[i].apex; up.label_count() > 1;) {
      up = up.parent();
      if (declared.insert(up).second) {
        ZoneSpec parent;
        parent.apex = up;
        parent.path = "zones[auto " + up.to_string() + "]";
        specs.push_back(parent);
      }
    }
  // Default servers, at addresses no declared server uses.
  std::set<Address> used;
  for (const auto& z : specs)
    for (const auto& sv : z.servers) used.insert(sv.addresses.begin(), sv.addresses.end());
  std::size_t next_auto = 1;
  for (auto& z : specs) {
    if (!z.servers.empty()) continue;
    if (z.apex.is_root()) {
      z.servers.push_back(ServerSpec{dns::Name::parse(root_server_name), {root_server_address}, {}});
      continue;
    }
    Address a;
    do {
      if (next_auto > 254) throw InputError(s.source, z.path, z.apex.to_string(), "no free default server address left");
      a = "203.0.113." + std::to_string(next_auto++);
    } while (used.count(a) != 0);
    z.servers.push_back(ServerSpec{z.apex.prepend("ns1"), {a}, {}});
  }
  return specs;
}

/// The deepest zone of specs containing name (the root always does).
const ZoneSpec& home_zone(const std::vector<ZoneSpec>& specs, const dns::Name& name) {
  const ZoneSpec* best = nullptr;
  for (const auto& z : specs)
    if (name.is_subdomain_of(z.apex) && (!best || z.apex.label_count() > best->apex.label_count())) best = &z;
  return *best;
}

/// The closest enclosing zone of specs, other than the zone itself.
const ZoneSpec* parent_zone(const std::vector<ZoneSpec>& specs, const ZoneSpec& child) {
  const ZoneSpec* best = nullptr;
  for (const auto& z : specs)
    if (!(z.apex == child.apex) && child.apex.is_subdomain_of(z.apex) &&
        (!best || z.apex.label_count() > best->apex.label_count()))
      best = &z;
  return best;
}

/// Parses the zone's record lines. @throws InputError naming records[i].
/// Master-file lines of zone z (records, or a stale server's lines) as RRs;
/// field names the list in errors ("zones[1].records").
std::vector<dns::RR> parse_lines(const Scenario& s, const ZoneSpec& z, const std::vector<std::string>& lines,
                                 const std::string& field) {
  std::vector<dns::RR> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto path = field + "[" + std::to_string(i) + "]";
    dns::RR rr;
    try {
      rr = dns::RR::parse(lines[i], z.apex, z.ttl);
    } catch (const InputError& e) {
      throw InputError(s.source, path, lines[i], e.problem().empty() ? e.what() : e.problem());
    }
    if (!rr.owner.is_subdomain_of(z.apex))
      throw InputError(s.source, path, lines[i], "is outside the zone " + z.apex.to_string());
    if (rr.type == rrtype::RRSIG || rr.type == rrtype::NSEC || rr.type == rrtype::NSEC3 || rr.type == rrtype::DNSKEY ||
        rr.type == rrtype::NSEC3PARAM)
      throw InputError(s.source, path, lines[i], "is DNSSEC data: the builder makes it (use a mutation to break it)");
    out.push_back(std::move(rr));
  }
  return out;
}

std::vector<dns::RR> parse_records(const Scenario& s, const ZoneSpec& z) {
  return parse_lines(s, z, z.records, z.path + ".records");
}

/// RFC 1982 §3.1 serial arithmetic: the serial before serial (mod 2^32).
void lower_soa_serial(dns::RR& soa) {
  // RFC 1035 §3.3.13: MNAME, RNAME, then SERIAL as the first of five 32-bit fields.
  const std::size_t at = soa.rdata.size() - 20;
  std::uint32_t serial = (std::uint32_t{soa.rdata[at]} << 24) | (std::uint32_t{soa.rdata[at + 1]} << 16) |
                         (std::uint32_t{soa.rdata[at + 2]} << 8) | std::uint32_t{soa.rdata[at + 3]};
  --serial;
  for (int i = 0; i < 4; ++i) soa.rdata[at + i] = static_cast<std::uint8_t>(serial >> (24 - 8 * i));
}

/// smtp-dane D15, a stale secondary: the copy of the built zone d that
/// server sv (of spec) still serves. Each RRset its `stale` lines name holds
/// those lines' records, the SOA serial is one lower (a secondary that missed
/// the last NOTIFY / IXFR, RFC 1996 / RFC 1995), and both are signed again by
/// the zone's data key in the zone's window. Everything else, the NSEC/NSEC3
/// chain included, is as built: a line must replace an RRset the zone has.
Zone stale_copy(const Scenario& s, const ZoneSpec& spec, std::size_t server_index, const ZoneDraft& d) {
  const ServerSpec& sv = spec.servers[server_index];
  const std::string field = spec.path + ".servers[" + std::to_string(server_index) + "].stale";
  const std::vector<dns::RR> old = parse_lines(s, spec, sv.stale, field);
  ZoneDraft copy = d;
  std::set<std::pair<dns::Name, std::uint16_t>> replaced;
  for (std::size_t i = 0; i < old.size(); ++i) {
    const auto key = std::make_pair(old[i].owner, old[i].type);
    if (replaced.count(key) != 0) continue;
    if (!detail::rrset_of(d.records, old[i].owner, old[i].type))
      throw InputError(s.source, field + "[" + std::to_string(i) + "]", sv.stale[i],
                       "replaces no RRset of the zone: a stale copy holds older versions of the zone's RRsets");
    detail::remove_rrset(copy.records, old[i].owner, old[i].type);
    replaced.insert(key);
  }
  copy.records.insert(copy.records.end(), old.begin(), old.end());
  if (replaced.count({d.apex, rrtype::SOA}) == 0)
    for (auto& rr : copy.records)
      if (rr.type == rrtype::SOA && rr.owner == d.apex && rr.rdata.size() >= 22) lower_soa_serial(rr);
  replaced.insert({d.apex, rrtype::SOA});
  if (d.is_signed && !d.keys.empty())
    for (const auto& [owner, type] : replaced) detail::resign(copy, owner, type);
  // The order sign_zone gives: owner (RFC 4034 §6.1), the SOA first, type, RDATA (§6.3).
  std::stable_sort(copy.records.begin(), copy.records.end(), [](const dns::RR& a, const dns::RR& b) {
    if (auto c = a.owner <=> b.owner; c != 0) return c < 0;
    if ((a.type == rrtype::SOA) != (b.type == rrtype::SOA)) return a.type == rrtype::SOA;
    if (a.type != b.type) return a.type < b.type;
    return a.canonical_rdata() < b.canonical_rdata();
  });
  return Zone{d.apex, std::move(copy.records)};
}

void apply_phase(const Scenario& s, ZoneDraft& draft, const ZoneSpec& spec, int phase) {
  for (const auto& m : spec.mutations) {
    const auto& ops = detail::mutation_ops(m.kind);
    if (phase == 0 && ops.options) ops.options(draft, m);
    if (phase == 1 && ops.zone) ops.zone(draft, m);
    if (phase == 2 && ops.ds) ops.ds(draft, m);
  }
  (void)s;
}

void check_mutations(const Scenario& s, const ZoneSpec& spec, bool has_parent) {
  for (const auto& m : spec.mutations) {
    const auto& ops = detail::mutation_ops(m.kind);
    if (ops.needs_signed && !spec.is_signed) throw InputError(s.source, m.path, m.kind, "needs a signed zone");
    if (ops.needs_parent && !has_parent) throw InputError(s.source, m.path, m.kind, "needs a parent zone (not the root)");
  }
}

}  // namespace

const BuiltZone& BuiltWorld::zone(const dns::Name& apex) const {
  for (const auto& z : zones)
    if (z.apex == apex) return z;
  throw UsageError("BuiltWorld::zone: no zone " + apex.to_string());
}

BuiltWorld build_zones(const Scenario& s) {
  auto specs = complete_specs(s);
  // Deepest first (children before parents); ties in canonical order.
  std::vector<std::size_t> order(specs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto la = specs[a].apex.label_count(), lb = specs[b].apex.label_count();
    return la != lb ? la > lb : specs[a].apex < specs[b].apex;
  });

  // Servers: one per name, the union of the zones it serves.
  std::map<dns::Name, BuiltServer> servers;
  for (const auto& z : specs)
    for (std::size_t i = 0; i < z.servers.size(); ++i) {
      const auto& sv = z.servers[i];
      auto [it, fresh] = servers.try_emplace(sv.name, BuiltServer{sv.name, sv.addresses, {}, {}, {}});
      if (!fresh && it->second.addresses != sv.addresses)
        throw InputError(s.source, z.path + ".servers[" + std::to_string(i) + "]", sv.name.to_string(),
                         "has other addresses than where it was declared before");
      it->second.zones.push_back(z.apex);
    }
  for (const auto& f : s.faults) {
    const auto it = servers.find(f.server);
    if (it == servers.end()) throw InputError(s.source, f.path + ".server", f.server.to_string(), "is not a server of any zone");
    it->second.faults.push_back(f.rule);
  }
  {  // one address, one server
    std::map<Address, dns::Name> owners;
    for (const auto& [name, sv] : servers)
      for (const auto& a : sv.addresses) {
        const auto [it, fresh] = owners.try_emplace(a, name);
        if (!fresh)
          throw InputError(s.source, "servers", a, "is the address of both " + it->second.to_string() + " and " + name.to_string());
      }
  }

  std::map<dns::Name, ZoneDraft> drafts;
  std::map<dns::Name, BuiltZone> built;
  for (const std::size_t idx : order) {
    const auto& spec = specs[idx];
    const auto* parent = parent_zone(specs, spec);
    check_mutations(s, spec, parent != nullptr);

    ZoneDraft d;
    d.apex = spec.apex;
    d.is_signed = spec.is_signed;
    d.now = s.time;
    d.source = s.source;
    d.ds_digest = spec.signing.ds_digest;
    d.records = parse_records(s, spec);

    // Apex SOA and NS unless given.
    if (!has_rrset(d.records, d.apex, rrtype::SOA)) {
      const auto mname = spec.servers.front().name.to_string();
      const auto rname = d.apex.prepend("hostmaster").to_string();
      d.records.push_back(dns::RR::parse(d.apex.to_string() + " " + std::to_string(spec.ttl) + " IN SOA " + mname + " " +
                                         rname + " 1 3600 600 86400 300"));
    }
    if (!has_rrset(d.records, d.apex, rrtype::NS))
      for (const auto& sv : spec.servers)
        d.records.push_back(dns::RR{d.apex, rrtype::NS, dns::class_in, spec.ttl, sv.name.wire()});
    // Addresses of the servers whose names live in this zone.
    for (const auto& [name, sv] : servers)
      if (home_zone(specs, name).apex == d.apex && !has_rrset(d.records, name, rrtype::A) &&
          !has_rrset(d.records, name, rrtype::AAAA))
        for (const auto& a : sv.addresses) d.records.push_back(address_rr(name, a, spec.ttl));
    // Delegations to the children: NS, in-bailiwick glue, DS.
    for (const auto& child : specs) {
      const auto* cp = parent_zone(specs, child);
      if (!cp || !(cp->apex == d.apex)) continue;
      const auto& cd = drafts.at(child.apex);
      for (const auto& sv : child.servers) {
        d.records.push_back(dns::RR{child.apex, rrtype::NS, dns::class_in, spec.ttl, sv.name.wire()});
        if (sv.name.is_subdomain_of(child.apex))
          for (const auto& a : sv.addresses) d.records.push_back(address_rr(sv.name, a, spec.ttl));
      }
      for (const auto& ds : cd.ds) d.records.push_back(dns::RR{child.apex, rrtype::DS, dns::class_in, spec.ttl, ds.rdata()});
    }

    d.options.window = {s.time + std::chrono::seconds(spec.signing.inception),
                        s.time + std::chrono::seconds(spec.signing.expiration)};
    d.options.nsec3 = spec.signing.nsec3;
    d.options.nsec3_iterations = spec.signing.iterations;
    d.options.nsec3_salt = spec.signing.salt;
    d.options.opt_out = spec.signing.opt_out;
    apply_phase(s, d, spec, 0);

    if (spec.is_signed) {
      try {
        d.keys.push_back(dnssec::SigningKey::generate(spec.signing.algorithm, 257, key_seed(s.seed, d.apex, "ksk"),
                                                      spec.signing.bits));
        if (spec.signing.split_keys)
          d.keys.push_back(dnssec::SigningKey::generate(spec.signing.algorithm, 256, key_seed(s.seed, d.apex, "zsk"),
                                                        spec.signing.bits));
        d.records = dnssec::sign_zone(d.records, d.apex, d.keys, d.options);
      } catch (const InputError& e) {
        throw InputError(s.source, spec.path, d.apex.to_string(), e.what());
      }
      d.ds_key = d.ksk().dnskey();
    }
    // Parent-side mutations of the children, on this zone's signed records.
    for (const auto& child : specs) {
      const auto* cp = parent_zone(specs, child);
      if (!cp || !(cp->apex == d.apex)) continue;
      for (const auto& m : child.mutations) {
        const auto& ops = detail::mutation_ops(m.kind);
        if (!ops.parent) continue;
        if (!spec.is_signed) throw InputError(s.source, m.path, m.kind, "needs a signed parent zone");
        ops.parent(drafts.at(child.apex), d, m);
      }
    }
    apply_phase(s, d, spec, 1);
    BuiltZone bz;
    if (spec.is_signed) {
      bz.correct_ds = {dnssec::make_ds(d.apex, d.ksk().dnskey(), d.ds_digest)};
      d.ds = {dnssec::make_ds(d.apex, d.ds_key, d.ds_digest)};
    }
    apply_phase(s, d, spec, 2);

    bz.apex = d.apex;
    if (parent) bz.parent = parent->apex;
    bz.is_signed = spec.is_signed;
    bz.keys = d.keys;
    bz.ds = d.ds;
    for (const auto& m : spec.mutations) bz.mutations.push_back(m.kind);
    built.emplace(d.apex, std::move(bz));
    drafts.emplace(d.apex, std::move(d));
  }

  BuiltWorld w;
  w.name = s.name;
  w.time = s.time;
  w.seed = s.seed;
  for (const auto& spec : specs)
    for (std::size_t i = 0; i < spec.servers.size(); ++i)
      if (!spec.servers[i].stale.empty())
        servers.at(spec.servers[i].name).stale_zones[spec.apex] = stale_copy(s, spec, i, drafts.at(spec.apex));
  for (auto& [apex, bz] : built) {  // canonical order: the root first
    bz.zone = Zone{apex, std::move(drafts.at(apex).records)};
    w.zones.push_back(std::move(bz));
  }
  for (auto& [name, sv] : servers) w.servers.push_back(std::move(sv));
  const auto& root = w.zones.front();
  dnssec::TrustAnchor anchor{root.apex, root.ds, {}};
  if (root.is_signed && !root.ds.empty()) w.anchors.push_back(anchor);
  for (const auto& sv : w.servers)
    if (std::find(sv.zones.begin(), sv.zones.end(), dns::Name()) != sv.zones.end())
      w.root_hints.insert(w.root_hints.end(), sv.addresses.begin(), sv.addresses.end());
  return w;
}

}  // namespace dane::sim
