#include "support/images.h"

#include <stb_image.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "io/png.h"

namespace kneeviz::test {

Rgba load_png(const std::filesystem::path& file) {
  Rgba image;
  int width = 0, height = 0, channels = 0;
  unsigned char* data = stbi_load(file.c_str(), &width, &height, &channels, 4);
  if (!data) return image;
  image.size = {width, height};
  image.pixels.assign(data, data + std::size_t(width) * std::size_t(height) * 4);
  stbi_image_free(data);
  return image;
}

glm::vec3 expected_background(glm::vec3 top, glm::vec3 bottom, glm::ivec2 size, int x, int y) {
  // background.vert: v_uv runs 0..1 over the screen, with v = 0 at the bottom row.
  const glm::vec2 uv{(float(x) + 0.5f) / float(size.x), 1.f - (float(y) + 0.5f) / float(size.y)};
  const float t = uv.y * uv.y * (3.f - 2.f * uv.y);  // smoothstep(0, 1, v)
  glm::vec3 colour = glm::mix(bottom, top, t);
  const glm::vec2 centred = uv - 0.5f;
  colour *= 1.f - 0.35f * glm::dot(centred, centred);
  return colour * 255.f;
}

ImageDifference compare(const Rgba& actual, const Rgba& expected) {
  ImageDifference result;
  result.same_size = actual.size == expected.size && !actual.pixels.empty();
  if (!result.same_size) return result;
  double sum = 0.0;
  std::size_t count = 0;
  for (std::size_t i = 0; i < actual.pixels.size(); ++i) {
    if (i % 4 == 3) continue;  // alpha is always opaque in renders
    const int d = std::abs(int(actual.pixels[i]) - int(expected.pixels[i]));
    result.max = std::max(result.max, d);
    sum += d;
    ++count;
  }
  result.mean = count ? sum / double(count) : 0.0;
  return result;
}

BaselineResult check_against_baseline(const Rgba& actual, const std::string& name,
                                      const std::filesystem::path& baseline_folder,
                                      const std::filesystem::path& actual_folder, int max_threshold,
                                      double mean_threshold) {
  BaselineResult result;
  const std::filesystem::path baseline = baseline_folder / (name + ".png");
  const char* update = std::getenv("KNEEVIZ_UPDATE_BASELINES");
  if (update && std::string(update) == "1") {
    io::write_png(baseline, actual.size, actual.pixels);
    result.passed = true;
    result.message = "KNEEVIZ_UPDATE_BASELINES=1: wrote " + baseline.string();
    return result;
  }
  std::ostringstream message;
  const Rgba expected = load_png(baseline);
  if (expected.pixels.empty()) {
    message << "baseline " << baseline.string() << " is missing or unreadable";
  } else {
    const ImageDifference d = compare(actual, expected);
    if (!d.same_size) {
      message << "baseline " << baseline.string() << " is " << expected.size.x << "x" << expected.size.y
              << ", the render " << actual.size.x << "x" << actual.size.y;
    } else {
      message << "against " << baseline.string() << ": max channel difference " << d.max << " (allowed "
              << max_threshold << "), mean " << d.mean << " (allowed " << mean_threshold << ")";
      result.passed = d.max <= max_threshold && d.mean <= mean_threshold;
    }
    if (!result.passed && d.same_size) {
      // Differences amplified 4x, so that small ones can be seen.
      Rgba diff{actual.size, std::vector<std::uint8_t>(actual.pixels.size(), 255)};
      for (std::size_t i = 0; i < diff.pixels.size(); ++i)
        if (i % 4 != 3)
          diff.pixels[i] =
              std::uint8_t(std::min(255, 4 * std::abs(int(actual.pixels[i]) - int(expected.pixels[i]))));
      std::filesystem::create_directories(actual_folder);
      io::write_png(actual_folder / (name + ".diff.png"), diff.size, diff.pixels);
      message << "; difference image: " << (actual_folder / (name + ".diff.png")).string();
    }
  }
  if (!result.passed) {
    std::filesystem::create_directories(actual_folder);
    const std::filesystem::path written = actual_folder / (name + ".png");
    io::write_png(written, actual.size, actual.pixels);
    message << "; actual image written to " << written.string() << " (look at it; if it is right, copy it to "
            << baseline.string() << " or rerun with KNEEVIZ_UPDATE_BASELINES=1)";
  }
  result.message = message.str();
  return result;
}

}  // namespace kneeviz::test
