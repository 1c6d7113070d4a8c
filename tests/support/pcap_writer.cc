#include "support/pcap_writer.h"

#include <pcap/pcap.h>

#include <stdexcept>

namespace hip::test {
namespace {
constexpr std::int64_t kStartSeconds = 1704067200;  // 2024-01-01T00:00:00Z
constexpr int kSnapLength = 65535;
}  // namespace

PcapWriter::PcapWriter(const std::string& path, LinkFraming link) : link_(link) {
  handle_ = pcap_open_dead(dlt_of(link), kSnapLength);
  if (handle_ == nullptr) throw std::runtime_error("pcap_open_dead failed");
  dumper_ = pcap_dump_open(handle_, path.c_str());
  if (dumper_ == nullptr) {
    const std::string reason = pcap_geterr(handle_);
    pcap_close(handle_);
    handle_ = nullptr;
    throw std::runtime_error("cannot write " + path + ": " + reason);
  }
}

PcapWriter::~PcapWriter() { close(); }

void PcapWriter::close() {
  if (dumper_ != nullptr) pcap_dump_close(dumper_);
  if (handle_ != nullptr) pcap_close(handle_);
  dumper_ = nullptr;
  handle_ = nullptr;
}

void PcapWriter::write_hip(const base::IpAddress& src, const base::IpAddress& dst,
                           std::span<const std::uint8_t> hip_packet, bool over_udp) {
  write_ip(hip_ip_packet(src, dst, hip_packet, over_udp));
}

void PcapWriter::write_ip(std::span<const std::uint8_t> ip) { write_frame(frame_for_link(link_, ip)); }

void PcapWriter::write_frame(std::span<const std::uint8_t> frame, std::uint32_t original_length) {
  if (dumper_ == nullptr) throw std::logic_error("PcapWriter: write after close");
  pcap_pkthdr header{};
  const std::int64_t micros = std::int64_t{frames_} * 10000;
  header.ts.tv_sec = static_cast<time_t>(kStartSeconds + micros / 1000000);
  header.ts.tv_usec = static_cast<suseconds_t>(micros % 1000000);
  header.caplen = static_cast<std::uint32_t>(frame.size());
  header.len = original_length > header.caplen ? original_length : header.caplen;
  pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, frame.data());
  ++frames_;
}

}  // namespace hip::test
