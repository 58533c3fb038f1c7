// The simulator's world core: virtual clock, event queue, seeded randomness
// and the in-memory network. Expected values come from the C++ standard
// (mt19937_64's 10000th output), RFC 5952 (IPv6 text form), Python's hashlib
// (the fork seed derivation) and hand arithmetic on link latencies.
#define BOOST_TEST_MODULE dane::sim world core
#include <boost/test/unit_test.hpp>

#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "dane/error.hpp"
#include "dane/sim/clock.hpp"
#include "dane/sim/network.hpp"
#include "dane/sim/random.hpp"
#include "support.hpp"

using namespace dane;
using namespace dane::sim;
using namespace std::chrono_literals;

namespace {

Time t0() { return parse_time("2024-06-01T12:00:00Z"); }

/// Replies with the request payload and records when and what it saw.
struct Echo : DatagramService {
  const Clock* clock = nullptr;
  std::vector<Request> seen;
  std::vector<Instant> at;
  bool silent = false;
  std::optional<std::vector<std::uint8_t>> handle(const Request& r) override {
    seen.push_back(r);
    if (clock != nullptr) at.push_back(clock->now_ms());
    if (silent) return std::nullopt;
    return r.payload;
  }
};

/// A line-echo stream session that closes after "QUIT".
struct LineSession : StreamSession {
  bool* closed_flag = nullptr;
  bool quit = false;
  std::vector<std::uint8_t> on_open() override { return {'2', '2', '0', '\n'}; }
  std::vector<std::uint8_t> on_data(std::span<const std::uint8_t> d) override {
    std::string s(d.begin(), d.end());
    if (s == "QUIT") quit = true;
    std::string r = "ok:" + s;
    return {r.begin(), r.end()};
  }
  bool closed() const override { return quit; }
  void on_close() override {
    if (closed_flag != nullptr) *closed_flag = true;
  }
};

struct LineService : StreamService {
  bool closed_flag = false;
  std::vector<Endpoint> clients;
  std::unique_ptr<StreamSession> accept(const Endpoint& client, const Endpoint&) override {
    clients.push_back(client);
    auto s = std::make_unique<LineSession>();
    s->closed_flag = &closed_flag;
    return s;
  }
};

const std::vector<std::uint8_t> ping{'p', 'i', 'n', 'g'};

}  // namespace

BOOST_AUTO_TEST_SUITE(clock_and_events)

BOOST_AUTO_TEST_CASE(clock_moves_only_forward) {
  Clock c(t0());
  BOOST_TEST((c.now() == t0()));
  c.advance(1500ms);
  BOOST_TEST(c.elapsed().count() == 1500);
  BOOST_TEST((c.now() == t0() + 1s));  // rounded down to the second
  BOOST_CHECK_THROW(c.advance(-1ms), UsageError);
  c.advance_to(c.now_ms() - 10s);  // the past: no-op
  BOOST_TEST(c.elapsed().count() == 1500);
}

BOOST_AUTO_TEST_CASE(events_run_in_time_then_insertion_order) {
  Clock c(t0());
  EventQueue q(c);
  std::string order;
  q.schedule_in(20ms, [&] { order += "c"; });
  q.schedule_in(10ms, [&] { order += "a"; });
  q.schedule_in(10ms, [&] { order += "b"; });
  auto id = q.schedule_in(15ms, [&] { order += "x"; });
  q.schedule_at(c.now_ms() - 5s, [&] { order += "0"; });  // in the past: runs first, now
  BOOST_TEST(q.cancel(id));
  BOOST_TEST(!q.cancel(id));
  BOOST_TEST(q.pending() == 4u);
  BOOST_TEST(q.run_until(c.now_ms() + 12ms) == 3u);
  BOOST_TEST(order == "0ab");
  BOOST_TEST(c.elapsed().count() == 12);  // advanced to t, not to the next event
  BOOST_TEST(q.run_all() == 1u);
  BOOST_TEST(order == "0abc");
  BOOST_TEST(c.elapsed().count() == 20);
}

