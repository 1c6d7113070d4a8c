// Administrative close in an engine holding many associations: close(peer)
// reaches every association with that peer (one per local identity) and
// nothing else; close_all() closes each association exactly once.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "engine/star.h"
#include "wire/packet.h"

namespace hip::engine::test {
namespace {

using wire::PacketType;

// Which associations (local HIT, peer HIT) the packets of one type were for.
std::vector<std::pair<base::Hit, base::Hit>> addressed(const Actions& out, PacketType type) {
  std::vector<std::pair<base::Hit, base::Hit>> keys;
  for (const auto& action : out) {
    const auto* t = std::get_if<Transmit>(&action);
    if (t == nullptr) continue;
    auto h = wire::parse_header(t->packet);
    if (h && h->type == type) keys.emplace_back(h->sender, h->receiver);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::vector<StateChanged> changes_in(const Actions& out) {
  std::vector<StateChanged> list;
  for (const auto& action : out) {
    if (const auto* s = std::get_if<StateChanged>(&action)) list.push_back(*s);
  }
  return list;
}

bool same(const AssociationInfo& x, const AssociationInfo& y) {
  return x.local_hit == y.local_hit && x.peer_hit == y.peer_hit && x.state == y.state &&
         x.path == y.path && x.spi_inbound == y.spi_inbound && x.spi_outbound == y.spi_outbound &&
         x.state_since == y.state_since && x.last_activity == y.last_activity;
}

TEST(CloseMany, ClosingOnePeerLeavesTheOthersUntouched) {
  Star star(5);
  for (std::size_t i = 0; i < 5; ++i) star.hub_connects(i);
  const base::Hit hub = star.hub().hit;
  for (std::size_t i = 0; i < 5; ++i) {
    ASSERT_EQ(star.hub_state(hub, star.peer(i).hit), State::established) << i;
  }
  const auto before = star.hub().engine->snapshot();
  const std::size_t removed_before = star.hub().removed.size();
  std::vector<std::size_t> peer_changes;
  for (std::size_t i = 0; i < 5; ++i) peer_changes.push_back(star.peer(i).changes.size());

  Actions out;
  star.hub().engine->close(star.peer(2).hit, star.now(), out);
  // One CLOSE, to peer 2, and only peer 2's association changes state.
  using Key = std::pair<base::Hit, base::Hit>;
  EXPECT_EQ(addressed(out, PacketType::close), (std::vector<Key>{{hub, star.peer(2).hit}}));
  for (const auto& change : changes_in(out)) EXPECT_EQ(change.peer_hit, star.peer(2).hit);
  for (const auto& action : out) {
    if (const auto* r = std::get_if<RemoveSa>(&action)) {
      EXPECT_EQ(r->peer_hit, star.peer(2).hit);
    }
  }
  star.run(star.hub(), out);

  EXPECT_FALSE(star.hub_state(hub, star.peer(2).hit).has_value());
  EXPECT_EQ(star.peer(2).state_with(hub), State::closed);
  EXPECT_EQ(star.hub().removed.size(), removed_before + 2);  // peer 2's two SAs
  const auto after = star.hub().engine->snapshot();
  ASSERT_EQ(after.size(), 4u);
  for (const auto& info : after) {
    auto was = std::find_if(before.begin(), before.end(),
                            [&](const auto& b) { return b.peer_hit == info.peer_hit; });
    ASSERT_NE(was, before.end());
    EXPECT_TRUE(same(info, *was));
  }
  // The other peers (Responders, still R2-SENT) heard nothing.
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    EXPECT_EQ(star.peer(i).state_with(hub), State::r2_sent) << i;
    EXPECT_EQ(star.peer(i).changes.size(), peer_changes[i]) << i;
  }
}

TEST(CloseMany, CloseReachesTheAssociationOfEachLocalIdentity) {
  // Peer 0 has an association with both of the hub's identities, peer 1 with
  // the second only.
  Star star(2, 2);
  const base::Hit first = star.hub_hits()[0], second = star.hub_hits()[1];
  star.peer_connects(0, 0);
  star.peer_connects(0, 1);
  star.peer_connects(1, 1);
  ASSERT_EQ(star.hub().engine->snapshot().size(), 3u);
  const base::Hit p0 = star.peer(0).hit, p1 = star.peer(1).hit;

  Actions out;
  star.hub().engine->close(p0, star.now(), out);
  using Key = std::pair<base::Hit, base::Hit>;
  std::vector<Key> want{{first, p0}, {second, p0}};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(addressed(out, PacketType::close), want);
  star.run(star.hub(), out);

  EXPECT_FALSE(star.hub_state(first, p0).has_value());
  EXPECT_FALSE(star.hub_state(second, p0).has_value());
  ASSERT_TRUE(star.hub_state(second, p1).has_value());
  EXPECT_NE(star.hub_state(second, p1), State::closing);
  // Peer 0 answered both CLOSEs and holds both associations CLOSED.
  int closed = 0;
  for (const auto& info : star.peer(0).engine->snapshot()) closed += info.state == State::closed;
  EXPECT_EQ(closed, 2);
}

TEST(CloseMany, CloseOfAPeerWithoutAssociationDoesNothing) {
  Star star(2);
  star.hub_connects(0);
  const auto before = star.hub().engine->snapshot();
  Actions out;
  star.hub().engine->close(star.peer(1).hit, star.now(), out);  // no association with peer 1
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(star.hub().engine->snapshot().size(), before.size());
  EXPECT_TRUE(same(star.hub().engine->snapshot().front(), before.front()));
}

TEST(CloseMany, CloseAllClosesEachAssociationOnce) {
  // The hub holds: peers 0-2 ESTABLISHED through its first identity, peer 3
  // R2-SENT through its second, an I1-SENT attempt towards an address where
  // nobody answers, and peer 4 already CLOSING (its CLOSE is lost).
  Star star(5, 2);
  const base::Hit first = star.hub_hits()[0], second = star.hub_hits()[1];
  for (std::size_t i = 0; i < 3; ++i) star.hub_connects(i);
  star.peer_connects(3, 1);
  star.hub_connects(4);
  base::Hit silent = star.peer(0).hit;
  silent.bytes[15] ^= 0x5a;  // a HIT nobody holds
  {
    Actions out;
    star.hub().engine->connect(silent, star.hub_to(9), star.now(), out);
    star.run(star.hub(), out);
  }
  const base::Hit p4 = star.peer(4).hit;
  star.filter = [&](const Host& from, const Transmit& t) {
    auto h = wire::parse_header(t.packet);
    return !(&from == &star.hub() && h && h->receiver == p4);
  };
  {
    Actions out;
    star.hub().engine->close(p4, star.now(), out);
    star.run(star.hub(), out);
  }
  ASSERT_EQ(star.hub_state(first, star.peer(0).hit), State::established);
  ASSERT_EQ(star.hub_state(second, star.peer(3).hit), State::r2_sent);
  ASSERT_EQ(star.hub_state(first, silent), State::i1_sent);
  ASSERT_EQ(star.hub_state(first, p4), State::closing);
  ASSERT_EQ(star.hub().engine->snapshot().size(), 6u);

  Actions out;
  star.hub().engine->close_all(star.now(), out);
  // One CLOSE per association with keys; none again for peer 4.
  using Key = std::pair<base::Hit, base::Hit>;
  std::vector<Key> want{{first, star.peer(0).hit}, {first, star.peer(1).hit},
                        {first, star.peer(2).hit}, {second, star.peer(3).hit}};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(addressed(out, PacketType::close), want);
  // Each of those went to CLOSING once; the unanswered attempt was dropped.
  std::map<Key, std::vector<State>> moves;
  for (const auto& c : changes_in(out)) moves[{c.local_hit, c.peer_hit}].push_back(c.to);
  EXPECT_EQ(moves.size(), 5u);
  for (const Key& k : want) EXPECT_EQ(moves[k], std::vector<State>{State::closing});
  EXPECT_EQ((moves[{first, silent}]), std::vector<State>{State::unassociated});
  EXPECT_FALSE(star.hub_state(first, silent).has_value());
  EXPECT_EQ(star.hub().engine->snapshot().size(), 5u);
  for (const auto& info : star.hub().engine->snapshot()) EXPECT_EQ(info.state, State::closing);

  star.run(star.hub(), out);
  // Every CLOSE_ACK came back except peer 4's: only its association is left,
  // with its own deadline (the CLOSE retransmission).
  const auto left = star.hub().engine->snapshot();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left.front().peer_hit, p4);
  EXPECT_EQ(star.hub().engine->scheduled_timer_count(), 1u);
  for (std::size_t i = 0; i < 4; ++i) {
    ASSERT_FALSE(star.peer(i).engine->snapshot().empty()) << i;
    EXPECT_EQ(star.peer(i).engine->snapshot().front().state, State::closed) << i;
  }
}

}  // namespace
}  // namespace hip::engine::test
