// The hosts file, the peer table, SIGHUP reloads and loading the identities.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "crypto/hit.h"
#include "crypto/host_id.h"
#include "crypto/keyfile.h"
#include "daemon/config.h"
#include "daemon/temp_dir.h"

namespace hip::daemon {
namespace {

const std::string kHitA = "2001:22:51b8:2f4c:9a2b:6d1e:3c70:41f5";
const std::string kHitB = "2001:21:7d10:aa4e:2c4b:1f9e:88b3:c2d0";
const std::string kHitC = "2001:25:1:2:3:4:5:6";

base::Hit hit(const std::string& text) { return *base::Hit::parse(text); }

TEST(HostsFile, ReadsEntriesCommentsAndUdp) {
  const std::string text = "# peers of the lab\n"
                           "\n" +
                           kHitA + "  192.0.2.7 2001:db8::7   # two locators\n" +
                           "\t" + kHitB + "\t198.51.100.20 udp\n";
  PeerTable table;
  auto parsed = parse_hosts(text, "hosts", table);
  ASSERT_TRUE(parsed) << parsed.error().describe();
  ASSERT_EQ(table.size(), 2u);
  const PeerEntry* a = table.find(hit(kHitA));
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->locators.size(), 2u);
  EXPECT_EQ(a->locators[1].to_string(), "2001:db8::7");
  EXPECT_FALSE(a->udp);
  EXPECT_EQ(a->origin.describe(), "hosts:3:1");
  const PeerEntry* b = table.find(hit(kHitB));
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(b->udp);
  EXPECT_EQ(b->origin.line, 4);
}

TEST(HostsFile, ErrorsNameLineAndColumn) {
  struct Case {
    std::string text;
    int line;
    int column;
    const char* words;
  };
  const Case cases[] = {
      {"# c\n2001:db8::1 192.0.2.1\n", 2, 1, "outside the ORCHIDv2 prefix"},
      {kHitA + " 192.0.2.1 " + kHitB + "\n", 1, static_cast<int>(kHitA.size()) + 12, "is a HIT"},
      {kHitA + " udp 192.0.2.1\n", 1, static_cast<int>(kHitA.size()) + 2, "'udp' must be the last"},
      {"\n\n" + kHitA + "\n", 3, 1, "has no locator"},
      {kHitA + " 192.0.2.1\n" + kHitA + " 192.0.2.2\n", 2, 1, "already listed at hosts:1"},
      {kHitA + " 192.0.2.one\n", 1, static_cast<int>(kHitA.size()) + 2, "not an IPv4 or IPv6"},
  };
  for (const Case& c : cases) {
    PeerTable table;
    auto parsed = parse_hosts(c.text, "hosts", table);
    ASSERT_FALSE(parsed) << c.text;
    const ConfigError& e = parsed.error();
    EXPECT_EQ(e.file, "hosts");
    EXPECT_EQ(e.line, c.line) << e.describe();
    EXPECT_EQ(e.column, c.column) << e.describe();
    EXPECT_NE(e.message.find(c.words), std::string::npos) << e.describe();
  }
}

TEST(PeerTable, MapsLocatorsBackToHitsUnlessAmbiguous) {
  PeerTable table;
  PeerEntry a{hit(kHitA), {*base::IpAddress::parse("192.0.2.7"), *base::IpAddress::parse("2001:db8::7")}, false, {}};
  PeerEntry b{hit(kHitB), {*base::IpAddress::parse("198.51.100.1")}, false, {}};
  PeerEntry c{hit(kHitC), {*base::IpAddress::parse("198.51.100.1")}, false, {}};  // shares b's address
  EXPECT_EQ(table.add(a), nullptr);
  EXPECT_EQ(table.add(b), nullptr);
  EXPECT_EQ(table.add(c), nullptr);
  EXPECT_EQ(table.hit_at(*base::IpAddress::parse("2001:db8::7")), hit(kHitA));
  EXPECT_EQ(table.hit_at(*base::IpAddress::parse("192.0.2.7")), hit(kHitA));
  EXPECT_FALSE(table.hit_at(*base::IpAddress::parse("198.51.100.1")));  // two peers: no hint
  EXPECT_FALSE(table.hit_at(*base::IpAddress::parse("203.0.113.1")));
  // A duplicate changes nothing and names the entry in the way.
  PeerEntry again{hit(kHitA), {*base::IpAddress::parse("203.0.113.1")}, false, {}};
  const PeerEntry* existing = table.add(again);
  ASSERT_NE(existing, nullptr);
  EXPECT_EQ(existing->locators[0].to_string(), "192.0.2.7");
  EXPECT_EQ(table.size(), 3u);
  EXPECT_FALSE(table.hit_at(*base::IpAddress::parse("203.0.113.1")));
}

TEST(PeerTable, AssignsDistinctLsis) {
  PeerTable table;
  for (const std::string& h : {kHitA, kHitB, kHitC}) {
    EXPECT_EQ(table.add({hit(h), {*base::IpAddress::parse("192.0.2.1")}, false, {}}), nullptr);
  }
  auto a = table.lsi(hit(kHitA));
  auto b = table.lsi(hit(kHitB));
  auto c = table.lsi(hit(kHitC));
  ASSERT_TRUE(a && b && c);
  EXPECT_TRUE(crypto::is_lsi(*a));
  EXPECT_NE(*a, *b);
  EXPECT_NE(*b, *c);
  EXPECT_NE(*a, *c);
}

class ReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("host.key", "x");
    dir_.write("hosts", kHitB + " 198.51.100.20\n");
    config_ = dir_.write("hipd.toml", "[[identity]]\nkey_file = \"host.key\"\n[daemon]\nhosts_file = \"hosts\"\n"
                                      "[[peer]]\nhit = \"" + kHitA + "\"\nlocators = [\"192.0.2.7\"]\n");
  }
  test::TempDir dir_;
  std::string config_;
};

