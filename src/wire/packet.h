// Zero-copy parsing of a HIP packet: the fixed header (RFC 7401 §5.1) and the
// TLV parameters behind it (§5.2.1). A PacketView points into the caller's
// datagram and must not outlive it. Parsing validates every TLV boundary once,
// so iteration and look-ups afterwards cannot read out of bounds.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Next Header   | Header Length |0| Packet Type |Version| RES.|1|
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Checksum             |           Controls            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                Sender's Host Identity Tag (HIT)               |
// |                Receiver's Host Identity Tag (HIT)             |
// /                        HIP Parameters                         /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <vector>

#include "base/hit.h"
#include "base/result.h"
#include "wire/packet_type.h"
#include "wire/param_type.h"
#include "wire/parse_error.h"

namespace hip::wire {

inline constexpr std::size_t kHeaderSize = 40;
inline constexpr std::size_t kMaxPacketSize = (255 + 1) * 8;

struct Header {
  std::uint8_t next_header = kNextHeaderNone;
  std::uint8_t header_length = 4;  // in 8-byte units, not counting the first 8 bytes
  PacketType type = PacketType::i1;
  std::uint8_t version = kVersion2;
  std::uint8_t reserved = 0;       // the 3 RES bits; ignored on receipt
  bool fixed_bits_ok = true;       // bit 16 == 0 and bit 31 == 1; ignored on receipt
  std::uint16_t checksum = 0;
  std::uint16_t controls = 0;
  base::Hit sender;
  base::Hit receiver;

  std::size_t packet_size() const { return (std::size_t{header_length} + 1) * 8; }
};

// One TLV as found in the packet.
struct Param {
  std::uint16_t type = 0;
  std::span<const std::uint8_t> contents;  // exactly Length bytes
  std::size_t offset = 0;                  // of the Type field inside the packet
  std::size_t total_size = 0;              // Type + Length + contents + padding

  bool critical() const { return is_critical(type); }
  std::uint16_t length() const { return static_cast<std::uint16_t>(contents.size()); }
};

// Total on-wire size of a parameter with `length` content bytes (§5.2.1):
// 11 + Length - (Length + 3) % 8.
constexpr std::size_t param_total_size(std::size_t length) {
  return 11 + length - (length + 3) % 8;
}

struct ParseOptions {
  // §5.2.1: out-of-order parameters make the packet malformed. Only the
  // inspector turns this off, to show such packets anyway.
  bool enforce_order = true;
  // Unknown critical parameters stop processing (§5.2.1); the error carries the
  // type so that the engine can answer UNSUPPORTED_CRITICAL_PARAMETER_TYPE.
  bool reject_unknown_critical = true;
};

class ParamIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = Param;
  using difference_type = std::ptrdiff_t;
  using pointer = const Param*;
  using reference = const Param&;

  ParamIterator() = default;
  ParamIterator(std::span<const std::uint8_t> packet, std::size_t offset);
  const Param& operator*() const { return current_; }
  const Param* operator->() const { return &current_; }
  ParamIterator& operator++();
  ParamIterator operator++(int) { auto copy = *this; ++*this; return copy; }
  friend bool operator==(const ParamIterator& a, const ParamIterator& b) {
    return a.current_.offset == b.current_.offset;
  }

 private:
  void load();
  std::span<const std::uint8_t> packet_;
  Param current_;
};

class PacketView {
 public:
  const Header& header() const { return header_; }
  // Exactly the HIP packet: (Header Length + 1) * 8 bytes.
  std::span<const std::uint8_t> bytes() const { return bytes_; }
  // Bytes the datagram carried after the HIP packet (ignored by the protocol).
  std::size_t trailing_bytes() const { return trailing_; }

  ParamIterator begin() const { return {bytes_, kHeaderSize}; }
  ParamIterator end() const { return {bytes_, bytes_.size()}; }

  std::optional<Param> find(std::uint16_t type) const;
  std::optional<Param> find(ParamType type) const { return find(static_cast<std::uint16_t>(type)); }
  std::size_t count(std::uint16_t type) const;

  // Typed access: P is one of the parameter types in wire/params/.
  template <class P>
  base::Result<P, ParseError> get() const {
    auto p = find(P::kType);
    if (!p) {
      return base::unexpected(ParseError{ParseErrorCode::missing_parameter, bytes_.size(),
                                         static_cast<std::uint16_t>(P::kType)});
    }
    return P::parse(*p);
  }
  // Absent is fine; present but malformed is an error.
  template <class P>
  base::Result<std::optional<P>, ParseError> get_optional() const {
    auto p = find(P::kType);
    if (!p) return std::optional<P>{};
    auto parsed = P::parse(*p);
    if (!parsed) return base::unexpected(parsed.error());
    return std::optional<P>{*parsed};
  }

 private:
  friend base::Result<PacketView, ParseError> parse_packet(std::span<const std::uint8_t>,
                                                           ParseOptions);
  Header header_;
  std::span<const std::uint8_t> bytes_;
  std::size_t trailing_ = 0;
};

// The fixed header alone (checks size, Header Length, version, packet type).
base::Result<Header, ParseError> parse_header(std::span<const std::uint8_t> datagram);

// Header and every TLV. Does not check the checksum (it needs the IP addresses:
// see wire/checksum.h).
base::Result<PacketView, ParseError> parse_packet(std::span<const std::uint8_t> datagram,
                                                  ParseOptions options = {});

// Offsets of the parameters whose type is lower than the one before them (for
// the inspector, which parses with enforce_order = false).
std::vector<std::size_t> order_violations(const PacketView& packet);

}  // namespace hip::wire
