// Registration parameters of RFC 8003 §4: REG_INFO, REG_REQUEST,
// REG_RESPONSE, REG_FAILED. Lifetimes are encoded as 2^((v - 64) / 8) s.
#pragma once

#include <cstdint>
#include <span>

#include "base/result.h"
#include "wire/packet.h"
#include "wire/params/list.h"

namespace hip::wire {

//  REG_INFO  | Min Lifetime (1) | Max Lifetime (1) | Reg Type (1) x n |  (n may be 0)
struct RegInfo {
  static constexpr ParamType kType = ParamType::reg_info;
  std::uint8_t min_lifetime = 0;
  std::uint8_t max_lifetime = 0;
  U8List reg_types;

  static base::Result<RegInfo, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 2 + reg_types.byte_size(); }
  void write(std::span<std::uint8_t> out) const;
};

//  REG_REQUEST / REG_RESPONSE  | Lifetime (1) | Reg Type (1) x n |
//  REG_FAILED                  | Failure Type (1) | Reg Type (1) x n |
template <ParamType T>
struct RegList {
  static constexpr ParamType kType = T;
  std::uint8_t first = 0;  // lifetime, or the failure type for REG_FAILED
  U8List reg_types;

  static base::Result<RegList, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 1 + reg_types.byte_size(); }
  void write(std::span<std::uint8_t> out) const;
};
using RegRequest = RegList<ParamType::reg_request>;
using RegResponse = RegList<ParamType::reg_response>;
using RegFailed = RegList<ParamType::reg_failed>;

// Registration types [8003 §7, 8004, 5770] and the lifetime encoding.
inline constexpr std::uint8_t kRegTypeRendezvous = 1;
inline constexpr std::uint8_t kRegTypeRelayUdpHip = 2;
// Seconds for a lifetime byte (0 = cancel).
double reg_lifetime_seconds(std::uint8_t value);

}  // namespace hip::wire
