// The optional Domain Identifier of a HOST_ID (RFC 7401 §5.2.9): an FQDN in
// RFC 1035 §3.1 binary form or an NAI (RFC 4282) as text, in at most 4095
// bytes (the 12-bit DI Length).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "crypto/host_id_error.h"

namespace hip::crypto {

enum class DiType : std::uint8_t { none = 0, fqdn = 1, nai = 2 };

struct DomainIdentifier {
  DiType type = DiType::none;
  std::vector<std::uint8_t> bytes;  // as carried in the HOST_ID

  friend bool operator==(const DomainIdentifier&, const DomainIdentifier&) = default;
};

// "www.example.org" (a trailing dot is allowed) -> 3www7example3org0.
// RFC 1035 §2.3.4 limits: labels 1-63 octets, 255 octets in all; labels are
// letters, digits, '-' and '_'.
base::Result<DomainIdentifier, IdentityError> fqdn_identifier(std::string_view name);

// "user@realm": printable ASCII with one '@' and a non-empty realm.
base::Result<DomainIdentifier, IdentityError> nai_identifier(std::string_view nai);

// Readable form for logs and hipctl: the dotted FQDN, the NAI text, with any
// unexpected byte shown as \xNN. Never fails: peers' bytes are untrusted.
std::string domain_identifier_text(DiType type, std::span<const std::uint8_t> bytes);

std::string_view to_string(DiType type);  // "none", "FQDN", "NAI"

}  // namespace hip::crypto
