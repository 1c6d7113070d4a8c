#include "crypto/signature_packet.h"

#include <algorithm>
#include <array>

#include "wire/coverage.h"
#include "wire/params/identity.h"

namespace hip::crypto {
namespace {

using wire::ParamType;

constexpr std::size_t kReceiverHitOffset = 24;  // RFC 7401 §5.1
constexpr std::size_t kHitSize = 16;
constexpr std::size_t kPuzzleOpaqueOffset = 2;  // within PUZZLE contents (§5.2.4)

using Buffer = std::array<std::uint8_t, wire::kMaxPacketSize>;

// §5.2.15: zero the receiver HIT and every PUZZLE's Opaque and #I in the
// covered copy (which is itself a well-formed HIP packet).
base::Result<void, SignatureError> zero_for_signature_2(std::span<std::uint8_t> covered) {
  std::fill_n(covered.begin() + kReceiverHitOffset, kHitSize, std::uint8_t{0});
  auto view = wire::parse_packet(covered, {.enforce_order = false, .reject_unknown_critical = false});
  if (!view) return base::unexpected(SignatureError::bad_packet);
  for (const wire::Param& p : *view) {
    if (p.type != static_cast<std::uint16_t>(ParamType::puzzle)) continue;
    const std::size_t contents = p.offset + 4;
    for (std::size_t i = kPuzzleOpaqueOffset; i < p.contents.size(); ++i) covered[contents + i] = 0;
  }
  return {};
}

template <class SignatureParam>
base::Result<void, SignatureError> verify_packet(const wire::PacketView& packet, const PublicKey& key) {
  const auto param = packet.find(SignatureParam::kType);
  if (!param) return base::unexpected(SignatureError::missing_signature);
  const auto parsed = SignatureParam::parse(*param);
  if (!parsed) return base::unexpected(SignatureError::malformed_parameter);
  if (parsed->algorithm != static_cast<std::uint16_t>(key.algorithm())) {
    return base::unexpected(SignatureError::algorithm_mismatch);
  }
  Buffer buffer;
  auto covered = signed_bytes(packet, SignatureParam::kType, buffer);
  if (!covered) return base::unexpected(covered.error());
  return verify_bytes(key, *covered, parsed->signature);
}

base::Result<std::vector<std::uint8_t>, SignatureError> sign_packet(
    std::span<const std::uint8_t> unsigned_packet, ParamType type, const PrivateKey& key) {
  Buffer input;
  if (unsigned_packet.size() < wire::kHeaderSize || unsigned_packet.size() % 8 != 0 ||
      unsigned_packet.size() > input.size()) {
    return base::unexpected(SignatureError::bad_packet);
  }
  std::copy(unsigned_packet.begin(), unsigned_packet.end(), input.begin());
  input[1] = static_cast<std::uint8_t>(unsigned_packet.size() / 8 - 1);
  const std::span<const std::uint8_t> packet_bytes(input.data(), unsigned_packet.size());
  auto view = wire::parse_packet(packet_bytes, {.enforce_order = false, .reject_unknown_critical = false});
  if (!view) return base::unexpected(SignatureError::bad_packet);
  Buffer buffer;
  auto covered = signed_bytes(*view, type, buffer);
  if (!covered) return base::unexpected(covered.error());
  return sign_bytes(key, *covered);
}

}  // namespace

base::Result<std::span<std::uint8_t>, SignatureError> signed_bytes(const wire::PacketView& packet,
                                                                   ParamType type,
                                                                   std::span<std::uint8_t> out) {
  auto covered = wire::covered_bytes(packet, static_cast<std::uint16_t>(type), out);
  if (!covered) return base::unexpected(SignatureError::bad_packet);
  if (type == ParamType::hip_signature_2) {
    auto zeroed = zero_for_signature_2(*covered);
    if (!zeroed) return base::unexpected(zeroed.error());
  }
  return *covered;
}

base::Result<void, SignatureError> verify_hip_signature(const wire::PacketView& packet,
                                                        const PublicKey& key) {
  return verify_packet<wire::HipSignature>(packet, key);
}

base::Result<void, SignatureError> verify_hip_signature_2(const wire::PacketView& packet,
                                                          const PublicKey& key) {
  return verify_packet<wire::HipSignature2>(packet, key);
}

base::Result<std::vector<std::uint8_t>, SignatureError> sign_for_hip_signature(
    std::span<const std::uint8_t> unsigned_packet, const PrivateKey& key) {
  return sign_packet(unsigned_packet, ParamType::hip_signature, key);
}

base::Result<std::vector<std::uint8_t>, SignatureError> sign_for_hip_signature_2(
    std::span<const std::uint8_t> unsigned_packet, const PrivateKey& key) {
  return sign_packet(unsigned_packet, ParamType::hip_signature_2, key);
}

}  // namespace hip::crypto
