// Loading the [[identity]] key files for the engine. Kept apart from parsing
// so that checking a config (and SIGHUP) never touches private keys.
#include <string>

#include "crypto/host_id_error.h"
#include "crypto/keyfile.h"
#include "daemon/config.h"

namespace hip::daemon {

base::Result<std::vector<engine::LocalIdentity>, ConfigError> load_identities(
    const DaemonSettings& settings) {
  std::vector<engine::LocalIdentity> identities;
  for (const IdentitySpec& spec : settings.identities) {
    auto error = [&spec](std::string message) {
      return base::unexpected(
          ConfigError{spec.where.file, spec.where.line, spec.where.column, std::move(message)});
    };
    auto loaded = crypto::load_host_key(spec.key_file);
    if (!loaded) return error("identity key file " + loaded.error().describe(spec.key_file));
    auto identity = engine::LocalIdentity::from_key(std::move(loaded->key), std::move(loaded->domain));
    if (!identity) {
      return error("identity key file " + spec.key_file + ": cannot serve as a Host Identity (" +
                   std::string(crypto::to_string(identity.error())) + ")");
    }
    for (const engine::LocalIdentity& seen : identities) {
      if (seen.hit == identity->hit) {
        return error("identity key file " + spec.key_file + " holds the same key (HIT " +
                     seen.hit.to_string() + ") as an earlier [[identity]]");
      }
    }
    identities.push_back(std::move(*identity));
  }
  return identities;
}

}  // namespace hip::daemon
