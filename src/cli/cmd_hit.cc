// hipctl hit FILE: prints the HIT, HI algorithm and HIT suite of a host key
// file (and its Domain Identifier if it has one). Exit codes: 0 done, 2 the
// file is missing, has unsafe permissions, or holds no usable key; the message
// names the file and the reason.
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "crypto/hit.h"
#include "crypto/host_id.h"
#include "crypto/keyfile.h"

namespace hip::cli {
namespace {

int run_hit(const std::string& path, bool json) {
  auto loaded = crypto::load_host_key(path);
  if (!loaded) {
    std::cerr << "hipctl hit: " << loaded.error().describe(path) << "\n";
    return kExitUsage;
  }
  const crypto::PrivateKey& key = loaded->key;
  auto identity = crypto::encode_host_identity(key);
  if (!identity) {
    std::cerr << "hipctl hit: " << path << ": " << crypto::to_string(identity.error()) << "\n";
    return kExitUsage;
  }
  auto hit = crypto::compute_hit(*identity);
  const auto suite = crypto::hit_suite_for(identity->algorithm);
  if (!hit || !suite) {
    std::cerr << "hipctl hit: " << path << ": cannot compute the HIT\n";
    return kExitUsage;
  }
  const std::string domain =
      crypto::domain_identifier_text(loaded->domain.type, loaded->domain.bytes);
  if (json) {
    nlohmann::ordered_json doc = {
        {"file", path},
        {"hit", hit->to_string()},
        {"algorithm", std::string(crypto::to_string(identity->algorithm))},
        {"algorithm_id", static_cast<unsigned>(identity->algorithm)},
        {"key", std::string(crypto::to_string(key.kind()))},
        {"bits", key.bits()},
        {"hit_suite", std::string(crypto::to_string(*suite))},
        {"hit_suite_id", static_cast<unsigned>(*suite)},
    };
    if (loaded->domain.type != crypto::DiType::none) {
      doc["domain_identifier"] = {{"type", std::string(crypto::to_string(loaded->domain.type))},
                                  {"value", domain}};
    }
    std::cout << doc.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "HIT        " << hit->to_string() << "\n"
            << "algorithm  " << crypto::to_string(identity->algorithm) << " ("
            << static_cast<unsigned>(identity->algorithm) << "), " << crypto::to_string(key.kind())
            << ", " << key.bits() << " bits\n"
            << "HIT suite  " << crypto::to_string(*suite) << " (" << static_cast<unsigned>(*suite)
            << ")\n";
  if (loaded->domain.type != crypto::DiType::none) {
    std::cout << "domain     " << crypto::to_string(loaded->domain.type) << " " << domain << "\n";
  }
  return kExitOk;
}

}  // namespace

void register_hit(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("hit", "Show the HIT of a host key file");
  cmd->add_option("FILE", *path, "Host key file (PEM)")->required();
  cmd->fallthrough();
  cmd->callback([path, &global, &exit_code] { exit_code = run_hit(*path, global.json); });
}

}  // namespace hip::cli
