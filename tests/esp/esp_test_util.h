// Shared test helpers for the ESP data plane: addresses, keys, inner packet
// builders, and a reference ESP implementation written directly against
// OpenSSL's one-shot APIs (EVP_Q_mac, a fresh EVP_CIPHER_CTX per call), with
// its own table of sizes taken from the RFCs. It shares no code with src/esp,
// so agreement between the two is evidence for both.
#pragma once

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "base/hit.h"
#include "base/ip_address.h"
#include "crypto/rng.h"
#include "esp/data_plane.h"

namespace hip::esp::test {

using Bytes = std::vector<std::uint8_t>;

inline base::Hit hit(const char* text) { return *base::Hit::parse(text); }
inline base::IpAddress ip(const char* text) { return *base::IpAddress::parse(text); }

inline const base::Hit kHitA = hit("2001:21:a1a1:a2a2:a3a3:a4a4:a5a5:a6a6");
inline const base::Hit kHitB = hit("2001:21:b1b1:b2b2:b3b3:b4b4:b5b5:b6b6");
inline const base::IpAddress kLsiA = ip("1.0.0.1");
inline const base::IpAddress kLsiB = ip("1.0.0.2");

inline Bytes pattern(std::size_t n, std::uint8_t seed) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 7);
  return b;
}

// Sizes per suite, from RFC 7402 §5.1.2, RFC 3602, RFC 2404, RFC 4868, RFC 4106,
// written here independently of src/esp/transform.cc.
struct RefSuite {
  std::uint16_t id;
  const char* cipher;  // nullptr for NULL encryption
  std::size_t key;     // cipher key bytes
  std::size_t salt;
  const char* digest;  // nullptr for GCM
  std::size_t auth_key;
  std::size_t iv;
  std::size_t icv;
  std::size_t align;
};

inline const RefSuite kRefSuites[] = {
    {1, "AES-128-CBC", 16, 0, "SHA1", 20, 16, 12, 16},
    {7, nullptr, 0, 0, "SHA256", 32, 0, 16, 4},
    {8, "AES-128-CBC", 16, 0, "SHA256", 32, 16, 16, 16},
    {9, "AES-256-CBC", 32, 0, "SHA256", 32, 16, 16, 16},
    {12, "AES-128-GCM", 16, 4, nullptr, 0, 8, 8, 4},
    {13, "AES-128-GCM", 16, 4, nullptr, 0, 8, 16, 4},
    {12, "AES-256-GCM", 32, 4, nullptr, 0, 8, 8, 4},
    {13, "AES-256-GCM", 32, 4, nullptr, 0, 8, 16, 4},
};

// "suite8_AES_128_CBC": usable as a GoogleTest parameter name.
inline std::string suite_label(const RefSuite& s) {
  std::string name = "suite" + std::to_string(s.id) + "_" + (s.cipher ? s.cipher : "NULL");
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

inline bool is_gcm(const RefSuite& s) { return s.digest == nullptr; }

struct RefKeys {
  Bytes enc;   // key (+ salt)
  Bytes auth;
};

inline RefKeys ref_keys(const RefSuite& s, std::uint8_t seed) {
  return {pattern(s.key + s.salt, seed), pattern(s.auth_key, static_cast<std::uint8_t>(seed + 100))};
}

inline Bytes ref_hmac(const RefSuite& s, const Bytes& key, const Bytes& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t out_len = 0;
  EXPECT_NE(EVP_Q_mac(nullptr, "HMAC", nullptr, s.digest, nullptr, key.data(), key.size(),
                      data.data(), data.size(), out, sizeof out, &out_len),
            nullptr);
  return Bytes(out, out + out_len);
}

inline void put32(Bytes& b, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// Builds an ESP packet (SPI..ICV) per RFC 4303 §2 with the given IV bytes.
inline Bytes ref_seal(const RefSuite& s, const RefKeys& k, std::uint32_t spi, std::uint64_t seq,
                      bool esn, const Bytes& payload, std::uint8_t next_header, const Bytes& iv,
                      std::size_t extra_pad = 0, bool zero_padding = false) {
  Bytes plain = payload;
  std::size_t pad = (s.align - (payload.size() + 2) % s.align) % s.align + extra_pad;
  for (std::size_t i = 1; i <= pad; ++i) plain.push_back(zero_padding ? 0 : static_cast<std::uint8_t>(i));
  plain.push_back(static_cast<std::uint8_t>(pad));
  plain.push_back(next_header);

  Bytes pkt;
  put32(pkt, spi);
  put32(pkt, static_cast<std::uint32_t>(seq));
  pkt.insert(pkt.end(), iv.begin(), iv.end());
  Bytes cipher_text(plain.size() + 16);
  int len = 0;
  int fin = 0;
  if (s.cipher == nullptr) {
    cipher_text = plain;
  } else {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, s.cipher, nullptr);
    if (is_gcm(s)) {
      Bytes nonce(k.enc.begin() + static_cast<long>(s.key), k.enc.end());
      nonce.insert(nonce.end(), iv.begin(), iv.end());
      EXPECT_EQ(EVP_EncryptInit_ex2(ctx, c, k.enc.data(), nonce.data(), nullptr), 1);
      Bytes aad;
      put32(aad, spi);
      if (esn) put32(aad, static_cast<std::uint32_t>(seq >> 32));
      put32(aad, static_cast<std::uint32_t>(seq));
      EXPECT_EQ(EVP_EncryptUpdate(ctx, nullptr, &len, aad.data(), static_cast<int>(aad.size())), 1);
    } else {
      EXPECT_EQ(EVP_EncryptInit_ex2(ctx, c, k.enc.data(), iv.data(), nullptr), 1);
      EVP_CIPHER_CTX_set_padding(ctx, 0);
    }
    EXPECT_EQ(EVP_EncryptUpdate(ctx, cipher_text.data(), &len, plain.data(), static_cast<int>(plain.size())), 1);
    EXPECT_EQ(EVP_EncryptFinal_ex(ctx, cipher_text.data() + len, &fin), 1);
    cipher_text.resize(static_cast<std::size_t>(len + fin));
    if (is_gcm(s)) {
      Bytes tag(16);
      EXPECT_EQ(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag.data()), 1);
      pkt.insert(pkt.end(), cipher_text.begin(), cipher_text.end());
      pkt.insert(pkt.end(), tag.begin(), tag.begin() + static_cast<long>(s.icv));
    }
    EVP_CIPHER_free(c);
    EVP_CIPHER_CTX_free(ctx);
    if (is_gcm(s)) return pkt;
  }
  pkt.insert(pkt.end(), cipher_text.begin(), cipher_text.end());
  Bytes covered = pkt;
  if (esn) put32(covered, static_cast<std::uint32_t>(seq >> 32));
  Bytes mac = ref_hmac(s, k.auth, covered);
  pkt.insert(pkt.end(), mac.begin(), mac.begin() + static_cast<long>(s.icv));
  return pkt;
}

