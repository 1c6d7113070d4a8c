// Handling of secret bytes: comparison in constant time and buffers that are
// wiped when they go away. Every MAC or key comparison in hipstack goes through
// equal_ct, so timing never tells an attacker how many leading bytes matched.
#pragma once

#include <openssl/crypto.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace hip::crypto {

// True when both spans hold the same bytes. The time taken depends on the
// lengths only (lengths are not secret: they follow from the algorithm).
inline bool equal_ct(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Owned secret bytes (shared secrets, KEYMAT, session keys), zeroed with
// OPENSSL_cleanse when destroyed or overwritten, so copies do not linger on the
// heap. Move-only: a secret is never duplicated by accident.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t size) : bytes_(size) {}
  explicit SecretBytes(std::span<const std::uint8_t> from) : bytes_(from.begin(), from.end()) {}
  SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {}
  SecretBytes& operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
      wipe();
      bytes_ = std::move(other.bytes_);
    }
    return *this;
  }
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes() { wipe(); }

  std::span<std::uint8_t> span() { return bytes_; }
  std::span<const std::uint8_t> span() const { return bytes_; }
  std::uint8_t* data() { return bytes_.data(); }
  const std::uint8_t* data() const { return bytes_.data(); }
  std::size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }

  // Grows or shrinks, wiping whatever is dropped or moved by reallocation.
  void resize(std::size_t size) {
    if (size <= bytes_.capacity()) {
      if (size < bytes_.size()) OPENSSL_cleanse(bytes_.data() + size, bytes_.size() - size);
      bytes_.resize(size);
      return;
    }
    std::vector<std::uint8_t> bigger(size);
    std::copy(bytes_.begin(), bytes_.end(), bigger.begin());
    wipe();
    bytes_ = std::move(bigger);
  }

 private:
  void wipe() {
    if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
  }
  std::vector<std::uint8_t> bytes_;
};

}  // namespace hip::crypto
