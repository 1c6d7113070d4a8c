#include "base/ip_address.h"

#include <arpa/inet.h>

#include <algorithm>

namespace hip::base {

IpAddress IpAddress::v4(std::span<const std::uint8_t, 4> bytes) {
  IpAddress a;
  a.family_ = Family::v4;
  std::copy(bytes.begin(), bytes.end(), a.bytes_.begin());
  return a;
}

IpAddress IpAddress::v6(std::span<const std::uint8_t, 16> bytes) {
  IpAddress a;
  a.family_ = Family::v6;
  std::copy(bytes.begin(), bytes.end(), a.bytes_.begin());
  return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  std::string s(text);  // inet_pton needs a terminated string
  std::array<std::uint8_t, 16> buf{};
  if (inet_pton(AF_INET, s.c_str(), buf.data()) == 1) {
    return v4(std::span<const std::uint8_t, 4>(buf.data(), 4));
  }
  if (inet_pton(AF_INET6, s.c_str(), buf.data()) == 1) {
    return v6(buf);
  }
  return std::nullopt;
}

IpAddress IpAddress::from_16_bytes(std::span<const std::uint8_t, 16> bytes) {
  static constexpr std::uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(std::begin(kMappedPrefix), std::end(kMappedPrefix), bytes.begin())) {
    return v4(bytes.subspan<12, 4>());
  }
  return v6(bytes);
}

std::span<const std::uint8_t> IpAddress::bytes() const {
  return {bytes_.data(), is_v4() ? std::size_t{4} : std::size_t{16}};
}

std::array<std::uint8_t, 16> IpAddress::to_16_bytes() const {
  if (!is_v4()) return bytes_;
  std::array<std::uint8_t, 16> out{};
  out[10] = 0xff;
  out[11] = 0xff;
  std::copy_n(bytes_.begin(), 4, out.begin() + 12);
  return out;
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(is_v4() ? AF_INET : AF_INET6, bytes_.data(), buf, sizeof buf);
  return buf;
}

}  // namespace hip::base
