#include "support/sample_packets.h"

#include <array>
#include <stdexcept>

#include "base/bytes.h"
#include "wire/builder.h"
#include "wire/checksum.h"
#include "wire/params/all.h"

namespace hip::test {
namespace {

using Bytes = std::vector<std::uint8_t>;
using wire::PacketType;
using Address16 = std::array<std::uint8_t, 16>;

// Deterministic dummy bytes; `seed` keeps different fields apart.
Bytes filler(std::size_t n, std::uint8_t seed) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 7 + (i >> 3));
  return b;
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

base::IpAddress address(const char* text) { return *base::IpAddress::parse(text); }
Address16 mapped(const char* text) { return address(text).to_16_bytes(); }
Bytes mapped_bytes(const char* text) {
  const Address16 a = mapped(text);
  return Bytes(a.begin(), a.end());
}

// The number lists of wire/params/list.h view host arrays when building.
template <class T, std::size_t N>
wire::BeList<T> list_of(const std::array<T, N>& values) {
  return wire::BeList<T>(std::span<const T>(values));
}

// An RFC 1035 §3.1 wire-format name.
Bytes dns_name(std::initializer_list<std::string> labels) {
  Bytes out;
  for (const std::string& l : labels) {
    out.push_back(static_cast<std::uint8_t>(l.size()));
    out.insert(out.end(), l.begin(), l.end());
  }
  out.push_back(0);
  return out;
}

Bytes text_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

// RSA Host Identity (RFC 3110 §2): e_len 3, e = 65537, a 2048-bit modulus.
Bytes rsa_host_identity() {
  Bytes modulus = filler(256, 0x11);
  modulus[0] = 0xc3;
  modulus[255] |= 0x01;  // odd, as a modulus is
  return concat({{0x03, 0x01, 0x00, 0x01}, modulus});
}

// ECDSA Host Identity (RFC 7401 §5.2.9): curve 2 (NIST P-384), then the
// uncompressed point 04 | x | y.
Bytes ecdsa_host_identity() { return concat({{0x00, 0x02, 0x04}, filler(96, 0x2a)}); }

// Collects parameters; any refusal by the builder is a bug in this file.
class Sample {
 public:
  Sample(PacketType type, const base::Hit& sender, const base::Hit& receiver,
         std::uint16_t controls = 0, std::uint8_t version = wire::kVersion2)
      : builder_(buffer_, type, sender, receiver, controls, version) {}

  template <class P>
  Sample& add(const P& param) {
    check(builder_.add(param));
    return *this;
  }
  // For the HIPv1 R1_COUNTER (type 128), which shares R1Counter's layout.
  template <class P>
  Sample& add_as(std::uint16_t type, const P& param) {
    auto out = builder_.begin_param(type, param.contents_size());
    if (!out) throw std::logic_error("sample packet: parameter refused");
    param.write(*out);
    return *this;
  }
  Bytes finish() {
    auto done = builder_.finish();
    if (!done) throw std::logic_error("sample packet: finish failed");
    return Bytes(done->begin(), done->end());
  }

