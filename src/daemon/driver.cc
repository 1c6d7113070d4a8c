#include "daemon/driver.h"

#include <spdlog/spdlog.h>

#include <csignal>

#include "crypto/lsi.h"
#include "daemon/event_log.h"
#include "esp/transform.h"
#include "io/mtu.h"
#include "io/netlink.h"

namespace hip::daemon {

namespace {

using namespace std::chrono_literals;

// How long SIGTERM waits for CLOSE_ACKs before hipd exits anyway (the CLOSE
// is retransmitted once a second meanwhile, engine::Timers::close_timeout).
constexpr base::Duration kShutdownWait = 3s;
// Socket buffers: large enough for a burst of ESP at line rate between two
// wake-ups (SO_RCVBUFFORCE, so net.core.rmem_max does not cap it).
constexpr io::SocketBuffers kEspBuffers{4 << 20, 4 << 20};
constexpr io::SocketBuffers kHipBuffers{1 << 20, 1 << 20};
// hip0's transmit queue: packets the kernel holds while hipd is busy with
// the previous batch. The default (500) overflows under one fast TCP
// stream, and every drop there costs the sender a retransmission.
constexpr std::uint32_t kTunTxQueuePackets = 4096;

std::string io_failure(std::string_view what, const io::Error& e) {
  std::string out = std::string(what) + ": " + e.message();
  if (e.code == EPERM || e.code == EACCES) {
    out += " (hipd needs root, or CAP_NET_ADMIN and CAP_NET_RAW)";
  }
  return out;
}

}  // namespace

base::Result<std::unique_ptr<Driver>, std::string> Driver::start(
    Config config, std::vector<engine::LocalIdentity> identities, io::SignalFd& signals) {
  auto loop = io::EpollLoop::create();
  if (!loop) return base::unexpected(io_failure("epoll", loop.error()));
  auto timer = io::TimerFd::create();
  if (!timer) return base::unexpected(io_failure("timerfd", timer.error()));
  auto tun = io::Tun::open({config.daemon.tun_device, /*offload=*/true});
  if (!tun) {
    return base::unexpected(io_failure("TUN device " + config.daemon.tun_device, tun.error()));
  }
  std::unique_ptr<Driver> driver(new Driver(std::move(config), std::move(identities), signals,
                                            std::move(*loop), std::move(*timer), std::move(*tun),
                                            io::monotonic_now()));
  if (auto r = driver->set_up_device(); !r) return base::unexpected(r.error());
  if (auto r = driver->open_sockets(); !r) return base::unexpected(r.error());
  if (auto r = driver->register_handlers(); !r) return base::unexpected(r.error());
  auto control = ControlServer::open(driver->config_.daemon.control_socket, *driver, *driver);
  if (!control) {
    return base::unexpected("control socket " + driver->config_.daemon.control_socket + ": " +
                            control.error());
  }
  driver->control_ = std::move(*control);
  return driver;
}

Driver::Driver(Config config, std::vector<engine::LocalIdentity> identities,
               io::SignalFd& signals, io::EpollLoop loop, io::TimerFd timer, io::Tun tun,
               base::Time now)
    : config_(std::move(config)),
      engine_(config_.engine, std::move(identities), rng_, now),
      data_plane_(rng_),
      signals_(signals),
      loop_(std::move(loop)),
      timer_(std::move(timer)),
      tun_(std::move(tun)),
      pool_(kSegments * kBufferBytes),
      // +1: a read that fills the room exactly is reported truncated (io/tun.h).
      super_packet_(io::kMaxSuperPacketBytes + 1),
      started_(now) {
  several_identities_ = engine_.local_hits().size() > 1;
}

Driver::~Driver() {
  // The control server unregisters its fds through us: end it first.
  control_.reset();
}

bool Driver::udp_wanted() const {
  return config_.daemon.udp_encapsulation ||
         std::any_of(config_.peers.entries().begin(), config_.peers.entries().end(),
                     [](const PeerEntry& p) { return p.udp; });
}

base::Result<void, std::string> Driver::set_up_device() {
  auto nl = io::Netlink::open();
  if (!nl) return base::unexpected("netlink: " + nl.error().message());
  auto index = nl->link_index(tun_.name());
  if (!index) return base::unexpected(index.error().message());
  // The worst case of every transform and encapsulation we may use, so no
  // ESP packet is ever fragmented (io/mtu.h), for a 1500-byte path.
  const std::size_t mtu = io::tun_mtu_for_path(
      1500, /*outer_ipv6=*/true, udp_wanted(), 8 + esp::kMaxIvBytes + esp::kEspTailroom);
  if (auto r = nl->set_mtu(*index, static_cast<std::uint32_t>(mtu)); !r) {
    return base::unexpected(r.error().message());
  }
  if (auto r = nl->set_txqueuelen(*index, kTunTxQueuePackets); !r) {
    return base::unexpected(r.error().message());
  }
  if (auto r = nl->set_link_up(*index); !r) return base::unexpected(r.error().message());
  for (const base::Hit& hit : engine_.local_hits()) {
    if (auto r = nl->add_hit(*index, hit); !r) return base::unexpected(r.error().message());
  }
  // Our LSI: the first candidate for our HIT, unless a peer holds it.
  const base::Hit own = engine_.local_hits().front();
  const base::IpAddress lsi = crypto::preferred_lsi(own);
  if (config_.peers.hit_of_lsi(lsi)) {
    spdlog::warn("no LSI on {}: {} belongs to a peer; IPv4 applications are not served",
                 tun_.name(), lsi.to_string());
  } else if (auto r = nl->add_lsi(*index, lsi); !r) {
    spdlog::warn("no LSI on {}: {}", tun_.name(), r.error().message());
  } else {
    own_lsi_ = lsi;
  }
  if (!tun_.offload()) spdlog::warn("{}: the kernel refused TSO offload", tun_.name());
  spdlog::info("{} up, MTU {}, HIT {}{}", tun_.name(), mtu, own.to_string(),
               own_lsi_ ? ", LSI " + own_lsi_->to_string() : std::string());
  return {};
}

base::Result<void, std::string> Driver::open_sockets() {
  using Family = base::IpAddress::Family;
  auto open_raw = [](Family family, std::uint8_t protocol, io::SocketBuffers buffers,
                     std::optional<io::RawSocket>& slot) -> base::Result<void, std::string> {
    auto s = io::RawSocket::open({family, protocol, buffers});
    if (s) {
      slot.emplace(std::move(*s));
      return {};
    }
    // A host without IPv6 (or IPv4) simply has no socket of that family.
    if (s.error().code == EAFNOSUPPORT) return {};
    return base::unexpected(io_failure(std::string("raw socket for protocol ") +
                                           std::to_string(protocol),
                                       s.error()));
  };
  if (auto r = open_raw(Family::v4, io::kProtoHip, kHipBuffers, sockets_.hip4); !r) return r;
  if (auto r = open_raw(Family::v6, io::kProtoHip, kHipBuffers, sockets_.hip6); !r) return r;
  if (auto r = open_raw(Family::v4, io::kProtoEsp, kEspBuffers, sockets_.esp4); !r) return r;
  if (auto r = open_raw(Family::v6, io::kProtoEsp, kEspBuffers, sockets_.esp6); !r) return r;
  if (udp_wanted()) {
    io::UdpSocketConfig udp;
    udp.port = config_.daemon.udp_port;
    udp.buffers = kEspBuffers;
    auto s = io::UdpSocket::open(udp);
    if (!s) {
      return base::unexpected(
          io_failure("UDP port " + std::to_string(config_.daemon.udp_port), s.error()));
    }
    sockets_.udp.emplace(std::move(*s));
  }
  return {};
}

base::Result<void, std::string> Driver::register_handlers() {
  std::vector<std::pair<int, io::EpollLoop::Handler>> handlers;
  handlers.emplace_back(tun_.fd(), [this](std::uint32_t) { on_tun_readable(); });
  handlers.emplace_back(timer_.fd(), [this](std::uint32_t) { on_timer(); });
  handlers.emplace_back(signals_.fd(), [this](std::uint32_t) { on_signal(); });
  for (auto* s : {&sockets_.hip4, &sockets_.hip6}) {
    if (*s) handlers.emplace_back((*s)->fd(), [this, s](std::uint32_t) { on_hip_readable(**s); });
  }
  for (auto* s : {&sockets_.esp4, &sockets_.esp6}) {
    if (*s) handlers.emplace_back((*s)->fd(), [this, s](std::uint32_t) { on_esp_readable(**s); });
  }
  if (sockets_.udp) {
    handlers.emplace_back(sockets_.udp->fd(), [this](std::uint32_t) { on_udp_readable(); });
  }
  for (auto& [fd, handler] : handlers) {
    if (auto r = loop_.add(fd, io::kReadable, std::move(handler)); !r) {
      return base::unexpected(io_failure("epoll_ctl", r.error()));
    }
  }
  return {};
}

int Driver::run() {
  spdlog::info("hipd running: {} identit{}, {} peer{}, control socket {}",
               engine_.local_hits().size(), several_identities_ ? "ies" : "y",
               config_.peers.size(), config_.peers.size() == 1 ? "" : "s",
               config_.daemon.control_socket);
  after_event();
  while (!loop_.stopping()) {
    auto r = loop_.run_once(shutting_down_ ? 100ms : std::chrono::milliseconds(-1));
    if (!r) {
      spdlog::critical("event loop: {}", r.error().message());
      return 1;
    }
    if (shutting_down_ && (shutdown_complete() || io::monotonic_now() >= shutdown_deadline_)) {
      loop_.stop();
    }
  }
  std::size_t still_closing = 0;
  for (const auto& a : engine_.snapshot()) {
    if (a.state == engine::State::closing) ++still_closing;
  }
  if (still_closing > 0) {
    spdlog::warn("exiting with {} association(s) still waiting for CLOSE_ACK", still_closing);
  }
  spdlog::info("hipd stopped");
  return 0;
}

void Driver::on_timer() {
  (void)timer_.read_expirations();
  armed_for_.reset();
  engine_.on_timeout(io::monotonic_now(), actions_);
  after_event();
}

void Driver::on_signal() {
  auto signal = signals_.read_one();
  if (!signal || *signal == 0) return;
  if (*signal == SIGHUP) {
    reload_peers_from_config();
  } else {
    begin_shutdown();
  }
  after_event();
}

void Driver::begin_shutdown() {
  if (shutting_down_) return;
  shutting_down_ = true;
  const base::Time now = io::monotonic_now();
  shutdown_deadline_ = now + kShutdownWait;
  std::size_t open = 0;
  for (const auto& a : engine_.snapshot()) {
    if (a.state == engine::State::established || a.state == engine::State::r2_sent) ++open;
  }
  spdlog::info("shutting down: closing {} association(s)", open);
  engine_.close_all(now, actions_);
}

bool Driver::shutdown_complete() const {
  for (const auto& a : engine_.snapshot()) {
    if (a.state == engine::State::closing) return false;
  }
  return true;
}

void Driver::reload_peers_from_config() {
  auto table = daemon::reload_peers(config_.path);
  if (!table) {
    ++counters_.reload_failed;
    spdlog::error("reload refused, peers unchanged: {}", table.error().describe());
    return;
  }
  ++counters_.reloads;
  config_.peers = std::move(*table);
  spdlog::info("reloaded {}: {} peer{}", config_.path, config_.peers.size(),
               config_.peers.size() == 1 ? "" : "s");
}

void Driver::after_event() {
  drain_actions();
  flush_pending();
  // flush_pending may have reported traffic to the engine.
  drain_actions();
  // Most events (every ESP batch) leave the deadline where it was: skip the
  // timerfd_settime then. The timer handler clears armed_for_ so a deadline
  // that has fired is armed again even if it did not move.
  const base::Time deadline = engine_.next_deadline();
  if (deadline == armed_for_) return;
  if (auto r = timer_.arm_at(deadline); !r) {
    spdlog::error("timerfd: {}", r.error().message());
    return;
  }
  armed_for_ = deadline;
}

void Driver::watch(int fd, bool readable, bool writable) {
  std::uint32_t interest = (readable ? io::kReadable : 0u) | (writable ? io::kWritable : 0u);
  if (loop_.contains(fd)) {
    (void)loop_.modify(fd, interest);
    return;
  }
  (void)loop_.add(fd, interest, [this, fd](std::uint32_t events) {
    if (!control_) return;
    const bool readable_now = (events & (io::kReadable | EPOLLHUP | EPOLLERR)) != 0;
    control_->on_ready(fd, readable_now, (events & io::kWritable) != 0);
    after_event();
  });
}

void Driver::unwatch(int fd) { (void)loop_.remove(fd); }

}  // namespace hip::daemon
