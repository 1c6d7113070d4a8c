// The packet paths of hipd's driver: hip0 -> ESP -> sockets, sockets -> engine
// (HIP) or ESP -> hip0. Each handler reads one batch (up to kBatch packets
// from a socket, up to kTunReadsPerEvent reads of up to 64 KB from hip0),
// processes it as a batch and returns; the loop is level-triggered, so what is
// left is read on the next turn without starving the other fds. hip0 runs
// with offloads (io/tso_split.h, io/tcp_coalesce.h): TCP comes out of it as
// super-packets that are cut here before ESP, and goes into it merged again.
#include <spdlog/spdlog.h>

#include <array>
#include <cstring>

#include "daemon/driver.h"
#include "io/tso_split.h"
#include "io/udp_framing.h"

namespace hip::daemon {

namespace {

using namespace std::chrono_literals;

// engine.on_traffic() at most this often per SA (engine.h asks for "every few
// seconds"); the first packet on an SA is always reported, since it moves
// R2-SENT to ESTABLISHED (RFC 7401 §4.4.3 Table 5).
constexpr base::Duration kTrafficReportInterval = 1s;

engine::Path path_of(const io::Addressing& a, bool udp) {
  return engine::Path{a.local, a.peer, udp, udp ? a.local_port : std::uint16_t{0},
                      udp ? a.peer_port : std::uint16_t{0}};
}

}  // namespace

void Driver::prepare(std::span<io::RecvSlot> slots) {
  for (std::size_t i = 0; i < slots.size(); ++i) {
    slots[i].buffer = buffer(i);
    slots[i].offset = esp::kEspHeadroom;
  }
}

void Driver::on_tun_readable() {
  // Every read lands in super_packet_ and is copied (plain packets) or cut
  // (TCP super-packets, io/tso_split.h) into the segment buffers at ESP
  // headroom: one copy per byte, which the 64 KB reads pay back many times.
  std::size_t used = 0;
  for (std::size_t reads = 0; reads < kTunReadsPerEvent; ++reads) {
    auto read = tun_.read_packet(super_packet_);
    if (!read) {
      if (!read.error().would_block()) {
        spdlog::error("{} read: {}", tun_.name(), read.error().message());
      }
      break;
    }
    ++counters_.tun_packets;
    used = take_tun_packet(*read, used);
  }
  encapsulate_and_send(used);
  after_event();
}

std::size_t Driver::take_tun_packet(const io::TunRead& read, std::size_t used) {
  if (read.truncated) {
    ++counters_.tun_truncated;
    return used;
  }
  const std::span<std::uint8_t> packet(super_packet_.data(), read.length);
  // Room for one inner packet in a segment buffer.
  constexpr std::size_t kRoom = kBufferBytes - esp::kEspHeadroom - esp::kEspTailroom;
  auto next_segment = [&]() {
    if (used == kSegments) {
      encapsulate_and_send(used);
      used = 0;
    }
    return buffer(used).subspan(esp::kEspHeadroom, kRoom);
  };
  if (read.vnet.gso_type == io::kGsoNone) {
    // Unusable packets count as truncated: hipd cannot send them as read.
    if (!io::complete_checksum(read.vnet, packet) || packet.size() > kRoom) {
      ++counters_.tun_truncated;
      return used;
    }
    std::span<std::uint8_t> out = next_segment();
    std::memcpy(out.data(), packet.data(), packet.size());
    segments_[used] = {buffer(used), esp::kEspHeadroom, packet.size()};
    return used + 1;
  }
  const auto plan = io::plan_tso(read.vnet, packet);
  if (!plan) {
    ++counters_.tun_truncated;
    return used;
  }
  for (std::size_t i = 0; i < plan->count; ++i) {
    std::span<std::uint8_t> out = next_segment();
    const std::size_t n = io::write_tso_segment(*plan, packet, i, out);
    if (n == 0) {  // larger than a buffer: never with gso_size from hip0's MTU
      ++counters_.tun_truncated;
      return used;
    }
    segments_[used] = {buffer(used), esp::kEspHeadroom, n};
    ++used;
  }
  return used;
}

void Driver::encapsulate_and_send(std::size_t count) {
  if (count == 0) return;
  std::span<esp::PacketBuffer> pkts(segments_.data(), count);
  data_plane_.encapsulate_batch(pkts, encap_results_, io::monotonic_now());
  send_protected({encap_results_.data(), count}, pkts);
}

void Driver::send_protected(std::span<const esp::EncapResult> results,
                            std::span<esp::PacketBuffer> pkts) {
  std::array<io::SendItem, kSegments> raw4, raw6, udp;
  std::size_t n4 = 0, n6 = 0, nu = 0;
  const base::Time now = io::monotonic_now();
  std::uint32_t last_spi = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const esp::EncapResult& r = results[i];
    if (r.status == esp::Status::no_sa) {
      hold_for_exchange(pkts[i].buffer.subspan(pkts[i].offset, pkts[i].length));
      continue;
    }
    if (r.status != esp::Status::ok) continue;  // counted by esp/
    if (r.rekey_due) ++counters_.rekey_due;
    if (r.spi != last_spi) {
      note_traffic(r.spi, /*inbound=*/false, now);
      last_spi = r.spi;
    }
    io::SendItem item{pkts[i].buffer.subspan(r.offset, r.length),
                      {r.outer.local, r.outer.remote, r.outer.local_port, r.outer.remote_port}};
    if (r.outer.encapsulation == esp::Encapsulation::udp) {
      udp[nu++] = item;
    } else if (r.outer.remote.is_v4()) {
      raw4[n4++] = item;
    } else {
      raw6[n6++] = item;
    }
  }
  auto send = [this](auto& socket, std::span<const io::SendItem> items) {
    if (items.empty()) return;
    if (!socket) {
      counters_.no_socket += items.size();
      return;
    }
    const io::SendReport report = socket->send_batch(items);
    counters_.esp_sent += report.sent;
    // Not handled = socket buffer full: ESP is datagram traffic, drop it.
    counters_.esp_send_failed += report.failed + (items.size() - report.handled);
  };
  send(sockets_.esp4, {raw4.data(), n4});
  send(sockets_.esp6, {raw6.data(), n6});
  send(sockets_.udp, {udp.data(), nu});
}