 private:
  static void check(const wire::BuildResult& r) {
    if (!r) throw std::logic_error("sample packet: parameter refused");
  }
  std::array<std::uint8_t, wire::kMaxPacketSize> buffer_{};  // before builder_, which keeps a span of it
  wire::PacketBuilder builder_;
};

// Dummy values shared by several packets, kept alive while packets are built.
struct Values {
  base::Hit i_hit = sample_initiator_hit();
  base::Hit r_hit = sample_responder_hit();
  Bytes random_i = filler(32, 0x49);  // RHASH_len/8 for the Responder's SHA-256 suite
  Bytes random_j = filler(32, 0x4a);
  Bytes dh_responder = filler(64, 0x70);  // NIST P-256 x | y, no 0x04 (RFC 5903 §7)
  Bytes dh_initiator = filler(64, 0x71);
  Bytes dh_rekey = filler(64, 0x72);
  std::array<std::uint8_t, 3> dh_groups{8, 7, 3};
  std::array<std::uint16_t, 2> ciphers{4, 2};
  std::array<std::uint16_t, 1> chosen_cipher{2};
  std::array<std::uint16_t, 2> nat_modes{1, 2};
  std::array<std::uint16_t, 1> chosen_nat_mode{1};
  std::array<std::uint8_t, 2> hit_suites{0x10, 0x20};
  std::array<std::uint16_t, 1> transport_formats{4095};
  std::array<std::uint16_t, 2> esp_suites{9, 8};
  std::array<std::uint16_t, 1> chosen_esp_suite{8};
  std::array<std::uint8_t, 2> offered_reg_types{1, 2};
  std::array<std::uint8_t, 1> rendezvous{1};
  std::array<std::uint8_t, 1> relay{2};
  std::array<std::uint32_t, 2> acked{5, 6};
  Bytes rsa_hi = rsa_host_identity();
  Bytes ecdsa_hi = ecdsa_host_identity();
  Bytes responder_fqdn = dns_name({"responder", "example", "com"});
  Bytes initiator_nai = text_bytes("initiator@example.org");
  Bytes rsa_signature = filler(256, 0x53);
  Bytes ecdsa_signature = filler(96, 0x54);  // P-384 r | s
  Bytes hmac = filler(32, 0x4d);
  Bytes echo_signed = filler(8, 0xe5);
  Bytes echo_unsigned = filler(4, 0xe6);
  Bytes encrypted = filler(16 + 112, 0xc1);  // AES-128-CBC IV + an encrypted HOST_ID
  Bytes certificate = filler(40, 0xce);
  Bytes notify_data = {0x00, 0x07};
  Address16 relay_to = mapped("192.0.2.1");
  Address16 relay_from = mapped("2001:db8::77");
  Address16 reg_from = mapped("198.51.100.7");
  Address16 from = mapped("198.51.100.10");
  Bytes via_rvs = concat({mapped_bytes("192.0.2.53"), mapped_bytes("2001:db8::53")});
};

Bytes build_i1(const Values& v) {
  // I1 relayed by a rendezvous server: FROM + RVS_HMAC (RFC 8004 §4.2).
  return Sample(PacketType::i1, v.i_hit, v.r_hit)
      .add(wire::DhGroupList{list_of(v.dh_groups)})
      .add(wire::From{v.from})
      .add(wire::RvsHmac{v.hmac})
      .finish();
}

Bytes build_r1(const Values& v) {
  return Sample(PacketType::r1, v.r_hit, v.i_hit)
      .add(wire::R1Counter{0, 42})
      .add(wire::Puzzle{8, 37, 0xbeef, v.random_i})
      .add(wire::DhGroupList{list_of(v.dh_groups)})
      .add(wire::DiffieHellman{7, v.dh_responder})
      .add(wire::HipCipher{list_of(v.ciphers)})
      .add(wire::NatTraversalMode{0, list_of(v.nat_modes)})
      .add(wire::TransactionPacing{500})
      .add(wire::HostId{1, 5, v.rsa_hi, v.responder_fqdn})
      .add(wire::HitSuiteList{list_of(v.hit_suites)})
      .add(wire::EchoRequestSigned{v.echo_signed})
      .add(wire::RegInfo{0x60, 0xd0, list_of(v.offered_reg_types)})
      .add(wire::TransportFormatList{list_of(v.transport_formats)})
      .add(wire::EspTransform{0, list_of(v.esp_suites)})
      .add(wire::HipSignature2{5, v.rsa_signature})
      .add(wire::EchoRequestUnsigned{v.echo_unsigned})
      .add(wire::RelayTo{10500, 17, 0, v.relay_to})
      .add(wire::ViaRvs{v.via_rvs})
      .finish();
}

Bytes build_i2(const Values& v) {
  // The Anonymous bit is set here (RFC 7401 §5.1.2) so that the control bit is exercised.
  return Sample(PacketType::i2, v.i_hit, v.r_hit, wire::kControlAnonymous)
      .add(wire::EspInfo{0, 96, 0, 0x1234abcd})
      .add(wire::R1Counter{0, 42})
      .add(wire::Solution{8, 0, 0xbeef, v.random_i, v.random_j})
      .add(wire::DiffieHellman{7, v.dh_initiator})
      .add(wire::HipCipher{list_of(v.chosen_cipher)})
      .add(wire::NatTraversalMode{0, list_of(v.chosen_nat_mode)})
      .add(wire::Encrypted{0, v.encrypted})
      .add(wire::RegRequest{0x78, list_of(v.rendezvous)})
      .add(wire::EchoResponseSigned{v.echo_signed})
      .add(wire::TransportFormatList{list_of(v.transport_formats)})
      .add(wire::EspTransform{0, list_of(v.chosen_esp_suite)})
      .add(wire::HipMac{v.hmac})
      .add(wire::HipSignature{7, v.ecdsa_signature})
      .add(wire::EchoResponseUnsigned{v.echo_unsigned})
      .add(wire::RelayFrom{55555, 17, 0, v.relay_from})
      .add(wire::RelayHmac{v.hmac})
      .finish();
}

Bytes build_r2(const Values& v) {
  return Sample(PacketType::r2, v.r_hit, v.i_hit)
      .add(wire::EspInfo{0, 96, 0, 0x5678ef01})
      .add(wire::RegResponse{0x78, list_of(v.rendezvous)})
      .add(wire::RegFailed{1, list_of(v.relay)})
      .add(wire::RegFrom{50500, 17, 0, v.reg_from})
      .add(wire::HipMac2{v.hmac})
      .add(wire::HipSignature{5, v.rsa_signature})
      .add(wire::RelayTo{10500, 17, 0, v.relay_to})
      .finish();
}

Bytes build_update(const Values& v) {
  // A mobility UPDATE with rekeying (RFC 8046 §3.2, RFC 7402 §5.3).
  const Address16 v6 = mapped("2001:db8::1");
  const Bytes spi_v4 = concat({{0x12, 0x34, 0xab, 0xcd}, mapped_bytes("192.0.2.10")});
  // RFC 5770 §5.7: port, protocol, kind, priority, SPI, address.
  const Bytes transport = concat({{0x29, 0x04, 17, 1, 0x7e, 0x00, 0x00, 0xff, 0x12, 0x34, 0xab, 0xcd},
                                  mapped_bytes("198.51.100.20")});
  const std::array<wire::Locator, 3> locators{
      wire::Locator{0, 0, 0, false, 7200, v6},
      wire::Locator{0, 1, 0, true, 0xffffffff, spi_v4},
      wire::Locator{2, 2, 0, false, 600, transport},
  };
  return Sample(PacketType::update, v.i_hit, v.r_hit)
      .add(wire::EspInfo{0, 0, 0x1234abcd, 0x2345bcde})
      .add(wire::LocatorSet{locators})
      .add(wire::Seq{7})
      .add(wire::Ack{list_of(v.acked)})
      .add(wire::DiffieHellman{7, v.dh_rekey})
      .add(wire::HostId{2, 7, v.ecdsa_hi, v.initiator_nai})
      .add(wire::Cert{1, 1, 1, 1, v.certificate})
      .add(wire::HipMac{v.hmac})
      .add(wire::HipSignature{7, v.ecdsa_signature})
      .finish();
}

Bytes build_notify(const Values& v) {
  return Sample(PacketType::notify, v.r_hit, v.i_hit)
      .add(wire::HostId{0, 5, v.rsa_hi, {}})
      .add(wire::Notification{0, wire::notify::kNoDhProposalChosen, v.notify_data})
      .add(wire::Notification{0, wire::notify::kI2Acknowledgement, {}})
      .add(wire::HipSignature{5, v.rsa_signature})
      .finish();
}

Bytes build_close(const Values& v) {
  return Sample(PacketType::close, v.i_hit, v.r_hit)
      .add(wire::EchoRequestSigned{v.echo_signed})
      .add(wire::HipMac{v.hmac})
      .add(wire::HipSignature{7, v.ecdsa_signature})
      .finish();
}

Bytes build_close_ack(const Values& v) {
  return Sample(PacketType::close_ack, v.r_hit, v.i_hit)
      .add(wire::EchoResponseSigned{v.echo_signed})
      .add(wire::HipMac{v.hmac})
      .add(wire::HipSignature{5, v.rsa_signature})
      .finish();
}

// HIPv1 R1 (RFC 5201 §5.3.2) with ORCHIDv1 HITs (2001:10::/28), a 64-bit #I
// and the v1-only R1_COUNTER (128) and HIP_TRANSFORM (577).
Bytes build_r1_v1(const Values&) {
  const base::Hit sender = *base::Hit::parse("2001:10:aaaa:bbbb:cccc:dddd:eeee:1");
  const base::Hit receiver = *base::Hit::parse("2001:10:aaaa:bbbb:cccc:dddd:eeee:2");
  const Bytes random_i = filler(8, 0x49);
  const std::array<std::uint16_t, 2> transforms{1, 5};
  return Sample(PacketType::r1, sender, receiver, 0, wire::kVersion1)
      .add_as(128, wire::R1Counter{0, 7})
      .add(wire::Puzzle{10, 37, 0x0102, random_i})
      .add(wire::HipTransformV1{list_of(transforms)})
      .finish();
}

}  // namespace