BOOST_AUTO_TEST_CASE(events_scheduled_by_events_run_and_runaway_is_bounded) {
  Clock c(t0());
  EventQueue q(c);
  int n = 0;
  std::function<void()> tick = [&] {
    ++n;
    q.schedule_in(1ms, tick, "tick");
  };
  q.schedule_in(1ms, tick, "tick");
  BOOST_TEST(q.run_until(c.now_ms() + 5ms) == 5u);
  BOOST_TEST(n == 5);
  BOOST_CHECK_THROW(q.run_all(100), UsageError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(randomness)

BOOST_AUTO_TEST_CASE(engine_is_the_standard_mt19937_64) {
  // C++ standard [rand.predef]: the 10000th invocation of a default-constructed
  // mt19937_64 (seed 5489) produces 9981545732273789042.
  Random r(5489);
  std::uint64_t x = 0;
  for (int i = 0; i < 10000; ++i) x = r.next();
  BOOST_TEST(x == 9981545732273789042ull);
}

BOOST_AUTO_TEST_CASE(uniform_and_between_stay_in_range_without_bias) {
  Random r(7);
  BOOST_CHECK_THROW(r.uniform(0), UsageError);
  BOOST_CHECK_THROW(r.between(5, 4), UsageError);
  std::array<int, 3> counts{};
  for (int i = 0; i < 30000; ++i) ++counts[r.uniform(3)];
  for (int c : counts) BOOST_TEST(std::abs(c - 10000) < 500);  // ~5 sigma
  // n = 3 * 2^62: a modulo reduction of 64 bits would map the top quarter
  // onto [0, 2^62), giving it probability 1/2 instead of 1/3.
  const std::uint64_t big = 3ull << 62;
  int low = 0;
  for (int i = 0; i < 3000; ++i) low += r.uniform(big) < (1ull << 62) ? 1 : 0;
  BOOST_TEST(std::abs(low - 1000) < 130);  // a third (a biased draw gives ~1500)
  for (int i = 0; i < 1000; ++i) {
    auto v = r.between(-3, 3);
    BOOST_TEST((v >= -3 && v <= 3));
  }
  BOOST_TEST(r.between(INT64_MIN, INT64_MAX) != 0);  // the full range does not overflow
  BOOST_TEST(r.between(9, 9) == 9);
}

BOOST_AUTO_TEST_CASE(chance_is_clamped_and_roughly_p) {
  Random r(11);
  int hits = 0;
  for (int i = 0; i < 10000; ++i) hits += r.chance(0.3) ? 1 : 0;
  BOOST_TEST(std::abs(hits - 3000) < 250);
  BOOST_TEST(!r.chance(0.0));
  BOOST_TEST(!r.chance(-1.0));
  BOOST_TEST(r.chance(1.0));
  BOOST_TEST(r.chance(7.0));
}

BOOST_AUTO_TEST_CASE(same_seed_same_stream_and_fill) {
  Random a(99), b(99);
  std::array<std::uint8_t, 13> x{}, y{};
  a.fill(x);
  b.fill(y);
  BOOST_TEST((x == y));
  BOOST_TEST(a.next() == b.next());
}

BOOST_AUTO_TEST_CASE(fork_derives_seed_from_sha256_of_seed_and_label) {
  // Python: int.from_bytes(hashlib.sha256(struct.pack('>Q', 42) + b'dns').digest()[:8], 'big')
  Random parent(42);
  BOOST_TEST(parent.fork("dns").seed() == 3385739848136255761ull);
  BOOST_TEST(parent.fork("").seed() == 12014217582344364938ull);
  // Drawing from the parent does not change what a fork gives.
  parent.next();
  BOOST_TEST(parent.fork("dns").seed() == 3385739848136255761ull);
  BOOST_TEST(parent.fork("dns").next() == Random(3385739848136255761ull).next());
  BOOST_TEST(parent.fork("smtp").seed() != parent.fork("dns").seed());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(addresses)

BOOST_AUTO_TEST_CASE(canonical_forms_follow_rfc5952) {
  BOOST_TEST(canonical_address("192.0.2.1") == "192.0.2.1");
  BOOST_TEST(canonical_address("2001:DB8:0:0:0:0:0:1") == "2001:db8::1");             // §4.3 lower case, §4.2
  BOOST_TEST(canonical_address("2001:0db8::0001") == "2001:db8::1");                  // §4.1 no leading zeros
  BOOST_TEST(canonical_address("2001:db8:0:0:1:0:0:1") == "2001:db8::1:0:0:1");       // §4.2.3 first of equal runs
  BOOST_TEST(canonical_address("2001:db8:0:1:0:0:0:1") == "2001:db8:0:1::1");         // §4.2.3 longest run
  BOOST_TEST(canonical_address("2001:db8:0:1:1:1:1:1") == "2001:db8:0:1:1:1:1:1");    // §4.2.2 not one field
  BOOST_TEST(is_ipv6("2001:db8::1"));
  BOOST_TEST(!is_ipv6("192.0.2.1"));
  for (const char* bad : {"", "mx.example.com", "1.2.3.4.5", "256.1.1.1", "2001:db8::1::2", "fe80::1%eth0"}) {
    BOOST_CHECK_THROW(canonical_address(bad), InputError);
  }
  try {
    canonical_address("mx.example.com");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("mx.example.com") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(endpoint_text) {
  BOOST_TEST((Endpoint{"192.0.2.1", 53}.to_string() == "192.0.2.1#53"));
  BOOST_TEST((Endpoint{"192.0.2.1", 25}.to_string(true) == "192.0.2.1:25"));
  BOOST_TEST((Endpoint{"2001:db8::1", 25}.to_string(true) == "[2001:db8::1]:25"));
  BOOST_TEST((Endpoint{"2001:db8::1", 53}.to_string() == "2001:db8::1#53"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(network)

struct World {
  Clock clock{t0()};
  Network net{clock, Random(1)};
  std::shared_ptr<Echo> echo = std::make_shared<Echo>();
  Endpoint ns{"192.0.2.53", 53};
  World() {
    echo->clock = &clock;
    net.serve(ns, Transport::Udp, echo);
  }
};

BOOST_AUTO_TEST_CASE(reply_takes_one_round_trip) {
  World w;
  auto r = w.net.exchange("198.51.100.1", w.ns, Transport::Udp, ping, 2000ms);
  BOOST_TEST((r.status == ExchangeResult::Status::Reply));
  BOOST_TEST((r.reply == ping));
  BOOST_TEST(r.elapsed.count() == 20);  // default link: 10 ms each way
  BOOST_TEST(w.clock.elapsed().count() == 20);
  BOOST_REQUIRE(w.echo->seen.size() == 1u);
  BOOST_TEST((w.echo->at[0] == w.clock.now_ms() - 10ms));  // the server saw it on arrival
  BOOST_TEST(w.echo->seen[0].client.address == "198.51.100.1");
  BOOST_TEST((w.echo->seen[0].client == r.client));
  BOOST_TEST(r.client.port >= 1024);
  BOOST_TEST(w.net.exchanges() == 1u);
}

BOOST_AUTO_TEST_CASE(nothing_listening_is_refused) {
  World w;
  auto r = w.net.exchange("198.51.100.1", Endpoint{"192.0.2.99", 53}, Transport::Udp, ping, 2000ms);
  BOOST_TEST((r.status == ExchangeResult::Status::Refused));
  BOOST_TEST(r.elapsed.count() == 20);
  auto t = w.net.exchange("198.51.100.1", w.ns, Transport::Tcp, ping, 2000ms);  // UDP only there
  BOOST_TEST((t.status == ExchangeResult::Status::Refused));
  w.net.remove_host("192.0.2.53");
  auto u = w.net.exchange("198.51.100.1", w.ns, Transport::Udp, ping, 2000ms);
  BOOST_TEST((u.status == ExchangeResult::Status::Refused));
}

BOOST_AUTO_TEST_CASE(fallback_answers_any_address_without_its_own_service) {
  World w;
  auto fb = std::make_shared<Echo>();
  w.net.serve_fallback(Transport::Udp, fb);
  auto r = w.net.exchange("198.51.100.1", Endpoint{"203.0.113.7", 53}, Transport::Udp, ping, 2000ms);
  BOOST_TEST((r.status == ExchangeResult::Status::Reply));
  BOOST_TEST(fb->seen.size() == 1u);
  w.net.exchange("198.51.100.1", w.ns, Transport::Udp, ping, 2000ms);
  BOOST_TEST(fb->seen.size() == 1u);  // the own service wins
  BOOST_TEST(w.echo->seen.size() == 1u);
}

BOOST_AUTO_TEST_CASE(unreachable_and_silent_services_time_out) {
  World w;
  w.net.set_link("198.51.100.1", "192.0.2.53", Link{10ms, 0.0, 0ms, true});
  auto r = w.net.exchange("198.51.100.1", w.ns, Transport::Udp, ping, 1500ms);
  BOOST_TEST((r.status == ExchangeResult::Status::Timeout));
  BOOST_TEST(r.elapsed.count() == 1500);
  BOOST_TEST(w.echo->seen.empty());
  w.echo->silent = true;
  auto s = w.net.exchange("198.51.100.2", w.ns, Transport::Udp, ping, 800ms);
  BOOST_TEST((s.status == ExchangeResult::Status::Timeout));
  BOOST_TEST(s.elapsed.count() == 800);
  BOOST_TEST(w.echo->seen.size() == 1u);
}

BOOST_AUTO_TEST_CASE(slow_links_push_replies_past_the_timeout) {
  World w;
  // 10+300 there, 10+300 back = 620 ms.
  w.net.set_link("198.51.100.1", "192.0.2.53", Link{10ms, 0.0, 300ms, false});
  w.net.set_link("192.0.2.53", "198.51.100.1", Link{10ms, 0.0, 300ms, false});
  auto r = w.net.exchange("198.51.100.1", w.ns, Transport::Udp, ping, 1000ms);
  BOOST_TEST((r.status == ExchangeResult::Status::Reply));
  BOOST_TEST(r.elapsed.count() == 620);
  auto t = w.net.exchange("198.51.100.1", w.ns, Transport::Udp, ping, 600ms);
  BOOST_TEST((t.status == ExchangeResult::Status::Timeout));
  BOOST_TEST(t.elapsed.count() == 600);
}

BOOST_AUTO_TEST_CASE(link_precedence) {
  World w;
  w.net.set_default_link(Link{50ms});
  w.net.set_link_to("192.0.2.53", Link{30ms});
  w.net.set_link("198.51.100.1", "192.0.2.53", Link{5ms});
  BOOST_TEST(w.net.link("198.51.100.1", "192.0.2.53").latency.count() == 5);
  BOOST_TEST(w.net.link("198.51.100.2", "192.0.2.53").latency.count() == 30);
  BOOST_TEST(w.net.link("192.0.2.53", "198.51.100.2").latency.count() == 50);
  auto r = w.net.exchange("198.51.100.2", w.ns, Transport::Udp, ping, 1000ms);
  BOOST_TEST(r.elapsed.count() == 80);  // 30 there, 50 back
}

BOOST_AUTO_TEST_CASE(udp_loss_is_seeded_and_per_direction) {
  auto run = [](std::uint64_t seed) {
    World w;
    Network net(w.clock, Random(seed));
    net.serve(w.ns, Transport::Udp, w.echo);
    net.set_link("198.51.100.1", "192.0.2.53", Link{10ms, 0.5});
    std::vector<bool> got;
    for (int i = 0; i < 1000; ++i)
      got.push_back(net.exchange("198.51.100.1", w.ns, Transport::Udp, ping, 100ms).status ==
                    ExchangeResult::Status::Reply);
    return std::pair{got, w.echo->seen.size()};
  };
  auto [a, seen] = run(5);
  auto [b, seen_b] = run(5);
  BOOST_TEST((a == b));
  const auto replies = std::count(a.begin(), a.end(), true);
  BOOST_TEST(std::abs(static_cast<long>(replies) - 500) < 80);
  BOOST_TEST(seen == static_cast<std::size_t>(replies));  // only the way there is lossy
  World w;
  w.net.set_link("198.51.100.1", "192.0.2.53", Link{10ms, 1.0});
  w.net.serve(w.ns, Transport::Tcp, w.echo);
  BOOST_TEST((w.net.exchange("198.51.100.1", w.ns, Transport::Udp, ping, 100ms).status ==
              ExchangeResult::Status::Timeout));
  BOOST_TEST((w.net.exchange("198.51.100.1", w.ns, Transport::Tcp, ping, 100ms).status ==
              ExchangeResult::Status::Reply));  // TCP retransmits
}

BOOST_AUTO_TEST_CASE(ephemeral_ports_are_seeded_and_in_range) {
  auto ports = [](std::uint64_t seed) {
    World w;
    Network net(w.clock, Random(seed));
    net.serve(w.ns, Transport::Udp, w.echo);
    std::vector<std::uint16_t> p;
    for (int i = 0; i < 200; ++i) p.push_back(net.exchange("198.51.100.1", w.ns, Transport::Udp, ping, 100ms).client.port);
    return p;
  };
  auto a = ports(3);
  BOOST_TEST((a == ports(3)));
  BOOST_TEST((a != ports(4)));
  for (auto p : a) BOOST_TEST(p >= 1024);
  BOOST_TEST(std::set<std::uint16_t>(a.begin(), a.end()).size() > 190u);
}

BOOST_AUTO_TEST_CASE(streams_cost_round_trips_and_close) {
  World w;
  auto smtp = std::make_shared<LineService>();
  const Endpoint mx{"2001:db8::25", 25};
  BOOST_TEST(w.net.listen(mx, smtp) == nullptr);
  std::string err;
  auto c = w.net.connect("2001:db8::1", mx, 5000ms, &err);
  BOOST_REQUIRE(c != nullptr);
  BOOST_TEST(err.empty());
  BOOST_TEST(w.clock.elapsed().count() == 20);  // the handshake
  auto greeting = c->receive();
  BOOST_TEST(std::string(greeting.begin(), greeting.end()) == "220\n");
  BOOST_TEST(c->receive().empty());
  const std::string ehlo = "EHLO";
  c->send(std::span(reinterpret_cast<const std::uint8_t*>(ehlo.data()), ehlo.size()));
  BOOST_TEST(w.clock.elapsed().count() == 40);
  auto a = c->receive();
  BOOST_TEST(std::string(a.begin(), a.end()) == "ok:EHLO");
  BOOST_TEST(c->bytes_sent() == 4u);
  BOOST_TEST(c->bytes_received() == 11u);
  const std::string quit = "QUIT";
  c->send(std::span(reinterpret_cast<const std::uint8_t*>(quit.data()), quit.size()));
  BOOST_TEST(!c->is_open());
  BOOST_CHECK_THROW(c->send(std::span(reinterpret_cast<const std::uint8_t*>(quit.data()), quit.size())),
                    UsageError);
  BOOST_TEST(!smtp->closed_flag);
  c->close();
  BOOST_TEST(smtp->closed_flag);
  BOOST_TEST((smtp->clients.at(0) == c->client()));
  BOOST_TEST(w.net.connections() == 1u);
}

BOOST_AUTO_TEST_CASE(connect_failures_say_why) {
  World w;
  std::string err;
  const auto before = w.clock.now_ms();
  BOOST_TEST(w.net.connect("192.0.2.1", Endpoint{"192.0.2.25", 25}, 3000ms, &err) == nullptr);
  BOOST_TEST(err == "connection refused");
  BOOST_TEST((w.clock.now_ms() - before).count() == 20);
  w.net.listen(Endpoint{"192.0.2.25", 25}, std::make_shared<LineService>());
  w.net.set_link_to("192.0.2.25", Link{10ms, 0.0, 0ms, true});
  BOOST_TEST(w.net.connect("192.0.2.1", Endpoint{"192.0.2.25", 25}, 3000ms, &err) == nullptr);
  BOOST_TEST(err == "connection timed out");
  BOOST_TEST((w.clock.now_ms() - before).count() == 3020);
  // An attacker wraps the listener: listen() hands back the one it replaced.
  auto mitm = std::make_shared<LineService>();
  BOOST_TEST(w.net.listen(Endpoint{"192.0.2.25", 25}, mitm) != nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