void Driver::hold_for_exchange(std::span<const std::uint8_t> packet) {
  const std::optional<base::Hit> peer = peer_of_inner(packet);
  if (!peer) {
    ++counters_.tun_not_hip;
    return;
  }
  const bool first = !pending_.holds(*peer);
  if (!pending_.push(*peer, packet) || !first) return;
  // The first packet for this peer: start the base exchange (RFC 7401 §4.4.3
  // "datagram to send requiring a new SA"); a BEX already running is left
  // alone by the engine.
  const PeerEntry* entry = config_.peers.find(*peer);
  std::optional<engine::Path> path = entry ? path_to(*entry) : std::nullopt;
  if (!path) {
    ++counters_.tun_no_locator;
    pending_.discard(*peer);
    spdlog::debug("peer {}: no locator known, packet dropped", peer->to_string());
    return;
  }
  engine_.connect(*peer, *path, io::monotonic_now(), actions_, engine::Reason::data_to_send);
}

void Driver::on_hip_readable(io::RawSocket& socket) {
  std::array<io::RecvSlot, kBatch> slots;
  prepare(slots);
  auto n = socket.receive_batch(slots);
  if (!n) return;
  const base::Time now = io::monotonic_now();
  for (std::size_t i = 0; i < *n; ++i) {
    if (slots[i].status != io::RecvStatus::ok) {
      ++counters_.hip_truncated;
      continue;
    }
    ++counters_.hip_received;
    engine_.on_hip_packet({slots[i].payload(), path_of(slots[i].addressing, false)}, now,
                          actions_);
  }
  after_event();
}

