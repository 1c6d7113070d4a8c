#include "wire/names.h"

namespace hip::wire {

std::string_view hi_algorithm_name(std::uint16_t algorithm) {
  switch (algorithm) {
    case hi_algorithm::kDsa: return "DSA";
    case hi_algorithm::kRsa: return "RSA";
    case hi_algorithm::kEcdsa: return "ECDSA";
    case hi_algorithm::kEcdsaLow: return "ECDSA_LOW";
    case hi_algorithm::kEdDsa: return "EdDSA";
    default: return {};
  }
}

std::string_view hi_curve_name(std::uint16_t algorithm, std::uint16_t curve) {
  switch (algorithm) {
    case hi_algorithm::kEcdsa:
      if (curve == 1) return "NIST P-256";
      if (curve == 2) return "NIST P-384";
      return {};
    case hi_algorithm::kEcdsaLow:
      return curve == 1 ? std::string_view("SECP160R1") : std::string_view();
    case hi_algorithm::kEdDsa:
      switch (curve) {
        case 1: return "EdDSA25519";
        case 2: return "EdDSA25519ph";
        case 3: return "EdDSA448";
        case 4: return "EdDSA448ph";
        default: return {};
      }
    default:
      return {};
  }
}

unsigned hi_curve_bits(std::uint16_t algorithm, std::uint16_t curve) {
  switch (algorithm) {
    case hi_algorithm::kEcdsa: return curve == 1 ? 256 : curve == 2 ? 384 : 0;
    case hi_algorithm::kEcdsaLow: return curve == 1 ? 160 : 0;
    case hi_algorithm::kEdDsa: return (curve == 1 || curve == 2) ? 255 : (curve == 3 || curve == 4) ? 448 : 0;
    default: return 0;
  }
}

std::string_view dh_group_name(std::uint8_t group) {
  switch (group) {
    case 1: return "384-bit group (deprecated)";
    case 2: return "OAKLEY well-known group 1 (deprecated)";
    case 3: return "1536-bit MODP";
    case 4: return "3072-bit MODP";
    case 5: return "6144-bit MODP (deprecated)";
    case 6: return "8192-bit MODP (deprecated)";
    case 7: return "NIST P-256";
    case 8: return "NIST P-384";
    case 9: return "NIST P-521";
    case 10: return "SECP160R1";
    case 11: return "2048-bit MODP";
    default: return {};
  }
}

std::string_view hip_cipher_name(std::uint16_t cipher) {
  switch (cipher) {
    case 1: return "NULL-ENCRYPT";
    case 2: return "AES-128-CBC";
    case 4: return "AES-256-CBC";
    default: return {};
  }
}

std::string_view hip_transform_v1_name(std::uint16_t suite) {
  switch (suite) {
    case 1: return "AES-CBC with HMAC-SHA1";
    case 2: return "3DES-CBC with HMAC-SHA1";
    case 3: return "3DES-CBC with HMAC-MD5";
    case 4: return "BLOWFISH-CBC with HMAC-SHA1";
    case 5: return "NULL-ENCRYPT with HMAC-SHA1";
    case 6: return "NULL-ENCRYPT with HMAC-MD5";
    default: return {};
  }
}

std::string_view hit_suite_name(std::uint8_t oga_id) {
  switch (oga_id) {
    case 1: return "RSA,DSA/SHA-256";
    case 2: return "ECDSA/SHA-384";
    case 3: return "ECDSA_LOW/SHA-1";
    case 5: return "EdDSA/cSHAKE128";
    default: return {};
  }
}

std::string_view esp_suite_name(std::uint16_t suite) {
  switch (suite) {
    case 1: return "AES-128-CBC with HMAC-SHA1";
    case 2: case 3: case 4: case 5: case 6: return "DEPRECATED";
    case 7: return "NULL with HMAC-SHA-256";
    case 8: return "AES-128-CBC with HMAC-SHA-256";
    case 9: return "AES-256-CBC with HMAC-SHA-256";
    case 10: return "AES-CCM-8";
    case 11: return "AES-CCM-16";
    case 12: return "AES-GCM with an 8 octet ICV";
    case 13: return "AES-GCM with a 16 octet ICV";
    case 14: return "AES-CMAC-96";
    case 15: return "AES-GMAC";
    default: return {};
  }
}

std::string_view transport_format_name(std::uint16_t format) {
  return format == 4095 ? std::string_view("ESP") : std::string_view();
}

std::string_view nat_traversal_mode_name(std::uint16_t mode) {
  switch (mode) {
    case 1: return "UDP-ENCAPSULATION";
    case 2: return "ICE-STUN-UDP";
    case 3: return "ICE-HIP-UDP";
    default: return {};
  }
}

std::string_view registration_type_name(std::uint8_t type) {
  switch (type) {
    case 1: return "RENDEZVOUS";
    case 2: return "RELAY_UDP_HIP";
    case 3: return "RELAY_UDP_ESP";
    case 4: return "CANDIDATE_DISCOVERY";
    default: return type >= 201 ? std::string_view("private use") : std::string_view();
  }
}

std::string_view registration_failure_name(std::uint8_t failure) {
  switch (failure) {
    case 0: return "Registration requires additional credentials";
    case 1: return "Registration type unavailable";
    case 2: return "Insufficient resources";
    case 3: return "Invalid certificate";
    case 4: return "Bad certificate";
    case 5: return "Unsupported certificate";
    case 6: return "Certificate expired";
    case 7: return "Certificate other";
    case 8: return "Unknown CA";
    case 9: return "Simultaneous Rendezvous and Control Relay Service usage prohibited";
    default: return failure >= 201 ? std::string_view("private use") : std::string_view();
  }
}

std::string_view locator_type_name(std::uint8_t type) {
  switch (type) {
    case 0: return "IPv6 address";
    case 1: return "ESP SPI + address";
    case 2: return "transport locator";
    default: return {};
  }
}

std::string_view traffic_type_name(std::uint8_t type) {
  switch (type) {
    case 0: return "both";
    case 1: return "signaling";
    case 2: return "data";
    default: return {};
  }
}

std::string_view locator_kind_name(std::uint8_t kind) {
  switch (kind) {
    case 0: return "host";
    case 1: return "server reflexive";
    case 2: return "peer reflexive";
    case 3: return "relayed";
    default: return {};
  }
}

std::string_view di_type_name(std::uint8_t di_type) {
  switch (di_type) {
    case 0: return "none";
    case 1: return "FQDN";
    case 2: return "NAI";
    default: return {};
  }
}

std::string_view cert_type_name(std::uint8_t cert_type) {
  switch (cert_type) {
    case 1: return "X.509 v3";
    case 3: return "Hash and URL of X.509 v3";
    case 5: return "LDAP URL of X.509 v3";
    case 7: return "Distinguished Name of X.509 v3";
    case 2: case 4: case 6: case 8: return "obsoleted";
    default: return {};
  }
}

std::string_view parse_error_code_name(ParseErrorCode code) {
  switch (code) {
    case ParseErrorCode::truncated_header: return "truncated_header";
    case ParseErrorCode::bad_header_length: return "bad_header_length";
    case ParseErrorCode::length_mismatch: return "length_mismatch";
    case ParseErrorCode::unsupported_version: return "unsupported_version";
    case ParseErrorCode::unknown_packet_type: return "unknown_packet_type";
    case ParseErrorCode::truncated_parameter: return "truncated_parameter";
    case ParseErrorCode::out_of_order: return "out_of_order";
    case ParseErrorCode::unknown_critical_parameter: return "unknown_critical_parameter";
    case ParseErrorCode::bad_parameter_length: return "bad_parameter_length";
    case ParseErrorCode::bad_parameter_value: return "bad_parameter_value";
    case ParseErrorCode::bad_checksum: return "bad_checksum";
    case ParseErrorCode::missing_parameter: return "missing_parameter";
    case ParseErrorCode::no_buffer: return "no_buffer";
  }
  return {};
}

}  // namespace hip::wire
