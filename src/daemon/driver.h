// hipd's driver: the glue io ⇄ engine ⇄ esp (ARCHITECTURE.md). One thread,
// one epoll loop; every event ends the same way (after_event): the engine's
// actions are carried out, packets waiting for SAs are sent, and the timerfd
// is armed at the engine's next deadline.
//
//   hip0 (TUN) --read batch--> esp encapsulate --> raw 50 / UDP 10500
//                  no SA: queue (bounded) + engine.connect (BEX)
//   raw 139 / UDP 10500 (zero marker) --> engine.on_hip_packet --> actions
//   raw 50 / UDP 10500 (SPI) --> esp decapsulate --> hip0
//                  unknown SPI: engine.on_unknown_spi (peer lost its state?)
//   timerfd --> engine.on_timeout;  signalfd: TERM/INT close all, HUP reload
//   control socket --> ControlHandler (status, connect, close, peers)
//
// Nothing from the network reaches hip0 unless esp/ verified it against an
// installed inbound SA.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "crypto/rng.h"
#include "daemon/config.h"
#include "daemon/control_handler.h"
#include "daemon/control_server.h"
#include "daemon/driver_counters.h"
#include "daemon/pending_queue.h"
#include "daemon/sa_config.h"
#include "engine/engine.h"
#include "esp/data_plane.h"
#include "io/datagram.h"
#include "io/epoll_loop.h"
#include "io/raw_socket.h"
#include "io/signal_fd.h"
#include "io/timer_fd.h"
#include "io/tun.h"
#include "io/udp_socket.h"

namespace hip::daemon {

class Driver final : public ControlHandler, public FdWatcher {
 public:
  // Opens the TUN device, configures it, opens the sockets and the control
  // socket. An error is a sentence for the operator. `signals` was created
  // in main() before any thread (io/signal_fd.h).
  static base::Result<std::unique_ptr<Driver>, std::string> start(
      Config config, std::vector<engine::LocalIdentity> identities, io::SignalFd& signals);
  ~Driver() override;

  // Runs until SIGTERM/SIGINT and the shutdown that follows; the exit code.
  int run();

  // ControlHandler
  StatusReply status() override;
  PeersReply peers() override;
  base::Result<ConnectReply, std::string> connect(
      const base::Hit& peer, const std::optional<base::IpAddress>& locator) override;
  base::Result<CloseReply, std::string> close(const base::Hit& peer) override;

  // FdWatcher (for the control server)
  void watch(int fd, bool readable, bool writable) override;
  void unwatch(int fd) override;

 private:
  struct Sockets {
    std::optional<io::RawSocket> hip4, hip6, esp4, esp6;
    std::optional<io::UdpSocket> udp;
  };
  // Packet buffers, reused by every handler: each has ESP headroom and
  // tailroom around the largest packet we accept (a HIP packet is at most
  // 2048 bytes, RFC 7401 §5.1; ESP is bounded by hip0's MTU). Sockets read
  // kBatch at a time; hip0's reads fill up to kSegments buffers with the
  // segments of TCP super-packets (64 KB / MSS ~ 47 each) before one
  // encapsulate_batch and one sendmmsg per socket.
  static constexpr std::size_t kBatch = io::kDefaultBatch;
  static constexpr std::size_t kSegments = 4 * kBatch;
  static constexpr std::size_t kBufferBytes = 4096;
  // At most this many reads from hip0 per wake-up, so sockets get their turn.
  static constexpr std::size_t kTunReadsPerEvent = 32;

  Driver(Config config, std::vector<engine::LocalIdentity> identities, io::SignalFd& signals,
         io::EpollLoop loop, io::TimerFd timer, io::Tun tun, base::Time now);
  bool udp_wanted() const;  // UDP encapsulation on, or a peer configured for it
  base::Result<void, std::string> set_up_device();
  base::Result<void, std::string> open_sockets();
  base::Result<void, std::string> register_handlers();

