#include "crypto/puzzle.h"

#include <cmath>

#include "crypto/evp.h"

namespace hip::crypto {

namespace {

constexpr std::uint64_t kDeadlineCheckInterval = 4096;

auto fail(PuzzleError e) {
  ERR_clear_error();
  return base::unexpected(e);
}

// Ltrunc(digest, k) == 0: the k lowest-order bits, i.e. the last k bits of
// the big-endian digest, are zero.
bool low_bits_zero(std::span<const std::uint8_t> digest, std::uint8_t k) {
  const std::size_t whole = k / 8;
  const unsigned rest = k % 8;
  for (std::size_t i = digest.size() - whole; i < digest.size(); ++i) {
    if (digest[i] != 0) return false;
  }
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>((1u << rest) - 1);
  return (digest[digest.size() - whole - 1] & mask) == 0;
}

// A digest context that has absorbed #I | HIT-I | HIT-R.
bool prime_context(EVP_MD_CTX* ctx, Rhash hash, std::span<const std::uint8_t> puzzle_i,
                   const base::Hit& hit_i, const base::Hit& hit_r) {
  const EVP_MD* md = rhash_md(hash);
  return md != nullptr && EVP_DigestInit_ex2(ctx, md, nullptr) == 1 &&
         EVP_DigestUpdate(ctx, puzzle_i.data(), puzzle_i.size()) == 1 &&
         EVP_DigestUpdate(ctx, hit_i.bytes.data(), hit_i.bytes.size()) == 1 &&
         EVP_DigestUpdate(ctx, hit_r.bytes.data(), hit_r.bytes.size()) == 1;
}

bool finish_with_j(EVP_MD_CTX* work, const EVP_MD_CTX* primed, std::span<const std::uint8_t> j,
                   std::span<std::uint8_t> digest) {
  unsigned int len = 0;
  return EVP_MD_CTX_copy_ex(work, primed) == 1 &&
         EVP_DigestUpdate(work, j.data(), j.size()) == 1 &&
         EVP_DigestFinal_ex(work, digest.data(), &len) == 1 && len == digest.size();
}

// #J + 1 as a big-endian integer, wrapping around.
void increment(std::span<std::uint8_t> j) {
  for (std::size_t i = j.size(); i-- > 0;) {
    if (++j[i] != 0) return;
  }
}

base::Result<void, PuzzleError> check_sizes(Rhash hash, std::span<const std::uint8_t> puzzle_i,
                                            std::uint8_t k) {
  if (puzzle_i.size() != rhash_size(hash)) return fail(PuzzleError::bad_length);
  if (k > 8 * rhash_size(hash)) return fail(PuzzleError::difficulty_too_high);
  return {};
}

}  // namespace

std::string_view to_string(PuzzleError e) {
  switch (e) {
    case PuzzleError::bad_length: return "puzzle #I/#J of wrong length";
    case PuzzleError::difficulty_too_high: return "puzzle difficulty larger than the hash";
    case PuzzleError::wrong_solution: return "wrong puzzle solution";
    case PuzzleError::attempts_exhausted: return "puzzle attempt limit reached";
    case PuzzleError::expired: return "puzzle lifetime expired";
    case PuzzleError::openssl_failure: return "OpenSSL digest failure";
  }
  return "unknown puzzle error";
}

std::chrono::nanoseconds puzzle_lifetime(std::uint8_t lifetime) {
  const double ns = std::ldexp(1e9, static_cast<int>(lifetime) - 32);
  constexpr auto kMax = std::chrono::nanoseconds::max().count();
  if (ns >= static_cast<double>(kMax)) return std::chrono::nanoseconds::max();
  return std::chrono::nanoseconds(static_cast<std::chrono::nanoseconds::rep>(ns));
}

base::Result<void, PuzzleError> verify_puzzle(Rhash hash, std::span<const std::uint8_t> puzzle_i,
                                              const base::Hit& hit_i, const base::Hit& hit_r,
                                              std::span<const std::uint8_t> puzzle_j,
                                              std::uint8_t k) {
  if (auto ok = check_sizes(hash, puzzle_i, k); !ok) return ok;
  if (puzzle_j.size() != rhash_size(hash)) return fail(PuzzleError::bad_length);
  MdCtxPtr primed(EVP_MD_CTX_new());
  MdCtxPtr work(EVP_MD_CTX_new());
  std::array<std::uint8_t, 64> digest{};
  auto out = std::span(digest).first(rhash_size(hash));
  if (!primed || !work || !prime_context(primed.get(), hash, puzzle_i, hit_i, hit_r) ||
      !finish_with_j(work.get(), primed.get(), puzzle_j, out)) {
    return fail(PuzzleError::openssl_failure);
  }
  if (!low_bits_zero(out, k)) return base::unexpected(PuzzleError::wrong_solution);
  return {};
}

base::Result<PuzzleSolution, PuzzleError> solve_puzzle(Rhash hash,
                                                       std::span<const std::uint8_t> puzzle_i,
                                                       const base::Hit& hit_i,
                                                       const base::Hit& hit_r, std::uint8_t k,
                                                       Rng& rng, const PuzzleLimits& limits) {
  if (auto ok = check_sizes(hash, puzzle_i, k); !ok) return base::unexpected(ok.error());
  const std::size_t n = rhash_size(hash);
  MdCtxPtr primed(EVP_MD_CTX_new());
  MdCtxPtr work(EVP_MD_CTX_new());
  if (!primed || !work || !prime_context(primed.get(), hash, puzzle_i, hit_i, hit_r)) {
    return fail(PuzzleError::openssl_failure);
  }
  PuzzleSolution solution;
  solution.size = n;
  auto j = std::span(solution.storage).first(n);
  rng.fill(j);
  std::array<std::uint8_t, 64> digest{};
  auto out = std::span(digest).first(n);
  for (std::uint64_t attempt = 0; attempt < limits.max_attempts; ++attempt) {
    if (limits.deadline && attempt % kDeadlineCheckInterval == 0 &&
        std::chrono::steady_clock::now() >= *limits.deadline) {
      solution.attempts = attempt;
      return base::unexpected(PuzzleError::expired);
    }
    if (!finish_with_j(work.get(), primed.get(), j, out)) return fail(PuzzleError::openssl_failure);
    if (low_bits_zero(out, k)) {
      solution.attempts = attempt + 1;
      return solution;
    }
    increment(j);
  }
  return base::unexpected(PuzzleError::attempts_exhausted);
}

}  // namespace hip::crypto
