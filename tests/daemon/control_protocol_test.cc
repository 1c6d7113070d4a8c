// The control protocol without sockets: requests and replies encoded, sent
// through JSON text and decoded back; malformed requests refused with a
// reason; one request line dispatched to a fake handler; and the helpers that
// build replies from engine and ESP data.
#include <gtest/gtest.h>

#include <string>

#include "daemon/control_fakes.h"
#include "daemon/control_handler.h"
#include "daemon/control_protocol.h"
#include "daemon/control_samples.h"
#include "daemon/control_snapshot.h"
#include "daemon/peer_table.h"

namespace hip::daemon {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// Through text, as on the socket.
json wire(const json& doc) { return json::parse(to_line(doc)); }

base::Hit peer_hit() { return *base::Hit::parse(test::kSamplePeerHit); }

TEST(ControlRequest, RoundTripsEveryCommand) {
  const ControlRequest requests[] = {
      ControlRequest::of(ControlCommand::status),
      ControlRequest::of(ControlCommand::peers),
      ControlRequest::of(ControlCommand::close, peer_hit()),
      ControlRequest::of(ControlCommand::connect, peer_hit()),
      ControlRequest::of(ControlCommand::connect, peer_hit(), base::IpAddress::parse("2001:db8::7")),
  };
  for (const ControlRequest& r : requests) {
    auto back = decode_request(wire(encode_request(r)));
    ASSERT_TRUE(back) << to_line(encode_request(r)) << ": " << back.error();
    EXPECT_EQ(*back, r) << to_line(encode_request(r));
  }
  EXPECT_EQ(to_line(encode_request(ControlRequest::of(ControlCommand::status))), R"({"cmd":"status"})");
}

TEST(ControlRequest, RefusesMalformedRequestsWithAReason) {
  struct Case {
    const char* line;
    const char* words;
  };
  const Case cases[] = {
      {R"([1,2])", "must be a JSON object"},
      {R"({})", "missing \"cmd\""},
      {R"({"cmd":5})", "missing \"cmd\""},
      {R"({"cmd":"reboot"})", "unknown command \"reboot\""},
      {R"({"cmd":"connect"})", "connect needs \"hit\""},
      {R"({"cmd":"close","hit":"2001:db8::1"})", "is not a HIT"},
      {R"({"cmd":"close","hit":42})", "close needs \"hit\""},
      {R"({"cmd":"connect","hit":"2001:20::1","locator":"nowhere"})", "\"locator\" must be an IP address"},
      {R"({"cmd":"status","hit":"2001:20::1"})", "unexpected field \"hit\" in status"},
      {R"({"cmd":"close","hit":"2001:20::1","locator":"192.0.2.1"})", "unexpected field \"locator\""},
  };
  for (const Case& c : cases) {
    auto r = decode_request(json::parse(c.line));
    ASSERT_FALSE(r) << c.line;
    EXPECT_NE(r.error().find(c.words), std::string::npos) << c.line << ": " << r.error();
  }
}

TEST(StatusReply, RoundTripsThroughJson) {
  const StatusReply sent = test::sample_status();
  auto back = decode_status_reply(wire(encode_reply(sent)));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->uptime, sent.uptime);
  EXPECT_EQ(back->local_hits, sent.local_hits);
  ASSERT_EQ(back->associations.size(), 2u);
  EXPECT_EQ(back->associations[0], sent.associations[0]);
  EXPECT_EQ(back->associations[1], sent.associations[1]);
  EXPECT_EQ(back->hip.received, 40u);
  EXPECT_EQ(back->hip.sent, 44u);
  EXPECT_EQ(back->hip.retransmissions, 4u);
  EXPECT_EQ(back->hip.dropped, sent.hip.dropped);
  ASSERT_EQ(back->daemon.size(), 3u);  // sorted by name on the wire
  EXPECT_EQ(back->daemon[0], (NamedCount{"esp_in.bad_icv", 2}));
  EXPECT_EQ(back->daemon[2], (NamedCount{"tun.queue_full", 5}));
}

