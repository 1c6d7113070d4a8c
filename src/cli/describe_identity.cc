// HOST_ID, HIP_SIGNATURE(_2), ENCRYPTED and CERT. For HOST_ID the Host
// Identity is unpacked far enough to name the key: RSA per RFC 3110 §2, DSA
// per RFC 2536 §2, ECDSA/ECDSA_LOW per RFC 7401 §5.2.9 and EdDSA per RFC 9374
// §3.4.1.1 (curve label first).
#include <bit>

#include "base/bytes.h"
#include "cli/describe_param.h"
#include "cli/text_util.h"
#include "wire/names.h"
#include "wire/params/identity.h"

namespace hip::cli::detail {
namespace {

using nlohmann::ordered_json;
using wire::ParamType;
using Bytes = std::span<const std::uint8_t>;

struct KeyInfo {
  unsigned bits = 0;
  std::string text;  // "RSA 2048-bit (e 65537)"
  std::string problem;  // non-empty when the encoding does not add up
};

unsigned significant_bits(Bytes number) {
  std::size_t at = 0;
  while (at < number.size() && number[at] == 0) ++at;
  if (at == number.size()) return 0;
  return static_cast<unsigned>((number.size() - at - 1) * 8) +
         static_cast<unsigned>(std::bit_width(static_cast<unsigned>(number[at])));
}

// RFC 3110 §2: exponent length (1 byte, or 0 then 2 bytes), exponent, modulus.
KeyInfo rsa_key(Bytes hi, ordered_json& json) {
  KeyInfo k;
  std::size_t e_len = 0;
  std::size_t at = 0;
  if (!hi.empty() && hi[0] != 0) {
    e_len = hi[0];
    at = 1;
  } else if (hi.size() >= 3) {
    e_len = base::get_u16(hi, 1);
    at = 3;
  }
  if (e_len == 0 || at + e_len >= hi.size()) {
    k.problem = "RSA key encoding (RFC 3110) does not fit the Host Identity";
    return k;
  }
  const Bytes exponent = hi.subspan(at, e_len);
  const Bytes modulus = hi.subspan(at + e_len);
  k.bits = significant_bits(modulus);
  std::string e_text = "0x" + short_hex(exponent);
  if (exponent.size() <= 8) {
    std::uint64_t e = 0;
    for (std::uint8_t b : exponent) e = (e << 8) | b;
    e_text = std::to_string(e);
    json["rsa_exponent"] = e;
  } else {
    json["rsa_exponent"] = hex(exponent);
  }
  json["rsa_modulus_bits"] = k.bits;
  k.text = std::to_string(k.bits) + "-bit (e " + e_text + ")";
  return k;
}

// RFC 2536 §2: T (1), Q (20), then P, G and Y of 64 + 8T bytes each.
KeyInfo dsa_key(Bytes hi, ordered_json& json) {
  KeyInfo k;
  if (hi.empty() || hi[0] > 8) {
    k.problem = "DSA key encoding (RFC 2536) has a bad T";
    return k;
  }
  const std::size_t p_len = 64 + std::size_t{hi[0]} * 8;
  if (hi.size() != 1 + 20 + 3 * p_len) {
    k.problem = "DSA key encoding (RFC 2536) does not fit the Host Identity";
    return k;
  }
  k.bits = static_cast<unsigned>(p_len * 8);
  json["dsa_t"] = hi[0];
  json["dsa_p_bits"] = k.bits;
  k.text = std::to_string(k.bits) + "-bit";
  return k;
}

// ECDSA, ECDSA_LOW (RFC 7401 §5.2.9) and EdDSA (RFC 9374 §3.4.1.1): a 16-bit
// curve label, then the public key. RFC 9374's figure draws a 16-bit NULL
// field after the EdDSA curve; both with and without it are accepted.
KeyInfo curve_key(std::uint16_t algorithm, Bytes hi, ordered_json& json) {
  KeyInfo k;
  if (hi.size() < 2) {
    k.problem = "elliptic-curve Host Identity shorter than its curve label";
    return k;
  }
  const std::uint16_t curve = base::get_u16(hi, 0);
  Bytes key = hi.subspan(2);
  if (algorithm == wire::hi_algorithm::kEdDsa && key.size() >= 2 && key[0] == 0 && key[1] == 0 &&
      (key.size() == 2 + 32 || key.size() == 2 + 57)) {
    key = key.subspan(2);
  }
  const auto name = wire::hi_curve_name(algorithm, curve);
  k.bits = wire::hi_curve_bits(algorithm, curve);
  json["curve"] = curve;
  if (!name.empty()) json["curve_name"] = name;
  json["public_key_length"] = key.size();
  k.text = "curve " + numbered(curve, name) + (k.bits ? " (" + std::to_string(k.bits) + "-bit)" : "") +
           ", public key " + std::to_string(key.size()) + " bytes " + short_hex(key);
  return k;
}

// RFC 7401 §5.2.9: FQDN in RFC 1035 wire format, NAI as plain text.
std::string domain_identifier_text(std::uint8_t di_type, Bytes di) {
  return di_type == 1 ? dns_name_text(di) : printable(di);
}

void host_id(const wire::Param& p, ParamReport& r) {
  with_parsed<wire::HostId>(p, r, [&](const wire::HostId& v) {
    const auto algorithm_name = wire::hi_algorithm_name(v.algorithm);
    r.json["algorithm"] = v.algorithm;
    if (!algorithm_name.empty()) r.json["algorithm_name"] = algorithm_name;
    r.json["hi_length"] = v.host_identity.size();
    KeyInfo key;
    switch (v.algorithm) {
      case wire::hi_algorithm::kRsa: key = rsa_key(v.host_identity, r.json); break;
      case wire::hi_algorithm::kDsa: key = dsa_key(v.host_identity, r.json); break;
      case wire::hi_algorithm::kEcdsa:
      case wire::hi_algorithm::kEcdsaLow:
      case wire::hi_algorithm::kEdDsa: key = curve_key(v.algorithm, v.host_identity, r.json); break;
      default: key.text = "key " + std::to_string(v.host_identity.size()) + " bytes"; break;
    }
    if (key.bits != 0) r.json["key_bits"] = key.bits;
    r.json["di_type"] = v.di_type;
    if (auto name = wire::di_type_name(v.di_type); !name.empty()) r.json["di_type_name"] = name;
    r.json["di_length"] = v.domain_identifier.size();
    std::string di = "no domain identifier";
    if (!v.domain_identifier.empty()) {
      const std::string text = domain_identifier_text(v.di_type, v.domain_identifier);
      r.json["domain_identifier"] = text;
      const auto di_name = wire::di_type_name(v.di_type);
      di = (di_name.empty() ? "DI type " + std::to_string(v.di_type) : std::string(di_name)) + " \"" + text + "\"";
    }
    r.json["host_identity"] = hex(v.host_identity);
    r.summary = "algorithm " + numbered(v.algorithm, algorithm_name) + ", " + key.text + ", " + di;
    if (!key.problem.empty()) {
      set_error(r, wire::ParseError{wire::ParseErrorCode::bad_parameter_value, p.offset, p.type},
                key.problem);
    }
  });
}

template <class P>
void signature(const wire::Param& p, ParamReport& r) {
  with_parsed<P>(p, r, [&](const P& v) {
    const auto name = wire::hi_algorithm_name(v.algorithm);
    r.json["algorithm"] = v.algorithm;
    if (!name.empty()) r.json["algorithm_name"] = name;
    r.json["signature_length"] = v.signature.size();
    r.json["signature"] = hex(v.signature);
    r.summary = "algorithm " + numbered(v.algorithm, name) + ", signature " + std::to_string(v.signature.size()) +
                " bytes " + short_hex(v.signature);
  });
}

}  // namespace

bool describe_identity_param(const wire::Param& p, ParamReport& r) {
  switch (static_cast<ParamType>(p.type)) {
    case ParamType::host_id:
      host_id(p, r);
      return true;
    case ParamType::hip_signature:  // RFC 7401 §5.2.14
      signature<wire::HipSignature>(p, r);
      return true;
    case ParamType::hip_signature_2:  // RFC 7401 §5.2.15
      signature<wire::HipSignature2>(p, r);
      return true;
    case ParamType::encrypted:  // RFC 7401 §5.2.18: the IV length depends on HIP_CIPHER
      with_parsed<wire::Encrypted>(p, r, [&](const wire::Encrypted& v) {
        r.json["reserved"] = v.reserved;
        r.json["iv_and_data_length"] = v.iv_and_data.size();
        r.json["iv_and_data"] = hex(v.iv_and_data);
        r.summary = "IV + ciphertext " + std::to_string(v.iv_and_data.size()) + " bytes " +
                    short_hex(v.iv_and_data);
      });
      return true;
    case ParamType::cert:  // RFC 8002 §2
      with_parsed<wire::Cert>(p, r, [&](const wire::Cert& v) {
        const auto name = wire::cert_type_name(v.cert_type);
        r.json["group"] = v.group;
        r.json["count"] = v.count;
        r.json["id"] = v.id;
        r.json["cert_type"] = v.cert_type;
        if (!name.empty()) r.json["cert_type_name"] = name;
        r.json["certificate"] = hex(v.certificate);
        r.summary = "group " + std::to_string(v.group) + ", " + std::to_string(v.id) + " of " +
                    std::to_string(v.count) + ", type " + numbered(v.cert_type, name) + ", " +
                    std::to_string(v.certificate.size()) + " bytes";
      });
      return true;
    default:
      return false;
  }
}

}  // namespace hip::cli::detail
