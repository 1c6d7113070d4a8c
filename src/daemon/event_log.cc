#include "daemon/event_log.h"

#include <spdlog/spdlog.h>

#include <string_view>

#include "engine/config.h"
#include "engine/state.h"
#include "wire/params/control.h"

namespace hip::daemon {

namespace {

spdlog::level::level_enum to_spdlog(LogLevel level) {
  switch (level) {
    case LogLevel::trace: return spdlog::level::trace;
    case LogLevel::debug: return spdlog::level::debug;
    case LogLevel::info: return spdlog::level::info;
    case LogLevel::warn: return spdlog::level::warn;
    case LogLevel::error: return spdlog::level::err;
    case LogLevel::critical: return spdlog::level::critical;
    case LogLevel::off: return spdlog::level::off;
  }
  return spdlog::level::info;
}

std::string_view notify_name(std::uint16_t type) {
  if (type == engine::kNotifyUnknownAssociation) return "UNKNOWN_ASSOCIATION";
  return wire::notify_type_name(type);
}

}  // namespace

void setup_logging(LogLevel level) {
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_level(to_spdlog(level));
  // State changes are rare and matter when hipd dies right after one.
  spdlog::flush_on(spdlog::level::info);
}

std::string describe(const engine::StateChanged& change, bool several_identities) {
  std::string line = "peer " + change.peer_hit.to_string();
  if (several_identities) line += " (local " + change.local_hit.to_string() + ")";
  line += " ";
  line += engine::to_string(change.from);
  line += " -> ";
  line += engine::to_string(change.to);
  line += " (";
  line += engine::to_string(change.reason);
  line += ")";
  return line;
}

std::string describe(const engine::NotifyReceived& notify) {
  std::string line = "peer " + notify.peer_hit.to_string() + " sent NOTIFY " +
                     std::to_string(notify.notify_type);
  const std::string_view name = notify_name(notify.notify_type);
  if (!name.empty()) line += " " + std::string(name);
  line += notify.verified ? " (signature verified)" : " (unverified, ignored)";
  return line;
}

}  // namespace hip::daemon
