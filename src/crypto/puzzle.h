// The HIP puzzle (RFC 7401 §4.1.2, §5.2.4-5.2.5, §6.3, Appendix A).
//
// A solution #J for the Responder's #I and difficulty #K satisfies
//
//   Ltrunc( RHASH( #I | HIT-I | HIT-R | #J ), #K ) == 0
//
// i.e. the #K lowest-order bits (the last bits of the digest) are zero. #I and
// #J are RHASH_len bits; HIT-I is the Initiator's HIT and HIT-R the
// Responder's, whatever their order in the header of the packet at hand
// (§6.3 note iii: R1 carries them the other way round from I2).
//
// The solver absorbs the constant prefix #I | HIT-I | HIT-R into a digest
// context once and, per try, copies that context and feeds only #J. For
// SHA-256 the prefix is exactly one 64-byte block, so each try costs one
// compression instead of two. It stops after a caller-given number of tries or
// at a deadline: the Initiator MUST give up when the puzzle's Lifetime,
// 2^(Lifetime-32) seconds, has passed (§5.2.4, §6.8).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/hit.h"
#include "base/result.h"
#include "crypto/rhash.h"
#include "crypto/rng.h"

namespace hip::crypto {

enum class PuzzleError : std::uint8_t {
  bad_length,           // #I or #J is not RHASH_len bits
  difficulty_too_high,  // #K larger than the digest
  wrong_solution,       // the low #K bits are not all zero
  attempts_exhausted,   // solver: the caller's attempt limit was reached
  expired,              // solver: the deadline (puzzle Lifetime) passed
  openssl_failure,
};

std::string_view to_string(PuzzleError e);

// The puzzle Lifetime field as a duration: 2^(lifetime - 32) seconds,
// saturating at nanoseconds::max() and 0 ns below one nanosecond.
std::chrono::nanoseconds puzzle_lifetime(std::uint8_t lifetime);

// Responder side (§6.3, Appendix A puzzle_check): one hash.
base::Result<void, PuzzleError> verify_puzzle(Rhash hash, std::span<const std::uint8_t> puzzle_i,
                                              const base::Hit& hit_i, const base::Hit& hit_r,
                                              std::span<const std::uint8_t> puzzle_j,
                                              std::uint8_t k);

struct PuzzleLimits {
  std::uint64_t max_attempts = UINT64_MAX;
  // When to give up (e.g. receipt time of R1 + puzzle_lifetime()). Checked
  // every few thousand tries, so the solver may overrun it by well under 1 ms.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

struct PuzzleSolution {
  std::array<std::uint8_t, 48> storage{};
  std::size_t size = 0;
  std::uint64_t attempts = 0;  // hashes computed, for statistics
  std::span<const std::uint8_t> j() const { return std::span(storage).first(size); }
};

// Initiator side. The first #J is drawn from `rng`; later tries count up from
// it, so the search never repeats a value.
base::Result<PuzzleSolution, PuzzleError> solve_puzzle(Rhash hash,
                                                       std::span<const std::uint8_t> puzzle_i,
                                                       const base::Hit& hit_i,
                                                       const base::Hit& hit_r, std::uint8_t k,
                                                       Rng& rng, const PuzzleLimits& limits = {});

}  // namespace hip::crypto
