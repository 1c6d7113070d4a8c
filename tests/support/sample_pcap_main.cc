// hip_sample_pcap OUT.pcap [--corpus DIR]
//
// Writes the sample packets (tests/support/sample_packets.h) to a pcap file:
// all of them over IPv4 and over IPv6 (IP protocol 139), then the I1 and R1
// again over UDP 10500 (RFC 5770), once per family. `make demo` decodes the
// result with `hipctl decode`. With --corpus, also writes each raw HIP packet
// (no IP header) to DIR/<name>_v4.bin and DIR/<name>_v6.bin, the seed corpus
// of the parse_packet fuzzer.
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <string>

#include "support/pcap_writer.h"
#include "support/sample_packets.h"

namespace {

using hip::test::ChecksumMode;

void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

int run(const std::string& pcap_path, const std::string& corpus_dir) {
  hip::test::PcapWriter writer(pcap_path);
  struct Family {
    const char* suffix;
    hip::base::IpAddress initiator;
    hip::base::IpAddress responder;
  };
  const Family families[] = {
      {"v4", hip::test::sample_initiator_v4(), hip::test::sample_responder_v4()},
      {"v6", hip::test::sample_initiator_v6(), hip::test::sample_responder_v6()},
  };
  for (const Family& f : families) {
    for (const auto& p : hip::test::build_sample_packets(f.initiator, f.responder)) {
      writer.write_hip(p.src, p.dst, p.bytes);
      if (!corpus_dir.empty()) write_file(corpus_dir + "/" + p.name + "_" + f.suffix + ".bin", p.bytes);
    }
  }
  for (const Family& f : families) {
    for (const auto& p : hip::test::build_sample_packets(f.initiator, f.responder, ChecksumMode::zero)) {
      if (p.name == "i1" || p.name == "r1") writer.write_hip(p.src, p.dst, p.bytes, /*over_udp=*/true);
    }
  }
  writer.close();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string pcap_path;
  std::string corpus_dir;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--corpus") == 0 && i + 1 < argc) {
      corpus_dir = argv[++i];
    } else if (pcap_path.empty() && argv[i][0] != '-') {
      pcap_path = argv[i];
    } else {
      pcap_path.clear();
      break;
    }
  }
  if (pcap_path.empty()) {
    std::fprintf(stderr, "usage: hip_sample_pcap OUT.pcap [--corpus DIR]\n");
    return 2;
  }
  try {
    return run(pcap_path, corpus_dir);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hip_sample_pcap: %s\n", e.what());
    return 1;
  }
}
