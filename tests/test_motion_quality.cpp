// The cheaper frame while the picture moves (app/motion_quality.h): when it is drawn, how large,
// and which renderers get it by default.
#include <doctest/doctest.h>

#include "app/motion_quality.h"

using kneeviz::app::MotionQuality;
using kneeviz::app::software_renderer;

TEST_SUITE("cpu") {
  TEST_CASE("the cheaper frame lasts while anything moves and for a moment after") {
    MotionQuality quality;
    CHECK_FALSE(quality.update(10.0, false));  // at rest from the start: full quality
    CHECK(quality.update(10.1, true));         // the camera turns
    CHECK(quality.update(10.2, true));
    // Just after it stops the next frames stay cheap (a drag pauses between mouse events)...
    CHECK(quality.update(10.2 + MotionQuality::kSettleSeconds * 0.5, false));
    // ...and the full-quality frame is back once it has rested.
    CHECK_FALSE(quality.update(10.2 + MotionQuality::kSettleSeconds + 0.01, false));
    CHECK(MotionQuality::kSettleSeconds <= 0.5);  // the "within about half a second"
  }

  TEST_CASE("the cheaper frame is half the width and height and never empty") {
    CHECK(MotionQuality::size_for({1920, 1080}, true) == glm::ivec2(960, 540));
    CHECK(MotionQuality::size_for({1920, 1080}, false) == glm::ivec2(1920, 1080));
    CHECK(MotionQuality::size_for({1, 1}, true) == glm::ivec2(1, 1));
  }

  TEST_CASE("software renderers are recognised by their GL_RENDERER names") {
    CHECK(software_renderer("llvmpipe (LLVM 15.0.6, 256 bits)"));
    CHECK(software_renderer("softpipe"));
    CHECK(software_renderer("Google SwiftShader"));
    CHECK_FALSE(software_renderer("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
    CHECK_FALSE(software_renderer("NVIDIA GeForce RTX 3060/PCIe/SSE2"));
    CHECK_FALSE(software_renderer(nullptr));
  }
}
