// Writes frames to a classic pcap file through libpcap (pcap_open_dead +
// pcap_dump), by default with LINKTYPE_RAW (IP packets without a link
// header). Timestamps start at 2024-01-01T00:00:00Z and advance 10 ms per
// frame, so files are reproducible byte for byte.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "base/ip_address.h"
#include "support/ip_frames.h"

struct pcap;
struct pcap_dumper;

namespace hip::test {

class PcapWriter {
 public:
  // Throws std::runtime_error naming the file when it cannot be created.
  explicit PcapWriter(const std::string& path, LinkFraming link = LinkFraming::raw);
  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  // A HIP packet over IP protocol 139, or over UDP 10500 with the zero marker.
  void write_hip(const base::IpAddress& src, const base::IpAddress& dst,
                 std::span<const std::uint8_t> hip_packet, bool over_udp = false);
  // An IP packet (framed for the file's link type).
  void write_ip(std::span<const std::uint8_t> ip);
  // Bytes exactly as captured; `original_length` > frame size records a
  // capture that kept only the first bytes (snaplen).
  void write_frame(std::span<const std::uint8_t> frame, std::uint32_t original_length = 0);
  // Flushes and closes (also done by the destructor).
  void close();

 private:
  LinkFraming link_;
  pcap* handle_ = nullptr;
  pcap_dumper* dumper_ = nullptr;
  std::uint32_t frames_ = 0;
};

}  // namespace hip::test
