#pragma once
// Reading PNGs back, predicting the background, and comparing renders with reference images.

#include <cstdint>
#include <filesystem>
#include <glm/glm.hpp>
#include <string>
#include <vector>

namespace kneeviz::test {

struct Rgba {
  glm::ivec2 size{0};
  std::vector<std::uint8_t> pixels;  // top row first, 4 bytes a pixel

  glm::ivec4 at(int x, int y) const {
    const std::size_t i = (std::size_t(y) * std::size_t(size.x) + std::size_t(x)) * 4;
    return {pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]};
  }
};

// Decodes a PNG (through stb_image) into RGBA; size stays 0 when it cannot be read.
Rgba load_png(const std::filesystem::path& file);

// The colour that shaders/background.frag gives pixel (x, y) of a width x height image: the
// vertical gradient from `bottom` to `top` darkened by the vignette, in 0..255 (without the
// ±0.5/255 dither).
glm::vec3 expected_background(glm::vec3 top, glm::vec3 bottom, glm::ivec2 size, int x, int y);

struct ImageDifference {
  bool same_size = false;
  int max = 0;        // largest difference of one channel (0..255)
  double mean = 0.0;  // mean absolute difference over every R, G and B value (0..255)
};
ImageDifference compare(const Rgba& actual, const Rgba& expected);

struct BaselineResult {
  bool passed = false;
  std::string message;  // what was compared, the figures and where the actual image went
};

// Compares `actual` with tests/baselines/<name>.png. Passes when max <= max_threshold and
// mean <= mean_threshold. Otherwise (or when the baseline is missing) it writes the actual image
// to <actual_folder>/<name>.png and a difference image beside it, and says where in the message.
// With KNEEVIZ_UPDATE_BASELINES=1 in the environment it writes the baseline itself and passes.
BaselineResult check_against_baseline(const Rgba& actual, const std::string& name,
                                      const std::filesystem::path& baseline_folder,
                                      const std::filesystem::path& actual_folder, int max_threshold,
                                      double mean_threshold);

}  // namespace kneeviz::test
