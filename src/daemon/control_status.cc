// The status reply: every association with its SAs' traffic, the engine's
// counters with each drop reason by name, and the driver's own counters.
//
//   {"ok":true,"uptime_s":3600.0,"local_hits":["2001:2x::.."],
//    "associations":[{"local_hit":..,"peer_hit":..,"state":"ESTABLISHED",
//      "local_locator":"192.0.2.1","peer_locator":"198.51.100.7","udp":false,
//      "local_port":0,"peer_port":0,"esp_transform":13,"esp_transform_name":"aes-128-gcm",
//      "hip_cipher":4,"hip_cipher_name":"aes-256-cbc","dh_group":7,"dh_group_name":"p256",
//      "in_state_s":..,"age_s":..|null,"since_rekey_s":..|null,"idle_s":..,"base_exchanges":1,
//      "inbound":{"spi":..,"packets":..,"bytes":..,"drops":..,"idle_s":..|null},
//      "outbound":{...}}],
//    "counters":{"hip":{"received":..,...,"dropped":{"malformed":0,...}},
//                "daemon":{"esp_in.bad_icv":0,...}}}
#include "daemon/config_values.h"
#include "daemon/control_json.h"
#include "daemon/control_protocol.h"

namespace hip::daemon {
namespace {

using detail::field;
using detail::get_bool;
using detail::get_seconds;
using detail::get_string;
using detail::get_uint;
using detail::Json;

Json optional_seconds(const std::optional<base::Duration>& d) {
  return d ? detail::encode_seconds(*d) : Json(nullptr);
}

Json encode_sa(const SaStats& sa) {
  return {{"spi", sa.spi},
          {"packets", sa.packets},
          {"bytes", sa.bytes},
          {"drops", sa.drops},
          {"idle_s", optional_seconds(sa.idle)}};
}

std::optional<SaStats> decode_sa(const Json& doc) {
  SaStats sa;
  auto spi = get_uint(doc, "spi", 0xffffffffu);
  auto packets = get_uint(doc, "packets");
  auto bytes = get_uint(doc, "bytes");
  auto drops = get_uint(doc, "drops");
  if (!spi || !packets || !bytes || !drops) return std::nullopt;
  sa.spi = static_cast<std::uint32_t>(*spi);
  sa.packets = *packets;
  sa.bytes = *bytes;
  sa.drops = *drops;
  sa.idle = get_seconds(doc, "idle_s");
  return sa;
}

Json encode_association(const AssociationStatus& a) {
  return {{"local_hit", a.local_hit.to_string()},
          {"peer_hit", a.peer_hit.to_string()},
          {"state", std::string(engine::to_string(a.state))},
          {"local_locator", a.path.local.to_string()},
          {"peer_locator", a.path.peer.to_string()},
          {"udp", a.path.udp},
          {"local_port", a.path.local_port},
          {"peer_port", a.path.peer_port},
          {"esp_transform", a.esp_transform},
          {"esp_transform_name", std::string(esp_transform_short_name(a.esp_transform))},
          {"hip_cipher", a.hip_cipher},
          {"hip_cipher_name", std::string(hip_cipher_short_name(a.hip_cipher))},
          {"dh_group", a.dh_group},
          {"dh_group_name", std::string(dh_group_short_name(a.dh_group))},
          {"in_state_s", detail::encode_seconds(a.in_state)},
          {"age_s", optional_seconds(a.age)},
          {"since_rekey_s", optional_seconds(a.since_rekey)},
          {"idle_s", detail::encode_seconds(a.idle)},
          {"base_exchanges", a.base_exchanges},
          {"inbound", encode_sa(a.inbound)},
          {"outbound", encode_sa(a.outbound)}};
}

std::optional<AssociationStatus> decode_association(const Json& doc) {
  AssociationStatus a;
  auto local_hit = get_string(doc, "local_hit");
  auto peer_hit = get_string(doc, "peer_hit");
  auto state = get_string(doc, "state");
  auto local = get_string(doc, "local_locator");
  auto peer = get_string(doc, "peer_locator");
  if (!local_hit || !peer_hit || !state || !local || !peer) return std::nullopt;
  auto lh = base::Hit::parse(*local_hit);
  auto ph = base::Hit::parse(*peer_hit);
  auto st = state_from_name(*state);
  auto la = base::IpAddress::parse(*local);
  auto pa = base::IpAddress::parse(*peer);
  const Json* in = field(doc, "inbound");
  const Json* out = field(doc, "outbound");
  if (!lh || !ph || !st || !la || !pa || in == nullptr || out == nullptr) return std::nullopt;
  auto inbound = decode_sa(*in);
  auto outbound = decode_sa(*out);
  if (!inbound || !outbound) return std::nullopt;
  a.local_hit = *lh;
  a.peer_hit = *ph;
  a.state = *st;
  a.path.local = *la;
  a.path.peer = *pa;
  a.path.udp = get_bool(doc, "udp").value_or(false);
  a.path.local_port = static_cast<std::uint16_t>(get_uint(doc, "local_port", 0xffff).value_or(0));
  a.path.peer_port = static_cast<std::uint16_t>(get_uint(doc, "peer_port", 0xffff).value_or(0));
  a.esp_transform = static_cast<std::uint16_t>(get_uint(doc, "esp_transform", 0xffff).value_or(0));
  a.hip_cipher = static_cast<std::uint16_t>(get_uint(doc, "hip_cipher", 0xffff).value_or(0));
  a.dh_group = static_cast<std::uint8_t>(get_uint(doc, "dh_group", 0xff).value_or(0));
  a.in_state = get_seconds(doc, "in_state_s").value_or(base::Duration{});
  a.age = get_seconds(doc, "age_s");
  a.since_rekey = get_seconds(doc, "since_rekey_s");
  a.idle = get_seconds(doc, "idle_s").value_or(base::Duration{});
  a.base_exchanges = static_cast<std::uint32_t>(get_uint(doc, "base_exchanges", 0xffffffffu).value_or(0));
  a.inbound = *inbound;
  a.outbound = *outbound;
  return a;
}

// The engine's counters by name; "dropped" lists every reason, zeros too,
// so that scripts can rely on the keys.
Json encode_hip_counters(const engine::Counters& c) {
  Json dropped = Json::object();
  for (std::size_t i = 0; i < c.dropped.size(); ++i) {
    dropped[std::string(engine::to_string(static_cast<engine::Drop>(i)))] = c.dropped[i];
  }
  return {{"received", c.received},
          {"sent", c.sent},
          {"r1_sent", c.r1_sent},
          {"notify_sent", c.notify_sent},
          {"notify_received", c.notify_received},
          {"base_exchanges_completed", c.base_exchanges_completed},
          {"retransmissions", c.retransmissions},
          {"unknown_spi", c.unknown_spi},
          {"dropped_total", c.dropped_total()},
          {"dropped", std::move(dropped)}};
}

engine::Counters decode_hip_counters(const Json& doc) {
  engine::Counters c;
  c.received = get_uint(doc, "received").value_or(0);
  c.sent = get_uint(doc, "sent").value_or(0);
  c.r1_sent = get_uint(doc, "r1_sent").value_or(0);
  c.notify_sent = get_uint(doc, "notify_sent").value_or(0);
  c.notify_received = get_uint(doc, "notify_received").value_or(0);
  c.base_exchanges_completed = get_uint(doc, "base_exchanges_completed").value_or(0);
  c.retransmissions = get_uint(doc, "retransmissions").value_or(0);
  c.unknown_spi = get_uint(doc, "unknown_spi").value_or(0);
  if (const Json* dropped = field(doc, "dropped")) {
    for (std::size_t i = 0; i < c.dropped.size(); ++i) {
      const auto name = engine::to_string(static_cast<engine::Drop>(i));
      c.dropped[i] = get_uint(*dropped, name).value_or(0);
    }
  }
  return c;
}

}  // namespace

Json encode_reply(const StatusReply& reply) {
  Json hits = Json::array();
  for (const auto& h : reply.local_hits) hits.push_back(h.to_string());
  Json associations = Json::array();
  for (const auto& a : reply.associations) associations.push_back(encode_association(a));
  Json daemon = Json::object();
  for (const NamedCount& n : reply.daemon) daemon[n.name] = n.value;
  return {{"ok", true},
          {"uptime_s", detail::encode_seconds(reply.uptime)},
          {"local_hits", std::move(hits)},
          {"associations", std::move(associations)},
          {"counters", {{"hip", encode_hip_counters(reply.hip)}, {"daemon", std::move(daemon)}}}};
}

base::Result<StatusReply, std::string> decode_status_reply(const Json& doc) {
  if (!doc.is_object()) return base::unexpected(std::string("reply is not a JSON object"));
  if (get_bool(doc, "ok") != true) {
    auto error = get_string(doc, "error");
    return base::unexpected(error ? *error : std::string("reply has no \"ok\":true"));
  }
  StatusReply reply;
  reply.uptime = get_seconds(doc, "uptime_s").value_or(base::Duration{});
  if (const Json* hits = field(doc, "local_hits"); hits != nullptr && hits->is_array()) {
    for (const Json& h : *hits) {
      auto hit = h.is_string() ? base::Hit::parse(h.get_ref<const std::string&>()) : std::nullopt;
      if (hit) reply.local_hits.push_back(*hit);
    }
  }
  const Json* associations = field(doc, "associations");
  if (associations == nullptr || !associations->is_array()) {
    return base::unexpected(std::string("reply has no \"associations\" list"));
  }
  for (const Json& a : *associations) {
    auto decoded = decode_association(a);
    if (!decoded) return base::unexpected(std::string("malformed association in reply"));
    reply.associations.push_back(std::move(*decoded));
  }
  if (const Json* counters = field(doc, "counters")) {
    if (const Json* hip = field(*counters, "hip")) reply.hip = decode_hip_counters(*hip);
    if (const Json* daemon = field(*counters, "daemon"); daemon != nullptr && daemon->is_object()) {
      for (const auto& [name, value] : daemon->items()) {
        if (value.is_number_unsigned()) reply.daemon.push_back({name, value.get<std::uint64_t>()});
      }
    }
  }
  return reply;
}

}  // namespace hip::daemon
