// dane::sim: the recursive resolver's caches (RFC 1035 §3.2.1, RFC 2308 §5).
#include <algorithm>
#include <chrono>

#include "recursive_impl.hpp"

namespace dane::sim::detail {

namespace {

Instant expiry(Instant now, std::uint32_t ttl) { return now + std::chrono::seconds(ttl); }

}  // namespace

std::vector<dns::RR> rrs_of(const std::vector<dns::RR>& rrs, const dns::Name& name, std::uint16_t type) {
  std::vector<dns::RR> out;
  for (const auto& rr : rrs)
    if (rr.type == type && rr.owner == name) out.push_back(rr);
  return out;
}

std::uint32_t cache_ttl(const Upstream& u, std::uint32_t max_ttl) {
  std::uint32_t ttl = max_ttl;
  if (u.status == Upstream::Status::Answer) {
    for (const auto& rr : u.reply.answer) ttl = std::min(ttl, rr.ttl);
    return ttl;
  }
  // RFC 2308 §5: the negative TTL is the SOA's TTL capped by its MINIMUM field.
  bool soa = false;
  for (const auto& rr : u.reply.authority) {
    if (rr.type != dns::rrtype::SOA || rr.rdata.size() < 4) continue;
    const auto& d = rr.rdata;
    const std::size_t n = d.size();
    const std::uint32_t minimum = (std::uint32_t{d[n - 4]} << 24) | (std::uint32_t{d[n - 3]} << 16) |
                                  (std::uint32_t{d[n - 2]} << 8) | std::uint32_t{d[n - 1]};
    ttl = std::min({ttl, rr.ttl, minimum});
    soa = true;
  }
  // RFC 2308 §5: without an SOA the negative answer is not cached.
  return soa ? ttl : 0;
}

std::optional<Upstream> Cache::upstream(const dns::Name& name, std::uint16_t type, Instant now) const {
  auto it = upstream_.find({name, type});
  if (it == upstream_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.value;
}

void Cache::put_upstream(const dns::Name& name, std::uint16_t type, const Upstream& u, std::uint32_t ttl, Instant now) {
  if (u.status == Upstream::Status::Fail || ttl == 0 || max_ == 0) return;
  make_room();
  upstream_[{name, type}] = Entry<Upstream>{u, expiry(now, ttl), now};
}

std::optional<Resolution> Cache::resolution(const dns::Name& name, std::uint16_t type, Instant now) const {
  auto it = resolutions_.find({name, type});
  if (it == resolutions_.end() || it->second.expires <= now) return std::nullopt;
  Resolution r = it->second.value;
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(it->second.expires - now).count();
  r.ttl = static_cast<std::uint32_t>(std::max<std::int64_t>(left, 0));
  return r;
}

void Cache::put_resolution(const dns::Name& name, std::uint16_t type, const Resolution& r, std::uint32_t ttl,
                           Instant now) {
  if (ttl == 0 || max_ == 0) return;
  make_room();
  resolutions_[{name, type}] = Entry<Resolution>{r, expiry(now, ttl), now};
}

std::optional<std::pair<dns::Name, std::vector<Address>>> Cache::delegation(const dns::Name& name, bool strictly_above,
                                                                             Instant now) const {
  const std::size_t labels = name.label_count();
  for (std::size_t n = strictly_above ? labels : labels + 1; n-- > 0;) {
    const dns::Name zone = name.suffix(n);
    auto it = delegations_.find(zone);
    if (it != delegations_.end() && it->second.expires > now && !it->second.value.empty())
      return std::make_pair(zone, it->second.value);
  }
  return std::nullopt;
}

void Cache::put_delegation(const dns::Name& zone, std::vector<Address> servers, std::uint32_t ttl, Instant now) {
  if (ttl == 0 || servers.empty() || max_ == 0) return;
  make_room();
  delegations_[zone] = Entry<std::vector<Address>>{std::move(servers), expiry(now, ttl), now};
}

void Cache::erase(const dns::Name& name, std::uint16_t type) {
  upstream_.erase({name, type});
  resolutions_.erase({name, type});
}

void Cache::clear() {
  upstream_.clear();
  resolutions_.clear();
  delegations_.clear();
}

void Cache::make_room() {
  // A full cache is emptied wholesale: simple, bounded, deterministic.
  if (upstream_.size() + resolutions_.size() + delegations_.size() >= max_) clear();
}

}  // namespace dane::sim::detail
