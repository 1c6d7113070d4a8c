#include "io/inet_checksum.h"

#include <cstring>

namespace hip::io {

std::uint64_t checksum_add(std::span<const std::uint8_t> bytes, std::uint64_t sum) noexcept {
  const std::uint8_t* p = bytes.data();
  std::size_t n = bytes.size();
  // End-around carry after each add keeps the sum a one's complement sum.
  auto add = [&sum](std::uint64_t v) {
    sum += v;
    if (sum < v) ++sum;
  };
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    add(v);
  }
  if (n >= 4) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    add(v);
    p += 4;
    n -= 4;
  }
  if (n >= 2) {
    std::uint16_t v;
    std::memcpy(&v, p, 2);
    add(v);
    p += 2;
    n -= 2;
  }
  if (n == 1) {
    // The odd byte is the first of a 16-bit word whose second byte is zero.
    const std::uint8_t last[2] = {*p, 0};
    std::uint16_t v;
    std::memcpy(&v, last, 2);
    add(v);
  }
  return sum;
}

std::uint16_t checksum_fold(std::uint64_t sum) noexcept {
  sum = (sum & 0xffffffffu) + (sum >> 32);
  sum = (sum & 0xffffffffu) + (sum >> 32);
  auto s = static_cast<std::uint32_t>(sum);
  s = (s & 0xffffu) + (s >> 16);
  s = (s & 0xffffu) + (s >> 16);
  return static_cast<std::uint16_t>(s);
}

void checksum_store(std::uint8_t* at, std::uint64_t sum) noexcept {
  const auto v = static_cast<std::uint16_t>(~checksum_fold(sum));
  std::memcpy(at, &v, 2);
}

}  // namespace hip::io
