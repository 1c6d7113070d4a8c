// Requests, the short replies (connect, close, peers) and errors. The status
// reply, the long one, is in control_status.cc.
#include "daemon/control_protocol.h"

#include "daemon/control_json.h"

namespace hip::daemon {

using detail::get_bool;
using detail::get_string;
using detail::Json;

std::string_view to_string(ControlCommand command) {
  switch (command) {
    case ControlCommand::status: return "status";
    case ControlCommand::connect: return "connect";
    case ControlCommand::close: return "close";
    case ControlCommand::peers: return "peers";
  }
  return "?";
}

std::optional<engine::State> state_from_name(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(engine::State::e_failed); ++i) {
    const auto state = static_cast<engine::State>(i);
    if (engine::to_string(state) == name) return state;
  }
  return std::nullopt;
}

std::string to_line(const Json& doc) {
  return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json encode_request(const ControlRequest& request) {
  Json doc = {{"cmd", std::string(to_string(request.command))}};
  if (request.hit) doc["hit"] = request.hit->to_string();
  if (request.locator) doc["locator"] = request.locator->to_string();
  return doc;
}

base::Result<ControlRequest, std::string> decode_request(const Json& doc) {
  if (!doc.is_object()) return base::unexpected(std::string("a request must be a JSON object"));
  auto cmd = get_string(doc, "cmd");
  if (!cmd) return base::unexpected(std::string("missing \"cmd\" (status, connect, close, peers)"));
  ControlRequest request;
  bool known = false;
  for (auto c : {ControlCommand::status, ControlCommand::connect, ControlCommand::close,
                 ControlCommand::peers}) {
    if (to_string(c) == *cmd) {
      request.command = c;
      known = true;
    }
  }
  if (!known) {
    return base::unexpected("unknown command \"" + *cmd + "\" (status, connect, close, peers)");
  }
  const bool wants_hit =
      request.command == ControlCommand::connect || request.command == ControlCommand::close;
  for (const auto& [key, value] : doc.items()) {
    const bool allowed = key == "cmd" || (wants_hit && key == "hit") ||
                         (request.command == ControlCommand::connect && key == "locator");
    if (!allowed) return base::unexpected("unexpected field \"" + key + "\" in " + *cmd);
  }
  if (wants_hit) {
    auto text = get_string(doc, "hit");
    if (!text) return base::unexpected(*cmd + " needs \"hit\": the peer's HIT as text");
    auto hit = base::Hit::parse(*text);
    if (!hit || !hit->is_orchid_v2()) return base::unexpected("\"" + *text + "\" is not a HIT");
    request.hit = *hit;
  }
  if (detail::field(doc, "locator") != nullptr) {
    auto text = get_string(doc, "locator");
    auto locator = text ? base::IpAddress::parse(*text) : std::nullopt;
    if (!locator) return base::unexpected(std::string("\"locator\" must be an IP address as text"));
    request.locator = base::IpAddress::from_16_bytes(locator->to_16_bytes());
  }
  return request;
}

Json encode_error(std::string_view message) {
  return {{"ok", false}, {"error", std::string(message)}};
}

namespace {

// The "ok" check every reply decoder starts with.
base::Result<void, std::string> check_ok(const Json& doc) {
  if (!doc.is_object()) return base::unexpected(std::string("reply is not a JSON object"));
  auto ok = get_bool(doc, "ok");
  if (!ok) return base::unexpected(std::string("reply has no \"ok\""));
  if (!*ok) {
    auto error = get_string(doc, "error");
    return base::unexpected(error ? *error : std::string("hipd reported an unspecified error"));
  }
  return {};
}

std::optional<base::Hit> get_hit(const Json& doc, std::string_view key) {
  auto text = get_string(doc, key);
  return text ? base::Hit::parse(*text) : std::nullopt;
}

std::optional<engine::State> get_state(const Json& doc, std::string_view key) {
  auto text = get_string(doc, key);
  return text ? state_from_name(*text) : std::nullopt;
}

}  // namespace

Json encode_reply(const ConnectReply& reply) {
  return {{"ok", true},
          {"hit", reply.hit.to_string()},
          {"locator", reply.locator.to_string()},
          {"udp", reply.udp},
          {"state", std::string(engine::to_string(reply.state))}};
}

base::Result<ConnectReply, std::string> decode_connect_reply(const Json& doc) {
  if (auto ok = check_ok(doc); !ok) return base::unexpected(ok.error());
  ConnectReply reply;
  auto hit = get_hit(doc, "hit");
  auto locator_text = get_string(doc, "locator");
  auto locator = locator_text ? base::IpAddress::parse(*locator_text) : std::nullopt;
  auto state = get_state(doc, "state");
  if (!hit || !locator || !state) return base::unexpected(std::string("malformed connect reply"));
  reply.hit = *hit;
  reply.locator = *locator;
  reply.udp = get_bool(doc, "udp").value_or(false);
  reply.state = *state;
  return reply;
}

Json encode_reply(const CloseReply& reply) {
  return {{"ok", true},
          {"hit", reply.hit.to_string()},
          {"state", std::string(engine::to_string(reply.state))}};
}

base::Result<CloseReply, std::string> decode_close_reply(const Json& doc) {
  if (auto ok = check_ok(doc); !ok) return base::unexpected(ok.error());
  auto hit = get_hit(doc, "hit");
  auto state = get_state(doc, "state");
  if (!hit || !state) return base::unexpected(std::string("malformed close reply"));
  return CloseReply{*hit, *state};
}

Json encode_reply(const PeersReply& reply) {
  Json peers = Json::array();
  for (const PeerStatus& p : reply.peers) {
    Json locators = Json::array();
    for (const auto& l : p.locators) locators.push_back(l.to_string());
    peers.push_back({{"hit", p.hit.to_string()},
                     {"locators", std::move(locators)},
                     {"udp", p.udp},
                     {"lsi", p.lsi ? Json(p.lsi->to_string()) : Json(nullptr)},
                     {"source", p.source},
                     {"state", p.state ? Json(std::string(engine::to_string(*p.state))) : Json(nullptr)}});
  }
  return {{"ok", true}, {"peers", std::move(peers)}};
}

base::Result<PeersReply, std::string> decode_peers_reply(const Json& doc) {
  if (auto ok = check_ok(doc); !ok) return base::unexpected(ok.error());
  const Json* peers = detail::field(doc, "peers");
  if (peers == nullptr || !peers->is_array()) return base::unexpected(std::string("reply has no \"peers\" list"));
  PeersReply reply;
  for (const Json& p : *peers) {
    PeerStatus status;
    auto hit = get_hit(p, "hit");
    const Json* locators = detail::field(p, "locators");
    if (!hit || locators == nullptr || !locators->is_array()) {
      return base::unexpected(std::string("malformed peer entry in reply"));
    }
    status.hit = *hit;
    for (const Json& l : *locators) {
      auto address = l.is_string() ? base::IpAddress::parse(l.get_ref<const std::string&>()) : std::nullopt;
      if (!address) return base::unexpected(std::string("malformed locator in reply"));
      status.locators.push_back(*address);
    }
    status.udp = get_bool(p, "udp").value_or(false);
    if (auto lsi = get_string(p, "lsi")) status.lsi = base::IpAddress::parse(*lsi);
    status.source = get_string(p, "source").value_or("");
    status.state = get_state(p, "state");
    reply.peers.push_back(std::move(status));
  }
  return reply;
}

}  // namespace hip::daemon
