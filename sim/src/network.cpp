/*
 * dane::sim: the in-memory network. Every exchange is synchronous and moves
 * the virtual clock; every random draw (ephemeral ports, loss) comes from the
 * network's own seeded Random, so a seed gives the same run.
 */
#include "dane/sim/network.hpp"

#include <arpa/inet.h>

#include <array>
#include <utility>

#include "dane/error.hpp"

namespace dane::sim {

Address canonical_address(std::string_view text) {
  const std::string s(text);
  std::array<unsigned char, 16> buf{};
  std::array<char, INET6_ADDRSTRLEN> out{};
  if (s.size() <= 64 && inet_pton(AF_INET, s.c_str(), buf.data()) == 1) {
    if (inet_ntop(AF_INET, buf.data(), out.data(), out.size()) != nullptr) return out.data();
  }
  if (s.size() <= 64 && inet_pton(AF_INET6, s.c_str(), buf.data()) == 1) {
    // glibc's inet_ntop writes RFC 5952 form: lower case, longest zero run compressed.
    if (inet_ntop(AF_INET6, buf.data(), out.data(), out.size()) != nullptr) return out.data();
  }
  throw InputError("address", "", s, "is not an IPv4 or IPv6 address");
}

bool is_ipv6(const Address& address) { return address.find(':') != std::string::npos; }

std::string Endpoint::to_string(bool bracket) const {
  if (!bracket) return address + "#" + std::to_string(port);
  if (is_ipv6(address)) return "[" + address + "]:" + std::to_string(port);
  return address + ":" + std::to_string(port);
}

// --- Connection -------------------------------------------------------------

Connection::Connection(Network& net, Endpoint client, Endpoint server, std::unique_ptr<StreamSession> session)
    : net_(net), client_(std::move(client)), server_(std::move(server)), session_(std::move(session)) {
  if (!session_) throw UsageError("Connection: null session");
  auto greeting = session_->on_open();
  received_ += greeting.size();
  inbox_.insert(inbox_.end(), greeting.begin(), greeting.end());
}

Connection::~Connection() {
  try {
    close();
  } catch (...) {
    // A session that throws while closing must not escape a destructor.
  }
}

void Connection::send(std::span<const std::uint8_t> data) {
  if (!is_open()) throw UsageError("Connection::send: the connection to " + server_.to_string(true) + " is closed");
  // One round trip: the data travels to the server, the answer comes back.
  net_.clock().advance(net_.one_way(client_.address, server_.address) +
                       net_.one_way(server_.address, client_.address));
  sent_ += data.size();
  auto answer = session_->on_data(data);
  received_ += answer.size();
  inbox_.insert(inbox_.end(), answer.begin(), answer.end());
}

std::vector<std::uint8_t> Connection::receive() {
  std::vector<std::uint8_t> out;
  out.swap(inbox_);
  return out;
}

bool Connection::is_open() const noexcept { return !client_closed_ && !session_->closed(); }

void Connection::close() {
  if (client_closed_) return;
  client_closed_ = true;
  session_->on_close();
}

// --- Network ----------------------------------------------------------------

Network::Network(Clock& clock, Random random) : clock_(clock), random_(std::move(random)) {}

void Network::serve(const Endpoint& at, Transport transport, std::shared_ptr<DatagramService> service) {
  if (!service) throw UsageError("Network::serve: null service");
  services_[{at, transport}] = std::move(service);
}

void Network::serve_fallback(Transport transport, std::shared_ptr<DatagramService> service) {
  if (!service) throw UsageError("Network::serve_fallback: null service");
  fallback_[transport] = std::move(service);
}

std::shared_ptr<StreamService> Network::listen(const Endpoint& at, std::shared_ptr<StreamService> service) {
  if (!service) throw UsageError("Network::listen: null service");
  auto& slot = listeners_[at];
  auto old = std::move(slot);
  slot = std::move(service);
  return old;
}

void Network::remove_host(const Address& address) {
  std::erase_if(services_, [&](const auto& kv) { return kv.first.first.address == address; });
  std::erase_if(listeners_, [&](const auto& kv) { return kv.first.address == address; });
}

void Network::set_link(const Address& from, const Address& to, Link link) { links_[{from, to}] = link; }
void Network::set_link_to(const Address& to, Link link) { links_to_[to] = link; }
void Network::set_default_link(Link link) { default_link_ = link; }

Link Network::link(const Address& from, const Address& to) const {
  if (auto it = links_.find({from, to}); it != links_.end()) return it->second;
  if (auto it = links_to_.find(to); it != links_to_.end()) return it->second;
  return default_link_;
}

Duration Network::one_way(const Address& from, const Address& to) const {
  const Link l = link(from, to);
  return l.latency + l.extra_delay;
}

std::uint16_t Network::ephemeral_port() { return static_cast<std::uint16_t>(random_.between(1024, 65535)); }

ExchangeResult Network::exchange(const Address& from, const Endpoint& to, Transport transport,
                                 std::span<const std::uint8_t> payload, Duration timeout) {
  if (timeout < Duration::zero()) throw UsageError("Network::exchange: negative timeout");
  ++exchanges_;
  const Instant start = clock_.now_ms();
  ExchangeResult result;
  result.client = Endpoint{from, ephemeral_port()};
  auto finish = [&](ExchangeResult::Status status) {
    result.status = status;
    if (status == ExchangeResult::Status::Timeout) {
      result.reply.clear();
      clock_.advance_to(start + timeout);
    }
    result.elapsed = clock_.now_ms() - start;
    return result;
  };

  const Link out = link(from, to.address);
  const Link back = link(to.address, from);
  const Duration there = out.latency + out.extra_delay;
  const Duration rtt = there + back.latency + back.extra_delay;
  // Nothing crosses an unreachable link; a datagram lost on the way never
  // arrives. Link loss applies to UDP only: TCP retransmits what is lost.
  const bool udp = transport == Transport::Udp;
  if (out.unreachable || (udp && random_.chance(out.loss)) || there > timeout)
    return finish(ExchangeResult::Status::Timeout);

  std::shared_ptr<DatagramService> service;
  if (auto it = services_.find({to, transport}); it != services_.end()) {
    service = it->second;
  } else if (auto fb = fallback_.find(transport); fb != fallback_.end()) {
    service = fb->second;
  }
  if (!service) {
    // ICMP port unreachable (UDP) or a TCP RST comes back after one round trip.
    if (back.unreachable || rtt > timeout) return finish(ExchangeResult::Status::Timeout);
    clock_.advance(rtt);
    return finish(ExchangeResult::Status::Refused);
  }

  clock_.advance(there);  // the service sees the request at its arrival time
  Request request{result.client, to, transport, std::vector<std::uint8_t>(payload.begin(), payload.end())};
  auto reply = service->handle(request);
  if (!reply || back.unreachable || (udp && random_.chance(back.loss)) || rtt > timeout)
    return finish(ExchangeResult::Status::Timeout);
  clock_.advance(rtt - there);
  result.reply = std::move(*reply);
  return finish(ExchangeResult::Status::Reply);
}

std::unique_ptr<Connection> Network::connect(const Address& from, const Endpoint& to, Duration timeout,
                                             std::string* error) {
  if (timeout < Duration::zero()) throw UsageError("Network::connect: negative timeout");
  ++connections_;
  const Endpoint client{from, ephemeral_port()};
  const Link out = link(from, to.address);
  const Link back = link(to.address, from);
  const Duration rtt = out.latency + out.extra_delay + back.latency + back.extra_delay;
  auto fail = [&](const char* why, Duration cost) -> std::unique_ptr<Connection> {
    clock_.advance(cost);
    if (error != nullptr) *error = why;
    return nullptr;
  };
  // The SYN (or the SYN-ACK) never arrives: the client gives up at the
  // timeout. Link loss does not apply (TCP retransmits).
  if (out.unreachable || back.unreachable || rtt > timeout)
    return fail("connection timed out", timeout);
  auto it = listeners_.find(to);
  if (it == listeners_.end()) return fail("connection refused", rtt);
  clock_.advance(rtt);  // the handshake
  auto session = it->second->accept(client, to);
  if (!session) {
    if (error != nullptr) *error = "connection refused";
    return nullptr;
  }
  if (error != nullptr) error->clear();
  return std::make_unique<Connection>(*this, client, to, std::move(session));
}

}  // namespace dane::sim
