#include "wire/builder.h"

#include <algorithm>

#include "base/bytes.h"

namespace hip::wire {

PacketBuilder::PacketBuilder(std::span<std::uint8_t> buffer, PacketType type,
                             const base::Hit& sender, const base::Hit& receiver,
                             std::uint16_t controls, std::uint8_t version)
    : buffer_(buffer.first(std::min(buffer.size(), kMaxPacketSize))) {
  if (buffer_.size() < kHeaderSize) {
    failed_ = true;
    return;
  }
  buffer_[0] = kNextHeaderNone;
  buffer_[1] = 4;
  buffer_[2] = static_cast<std::uint8_t>(type) & 0x7f;  // fixed bit 16 = 0
  buffer_[3] = static_cast<std::uint8_t>((version << 4) | 0x01);  // RES = 0, fixed bit 31 = 1
  base::put_u16(buffer_, 4, 0);
  base::put_u16(buffer_, 6, controls);
  std::copy(sender.bytes.begin(), sender.bytes.end(), buffer_.begin() + 8);
  std::copy(receiver.bytes.begin(), receiver.bytes.end(), buffer_.begin() + 24);
  size_ = kHeaderSize;
}

base::Result<std::span<std::uint8_t>, ParseError> PacketBuilder::begin_param(std::uint16_t type,
                                                                             std::size_t length) {
  if (failed_ || length > 0xffff || param_total_size(length) > buffer_.size() - size_) {
    return base::unexpected(ParseError{ParseErrorCode::no_buffer, size_, type});
  }
  if (enforce_order_ && type < last_type_) {
    return base::unexpected(ParseError{ParseErrorCode::out_of_order, size_, type});
  }
  const std::size_t total = param_total_size(length);
  auto tlv = buffer_.subspan(size_, total);
  base::put_u16(tlv, 0, type);
  base::put_u16(tlv, 2, static_cast<std::uint16_t>(length));
  std::fill(tlv.begin() + 4 + static_cast<std::ptrdiff_t>(length), tlv.end(), std::uint8_t{0});
  size_ += total;
  last_type_ = type;
  return tlv.subspan(4, length);
}

BuildResult PacketBuilder::add_raw(std::uint16_t type, std::span<const std::uint8_t> contents) {
  auto out = begin_param(type, contents.size());
  if (!out) return base::unexpected(out.error());
  std::copy(contents.begin(), contents.end(), out->begin());
  return {};
}

std::span<const std::uint8_t> PacketBuilder::written() {
  if (failed_) return {};
  buffer_[1] = static_cast<std::uint8_t>(size_ / 8 - 1);
  return buffer_.first(size_);
}

base::Result<std::span<std::uint8_t>, ParseError> PacketBuilder::finish() {
  if (failed_) return base::unexpected(ParseError{ParseErrorCode::no_buffer, 0, 0});
  buffer_[1] = static_cast<std::uint8_t>(size_ / 8 - 1);
  return buffer_.first(size_);
}

}  // namespace hip::wire
