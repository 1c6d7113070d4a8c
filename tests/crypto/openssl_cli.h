// Test helpers that run the `openssl` command-line tool, so known answers come
// from an implementation path independent of the code under test (the CLI's
// own option parsing and algorithm setup), plus hex and temp-file utilities.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hip::crypto::test {

using ByteVec = std::vector<std::uint8_t>;

inline std::string hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

// Hex digits in any case; colons, spaces and newlines are skipped.
inline ByteVec unhex(std::string_view text) {
  ByteVec out;
  int high = -1;
  for (char c : text) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    if (v < 0) continue;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(high * 16 + v));
      high = -1;
    }
  }
  return out;
}

struct CliResult {
  int status = -1;
  std::string out;  // stdout only
};

inline CliResult run(const std::string& command) {
  CliResult r;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf;
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  r.status = pclose(pipe);
  return r;
}

inline bool openssl_available() {
  static const bool available = run("openssl version").status == 0;
  return available;
}

#define HIP_REQUIRE_OPENSSL_CLI()                                                   \
  do {                                                                              \
    if (!::hip::crypto::test::openssl_available())                                  \
      GTEST_SKIP() << "openssl command-line tool not installed (Debian: openssl)"; \
  } while (0)

// A private directory removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "hipkx-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::string& path, std::span<const std::uint8_t> bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

inline ByteVec read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return ByteVec(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

}  // namespace hip::crypto::test