TEST_F(ReloadTest, HostsFileEntriesFollowTheConfigPeers) {
  auto config = load_config(config_);
  ASSERT_TRUE(config) << config.error().describe();
  ASSERT_EQ(config->peers.size(), 2u);
  EXPECT_EQ(config->peers.entries()[0].hit, hit(kHitA));
  EXPECT_EQ(config->peers.entries()[1].hit, hit(kHitB));
  EXPECT_EQ(config->peers.entries()[1].origin.file, dir_.file("hosts"));
}

TEST_F(ReloadTest, ReloadReadsTheNewPeersAndAnErrorLeavesTheOldTable) {
  auto config = load_config(config_);
  ASSERT_TRUE(config);
  PeerTable current = std::move(config->peers);

  dir_.write("hosts", kHitB + " 198.51.100.21\n" + kHitC + " 203.0.113.5 udp\n");
  auto broken = reload_peers(config_);  // kHitC wants UDP, which is off
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().file, dir_.file("hosts"));
  EXPECT_EQ(broken.error().line, 2);

  dir_.write("hosts", kHitB + " 198.51.100.21\n" + kHitC + " 203.0.113.5\n");
  auto reloaded = reload_peers(config_);
  ASSERT_TRUE(reloaded) << reloaded.error().describe();
  // The driver swaps tables only on success: until then `current` is intact.
  EXPECT_EQ(current.size(), 2u);
  EXPECT_EQ(current.find(hit(kHitB))->locators[0].to_string(), "198.51.100.20");
  current = std::move(*reloaded);
  EXPECT_EQ(current.size(), 3u);
  EXPECT_EQ(current.find(hit(kHitB))->locators[0].to_string(), "198.51.100.21");

  // A duplicate across the two files points at the config's entry.
  dir_.write("hosts", kHitA + " 198.51.100.9\n");
  auto duplicate = reload_peers(config_);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().file, dir_.file("hosts"));
  EXPECT_NE(duplicate.error().message.find("already listed at " + config_ + ":5"), std::string::npos)
      << duplicate.error().describe();
}

TEST_F(ReloadTest, MissingHostsFileIsReportedAtTheConfigLine) {
  std::remove(dir_.file("hosts").c_str());
  auto config = load_config(config_);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().file, config_);
  EXPECT_EQ(config.error().line, 4);
  EXPECT_NE(config.error().message.find("not found"), std::string::npos) << config.error().describe();
}

TEST(Identities, LoadsKeysAndNamesTheConfigLineOnError) {
  test::TempDir dir;
  auto key = crypto::generate_private_key(crypto::KeyKind::ecdsa_p256);
  ASSERT_TRUE(key);
  const std::string key_path = dir.file("host.key");
  ASSERT_TRUE(crypto::save_host_key(key_path, *key, {}, crypto::SaveMode::create_new));
  const std::string config_path =
      dir.write("hipd.toml", "# hipd\n[[identity]]\nkey_file = \"host.key\"\n");
  auto config = load_config(config_path);
  ASSERT_TRUE(config) << config.error().describe();

  auto identities = load_identities(config->daemon);
  ASSERT_TRUE(identities) << identities.error().describe();
  ASSERT_EQ(identities->size(), 1u);
  auto expected = crypto::compute_hit(*crypto::encode_host_identity(*key));
  ASSERT_TRUE(expected);
  EXPECT_EQ((*identities)[0].hit, *expected);

  // A key others can read is refused (crypto/keyfile.h), at the config line.
  ASSERT_EQ(chmod(key_path.c_str(), 0644), 0);
  auto refused = load_identities(config->daemon);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().file, config_path);
  EXPECT_EQ(refused.error().line, 3);
  EXPECT_NE(refused.error().message.find(key_path), std::string::npos) << refused.error().describe();
}

}  // namespace
}  // namespace hip::daemon
