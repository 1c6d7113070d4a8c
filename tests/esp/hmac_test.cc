// The ICV's HMAC (src/esp/hmac.h) against published vectors (RFC 4231 §4.3 and
// §4.7 for SHA-256, RFC 2202 §3 for SHA-1; each also checked with
// `openssl dgst -mac HMAC`) and against EVP_MAC over many key and message
// lengths, including keys longer than the block and split updates.
#include "esp/hmac.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <string>
#include <vector>

#include "base/bytes.h"

namespace hip::esp {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes of(const std::string& s) { return Bytes(s.begin(), s.end()); }

std::string mac_hex(MacKind kind, const Bytes& key, const Bytes& msg) {
  Hmac h;
  EXPECT_TRUE(h.init(kind, key));
  std::uint8_t out[Hmac::kMaxDigestBytes];
  h.begin();
  h.update(msg.data(), msg.size());
  h.finish(out);
  return base::to_hex({out, h.digest_bytes()});
}

TEST(Hmac, PublishedVectors) {
  EXPECT_EQ(mac_hex(MacKind::hmac_sha256, of("Jefe"), of("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(mac_hex(MacKind::hmac_sha1, of("Jefe"), of("what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(mac_hex(MacKind::hmac_sha256, Bytes(131, 0xaa),
                    of("Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Hmac, AgreesWithEvpMacAndIsReusable) {
  for (MacKind kind : {MacKind::hmac_sha1, MacKind::hmac_sha256}) {
    const char* digest = kind == MacKind::hmac_sha1 ? "SHA1" : "SHA256";
    for (std::size_t key_len : {1u, 20u, 32u, 64u, 65u, 100u}) {
      Bytes key(key_len);
      for (std::size_t i = 0; i < key_len; ++i) key[i] = static_cast<std::uint8_t>(i * 13 + 1);
      Hmac h;
      ASSERT_TRUE(h.init(kind, key));
      for (std::size_t msg_len : {0u, 1u, 55u, 56u, 64u, 1500u}) {  // reused for every message
        Bytes msg(msg_len);
        for (std::size_t i = 0; i < msg_len; ++i) msg[i] = static_cast<std::uint8_t>(i ^ key_len);
        unsigned char want[EVP_MAX_MD_SIZE];
        size_t want_len = 0;
        ASSERT_NE(EVP_Q_mac(nullptr, "HMAC", nullptr, digest, nullptr, key.data(), key.size(),
                            msg.data(), msg.size(), want, sizeof want, &want_len),
                  nullptr);
        std::uint8_t got[Hmac::kMaxDigestBytes];
        h.begin();
        h.update(msg.data(), msg.size() / 3);  // split updates
        h.update(msg.data() + msg.size() / 3, msg.size() - msg.size() / 3);
        h.finish(got);
        ASSERT_EQ(h.digest_bytes(), want_len);
        EXPECT_EQ(Bytes(got, got + want_len), Bytes(want, want + want_len))
            << digest << " key " << key_len << " msg " << msg_len;
      }
    }
  }
}

TEST(Hmac, NoneIsRefused) {
  Hmac h;
  EXPECT_FALSE(h.init(MacKind::none, Bytes(32, 1)));
}

}  // namespace
}  // namespace hip::esp
