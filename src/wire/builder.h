// Writes a HIP packet into a caller-owned buffer: the header, then parameters
// in ascending type order (RFC 7401 §5.2.1), each zero-padded to 8 bytes.
// Nothing is allocated. finish() fixes Header Length; the checksum is written
// by wire/checksum.h once the IP addresses are known (or left 0 for UDP, as
// RFC 5770 §5.1 requires).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/hit.h"
#include "base/result.h"
#include "wire/packet.h"
#include "wire/packet_type.h"
#include "wire/parse_error.h"

namespace hip::wire {

using BuildResult = base::Result<void, ParseError>;

class PacketBuilder {
 public:
  PacketBuilder(std::span<std::uint8_t> buffer, PacketType type, const base::Hit& sender,
                const base::Hit& receiver, std::uint16_t controls = 0,
                std::uint8_t version = kVersion2);

  // Reserves a parameter of `length` content bytes and returns the span to
  // fill. Refuses a type lower than the previous one unless the builder was
  // told to allow it (tests craft malformed packets that way).
  base::Result<std::span<std::uint8_t>, ParseError> begin_param(std::uint16_t type,
                                                                std::size_t length);
  BuildResult add_raw(std::uint16_t type, std::span<const std::uint8_t> contents);

  // P is a parameter type of wire/params/ (kType, contents_size(), write()).
  template <class P>
  BuildResult add(const P& param) {
    auto out = begin_param(static_cast<std::uint16_t>(P::kType), param.contents_size());
    if (!out) return base::unexpected(out.error());
    param.write(*out);
    return {};
  }

  void allow_any_order() { enforce_order_ = false; }
  std::size_t size() const { return size_; }
  bool failed() const { return failed_; }

  // The packet so far with Header Length set to it: what a MAC or signature
  // placed next covers (the signers zero the checksum in their own copy).
  std::span<const std::uint8_t> written();

  // Sets Header Length and returns the finished packet (checksum still 0).
  base::Result<std::span<std::uint8_t>, ParseError> finish();

 private:
  std::span<std::uint8_t> buffer_;
  std::size_t size_ = 0;
  std::uint16_t last_type_ = 0;
  bool enforce_order_ = true;
  bool failed_ = false;  // the buffer could not even hold the header
};

}  // namespace hip::wire