TEST(StatusReply, JsonNamesWhatItCarries) {
  const json doc = wire(encode_reply(test::sample_status()));
  EXPECT_EQ(doc["ok"], true);
  const json& a = doc["associations"][0];
  EXPECT_EQ(a["peer_hit"], test::kSamplePeerHit);
  EXPECT_EQ(a["state"], "ESTABLISHED");
  EXPECT_EQ(a["esp_transform"], 13);
  EXPECT_EQ(a["esp_transform_name"], "aes-128-gcm");
  EXPECT_EQ(a["dh_group_name"], "p256");
  EXPECT_EQ(a["inbound"]["spi"], 0x1234);
  EXPECT_EQ(a["inbound"]["bytes"], 1234567);
  EXPECT_DOUBLE_EQ(a["age_s"].get<double>(), 192.0);
  EXPECT_TRUE(doc["associations"][1]["age_s"].is_null());
  EXPECT_EQ(doc["associations"][1]["udp"], true);
  // Every drop reason is listed by name, zeros too.
  EXPECT_EQ(doc["counters"]["hip"]["dropped"]["bad_mac"], 2);
  EXPECT_EQ(doc["counters"]["hip"]["dropped"]["malformed"], 0);
  EXPECT_EQ(doc["counters"]["hip"]["dropped"].size(), static_cast<std::size_t>(engine::Drop::count_));
  EXPECT_EQ(doc["counters"]["hip"]["dropped_total"], 3);
  EXPECT_EQ(doc["counters"]["daemon"]["tun.queue_full"], 5);
}

TEST(ShortReplies, RoundTrip) {
  const ConnectReply connect{peer_hit(), *base::IpAddress::parse("192.0.2.7"), true, engine::State::i1_sent};
  auto c = decode_connect_reply(wire(encode_reply(connect)));
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(*c, connect);
  EXPECT_EQ(encode_reply(connect)["state"], "I1-SENT");

  const CloseReply close{peer_hit(), engine::State::closing};
  auto d = decode_close_reply(wire(encode_reply(close)));
  ASSERT_TRUE(d) << d.error();
  EXPECT_EQ(*d, close);

  const PeersReply peers = test::sample_peers();
  auto p = decode_peers_reply(wire(encode_reply(peers)));
  ASSERT_TRUE(p) << p.error();
  ASSERT_EQ(p->peers.size(), 2u);
  EXPECT_EQ(p->peers[0], peers.peers[0]);
  EXPECT_EQ(p->peers[1], peers.peers[1]);
}

TEST(ShortReplies, ErrorsComeBackAsTheirText) {
  const json error = wire(encode_error("no association with 2001:20::1"));
  EXPECT_EQ(to_line(error), R"({"error":"no association with 2001:20::1","ok":false})");
  auto close = decode_close_reply(error);
  ASSERT_FALSE(close);
  EXPECT_EQ(close.error(), "no association with 2001:20::1");
  auto status = decode_status_reply(error);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error(), "no association with 2001:20::1");
  EXPECT_FALSE(decode_connect_reply(json::parse(R"({"ok":true})")));
  EXPECT_FALSE(decode_peers_reply(json::parse(R"({"ok":true,"peers":[{"hit":"x"}]})")));
  EXPECT_FALSE(decode_status_reply(json::parse(R"({"ok":true,"associations":[{"state":"ESTABLISHED"}]})")));
  EXPECT_FALSE(decode_status_reply(json::parse("[]")));
}

TEST(RequestLine, DispatchesToTheHandler) {
  test::FakeHandler handler;
  handler.peers_reply = test::sample_peers();
  LineReply reply = handle_request_line(
      R"({"cmd":"connect","hit":")" + std::string(test::kSamplePeerHit) + R"(","locator":"203.0.113.5"})",
      handler);
  EXPECT_FALSE(reply.fatal);
  ASSERT_EQ(handler.calls.size(), 1u);
  EXPECT_EQ(handler.calls[0].command, ControlCommand::connect);
  EXPECT_EQ(handler.calls[0].hit, peer_hit());
  EXPECT_EQ(handler.calls[0].locator, base::IpAddress::parse("203.0.113.5"));
  auto connect = decode_connect_reply(json::parse(reply.line));
  ASSERT_TRUE(connect) << reply.line;
  EXPECT_EQ(connect->locator.to_string(), "203.0.113.5");

  reply = handle_request_line(R"({"cmd":"peers"})", handler);
  auto peers = decode_peers_reply(json::parse(reply.line));
  ASSERT_TRUE(peers) << reply.line;
  EXPECT_EQ(peers->peers.size(), 2u);

  handler.close_error = "no association with that HIT";
  reply = handle_request_line(R"({"cmd":"close","hit":")" + std::string(test::kSamplePeerHit) + "\"}", handler);
  EXPECT_EQ(json::parse(reply.line)["error"], "no association with that HIT");
}

