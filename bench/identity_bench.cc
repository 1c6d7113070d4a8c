// Host identity costs per algorithm: signing and verifying a typical R1's
// signed part (about 700 bytes), and computing a HIT from a Host Identity.
// Run: build with -DHIP_BUILD_BENCH=ON, then ./bench/identity_bench
#include <benchmark/benchmark.h>

#include <cstdint>
#include <deque>
#include <vector>

#include "crypto/hit.h"
#include "crypto/host_id.h"
#include "crypto/signature.h"

namespace {

using hip::crypto::KeyKind;

// One key per kind, generated once.
const hip::crypto::PrivateKey& key_for(KeyKind kind) {
  static std::deque<std::pair<KeyKind, hip::crypto::PrivateKey>> keys;  // stable references
  for (const auto& [k, key] : keys) {
    if (k == kind) return key;
  }
  keys.emplace_back(kind, hip::crypto::generate_private_key(kind, 2048).value());
  return keys.back().second;
}

std::vector<std::uint8_t> r1_sized_message() {
  std::vector<std::uint8_t> m(700);
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = static_cast<std::uint8_t>(i * 31 + 7);
  return m;
}

void BM_Sign(benchmark::State& state, KeyKind kind) {
  const auto& key = key_for(kind);
  const auto message = r1_sized_message();
  for (auto _ : state) {
    auto sig = hip::crypto::sign_bytes(key, message);
    benchmark::DoNotOptimize(sig);
  }
}

void BM_Verify(benchmark::State& state, KeyKind kind) {
  const auto& key = key_for(kind);
  const auto message = r1_sized_message();
  const auto signature = *hip::crypto::sign_bytes(key, message);
  const auto pub = key.public_key();
  for (auto _ : state) {
    auto ok = hip::crypto::verify_bytes(pub, message, signature);
    if (!ok) state.SkipWithError("verification failed");
  }
}

void BM_Hit(benchmark::State& state, KeyKind kind) {
  const auto identity = *hip::crypto::encode_host_identity(key_for(kind));
  for (auto _ : state) {
    auto hit = hip::crypto::compute_hit(identity);
    benchmark::DoNotOptimize(hit);
  }
}

void BM_DecodeHostId(benchmark::State& state, KeyKind kind) {
  const auto identity = *hip::crypto::encode_host_identity(key_for(kind));
  const auto algorithm = static_cast<std::uint16_t>(identity.algorithm);
  for (auto _ : state) {
    auto key = hip::crypto::decode_host_identity(algorithm, identity.bytes);
    if (!key) state.SkipWithError("decode failed");
  }
}

#define HIP_IDENTITY_BENCH(name, kind)                      \
  BENCHMARK_CAPTURE(BM_Sign, name, kind);                   \
  BENCHMARK_CAPTURE(BM_Verify, name, kind);                 \
  BENCHMARK_CAPTURE(BM_Hit, name, kind);                    \
  BENCHMARK_CAPTURE(BM_DecodeHostId, name, kind)

HIP_IDENTITY_BENCH(rsa2048, KeyKind::rsa);
HIP_IDENTITY_BENCH(ecdsa_p256, KeyKind::ecdsa_p256);
HIP_IDENTITY_BENCH(ecdsa_p384, KeyKind::ecdsa_p384);
HIP_IDENTITY_BENCH(ecdsa_low_secp160r1, KeyKind::ecdsa_secp160r1);
HIP_IDENTITY_BENCH(ed25519, KeyKind::ed25519);
HIP_IDENTITY_BENCH(ed448, KeyKind::ed448);

}  // namespace

BENCHMARK_MAIN();
