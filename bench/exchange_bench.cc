// Costs on the base-exchange path: DH/ECDH per group, KEYMAT per RHASH,
// HIP_MAC over a 500-byte packet, puzzle solving (with hashes/s), and the
// ENCRYPTED cipher over a HOST_ID-sized blob.
//
//   cmake -DHIP_BUILD_BENCH=ON ... && make exchange_bench
//   ./bench/exchange_bench --benchmark_min_time=0.1
#include <benchmark/benchmark.h>

#include <array>
#include <string>
#include <vector>

#include "crypto/cipher.h"
#include "crypto/dh.h"
#include "crypto/keymat.h"
#include "crypto/mac.h"
#include "crypto/puzzle.h"
#include "crypto/rng.h"

namespace {

using namespace hip::crypto;

const hip::base::Hit kHitI = *hip::base::Hit::parse("2001:21:aaaa::1");
const hip::base::Hit kHitR = *hip::base::Hit::parse("2001:21:bbbb::2");

std::vector<std::uint8_t> random_bytes(std::size_t n, std::uint64_t seed) {
  std::vector<std::uint8_t> v(n);
  SeededRng(seed).fill(v);
  return v;
}

const DhGroup& group_arg(const benchmark::State& state) {
  return *find_dh_group(static_cast<std::uint8_t>(state.range(0)));
}

void DhGroupArgs(benchmark::internal::Benchmark* b) {
  for (const DhGroup& g : supported_dh_groups()) b->Arg(g.wire_id());
}

// ---- DH ---------------------------------------------------------------------

// What each side pays per exchange: a fresh key pair plus Kij (with the quick
// validation of the peer's value).
void BM_DhKeygenAndDerive(benchmark::State& state) {
  const DhGroup& g = group_arg(state);
  state.SetLabel(std::string(g.name));
  auto peer = DhKeyPair::generate(g);
  for (auto _ : state) {
    auto ours = DhKeyPair::generate(g);
    auto kij = ours->derive(peer->public_value());
    benchmark::DoNotOptimize(kij->data());
  }
}
BENCHMARK(BM_DhKeygenAndDerive)->Apply(DhGroupArgs)->Unit(benchmark::kMicrosecond);

void BM_DhKeygen(benchmark::State& state) {
  const DhGroup& g = group_arg(state);
  state.SetLabel(std::string(g.name));
  for (auto _ : state) {
    auto ours = DhKeyPair::generate(g);
    benchmark::DoNotOptimize(ours->public_value().data());
  }
}
BENCHMARK(BM_DhKeygen)->Apply(DhGroupArgs)->Unit(benchmark::kMicrosecond);

// The Responder's cost per I2 with a precomputed R1 key: derive only.
void BM_DhDerive(benchmark::State& state) {
  const DhGroup& g = group_arg(state);
  state.SetLabel(std::string(g.name));
  auto ours = DhKeyPair::generate(g);
  auto peer = DhKeyPair::generate(g);
  for (auto _ : state) {
    auto kij = ours->derive(peer->public_value());
    benchmark::DoNotOptimize(kij->data());
  }
}
BENCHMARK(BM_DhDerive)->Apply(DhGroupArgs)->Unit(benchmark::kMicrosecond);

// For comparison: OpenSSL's full public-key check, which dh.h skips in favour
// of the quick check.
void BM_DhPeerFullCheck(benchmark::State& state) {
  const DhGroup& g = group_arg(state);
  state.SetLabel(std::string(g.name));
  auto peer = DhKeyPair::generate(g);
  auto imported = import_peer_public(g, peer->public_value());
  for (auto _ : state) {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, imported->get(), nullptr));
    benchmark::DoNotOptimize(EVP_PKEY_public_check(ctx.get()));
  }
}
BENCHMARK(BM_DhPeerFullCheck)->Apply(DhGroupArgs)->Unit(benchmark::kMicrosecond);

// ---- KEYMAT -------------------------------------------------------------------

// Extract + expand + drawing the HIP keys (AES-128) and ESP keys (suite 8).
void BM_Keymat(benchmark::State& state) {
  const auto hash = static_cast<Rhash>(state.range(0));
  state.SetLabel(std::string(rhash_name(hash)));
  const auto kij = random_bytes(384, 1), i = random_bytes(rhash_size(hash), 2),
             j = random_bytes(rhash_size(hash), 3);
  for (auto _ : state) {
    auto keymat = Keymat::derive(hash, kij, i, j, kHitI, kHitR);
    auto hip = draw_hip_keys(*keymat, HipCipherId::aes128_cbc);
    auto esp = draw_esp_keys(*keymat, 8);
    benchmark::DoNotOptimize(esp->gl_encryption.data());
  }
}
BENCHMARK(BM_Keymat)->DenseRange(1, 3)->Unit(benchmark::kMicrosecond);

// ---- HIP_MAC ------------------------------------------------------------------

std::vector<std::uint8_t> packet_with_mac(HmacKey& key) {
  std::array<std::uint8_t, 2048> buf{};
  hip::wire::PacketBuilder b(buf, hip::wire::PacketType::update, kHitI, kHitR);
  const auto filler = random_bytes(412, 4);  // header 40 + TLV 416 + MAC TLV ~= 500 bytes
  (void)b.add_raw(385, filler);
  (void)add_mac(b, MacKind::hip_mac, key);
  auto out = b.finish();
  return {out->begin(), out->end()};
}

void BM_HipMacVerify500(benchmark::State& state) {
  const auto hash = static_cast<Rhash>(state.range(0));
  state.SetLabel(std::string(rhash_name(hash)));
  auto key = HmacKey::create(hash, random_bytes(rhash_size(hash), 5));
  const auto packet = packet_with_mac(*key);
  auto view = hip::wire::parse_packet(packet);
  for (auto _ : state) {
    auto ok = verify_mac(*view, MacKind::hip_mac, *key);
    benchmark::DoNotOptimize(ok);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * packet.size()));
}
BENCHMARK(BM_HipMacVerify500)->DenseRange(1, 3);

