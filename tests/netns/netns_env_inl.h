// receive_n: template part of netns_env.h.
#pragma once

#include <array>
#include <chrono>

namespace hip::netns_test {

template <class Socket>
ReceiveLog receive_n(Socket& socket, std::size_t want, std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  constexpr std::size_t kSlots = 16;
  constexpr std::size_t kHeadroom = 32;  // as hipd reads: esp::kEspHeadroom
  std::array<std::array<std::uint8_t, 2048>, kSlots> buffers{};
  std::array<io::RecvSlot, kSlots> slots{};
  ReceiveLog log;
  const auto deadline = Clock::now() + timeout;
  while (log.datagrams.size() < want) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0 || !wait_readable(socket.fd(), left)) break;
    for (std::size_t i = 0; i < kSlots; ++i) {
      slots[i] = io::RecvSlot{};
      slots[i].buffer = buffers[i];
      slots[i].offset = kHeadroom;
    }
    auto n = socket.receive_batch(slots);
    if (!n) break;
    if (*n > log.largest_batch) log.largest_batch = *n;
    for (std::size_t i = 0; i < *n; ++i) {
      const io::RecvSlot& s = slots[i];
      Received r;
      r.status = s.status;
      r.payload.assign(s.payload().begin(), s.payload().end());
      r.addressing = s.addressing;
      r.hop_limit = s.hop_limit;
      r.ip_header_bytes = s.ip_header_bytes;
      log.datagrams.push_back(std::move(r));
    }
  }
  return log;
}

}  // namespace hip::netns_test
