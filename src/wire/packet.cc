#include "wire/packet.h"

#include "base/bytes.h"

namespace hip::wire {
namespace {

using base::get_u16;

base::Unexpected<ParseError> fail(ParseErrorCode code, std::size_t offset, std::uint16_t detail = 0) {
  return base::unexpected(ParseError{code, offset, detail});
}

}  // namespace

ParamIterator::ParamIterator(std::span<const std::uint8_t> packet, std::size_t offset)
    : packet_(packet) {
  current_.offset = offset;
  load();
}

// Only ever walks packets that parse_packet already validated.
void ParamIterator::load() {
  std::size_t at = current_.offset;
  if (at + 4 > packet_.size()) {
    current_ = Param{0, {}, packet_.size(), 0};
    return;
  }
  std::uint16_t length = get_u16(packet_, at + 2);
  current_.type = get_u16(packet_, at);
  current_.contents = packet_.subspan(at + 4, length);
  current_.total_size = param_total_size(length);
}

ParamIterator& ParamIterator::operator++() {
  current_.offset += current_.total_size;
  load();
  return *this;
}

std::optional<Param> PacketView::find(std::uint16_t type) const {
  for (const Param& p : *this) {
    if (p.type == type) return p;
  }
  return std::nullopt;
}

std::size_t PacketView::count(std::uint16_t type) const {
  std::size_t n = 0;
  for (const Param& p : *this) n += p.type == type ? 1 : 0;
  return n;
}

base::Result<Header, ParseError> parse_header(std::span<const std::uint8_t> datagram) {
  if (datagram.size() < kHeaderSize) return fail(ParseErrorCode::truncated_header, datagram.size());
  Header h;
  h.next_header = datagram[0];
  h.header_length = datagram[1];
  if (h.header_length < 4) return fail(ParseErrorCode::bad_header_length, 1);
  if (datagram.size() < h.packet_size()) return fail(ParseErrorCode::length_mismatch, 1);
  h.version = datagram[3] >> 4;
  if (h.version != kVersion1 && h.version != kVersion2) {
    return fail(ParseErrorCode::unsupported_version, 3);
  }
  auto type = packet_type_from(datagram[2] & 0x7f);
  if (!type) return fail(ParseErrorCode::unknown_packet_type, 2);
  h.type = *type;
  h.reserved = (datagram[3] >> 1) & 0x07;
  h.fixed_bits_ok = (datagram[2] & 0x80) == 0 && (datagram[3] & 0x01) == 1;
  h.checksum = get_u16(datagram, 4);
  h.controls = get_u16(datagram, 6);
  h.sender = base::Hit::from(datagram.subspan<8, 16>());
  h.receiver = base::Hit::from(datagram.subspan<24, 16>());
  return h;
}

base::Result<PacketView, ParseError> parse_packet(std::span<const std::uint8_t> datagram,
                                                  ParseOptions options) {
  auto header = parse_header(datagram);
  if (!header) return base::unexpected(header.error());

  PacketView view;
  view.header_ = *header;
  view.bytes_ = datagram.first(header->packet_size());
  view.trailing_ = datagram.size() - view.bytes_.size();

  const auto packet = view.bytes_;
  std::size_t at = kHeaderSize;
  std::uint16_t previous_type = 0;
  while (at < packet.size()) {
    if (packet.size() - at < 4) return fail(ParseErrorCode::truncated_parameter, at);
    std::uint16_t type = get_u16(packet, at);
    std::size_t length = get_u16(packet, at + 2);
    // Packets and TLVs are 8-byte aligned, so contents that fit leave room
    // for their padding too.
    if (4 + length > packet.size() - at) return fail(ParseErrorCode::truncated_parameter, at, type);
    if (options.enforce_order && type < previous_type) {
      return fail(ParseErrorCode::out_of_order, at, type);
    }
    if (options.reject_unknown_critical && is_critical(type) &&
        !is_known_param(type, header->version)) {
      return fail(ParseErrorCode::unknown_critical_parameter, at, type);
    }
    previous_type = type;
    at += param_total_size(length);
  }
  return view;
}

std::vector<std::size_t> order_violations(const PacketView& packet) {
  std::vector<std::size_t> offsets;
  std::uint16_t previous_type = 0;
  for (const Param& p : packet) {
    if (p.type < previous_type) offsets.push_back(p.offset);
    previous_type = p.type;
  }
  return offsets;
}

}  // namespace hip::wire