TEST(RequestLine, BadInputGetsAnErrorNeverAnException) {
  test::FakeHandler handler;
  LineReply garbage = handle_request_line("hello", handler);
  EXPECT_TRUE(garbage.fatal);
  EXPECT_EQ(json::parse(garbage.line)["ok"], false);

  LineReply unknown = handle_request_line(R"({"cmd":"reboot"})", handler);
  EXPECT_FALSE(unknown.fatal);  // well-formed: the client may go on
  EXPECT_EQ(json::parse(unknown.line)["ok"], false);

  // Invalid UTF-8 echoed back in the error must not break the encoder.
  LineReply bytes = handle_request_line("{\"cmd\":\"\xff\xfe\"}", handler);
  EXPECT_FALSE(json::parse(bytes.line, nullptr, false).is_discarded()) << bytes.line;

  // Deep nesting is parsed without recursion trouble and refused.
  LineReply deep = handle_request_line(std::string(3000, '[') + std::string(3000, ']'), handler);
  EXPECT_EQ(json::parse(deep.line)["ok"], false);

  handler.throw_on_status = true;
  LineReply bug = handle_request_line(R"({"cmd":"status"})", handler);
  EXPECT_NE(json::parse(bug.line)["error"].get<std::string>().find("internal error"), std::string::npos);
  EXPECT_TRUE(handler.calls.size() == 1u);  // only the status call reached the handler
}

TEST(Snapshot, AssociationStatusTakesAgesAgainstNow) {
  engine::AssociationInfo info;
  info.local_hit = *base::Hit::parse(test::kSampleLocalHit);
  info.peer_hit = peer_hit();
  info.state = engine::State::established;
  info.spi_inbound = 0x11;
  info.spi_outbound = 0x22;
  info.esp_suite = 13;
  info.state_since = base::time_from_ns(10'000'000'000);
  info.established_at = base::time_from_ns(10'000'000'000);
  info.last_activity = base::time_from_ns(70'000'000'000);
  const base::Time now = base::time_from_ns(100'000'000'000);
  const AssociationStatus a = association_status(info, now);
  EXPECT_EQ(a.in_state, 90s);
  EXPECT_EQ(a.age, std::optional<base::Duration>(90s));
  EXPECT_EQ(a.idle, 30s);
  EXPECT_EQ(a.inbound.spi, 0x11u);
  EXPECT_EQ(a.outbound.spi, 0x22u);
  EXPECT_EQ(a.esp_transform, 13);

  info.established_at = {};  // never established
  EXPECT_FALSE(association_status(info, now).age);
}

TEST(Snapshot, SaStatsAndEspCounters) {
  esp::SaCounters counters;
  counters.traffic.packets = 7;
  counters.traffic.bytes = 700;
  counters.traffic.drops[static_cast<std::size_t>(esp::Status::bad_icv)] = 2;
  counters.traffic.drops[static_cast<std::size_t>(esp::Status::replayed)] = 1;
  counters.used = true;
  counters.last_used = base::time_from_ns(5'000'000'000);
  const SaStats s = sa_stats(0x99, &counters, base::time_from_ns(8'000'000'000));
  EXPECT_EQ(s, (SaStats{0x99, 7, 700, 3, base::Duration(3s)}));
  EXPECT_EQ(sa_stats(0x98, nullptr, base::Time{}), (SaStats{0x98, 0, 0, 0, std::nullopt}));

  std::vector<NamedCount> out;
  append_esp_counters("esp_in", counters.traffic, out);
  EXPECT_EQ(out.size(), esp::kStatusCount + 1);  // packets, bytes, every drop reason but ok
  EXPECT_EQ(out[0], (NamedCount{"esp_in.packets", 7}));
  bool found = false;
  for (const NamedCount& n : out) found = found || (n.name == "esp_in.bad_icv" && n.value == 2);
  EXPECT_TRUE(found);
}

TEST(Snapshot, PeersReplyCarriesStateAndSource) {
  PeerTable table;
  PeerEntry entry{peer_hit(), {*base::IpAddress::parse("198.51.100.7")}, false, {"/etc/hipd/hosts", 3, 1}};
  ASSERT_EQ(table.add(entry), nullptr);
  engine::AssociationInfo info;
  info.peer_hit = peer_hit();
  info.state = engine::State::r2_sent;
  const std::vector<engine::AssociationInfo> associations = {info};
  const PeersReply reply = peers_reply(table, associations);
  ASSERT_EQ(reply.peers.size(), 1u);
  EXPECT_EQ(reply.peers[0].state, engine::State::r2_sent);
  EXPECT_EQ(reply.peers[0].source, "/etc/hipd/hosts:3:1");
  EXPECT_EQ(reply.peers[0].lsi, table.lsi(peer_hit()));
  EXPECT_FALSE(peers_reply(table, {}).peers[0].state);
}

}  // namespace
}  // namespace hip::daemon
