#include "cli/describe_packet.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "base/bytes.h"
#include "cli/describe_param.h"
#include "cli/text_util.h"
#include "wire/checksum.h"
#include "wire/names.h"
#include "wire/packet.h"

namespace hip::cli {
namespace {

using nlohmann::ordered_json;
using Bytes = std::span<const std::uint8_t>;

constexpr std::uint8_t kProtoUdp = 17;

std::string endpoint(const base::IpAddress& address, bool with_port, std::uint16_t port) {
  if (!with_port) return address.to_string();
  const std::string a = address.is_v4() ? address.to_string() : "[" + address.to_string() + "]";
  return a + ":" + std::to_string(port);
}

// "IPv4 192.0.2.1 -> 192.0.2.2" or "UDP/IPv6 [2001:db8::1]:10500 -> [2001:db8::2]:10500".
std::string route_text(const ClassifiedFrame& f) {
  const char* family = f.src.is_v4() ? "IPv4" : "IPv6";
  return (f.over_udp ? std::string("UDP/") : std::string()) + family + " " +
         endpoint(f.src, f.over_udp, f.src_port) + " -> " + endpoint(f.dst, f.over_udp, f.dst_port);
}

ordered_json frame_json(const FrameTime& t, const ClassifiedFrame& f) {
  ordered_json j;
  j["frame"] = t.number;
  j["time"] = utc_timestamp(t.seconds, t.nanoseconds);
  j["time_relative"] = t.relative;
  j["transport"] = f.over_udp ? "udp" : "ip";
  j["ip_version"] = f.src.is_v4() ? 4 : 6;
  j["src"] = f.src.to_string();
  j["dst"] = f.dst.to_string();
  if (f.over_udp) {
    j["src_port"] = f.src_port;
    j["dst_port"] = f.dst_port;
  }
  return j;
}

// UDP checksum (RFC 768; zero = none, allowed over IPv4 only). A mismatch is
// only a violation: checksum offload makes locally sent packets look wrong.
void check_udp(const ClassifiedFrame& f, ordered_json& j, ordered_json& violations) {
  std::uint16_t expected = wire::transport_checksum(f.udp_segment, 6, kProtoUdp, f.src, f.dst);
  if (expected == 0) expected = 0xffff;  // RFC 768: a computed 0 is sent as all ones
  const bool ok = f.udp_checksum == expected || (f.udp_checksum == 0 && f.src.is_v4());
  j["udp_checksum"] = hex_number(f.udp_checksum, 4);
  j["udp_checksum_ok"] = ok;
  if (!ok) {
    violations.push_back({{"kind", "udp_checksum"},
                          {"message", "UDP checksum " + hex_number(f.udp_checksum, 4) + ", expected " +
                                          hex_number(expected, 4) +
                                          " (checksum offload on the capturing host also does this)"}});
  }
}

std::string hit_note(const base::Hit& hit) {
  if (hit.is_null()) return "null HIT (opportunistic or unknown)";
  if (hit.is_orchid_v2()) return "ORCHIDv2, suite " + numbered(hit.oga_id(), wire::hit_suite_name(hit.oga_id()));
  const auto& b = hit.bytes;  // RFC 4843 ORCHID, 2001:10::/28, used by HIPv1
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && (b[3] & 0xf0) == 0x10) return "ORCHID (HIPv1)";
  return "not an ORCHID";
}

ordered_json error_json(const wire::ParseError& e, std::string message) {
  ordered_json j{{"code", wire::parse_error_code_name(e.code)}, {"offset", e.offset}};
  if (e.detail != 0) j["type"] = e.detail;
  j["message"] = std::move(message);
  return j;
}

std::string error_text(const wire::ParseError& e) {
  std::string text = std::string(wire::parse_error_code_name(e.code)) + " at offset " +
                     std::to_string(e.offset) + " (" + std::string(wire::to_string(e.code));
  if (e.detail != 0) text += ", type " + std::to_string(e.detail);
  return text + ")";
}

// Fixed header fields (RFC 7401 §5.1) and the checksum (§5.1.1; zero over UDP,
// RFC 5770 §5.1). Returns the text for the packet's first line.
std::string describe_header(const wire::Header& h, Bytes packet, const ClassifiedFrame& f,
                            ordered_json& j, ordered_json& errors, ordered_json& violations) {
  ordered_json hj;
  hj["next_header"] = h.next_header;
  hj["header_length"] = h.header_length;
  hj["length"] = h.packet_size();
  hj["type"] = static_cast<int>(h.type);
  hj["type_name"] = wire::to_string(h.type);
  hj["version"] = h.version;
  hj["reserved"] = h.reserved;
  hj["fixed_bits_ok"] = h.fixed_bits_ok;
  hj["controls"] = hex_number(h.controls, 4);
  hj["anonymous"] = (h.controls & wire::kControlAnonymous) != 0;
  hj["checksum"] = hex_number(h.checksum, 4);
  std::string checksum_text;
  if (f.over_udp) {
    const bool ok = h.checksum == 0;
    hj["checksum_ok"] = ok;
    hj["checksum_rule"] = "zero over UDP (RFC 5770 section 5.1)";
    checksum_text = ok ? "checksum 0 (UDP) ok" : "checksum " + hex_number(h.checksum, 4) + " WRONG (must be 0 over UDP)";
    if (!ok) errors.push_back({{"code", "bad_checksum"}, {"offset", 4}, {"message", "HIP checksum must be 0 over UDP"}});
  } else {
    const std::uint16_t expected = wire::hip_checksum(packet, f.src, f.dst);
    const bool ok = expected == h.checksum;
    hj["checksum_ok"] = ok;
    checksum_text = "checksum " + hex_number(h.checksum, 4) + (ok ? " ok" : " WRONG");
    if (!ok) {
      hj["checksum_expected"] = hex_number(expected, 4);
      checksum_text += " (expected " + hex_number(expected, 4) + ")";
      errors.push_back({{"code", "bad_checksum"}, {"offset", 4},
                        {"message", "checksum " + hex_number(h.checksum, 4) + ", expected " + hex_number(expected, 4)}});
    }
  }
  if (!h.fixed_bits_ok) violations.push_back({{"kind", "fixed_bits"}, {"message", "fixed header bits 16 and 31 are not 0 and 1"}});
  if (h.reserved != 0) violations.push_back({{"kind", "reserved_bits"}, {"message", "RES bits are not zero"}});
  if (h.next_header != wire::kNextHeaderNone) {
    violations.push_back({{"kind", "next_header"}, {"message", "Next Header " + std::to_string(h.next_header) + " (should be 59)"}});
  }
  j["header"] = std::move(hj);
  j["sender_hit"] = h.sender.to_string();
  j["receiver_hit"] = h.receiver.to_string();
  return std::string(wire::to_string(h.type)) + " (HIPv" + std::to_string(h.version) + ", " +
         std::to_string(h.packet_size()) + " bytes)  " + checksum_text;
}

void add_hit_lines(const wire::Header& h, std::vector<std::string>& lines) {
  lines.push_back("    sender    " + h.sender.to_string() + "  (" + hit_note(h.sender) + ")");
  lines.push_back("    receiver  " + h.receiver.to_string() + "  (" + hit_note(h.receiver) + ")");
  if (h.controls != 0) {
    lines.push_back("    controls  " + hex_number(h.controls, 4) +
                    ((h.controls & wire::kControlAnonymous) ? " (A: anonymous Host Identity)" : ""));
  }
}

// Parameter lines, aligned: NAME  (type, critical, N bytes)  summary.
void add_param_lines(const std::vector<ParamReport>& reports, const std::vector<wire::Param>& params,
                     std::vector<std::string>& lines) {
  std::vector<std::string> tags;
  std::size_t name_width = 0;
  std::size_t tag_width = 0;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    tags.push_back("(" + std::to_string(params[i].type) + ", " +
                   (params[i].critical() ? "critical" : "non-critical") + ", " +
                   std::to_string(params[i].length()) + (params[i].length() == 1 ? " byte)" : " bytes)"));
    name_width = std::max(name_width, reports[i].name.size());
    tag_width = std::max(tag_width, tags.back().size());
  }
  for (std::size_t i = 0; i < reports.size(); ++i) {
    std::string line = "    " + reports[i].name;
    line.append(name_width - reports[i].name.size() + 1, ' ');
    line += tags[i];
    line.append(tag_width - tags[i].size() + 2, ' ');
    lines.push_back(line + reports[i].summary);
    for (const std::string& detail : reports[i].details) lines.push_back("        " + detail);
  }
}

