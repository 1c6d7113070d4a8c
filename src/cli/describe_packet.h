// Describes one HIP packet found in a capture: where it came from, its fixed
// header (RFC 7401 §5.1) with the checksum checked against the addresses it
// travelled with, the two HITs and every parameter (describe_param.h).
//
// Problems are sorted by what they mean for the packet:
//   errors     - the packet would be dropped: it does not parse, a known
//                parameter is malformed, or the checksum is wrong (over UDP:
//                not zero, RFC 5770 §5.1).
//   violations - the rules are broken but the packet is still shown in full:
//                parameters out of order (§5.2.1), unknown critical
//                parameters, fixed header bits, trailing bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/frame_classifier.h"

namespace hip::cli {

struct FrameTime {
  std::uint64_t number = 0;
  std::int64_t seconds = 0;       // since the epoch
  std::uint32_t nanoseconds = 0;
  double relative = 0;            // seconds since the capture's first frame
};

struct PacketReport {
  nlohmann::ordered_json json;
  std::vector<std::string> lines;  // text mode, ready to print
  bool has_errors = false;
};

// `frame.kind` must be FrameKind::hip.
PacketReport describe_hip_packet(const FrameTime& time, const ClassifiedFrame& frame);

// "2025-02-20T15:28:26.320724000Z"
std::string utc_timestamp(std::int64_t seconds, std::uint32_t nanoseconds);

}  // namespace hip::cli
