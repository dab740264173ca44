#include "app/motion_quality.h"

#include <cmath>
#include <iterator>
#include <string_view>

namespace kneeviz::app {

bool software_renderer(const char* gl_renderer) {
  if (!gl_renderer) return false;
  const std::string_view name(gl_renderer);
  for (const std::string_view cpu : {"llvmpipe", "softpipe", "SwiftShader", "Software Rasterizer", "swrast"})
    if (name.find(cpu) != std::string_view::npos) return true;
  return false;
}

bool MotionQuality::update(double now, bool moving) {
  if (moving) last_motion_ = now;
  return now - last_motion_ < kSettleSeconds;
}

void MotionQuality::reduced_frame_took(double ms) {
  constexpr int kLevels = int(std::size(kScales));
  over_ = ms > kMovingBudgetMs ? over_ + 1 : 0;
  under_ = ms < kGrowShare * kMovingBudgetMs ? under_ + 1 : 0;
  if ((over_ >= kPatience || ms > kFarOverShare * kMovingBudgetMs) && level_ + 1 < kLevels) {
    const double fits = double(kScales[level_]) * std::sqrt(kMovingBudgetMs / ms);
    ++level_;
    while (level_ + 1 < kLevels && double(kScales[level_]) > fits) ++level_;
    over_ = under_ = 0;
  } else if (under_ >= kPatience && level_ > 0) {
    --level_;
    over_ = under_ = 0;
  }
}

glm::ivec2 MotionQuality::size_for(glm::ivec2 full, bool reduced) const {
  return reduced ? glm::max(glm::ivec2(glm::vec2(full) * scale()), glm::ivec2(1)) : full;
}

}  // namespace kneeviz::app
