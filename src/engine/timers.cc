// Every timer of the state machine (RFC 7401 §4.4.3 "Timeout" rows), named
// after the protocol event it stands for, plus the R1 generation rotation.
#include "engine/engine_impl.h"

namespace hip::engine {

void Engine::Impl::arm_retransmit(Association& a, base::Duration first_timeout, base::Time now) {
  a.retransmit_timeout = first_timeout;
  a.timers.retransmit = now + first_timeout;
}

namespace {

// Doubles the timeout up to the cap and re-arms (exponential backoff).
void back_off(Association& a, base::Duration cap, base::Time now) {
  a.retransmit_timeout = std::min(a.retransmit_timeout * 2, cap);
  a.timers.retransmit = now + a.retransmit_timeout;
}

}  // namespace

void Engine::Impl::note_i1_load(base::Time now) {
  if (now - load_window_start >= std::chrono::seconds(1)) {
    // Back to the normal difficulty after a quiet second, at most every 10 s.
    const bool quiet = i1_in_window < config.policy.i1_load_threshold / 4;
    if (quiet && puzzle_k != config.policy.puzzle_k && now - k_changed_at >= std::chrono::seconds(10)) {
      puzzle_k = config.policy.puzzle_k;
      k_changed_at = now;
      for (auto& cache : r1) {
        if (cache) (void)cache->rotate(puzzle_k, rng, now);
      }
    }
    load_window_start = now;
    i1_in_window = 0;
  }
  if (++i1_in_window == config.policy.i1_load_threshold &&
      puzzle_k != config.policy.puzzle_k_under_load) {
    // Under load (§4.1.2): harder puzzles for new R1s.
    puzzle_k = config.policy.puzzle_k_under_load;
    k_changed_at = now;
    for (auto& cache : r1) {
      if (cache) (void)cache->rotate(puzzle_k, rng, now);
    }
  }
}

namespace {

void run_retransmit(Engine::Impl& e, Association& a, base::Time now, Actions& out) {
  const Timers& t = e.config.timers;
  a.timers.retransmit = base::kNever;
  if (a.state == State::closing) {
    // §4.4.3 Table 7: add to the timeout sum; past UAL + MSL, give up.
    a.closing_elapsed += a.retransmit_timeout;
    if (a.closing_elapsed >= t.ual + t.msl) {
      e.set_state(a, State::unassociated, Reason::closing_gave_up, now, out);
      e.erase(a, out);
      return;
    }
  } else {
    const bool i1 = a.i1_outstanding;
    const int max = i1 ? t.i1_retries_max : t.i2_retries_max;
    if (!i1 && a.state != State::i2_sent) return;  // nothing outstanding
    if (++a.retries > max) {
      if (a.state == State::closed || a.state == State::established) {
        a.i1_outstanding = false;  // CLOSED runs out on its own timer, ESTABLISHED stays
        return;
      }
      e.remove_sas(a, out);
      e.forget_exchange(a);
      a.timers.state = now + t.e_failed_hold;
      e.set_state(a, State::e_failed, Reason::retries_exhausted, now, out);
      return;
    }
  }
  e.counters.retransmissions++;
  e.transmit(a.path, a.retransmit_packet, out);
  back_off(a, t.backoff_cap, now);
}

void run_state_timer(Engine::Impl& e, Association& a, base::Time now, Actions& out) {
  a.timers.state = base::kNever;
  switch (a.state) {
    case State::r2_sent:
      a.timers.ual = now + e.config.timers.ual;
      e.set_state(a, State::established, Reason::ec_expired, now, out);
      break;
    case State::closed:
      e.set_state(a, State::unassociated, Reason::closed_expired, now, out);
      e.erase(a, out);
      break;
    case State::e_failed:
      e.set_state(a, State::unassociated, Reason::failed_expired, now, out);
      e.erase(a, out);
      break;
    default:
      break;
  }
}

void run_ual(Engine::Impl& e, Association& a, base::Time now, Actions& out) {
  a.timers.ual = base::kNever;
  if (a.state != State::established) return;
  const base::Time idle_until = a.last_activity + e.config.timers.ual;
  if (now < idle_until) {
    a.timers.ual = idle_until;  // traffic since: check again then
    return;
  }
  e.start_close(a, Reason::ual_expired, now, out);
}

}  // namespace

void Engine::Impl::on_timeout(base::Time now, Actions& out) {
  for (std::size_t i = 0; i < r1.size(); ++i) {
    if (r1[i] && now - r1[i]->rotated_at() >= config.timers.r1_rotation) {
      (void)r1[i]->rotate(puzzle_k, rng, now);
    }
  }
  while (deadlines.earliest() <= now) {
    Association* a = &deadlines.first();
    const HitPair key{a->local->hit, a->peer_hit};
    // Each slot is checked against `now`; erase() may end the association.
    // Every slot that runs re-arms later than `now` or not at all, so the
    // schedule() below moves this entry past `now` (or erase() removed it).
    if (a->timers.retransmit <= now) run_retransmit(*this, *a, now, out);
    if ((a = find(key.local, key.peer)) && a->timers.state <= now) run_state_timer(*this, *a, now, out);
    if ((a = find(key.local, key.peer)) && a->timers.ual <= now) run_ual(*this, *a, now, out);
    if ((a = find(key.local, key.peer))) schedule(*a);
  }
}

base::Time Engine::Impl::next_deadline() const {
  base::Time next = deadlines.earliest();
  for (const auto& cache : r1) {
    if (cache) next = std::min(next, cache->rotated_at() + config.timers.r1_rotation);
  }
  return next;
}

}  // namespace hip::engine
