// The engine's "install SA" action as the ESP data plane's SaConfig (the
// table in esp/README.md): keys, SPI and suite as the engine drew them from
// KEYMAT (RFC 7402 §7), the outer locators and encapsulation from the
// association's path, and the LSIs that let IPv4 applications use the SA.
#pragma once

#include <optional>

#include "base/ip_address.h"
#include "engine/actions.h"
#include "esp/sa.h"

namespace hip::daemon {

struct SaLsis {
  base::IpAddress own;   // this host's LSI on hip0
  base::IpAddress peer;  // the LSI this host gave the peer
};

// The returned config points into `install`'s key vectors: use it before
// `install` goes.
esp::SaConfig to_sa_config(const engine::InstallSa& install, const std::optional<SaLsis>& lsis);

}  // namespace hip::daemon
