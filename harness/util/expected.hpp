#pragma once
// A small stand-in for C++23 std::expected: low layers return values or errors, never throw
// for conditions a user can cause (bad input, network trouble, refused credentials).
#include <cassert>
#include <utility>
#include <variant>

namespace formcheck {

template <class E>
struct Unexpected {
  E error;
};

template <class E>
Unexpected<std::decay_t<E>> unexpected(E&& error) {
  return {std::forward<E>(error)};
}

template <class T, class E>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
  template <class G>
  Expected(Unexpected<G> error) : m_state(std::in_place_index<1>, std::move(error.error)) {}

  bool has_value() const { return m_state.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(m_state);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(m_state);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(m_state));
  }
  const E& error() const {
    assert(!has_value());
    return std::get<1>(m_state);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, E> m_state;
};

}  // namespace formcheck
