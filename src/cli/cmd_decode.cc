// hipctl decode FILE: shows every HIP packet of a pcap/pcapng capture, one
// header line and one line per parameter (or, with --json, one document with
// "packets" and "summary"). Exit codes: 0 all HIP packets decode cleanly,
// 1 some had errors or frames were truncated, 2 the file cannot be read.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/describe_packet.h"
#include "cli/frame_classifier.h"
#include "cli/pcap_reader.h"

namespace hip::cli {
namespace {

using nlohmann::ordered_json;

struct Counts {
  std::uint64_t hip = 0;
  std::uint64_t errors = 0;      // HIP packets with at least one error
  std::uint64_t non_hip = 0;
  std::uint64_t esp = 0;         // IP protocol 50
  std::uint64_t esp_udp = 0;
  std::uint64_t truncated = 0;
  std::uint64_t fragments = 0;   // IP fragments are not reassembled
};

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string summary_line(const Counts& c) {
  std::string line = plural(c.hip, "HIP packet", "HIP packets") + ", " + plural(c.errors, "error", "errors") +
                     ", " + plural(c.non_hip, "non-HIP frame", "non-HIP frames") + " skipped";
  if (c.esp != 0) line += ", " + plural(c.esp, "ESP packet", "ESP packets");
  if (c.esp_udp != 0) line += ", " + plural(c.esp_udp, "UDP-encapsulated ESP packet", "UDP-encapsulated ESP packets");
  if (c.truncated != 0) line += ", " + plural(c.truncated, "truncated frame", "truncated frames");
  if (c.fragments != 0) line += ", " + plural(c.fragments, "IP fragment", "IP fragments") + " not reassembled";
  return line;
}

int run_decode(const std::string& path, bool json) {
  auto opened = PcapReader::open(path);
  if (!opened) {
    std::cerr << "hipctl decode: " << opened.error() << "\n";
    return kExitUsage;
  }
  PcapReader reader = std::move(opened).value();
  const LinkType link = link_type_from_dlt(reader.datalink());
  if (link == LinkType::unsupported) {
    std::cerr << "hipctl decode: " << path << ": link type " << reader.datalink()
              << " is not supported (Ethernet, Linux cooked, raw IP and BSD loopback are)\n";
    return kExitUsage;
  }

  Counts counts;
  ordered_json packets = ordered_json::array();
  ordered_json problems = ordered_json::array();  // truncated frames and fragments, by number
  bool have_first = false;
  std::int64_t first_seconds = 0;
  std::uint32_t first_nanoseconds = 0;
  while (auto frame = reader.next()) {
    if (!have_first) {
      have_first = true;
      first_seconds = frame->seconds;
      first_nanoseconds = frame->nanoseconds;
    }
    const ClassifiedFrame c = classify_frame(link, frame->data);
    switch (c.kind) {
      case FrameKind::hip: {
        ++counts.hip;
        const FrameTime time{frame->number, frame->seconds, frame->nanoseconds,
                             static_cast<double>(frame->seconds - first_seconds) +
                                 (static_cast<double>(frame->nanoseconds) - first_nanoseconds) / 1e9};
        PacketReport report = describe_hip_packet(time, c);
        if (report.has_errors) ++counts.errors;
        if (json) {
          packets.push_back(std::move(report.json));
        } else {
          for (const std::string& line : report.lines) std::cout << line << "\n";
          std::cout << "\n";
        }
        break;
      }
      case FrameKind::esp: ++counts.esp; break;
      case FrameKind::esp_udp: ++counts.esp_udp; break;
      case FrameKind::non_hip: ++counts.non_hip; break;
      case FrameKind::truncated:
      case FrameKind::ip_fragment: {
        const bool truncated = c.kind == FrameKind::truncated;
        ++(truncated ? counts.truncated : counts.fragments);
        std::string reason = c.reason;
        if (frame->data.size() < frame->original_length) {
          reason += "; the capture kept " + std::to_string(frame->data.size()) + " of " +
                    std::to_string(frame->original_length) + " bytes";
        }
        problems.push_back({{"frame", frame->number}, {"kind", truncated ? "truncated" : "ip_fragment"}, {"reason", reason}});
        if (!json) std::cout << "#" << frame->number << "  " << (truncated ? "TRUNCATED: " : "not reassembled: ") << reason << "\n\n";
        break;
      }
    }
  }

  const bool read_failed = !reader.error().empty();
  if (json) {
    ordered_json doc;
    doc["file"] = path;
    doc["link_type"] = to_string(link);
    doc["packets"] = std::move(packets);
    doc["frames_not_decoded"] = std::move(problems);
    doc["summary"] = {{"hip", counts.hip},         {"non_hip", counts.non_hip},
                      {"esp", counts.esp}, {"esp_udp", counts.esp_udp}, {"truncated", counts.truncated},
                      {"ip_fragments", counts.fragments}, {"errors", counts.errors}};
    if (read_failed) doc["summary"]["read_error"] = reader.error();
    std::cout << doc.dump(2) << "\n";
  } else {
    std::cout << summary_line(counts) << "\n";
  }
  if (read_failed) std::cerr << "hipctl decode: " << path << ": stopped reading: " << reader.error() << "\n";
  return (counts.errors != 0 || counts.truncated != 0 || read_failed) ? kExitFailure : kExitOk;
}

}  // namespace

void register_decode(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("decode", "Show the HIP packets of a pcap or pcapng capture");
  cmd->add_option("FILE", *path, "Capture file (pcap or pcapng)")->required();
  cmd->fallthrough();  // accept the global --json after the command too
  cmd->callback([path, &global, &exit_code] { exit_code = run_decode(*path, global.json); });
}

}  // namespace hip::cli
