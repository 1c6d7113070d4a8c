// Fixed-width big-endian number lists inside parameters (DH_GROUP_LIST,
// HIP_CIPHER, ESP_TRANSFORM, ACK, ...). A list either views wire bytes
// (after parsing) or host values (when building), so neither side allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/bytes.h"

namespace hip::wire {

template <class T>
class BeList {
  static_assert(sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4);

 public:
  BeList() = default;
  static BeList from_wire(std::span<const std::uint8_t> bytes) {
    BeList l;
    l.wire_ = bytes;
    l.size_ = bytes.size() / sizeof(T);
    return l;
  }
  BeList(std::span<const T> values) : values_(values), size_(values.size()) {}
  BeList(std::initializer_list<T>) = delete;  // would dangle: keep the values in an array

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t byte_size() const { return size_ * sizeof(T); }

  T operator[](std::size_t i) const {
    if (values_.data() != nullptr) return values_[i];
    if constexpr (sizeof(T) == 1) return static_cast<T>(wire_[i]);
    if constexpr (sizeof(T) == 2) return static_cast<T>(base::get_u16(wire_, i * 2));
    if constexpr (sizeof(T) == 4) return static_cast<T>(base::get_u32(wire_, i * 4));
  }

  bool contains(T v) const {
    for (std::size_t i = 0; i < size_; ++i) {
      if ((*this)[i] == v) return true;
    }
    return false;
  }

  // Writes size() values big-endian at the start of `out`.
  void write(std::span<std::uint8_t> out) const {
    for (std::size_t i = 0; i < size_; ++i) {
      if constexpr (sizeof(T) == 1) out[i] = static_cast<std::uint8_t>((*this)[i]);
      if constexpr (sizeof(T) == 2) base::put_u16(out, i * 2, static_cast<std::uint16_t>((*this)[i]));
      if constexpr (sizeof(T) == 4) base::put_u32(out, i * 4, static_cast<std::uint32_t>((*this)[i]));
    }
  }

  class Iterator {
   public:
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    Iterator() = default;
    Iterator(const BeList* l, std::size_t i) : l_(l), i_(i) {}
    T operator*() const { return (*l_)[i_]; }
    Iterator& operator++() { ++i_; return *this; }
    Iterator operator++(int) { auto c = *this; ++i_; return c; }
    bool operator==(const Iterator& o) const { return i_ == o.i_; }

   private:
    const BeList* l_ = nullptr;
    std::size_t i_ = 0;
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, size_}; }

 private:
  std::span<const std::uint8_t> wire_;
  std::span<const T> values_;
  std::size_t size_ = 0;
};

using U8List = BeList<std::uint8_t>;
using U16List = BeList<std::uint16_t>;
using U32List = BeList<std::uint32_t>;

}  // namespace hip::wire
