// Rendezvous (RFC 8004 §4.2: FROM, VIA_RVS) and NAT traversal (RFC 5770 §5:
// NAT_TRAVERSAL_MODE, TRANSACTION_PACING, REG_FROM, RELAY_FROM, RELAY_TO)
// parameters. The RVS_HMAC and RELAY_HMAC are in opaque.h.
#pragma once

#include <cstdint>
#include <span>

#include "base/ip_address.h"
#include "base/result.h"
#include "wire/packet.h"
#include "wire/params/list.h"

namespace hip::wire {

//  REG_FROM / RELAY_FROM / RELAY_TO (RFC 5770 §5.6)
//  | Port (2) | Protocol (1) | Reserved (1) | Address (16) |
template <ParamType T>
struct AddressPortParam {
  static constexpr ParamType kType = T;
  std::uint16_t port = 0;
  std::uint8_t protocol = 0;  // 17 = UDP, 0 = plain IP
  std::uint8_t reserved = 0;
  std::span<const std::uint8_t, 16> address_bytes;

  base::IpAddress address() const { return base::IpAddress::from_16_bytes(address_bytes); }
  static base::Result<AddressPortParam, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 20; }
  void write(std::span<std::uint8_t> out) const;
};
using RegFrom = AddressPortParam<ParamType::reg_from>;
using RelayFrom = AddressPortParam<ParamType::relay_from>;
using RelayTo = AddressPortParam<ParamType::relay_to>;

//  FROM (RFC 8004 §4.2.2)  | Address (16) |
struct From {
  static constexpr ParamType kType = ParamType::from;
  std::span<const std::uint8_t, 16> address_bytes;

  base::IpAddress address() const { return base::IpAddress::from_16_bytes(address_bytes); }
  static base::Result<From, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 16; }
  void write(std::span<std::uint8_t> out) const;
};

//  VIA_RVS (RFC 8004 §4.2.3)  | Address (16) x n |
struct ViaRvs {
  static constexpr ParamType kType = ParamType::via_rvs;
  std::span<const std::uint8_t> addresses;  // n x 16 bytes

  std::size_t size() const { return addresses.size() / 16; }
  base::IpAddress address(std::size_t i) const;
  static base::Result<ViaRvs, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return addresses.size(); }
  void write(std::span<std::uint8_t> out) const;
};

//  NAT_TRAVERSAL_MODE (RFC 5770 §5.4)  | Reserved (2) | Mode ID (2) x n |
struct NatTraversalMode {
  static constexpr ParamType kType = ParamType::nat_traversal_mode;
  std::uint16_t reserved = 0;
  U16List modes;  // 1 UDP-ENCAPSULATION, 2 ICE-STUN-UDP

  static base::Result<NatTraversalMode, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 2 + modes.byte_size(); }
  void write(std::span<std::uint8_t> out) const;
};

//  TRANSACTION_PACING (RFC 5770 §5.5)  | Min Ta (4, milliseconds) |
struct TransactionPacing {
  static constexpr ParamType kType = ParamType::transaction_pacing;
  std::uint32_t min_ta_ms = 0;

  static base::Result<TransactionPacing, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 4; }
  void write(std::span<std::uint8_t> out) const { base::put_u32(out, 0, min_ta_ms); }
};

}  // namespace hip::wire
