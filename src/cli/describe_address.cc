// Parameters that carry addresses or registrations: LOCATOR_SET (RFC 8046
// §4, RFC 5770 §5.7), FROM and VIA_RVS (RFC 8004 §4.2), REG_FROM, RELAY_FROM
// and RELAY_TO (RFC 5770 §5.6), and REG_INFO/REQUEST/RESPONSE/FAILED
// (RFC 8003 §4).
#include "cli/describe_param.h"
#include "cli/text_util.h"
#include "wire/names.h"
#include "wire/params/locator.h"
#include "wire/params/registration.h"
#include "wire/params/relay.h"

namespace hip::cli::detail {
namespace {

using nlohmann::ordered_json;
using wire::ParamType;

std::string protocol_text(std::uint8_t protocol) {
  if (protocol == 17) return "UDP";
  if (protocol == 0) return "plain IP";
  return "protocol " + std::to_string(protocol);
}

std::string lifetime_text(std::uint32_t seconds) {
  return seconds == 0xffffffffu ? "unbounded" : human_seconds(seconds);
}

// One locator: "2001:db8::1  type 1 ESP SPI + address, SPI 0x.., traffic both, preferred, lifetime 2 h".
std::string describe_locator(const wire::Locator& l, ordered_json& json) {
  json["traffic_type"] = l.traffic_type;
  if (auto name = wire::traffic_type_name(l.traffic_type); !name.empty()) json["traffic_type_name"] = name;
  json["locator_type"] = l.locator_type;
  if (auto name = wire::locator_type_name(l.locator_type); !name.empty()) json["locator_type_name"] = name;
  json["preferred"] = l.preferred;
  json["reserved"] = l.reserved;
  json["lifetime"] = l.lifetime;
  std::string text;
  if (auto address = l.address()) {
    json["address"] = address->to_string();
    text = address->to_string();
  } else {
    json["locator"] = hex(l.locator);
    text = "locator " + short_hex(l.locator);
  }
  if (auto transport = l.transport()) {
    ordered_json t{{"port", transport->port}, {"protocol", transport->protocol},
                   {"kind", transport->kind}};
    if (auto kind = wire::locator_kind_name(transport->kind); !kind.empty()) t["kind_name"] = kind;
    t["priority"] = transport->priority;
    json["transport"] = std::move(t);
    text += " port " + std::to_string(transport->port) + " " + protocol_text(transport->protocol) +
            ", " + numbered(transport->kind, wire::locator_kind_name(transport->kind)) +
            ", priority " + std::to_string(transport->priority);
  }
  if (auto spi = l.spi()) {
    json["spi"] = hex_number(*spi, 8);
    text += ", SPI " + hex_number(*spi, 8);
  }
  text += "  (type " + numbered(l.locator_type, wire::locator_type_name(l.locator_type)) +
          ", traffic " + numbered(l.traffic_type, wire::traffic_type_name(l.traffic_type)) +
          (l.preferred ? ", preferred" : "") + ", lifetime " + lifetime_text(l.lifetime) + ")";
  return text;
}

void locator_set(const wire::Param& p, ParamReport& r) {
  with_parsed<wire::LocatorSet>(p, r, [&](const wire::LocatorSet& set) {
    ordered_json items = ordered_json::array();
    for (std::size_t i = 0; i < set.size(); ++i) {
      ordered_json item;
      r.details.push_back(describe_locator(set[i], item));
      items.push_back(std::move(item));
    }
    r.json["locators"] = std::move(items);
    r.summary = std::to_string(set.size()) + (set.size() == 1 ? " locator" : " locators");
    if (set.size() == 0) r.summary += " (deprecates every address)";  // RFC 8046 §4
  });
}

template <class P>
void address_port(const wire::Param& p, ParamReport& r) {
  with_parsed<P>(p, r, [&](const P& v) {
    const std::string address = v.address().to_string();
    r.json["address"] = address;
    r.json["port"] = v.port;
    r.json["protocol"] = v.protocol;
    r.json["reserved"] = v.reserved;
    r.summary = address + " port " + std::to_string(v.port) + " " + protocol_text(v.protocol);
  });
}

// RFC 8003 §4: lifetime byte v means 2^((v - 64) / 8) seconds, 0 = cancel.
std::string reg_lifetime_text(std::uint8_t value) {
  if (value == 0) return "0 (cancel)";
  return std::to_string(value) + " (" + human_seconds(wire::reg_lifetime_seconds(value)) + ")";
}

std::string reg_types(const wire::U8List& types, ordered_json& json) {
  ordered_json items = ordered_json::array();
  std::string text;
  for (std::uint8_t type : types) {
    ordered_json item{{"id", type}};
    if (auto name = wire::registration_type_name(type); !name.empty()) item["name"] = name;
    items.push_back(std::move(item));
    text += (text.empty() ? "" : ", ") + numbered(type, wire::registration_type_name(type));
  }
  json["reg_types"] = std::move(items);
  return text.empty() ? "no types" : "types " + text;
}

template <class P>
void reg_list(const wire::Param& p, ParamReport& r, bool failed) {
  with_parsed<P>(p, r, [&](const P& v) {
    if (failed) {
      const auto name = wire::registration_failure_name(v.first);
      r.json["failure_type"] = v.first;
      if (!name.empty()) r.json["failure_name"] = name;
      r.summary = "failure " + numbered(v.first, name) + ", " + reg_types(v.reg_types, r.json);
    } else {
      r.json["lifetime"] = v.first;
      if (v.first != 0) r.json["lifetime_seconds"] = wire::reg_lifetime_seconds(v.first);
      r.summary = "lifetime " + reg_lifetime_text(v.first) + ", " + reg_types(v.reg_types, r.json);
    }
  });
}

}  // namespace

bool describe_address_param(const wire::Param& p, ParamReport& r) {
  switch (static_cast<ParamType>(p.type)) {
    case ParamType::locator_set: locator_set(p, r); return true;
    case ParamType::reg_from: address_port<wire::RegFrom>(p, r); return true;
    case ParamType::relay_from: address_port<wire::RelayFrom>(p, r); return true;
    case ParamType::relay_to: address_port<wire::RelayTo>(p, r); return true;
    case ParamType::from:
      with_parsed<wire::From>(p, r, [&](const wire::From& v) {
        r.json["address"] = v.address().to_string();
        r.summary = "original source " + v.address().to_string();
      });
      return true;
    case ParamType::via_rvs:
      with_parsed<wire::ViaRvs>(p, r, [&](const wire::ViaRvs& v) {
        ordered_json items = ordered_json::array();
        std::string text;
        for (std::size_t i = 0; i < v.size(); ++i) {
          items.push_back(v.address(i).to_string());
          text += (text.empty() ? "" : ", ") + v.address(i).to_string();
        }
        r.json["addresses"] = std::move(items);
        r.summary = "via " + text;
      });
      return true;
    case ParamType::reg_info:
      with_parsed<wire::RegInfo>(p, r, [&](const wire::RegInfo& v) {
        r.json["min_lifetime"] = v.min_lifetime;
        r.json["max_lifetime"] = v.max_lifetime;
        const std::string types = reg_types(v.reg_types, r.json);
        r.summary = "lifetime " + reg_lifetime_text(v.min_lifetime) + " to " +
                    reg_lifetime_text(v.max_lifetime) + ", " +
                    (v.reg_types.empty() ? std::string("no service offered now") : types);
      });
      return true;
    case ParamType::reg_request: reg_list<wire::RegRequest>(p, r, false); return true;
    case ParamType::reg_response: reg_list<wire::RegResponse>(p, r, false); return true;
    case ParamType::reg_failed: reg_list<wire::RegFailed>(p, r, true); return true;
    default:
      return false;
  }
}

}  // namespace hip::cli::detail
