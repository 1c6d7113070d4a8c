#include "crypto/host_id_domain.h"

#include <cstdio>

namespace hip::crypto {
namespace {

constexpr std::size_t kMaxFqdnWire = 255;   // RFC 1035 §2.3.4
constexpr std::size_t kMaxLabel = 63;       // RFC 1035 §2.3.4
constexpr std::size_t kMaxDiLength = 4095;  // 12-bit DI Length, RFC 7401 §5.2.9

bool is_label_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

void append_escaped(std::string& out, std::uint8_t byte) {
  if (byte >= 0x21 && byte <= 0x7e && byte != '\\') {
    out.push_back(static_cast<char>(byte));
    return;
  }
  char buf[5];
  std::snprintf(buf, sizeof buf, "\\x%02x", byte);
  out += buf;
}

}  // namespace

base::Result<DomainIdentifier, IdentityError> fqdn_identifier(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty()) return base::unexpected(IdentityError::bad_domain_identifier);
  DomainIdentifier di{DiType::fqdn, {}};
  while (true) {
    const std::size_t dot = name.find('.');
    const std::string_view label = name.substr(0, dot);
    if (label.empty() || label.size() > kMaxLabel) {
      return base::unexpected(IdentityError::bad_domain_identifier);
    }
    for (char c : label) {
      if (!is_label_char(c)) return base::unexpected(IdentityError::bad_domain_identifier);
    }
    di.bytes.push_back(static_cast<std::uint8_t>(label.size()));
    di.bytes.insert(di.bytes.end(), label.begin(), label.end());
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  di.bytes.push_back(0);  // the root label
  if (di.bytes.size() > kMaxFqdnWire) return base::unexpected(IdentityError::bad_domain_identifier);
  return di;
}

base::Result<DomainIdentifier, IdentityError> nai_identifier(std::string_view nai) {
  const std::size_t at = nai.find('@');
  if (at == std::string_view::npos || at + 1 >= nai.size() || nai.find('@', at + 1) != nai.npos ||
      nai.size() > kMaxDiLength) {
    return base::unexpected(IdentityError::bad_domain_identifier);
  }
  for (char c : nai) {
    if (c < 0x21 || c > 0x7e) return base::unexpected(IdentityError::bad_domain_identifier);
  }
  return DomainIdentifier{DiType::nai, std::vector<std::uint8_t>(nai.begin(), nai.end())};
}

std::string domain_identifier_text(DiType type, std::span<const std::uint8_t> bytes) {
  std::string out;
  if (type != DiType::fqdn) {
    for (std::uint8_t b : bytes) append_escaped(out, b);
    return out;
  }
  // Walk the labels; anything that does not fit the RFC 1035 shape is shown
  // escaped rather than rejected.
  std::size_t at = 0;
  while (at < bytes.size()) {
    const std::size_t length = bytes[at];
    if (length == 0 && at + 1 == bytes.size()) break;  // root label
    if (length == 0 || length > kMaxLabel || at + 1 + length > bytes.size()) {
      for (; at < bytes.size(); ++at) append_escaped(out, bytes[at]);
      return out;
    }
    if (!out.empty()) out.push_back('.');
    for (std::size_t i = 0; i < length; ++i) append_escaped(out, bytes[at + 1 + i]);
    at += 1 + length;
  }
  return out;
}

std::string_view to_string(DiType type) {
  switch (type) {
    case DiType::none: return "none";
    case DiType::fqdn: return "FQDN";
    case DiType::nai: return "NAI";
  }
  return "unknown";
}

}  // namespace hip::crypto