void Driver::on_esp_readable(io::RawSocket& socket) {
  std::array<io::RecvSlot, kBatch> slots;
  prepare(slots);
  auto n = socket.receive_batch(slots);
  if (!n) return;
  InboundEsp batch;
  for (std::size_t i = 0; i < *n; ++i) {
    if (slots[i].status != io::RecvStatus::ok) {
      ++counters_.esp_truncated;
      continue;
    }
    batch.add(slots[i], slots[i].payload_offset, slots[i].length);
  }
  deliver_protected(batch);
  after_event();
}

void Driver::on_udp_readable() {
  std::array<io::RecvSlot, kBatch> slots;
  prepare(slots);
  auto n = sockets_.udp->receive_batch(slots);
  if (!n) return;
  InboundEsp batch;
  const base::Time now = io::monotonic_now();
  for (std::size_t i = 0; i < *n; ++i) {
    const io::RecvSlot& slot = slots[i];
    if (slot.status != io::RecvStatus::ok) {
      ++counters_.esp_truncated;
      continue;
    }
    const io::UdpPayload what = io::classify_udp_payload(slot.payload());
    switch (what.kind) {
      case io::UdpPayloadKind::hip_control:
        ++counters_.hip_received;
        engine_.on_hip_packet(
            {slot.payload().subspan(what.offset, what.length), path_of(slot.addressing, true)},
            now, actions_);
        break;
      case io::UdpPayloadKind::esp:
        batch.add(slot, slot.payload_offset + what.offset, what.length);
        break;
      case io::UdpPayloadKind::nat_keepalive:
      case io::UdpPayloadKind::stun:
        ++counters_.udp_ignored;
        break;
      case io::UdpPayloadKind::malformed:
        ++counters_.udp_malformed;
        break;
    }
  }
  deliver_protected(batch);
  after_event();
}

void Driver::deliver_protected(const InboundEsp& batch) {
  if (batch.count == 0) return;
  const std::span<const esp::PacketBuffer> pkts(batch.pkts.data(), batch.count);
  const std::span<const esp::beet::OuterHints> hints(batch.hints.data(), batch.count);
  const auto& from = batch.from;
  counters_.esp_received += pkts.size();
  std::array<esp::DecapResult, kBatch> results;
  const base::Time now = io::monotonic_now();
  data_plane_.decapsulate_batch(pkts, hints, results, now);
  std::array<io::PacketSlot, kBatch> out;
  std::size_t count = 0;
  std::uint32_t last_spi = 0;
  for (std::size_t i = 0; i < pkts.size(); ++i) {
    const esp::DecapResult& r = results[i];
    if (r.status == esp::Status::unknown_spi) {
      // Maybe we lost our state, or the peer did (RFC 7401 §4.5.4, §6.16):
      // the engine decides, rate-limited, with a hint of who sits there.
      const bool udp = from[i].peer_port != 0;
      engine_.on_unknown_spi(r.spi, path_of(from[i], udp), config_.peers.hit_at(from[i].peer),
                             now, actions_);
      continue;
    }
    if (r.status != esp::Status::ok) continue;  // counted by esp/
    if (r.rekey_due) ++counters_.rekey_due;
    if (r.spi != last_spi || r.first_on_sa) {
      note_traffic(r.spi, /*inbound=*/true, now);
      last_spi = r.spi;
    }
    out[count++] = {pkts[i].buffer, r.offset, r.length};
  }
  if (count == 0) return;
  const io::SendReport report = tun_.write_batch({out.data(), count});
  counters_.tun_write_failed += report.failed + (count - report.handled);
}

void Driver::note_traffic(std::uint32_t spi, bool inbound, base::Time now) {
  const std::uint64_t key = (std::uint64_t{inbound} << 32) | spi;
  auto [it, fresh] = traffic_reported_.try_emplace(key, now);
  if (!fresh && now - it->second < kTrafficReportInterval) return;
  it->second = now;
  const esp::Sa* sa =
      inbound ? data_plane_.sas().find_inbound(spi) : data_plane_.sas().find_outbound_by_spi(spi);
  if (sa == nullptr) return;
  engine_.on_traffic(sa->own_hit(), sa->peer_hit(), inbound, now, actions_);
}

}  // namespace hip::daemon
