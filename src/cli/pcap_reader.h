// Reads the frames of a pcap or pcapng file through libpcap
// (pcap_open_offline handles both formats). Timestamps are read with
// nanosecond precision whatever the file stores.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "base/result.h"

struct pcap;

namespace hip::cli {

struct CapturedFrame {
  std::uint64_t number = 0;           // 1-based, as Wireshark counts
  std::int64_t seconds = 0;           // since the epoch
  std::uint32_t nanoseconds = 0;
  std::uint32_t original_length = 0;  // on the wire
  std::span<const std::uint8_t> data; // captured bytes, valid until the next read
};

class PcapReader {
 public:
  // The error names the file and libpcap's reason.
  static base::Result<PcapReader, std::string> open(const std::string& path);

  int datalink() const;
  // The next frame, or nullopt at the end of the file or on a read error
  // (then error() is non-empty: e.g. a file cut off mid-record).
  std::optional<CapturedFrame> next();
  const std::string& error() const { return error_; }

 private:
  struct Closer {
    void operator()(pcap* p) const;
  };
  explicit PcapReader(pcap* handle) : handle_(handle) {}

  std::unique_ptr<pcap, Closer> handle_;
  std::uint64_t count_ = 0;
  std::string error_;
};

}  // namespace hip::cli
