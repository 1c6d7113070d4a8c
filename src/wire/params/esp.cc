#include "wire/params/esp.h"

#include "base/bytes.h"
#include "wire/params/common.h"

namespace hip::wire {

base::Result<EspInfo, ParseError> EspInfo::parse(const Param& p) {
  if (p.contents.size() != 12) return detail::bad_length(p);
  return EspInfo{base::get_u16(p.contents, 0), base::get_u16(p.contents, 2),
                 base::get_u32(p.contents, 4), base::get_u32(p.contents, 8)};
}

void EspInfo::write(std::span<std::uint8_t> out) const {
  base::put_u16(out, 0, reserved);
  base::put_u16(out, 2, keymat_index);
  base::put_u32(out, 4, old_spi);
  base::put_u32(out, 8, new_spi);
}

base::Result<EspTransform, ParseError> EspTransform::parse(const Param& p) {
  if (p.contents.size() < 4 || p.contents.size() % 2 != 0) return detail::bad_length(p);
  return EspTransform{base::get_u16(p.contents, 0), U16List::from_wire(p.contents.subspan(2))};
}

void EspTransform::write(std::span<std::uint8_t> out) const {
  base::put_u16(out, 0, reserved);
  suites.write(out.subspan(2));
}

}  // namespace hip::wire
