// Stable names for enums, written once: the name of a value and the value of a name come from one list.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace chorus {

/// The names of an enum's values 0..N-1, in the enum's order.
template <typename E, size_t N>
struct enum_names {
  std::array<std::string_view, N> names;

  /// The name of `value` (empty for a value outside the list).
  constexpr std::string_view operator()(E value) const {
    const auto i = static_cast<size_t>(value);
    return i < N ? names[i] : std::string_view{};
  }
  /// The value named `name`; false when no value has that name.
  constexpr bool parse(std::string_view name, E& value) const {
    for (size_t i = 0; i < N; ++i) {
      if (names[i] == name) {
        value = static_cast<E>(i);
        return true;
      }
    }
    return false;
  }
};

}  // namespace chorus
