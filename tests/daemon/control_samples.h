// Sample replies with every field set to a recognisable value, shared by the
// protocol, text and hipctl tests.
#pragma once

#include <chrono>

#include "daemon/control_protocol.h"

namespace hip::test {

inline const char* const kSampleLocalHit = "2001:22:aaaa:bbbb:cccc:dddd:eeee:1";
inline const char* const kSamplePeerHit = "2001:22:51b8:2f4c:9a2b:6d1e:3c70:41f5";
inline const char* const kSampleSecondPeerHit = "2001:21:7d10:aa4e:2c4b:1f9e:88b3:c2d0";

inline daemon::StatusReply sample_status() {
  using namespace std::chrono_literals;
  daemon::StatusReply r;
  r.uptime = 2h + 5min + 7s;
  r.local_hits = {*base::Hit::parse(kSampleLocalHit)};

  daemon::AssociationStatus a;
  a.local_hit = *base::Hit::parse(kSampleLocalHit);
  a.peer_hit = *base::Hit::parse(kSamplePeerHit);
  a.state = engine::State::established;
  a.path.local = *base::IpAddress::parse("192.0.2.1");
  a.path.peer = *base::IpAddress::parse("198.51.100.7");
  a.esp_transform = 13;  // AES-GCM, 16-octet ICV
  a.hip_cipher = 4;      // AES-256-CBC
  a.dh_group = 7;        // NIST P-256
  a.in_state = 192s;
  a.age = 192s;          // "3m12s"
  a.since_rekey = 65s;   // "1m05s"
  a.idle = 1500ms;
  a.base_exchanges = 1;
  a.inbound = {0x00001234, 1523, 1234567, 2, 250ms};  // 1.2 MB
  a.outbound = {0xabcdef01, 1422, 987654, 0, 125ms};  // 988 kB
  r.associations.push_back(a);

  daemon::AssociationStatus b;
  b.local_hit = a.local_hit;
  b.peer_hit = *base::Hit::parse(kSampleSecondPeerHit);
  b.state = engine::State::i1_sent;
  b.path.local = *base::IpAddress::parse("2001:db8::1");
  b.path.peer = *base::IpAddress::parse("2001:db8::20");
  b.path.udp = true;
  b.path.local_port = 10500;
  b.path.peer_port = 10500;
  b.in_state = 2s;
  b.idle = 2s;
  r.associations.push_back(b);  // no keys yet: SPIs 0, no age, no SA traffic

  r.hip.received = 40;
  r.hip.sent = 44;
  r.hip.retransmissions = 4;
  r.hip.base_exchanges_completed = 1;
  r.hip.drop(engine::Drop::bad_mac);
  r.hip.drop(engine::Drop::bad_mac);
  r.hip.drop(engine::Drop::wrong_state);
  r.daemon = {{"esp_in.bad_icv", 2}, {"esp_out.no_sa", 0}, {"tun.queue_full", 5}};
  return r;
}

inline daemon::PeersReply sample_peers() {
  daemon::PeersReply r;
  daemon::PeerStatus p;
  p.hit = *base::Hit::parse(kSamplePeerHit);
  p.locators = {*base::IpAddress::parse("198.51.100.7"), *base::IpAddress::parse("2001:db8::7")};
  p.lsi = *base::IpAddress::parse("1.60.65.245");
  p.source = "/etc/hipd/hipd.toml:40";
  p.state = engine::State::established;
  r.peers.push_back(p);
  daemon::PeerStatus q;
  q.hit = *base::Hit::parse(kSampleSecondPeerHit);
  q.locators = {*base::IpAddress::parse("203.0.113.5")};
  q.udp = true;
  q.source = "/etc/hipd/hosts:3";
  r.peers.push_back(q);
  return r;
}

}  // namespace hip::test
