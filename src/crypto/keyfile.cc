#include "crypto/keyfile.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace hip::crypto {
namespace {

constexpr std::string_view kDiHeader = "HIP-Domain-Identifier: ";
constexpr std::size_t kMaxKeyFileSize = 1 << 20;
constexpr mode_t kGroupOtherBits = S_IRWXG | S_IRWXO;

base::Unexpected<KeyFileFailure> fail(KeyFileError code, std::string detail = {}) {
  return base::unexpected(KeyFileFailure{code, std::move(detail)});
}

base::Unexpected<KeyFileFailure> fail_errno(int err) {
  const KeyFileError code = err == ENOENT                   ? KeyFileError::not_found
                            : (err == EACCES || err == EPERM) ? KeyFileError::access_denied
                            : err == EEXIST                  ? KeyFileError::already_exists
                                                             : KeyFileError::io_error;
  // The code already says what ENOENT and EEXIST would.
  const bool telling = code == KeyFileError::io_error || code == KeyFileError::access_denied;
  return fail(code, telling ? std::strerror(err) : std::string());
}

std::string mode_text(mode_t mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "mode 0%03o", static_cast<unsigned>(mode & 0777));
  return buf;
}

// Never prompt for a passphrase: encrypted key files are not supported.
int no_passphrase(char*, int, int, void*) { return -1; }

// Wipes the buffer that held a private key before freeing it.
struct SecretBuffer {
  std::vector<char> bytes;
  ~SecretBuffer() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};

base::Result<void, KeyFileFailure> read_all(int fd, SecretBuffer& out) {
  char chunk[4096];
  while (true) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail_errno(errno);
    if (n == 0) break;
    out.bytes.insert(out.bytes.end(), chunk, chunk + n);
    if (out.bytes.size() > kMaxKeyFileSize) return fail(KeyFileError::not_a_private_key, "file too large");
  }
  OPENSSL_cleanse(chunk, sizeof chunk);
  return {};
}

base::Result<DomainIdentifier, KeyFileFailure> parse_preamble(std::string_view text) {
  const std::size_t begin = text.find("-----BEGIN");
  std::string_view preamble = text.substr(0, begin);
  const std::size_t at = preamble.find(kDiHeader);
  if (at == std::string_view::npos) return DomainIdentifier{};
  std::string_view line = preamble.substr(at + kDiHeader.size());
  line = line.substr(0, line.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const std::size_t space = line.find(' ');
  const std::string_view kind = line.substr(0, space);
  const std::string_view value = space == line.npos ? std::string_view{} : line.substr(space + 1);
  auto di = kind == "FQDN" ? fqdn_identifier(value)
            : kind == "NAI" ? nai_identifier(value)
                            : base::Result<DomainIdentifier, IdentityError>(
                                  base::unexpected(IdentityError::bad_domain_identifier));
  if (!di) return fail(KeyFileError::bad_domain_identifier, std::string(line));
  return *di;
}

base::Result<void, KeyFileFailure> write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail_errno(errno);
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return fail_errno(errno);
  return {};
}

}  // namespace

std::string_view to_string(KeyFileError error) {
  switch (error) {
    case KeyFileError::not_found: return "no such file";
    case KeyFileError::access_denied: return "permission denied";
    case KeyFileError::insecure_permissions:
      return "private key is accessible by group or others (run: chmod 600)";
    case KeyFileError::not_a_regular_file: return "not a regular file";
    case KeyFileError::already_exists: return "file exists (use --force to replace it)";
    case KeyFileError::io_error: return "I/O error";
    case KeyFileError::not_a_private_key: return "not an unencrypted PEM private key";
    case KeyFileError::unsupported_key: return "unsupported key";
    case KeyFileError::bad_domain_identifier: return "invalid HIP-Domain-Identifier line";
  }
  return "unknown key file error";
}

std::string KeyFileFailure::describe(std::string_view path) const {
  std::string text(path);
  text += ": ";
  text += to_string(code);
  if (!detail.empty()) text += " (" + detail + ")";
  return text;
}

base::Result<HostKeyFile, KeyFileFailure> load_host_key(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail_errno(errno);
  struct stat st{};
  SecretBuffer buffer;
  base::Result<void, KeyFileFailure> read_result;
  if (::fstat(fd, &st) != 0) {
    read_result = fail_errno(errno);
  } else if (!S_ISREG(st.st_mode)) {
    read_result = fail(KeyFileError::not_a_regular_file);
  } else if ((st.st_mode & kGroupOtherBits) != 0) {
    read_result = fail(KeyFileError::insecure_permissions, mode_text(st.st_mode));
  } else {
    read_result = read_all(fd, buffer);
  }
  ::close(fd);
  if (!read_result) return base::unexpected(read_result.error());

  auto domain = parse_preamble(std::string_view(buffer.bytes.data(), buffer.bytes.size()));
  if (!domain) return base::unexpected(domain.error());
  BioPtr bio(BIO_new_mem_buf(buffer.bytes.data(), static_cast<int>(buffer.bytes.size())));
  EVP_PKEY* raw = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr) : nullptr;
  if (raw == nullptr) {
    ERR_clear_error();
    return fail(KeyFileError::not_a_private_key);
  }
  PkeyPtr pkey(raw);
  auto kind = classify_key(pkey.get());
  if (!kind) return fail(KeyFileError::unsupported_key, EVP_PKEY_get0_type_name(pkey.get()));
  if (*kind == KeyKind::rsa) {
    const int bits = EVP_PKEY_get_bits(pkey.get());
    if (bits < static_cast<int>(kRsaMinOwnBits) || bits > static_cast<int>(kRsaMaxOwnBits)) {
      return fail(KeyFileError::unsupported_key,
                  "RSA-" + std::to_string(bits) + "; host keys are RSA 2048-4096 bits");
    }
  }
  return HostKeyFile{PrivateKey(*kind, std::move(pkey)), std::move(*domain)};
}

base::Result<void, KeyFileFailure> save_host_key(const std::string& path, const PrivateKey& key,
                                                 const DomainIdentifier& domain, SaveMode mode) {
  // Serialize into OpenSSL's secure heap first, so a failure leaves no file.
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio) return fail(KeyFileError::io_error, "out of memory");
  if (domain.type != DiType::none) {
    const std::string line = std::string(kDiHeader) + std::string(to_string(domain.type)) + " " +
                             domain_identifier_text(domain.type, domain.bytes) + "\n";
    BIO_write(bio.get(), line.data(), static_cast<int>(line.size()));
  }
  if (PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    ERR_clear_error();
    return fail(KeyFileError::io_error, "cannot encode the key");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  if (size <= 0) return fail(KeyFileError::io_error, "cannot encode the key");

  if (mode == SaveMode::create_new) {
    // O_EXCL: never follow or reuse an existing file; 0600 from creation on.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return fail_errno(errno);
    auto written = write_all(fd, data, static_cast<std::size_t>(size));
    ::close(fd);
    if (!written) ::unlink(path.c_str());
    return written;
  }
  // Overwrite: a new 0600 file (mkstemp creates 0600) renamed over the old
  // one, so the old file's permissions are never inherited.
  std::string temp = path + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return fail_errno(errno);
  auto written = write_all(fd, data, static_cast<std::size_t>(size));
  ::close(fd);
  if (written && ::rename(temp.c_str(), path.c_str()) != 0) written = fail_errno(errno);
  if (!written) ::unlink(temp.c_str());
  return written;
}

}  // namespace hip::crypto