  // Event handlers (driver_packets.cc, driver.cc).
  void prepare(std::span<io::RecvSlot> slots);  // buffers at ESP headroom
  void on_tun_readable();
  // One packet read from hip0 (offload on): into segment buffers from
  // `used` on; encapsulates and sends whenever they are all used. Returns
  // the new `used`.
  std::size_t take_tun_packet(const io::TunRead& read, std::size_t used);
  void encapsulate_and_send(std::size_t count);
  void on_hip_readable(io::RawSocket& socket);
  void on_esp_readable(io::RawSocket& socket);
  void on_udp_readable();
  void on_timer();
  void on_signal();
  void after_event();

  // Outbound ESP: what encapsulate_batch made, to the sockets.
  void send_protected(std::span<const esp::EncapResult> results, std::span<esp::PacketBuffer> pkts);
  void hold_for_exchange(std::span<const std::uint8_t> packet);
  // Inbound ESP: pkts/hints/addressing of one receive batch.
  // ESP packets of one receive batch (raw 50 or UDP 10500), with what the
  // socket said about each.
  struct InboundEsp {
    std::array<esp::PacketBuffer, kBatch> pkts;
    std::array<esp::beet::OuterHints, kBatch> hints;
    std::array<io::Addressing, kBatch> from;
    std::size_t count = 0;
    void add(const io::RecvSlot& slot, std::size_t offset, std::size_t length) {
      pkts[count] = {slot.buffer, offset, length};
      hints[count] = {slot.hop_limit, slot.tclass};
      from[count] = slot.addressing;
      ++count;
    }
  };
  void deliver_protected(const InboundEsp& batch);
  void note_traffic(std::uint32_t spi, bool inbound, base::Time now);

  // Actions (driver_actions.cc).
  void drain_actions();
  void transmit(const engine::Transmit& t);
  void install_sa(const engine::InstallSa& install);
  void remove_sa(const engine::RemoveSa& remove);
  void state_changed(const engine::StateChanged& change);
  void flush_pending();

  // Paths and names (driver_paths.cc).
  std::optional<engine::Path> path_to(const PeerEntry& peer) const;
  std::optional<engine::Path> path_via(const base::IpAddress& locator, bool udp) const;
  std::optional<base::Hit> peer_of_inner(std::span<const std::uint8_t> packet) const;
  std::optional<SaLsis> lsis_for(const base::Hit& peer) const;

  void begin_shutdown();
  bool shutdown_complete() const;
  void reload_peers_from_config();
  std::span<std::uint8_t> buffer(std::size_t i) {
    return {pool_.data() + i * kBufferBytes, kBufferBytes};
  }

  Config config_;
  crypto::OsRng rng_;
  engine::Engine engine_;
  esp::DataPlane data_plane_;
  io::SignalFd& signals_;
  io::EpollLoop loop_;
  io::TimerFd timer_;
  io::Tun tun_;
  Sockets sockets_;
  std::unique_ptr<ControlServer> control_;
  bool several_identities_ = false;
  std::optional<base::IpAddress> own_lsi_;

  engine::Actions actions_;
  PendingQueue pending_;
  std::vector<std::uint8_t> pool_;
  std::vector<std::uint8_t> super_packet_;  // one read from hip0 (up to 64 KB)
  // The outbound batch over the segment buffers (members: too large for
  // the stack of every call).
  std::array<esp::PacketBuffer, kSegments> segments_{};
  std::array<esp::EncapResult, kSegments> encap_results_{};
  DriverCounters counters_;
  // Last on_traffic report per SA (key: direction bit << 32 | SPI).
  std::unordered_map<std::uint64_t, base::Time> traffic_reported_;
  // When each peer's SAs were installed, for `hipctl status` (rekey age).
  struct SaHistory {
    base::Time last_install{};
    std::uint32_t outbound_installs = 0;
  };
  std::map<base::Hit, SaHistory> sa_history_;

  std::optional<base::Time> armed_for_;  // the deadline the timerfd holds
  base::Time started_;
  bool shutting_down_ = false;
  base::Time shutdown_deadline_{};
};

}  // namespace hip::daemon
