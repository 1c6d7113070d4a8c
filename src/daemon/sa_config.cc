#include "daemon/sa_config.h"

namespace hip::daemon {

esp::SaConfig to_sa_config(const engine::InstallSa& install, const std::optional<SaLsis>& lsis) {
  esp::SaConfig config;
  config.direction = install.direction == engine::Direction::inbound ? esp::Direction::inbound
                                                                     : esp::Direction::outbound;
  config.spi = install.spi;
  config.suite = install.esp_suite;
  config.enc_key = install.encryption_key;
  config.auth_key = install.authentication_key;
  config.own_hit = install.local_hit;
  config.peer_hit = install.peer_hit;
  if (lsis) {
    config.own_lsi = lsis->own;
    config.peer_lsi = lsis->peer;
  }
  config.outer.local = install.path.local;
  config.outer.remote = install.path.peer;
  if (install.path.udp) {
    config.outer.encapsulation = esp::Encapsulation::udp;
    config.outer.local_port = install.path.local_port;
    config.outer.remote_port = install.path.peer_port;
  }
  return config;
}

}  // namespace hip::daemon
