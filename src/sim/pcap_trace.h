// Writes every packet put on the simulated network to a pcap file as a raw IP
// packet (LINKTYPE_RAW), stamped with its virtual send time at nanosecond
// precision, so that `tshark -r` and `hipctl decode` read a simulation like a
// capture.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "base/time.h"
#include "sim/datagram.h"

struct pcap;
struct pcap_dumper;

namespace hip::sim {

class PcapTrace {
 public:
  // The error carries libpcap's reason.
  static base::Result<std::unique_ptr<PcapTrace>, std::string> open(const std::string& path);
  ~PcapTrace();
  PcapTrace(const PcapTrace&) = delete;
  PcapTrace& operator=(const PcapTrace&) = delete;

  void write(const Datagram& d, base::Time at);
  void flush();
  std::uint64_t packets_written() const { return written_; }
  const std::string& path() const { return path_; }

 private:
  PcapTrace(pcap* handle, pcap_dumper* dumper, std::string path)
      : handle_(handle), dumper_(dumper), path_(std::move(path)) {}

  pcap* handle_;
  pcap_dumper* dumper_;
  std::string path_;
  std::uint64_t written_ = 0;
};

}  // namespace hip::sim
