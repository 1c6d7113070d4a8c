#include "cli/pcap_reader.h"

#include <pcap/pcap.h>

namespace hip::cli {

void PcapReader::Closer::operator()(pcap* p) const { pcap_close(p); }

base::Result<PcapReader, std::string> PcapReader::open(const std::string& path) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* handle =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (handle == nullptr) {
    std::string reason = errbuf;
    if (reason.rfind(path + ": ", 0) == 0) reason.erase(0, path.size() + 2);  // libpcap may name the file too
    return base::unexpected("cannot read " + path + ": " + reason);
  }
  return PcapReader(handle);
}

int PcapReader::datalink() const { return pcap_datalink(handle_.get()); }

std::optional<CapturedFrame> PcapReader::next() {
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  const int rc = pcap_next_ex(handle_.get(), &header, &data);
  if (rc == PCAP_ERROR_BREAK) return std::nullopt;  // end of file
  if (rc != 1) {
    error_ = pcap_geterr(handle_.get());
    return std::nullopt;
  }
  CapturedFrame frame;
  frame.number = ++count_;
  frame.seconds = header->ts.tv_sec;
  frame.nanoseconds = static_cast<std::uint32_t>(header->ts.tv_usec);  // ns with nano precision
  frame.original_length = header->len;
  frame.data = std::span<const std::uint8_t>(data, header->caplen);
  return frame;
}

}  // namespace hip::cli
