// Anti-replay window for one inbound SA (RFC 4303 §3.4.3), as a ring of 64-bit
// words in the style of RFC 6479 (no bit shifting: advancing clears whole
// words). Works on full 64-bit sequence numbers; with ESN the high half is
// inferred from the 32 bits on the wire (RFC 4303 Appendix A2).
//
// Use: infer() -> check() before the ICV, commit() only after the ICV passed,
// so forged packets never move the window (RFC 4303 §3.4.3).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace hip::esp {

class ReplayWindow {
 public:
  static constexpr std::size_t kWords = 64;
  // Numbers T-kSize+1 .. T are tracked, T being the highest authenticated one.
  // One word is kept spare so the oldest tracked word is never the one being
  // cleared (the ring is kWords * 64 = 4096 bits).
  static constexpr std::uint64_t kSize = (kWords - 1) * 64;

  enum class Verdict : std::uint8_t { fresh, replayed, too_old };

  // The full sequence number of a packet carrying `seq_low`. Without ESN that
  // is `seq_low` itself. With ESN it applies RFC 4303 Appendix A2 with W =
  // kSize; 0 (never valid) when the packet would lie below sequence number 1.
  // Appendix A3 (re-synchronising after 2^32 lost packets) is not done.
  std::uint64_t infer(std::uint32_t seq_low, bool esn) const noexcept;

  Verdict check(std::uint64_t seq) const noexcept;
  // Marks `seq` as received, advancing the window when it is the new highest.
  void commit(std::uint64_t seq) noexcept;

  std::uint64_t highest() const { return top_; }

 private:
  std::uint64_t top_ = 0;  // 0: nothing received yet (sequence numbers start at 1)
  std::array<std::uint64_t, kWords> bits_{};
};

}  // namespace hip::esp
