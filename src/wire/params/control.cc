#include "wire/params/control.h"

#include <algorithm>

#include "base/bytes.h"
#include "wire/params/common.h"

namespace hip::wire {

base::Result<Seq, ParseError> Seq::parse(const Param& p) {
  if (p.contents.size() != 4) return detail::bad_length(p);
  return Seq{base::get_u32(p.contents, 0)};
}

base::Result<Ack, ParseError> Ack::parse(const Param& p) {
  if (p.contents.empty() || p.contents.size() % 4 != 0) return detail::bad_length(p);
  return Ack{U32List::from_wire(p.contents)};
}

base::Result<Notification, ParseError> Notification::parse(const Param& p) {
  if (p.contents.size() < 4) return detail::bad_length(p);
  return Notification{base::get_u16(p.contents, 0), base::get_u16(p.contents, 2),
                      p.contents.subspan(4)};
}

void Notification::write(std::span<std::uint8_t> out) const {
  base::put_u16(out, 0, reserved);
  base::put_u16(out, 2, notify_type);
  std::copy(data.begin(), data.end(), out.begin() + 4);
}

std::string_view notify_type_name(std::uint16_t type) {
  switch (type) {
    case notify::kUnsupportedCriticalParameterType: return "UNSUPPORTED_CRITICAL_PARAMETER_TYPE";
    case notify::kInvalidSyntax: return "INVALID_SYNTAX";
    case notify::kNoDhProposalChosen: return "NO_DH_PROPOSAL_CHOSEN";
    case notify::kInvalidDhChosen: return "INVALID_DH_CHOSEN";
    case notify::kNoHipProposalChosen: return "NO_HIP_PROPOSAL_CHOSEN";
    case notify::kInvalidHipCipherChosen: return "INVALID_HIP_CIPHER_CHOSEN";
    case notify::kNoEspProposalChosen: return "NO_ESP_PROPOSAL_CHOSEN";
    case notify::kInvalidEspTransformChosen: return "INVALID_ESP_TRANSFORM_CHOSEN";
    case notify::kUnsupportedHitSuite: return "UNSUPPORTED_HIT_SUITE";
    case notify::kAuthenticationFailed: return "AUTHENTICATION_FAILED";
    case notify::kChecksumFailed: return "CHECKSUM_FAILED";
    case notify::kHipMacFailed: return "HIP_MAC_FAILED";
    case notify::kEncryptionFailed: return "ENCRYPTION_FAILED";
    case notify::kInvalidHit: return "INVALID_HIT";
    case notify::kBlockedByPolicy: return "BLOCKED_BY_POLICY";
    case notify::kResponderBusyPleaseRetry: return "RESPONDER_BUSY_PLEASE_RETRY";
    case notify::kLocatorTypeUnsupported: return "LOCATOR_TYPE_UNSUPPORTED";
    case notify::kRegRequired: return "REG_REQUIRED";
    case notify::kNoValidNatTraversalModeParameter: return "NO_VALID_NAT_TRAVERSAL_MODE_PARAMETER";
    case notify::kConnectivityChecksFailed: return "CONNECTIVITY_CHECKS_FAILED";
    case notify::kMessageNotRelayed: return "MESSAGE_NOT_RELAYED";
    case notify::kI2Acknowledgement: return "I2_ACKNOWLEDGEMENT";
    default: return {};
  }
}

}  // namespace hip::wire
