#include "sim/random.h"

namespace hip::sim {

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t derive_seed(std::uint64_t root, std::string_view label) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64
  for (char c : label) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return mix64(mix64(root) ^ h);
}

double Random::uniform01() {
  return static_cast<double>(rng_.next() >> 11) * (1.0 / 9007199254740992.0);  // 2^-53
}

bool Random::chance(double p) {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return uniform01() < p;
}

base::Duration Random::up_to(base::Duration max) {
  if (max <= base::Duration::zero()) return base::Duration::zero();
  const auto span = static_cast<std::uint64_t>(max.count()) + 1;
  // Rejection sampling keeps the draw unbiased for any span.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % span;
  std::uint64_t x = rng_.next();
  while (x >= limit) x = rng_.next();
  return base::Duration(static_cast<base::Duration::rep>(x % span));
}

}  // namespace hip::sim
