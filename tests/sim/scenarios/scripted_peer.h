// A HIP peer written in test code, for the state-table rows that need a
// packet no hipstack engine sends on its own: an authenticated UPDATE (the
// engine only answers UPDATEs, it never starts one yet) and an R1 that offers
// a HIT suite the Initiator does not have.
//
// As Initiator it runs a real base exchange with an engine host
// (RFC 7401 §6.6, §6.8):
//
//   I1 { DH_GROUP_LIST }                                               -->
//   <-- R1 { R1_COUNTER, PUZZLE, ..., HOST_ID, ..., HIP_SIGNATURE_2 }
//   I2 { ESP_INFO, R1_COUNTER, SOLUTION, DIFFIE_HELLMAN, HIP_CIPHER,
//        HOST_ID, TRANSPORT_FORMAT_LIST, ESP_TRANSFORM, HIP_MAC,
//        HIP_SIGNATURE }                                               -->
//   <-- R2 { ESP_INFO, HIP_MAC_2, HIP_SIGNATURE }
//
// and keeps its HIP_MAC key, so that it can then send
// UPDATE { SEQ, HIP_MAC, HIP_SIGNATURE } (§5.3.5). It builds its packets with
// wire/ and crypto/ directly, not with the engine's code, and trusts what it
// receives (it is the test's tool, not a protocol implementation).
//
// As Responder it answers every I1 with a minimal signed R1:
//   R1 { R1_COUNTER, PUZZLE, HOST_ID, HIT_SUITE_LIST, HIP_SIGNATURE_2 }
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/hit.h"
#include "base/ip_address.h"
#include "crypto/host_id_key.h"
#include "crypto/mac.h"
#include "crypto/rng.h"
#include "engine/engine.h"
#include "sim/node.h"

namespace hip::sim::test {

class ScriptedPeer final : public Node {
 public:
  ScriptedPeer(Simulator& sim, std::string name, base::IpAddress address);
  ~ScriptedPeer() override;

  const base::Hit& hit() const { return identity_->hit; }
  const base::IpAddress& address() const { return addresses().front(); }

  // Initiator: sends I1 now and completes the exchange as packets arrive.
  void start_base_exchange(const base::Hit& responder, const base::IpAddress& at);
  bool sent_i2() const { return !i2_.empty(); }
  bool got_r2() const { return peer_spi_ != 0; }
  std::uint32_t peer_spi() const { return peer_spi_; }  // from R2's ESP_INFO
  // UPDATE { SEQ(update_id), HIP_MAC, HIP_SIGNATURE } to the Responder, keyed
  // with this exchange's HIP-gl/lg key. False before the I2 was built.
  bool send_update(std::uint32_t update_id);

  // Responder: every I1 from now on gets an R1 whose HIT_SUITE_LIST holds
  // exactly `suites` (suite IDs in the list's 4-bit-shifted form, §5.2.10).
  void answer_i1s_with_hit_suites(std::vector<std::uint8_t> suites) {
    r1_hit_suites_ = std::move(suites);
  }

  // Every HIP packet received, in order.
  const std::vector<Datagram>& received() const { return received_; }
  std::size_t received_count(wire::PacketType type) const;

 protected:
  void on_datagram(const Datagram& d) override;

 private:
  void on_r1(const Datagram& d);
  void on_r2(const Datagram& d);
  void answer_i1(const Datagram& d);
  void send_packet(const base::IpAddress& to, std::vector<std::uint8_t> packet);

  std::unique_ptr<crypto::SeededRng> rng_;
  std::optional<engine::LocalIdentity> identity_;
  base::Hit responder_{};
  base::IpAddress responder_address_;
  std::vector<std::uint8_t> i2_;
  std::optional<crypto::HmacKey> mac_out_;
  std::uint32_t peer_spi_ = 0;
  std::optional<std::vector<std::uint8_t>> r1_hit_suites_;
  std::vector<Datagram> received_;
};

}  // namespace hip::sim::test
