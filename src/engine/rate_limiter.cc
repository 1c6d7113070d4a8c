#include "engine/rate_limiter.h"

#include <iterator>
#include <string_view>

namespace hip::engine {

std::size_t SourceRateLimiter::Hash::operator()(const base::IpAddress& a) const {
  auto b = a.bytes();
  return std::hash<std::string_view>{}(
      std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}

bool SourceRateLimiter::allow(const base::IpAddress& source, base::Time now) {
  auto it = sources_.find(source);
  if (it == sources_.end()) {
    if (sources_.size() >= max_sources_) {
      // Bounded memory: forget sources whose buckets are full again (they
      // carry no information); if none, refuse rather than grow.
      for (auto i = sources_.begin(); i != sources_.end();) {
        i = i->second.idle(now) ? sources_.erase(i) : std::next(i);
      }
      if (sources_.size() >= max_sources_) return false;
    }
    it = sources_.emplace(source, TokenBucket(per_rate_, per_burst_)).first;
  }
  // Check the source first so one noisy source cannot drain the global bucket.
  if (!it->second.try_take(now)) return false;
  return global_.try_take(now);
}

}  // namespace hip::engine
