// Where packets go: the locator pair for a peer (its first locator we can
// reach, from a source the kernel's routing picks or the configured one), and
// which peer an application's packet on hip0 is for.
#include <spdlog/spdlog.h>

#include "base/bytes.h"
#include "crypto/lsi.h"
#include "daemon/driver.h"
#include "esp/beet.h"
#include "io/route_source.h"

namespace hip::daemon {

std::optional<engine::Path> Driver::path_via(const base::IpAddress& locator, bool udp) const {
  if (udp && !sockets_.udp) return std::nullopt;
  std::optional<base::IpAddress> source;
  // Configured locators restrict our sources; otherwise routing chooses.
  const auto& ours = config_.daemon.locators;
  if (!ours.empty()) {
    auto routed = io::route_source(locator);
    for (const base::IpAddress& own : ours) {
      if (own.family() != locator.family()) continue;
      if (routed && *routed == own) {
        source = own;
        break;
      }
      if (!source) source = own;
    }
  } else if (auto routed = io::route_source(locator)) {
    source = *routed;
  }
  if (!source) return std::nullopt;
  engine::Path path{*source, locator, udp};
  if (udp) {
    path.local_port = sockets_.udp->port();
    path.peer_port = config_.daemon.udp_port;
  }
  return path;
}

std::optional<engine::Path> Driver::path_to(const PeerEntry& peer) const {
  const bool udp = peer.udp;  // selected per peer (hosts file "udp", [[peer]] udp = true)
  for (const base::IpAddress& locator : peer.locators) {
    if (auto path = path_via(locator, udp)) return path;
  }
  return std::nullopt;
}

std::optional<base::Hit> Driver::peer_of_inner(std::span<const std::uint8_t> packet) const {
  auto inner = esp::beet::parse_inner(packet);
  if (!inner) return std::nullopt;
  if (!inner->v4) {
    base::Hit hit = base::Hit::from(std::span<const std::uint8_t, 16>(inner->dst, 16));
    if (!hit.is_orchid_v2()) return std::nullopt;
    return hit;
  }
  const base::IpAddress lsi = base::IpAddress::v4(std::span<const std::uint8_t, 4>(inner->dst, 4));
  if (!crypto::is_lsi(lsi)) return std::nullopt;
  return config_.peers.hit_of_lsi(lsi);
}

}  // namespace hip::daemon
