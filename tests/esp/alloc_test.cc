// The per-packet path allocates nothing: after SA installation, encapsulating
// and decapsulating (single and batch, every transform) makes no call to
// operator new nor to OpenSSL's allocator. OpenSSL's allocator is replaced
// before anything else runs (CRYPTO_set_mem_functions only works before the
// first OpenSSL allocation).
#include <gtest/gtest.h>
#include <openssl/crypto.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "esp_test_util.h"

namespace {

std::atomic<long> g_cxx_allocs{0};
std::atomic<long> g_ossl_allocs{0};

void* ossl_malloc(size_t n, const char*, int) {
  ++g_ossl_allocs;
  return std::malloc(n);
}
void* ossl_realloc(void* p, size_t n, const char*, int) {
  ++g_ossl_allocs;
  return std::realloc(p, n);
}
void ossl_free(void* p, const char*, int) { std::free(p); }

const bool g_hooked = CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc, ossl_free) == 1;

}  // namespace

// The replacements pair malloc with free; GCC cannot see that once inlined.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
  ++g_cxx_allocs;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace hip::esp::test {
namespace {

TEST(Allocations, NoneOnThePacketPath) {
  ASSERT_TRUE(g_hooked) << "OpenSSL allocated before the hook could be installed";
  for (const RefSuite& s : kRefSuites) {
    crypto::SeededRng rng_a(1);
    crypto::SeededRng rng_b(2);
    DataPlane a(rng_a);
    DataPlane b(rng_b);
    const RefKeys keys = ref_keys(s, 5);
    ASSERT_TRUE(a.sas().install(sa_config(s, keys, Direction::outbound, 0x800, true)));
    SaConfig in = sa_config(s, keys, Direction::inbound, 0x800, true);
    std::swap(in.own_hit, in.peer_hit);
    ASSERT_TRUE(b.sas().install(in));
    std::vector<Slot> slots;
    for (int i = 0; i < 8; ++i) slots.emplace_back(ipv6_packet(kHitA, kHitB, 17, pattern(1000, 1)));
    std::vector<PacketBuffer> batch;
    for (Slot& sl : slots) batch.push_back(sl.pb);
    std::vector<EncapResult> enc(batch.size());
    std::vector<DecapResult> dec(batch.size());
    std::vector<PacketBuffer> wire(batch.size());
    // Warm-up round (lazy one-time initialisation inside OpenSSL is allowed).
    (void)b.decapsulate({slots[0].storage, 0, 0}, {}, at(0));

    const long cxx_before = g_cxx_allocs.load();
    const long ossl_before = g_ossl_allocs.load();
    for (int round = 0; round < 50; ++round) {
      a.encapsulate_batch(batch, enc, at(round));
      for (std::size_t i = 0; i < batch.size(); ++i) {
        wire[i] = PacketBuffer{slots[i].storage, enc[i].offset, enc[i].length};
      }
      b.decapsulate_batch(wire, {}, dec, at(round));
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (dec[i].status != Status::ok) FAIL() << suite_label(s) << " round " << round;
        batch[i].offset = dec[i].offset;  // the rebuilt inner packet goes out again
        batch[i].length = dec[i].length;
      }
      const EncapResult one = a.encapsulate(batch[0], at(round));
      const DecapResult back = b.decapsulate({slots[0].storage, one.offset, one.length}, {}, at(round));
      ASSERT_EQ(back.status, Status::ok);
      batch[0].offset = back.offset;
    }
    EXPECT_EQ(g_cxx_allocs.load() - cxx_before, 0) << suite_label(s);
    EXPECT_EQ(g_ossl_allocs.load() - ossl_before, 0) << suite_label(s);
  }
}

}  // namespace
}  // namespace hip::esp::test
