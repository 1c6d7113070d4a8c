#include "wire/params/handshake.h"

#include <algorithm>

#include "base/bytes.h"
#include "wire/params/common.h"

namespace hip::wire {

using base::get_u16;
using base::get_u32;
using base::put_u16;
using base::put_u32;
using detail::bad_length;

base::Result<R1Counter, ParseError> R1Counter::parse(const Param& p) {
  if (p.contents.size() != 12) return bad_length(p);
  return R1Counter{get_u32(p.contents, 0), base::get_u64(p.contents, 4)};
}

void R1Counter::write(std::span<std::uint8_t> out) const {
  put_u32(out, 0, reserved);
  base::put_u64(out, 4, counter);
}

// #I is RHASH_len/8 bytes: 20, 32 or 48 in HIPv2, 8 in HIPv1. Which one is
// right depends on the Responder's HIT suite, so the engine checks it; here
// only a non-empty #I of at most 64 bytes is required.
base::Result<Puzzle, ParseError> Puzzle::parse(const Param& p) {
  if (p.contents.size() < 5 || p.contents.size() > 4 + 64) return bad_length(p);
  return Puzzle{p.contents[0], p.contents[1], get_u16(p.contents, 2), p.contents.subspan(4)};
}

void Puzzle::write(std::span<std::uint8_t> out) const {
  out[0] = k;
  out[1] = lifetime;
  put_u16(out, 2, opaque);
  std::copy(random_i.begin(), random_i.end(), out.begin() + 4);
}

base::Result<Solution, ParseError> Solution::parse(const Param& p) {
  const std::size_t n = p.contents.size();
  if (n < 6 || n > 4 + 128 || (n - 4) % 2 != 0) return bad_length(p);
  const std::size_t half = (n - 4) / 2;
  return Solution{p.contents[0], p.contents[1], get_u16(p.contents, 2),
                  p.contents.subspan(4, half), p.contents.subspan(4 + half, half)};
}

void Solution::write(std::span<std::uint8_t> out) const {
  out[0] = k;
  out[1] = reserved;
  put_u16(out, 2, opaque);
  auto at = std::copy(random_i.begin(), random_i.end(), out.begin() + 4);
  std::copy(random_j.begin(), random_j.end(), at);
}

base::Result<DhGroupList, ParseError> DhGroupList::parse(const Param& p) {
  if (p.contents.empty()) return bad_length(p);
  return DhGroupList{U8List::from_wire(p.contents)};
}

// HIPv2 carries exactly one public value, so the parameter ends with it
// (HIPv1 allowed a second value; such a parameter is rejected here).
base::Result<DiffieHellman, ParseError> DiffieHellman::parse(const Param& p) {
  if (p.contents.size() < 4) return bad_length(p);
  const std::size_t public_length = get_u16(p.contents, 1);
  if (public_length == 0 || 3 + public_length != p.contents.size()) return bad_length(p);
  return DiffieHellman{p.contents[0], p.contents.subspan(3, public_length)};
}

void DiffieHellman::write(std::span<std::uint8_t> out) const {
  out[0] = group_id;
  put_u16(out, 1, static_cast<std::uint16_t>(public_value.size()));
  std::copy(public_value.begin(), public_value.end(), out.begin() + 3);
}

namespace {

template <class P, class L>
base::Result<P, ParseError> parse_u16_list(const Param& p) {
  if (p.contents.empty() || p.contents.size() % 2 != 0) return bad_length(p);
  return P{L::from_wire(p.contents)};
}

}  // namespace

base::Result<HipCipher, ParseError> HipCipher::parse(const Param& p) {
  return parse_u16_list<HipCipher, U16List>(p);
}

base::Result<HipTransformV1, ParseError> HipTransformV1::parse(const Param& p) {
  return parse_u16_list<HipTransformV1, U16List>(p);
}

base::Result<HitSuiteList, ParseError> HitSuiteList::parse(const Param& p) {
  if (p.contents.empty()) return bad_length(p);
  return HitSuiteList{U8List::from_wire(p.contents)};
}

base::Result<TransportFormatList, ParseError> TransportFormatList::parse(const Param& p) {
  return parse_u16_list<TransportFormatList, U16List>(p);
}

}  // namespace hip::wire
