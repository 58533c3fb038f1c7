/*
 * dane::sim: an in-memory network of simulated hosts. Request/response
 * exchanges (DNS over UDP or TCP) and byte streams (SMTP) between
 * addresses, each costing virtual time on the Clock. Faults are injected per
 * link: loss, extra delay, unreachable destinations. Everything is
 * synchronous: exchange() returns the reply (or the timeout) after moving
 * the clock, so simulations are single-threaded and deterministic.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "dane/sim/clock.hpp"
#include "dane/sim/random.hpp"

namespace dane::sim {

/// An IPv4 or IPv6 address in its canonical text form ("192.0.2.1", "2001:db8::1").
using Address = std::string;

/// Canonical text form of an IPv4/IPv6 address (RFC 5952 for IPv6).
/// @throws InputError naming the text when it is not an address.
Address canonical_address(std::string_view text);

/// True for an IPv6 address.
bool is_ipv6(const Address& address);

/// An address and port.
struct Endpoint {
  Address address;
  std::uint16_t port = 0;

  /// "192.0.2.1#53" (BIND's form) or "[2001:db8::1]:25" when bracket is true.
  std::string to_string(bool bracket = false) const;
  friend auto operator<=>(const Endpoint&, const Endpoint&) = default;
};

enum class Transport { Udp, Tcp };

/// One request as a service sees it.
struct Request {
  Endpoint client;   ///< where it came from (the client's ephemeral port is seeded)
  Endpoint server;   ///< where it was sent
  Transport transport = Transport::Udp;
  std::vector<std::uint8_t> payload;
};

class Network;

/// A request/response service (a DNS server on port 53).
class DatagramService {
 public:
  virtual ~DatagramService() = default;
  /// The reply to request, or nullopt to send nothing (the client times out).
  virtual std::optional<std::vector<std::uint8_t>> handle(const Request& request) = 0;
};

/// The server side of one accepted stream connection. The network calls it
/// synchronously; what it returns is delivered to the client.
class StreamSession {
 public:
  virtual ~StreamSession() = default;
  /// Called once when the connection opens (an SMTP greeting, for instance).
  virtual std::vector<std::uint8_t> on_open() = 0;
  /// Called with bytes the client sent; returns the bytes to send back.
  virtual std::vector<std::uint8_t> on_data(std::span<const std::uint8_t> data) = 0;
  /// True once the server has closed its side (after a QUIT, an error...).
  virtual bool closed() const = 0;
  /// Called when the client closes the connection.
  virtual void on_close() {}
};

/// A listener on a stream port (an SMTP server on port 25).
class StreamService {
 public:
  virtual ~StreamService() = default;
  /// A new session for a connection from client to local.
  virtual std::unique_ptr<StreamSession> accept(const Endpoint& client, const Endpoint& local) = 0;
};

/// Link properties from one address to another (one direction of a path).
struct Link {
  Duration latency{10};        ///< one-way delay
  double loss = 0.0;           ///< probability that a datagram is lost (each direction)
  Duration extra_delay{0};     ///< added to every delivery (a slow path: can push replies past timeouts)
  bool unreachable = false;    ///< nothing gets through (connections are refused by timeout)
};

/// The outcome of one exchange.
struct ExchangeResult {
  enum class Status {
    Reply,        ///< a reply arrived within the timeout
    Timeout,      ///< lost, dropped by the service, too slow, or unreachable
    Refused,      ///< nothing listens there (ICMP port unreachable / TCP RST)
  };
  Status status = Status::Timeout;
  std::vector<std::uint8_t> reply;
  Duration elapsed{0};  ///< virtual time the exchange took
  Endpoint client;      ///< the source endpoint used (seeded ephemeral port)
};

/// The client side of a stream connection.
class Connection {
 public:
  Connection(Network& net, Endpoint client, Endpoint server, std::unique_ptr<StreamSession> session);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Sends bytes to the server; the server's answer becomes readable.
  /// @throws UsageError when the connection is closed.
  void send(std::span<const std::uint8_t> data);
  /// Everything the server sent that has not been read yet (may be empty).
  std::vector<std::uint8_t> receive();
  /// True until either side closed.
  bool is_open() const noexcept;
  /// Closes the client side (the server's on_close runs).
  void close();
  const Endpoint& client() const noexcept { return client_; }
  const Endpoint& server() const noexcept { return server_; }
  /// Octets sent / received over this connection.
  std::size_t bytes_sent() const noexcept { return sent_; }
  std::size_t bytes_received() const noexcept { return received_; }

 private:
  Network& net_;
  Endpoint client_, server_;
  std::unique_ptr<StreamSession> session_;
  std::vector<std::uint8_t> inbox_;
  bool client_closed_ = false;
  std::size_t sent_ = 0, received_ = 0;
};

/// The network of one simulated world.
class Network {
 public:
  Network(Clock& clock, Random random);
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  /// Registers a request/response service at an endpoint (replacing one there).
  void serve(const Endpoint& at, Transport transport, std::shared_ptr<DatagramService> service);
  /// Registers a service that answers requests to any endpoint with no
  /// service of its own (the replay harness: "any address").
  void serve_fallback(Transport transport, std::shared_ptr<DatagramService> service);
  /// Registers a stream listener at an endpoint; returns the one it replaced
  /// (an on-path attacker wraps the real listener this way).
  std::shared_ptr<StreamService> listen(const Endpoint& at, std::shared_ptr<StreamService> service);
  /// Removes every service at an address (the host goes down).
  void remove_host(const Address& address);

  /// Sets the link from one address to another (both must be canonical).
  void set_link(const Address& from, const Address& to, Link link);
  /// Sets the link used towards `to` from every address without its own link.
  void set_link_to(const Address& to, Link link);
  /// The link used by default.
  void set_default_link(Link link);
  /// The link in effect from one address to another.
  Link link(const Address& from, const Address& to) const;

  /**
   * Sends payload from `from` to `to` and waits up to timeout for the reply.
   * Moves the clock by the round trip, or by the timeout when no reply
   * comes. The client port is drawn from the network's Random.
   */
  ExchangeResult exchange(const Address& from, const Endpoint& to, Transport transport,
                          std::span<const std::uint8_t> payload, Duration timeout);

  /**
   * Opens a stream connection; the session's greeting is readable at once.
   * @returns nullptr (with *error set to "connection refused" / "connection
   *   timed out") when nothing listens there or the link is unreachable.
   */
  std::unique_ptr<Connection> connect(const Address& from, const Endpoint& to, Duration timeout,
                                      std::string* error = nullptr);

  Clock& clock() noexcept { return clock_; }
  /// Exchanges and connections made so far.
  std::size_t exchanges() const noexcept { return exchanges_; }
  std::size_t connections() const noexcept { return connections_; }

  /// Used by Connection: one-way delivery delay from `from` to `to`.
  Duration one_way(const Address& from, const Address& to) const;

 private:
  std::uint16_t ephemeral_port();

  Clock& clock_;
  Random random_;
  std::map<std::pair<Endpoint, Transport>, std::shared_ptr<DatagramService>> services_;
  std::map<Transport, std::shared_ptr<DatagramService>> fallback_;
  std::map<Endpoint, std::shared_ptr<StreamService>> listeners_;
  std::map<std::pair<Address, Address>, Link> links_;
  std::map<Address, Link> links_to_;
  Link default_link_;
  std::size_t exchanges_ = 0, connections_ = 0;
};

}  // namespace dane::sim
