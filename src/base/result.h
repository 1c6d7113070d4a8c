// A small stand-in for std::expected (GCC 12 has <expected> only in C++23 mode
// and clang 14, used for fuzzing, has none). Member names follow std::expected
// so that switching later is a `using`.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

namespace hip::base {

template <class E>
struct Unexpected {
  E error;
};

template <class E>
Unexpected(E) -> Unexpected<E>;

template <class E>
[[nodiscard]] constexpr Unexpected<std::decay_t<E>> unexpected(E&& e) {
  return {std::forward<E>(e)};
}

template <class T, class E>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = E;

  constexpr Result(const T& v) : v_(std::in_place_index<0>, v) {}
  constexpr Result(T&& v) : v_(std::in_place_index<0>, std::move(v)) {}
  template <class G>
  constexpr Result(Unexpected<G> u) : v_(std::in_place_index<1>, std::move(u.error)) {}

  constexpr bool has_value() const noexcept { return v_.index() == 0; }
  constexpr explicit operator bool() const noexcept { return has_value(); }

  constexpr T& value() & { assert(has_value()); return *std::get_if<0>(&v_); }
  constexpr const T& value() const& { assert(has_value()); return *std::get_if<0>(&v_); }
  constexpr T&& value() && { assert(has_value()); return std::move(*std::get_if<0>(&v_)); }
  constexpr const E& error() const& { assert(!has_value()); return *std::get_if<1>(&v_); }

  constexpr T& operator*() & { return value(); }
  constexpr const T& operator*() const& { return value(); }
  constexpr T&& operator*() && { return std::move(*this).value(); }
  constexpr T* operator->() { return &value(); }
  constexpr const T* operator->() const { return &value(); }

  template <class U>
  constexpr T value_or(U&& fallback) const& {
    return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, E> v_;
};

template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  constexpr Result() = default;
  template <class G>
  constexpr Result(Unexpected<G> u) : ok_(false), e_(std::move(u.error)) {}

  constexpr bool has_value() const noexcept { return ok_; }
  constexpr explicit operator bool() const noexcept { return ok_; }
  constexpr const E& error() const& { assert(!ok_); return e_; }

 private:
  bool ok_ = true;
  E e_{};
};

}  // namespace hip::base
