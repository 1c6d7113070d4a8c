// Helpers shared by the identity tests: temporary directories, running the
// `openssl` command-line tool (the independent reference), hex.
#pragma once

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <deque>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <openssl/pem.h>

#include "crypto/host_id_key.h"

namespace hip::crypto::testing {

using ByteVector = std::vector<std::uint8_t>;

// A fresh directory removed (recursively) at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string templ = "/tmp/hipstack-id-XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = templ;
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct CommandResult {
  int status = -1;
  std::string output;  // stdout and stderr
};

inline CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) result.output.append(buf.data(), n);
  const int raw = ::pclose(pipe);
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return result;
}

inline void write_file(const std::string& path, const ByteVector& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline ByteVector read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return ByteVector(std::istreambuf_iterator<char>(in), {});
}

inline ByteVector from_hex(const std::string& hex) {
  ByteVector out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

inline unsigned file_mode(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return 0xffff;
  return static_cast<unsigned>(st.st_mode & 07777);
}

// One key per kind for the whole test binary: RSA generation is slow, so it
// happens once (2048 bits).
inline const PrivateKey& shared_key(KeyKind kind) {
  static std::deque<std::pair<KeyKind, PrivateKey>> keys;  // stable references
  for (const auto& [k, key] : keys) {
    if (k == kind) return key;
  }
  auto generated = generate_private_key(kind, 2048);
  if (!generated) throw std::runtime_error("key generation failed");
  keys.emplace_back(kind, std::move(*generated));
  return keys.back().second;
}

inline constexpr KeyKind kAllKinds[] = {KeyKind::rsa,        KeyKind::ecdsa_p256,
                                        KeyKind::ecdsa_p384, KeyKind::ecdsa_secp160r1,
                                        KeyKind::ed25519,    KeyKind::ed448};

inline std::string kind_name(KeyKind kind) {
  switch (kind) {
    case KeyKind::rsa: return "rsa";
    case KeyKind::ecdsa_p256: return "p256";
    case KeyKind::ecdsa_p384: return "p384";
    case KeyKind::ecdsa_secp160r1: return "secp160r1";
    case KeyKind::ed25519: return "ed25519";
    case KeyKind::ed448: return "ed448";
  }
  return "unknown";
}

// PEM files written with OpenSSL directly (not through crypto/keyfile).
inline void write_private_pem(const std::string& path, const PrivateKey& key) {
  FILE* f = std::fopen(path.c_str(), "w");
  PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  ::chmod(path.c_str(), 0600);
}

inline void write_public_pem(const std::string& path, EVP_PKEY* key) {
  FILE* f = std::fopen(path.c_str(), "w");
  PEM_write_PUBKEY(f, key);
  std::fclose(f);
}

}  // namespace hip::crypto::testing
