#include "io/error.h"

#include <cstring>

namespace hip::io {

std::string Error::message() const {
  std::string out = call;
  out += ": ";
  out += std::strerror(code);  // hipd's loop is single-threaded
  out += " (errno ";
  out += std::to_string(code);
  out += ")";
  return out;
}

}  // namespace hip::io
