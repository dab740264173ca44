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

  TEST_CASE("the cheaper frame is half the width and height to begin with and never empty") {
    const MotionQuality quality;
    CHECK(quality.size_for({1920, 1080}, true) == glm::ivec2(960, 540));
    CHECK(quality.size_for({1920, 1080}, false) == glm::ivec2(1920, 1080));
    CHECK(quality.size_for({1, 1}, true) == glm::ivec2(1, 1));
  }

  TEST_CASE("on a machine too slow for it the cheaper frame gets smaller and larger again when it can") {
    MotionQuality quality;
    const double slow = MotionQuality::kMovingBudgetMs * 1.2, fast = MotionQuality::kMovingBudgetMs * 0.4,
                 between = MotionQuality::kMovingBudgetMs * 0.8;
    // One slow frame (a hitch) changes nothing; frames slow in a row step it down, a step at a time.
    quality.reduced_frame_took(slow);
    quality.reduced_frame_took(fast);
    for (int i = 0; i < MotionQuality::kPatience - 1; ++i) quality.reduced_frame_took(slow);
    CHECK(quality.scale() == MotionQuality::kScales[0]);
    quality.reduced_frame_took(slow);
    CHECK(quality.scale() == MotionQuality::kScales[1]);
    for (int i = 0; i < 10 * MotionQuality::kPatience; ++i) quality.reduced_frame_took(slow);
    // No smaller than a third: 640x360 for a 1080p window.
    CHECK(quality.scale() == doctest::Approx(1.f / 3.f));
    CHECK(quality.size_for({1920, 1080}, true) == glm::ivec2(640, 360));
    CHECK(quality.size_for({1920, 1080}, false) == glm::ivec2(1920, 1080));  // at rest, full size
    // Frames within the budget but not well under it keep the size (no hopping to and fro).
    for (int i = 0; i < 10 * MotionQuality::kPatience; ++i) quality.reduced_frame_took(between);
    CHECK(quality.scale() == doctest::Approx(1.f / 3.f));
    // Fast frames bring it back up to half, and no further.
    for (int i = 0; i < MotionQuality::kPatience; ++i) quality.reduced_frame_took(fast);
    CHECK(quality.scale() == MotionQuality::kScales[1]);
    for (int i = 0; i < 10 * MotionQuality::kPatience; ++i) quality.reduced_frame_took(fast);
    CHECK(quality.scale() == MotionQuality::kReducedScale);
  }

  TEST_CASE("frames far over the budget step the cheaper frame down at once") {
    MotionQuality quality;
    const double far_over = MotionQuality::kMovingBudgetMs * (MotionQuality::kFarOverShare + 0.5);
    // Half the width and height at 2.5 times the budget: a third would have drawn it in time
    // (0.5 * sqrt(1 / 2.5) = 0.32 of each side), so it goes there in one step, not two.
    quality.reduced_frame_took(far_over);
    CHECK(quality.scale() == MotionQuality::kScales[2]);
    quality.reduced_frame_took(far_over);
    CHECK(quality.scale() == MotionQuality::kScales[2]);  // no smaller than the last step
    // Over the budget but not far over: the patience holds again.
    MotionQuality patient;
    patient.reduced_frame_took(MotionQuality::kMovingBudgetMs * (MotionQuality::kFarOverShare - 0.1));
    CHECK(patient.scale() == MotionQuality::kScales[0]);
  }

  TEST_CASE("the cheaper frame steps down as far as its own time says and no further") {
    // At half size, 1.3 times the budget: 0.5 * sqrt(1 / 1.3) = 0.44 of each side would fit, so
    // 5/12 (0.42) is enough; at 1.6 times (0.40 would fit) it needs a third.
    MotionQuality some;
    for (int i = 0; i < MotionQuality::kPatience; ++i)
      some.reduced_frame_took(MotionQuality::kMovingBudgetMs * 1.3);
    CHECK(some.scale() == MotionQuality::kScales[1]);
    MotionQuality more;
    for (int i = 0; i < MotionQuality::kPatience; ++i)
      more.reduced_frame_took(MotionQuality::kMovingBudgetMs * 1.6);
    CHECK(more.scale() == MotionQuality::kScales[2]);
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
