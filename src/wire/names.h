// RFC names for the numbers HIP puts on the wire, for the packet inspector
// (hipctl decode) and for log lines. Every function returns an empty
// string_view for a number the RFCs do not assign, so callers can print the
// bare number instead. Names follow the IANA "Host Identity Protocol (HIP)
// Parameters" registry spelling, which is the RFC tables' spelling.
#pragma once

#include <cstdint>
#include <string_view>

#include "wire/parse_error.h"

namespace hip::wire {

// HI and signature algorithms: HOST_ID Algorithm, HIP_SIGNATURE(_2) SIG alg
// (RFC 7401 §5.2.9; EdDSA 13 from RFC 9374 §3.4.1).
namespace hi_algorithm {
inline constexpr std::uint16_t kDsa = 3;
inline constexpr std::uint16_t kRsa = 5;
inline constexpr std::uint16_t kEcdsa = 7;
inline constexpr std::uint16_t kEcdsaLow = 9;
inline constexpr std::uint16_t kEdDsa = 13;
}  // namespace hi_algorithm
std::string_view hi_algorithm_name(std::uint16_t algorithm);

// The 16-bit curve label that starts the Host Identity of the elliptic-curve
// algorithms: ECDSA and ECDSA_LOW (RFC 7401 §5.2.9), EdDSA (RFC 9374
// §3.4.1.1, Table 5). Empty for other algorithms.
std::string_view hi_curve_name(std::uint16_t algorithm, std::uint16_t curve);
// Key size in bits of such a curve (256 for NIST P-256, 255 for Ed25519...),
// 0 when unknown.
unsigned hi_curve_bits(std::uint16_t algorithm, std::uint16_t curve);

// DH Group IDs (RFC 7401 §5.2.7; 1, 2, 5, 6 are the deprecated HIPv1
// groups of RFC 5201 §5.2.6). RFC 9374 assigns no DH group.
std::string_view dh_group_name(std::uint8_t group);

// HIP_CIPHER Cipher IDs (RFC 7401 §5.2.8).
std::string_view hip_cipher_name(std::uint16_t cipher);

// HIPv1 HIP_TRANSFORM Suite IDs (RFC 5201 §5.2.7).
std::string_view hip_transform_v1_name(std::uint16_t suite);

// HIT Suite IDs: the 4-bit OGA ID of a HIT, which is the high nibble of a
// HIT_SUITE_LIST byte (RFC 7401 §5.2.10; 5 EdDSA/cSHAKE128 from RFC 9374
// §3.4.2).
std::string_view hit_suite_name(std::uint8_t oga_id);

// ESP_TRANSFORM Suite IDs (RFC 7402 §5.1.2).
std::string_view esp_suite_name(std::uint16_t suite);

// TRANSPORT_FORMAT_LIST entries: the type number of the transport format's
// parameter (RFC 7401 §5.2.11); 4095 = ESP (RFC 7402 §5.1.2).
std::string_view transport_format_name(std::uint16_t format);

// NAT_TRAVERSAL_MODE Mode IDs (RFC 5770 §5.4; 3 from RFC 9028).
std::string_view nat_traversal_mode_name(std::uint16_t mode);

// Registration types (RFC 8003 §7: 1 from RFC 8004, 2 from RFC 5770, 3-4
// from RFC 9028) and REG_FAILED failure types (RFC 8003 §4.5, 9 from RFC 9028).
std::string_view registration_type_name(std::uint8_t type);
std::string_view registration_failure_name(std::uint8_t failure);

// LOCATOR_SET fields (RFC 8046 §4; locator type 2 from RFC 5770 §5.7) and the
// candidate kind of a transport locator (RFC 5770 §5.7).
std::string_view locator_type_name(std::uint8_t type);
std::string_view traffic_type_name(std::uint8_t type);
std::string_view locator_kind_name(std::uint8_t kind);

// HOST_ID DI-Type (RFC 7401 §5.2.9).
std::string_view di_type_name(std::uint8_t di_type);

// CERT type (RFC 8002 §2).
std::string_view cert_type_name(std::uint8_t cert_type);

// The identifier of a ParseErrorCode ("truncated_parameter"), stable for
// JSON and logs; wire::to_string gives the prose form.
std::string_view parse_error_code_name(ParseErrorCode code);

}  // namespace hip::wire
