// Host key files: a private key in PEM (PKCS #8, readable by `openssl pkey`),
// optionally preceded by one line naming the Domain Identifier to send in
// HOST_ID (OpenSSL skips text before "-----BEGIN"):
//
//   HIP-Domain-Identifier: FQDN www.example.org
//   -----BEGIN PRIVATE KEY-----
//   ...
//
// Private keys are secrets: files are created with mode 0600 from the start
// (never chmod-ed afterwards), and a file that its group or others may
// access is refused on load, as ssh does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "crypto/host_id_domain.h"
#include "crypto/host_id_key.h"

namespace hip::crypto {

enum class KeyFileError : std::uint8_t {
  not_found,
  access_denied,         // the OS refused to open or create it
  insecure_permissions,  // group/other permission bits are set
  not_a_regular_file,
  already_exists,        // save without overwrite
  io_error,
  not_a_private_key,     // no PEM private key, or an encrypted one
  unsupported_key,       // a key type or size hipstack does not use
  bad_domain_identifier,
};

std::string_view to_string(KeyFileError error);

struct KeyFileFailure {
  KeyFileError code{};
  std::string detail;  // e.g. "mode 0644", an errno text; never key material

  // "FILE: reason (detail)", for error messages.
  std::string describe(std::string_view path) const;
};

struct HostKeyFile {
  PrivateKey key;
  DomainIdentifier domain;
};

base::Result<HostKeyFile, KeyFileFailure> load_host_key(const std::string& path);

enum class SaveMode : std::uint8_t { create_new, overwrite };

// create_new fails with already_exists if `path` exists; overwrite replaces
// it atomically (a fresh 0600 file renamed over it).
base::Result<void, KeyFileFailure> save_host_key(const std::string& path, const PrivateKey& key,
                                                 const DomainIdentifier& domain, SaveMode mode);

}  // namespace hip::crypto
