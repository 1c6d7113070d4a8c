// libFuzzer target: arbitrary bytes through the HIP packet parser, every typed
// parameter view, the coverage copy and the checksum. Besides "no crash, no
// sanitizer report" it checks one property: a parameter that parses writes
// back to exactly the bytes it was parsed from.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "wire/checksum.h"
#include "wire/coverage.h"
#include "wire/packet.h"
#include "wire/params/all.h"

namespace {

using namespace hip::wire;

template <class P>
void round_trip(const Param& p) {
  auto parsed = P::parse(p);
  if (!parsed) return;
  std::vector<std::uint8_t> out(parsed->contents_size());
  parsed->write(out);
  if (out.size() != p.contents.size() ||
      (!out.empty() && std::memcmp(out.data(), p.contents.data(), out.size()) != 0)) {
    __builtin_trap();
  }
}

void exercise(const Param& p) {
  switch (static_cast<ParamType>(p.type)) {
    case ParamType::esp_info: return round_trip<EspInfo>(p);
    case ParamType::r1_counter_v1:
    case ParamType::r1_counter: return round_trip<R1Counter>(p);
    case ParamType::locator_set: {
      round_trip<LocatorSet>(p);
      if (auto set = LocatorSet::parse(p)) {
        for (std::size_t i = 0; i < set->size(); ++i) {
          auto l = (*set)[i];
          (void)l.address();
          (void)l.spi();
          (void)l.transport();
        }
      }
      return;
    }
    case ParamType::puzzle: return round_trip<Puzzle>(p);
    case ParamType::solution: return round_trip<Solution>(p);
    case ParamType::seq: return round_trip<Seq>(p);
    case ParamType::ack: return round_trip<Ack>(p);
    case ParamType::dh_group_list: return round_trip<DhGroupList>(p);
    case ParamType::diffie_hellman: return round_trip<DiffieHellman>(p);
    case ParamType::hip_transform_v1: return round_trip<HipTransformV1>(p);
    case ParamType::hip_cipher: return round_trip<HipCipher>(p);
    case ParamType::nat_traversal_mode: return round_trip<NatTraversalMode>(p);
    case ParamType::transaction_pacing: return round_trip<TransactionPacing>(p);
    case ParamType::encrypted: return round_trip<Encrypted>(p);
    case ParamType::host_id: return round_trip<HostId>(p);
    case ParamType::hit_suite_list: return round_trip<HitSuiteList>(p);
    case ParamType::cert: return round_trip<Cert>(p);
    case ParamType::notification: return round_trip<Notification>(p);
    case ParamType::echo_request_signed: return round_trip<EchoRequestSigned>(p);
    case ParamType::reg_info: return round_trip<RegInfo>(p);
    case ParamType::reg_request: return round_trip<RegRequest>(p);
    case ParamType::reg_response: return round_trip<RegResponse>(p);
    case ParamType::reg_failed: return round_trip<RegFailed>(p);
    case ParamType::reg_from: return round_trip<RegFrom>(p);
    case ParamType::echo_response_signed: return round_trip<EchoResponseSigned>(p);
    case ParamType::transport_format_list: return round_trip<TransportFormatList>(p);
    case ParamType::esp_transform: return round_trip<EspTransform>(p);
    case ParamType::hip_mac: return round_trip<HipMac>(p);
    case ParamType::hip_mac_2: return round_trip<HipMac2>(p);
    case ParamType::hip_signature_2: return round_trip<HipSignature2>(p);
    case ParamType::hip_signature: return round_trip<HipSignature>(p);
    case ParamType::echo_response_unsigned: return round_trip<EchoResponseUnsigned>(p);
    case ParamType::echo_request_unsigned: return round_trip<EchoRequestUnsigned>(p);
    case ParamType::relay_from: return round_trip<RelayFrom>(p);
    case ParamType::relay_to: return round_trip<RelayTo>(p);
    case ParamType::from: return round_trip<From>(p);
    case ParamType::rvs_hmac: return round_trip<RvsHmac>(p);
    case ParamType::via_rvs: return round_trip<ViaRvs>(p);
    case ParamType::relay_hmac: return round_trip<RelayHmac>(p);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  (void)parse_packet(bytes);  // the protocol path
  auto lenient = parse_packet(bytes, {.enforce_order = false, .reject_unknown_critical = false});
  if (!lenient) return 0;
  for (const Param& p : *lenient) exercise(p);
  (void)order_violations(*lenient);

  std::vector<std::uint8_t> out(kMaxPacketSize + 64);
  (void)covered_bytes(*lenient, 61505, out);
  (void)covered_bytes(*lenient, 61697, out, lenient->bytes().subspan(0, 8));
  const auto v6 = *hip::base::IpAddress::parse("2001:db8::1");
  (void)hip_checksum_ok(lenient->bytes(), v6, v6);
  return 0;
}