struct RefOpened {
  std::uint32_t spi = 0;
  std::uint32_t seq_low = 0;
  Bytes iv;
  Bytes payload;
  std::size_t pad = 0;
  bool pad_bytes_ok = false;
  std::uint8_t next_header = 0;
  std::size_t body = 0;  // Payload + Padding + 2
};

// Verifies and decrypts an ESP packet; nullopt when the ICV does not verify.
inline std::optional<RefOpened> ref_open(const RefSuite& s, const RefKeys& k, const Bytes& pkt,
                                         std::uint64_t seq, bool esn) {
  if (pkt.size() < 8 + s.iv + s.icv + 2) return std::nullopt;
  RefOpened o;
  o.spi = (std::uint32_t{pkt[0]} << 24) | (std::uint32_t{pkt[1]} << 16) | (std::uint32_t{pkt[2]} << 8) | pkt[3];
  o.seq_low = (std::uint32_t{pkt[4]} << 24) | (std::uint32_t{pkt[5]} << 16) | (std::uint32_t{pkt[6]} << 8) | pkt[7];
  o.iv.assign(pkt.begin() + 8, pkt.begin() + 8 + static_cast<long>(s.iv));
  const Bytes body_ct(pkt.begin() + 8 + static_cast<long>(s.iv), pkt.end() - static_cast<long>(s.icv));
  const Bytes icv(pkt.end() - static_cast<long>(s.icv), pkt.end());
  Bytes plain(body_ct.size() + 16);
  int len = 0;
  int fin = 0;
  if (is_gcm(s)) {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, s.cipher, nullptr);
    Bytes nonce(k.enc.begin() + static_cast<long>(s.key), k.enc.end());
    nonce.insert(nonce.end(), o.iv.begin(), o.iv.end());
    EXPECT_EQ(EVP_DecryptInit_ex2(ctx, c, k.enc.data(), nonce.data(), nullptr), 1);
    Bytes aad;
    put32(aad, o.spi);
    if (esn) put32(aad, static_cast<std::uint32_t>(seq >> 32));
    put32(aad, o.seq_low);
    Bytes tag = icv;
    EXPECT_EQ(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag.size()), tag.data()), 1);
    EXPECT_EQ(EVP_DecryptUpdate(ctx, nullptr, &len, aad.data(), static_cast<int>(aad.size())), 1);
    EXPECT_EQ(EVP_DecryptUpdate(ctx, plain.data(), &len, body_ct.data(), static_cast<int>(body_ct.size())), 1);
    const bool ok = EVP_DecryptFinal_ex(ctx, plain.data() + len, &fin) == 1;
    EVP_CIPHER_free(c);
    EVP_CIPHER_CTX_free(ctx);
    if (!ok) return std::nullopt;
    plain.resize(static_cast<std::size_t>(len + fin));
  } else {
    Bytes covered(pkt.begin(), pkt.end() - static_cast<long>(s.icv));
    if (esn) put32(covered, static_cast<std::uint32_t>(seq >> 32));
    Bytes mac = ref_hmac(s, k.auth, covered);
    if (!std::equal(icv.begin(), icv.end(), mac.begin())) return std::nullopt;
    if (s.cipher == nullptr) {
      plain = body_ct;
    } else {
      EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
      EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, s.cipher, nullptr);
      EXPECT_EQ(EVP_DecryptInit_ex2(ctx, c, k.enc.data(), o.iv.data(), nullptr), 1);
      EVP_CIPHER_CTX_set_padding(ctx, 0);
      EXPECT_EQ(EVP_DecryptUpdate(ctx, plain.data(), &len, body_ct.data(), static_cast<int>(body_ct.size())), 1);
      EXPECT_EQ(EVP_DecryptFinal_ex(ctx, plain.data() + len, &fin), 1);
      plain.resize(static_cast<std::size_t>(len + fin));
      EVP_CIPHER_free(c);
      EVP_CIPHER_CTX_free(ctx);
    }
  }
  o.body = plain.size();
  o.next_header = plain.back();
  o.pad = plain[plain.size() - 2];
  if (o.pad + 2 > plain.size()) return std::nullopt;
  o.pad_bytes_ok = true;
  for (std::size_t i = 0; i < o.pad; ++i) {
    if (plain[plain.size() - 2 - o.pad + i] != i + 1) o.pad_bytes_ok = false;
  }
  o.payload.assign(plain.begin(), plain.end() - 2 - static_cast<long>(o.pad));
  return o;
}

