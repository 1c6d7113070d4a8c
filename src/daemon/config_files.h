// Reading hipd's text files (the config, the hosts file) whole, with bounded
// size and an errno-based reason when it fails.
#pragma once

#include <cstddef>
#include <string>

#include "base/result.h"

namespace hip::daemon {

// Far above any real config or hosts file (a hosts file of 100k peers is
// ~10 MB); a bigger file is a mistake, e.g. a device or log named by error.
inline constexpr std::size_t kMaxConfigFileBytes = 32 * 1024 * 1024;

// The file's text, or "not found" / "permission denied" / "is a directory"
// / "larger than 32 MiB" / an strerror text.
base::Result<std::string, std::string> read_config_text(const std::string& path);

}  // namespace hip::daemon