// R1 is signed with HIP_SIGNATURE_2, every other signed packet with
// HIP_SIGNATURE (RFC 7401 §5.3); I1 is not signed. A packet carrying the
// other one is a violation a receiver would reject.
void check_signature_type(const wire::Header& h, const std::vector<wire::Param>& params,
                          ordered_json& violations) {
  if (h.version != wire::kVersion2 || h.type == wire::PacketType::i1) return;
  const bool r1 = h.type == wire::PacketType::r1;
  const auto expected = static_cast<std::uint16_t>(r1 ? wire::ParamType::hip_signature_2 : wire::ParamType::hip_signature);
  const auto other = static_cast<std::uint16_t>(r1 ? wire::ParamType::hip_signature : wire::ParamType::hip_signature_2);
  bool has_expected = false, has_other = false;
  for (const wire::Param& p : params) {
    has_expected |= p.type == expected;
    has_other |= p.type == other;
  }
  if (has_other && !has_expected) {
    violations.push_back({{"kind", "signature_type"}, {"type", other},
                          {"message", std::string(wire::to_string(h.type)) + " carries " +
                                          (r1 ? "HIP_SIGNATURE" : "HIP_SIGNATURE_2") + " where RFC 7401 section 5.3 requires " +
                                          (r1 ? "HIP_SIGNATURE_2" : "HIP_SIGNATURE")}});
  }
}