// ---- inner packets -------------------------------------------------------

inline Bytes ipv6_packet(const base::Hit& src, const base::Hit& dst, std::uint8_t nh,
                         const Bytes& payload, std::uint8_t hop = 64, std::uint8_t tclass = 0) {
  Bytes p(40 + payload.size());
  p[0] = static_cast<std::uint8_t>(0x60 | (tclass >> 4));
  p[1] = static_cast<std::uint8_t>((tclass & 0x0f) << 4);
  p[4] = static_cast<std::uint8_t>(payload.size() >> 8);
  p[5] = static_cast<std::uint8_t>(payload.size());
  p[6] = nh;
  p[7] = hop;
  std::memcpy(&p[8], src.bytes.data(), 16);
  std::memcpy(&p[24], dst.bytes.data(), 16);
  std::copy(payload.begin(), payload.end(), p.begin() + 40);
  return p;
}

inline std::uint16_t ipv4_header_checksum(const std::uint8_t* h, std::size_t n) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < n; i += 2) sum += static_cast<std::uint32_t>((h[i] << 8) | h[i + 1]);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

inline Bytes ipv4_packet(const base::IpAddress& src, const base::IpAddress& dst, std::uint8_t proto,
                         const Bytes& payload, std::uint8_t ttl = 64, const Bytes& options = {}) {
  const std::size_t hl = 20 + options.size();
  Bytes p(hl + payload.size());
  p[0] = static_cast<std::uint8_t>(0x40 | (hl / 4));
  const std::size_t total = hl + payload.size();
  p[2] = static_cast<std::uint8_t>(total >> 8);
  p[3] = static_cast<std::uint8_t>(total);
  p[6] = 0x40;  // DF
  p[8] = ttl;
  p[9] = proto;
  std::memcpy(&p[12], src.bytes().data(), 4);
  std::memcpy(&p[16], dst.bytes().data(), 4);
  std::copy(options.begin(), options.end(), p.begin() + 20);
  const std::uint16_t c = ipv4_header_checksum(p.data(), hl);
  p[10] = static_cast<std::uint8_t>(c >> 8);
  p[11] = static_cast<std::uint8_t>(c);
  std::copy(payload.begin(), payload.end(), p.begin() + static_cast<long>(hl));
  return p;
}

// A buffer holding `packet` at kEspHeadroom with kEspTailroom behind it.
struct Slot {
  Bytes storage;
  PacketBuffer pb;
  explicit Slot(const Bytes& packet, std::size_t headroom = kEspHeadroom,
                std::size_t tailroom = kEspTailroom)
      : storage(headroom + packet.size() + tailroom, 0xee) {
    std::copy(packet.begin(), packet.end(), storage.begin() + static_cast<long>(headroom));
    pb = PacketBuffer{storage, headroom, packet.size()};
  }
  Bytes bytes(std::size_t offset, std::size_t length) const {
    return Bytes(storage.begin() + static_cast<long>(offset),
                 storage.begin() + static_cast<long>(offset + length));
  }
};

// SaConfig for host A <-> host B, keys from a RefSuite.
inline SaConfig sa_config(const RefSuite& s, const RefKeys& k, Direction dir, std::uint32_t spi,
                          bool esn, bool lsis = false) {
  SaConfig c;
  c.direction = dir;
  c.spi = spi;
  c.suite = s.id;
  c.enc_key = k.enc;
  c.auth_key = k.auth;
  c.own_hit = kHitA;
  c.peer_hit = kHitB;
  if (lsis) {
    c.own_lsi = kLsiA;
    c.peer_lsi = kLsiB;
  }
  c.outer.local = ip("2001:db8::a");
  c.outer.remote = ip("2001:db8::b");
  c.esn = esn;
  return c;
}

inline Time at(int seconds) { return Time{} + std::chrono::seconds(seconds); }

}  // namespace hip::esp::test
