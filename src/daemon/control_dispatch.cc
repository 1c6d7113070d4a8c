#include <exception>

#include "daemon/control_handler.h"

namespace hip::daemon {

nlohmann::json handle_request(const ControlRequest& request, ControlHandler& handler) {
  switch (request.command) {
    case ControlCommand::status:
      return encode_reply(handler.status());
    case ControlCommand::peers:
      return encode_reply(handler.peers());
    case ControlCommand::connect: {
      auto reply = handler.connect(*request.hit, request.locator);
      return reply ? encode_reply(*reply) : encode_error(reply.error());
    }
    case ControlCommand::close: {
      auto reply = handler.close(*request.hit);
      return reply ? encode_reply(*reply) : encode_error(reply.error());
    }
  }
  return encode_error("unknown command");
}

LineReply handle_request_line(std::string_view line, ControlHandler& handler) {
  const auto doc = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return {to_line(encode_error("bad request: not a JSON object on one line")), true};
  }
  auto request = decode_request(doc);
  if (!request) return {to_line(encode_error("bad request: " + request.error())), false};
  // The handler is the driver's code; a bug in it must cost one request, not
  // the daemon.
  try {
    return {to_line(handle_request(*request, handler)), false};
  } catch (const std::exception& e) {
    return {to_line(encode_error(std::string("internal error: ") + e.what())), false};
  }
}

}  // namespace hip::daemon