base::Hit sample_initiator_hit() { return *base::Hit::parse("2001:22:1111:2222:3333:4444:5555:6666"); }
base::Hit sample_responder_hit() { return *base::Hit::parse("2001:21:aaaa:bbbb:cccc:dddd:eeee:ffff"); }
base::IpAddress sample_initiator_v4() { return address("192.0.2.1"); }
base::IpAddress sample_responder_v4() { return address("198.51.100.1"); }
base::IpAddress sample_initiator_v6() { return address("2001:db8::1"); }
base::IpAddress sample_responder_v6() { return address("2001:db8::2"); }

std::vector<SamplePacket> build_sample_packets(const base::IpAddress& initiator,
                                               const base::IpAddress& responder,
                                               ChecksumMode checksum) {
  const Values v;
  struct Recipe {
    const char* name;
    PacketType type;
    std::uint8_t version;
    bool from_initiator;
    Bytes (*build)(const Values&);
  };
  static constexpr Recipe kRecipes[] = {
      {"i1", PacketType::i1, 2, true, build_i1},
      {"r1", PacketType::r1, 2, false, build_r1},
      {"i2", PacketType::i2, 2, true, build_i2},
      {"r2", PacketType::r2, 2, false, build_r2},
      {"update", PacketType::update, 2, true, build_update},
      {"notify", PacketType::notify, 2, false, build_notify},
      {"close", PacketType::close, 2, true, build_close},
      {"close_ack", PacketType::close_ack, 2, false, build_close_ack},
      {"r1_v1", PacketType::r1, 1, false, build_r1_v1},
  };
  std::vector<SamplePacket> packets;
  for (const Recipe& r : kRecipes) {
    SamplePacket p;
    p.name = r.name;
    p.type = r.type;
    p.version = r.version;
    p.src = r.from_initiator ? initiator : responder;
    p.dst = r.from_initiator ? responder : initiator;
    p.bytes = r.build(v);
    if (checksum == ChecksumMode::ip) wire::set_hip_checksum(p.bytes, p.src, p.dst);
    packets.push_back(std::move(p));
  }
  return packets;
}

}  // namespace hip::test
