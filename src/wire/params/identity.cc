#include "wire/params/identity.h"

#include <algorithm>

#include "base/bytes.h"
#include "wire/params/common.h"

namespace hip::wire {

using base::get_u16;
using base::put_u16;
using detail::bad_length;

base::Result<HostId, ParseError> HostId::parse(const Param& p) {
  if (p.contents.size() < 6) return bad_length(p);
  const std::size_t hi_length = get_u16(p.contents, 0);
  const std::uint16_t di = get_u16(p.contents, 2);
  const std::size_t di_length = di & 0x0fff;
  if (hi_length == 0 || 6 + hi_length + di_length != p.contents.size()) return bad_length(p);
  const auto di_type = static_cast<std::uint8_t>(di >> 12);
  if (di_type == 0 && di_length != 0) return detail::bad_value(p);
  return HostId{di_type, get_u16(p.contents, 4), p.contents.subspan(6, hi_length),
                p.contents.subspan(6 + hi_length, di_length)};
}

void HostId::write(std::span<std::uint8_t> out) const {
  put_u16(out, 0, static_cast<std::uint16_t>(host_identity.size()));
  put_u16(out, 2, static_cast<std::uint16_t>((di_type << 12) | (domain_identifier.size() & 0x0fff)));
  put_u16(out, 4, algorithm);
  auto at = std::copy(host_identity.begin(), host_identity.end(), out.begin() + 6);
  std::copy(domain_identifier.begin(), domain_identifier.end(), at);
}

template <ParamType T>
base::Result<SignatureParam<T>, ParseError> SignatureParam<T>::parse(const Param& p) {
  if (p.contents.size() < 3) return bad_length(p);
  return SignatureParam{get_u16(p.contents, 0), p.contents.subspan(2)};
}

template <ParamType T>
void SignatureParam<T>::write(std::span<std::uint8_t> out) const {
  put_u16(out, 0, algorithm);
  std::copy(signature.begin(), signature.end(), out.begin() + 2);
}

template struct SignatureParam<ParamType::hip_signature>;
template struct SignatureParam<ParamType::hip_signature_2>;

base::Result<Encrypted, ParseError> Encrypted::parse(const Param& p) {
  if (p.contents.size() < 5) return bad_length(p);
  return Encrypted{base::get_u32(p.contents, 0), p.contents.subspan(4)};
}

void Encrypted::write(std::span<std::uint8_t> out) const {
  base::put_u32(out, 0, reserved);
  std::copy(iv_and_data.begin(), iv_and_data.end(), out.begin() + 4);
}

base::Result<Cert, ParseError> Cert::parse(const Param& p) {
  if (p.contents.size() < 5) return bad_length(p);
  return Cert{p.contents[0], p.contents[1], p.contents[2], p.contents[3], p.contents.subspan(4)};
}

void Cert::write(std::span<std::uint8_t> out) const {
  out[0] = group;
  out[1] = count;
  out[2] = id;
  out[3] = cert_type;
  std::copy(certificate.begin(), certificate.end(), out.begin() + 4);
}

}  // namespace hip::wire
