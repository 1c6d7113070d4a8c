// Host key files (crypto/keyfile.h): 0600 from creation, refused when group
// or others may access them, readable by `openssl pkey`, and clear typed
// errors for everything else.
#include "crypto/keyfile.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "crypto/host_id.h"
#include "crypto/host_id_test_util.h"

namespace hip::crypto {
namespace {

using testing::file_mode;
using testing::run;
using testing::shared_key;
using testing::TempDir;

HostIdentity identity_of(const PrivateKey& key) {
  auto hi = encode_host_identity(key);
  EXPECT_TRUE(hi);
  return *hi;
}

class KeyFileAllKinds : public ::testing::TestWithParam<KeyKind> {};

TEST_P(KeyFileAllKinds, SavedFileIs0600ReadableByOpensslAndLoadsBack) {
  TempDir dir;
  const std::string path = dir.file("host.key");
  const PrivateKey& key = shared_key(GetParam());
  ASSERT_TRUE(save_host_key(path, key, {}, SaveMode::create_new));
  EXPECT_EQ(file_mode(path), 0600u);
  auto r = run("openssl pkey -in " + path + " -noout");
  EXPECT_EQ(r.status, 0) << r.output;
  auto loaded = load_host_key(path);
  ASSERT_TRUE(loaded) << loaded.error().describe(path);
  EXPECT_EQ(loaded->key.kind(), GetParam());
  EXPECT_EQ(loaded->domain.type, DiType::none);
  EXPECT_EQ(identity_of(loaded->key), identity_of(key));
}

INSTANTIATE_TEST_SUITE_P(Kinds, KeyFileAllKinds, ::testing::ValuesIn(testing::kAllKinds),
                         [](const auto& p) { return testing::kind_name(p.param); });

TEST(KeyFile, DomainIdentifierLineSurvivesAndOpensslIgnoresIt) {
  TempDir dir;
  const std::string path = dir.file("host.key");
  auto di = fqdn_identifier("host.example.org");
  ASSERT_TRUE(di);
  ASSERT_TRUE(save_host_key(path, shared_key(KeyKind::ed25519), *di, SaveMode::create_new));
  auto r = run("openssl pkey -in " + path + " -noout");
  EXPECT_EQ(r.status, 0) << r.output;
  auto loaded = load_host_key(path);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->domain, *di);
}

TEST(KeyFile, CreateNewRefusesAnExistingFile) {
  TempDir dir;
  const std::string path = dir.file("host.key");
  testing::write_text(path, "precious");
  auto saved = save_host_key(path, shared_key(KeyKind::ed25519), {}, SaveMode::create_new);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, KeyFileError::already_exists);
  EXPECT_EQ(testing::read_file(path).size(), 8u);  // untouched
}

TEST(KeyFile, OverwriteReplacesWithAFresh0600File) {
  TempDir dir;
  const std::string path = dir.file("host.key");
  testing::write_text(path, "old");
  ::chmod(path.c_str(), 0644);
  ASSERT_TRUE(save_host_key(path, shared_key(KeyKind::ecdsa_p256), {}, SaveMode::overwrite));
  EXPECT_EQ(file_mode(path), 0600u);
  auto loaded = load_host_key(path);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->key.kind(), KeyKind::ecdsa_p256);
}

TEST(KeyFile, GroupOrWorldAccessIsRefused) {
  TempDir dir;
  const std::string path = dir.file("host.key");
  ASSERT_TRUE(save_host_key(path, shared_key(KeyKind::ed25519), {}, SaveMode::create_new));
  for (mode_t mode : {0644, 0640, 0604, 0660, 0602}) {
    ::chmod(path.c_str(), mode);
    auto loaded = load_host_key(path);
    ASSERT_FALSE(loaded) << std::oct << mode;
    EXPECT_EQ(loaded.error().code, KeyFileError::insecure_permissions);
    EXPECT_NE(loaded.error().describe(path).find(path), std::string::npos);
  }
  ::chmod(path.c_str(), 0400);
  EXPECT_TRUE(load_host_key(path));
}

TEST(KeyFile, MissingDirectoryGarbageAndEncryptedFilesGiveTypedErrors) {
  TempDir dir;
  EXPECT_EQ(load_host_key(dir.file("absent")).error().code, KeyFileError::not_found);
  ::chmod(dir.path().c_str(), 0700);
  EXPECT_EQ(load_host_key(dir.path()).error().code, KeyFileError::not_a_regular_file);

  const std::string garbage = dir.file("garbage");
  testing::write_text(garbage, "not a key\n");
  ::chmod(garbage.c_str(), 0600);
  EXPECT_EQ(load_host_key(garbage).error().code, KeyFileError::not_a_private_key);

  // An encrypted key must fail at once, never prompt for a passphrase.
  const std::string encrypted = dir.file("encrypted");
  auto r = run("openssl genpkey -algorithm ed25519 -aes256 -pass pass:secret -out " + encrypted +
               " && chmod 600 " + encrypted);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(load_host_key(encrypted).error().code, KeyFileError::not_a_private_key);
}

TEST(KeyFile, KeysFromTheOpensslCliLoadWithTheRightKind) {
  TempDir dir;
  struct Case {
    std::string args;
    KeyKind kind;
  };
  const Case cases[] = {
      {"-algorithm ed448", KeyKind::ed448},
      {"-algorithm EC -pkeyopt ec_paramgen_curve:P-384", KeyKind::ecdsa_p384},
      {"-algorithm EC -pkeyopt ec_paramgen_curve:secp160r1", KeyKind::ecdsa_secp160r1},
  };
  for (const auto& c : cases) {
    const std::string path = dir.file("cli.key");
    auto r = run("rm -f " + path + " && openssl genpkey " + c.args + " -out " + path + " && chmod 600 " + path);
    ASSERT_EQ(r.status, 0) << r.output;
    auto loaded = load_host_key(path);
    ASSERT_TRUE(loaded) << loaded.error().describe(path);
    EXPECT_EQ(loaded->key.kind(), c.kind) << c.args;
  }
}

TEST(KeyFile, UnsupportedKeysAreRefusedWithTheReason) {
  TempDir dir;
  const std::string cases[] = {
      "-algorithm RSA -pkeyopt rsa_keygen_bits:1024",
      "-algorithm X25519",
      "-algorithm EC -pkeyopt ec_paramgen_curve:brainpoolP256r1",
  };
  for (const auto& args : cases) {
    const std::string path = dir.file("other.key");
    auto r = run("rm -f " + path + " && openssl genpkey " + args + " -out " + path + " && chmod 600 " + path);
    ASSERT_EQ(r.status, 0) << r.output;
    auto loaded = load_host_key(path);
    ASSERT_FALSE(loaded) << args;
    EXPECT_EQ(loaded.error().code, KeyFileError::unsupported_key) << args;
  }
}

TEST(KeyFile, BadDomainIdentifierLineIsReported) {
  TempDir dir;
  const std::string path = dir.file("host.key");
  ASSERT_TRUE(save_host_key(path, shared_key(KeyKind::ed25519), {}, SaveMode::create_new));
  auto pem = testing::read_file(path);
  const std::string text = "HIP-Domain-Identifier: FQDN bad..name\n" + std::string(pem.begin(), pem.end());
  ASSERT_TRUE(save_host_key(path, shared_key(KeyKind::ed25519), {}, SaveMode::overwrite));
  testing::write_text(path, text);
  EXPECT_EQ(load_host_key(path).error().code, KeyFileError::bad_domain_identifier);
}

}  // namespace
}  // namespace hip::crypto
