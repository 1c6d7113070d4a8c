// The dispatcher, plus the base-exchange, ESP, UPDATE/NOTIFY and opaque
// parameters. HOST_ID and the signatures are in describe_identity.cc, the
// address-carrying and registration parameters in describe_address.cc.
#include "cli/describe_param.h"

#include <cmath>

#include "base/bytes.h"
#include "cli/text_util.h"
#include "wire/names.h"
#include "wire/params/all.h"

namespace hip::cli {
namespace {

using nlohmann::ordered_json;
using wire::ParamType;
using detail::with_parsed;

// A list of numbers with their RFC names: JSON [{"id", "name"}...] and text
// "9 NIST P-521, 8 NIST P-384".
template <class List, class NameOf>
void named_list(const List& list, NameOf name_of, const char* key, ParamReport& r) {
  ordered_json items = ordered_json::array();
  std::string text;
  for (auto value : list) {
    const std::string_view name = name_of(value);
    ordered_json item{{"id", value}};
    if (!name.empty()) item["name"] = name;
    items.push_back(std::move(item));
    if (!text.empty()) text += ", ";
    text += numbered(value, name);
  }
  r.json[key] = std::move(items);
  r.summary = text.empty() ? "(empty)" : text;
}

// Opaque bytes: MACs, ECHO data (RFC 7401 §5.2.12-13, §5.2.20-23).
template <class P>
void opaque(const wire::Param& p, ParamReport& r, const char* key) {
  with_parsed<P>(p, r, [&](const P& v) {
    r.json[key] = hex(v.data);
    r.summary = std::to_string(v.data.size()) + " bytes " + short_hex(v.data);
  });
}

// The PUZZLE lifetime byte means 2^(L - 32) seconds (RFC 7401 §5.2.4).
double puzzle_lifetime_seconds(std::uint8_t lifetime) {
  return std::ldexp(1.0, static_cast<int>(lifetime) - 32);
}

// A DIFFIE_HELLMAN whose Public Value Length field disagrees with the bytes
// that follow (cutehip writes 8 before a 64-byte P-256 value). The protocol
// path drops it (RFC 7401 §5.2.7: the field is the length in octets); the
// inspector shows the value the parameter carries within its TLV bounds and
// reports the inconsistent field as a violation.
void describe_inconsistent_diffie_hellman(const wire::Param& p, ParamReport& r) {
  if (p.contents.size() < 4) return;
  const std::uint8_t group = p.contents[0];
  const std::size_t declared = base::get_u16(p.contents, 1);
  const auto value = p.contents.subspan(3);
  r.error.reset();
  r.error_message.clear();
  r.json["group"] = group;
  if (auto name = wire::dh_group_name(group); !name.empty()) r.json["group_name"] = name;
  r.json["public_value_length_field"] = declared;
  r.json["public_value_length"] = value.size();
  r.json["public_value"] = hex(value);
  r.summary = "group " + numbered(group, wire::dh_group_name(group)) + ", public value " +
              std::to_string(value.size()) + " bytes " + short_hex(value);
  r.violations.push_back("its Public Value Length field says " + std::to_string(declared) +
                         " but " + std::to_string(value.size()) +
                         " bytes follow (RFC 7401 section 5.2.7); a receiver drops this packet");
}

bool describe_exchange_param(const wire::Param& p, ParamReport& r) {
  switch (static_cast<ParamType>(p.type)) {
    case ParamType::esp_info:  // RFC 7402 §5.1.1
      with_parsed<wire::EspInfo>(p, r, [&](const wire::EspInfo& v) {
        r.json["reserved"] = v.reserved;
        r.json["keymat_index"] = v.keymat_index;
        r.json["old_spi"] = hex_number(v.old_spi, 8);
        r.json["new_spi"] = hex_number(v.new_spi, 8);
        r.summary = "KEYMAT index " + std::to_string(v.keymat_index) + ", old SPI " +
                    hex_number(v.old_spi, 8) + ", new SPI " + hex_number(v.new_spi, 8);
      });
      return true;
    case ParamType::r1_counter:     // RFC 7401 §5.2.3
    case ParamType::r1_counter_v1:  // RFC 5201 §5.2.3: same layout
      with_parsed<wire::R1Counter>(p, r, [&](const wire::R1Counter& v) {
        r.json["reserved"] = v.reserved;
        r.json["counter"] = v.counter;
        r.summary = "generation " + std::to_string(v.counter);
      });
      return true;
    case ParamType::puzzle:  // RFC 7401 §5.2.4
      with_parsed<wire::Puzzle>(p, r, [&](const wire::Puzzle& v) {
        r.json["k"] = v.k;
        r.json["lifetime"] = v.lifetime;
        r.json["lifetime_seconds"] = puzzle_lifetime_seconds(v.lifetime);
        r.json["opaque"] = hex_number(v.opaque, 4);
        r.json["random_i"] = hex(v.random_i);
        r.summary = "K " + std::to_string(v.k) + ", lifetime " + std::to_string(v.lifetime) + " (" +
                    human_seconds(puzzle_lifetime_seconds(v.lifetime)) + "), opaque " +
                    hex_number(v.opaque, 4) + ", #I " + std::to_string(v.random_i.size()) +
                    " bytes " + short_hex(v.random_i);
      });
      return true;
    case ParamType::solution:  // RFC 7401 §5.2.5
      with_parsed<wire::Solution>(p, r, [&](const wire::Solution& v) {
        r.json["k"] = v.k;
        r.json["reserved"] = v.reserved;
        r.json["opaque"] = hex_number(v.opaque, 4);
        r.json["random_i"] = hex(v.random_i);
        r.json["solution_j"] = hex(v.random_j);
        r.summary = "K " + std::to_string(v.k) + ", opaque " + hex_number(v.opaque, 4) + ", #I " +
                    short_hex(v.random_i) + ", #J " + short_hex(v.random_j) + " (" +
                    std::to_string(v.random_j.size()) + " bytes each)";
      });
      return true;
    case ParamType::dh_group_list:  // RFC 7401 §5.2.6
      with_parsed<wire::DhGroupList>(p, r, [&](const wire::DhGroupList& v) {
        named_list(v.groups, wire::dh_group_name, "groups", r);
      });
      return true;
    case ParamType::diffie_hellman:  // RFC 7401 §5.2.7
      with_parsed<wire::DiffieHellman>(p, r, [&](const wire::DiffieHellman& v) {
        r.json["group"] = v.group_id;
        if (auto name = wire::dh_group_name(v.group_id); !name.empty()) r.json["group_name"] = name;
        r.json["public_value_length"] = v.public_value.size();
        r.json["public_value"] = hex(v.public_value);
        r.summary = "group " + numbered(v.group_id, wire::dh_group_name(v.group_id)) +
                    ", public value " + std::to_string(v.public_value.size()) + " bytes " +
                    short_hex(v.public_value);
      });
      if (r.error && r.error->code == wire::ParseErrorCode::bad_parameter_length) {
        describe_inconsistent_diffie_hellman(p, r);
      }
      return true;
    case ParamType::hip_cipher:  // RFC 7401 §5.2.8
      with_parsed<wire::HipCipher>(p, r, [&](const wire::HipCipher& v) {
        named_list(v.ciphers, wire::hip_cipher_name, "ciphers", r);
      });
      return true;
    case ParamType::hip_transform_v1:  // RFC 5201 §5.2.7
      with_parsed<wire::HipTransformV1>(p, r, [&](const wire::HipTransformV1& v) {
        named_list(v.suites, wire::hip_transform_v1_name, "suites", r);
      });
      return true;
    case ParamType::hit_suite_list:  // RFC 7401 §5.2.10: the OGA ID is the high nibble
      with_parsed<wire::HitSuiteList>(p, r, [&](const wire::HitSuiteList& v) {
        ordered_json items = ordered_json::array();
        std::string text;
        for (std::uint8_t id : v.suites) {
          const auto suite = static_cast<std::uint8_t>(id >> 4);
          ordered_json item{{"id", id}, {"suite", suite}};
          if (auto name = wire::hit_suite_name(suite); !name.empty()) item["name"] = name;
          if (!text.empty()) text += ", ";
          text += numbered(suite, wire::hit_suite_name(suite));
          if ((id & 0x0f) != 0) {
            item["reserved_bits"] = id & 0x0f;
            text += " (low bits " + hex_number(id & 0x0fu, 1) + ", should be 0)";
          }
          items.push_back(std::move(item));
        }
        r.json["suites"] = std::move(items);
        r.summary = text;
      });
      return true;
    case ParamType::transport_format_list:  // RFC 7401 §5.2.11
      with_parsed<wire::TransportFormatList>(p, r, [&](const wire::TransportFormatList& v) {
        named_list(v.formats, wire::transport_format_name, "formats", r);
      });
      return true;
    case ParamType::esp_transform:  // RFC 7402 §5.1.2
      with_parsed<wire::EspTransform>(p, r, [&](const wire::EspTransform& v) {
        r.json["reserved"] = v.reserved;
        named_list(v.suites, wire::esp_suite_name, "suites", r);
      });
      return true;
    case ParamType::nat_traversal_mode:  // RFC 5770 §5.4
      with_parsed<wire::NatTraversalMode>(p, r, [&](const wire::NatTraversalMode& v) {
        r.json["reserved"] = v.reserved;
        named_list(v.modes, wire::nat_traversal_mode_name, "modes", r);
      });
      return true;
    case ParamType::transaction_pacing:  // RFC 5770 §5.5
      with_parsed<wire::TransactionPacing>(p, r, [&](const wire::TransactionPacing& v) {
        r.json["min_ta_ms"] = v.min_ta_ms;
        r.summary = "min Ta " + std::to_string(v.min_ta_ms) + " ms";
      });
      return true;
    default:
      return false;
  }
}

bool describe_control_param(const wire::Param& p, ParamReport& r) {
  switch (static_cast<ParamType>(p.type)) {
    case ParamType::seq:  // RFC 7401 §5.2.16
      with_parsed<wire::Seq>(p, r, [&](const wire::Seq& v) {
        r.json["update_id"] = v.update_id;
        r.summary = "update ID " + std::to_string(v.update_id);
      });
      return true;
    case ParamType::ack:  // RFC 7401 §5.2.17
      with_parsed<wire::Ack>(p, r, [&](const wire::Ack& v) {
        ordered_json ids = ordered_json::array();
        std::string text;
        for (std::uint32_t id : v.update_ids) {
          ids.push_back(id);
          text += (text.empty() ? "" : ", ") + std::to_string(id);
        }
        r.json["update_ids"] = std::move(ids);
        r.summary = "acknowledges update ID " + text;
      });
      return true;
    case ParamType::notification:  // RFC 7401 §5.2.19: < 16384 errors, above status
      with_parsed<wire::Notification>(p, r, [&](const wire::Notification& v) {
        const auto name = wire::notify_type_name(v.notify_type);
        const char* kind = v.notify_type < 16384 ? "error" : "status";
        r.json["reserved"] = v.reserved;
        r.json["notify_type"] = v.notify_type;
        if (!name.empty()) r.json["notify_name"] = name;
        r.json["kind"] = kind;
        r.json["data"] = hex(v.data);
        r.summary = numbered(v.notify_type, name) + " (" + kind + "), data " +
                    std::to_string(v.data.size()) + " bytes" +
                    (v.data.empty() ? "" : " " + short_hex(v.data));
      });
      return true;
    case ParamType::hip_mac: opaque<wire::HipMac>(p, r, "hmac"); return true;
    case ParamType::hip_mac_2: opaque<wire::HipMac2>(p, r, "hmac"); return true;
    case ParamType::rvs_hmac: opaque<wire::RvsHmac>(p, r, "hmac"); return true;
    case ParamType::relay_hmac: opaque<wire::RelayHmac>(p, r, "hmac"); return true;
    case ParamType::echo_request_signed: opaque<wire::EchoRequestSigned>(p, r, "data"); return true;
    case ParamType::echo_response_signed: opaque<wire::EchoResponseSigned>(p, r, "data"); return true;
    case ParamType::echo_request_unsigned: opaque<wire::EchoRequestUnsigned>(p, r, "data"); return true;
    case ParamType::echo_response_unsigned: opaque<wire::EchoResponseUnsigned>(p, r, "data"); return true;
    default:
      return false;
  }
}

}  // namespace

void detail::set_error(ParamReport& report, const wire::ParseError& error, std::string message) {
  report.error = error;
  report.error_message = std::move(message);
}

ParamReport describe_param(const wire::Param& p, std::uint8_t version) {
  ParamReport r;
  r.name = wire::param_name(p.type, version);
  r.known = wire::is_known_param(p.type, version);
  r.json["offset"] = p.offset;
  r.json["type"] = p.type;
  r.json["name"] = r.name;
  r.json["critical"] = p.critical();
  r.json["length"] = p.length();
  const std::string raw = std::to_string(p.contents.size()) + " bytes " + short_hex(p.contents, 16);
  if (!r.known) {
    r.json["unknown"] = true;
    r.json["contents"] = hex(p.contents);
    r.summary = "unknown parameter, contents " + raw;
    return r;
  }
  const bool described = describe_exchange_param(p, r) || describe_control_param(p, r) ||
                         detail::describe_identity_param(p, r) || detail::describe_address_param(p, r);
  if (!described) {  // known to param_type.h but without a typed view here
    r.json["contents"] = hex(p.contents);
    r.summary = "contents " + raw;
  }
  if (r.error) {
    const std::string what(wire::to_string(r.error->code));
    r.json["contents"] = hex(p.contents);
    ordered_json error{{"code", wire::parse_error_code_name(r.error->code)}, {"offset", r.error->offset}};
    if (!r.error_message.empty()) error["message"] = r.error_message;
    r.json["error"] = std::move(error);
    r.summary = "MALFORMED (" + what + (r.error_message.empty() ? "" : ": " + r.error_message) +
                "), contents " + raw;
    r.details.clear();
  }
  return r;
}

}  // namespace hip::cli
