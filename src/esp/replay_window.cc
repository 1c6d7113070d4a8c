#include "esp/replay_window.h"

namespace hip::esp {

std::uint64_t ReplayWindow::infer(std::uint32_t seq_low, bool esn) const noexcept {
  if (!esn) return seq_low;
  // RFC 4303 Appendix A2, with T = top_ split into Th:Tl and W = kSize.
  const auto tl = static_cast<std::uint32_t>(top_);
  const auto th = static_cast<std::uint32_t>(top_ >> 32);
  constexpr auto w = static_cast<std::uint32_t>(kSize);
  const std::uint32_t window_bottom = tl - w + 1;  // mod 2^32
  std::uint32_t seq_high;
  if (tl >= w - 1) {
    // Case A: the window lies within one 2^32 subspace.
    seq_high = seq_low >= window_bottom ? th : th + 1;
  } else {
    // Case B: the window spans two subspaces; numbers at or above the
    // (wrapped) bottom belong to the previous subspace.
    if (seq_low >= window_bottom) {
      if (th == 0) return 0;  // would be below 1: no such packet
      seq_high = th - 1;
    } else {
      seq_high = th;
    }
  }
  return (std::uint64_t{seq_high} << 32) | seq_low;
}

ReplayWindow::Verdict ReplayWindow::check(std::uint64_t seq) const noexcept {
  if (seq == 0) return Verdict::too_old;  // RFC 4303 §3.3.3: the first packet is 1
  if (seq > top_) return Verdict::fresh;
  if (top_ - seq >= kSize) return Verdict::too_old;
  const std::uint64_t word = bits_[(seq >> 6) & (kWords - 1)];
  return ((word >> (seq & 63)) & 1) != 0 ? Verdict::replayed : Verdict::fresh;
}

void ReplayWindow::commit(std::uint64_t seq) noexcept {
  if (seq > top_) {
    // Clear the words between the old top's word and the new one (at most all).
    const std::uint64_t old_word = top_ >> 6;
    const std::uint64_t new_word = seq >> 6;
    std::uint64_t steps = new_word - old_word;
    if (steps > kWords) steps = kWords;
    for (std::uint64_t i = 1; i <= steps; ++i) bits_[(old_word + i) & (kWords - 1)] = 0;
    top_ = seq;
  }
  bits_[(seq >> 6) & (kWords - 1)] |= std::uint64_t{1} << (seq & 63);
}

}  // namespace hip::esp
