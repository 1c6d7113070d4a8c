// Randomness behind one small interface, so the engine draws every random value
// (#I, the first #J, IVs, SPIs, ...) from an injected source: the OS CSPRNG via
// OpenSSL in hipd, a seeded generator in the simulator and in tests, where a
// seed must reproduce a whole run (ARCHITECTURE.md, "randomness is injected").
//
// Diffie-Hellman and host-identity private keys do not come from here: OpenSSL
// generates them from its own CSPRNG.
#pragma once

#include <cstdint>
#include <span>

namespace hip::crypto {

class Rng {
 public:
  virtual ~Rng() = default;
  // Fills `out` with random bytes. Never fails: a CSPRNG that cannot deliver
  // leaves the process nothing safe to do, so the OpenSSL implementation
  // aborts instead of returning weak bytes.
  virtual void fill(std::span<std::uint8_t> out) = 0;
  // For values that stay secret (a puzzle secret, key material). The OpenSSL
  // implementation draws these from a separate generator (RAND_priv_bytes), so
  // that public random values reveal nothing of its state.
  virtual void fill_secret(std::span<std::uint8_t> out) { fill(out); }
};

// The operating system's CSPRNG, through OpenSSL's RAND_bytes/RAND_priv_bytes.
// Stateless: one instance can be shared by every thread.
class OsRng final : public Rng {
 public:
  void fill(std::span<std::uint8_t> out) override;
  void fill_secret(std::span<std::uint8_t> out) override;
};

// Deterministic generator for tests and the simulator: the same seed gives the
// same bytes on every platform (xoshiro256** seeded through splitmix64).
// NOT cryptographically secure: never use it in hipd.
class SeededRng final : public Rng {
 public:
  explicit SeededRng(std::uint64_t seed);
  void fill(std::span<std::uint8_t> out) override;
  std::uint64_t next();

 private:
  std::uint64_t s_[4];
};

// The process-wide OsRng (for callers that have no Rng injected).
Rng& os_rng();

}  // namespace hip::crypto
