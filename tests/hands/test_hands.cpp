// The therapist's hands through every shipped technique on the bundled leg, sampled four times a
// second: no part of either hand or forearm deeper under the skin than the stroke's press, the
// contact surface on the skin, both hands working where the data asks, and the press following
// the stroke's pressure. The table is printed so a person can read what was judged.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "../technique_paths/leg_fixture.h"
#include "technique/hand_fit.h"
#include "technique/hand_quality.h"
#include "technique/hands.h"
#include "technique/technique_file.h"
#include "technique/timeline.h"

using namespace kneeviz;
using namespace kneeviz::technique;

namespace {

const std::vector<Technique>& shipped() {
  static const std::vector<Technique> techniques =
      load_technique_folder(std::filesystem::path(KNEEVIZ_SOURCE_DIR) / "assets/techniques");
  return techniques;
}

const std::map<std::string, HandQuality>& measured() {
  static const std::map<std::string, HandQuality> table = [] {
    std::map<std::string, HandQuality> out;
    const TherapistHands hands;
    std::printf("\n%-22s %7s %9s %9s %9s %9s %9s %9s  %s\n", "technique", "samples", "press mm", "depth mm",
                "excess mm", "share min", "share avg", "2 hands", "deepest at");
    for (const Technique& technique : shipped()) {
      const TechniqueTimeline timeline(technique, testing::leg());
      const HandQuality q = measure_hands(timeline, hands, 0.25, 3);
      std::printf("%-22s %7d %9.1f %9.1f %9.1f %9.2f %9.2f %5d/%-3d  %s %.2f s\n", q.technique.c_str(), q.samples,
                  q.max_press_m * 1e3, q.max_depth_m * 1e3, q.max_excess_m * 1e3, q.min_contact_share,
                  q.mean_contact_share, q.two_hand_samples - q.two_hand_misses, q.two_hand_samples,
                  q.worst_hand.c_str(), q.worst_time);
      out.emplace(technique.id, q);
    }
    return out;
  }();
  return table;
}

}  // namespace

TEST_CASE("both hands sit on the leg through every shipped technique") {
  REQUIRE(shipped().size() == 10);  // a missing folder or file must not pass
  REQUIRE(measured().size() == shipped().size());
  int asked = 0;
  for (const auto& [id, q] : measured()) {
    INFO(id);
    CHECK(q.samples >= 20);
    // No part of either hand goes deeper under the skin than the firmest press...
    CHECK(q.max_press_m <= kMaxPressInM + 1e-6f);
    CHECK(q.max_depth_m <= kMaxPressInM + 1e-4f);
    // ...nor, beyond a few millimetres the 1 cm height grid leaves at the wrist and forearm, deeper
    // than its own stroke presses (the goal is 0).
    CHECK(q.max_excess_m <= 0.003f);
    // The contact surface of a hand on the skin lies on it; at the limb's edges part of a hand can
    // overhang where no skin is under it.
    CHECK(q.mean_contact_share >= 0.8f);
    CHECK(q.min_contact_share >= 0.5f);
    // Both hands work where the technique asks for two.
    asked += q.two_hand_samples;
    CHECK(q.two_hand_misses == 0);
  }
  CHECK(asked > 0);
  // The press follows the pressure: the very light lymph hand presses less than the firm thumb.
  CHECK(measured().at("lymphatic-drainage").max_press_m < 0.5f * measured().at("cross-fiber-friction").max_press_m);
}

TEST_CASE("a hand fitted in the air is clear of the skin") {
  const TherapistHands hands;
  const LimbFrame& frame = testing::leg_frame(0.f);
  const SkinPoint p = frame.surface_point(Segment::thigh, 0.5f, 0.f);
  HandFrame at;
  at.origin = p.position;
  at.y = p.normal;
  at.z = glm::normalize(glm::cross(glm::vec3(1.f, 0.f, 0.f), at.y));
  at.x = glm::cross(at.y, at.z);
  const SkinSurface* skin[] = {&frame.skin()};
  const FittedHand lifted = fit_hand(hands.shape(Contact::palm, HandSide::right), at, skin, false, 0.f, 0.02f);
  float nearest = 1.f;
  for (const scene::Vertex& v : lifted.mesh.vertices) {
    const auto hit = frame.skin().closest_point(v.position, 0.1f);
    if (!hit) continue;
    const float side = glm::dot(v.position - hit->point, hit->normal);
    nearest = std::min(nearest, side < 0.f ? -hit->distance : hit->distance);
  }
  CHECK(nearest > 0.012f);  // 2 cm up, less what the vertical casts miss on a curved thigh
  CHECK(nearest < 0.03f);
}
