// Token buckets for answers to unauthenticated packets: one per source address
// plus one for the whole host, so that neither one flooding source nor many
// spoofed ones can make us sign NOTIFYs (CPU) or reflect traffic (bandwidth).
#pragma once

#include <algorithm>
#include <cstddef>
#include <unordered_map>

#include "base/ip_address.h"
#include "base/time.h"

namespace hip::engine {

class TokenBucket {
 public:
  TokenBucket(double per_second, double burst) : rate_(per_second), burst_(burst), tokens_(burst) {}

  bool try_take(base::Time now) {
    refill(now);
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }
  // True when the bucket is full again, i.e. it carries no information.
  bool idle(base::Time now) {
    refill(now);
    return tokens_ >= burst_;
  }

 private:
  void refill(base::Time now) {
    if (started_ && now > last_) {
      tokens_ = std::min(burst_, tokens_ + base::to_seconds(now - last_) * rate_);
    }
    if (!started_ || now > last_) last_ = now;
    started_ = true;
  }
  double rate_;
  double burst_;
  double tokens_;
  base::Time last_{};
  bool started_ = false;
};

class SourceRateLimiter {
 public:
  SourceRateLimiter(double per_source_rate, double per_source_burst, double global_rate,
                    double global_burst, std::size_t max_sources = 4096)
      : per_rate_(per_source_rate), per_burst_(per_source_burst),
        global_(global_rate, global_burst), max_sources_(max_sources) {}

  // Takes a token from the source's bucket and the global one; false = drop.
  bool allow(const base::IpAddress& source, base::Time now);

 private:
  struct Hash {
    std::size_t operator()(const base::IpAddress& a) const;
  };
  double per_rate_;
  double per_burst_;
  TokenBucket global_;
  std::size_t max_sources_;
  std::unordered_map<base::IpAddress, TokenBucket, Hash> sources_;
};

}  // namespace hip::engine
