#include "crypto/rng.h"

#include <openssl/rand.h>

#include <climits>
#include <cstdio>
#include <cstdlib>

namespace hip::crypto {

namespace {

// RAND_bytes takes an int length; larger requests go in chunks.
template <class Draw>
void draw_all(std::span<std::uint8_t> out, Draw draw, const char* what) {
  while (!out.empty()) {
    const std::size_t n = out.size() < static_cast<std::size_t>(INT_MAX) ? out.size() : INT_MAX;
    if (draw(out.data(), static_cast<int>(n)) != 1) {
      std::fprintf(stderr, "hipstack: %s failed; refusing to continue without randomness\n", what);
      std::abort();
    }
    out = out.subspan(n);
  }
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

void OsRng::fill(std::span<std::uint8_t> out) { draw_all(out, RAND_bytes, "RAND_bytes"); }

void OsRng::fill_secret(std::span<std::uint8_t> out) {
  draw_all(out, RAND_priv_bytes, "RAND_priv_bytes");
}

SeededRng::SeededRng(std::uint64_t seed) {
  for (auto& word : s_) word = splitmix64(seed);
}

std::uint64_t SeededRng::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

void SeededRng::fill(std::span<std::uint8_t> out) {
  std::size_t i = 0;
  while (i < out.size()) {
    std::uint64_t word = next();
    for (int b = 0; b < 8 && i < out.size(); ++b, ++i) {
      out[i] = static_cast<std::uint8_t>(word);
      word >>= 8;
    }
  }
}

Rng& os_rng() {
  static OsRng rng;
  return rng;
}

}  // namespace hip::crypto
