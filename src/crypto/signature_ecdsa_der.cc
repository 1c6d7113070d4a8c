#include "crypto/signature_ecdsa_der.h"

#include <algorithm>

namespace hip::crypto::detail {
namespace {

constexpr std::uint8_t kSequence = 0x30;
constexpr std::uint8_t kInteger = 0x02;

// Reads one DER length at `at` (short form, or 0x81 nn); advances `at`.
bool read_length(std::span<const std::uint8_t> der, std::size_t& at, std::size_t& length) {
  if (at >= der.size()) return false;
  const std::uint8_t first = der[at++];
  if (first < 0x80) {
    length = first;
    return true;
  }
  if (first != 0x81 || at >= der.size()) return false;
  length = der[at++];
  return length >= 0x80;
}

bool read_integer(std::span<const std::uint8_t> der, std::size_t& at, std::size_t width,
                  std::uint8_t* out) {
  std::size_t length = 0;
  if (at >= der.size() || der[at++] != kInteger || !read_length(der, at, length) || length == 0 ||
      length > der.size() - at) {
    return false;
  }
  auto value = der.subspan(at, length);
  at += length;
  while (value.size() > 1 && value[0] == 0) value = value.subspan(1);  // sign byte / padding
  if (value.size() > width) return false;
  std::fill_n(out, width - value.size(), std::uint8_t{0});
  std::copy(value.begin(), value.end(), out + (width - value.size()));
  return true;
}

void write_integer(std::span<const std::uint8_t> value, std::vector<std::uint8_t>& out) {
  while (value.size() > 1 && value[0] == 0) value = value.subspan(1);
  const bool pad = !value.empty() && (value[0] & 0x80) != 0;
  out.push_back(kInteger);
  out.push_back(static_cast<std::uint8_t>(value.size() + (pad ? 1 : 0)));
  if (pad) out.push_back(0);
  out.insert(out.end(), value.begin(), value.end());
}

}  // namespace

bool ecdsa_der_to_raw(std::span<const std::uint8_t> der, std::size_t scalar_bytes,
                      std::vector<std::uint8_t>& raw) {
  std::size_t at = 0;
  std::size_t length = 0;
  if (der.empty() || der[at++] != kSequence || !read_length(der, at, length) ||
      length != der.size() - at) {
    return false;
  }
  raw.assign(2 * scalar_bytes, 0);
  return read_integer(der, at, scalar_bytes, raw.data()) &&
         read_integer(der, at, scalar_bytes, raw.data() + scalar_bytes) && at == der.size();
}

std::vector<std::uint8_t> ecdsa_raw_to_der(std::span<const std::uint8_t> raw) {
  const std::size_t half = raw.size() / 2;
  std::vector<std::uint8_t> body;
  write_integer(raw.first(half), body);
  write_integer(raw.subspan(half), body);
  std::vector<std::uint8_t> der{kSequence};
  if (body.size() >= 0x80) der.push_back(0x81);
  der.push_back(static_cast<std::uint8_t>(body.size()));
  der.insert(der.end(), body.begin(), body.end());
  return der;
}

}  // namespace hip::crypto::detail
