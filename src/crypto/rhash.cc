#include "crypto/rhash.h"

#include <array>

#include "crypto/evp.h"

namespace hip::crypto {

namespace {

constexpr std::array<Rhash, 3> kAll = {Rhash::sha256, Rhash::sha384, Rhash::sha1};

std::size_t slot(Rhash h) { return static_cast<std::size_t>(h) - 1; }

// Fetched on first use (thread-safe static initialisation) and kept for the
// life of the process; OpenSSL's fetched objects are safe to share read-only.
const std::array<MdPtr, 3>& digests() {
  static const std::array<MdPtr, 3> table = [] {
    std::array<MdPtr, 3> t;
    for (Rhash h : kAll) {
      t[slot(h)].reset(EVP_MD_fetch(nullptr, std::string(rhash_name(h)).c_str(), nullptr));
    }
    return t;
  }();
  return table;
}

}  // namespace

std::optional<Rhash> rhash_for_hit_suite(std::uint8_t oga_id) {
  switch (oga_id) {
    case 1: return Rhash::sha256;
    case 2: return Rhash::sha384;
    case 3: return Rhash::sha1;
    default: return std::nullopt;
  }
}

std::string_view rhash_name(Rhash h) {
  switch (h) {
    case Rhash::sha256: return "SHA2-256";
    case Rhash::sha384: return "SHA2-384";
    case Rhash::sha1: return "SHA1";
  }
  return "";
}

const EVP_MD* rhash_md(Rhash h) {
  const std::size_t i = slot(h);
  return i < 3 ? digests()[i].get() : nullptr;
}

EVP_MAC* hmac_algorithm() {
  static const MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  return mac.get();
}

EVP_KDF* hkdf_algorithm() {
  static const KdfPtr kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  return kdf.get();
}

}  // namespace hip::crypto
