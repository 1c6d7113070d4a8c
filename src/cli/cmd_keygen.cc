// hipctl keygen --algo ALGO --out FILE [--fqdn NAME] [--force]: creates a host
// key (Host Identity) and prints its HIT. The file is created with mode 0600
// (crypto/keyfile.h) and an existing file is kept unless --force.
// Exit codes: 0 done, 2 bad arguments or the file cannot be written.
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "crypto/hit.h"
#include "crypto/host_id.h"
#include "crypto/keyfile.h"

namespace hip::cli {
namespace {

struct AlgoChoice {
  crypto::KeyKind kind;
  unsigned rsa_bits;
};

const std::map<std::string, AlgoChoice>& algorithms() {
  static const std::map<std::string, AlgoChoice> table = {
      {"rsa2048", {crypto::KeyKind::rsa, 2048}},
      {"rsa3072", {crypto::KeyKind::rsa, 3072}},
      {"rsa4096", {crypto::KeyKind::rsa, 4096}},
      {"ecdsa-p256", {crypto::KeyKind::ecdsa_p256, 0}},
      {"ecdsa-p384", {crypto::KeyKind::ecdsa_p384, 0}},
      {"ecdsa-low", {crypto::KeyKind::ecdsa_secp160r1, 0}},
      {"ed25519", {crypto::KeyKind::ed25519, 0}},
      {"ed448", {crypto::KeyKind::ed448, 0}},
  };
  return table;
}

struct KeygenOptions {
  std::string algo;
  std::string out;
  std::string fqdn;
  bool force = false;
};

int run_keygen(const KeygenOptions& options, bool json) {
  const AlgoChoice choice = algorithms().at(options.algo);  // CLI11 checked the name
  crypto::DomainIdentifier domain;
  if (!options.fqdn.empty()) {
    auto di = crypto::fqdn_identifier(options.fqdn);
    if (!di) {
      std::cerr << "hipctl keygen: --fqdn " << options.fqdn << ": not a valid domain name\n";
      return kExitUsage;
    }
    domain = std::move(*di);
  }
  auto key = crypto::generate_private_key(choice.kind, choice.rsa_bits == 0 ? 2048 : choice.rsa_bits);
  if (!key) {
    std::cerr << "hipctl keygen: key generation failed: " << crypto::to_string(key.error()) << "\n";
    return kExitFailure;
  }
  const auto mode = options.force ? crypto::SaveMode::overwrite : crypto::SaveMode::create_new;
  auto saved = crypto::save_host_key(options.out, *key, domain, mode);
  if (!saved) {
    std::cerr << "hipctl keygen: " << saved.error().describe(options.out) << "\n";
    return kExitUsage;
  }
  auto identity = crypto::encode_host_identity(*key);
  auto hit = identity ? crypto::compute_hit(*identity)
                      : base::Result<base::Hit, crypto::IdentityError>(base::unexpected(identity.error()));
  if (!hit) {
    std::cerr << "hipctl keygen: " << options.out << ": " << crypto::to_string(hit.error()) << "\n";
    return kExitFailure;
  }
  if (json) {
    nlohmann::ordered_json doc = {{"file", options.out},
                                  {"algorithm", std::string(crypto::to_string(key->kind()))},
                                  {"hit", hit->to_string()}};
    std::cout << doc.dump(2) << "\n";
  } else {
    std::cout << "wrote " << options.out << " (" << crypto::to_string(key->kind()) << ")\nHIT "
              << hit->to_string() << "\n";
  }
  return kExitOk;
}

}  // namespace

void register_keygen(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<KeygenOptions>();
  CLI::App* cmd = app.add_subcommand("keygen", "Create a host key (Host Identity), mode 0600");
  std::vector<std::string> names;
  for (const auto& [name, choice] : algorithms()) names.push_back(name);
  cmd->add_option("--algo", options->algo, "Key algorithm")->required()->check(CLI::IsMember(names));
  cmd->add_option("--out", options->out, "Private key file to create (PEM)")->required();
  cmd->add_option("--fqdn", options->fqdn, "Domain Identifier (FQDN) to send in HOST_ID");
  cmd->add_flag("--force", options->force, "Replace an existing file");
  cmd->fallthrough();
  cmd->callback([options, &global, &exit_code] { exit_code = run_keygen(*options, global.json); });
}

}  // namespace hip::cli
