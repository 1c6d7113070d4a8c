#include "wire/params/relay.h"

#include <algorithm>

#include "base/bytes.h"
#include "wire/params/common.h"

namespace hip::wire {
namespace {

std::span<const std::uint8_t, 16> sixteen(std::span<const std::uint8_t> b, std::size_t at) {
  return std::span<const std::uint8_t, 16>(b.data() + at, 16);
}

}  // namespace

template <ParamType T>
base::Result<AddressPortParam<T>, ParseError> AddressPortParam<T>::parse(const Param& p) {
  if (p.contents.size() != 20) return detail::bad_length(p);
  return AddressPortParam{base::get_u16(p.contents, 0), p.contents[2], p.contents[3],
                          sixteen(p.contents, 4)};
}

template <ParamType T>
void AddressPortParam<T>::write(std::span<std::uint8_t> out) const {
  base::put_u16(out, 0, port);
  out[2] = protocol;
  out[3] = reserved;
  std::copy(address_bytes.begin(), address_bytes.end(), out.begin() + 4);
}

template struct AddressPortParam<ParamType::reg_from>;
template struct AddressPortParam<ParamType::relay_from>;
template struct AddressPortParam<ParamType::relay_to>;

base::Result<From, ParseError> From::parse(const Param& p) {
  if (p.contents.size() != 16) return detail::bad_length(p);
  return From{sixteen(p.contents, 0)};
}

void From::write(std::span<std::uint8_t> out) const {
  std::copy(address_bytes.begin(), address_bytes.end(), out.begin());
}

base::IpAddress ViaRvs::address(std::size_t i) const {
  return base::IpAddress::from_16_bytes(sixteen(addresses, i * 16));
}

base::Result<ViaRvs, ParseError> ViaRvs::parse(const Param& p) {
  if (p.contents.empty() || p.contents.size() % 16 != 0) return detail::bad_length(p);
  return ViaRvs{p.contents};
}

void ViaRvs::write(std::span<std::uint8_t> out) const {
  std::copy(addresses.begin(), addresses.end(), out.begin());
}

base::Result<NatTraversalMode, ParseError> NatTraversalMode::parse(const Param& p) {
  if (p.contents.size() < 4 || p.contents.size() % 2 != 0) return detail::bad_length(p);
  return NatTraversalMode{base::get_u16(p.contents, 0), U16List::from_wire(p.contents.subspan(2))};
}

void NatTraversalMode::write(std::span<std::uint8_t> out) const {
  base::put_u16(out, 0, reserved);
  modes.write(out.subspan(2));
}

base::Result<TransactionPacing, ParseError> TransactionPacing::parse(const Param& p) {
  if (p.contents.size() != 4) return detail::bad_length(p);
  return TransactionPacing{base::get_u32(p.contents, 0)};
}

}  // namespace hip::wire
