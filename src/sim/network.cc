#include "sim/network.h"

#include <memory>

#include "sim/node.h"
#include "sim/pcap_trace.h"
#include "sim/random.h"

namespace hip::sim {

std::string TraceRecord::to_string() const {
  std::string s = format_time(at) + " #" + std::to_string(packet);
  if (duplicate) s += " (dup)";
  switch (kind) {
    case Kind::sent: s += " sent "; break;
    case Kind::dropped: s += " dropped "; break;
    case Kind::delivered: s += " delivered "; break;
  }
  s += what;
  if (!cause.empty()) s += ": " + cause;
  return s;
}

bool Network::attach(Node& node, const base::IpAddress& address) {
  auto [it, inserted] = owners_.emplace(AddressKey::of(address), &node);
  if (!inserted) return it->second == &node;
  node.add_address(address);
  return true;
}

Node* Network::node_at(const base::IpAddress& address) const {
  auto it = owners_.find(AddressKey::of(address));
  return it == owners_.end() ? nullptr : it->second;
}

Link* Network::find_link(const base::IpAddress& from, const base::IpAddress& to) {
  auto it = links_.find({AddressKey::of(from), AddressKey::of(to)});
  return it == links_.end() ? nullptr : &it->second;
}

bool Network::has_link(const base::IpAddress& from, const base::IpAddress& to) const {
  return links_.contains({AddressKey::of(from), AddressKey::of(to)});
}

Link& Network::make_link(const base::IpAddress& from, const base::IpAddress& to,
                         LinkConfig config) {
  // The label names the direction, so each direction draws its own stream.
  const auto seed = derive_seed(seed_, "link " + from.to_string() + ">" + to.to_string());
  auto [it, inserted] =
      links_.try_emplace({AddressKey::of(from), AddressKey::of(to)}, config, seed);
  return it->second;
}

Link& Network::link(const base::IpAddress& from, const base::IpAddress& to) {
  if (Link* l = find_link(from, to)) return *l;
  return make_link(from, to, default_link_.value_or(LinkConfig{}));
}

void Network::connect(const base::IpAddress& a, const base::IpAddress& b, LinkConfig config) {
  link(a, b).config() = config;
  link(b, a).config() = config;
}

void Network::record(TraceRecord::Kind kind, std::uint64_t packet, bool duplicate,
                     const Datagram& d, std::string cause) {
  if (!tracing_) return;
  trace_.push_back({queue_.now(), kind, packet, duplicate, d.summary(), std::move(cause)});
}

void Network::send(Datagram d) {
  const std::uint64_t packet = ++counters_.sent;
  record(TraceRecord::Kind::sent, packet, false, d);
  if (d.src.is_v4() != d.dst.is_v4()) {
    ++counters_.malformed;
    record(TraceRecord::Kind::dropped, packet, false, d, "address families differ");
    return;
  }
  if (pcap_ != nullptr) pcap_->write(d, queue_.now());

  Link* link = find_link(d.src, d.dst);
  if (link == nullptr && default_link_) link = &make_link(d.src, d.dst, *default_link_);
  if (link == nullptr) {
    ++counters_.no_route;
    record(TraceRecord::Kind::dropped, packet, false, d, "no route");
    return;
  }
  LinkVerdict verdict = link->offer(d, queue_.now());
  if (verdict.dropped) {
    ++counters_.dropped_by_link;
    record(TraceRecord::Kind::dropped, packet, false, d, std::string(to_string(*verdict.dropped)));
    return;
  }
  // One shared copy serves the original and its duplicate.
  auto shared = std::make_shared<const Datagram>(std::move(d));
  for (const Arrival& arrival : verdict.arrivals) {
    queue_.schedule(arrival.at, [this, link, shared, packet, dup = arrival.duplicate] {
      arrive(*link, *shared, packet, dup);
    });
  }
}

void Network::arrive(Link& link, const Datagram& d, std::uint64_t packet, bool duplicate) {
  link.count_delivered();
  // The owner is looked up on arrival: a host may have been added or moved.
  Node* node = node_at(d.dst);
  if (node == nullptr) {
    ++counters_.no_host;
    record(TraceRecord::Kind::dropped, packet, duplicate, d, "no host");
    return;
  }
  if (!node->up()) {
    ++counters_.host_down;
    record(TraceRecord::Kind::dropped, packet, duplicate, d, "host " + node->name() + " down");
    node->deliver(d);  // lets the node count it
    return;
  }
  ++counters_.delivered;
  record(TraceRecord::Kind::delivered, packet, duplicate, d);
  node->deliver(d);
}

}  // namespace hip::sim
