// `hipctl keygen` and `hipctl hit` end to end: exit codes, messages that name
// the file and the reason, 0600 files, --force, --json.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crypto/host_id_test_util.h"

namespace hip::crypto {
namespace {

using testing::run;
using testing::TempDir;

const std::string kHipctl = HIP_BINARY_DIR "/src/cli/hipctl";

class HipctlKeys : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access(kHipctl.c_str(), X_OK) != 0) GTEST_SKIP() << kHipctl << " not built";
  }
  TempDir dir_;
};

TEST_F(HipctlKeys, KeygenThenHitForEveryAlgorithm) {
  const std::pair<std::string, std::string> cases[] = {
      {"rsa2048", "RSA,DSA/SHA-256"},  {"ecdsa-p256", "ECDSA/SHA-384"},
      {"ecdsa-p384", "ECDSA/SHA-384"}, {"ecdsa-low", "ECDSA_LOW/SHA-1"},
      {"ed25519", "EdDSA/cSHAKE128"},  {"ed448", "EdDSA/cSHAKE128"},
  };
  for (const auto& [algo, suite] : cases) {
    const std::string file = dir_.file(algo + ".key");
    auto gen = run(kHipctl + " --json keygen --algo " + algo + " --out " + file);
    ASSERT_EQ(gen.status, 0) << gen.output;
    EXPECT_EQ(testing::file_mode(file), 0600u) << algo;
    const auto generated = nlohmann::json::parse(gen.output);

    auto shown = run(kHipctl + " hit --json " + file);
    ASSERT_EQ(shown.status, 0) << shown.output;
    const auto doc = nlohmann::json::parse(shown.output);
    EXPECT_EQ(doc["hit"], generated["hit"]) << algo;
    EXPECT_EQ(doc["hit_suite"], suite) << algo;
    EXPECT_EQ(run("openssl pkey -noout -in " + file).status, 0) << algo;
  }
}

TEST_F(HipctlKeys, PlainOutputAndDomainIdentifier) {
  const std::string file = dir_.file("host.key");
  ASSERT_EQ(run(kHipctl + " keygen --algo ed25519 --fqdn host.example.org --out " + file).status, 0);
  auto shown = run(kHipctl + " hit " + file);
  ASSERT_EQ(shown.status, 0) << shown.output;
  EXPECT_NE(shown.output.find("HIT        2001:25:"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("EdDSA/cSHAKE128 (5)"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("FQDN host.example.org"), std::string::npos) << shown.output;
}

TEST_F(HipctlKeys, KeygenRefusesToOverwriteWithoutForce) {
  const std::string file = dir_.file("host.key");
  ASSERT_EQ(run(kHipctl + " --json keygen --algo ed25519 --out " + file).status, 0);
  const auto before = run(kHipctl + " --json hit " + file).output;
  auto again = run(kHipctl + " keygen --algo ed25519 --out " + file);
  EXPECT_EQ(again.status, 2);
  EXPECT_NE(again.output.find(file), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("--force"), std::string::npos) << again.output;
  EXPECT_EQ(run(kHipctl + " --json hit " + file).output, before);
  EXPECT_EQ(run(kHipctl + " keygen --algo ed25519 --force --out " + file).status, 0);
  EXPECT_NE(run(kHipctl + " --json hit " + file).output, before);
}

TEST_F(HipctlKeys, HitErrorsNameTheFileAndTheReason) {
  const std::string missing = dir_.file("missing.key");
  auto r = run(kHipctl + " hit " + missing);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find(missing + ": no such file"), std::string::npos) << r.output;

  const std::string open_key = dir_.file("open.key");
  ASSERT_EQ(run(kHipctl + " keygen --algo ed25519 --out " + open_key).status, 0);
  ::chmod(open_key.c_str(), 0644);
  r = run(kHipctl + " hit " + open_key);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find(open_key), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("mode 0644"), std::string::npos) << r.output;

  const std::string x25519 = dir_.file("x25519.key");
  ASSERT_EQ(run("openssl genpkey -algorithm X25519 -out " + x25519 + " && chmod 600 " + x25519).status, 0);
  r = run(kHipctl + " hit " + x25519);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find(x25519 + ": unsupported key (X25519)"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace hip::crypto