void BM_Hmac500(benchmark::State& state) {
  const auto hash = static_cast<Rhash>(state.range(0));
  state.SetLabel(std::string(rhash_name(hash)));
  auto key = HmacKey::create(hash, random_bytes(rhash_size(hash), 5));
  const auto data = random_bytes(500, 6);
  std::array<std::uint8_t, 64> mac{};
  for (auto _ : state) {
    auto ok = key->compute(data, mac);
    benchmark::DoNotOptimize(ok);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_Hmac500)->DenseRange(1, 3);

// ---- Puzzle ---------------------------------------------------------------------

// Solving at difficulty K (SHA-256, the REQUIRED suite). Expected 2^K hashes;
// hashes/s is the solver's raw rate.
void BM_PuzzleSolve(benchmark::State& state) {
  const auto k = static_cast<std::uint8_t>(state.range(0));
  const auto hash = static_cast<Rhash>(state.range(1));
  state.SetLabel(std::string(rhash_name(hash)));
  SeededRng rng(7);
  std::uint64_t hashes = 0;
  std::uint64_t round = 0;
  for (auto _ : state) {
    const auto i = random_bytes(rhash_size(hash), ++round);
    auto solution = solve_puzzle(hash, i, kHitI, kHitR, k, rng);
    hashes += solution->attempts;
  }
  state.counters["hashes/s"] = benchmark::Counter(static_cast<double>(hashes), benchmark::Counter::kIsRate);
  state.counters["hashes/solve"] = benchmark::Counter(static_cast<double>(hashes), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_PuzzleSolve)
    ->ArgsProduct({{10, 12, 14, 16, 18, 20}, {1}})
    ->ArgsProduct({{12}, {2, 3}})
    ->Unit(benchmark::kMillisecond);

// Per-try cost of the two ways to hash #I | HIT-I | HIT-R | #J: from a primed
// context (what the solver does) and from scratch.
void BM_PuzzleTryPrimed(benchmark::State& state) {
  const auto hash = static_cast<Rhash>(state.range(0));
  state.SetLabel(std::string(rhash_name(hash)));
  const auto i = random_bytes(rhash_size(hash), 8);
  auto j = random_bytes(rhash_size(hash), 9);
  MdCtxPtr primed(EVP_MD_CTX_new()), work(EVP_MD_CTX_new());
  EVP_DigestInit_ex2(primed.get(), rhash_md(hash), nullptr);
  EVP_DigestUpdate(primed.get(), i.data(), i.size());
  EVP_DigestUpdate(primed.get(), kHitI.bytes.data(), 16);
  EVP_DigestUpdate(primed.get(), kHitR.bytes.data(), 16);
  std::array<std::uint8_t, 64> digest{};
  unsigned int len = 0;
  for (auto _ : state) {
    EVP_MD_CTX_copy_ex(work.get(), primed.get());
    EVP_DigestUpdate(work.get(), j.data(), j.size());
    EVP_DigestFinal_ex(work.get(), digest.data(), &len);
    ++j.back();
  }
}
BENCHMARK(BM_PuzzleTryPrimed)->DenseRange(1, 3);

void BM_PuzzleTryFromScratch(benchmark::State& state) {
  const auto hash = static_cast<Rhash>(state.range(0));
  state.SetLabel(std::string(rhash_name(hash)));
  auto input = random_bytes(2 * rhash_size(hash) + 32, 10);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::array<std::uint8_t, 64> digest{};
  unsigned int len = 0;
  for (auto _ : state) {
    EVP_DigestInit_ex2(ctx.get(), rhash_md(hash), nullptr);
    EVP_DigestUpdate(ctx.get(), input.data(), input.size());
    EVP_DigestFinal_ex(ctx.get(), digest.data(), &len);
    ++input.back();
  }
}
BENCHMARK(BM_PuzzleTryFromScratch)->DenseRange(1, 3);

// ---- ENCRYPTED -------------------------------------------------------------------

constexpr std::size_t kHostIdTlv = 304;  // RSA-2048 HOST_ID TLV with padding

void BM_EncryptedEncrypt(benchmark::State& state) {
  const HipCipher& cipher = hip_cipher(static_cast<HipCipherId>(state.range(0)));
  state.SetLabel(std::string(cipher.name));
  const auto key = random_bytes(cipher.key_size, 11), plain = random_bytes(kHostIdTlv, 12);
  std::vector<std::uint8_t> out(encrypted_size(cipher, plain.size()));
  OsRng rng;
  for (auto _ : state) {
    auto n = encrypt_parameters(cipher, key, rng, plain, out);
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kHostIdTlv));
}
BENCHMARK(BM_EncryptedEncrypt)->Arg(2)->Arg(4);

void BM_EncryptedDecrypt(benchmark::State& state) {
  const HipCipher& cipher = hip_cipher(static_cast<HipCipherId>(state.range(0)));
  state.SetLabel(std::string(cipher.name));
  const auto key = random_bytes(cipher.key_size, 11), plain = random_bytes(kHostIdTlv, 12);
  std::vector<std::uint8_t> wire(encrypted_size(cipher, plain.size())), back(wire.size());
  OsRng rng;
  (void)encrypt_parameters(cipher, key, rng, plain, wire);
  for (auto _ : state) {
    auto n = decrypt_parameters(cipher, key, wire, back);
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kHostIdTlv));
}
BENCHMARK(BM_EncryptedDecrypt)->Arg(2)->Arg(4);

}  // namespace

BENCHMARK_MAIN();