void add_problem_lines(const ordered_json& errors, const ordered_json& violations,
                       std::vector<std::string>& lines) {
  for (const auto& e : errors) lines.push_back("    ERROR      " + e["message"].get<std::string>());
  for (const auto& v : violations) lines.push_back("    VIOLATION  " + v["message"].get<std::string>());
}

// Parameters walked one by one until `end`: used both for parsed packets and,
// up to the failing offset, for packets that do not parse.
std::vector<wire::Param> walk_params(Bytes packet, std::size_t end) {
  std::vector<wire::Param> params;
  std::size_t at = wire::kHeaderSize;
  end = std::min(end, packet.size());
  while (at + 4 <= end) {
    const std::size_t length = base::get_u16(packet, at + 2);
    const std::size_t total = wire::param_total_size(length);
    if (total > end - at) break;
    params.push_back(wire::Param{base::get_u16(packet, at), packet.subspan(at + 4, length), at, total});
    at += total;
  }
  return params;
}

}  // namespace

std::string utc_timestamp(std::int64_t seconds, std::uint32_t nanoseconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%09uZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, nanoseconds);
  return buffer;
}

PacketReport describe_hip_packet(const FrameTime& t, const ClassifiedFrame& f) {
  PacketReport out;
  ordered_json& j = out.json;
  j = frame_json(t, f);
  ordered_json errors = ordered_json::array();
  ordered_json violations = ordered_json::array();
  if (f.over_udp) check_udp(f, j, violations);

  char time_text[32];
  std::snprintf(time_text, sizeof time_text, "%.6f", t.relative);
  const std::string prefix = "#" + std::to_string(t.number) + "  " + time_text + "  " + route_text(f) + "  ";

  // The inspector shows out-of-order and unknown critical parameters instead
  // of refusing the packet (RFC 7401 §5.2.1 makes the engine refuse it).
  const wire::ParseOptions options{.enforce_order = false, .reject_unknown_critical = false};
  auto parsed = wire::parse_packet(f.hip, options);
  auto header = wire::parse_header(f.hip);
  std::vector<wire::Param> params;
  std::uint8_t version = wire::kVersion2;
  std::string headline;
  if (header) {
    version = header->version;
    const Bytes packet = f.hip.first(std::min(f.hip.size(), header->packet_size()));
    if (packet.size() == header->packet_size()) {
      headline = describe_header(*header, packet, f, j, errors, violations);
    } else {
      headline = std::string(wire::to_string(header->type)) + " (HIPv" + std::to_string(header->version) + ")";
    }
  }
  if (parsed) {
    params.assign(parsed->begin(), parsed->end());
    if (parsed->trailing_bytes() != 0) {
      violations.push_back({{"kind", "trailing_bytes"},
                            {"message", std::to_string(parsed->trailing_bytes()) +
                                            " bytes after the HIP packet (ignored by receivers)"}});
    }
  } else {
    const wire::ParseError& e = parsed.error();
    j["decoded"] = false;
    errors.push_back(error_json(e, "packet does not parse: " + error_text(e)));
    if (header) params = walk_params(f.hip.first(std::min(f.hip.size(), header->packet_size())), e.offset);
    headline += (headline.empty() ? "" : "  ") + std::string("NOT DECODED: ") + error_text(e);
  }

  // Parameters, with order violations (§5.2.1) and unknown critical ones.
  std::vector<std::size_t> out_of_order;
  if (parsed) out_of_order = wire::order_violations(*parsed);
  std::vector<ParamReport> reports;
  ordered_json params_json = ordered_json::array();
  for (std::size_t i = 0; i < params.size(); ++i) {
    const wire::Param& p = params[i];
    reports.push_back(describe_param(p, version));
    const ParamReport& r = reports.back();
    params_json.push_back(r.json);
    if (r.error) {
      errors.push_back(error_json(*r.error, r.name + " (" + std::to_string(p.type) + ") at offset " +
                                                std::to_string(p.offset) + ": " + std::string(wire::to_string(r.error->code)) +
                                                (r.error_message.empty() ? "" : " - " + r.error_message)));
    }
    for (const std::string& v : r.violations) {
      violations.push_back({{"kind", "parameter_field"}, {"offset", p.offset}, {"type", p.type},
                            {"message", r.name + " (" + std::to_string(p.type) + ") at offset " +
                                            std::to_string(p.offset) + ": " + v}});
    }
    if (std::find(out_of_order.begin(), out_of_order.end(), p.offset) != out_of_order.end() && i > 0) {
      violations.push_back({{"kind", "out_of_order"}, {"offset", p.offset}, {"type", p.type},
                            {"message", r.name + " (" + std::to_string(p.type) + ") at offset " +
                                            std::to_string(p.offset) + " comes after " + reports[i - 1].name +
                                            " (" + std::to_string(params[i - 1].type) +
                                            "): parameter types must ascend (RFC 7401 section 5.2.1)"}});
    }
    if (!r.known && p.critical()) {
      violations.push_back({{"kind", "unknown_critical"}, {"offset", p.offset}, {"type", p.type},
                            {"message", "unknown critical parameter type " + std::to_string(p.type) +
                                            " at offset " + std::to_string(p.offset) +
                                            ": a receiver must drop the packet (RFC 7401 section 5.2.1)"}});
    }
  }
  if (header) check_signature_type(*header, params, violations);
  j["parameters"] = std::move(params_json);
  out.has_errors = !errors.empty();
  j["ok"] = !out.has_errors;

  out.lines.push_back(prefix + headline);
  if (header) add_hit_lines(*header, out.lines);
  add_param_lines(reports, params, out.lines);
  add_problem_lines(errors, violations, out.lines);
  j["errors"] = std::move(errors);
  j["violations"] = std::move(violations);
  return out;
}

}  // namespace hip::cli
