// UPDATE and NOTIFY parameters: SEQ, ACK (RFC 7401 §5.2.16-17) and
// NOTIFICATION (§5.2.19), with the notification type numbers.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "base/result.h"
#include "wire/packet.h"
#include "wire/params/list.h"

namespace hip::wire {

//  SEQ (§5.2.16)  | Update ID (4) |
struct Seq {
  static constexpr ParamType kType = ParamType::seq;
  std::uint32_t update_id = 0;

  static base::Result<Seq, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 4; }
  void write(std::span<std::uint8_t> out) const { base::put_u32(out, 0, update_id); }
};

//  ACK (§5.2.17)  | peer Update ID (4) x n |
struct Ack {
  static constexpr ParamType kType = ParamType::ack;
  U32List update_ids;

  static base::Result<Ack, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return update_ids.byte_size(); }
  void write(std::span<std::uint8_t> out) const { update_ids.write(out); }
};

//  NOTIFICATION (§5.2.19)  | Reserved (2) | Notify Message Type (2) | Notification Data |
struct Notification {
  static constexpr ParamType kType = ParamType::notification;
  std::uint16_t reserved = 0;
  std::uint16_t notify_type = 0;
  std::span<const std::uint8_t> data;

  static base::Result<Notification, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 4 + data.size(); }
  void write(std::span<std::uint8_t> out) const;
};

// Notify Message Types. 0-16383 are errors, 16384-65535 status.
namespace notify {
inline constexpr std::uint16_t kUnsupportedCriticalParameterType = 1;  // 7401 §5.2.19
inline constexpr std::uint16_t kInvalidSyntax = 7;
inline constexpr std::uint16_t kNoDhProposalChosen = 14;
inline constexpr std::uint16_t kInvalidDhChosen = 15;
inline constexpr std::uint16_t kNoHipProposalChosen = 16;
inline constexpr std::uint16_t kInvalidHipCipherChosen = 17;
inline constexpr std::uint16_t kNoEspProposalChosen = 18;              // 7402 §5.1.3
inline constexpr std::uint16_t kInvalidEspTransformChosen = 19;        // 7402 §5.1.3
inline constexpr std::uint16_t kUnsupportedHitSuite = 20;
inline constexpr std::uint16_t kAuthenticationFailed = 24;
inline constexpr std::uint16_t kChecksumFailed = 26;
inline constexpr std::uint16_t kHipMacFailed = 28;
inline constexpr std::uint16_t kEncryptionFailed = 32;
inline constexpr std::uint16_t kInvalidHit = 40;
inline constexpr std::uint16_t kBlockedByPolicy = 42;
inline constexpr std::uint16_t kResponderBusyPleaseRetry = 44;
inline constexpr std::uint16_t kLocatorTypeUnsupported = 46;           // 8046 §7
inline constexpr std::uint16_t kRegRequired = 51;                      // 8003 §3.2
inline constexpr std::uint16_t kNoValidNatTraversalModeParameter = 60; // 5770 §5.10
inline constexpr std::uint16_t kConnectivityChecksFailed = 61;         // 5770 §5.10
inline constexpr std::uint16_t kMessageNotRelayed = 62;                // 5770 §5.10
inline constexpr std::uint16_t kI2Acknowledgement = 16384;             // status
}  // namespace notify

// RFC name of a notify type, or empty when unassigned.
std::string_view notify_type_name(std::uint16_t type);

}  // namespace hip::wire
