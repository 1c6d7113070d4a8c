// The simulated network: which node owns which address, one Link per ordered
// address pair (so each direction is configured separately), and delivery of
// datagrams through the event queue after the link's delay. Every packet put
// on the network is counted, optionally traced (for determinism checks and
// failure messages) and optionally written to a pcap file.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/ip_address.h"
#include "sim/datagram.h"
#include "sim/event_queue.h"
#include "sim/link.h"

namespace hip::sim {

class Node;
class PcapTrace;

struct NetworkCounters {
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;   // handed to a node that was up
  std::uint64_t dropped_by_link = 0;
  std::uint64_t no_route = 0;    // no link between the two addresses
  std::uint64_t no_host = 0;     // nobody owns the destination address
  std::uint64_t host_down = 0;   // the destination node had crashed
  std::uint64_t malformed = 0;   // source and destination of different families
};

struct TraceRecord {
  enum class Kind : std::uint8_t { sent, dropped, delivered };
  base::Time at;
  Kind kind = Kind::sent;
  std::uint64_t packet = 0;  // 1-based serial of the send; a duplicate keeps its original's
  bool duplicate = false;
  std::string what;          // Datagram::summary()
  std::string cause;         // why it was dropped

  friend bool operator==(const TraceRecord&, const TraceRecord&) = default;
  std::string to_string() const;
};

class Network {
 public:
  Network(EventQueue& queue, std::uint64_t seed) : queue_(queue), seed_(seed) {}

  // Gives `address` to `node`; false when another node already has it.
  bool attach(Node& node, const base::IpAddress& address);
  Node* node_at(const base::IpAddress& address) const;

  // The link from -> to, created with the default config when missing.
  Link& link(const base::IpAddress& from, const base::IpAddress& to);
  bool has_link(const base::IpAddress& from, const base::IpAddress& to) const;
  // Both directions with the same config (replacing the configs, keeping counters).
  void connect(const base::IpAddress& a, const base::IpAddress& b, LinkConfig config = {});
  // Without a default, packets between unconnected addresses are dropped
  // (no_route); with one, a link is created on first use.
  void set_default_link(std::optional<LinkConfig> config) { default_link_ = config; }

  // Takes a packet from its sender at the current virtual time.
  void send(Datagram d);

  const NetworkCounters& counters() const { return counters_; }
  void set_pcap(PcapTrace* pcap) { pcap_ = pcap; }
  void enable_trace(bool on) { tracing_ = on; }
  const std::vector<TraceRecord>& trace() const { return trace_; }

 private:
  struct AddressKey {
    bool v4 = false;
    std::array<std::uint8_t, 16> bytes{};
    static AddressKey of(const base::IpAddress& a) { return {a.is_v4(), a.to_16_bytes()}; }
    friend auto operator<=>(const AddressKey&, const AddressKey&) = default;
  };
  using LinkKey = std::pair<AddressKey, AddressKey>;

  Link* find_link(const base::IpAddress& from, const base::IpAddress& to);
  Link& make_link(const base::IpAddress& from, const base::IpAddress& to, LinkConfig config);
  void arrive(Link& link, const Datagram& d, std::uint64_t packet, bool duplicate);
  void record(TraceRecord::Kind kind, std::uint64_t packet, bool duplicate, const Datagram& d,
              std::string cause = {});

  EventQueue& queue_;
  std::uint64_t seed_;
  std::map<AddressKey, Node*> owners_;
  std::map<LinkKey, Link> links_;
  std::optional<LinkConfig> default_link_;
  NetworkCounters counters_;
  PcapTrace* pcap_ = nullptr;
  bool tracing_ = false;
  std::vector<TraceRecord> trace_;
};

}  // namespace hip::sim
