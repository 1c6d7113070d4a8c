#include "daemon/driver_counters.h"

namespace hip::daemon {

void DriverCounters::append_to(std::vector<NamedCount>& out,
                               const PendingCounters& pending) const {
  const std::pair<const char*, std::uint64_t> all[] = {
      {"tun.packets", tun_packets},
      {"tun.truncated", tun_truncated},
      {"tun.not_hip", tun_not_hip},
      {"tun.no_locator", tun_no_locator},
      {"tun.write_failed", tun_write_failed},
      {"hip.received", hip_received},
      {"hip.truncated", hip_truncated},
      {"hip.sent", hip_sent},
      {"hip.send_failed", hip_send_failed},
      {"esp.received", esp_received},
      {"esp.truncated", esp_truncated},
      {"esp.sent", esp_sent},
      {"esp.send_failed", esp_send_failed},
      {"udp.malformed", udp_malformed},
      {"udp.ignored", udp_ignored},
      {"no_socket", no_socket},
      {"sa.install_failed", sa_install_failed},
      {"esp.rekey_due", rekey_due},
      {"config.reloads", reloads},
      {"config.reload_failed", reload_failed},
      {"pending.queued", pending.queued},
      {"pending.flushed", pending.flushed},
      {"pending.dropped_full", pending.dropped_full},
      {"pending.dropped_failed", pending.dropped_failed},
  };
  for (const auto& [name, value] : all) out.push_back(NamedCount{name, value});
}

}  // namespace hip::daemon
