// Base-exchange parameters: R1_COUNTER, PUZZLE, SOLUTION, DH_GROUP_LIST,
// DIFFIE_HELLMAN, HIP_CIPHER, HIT_SUITE_LIST, TRANSPORT_FORMAT_LIST, and the
// HIPv1 HIP_TRANSFORM. Each struct views the packet's bytes (spans) after
// parse(), and can equally be filled by hand to build a packet.
#pragma once

#include <cstdint>
#include <span>

#include "base/result.h"
#include "wire/packet.h"
#include "wire/params/list.h"

namespace hip::wire {

//  R1_COUNTER (§5.2.3)  | Reserved (4) | R1 generation counter (8) |
struct R1Counter {
  static constexpr ParamType kType = ParamType::r1_counter;
  std::uint32_t reserved = 0;  // echoed verbatim in I2 (§5.2.3)
  std::uint64_t counter = 0;

  static base::Result<R1Counter, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 12; }
  void write(std::span<std::uint8_t> out) const;
};

//  PUZZLE (§5.2.4)  | #K (1) | Lifetime (1) | Opaque (2) | Random #I (RHASH_len/8) |
struct Puzzle {
  static constexpr ParamType kType = ParamType::puzzle;
  std::uint8_t k = 0;
  std::uint8_t lifetime = 0;  // 2^(value - 32) seconds
  std::uint16_t opaque = 0;
  std::span<const std::uint8_t> random_i;

  static base::Result<Puzzle, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 4 + random_i.size(); }
  void write(std::span<std::uint8_t> out) const;
};

//  SOLUTION (§5.2.5)  | #K (1) | Reserved (1) | Opaque (2) | #I (n/8) | #J (n/8) |
struct Solution {
  static constexpr ParamType kType = ParamType::solution;
  std::uint8_t k = 0;
  std::uint8_t reserved = 0;
  std::uint16_t opaque = 0;
  std::span<const std::uint8_t> random_i;
  std::span<const std::uint8_t> random_j;  // same length as #I

  static base::Result<Solution, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 4 + random_i.size() + random_j.size(); }
  void write(std::span<std::uint8_t> out) const;
};

//  DH_GROUP_LIST (§5.2.6)  | Group ID (1) x n, most preferred first |
struct DhGroupList {
  static constexpr ParamType kType = ParamType::dh_group_list;
  U8List groups;

  static base::Result<DhGroupList, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return groups.byte_size(); }
  void write(std::span<std::uint8_t> out) const { groups.write(out); }
};

//  DIFFIE_HELLMAN (§5.2.7)  | Group ID (1) | Public Value Length (2) | Public Value |
struct DiffieHellman {
  static constexpr ParamType kType = ParamType::diffie_hellman;
  std::uint8_t group_id = 0;
  std::span<const std::uint8_t> public_value;

  static base::Result<DiffieHellman, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 3 + public_value.size(); }
  void write(std::span<std::uint8_t> out) const;
};

//  HIP_CIPHER (§5.2.8)  | Cipher ID (2) x n |
struct HipCipher {
  static constexpr ParamType kType = ParamType::hip_cipher;
  U16List ciphers;

  static base::Result<HipCipher, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return ciphers.byte_size(); }
  void write(std::span<std::uint8_t> out) const { ciphers.write(out); }
};

//  HIP_TRANSFORM (RFC 5201 §5.2.7, HIPv1 only)  | Suite ID (2) x n |
struct HipTransformV1 {
  static constexpr ParamType kType = ParamType::hip_transform_v1;
  U16List suites;

  static base::Result<HipTransformV1, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return suites.byte_size(); }
  void write(std::span<std::uint8_t> out) const { suites.write(out); }
};

//  HIT_SUITE_LIST (§5.2.10)  | Suite ID (1) x n: OGA ID in the high nibble |
struct HitSuiteList {
  static constexpr ParamType kType = ParamType::hit_suite_list;
  U8List suites;

  static base::Result<HitSuiteList, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return suites.byte_size(); }
  void write(std::span<std::uint8_t> out) const { suites.write(out); }
};

//  TRANSPORT_FORMAT_LIST (§5.2.11)  | TF type (2) x n, most preferred first |
struct TransportFormatList {
  static constexpr ParamType kType = ParamType::transport_format_list;
  U16List formats;

  static base::Result<TransportFormatList, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return formats.byte_size(); }
  void write(std::span<std::uint8_t> out) const { formats.write(out); }
};

}  // namespace hip::wire
