// Parameters whose contents are one opaque byte string: the MACs (HIP_MAC,
// HIP_MAC_2, RVS_HMAC, RELAY_HMAC) and the four ECHO parameters.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>

#include "base/result.h"
#include "wire/packet.h"
#include "wire/params/common.h"

namespace hip::wire {

template <ParamType T, std::size_t MinLength>
struct OpaqueParam {
  static constexpr ParamType kType = T;
  std::span<const std::uint8_t> data;

  static base::Result<OpaqueParam, ParseError> parse(const Param& p) {
    if (p.contents.size() < MinLength) return detail::bad_length(p);
    return OpaqueParam{p.contents};
  }
  std::size_t contents_size() const { return data.size(); }
  void write(std::span<std::uint8_t> out) const { std::copy(data.begin(), data.end(), out.begin()); }
};

// RFC 7401 §5.2.12-13, RFC 8004 §4.2.1, RFC 5770 §5.8. An HMAC is never empty;
// its exact length (RHASH output) is checked where the key is known.
using HipMac = OpaqueParam<ParamType::hip_mac, 1>;
using HipMac2 = OpaqueParam<ParamType::hip_mac_2, 1>;
using RvsHmac = OpaqueParam<ParamType::rvs_hmac, 1>;
using RelayHmac = OpaqueParam<ParamType::relay_hmac, 1>;

// RFC 7401 §5.2.20-23: opaque data, echoed verbatim.
using EchoRequestSigned = OpaqueParam<ParamType::echo_request_signed, 1>;
using EchoResponseSigned = OpaqueParam<ParamType::echo_response_signed, 1>;
using EchoRequestUnsigned = OpaqueParam<ParamType::echo_request_unsigned, 1>;
using EchoResponseUnsigned = OpaqueParam<ParamType::echo_response_unsigned, 1>;

}  // namespace hip::wire
