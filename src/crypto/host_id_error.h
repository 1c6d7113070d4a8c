// Why a Host Identity could not be encoded, decoded or used. Decoding errors
// are about bytes from the network: the engine drops the packet (and may
// answer NOTIFY, RFC 7401 §5.2.19), it never throws.
#pragma once

#include <cstdint>
#include <string_view>

namespace hip::crypto {

enum class IdentityError : std::uint8_t {
  unsupported_algorithm,  // HI algorithm we do not implement (DSA, unknown values)
  unsupported_curve,      // curve label reserved, unknown or not implemented (EdDSA "ph")
  truncated,              // shorter than the fixed fields of its algorithm
  bad_length,             // a length field disagrees with the bytes present
  bad_value,              // a field is out of range (even RSA exponent, non-zero NULL, ...)
  invalid_point,          // EC public key not on its curve
  key_too_small,          // RSA modulus below what we accept
  key_too_large,          // RSA modulus or exponent above what we accept
  unsupported_key,        // a local key of a type or size hipstack does not use
  bad_domain_identifier,  // FQDN/NAI that cannot be encoded (RFC 1035 §3.1 limits)
  openssl_failure,        // OpenSSL refused an operation on a well-formed input
};

std::string_view to_string(IdentityError error);

}  // namespace hip::crypto
