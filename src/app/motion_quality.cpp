#include "app/motion_quality.h"

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

glm::ivec2 MotionQuality::size_for(glm::ivec2 full, bool reduced) {
  return reduced ? glm::max(glm::ivec2(glm::vec2(full) * kReducedScale), glm::ivec2(1)) : full;
}

}  // namespace kneeviz::app
