#include "sim/pcap_trace.h"

#include <pcap/pcap.h>

#include "sim/ip_packet.h"

namespace hip::sim {

namespace {
constexpr int kSnapLength = 65535;
}

base::Result<std::unique_ptr<PcapTrace>, std::string> PcapTrace::open(const std::string& path) {
  pcap_t* handle =
      pcap_open_dead_with_tstamp_precision(DLT_RAW, kSnapLength, PCAP_TSTAMP_PRECISION_NANO);
  if (handle == nullptr) return base::unexpected(std::string("pcap_open_dead failed"));
  pcap_dumper_t* dumper = pcap_dump_open(handle, path.c_str());
  if (dumper == nullptr) {
    std::string why = path + ": " + pcap_geterr(handle);
    pcap_close(handle);
    return base::unexpected(std::move(why));
  }
  return std::unique_ptr<PcapTrace>(new PcapTrace(handle, dumper, path));
}

PcapTrace::~PcapTrace() {
  pcap_dump_close(dumper_);
  pcap_close(handle_);
}

void PcapTrace::write(const Datagram& d, base::Time at) {
  const std::vector<std::uint8_t> packet = to_ip_packet(d);
  const std::int64_t ns = base::to_ns(at);
  pcap_pkthdr header{};
  header.ts.tv_sec = static_cast<decltype(header.ts.tv_sec)>(ns / 1000000000);
  // With nanosecond precision the "usec" field carries nanoseconds.
  header.ts.tv_usec = static_cast<decltype(header.ts.tv_usec)>(ns % 1000000000);
  header.caplen = static_cast<bpf_u_int32>(packet.size());
  header.len = header.caplen;
  pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, packet.data());
  ++written_;
}

void PcapTrace::flush() { pcap_dump_flush(dumper_); }

}  // namespace hip::sim
