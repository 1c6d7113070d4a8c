// Durations, algorithm names and locator checks, as table-driven cases.
#include <gtest/gtest.h>

#include <string>

#include "daemon/config_values.h"
#include "wire/names.h"

namespace hip::daemon {
namespace {

using namespace std::chrono_literals;

TEST(Duration, ParsesUnitsAndCombinations) {
  struct Case {
    const char* text;
    base::Duration expected;
  };
  const Case cases[] = {
      {"2s", 2s},       {"15m", 15min},     {"500ms", 500ms}, {"1h", 1h},
      {"1h30m", 90min}, {"1m30s", 90s},     {"2d", 48h},      {"0s", 0s},
      {"1s500ms", 1500ms}, {"365d", 24h * 365},
  };
  for (const Case& c : cases) {
    auto d = parse_duration(c.text);
    ASSERT_TRUE(d) << c.text << ": " << d.error();
    EXPECT_EQ(*d, c.expected) << c.text;
  }
}

TEST(Duration, RefusesWhatIsNotADuration) {
  for (const char* text : {"", "15", "m", "1x", "-1s", "1.5s", " 1s", "1s ", "1 s", "s1", "366d",
                           "99999999999999h", "1mm"}) {
    EXPECT_FALSE(parse_duration(text)) << "accepted \"" << text << "\"";
  }
}

TEST(Duration, FormatsCompactlyAndRoundTrips) {
  EXPECT_EQ(format_duration(0s), "0s");
  EXPECT_EQ(format_duration(500ms), "500ms");
  EXPECT_EQ(format_duration(90min), "1h30m");
  EXPECT_EQ(format_duration(15min), "15m");
  EXPECT_EQ(format_duration(24h + 2s), "1d2s");
  for (base::Duration d : {base::Duration(1s), base::Duration(1500ms), base::Duration(2min),
                           base::Duration(3h + 4min + 5s + 6ms)}) {
    auto back = parse_duration(format_duration(d));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, d);
  }
}

// The numbers are those of the RFC tables; the wire/ name table (written
// separately for the packet inspector) must agree on what each number is.
TEST(AlgorithmNames, DhGroupsFollowRfc7401) {
  struct Case {
    const char* name;
    std::uint8_t id;
    const char* rfc_name;
  };
  const Case cases[] = {
      {"p256", 7, "NIST P-256"},      {"P-256", 7, "NIST P-256"},   {"NIST_P256", 7, "NIST P-256"},
      {"p384", 8, "NIST P-384"},      {"p521", 9, "NIST P-521"},    {"modp1536", 3, "1536-bit MODP"},
      {"MODP-2048", 11, "2048-bit MODP"}, {"modp3072", 4, "3072-bit MODP"},
      {"secp160r1", 10, "SECP160R1"},
  };
  for (const Case& c : cases) {
    auto id = dh_group_from_name(c.name);
    ASSERT_TRUE(id) << c.name;
    EXPECT_EQ(*id, c.id) << c.name;
    EXPECT_EQ(wire::dh_group_name(*id), c.rfc_name) << c.name;
  }
  EXPECT_FALSE(dh_group_from_name("p257"));
  EXPECT_FALSE(dh_group_from_name(""));
  EXPECT_EQ(dh_group_short_name(7), "p256");
}

TEST(AlgorithmNames, HipCiphersFollowRfc7401) {
  EXPECT_EQ(hip_cipher_from_name("aes-128-cbc"), std::uint16_t{2});
  EXPECT_EQ(hip_cipher_from_name("AES_256_CBC"), std::uint16_t{4});
  EXPECT_EQ(hip_cipher_from_name("null"), std::uint16_t{1});
  EXPECT_EQ(wire::hip_cipher_name(2), "AES-128-CBC");
  EXPECT_EQ(wire::hip_cipher_name(4), "AES-256-CBC");
  EXPECT_FALSE(hip_cipher_from_name("aes-192-cbc"));
}

TEST(AlgorithmNames, EspTransformsFollowRfc7402) {
  struct Case {
    const char* name;
    std::uint16_t id;
    const char* rfc_name;
  };
  const Case cases[] = {
      {"aes-128-gcm", 13, "AES-GCM with a 16 octet ICV"},
      {"aes-gcm", 13, "AES-GCM with a 16 octet ICV"},
      {"aes-gcm-16", 13, "AES-GCM with a 16 octet ICV"},
      {"aes-128-gcm-8", 12, "AES-GCM with an 8 octet ICV"},
      {"aes-256-cbc-sha256", 9, "AES-256-CBC with HMAC-SHA-256"},
      {"aes-128-cbc-sha256", 8, "AES-128-CBC with HMAC-SHA-256"},
      {"null-sha256", 7, "NULL with HMAC-SHA-256"},
      {"aes-128-cbc-sha1", 1, "AES-128-CBC with HMAC-SHA1"},
  };
  for (const Case& c : cases) {
    auto id = esp_transform_from_name(c.name);
    ASSERT_TRUE(id) << c.name;
    EXPECT_EQ(*id, c.id) << c.name;
    EXPECT_EQ(wire::esp_suite_name(*id), c.rfc_name) << c.name;
  }
  EXPECT_EQ(esp_transform_short_name(13), "aes-128-gcm");
  EXPECT_TRUE(esp_transform_short_name(10).empty());
  EXPECT_FALSE(esp_transform_from_name("aes-ccm"));
}

TEST(AlgorithmNames, ListsNameEachAlgorithmOnce) {
  EXPECT_EQ(esp_transform_names(),
            "aes-128-cbc-sha1, null-sha256, aes-128-cbc-sha256, aes-256-cbc-sha256, "
            "aes-128-gcm-8, aes-128-gcm");
  EXPECT_EQ(hip_cipher_names(), "null, aes-128-cbc, aes-256-cbc");
}

TEST(Locators, AcceptUnicastAddresses) {
  for (const char* text : {"192.0.2.1", "2001:db8::1", "127.0.0.1", "::1", "fe80::1", "10.1.2.3"}) {
    auto l = parse_locator(text);
    EXPECT_TRUE(l) << text << ": " << (l ? "" : l.error());
  }
  auto mapped = parse_locator("::ffff:192.0.2.9");
  ASSERT_TRUE(mapped);
  EXPECT_TRUE(mapped->is_v4());
}

TEST(Locators, RefuseWhatCannotBeALocator) {
  struct Case {
    const char* text;
    const char* why;
  };
  const Case cases[] = {
      {"2001:20::1", "is a HIT"},
      {"2001:2f:ffff::1", "is a HIT"},
      {"1.0.0.1", "is an LSI"},
      {"0.0.0.0", "unspecified"},
      {"::", "unspecified"},
      {"224.0.0.1", "multicast"},
      {"ff02::1", "multicast"},
      {"255.255.255.255", "broadcast"},
      {"example.org", "not an IPv4 or IPv6 address"},
      {"192.0.2.1/24", "not an IPv4 or IPv6 address"},
  };
  for (const Case& c : cases) {
    auto l = parse_locator(c.text);
    ASSERT_FALSE(l) << c.text;
    EXPECT_NE(l.error().find(c.why), std::string::npos) << c.text << ": " << l.error();
  }
}

TEST(Hits, OnlyOrchidV2) {
  EXPECT_TRUE(parse_hit("2001:20::1"));
  EXPECT_TRUE(parse_hit("2001:2f:ffff:ffff:ffff:ffff:ffff:ffff"));
  EXPECT_FALSE(parse_hit("2001:30::1"));   // just past 2001:20::/28
  EXPECT_FALSE(parse_hit("2001:10::1"));   // ORCHIDv1 (RFC 4843), not HIPv2
  EXPECT_FALSE(parse_hit("192.0.2.1"));
  EXPECT_FALSE(parse_hit("hello"));
}

TEST(LogLevels, NamesBothWays) {
  for (const char* name : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
    auto level = log_level_from_name(name);
    ASSERT_TRUE(level) << name;
    EXPECT_EQ(to_string(*level), name);
  }
  EXPECT_FALSE(log_level_from_name("INFO"));
}

}  // namespace
}  // namespace hip::daemon
