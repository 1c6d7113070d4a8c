// How much memory the process holds, for bytes-per-association figures.
//
// heap_bytes: glibc's mallinfo2(): bytes in use in malloc'ed chunks
// (uordblks) plus chunks served by mmap (hblkhd). OpenSSL allocates through
// CRYPTO_malloc, which is malloc unless someone installs other functions (no
// one in hipstack does), so keys, HMAC contexts and EVP objects are counted
// with our own containers. Freed memory is not counted.
// rss_bytes: resident set from /proc/self/statm: what the kernel gives the
// process, fragmentation and allocator slack included.
#pragma once

#include <malloc.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>

namespace hip::bench {

struct MemoryUse {
  std::int64_t heap_bytes = 0;
  std::int64_t rss_bytes = 0;
};

inline MemoryUse memory_use() {
  MemoryUse m;
  const struct mallinfo2 info = mallinfo2();
  m.heap_bytes = static_cast<std::int64_t>(info.uordblks + info.hblkhd);
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    long size = 0, resident = 0;
    if (std::fscanf(f, "%ld %ld", &size, &resident) == 2) {
      m.rss_bytes = static_cast<std::int64_t>(resident) * sysconf(_SC_PAGESIZE);
    }
    std::fclose(f);
  }
  return m;
}

}  // namespace hip::bench
