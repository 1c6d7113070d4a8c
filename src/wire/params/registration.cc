#include "wire/params/registration.h"

#include <cmath>

#include "wire/params/common.h"

namespace hip::wire {

base::Result<RegInfo, ParseError> RegInfo::parse(const Param& p) {
  if (p.contents.size() < 2) return detail::bad_length(p);
  return RegInfo{p.contents[0], p.contents[1], U8List::from_wire(p.contents.subspan(2))};
}

void RegInfo::write(std::span<std::uint8_t> out) const {
  out[0] = min_lifetime;
  out[1] = max_lifetime;
  reg_types.write(out.subspan(2));
}

template <ParamType T>
base::Result<RegList<T>, ParseError> RegList<T>::parse(const Param& p) {
  if (p.contents.size() < 2) return detail::bad_length(p);  // at least one type
  return RegList{p.contents[0], U8List::from_wire(p.contents.subspan(1))};
}

template <ParamType T>
void RegList<T>::write(std::span<std::uint8_t> out) const {
  out[0] = first;
  reg_types.write(out.subspan(1));
}

template struct RegList<ParamType::reg_request>;
template struct RegList<ParamType::reg_response>;
template struct RegList<ParamType::reg_failed>;

double reg_lifetime_seconds(std::uint8_t value) {
  if (value == 0) return 0;
  return std::pow(2.0, (static_cast<double>(value) - 64.0) / 8.0);
}

}  // namespace hip::wire
