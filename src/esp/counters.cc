#include "esp/counters.h"

namespace hip::esp {

std::string_view status_name(Status s) {
  switch (s) {
    case Status::ok: return "ok";
    case Status::unknown_spi: return "unknown_spi";
    case Status::truncated: return "truncated";
    case Status::bad_length: return "bad_length";
    case Status::replayed: return "replayed";
    case Status::too_old: return "too_old";
    case Status::bad_icv: return "bad_icv";
    case Status::bad_padding: return "bad_padding";
    case Status::dummy_packet: return "dummy_packet";
    case Status::bad_inner: return "bad_inner";
    case Status::no_sa: return "no_sa";
    case Status::malformed_inner: return "malformed_inner";
    case Status::inner_mismatch: return "inner_mismatch";
    case Status::sequence_exhausted: return "sequence_exhausted";
    case Status::no_headroom: return "no_headroom";
    case Status::no_tailroom: return "no_tailroom";
    case Status::crypto_error: return "crypto_error";
  }
  return "unknown";
}

}  // namespace hip::esp
