#include "app/options.h"

#include <charconv>

namespace kneeviz::app {

std::optional<glm::ivec2> parse_size(std::string_view text) {
  const std::size_t x = text.find('x');
  if (x == std::string_view::npos) return std::nullopt;
  glm::ivec2 size{0};
  const auto parse = [](std::string_view part, int& value) {
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    return error == std::errc() && end == part.data() + part.size();
  };
  if (!parse(text.substr(0, x), size.x) || !parse(text.substr(x + 1), size.y)) return std::nullopt;
  if (size.x < 16 || size.y < 16 || size.x > 8192 || size.y > 8192) return std::nullopt;
  return size;
}

}  // namespace kneeviz::app
