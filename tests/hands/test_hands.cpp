// The therapist's hands through every shipped technique on the bundled leg, sampled four times a
// second: no part of either hand or forearm deeper under the skin than the stroke's press, the
// contact surface on the skin, both hands working where the data asks, and the press following
// the stroke's pressure. The table is printed so a person can read what was judged.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "../support/sweep.h"
#include "../technique_paths/leg_fixture.h"
#include "clinic/clinic_content.h"
#include "technique/hand_fit.h"
#include "technique/hand_quality.h"
#include "technique/hands.h"
#include "technique/technique_file.h"
#include "technique/timeline.h"

using namespace kneeviz;
using namespace kneeviz::technique;

namespace {

const std::vector<Technique>& shipped() {
  return testing::shipped_techniques();
}

// The caution zones of the shipped clinic content, as the player gives them to the hands.
const ZoneAt zone_at = zone_lookup(clinic::ClinicContent::builtin().caution_zones);

const std::map<std::string, HandQuality>& measured() {
  static const std::map<std::string, HandQuality> table = [] {
    std::map<std::string, HandQuality> out;
    const TherapistHands hands(zone_at);
    std::printf("\n%-22s %7s %9s %9s %9s %9s %9s %9s %9s %6s  %s\n", "technique", "samples", "press mm",
                "depth mm", "excess mm", "share min", "share avg", "low share", "2 hands", "zones",
                "deepest at; least contact at; first firm touch on a zone");
    for (const Technique& technique : shipped()) {
      const TechniqueTimeline timeline(technique, testing::leg());
      const HandQuality q = measure_hands(timeline, hands, test::sweep_step(0.25), 3, zone_at);
      std::printf("%-22s %7d %9.1f %9.1f %9.1f %9.2f %9.2f %4d/%-4d %5d/%-3d %6d  %s %.2f s; %s %.2f s; %s\n",
                  q.technique.c_str(), q.samples, q.max_press_m * 1e3, q.max_depth_m * 1e3,
                  q.max_excess_m * 1e3, q.min_contact_share, q.mean_contact_share, q.low_share_samples,
                  q.share_samples, q.two_hand_samples - q.two_hand_misses, q.two_hand_samples, q.zone_samples,
                  q.worst_hand.c_str(), q.worst_time, q.min_share_hand.c_str(), q.min_share_time,
                  q.zone_example.empty() ? "-" : q.zone_example.c_str());
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
    // No part of either hand rests on a caution zone pressing more than lightly.
    CHECK_MESSAGE(q.zone_samples == 0, q.zone_example);
  }
  CHECK(asked > 0);
  // The press follows the pressure: the very light lymph hand presses less than the firm thumb.
  CHECK(measured().at("lymphatic-drainage").max_press_m <
        0.5f * measured().at("cross-fiber-friction").max_press_m);
}

TEST_CASE("without the caution zones the calf glide's fingers press on the popliteal fossa") {
  // What the zone rule prevents, so that the check above can fail: the fingers of a hand gliding
  // up the calf reach past the end of the stroke into the back of the knee.
  const Technique* calf = nullptr;
  for (const Technique& t : shipped())
    if (t.id == "calf-glide") calf = &t;
  REQUIRE(calf);
  const TechniqueTimeline timeline(*calf, testing::leg());
  const HandQuality careless = measure_hands(timeline, TherapistHands(), 0.5, 6, zone_at);
  CHECK(careless.zone_samples > 0);
  CHECK(careless.zone_example.find("popliteal-fossa") != std::string::npos);
}

TEST_CASE("the skin moves with the thumb in cross-fibre friction and stretches ahead in lymph strokes") {
  const auto drag_range = [](const std::string& id, bool stroke_direction) {
    const Technique* found = nullptr;
    for (const Technique& t : shipped())
      if (t.id == id) found = &t;
    REQUIRE(found);
    const TechniqueTimeline timeline(*found, testing::leg());
    float most = 0.f, least_along = 1.f;
    for (double t = 0.0; t < timeline.duration(); t += 0.1) {
      const HandPose pose = timeline.pose_at(t);
      const glm::vec3 drag = skin_drag(timeline, pose);
      most = std::max(most, glm::length(drag));
      if (!stroke_direction || !pose.contact || pose.transition || glm::length(drag) == 0.f) continue;
      const Stroke& stroke = found->phases[std::size_t(pose.phase)].strokes[std::size_t(pose.stroke)];
      if (stroke.motion == Motion::glide)
        least_along = std::min(least_along, glm::dot(glm::normalize(drag), pose.direction));
    }
    return std::pair{most, least_along};
  };
  const auto [friction_most, unused] = drag_range("cross-fiber-friction", false);
  CHECK(friction_most > 0.002f);
  CHECK(friction_most <= kMaxDragM + 1e-6f);
  const auto [lymph_most, lymph_along] = drag_range("lymphatic-drainage", true);
  CHECK(lymph_most > 0.003f);
  CHECK(lymph_along > 0.7f);  // ahead of the hand, the way the stroke goes
}

namespace {

// A hand's frame on the front of the thigh halfway down, fingers toward the knee.
HandFrame front_of_thigh(const LimbFrame& frame) {
  const SkinPoint p = frame.surface_point(Segment::thigh, 0.5f, 0.f);
  HandFrame at;
  at.origin = p.position;
  at.y = p.normal;
  at.z = glm::normalize(glm::cross(glm::vec3(1.f, 0.f, 0.f), at.y));
  at.x = glm::cross(at.y, at.z);
  return at;
}

}  // namespace

TEST_CASE("a hand fitted in the air is clear of the skin") {
  const TherapistHands hands;
  const LimbFrame& frame = testing::leg_frame(0.f);
  const HandFrame at = front_of_thigh(frame);
  const SkinSurface* skin[] = {&frame.skin()};
  const FittedHand lifted =
      fit_hand(hands.shape(Contact::palm, HandSide::right), at, skin, false, 0.f, 0.02f);
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

namespace {

// The way a fitted hand's forearm goes as drawn: from its wrist joint to the middle of its far end.
glm::vec3 drawn_forearm(const HandShape& shape, const FittedHand& fitted) {
  glm::vec3 end(0.f);
  for (const std::uint32_t i : shape.arm_end_vertices()) end += fitted.mesh.vertices[i].position;
  return glm::normalize(end / float(shape.arm_end_vertices().size()) - fitted.wrist);
}

float degrees_between(const glm::vec3& a, const glm::vec3& b) {
  return glm::degrees(std::acos(std::clamp(glm::dot(glm::normalize(a), glm::normalize(b)), -1.f, 1.f)));
}

}  // namespace

// The wrist: the forearm turns about it toward the therapist's elbow, as far as an adult wrist
// goes, and is raised off the leg where pointing there would put it through the thigh; the hand in
// front of the wrist, and so its contact with the skin, stays as it was.
TEST_CASE("the wrist turns the forearm toward the elbow within its range and clear of the leg") {
  const TherapistHands hands;
  const LimbFrame& frame = testing::leg_frame(0.f);
  const HandFrame at = front_of_thigh(frame);
  const SkinSurface* skin[] = {&frame.skin()};
  for (const HandSide side : {HandSide::right, HandSide::left}) {
    CAPTURE(int(side));
    const HandShape& shape = hands.shape(Contact::palm, side);
    REQUIRE(shape.has_wrist());
    REQUIRE(shape.forearm_samples().size() > 20);
    const FittedHand rest = fit_hand(shape, at, skin, true, 0.003f);
    const glm::vec3 rest_arm = drawn_forearm(shape, rest);
    const glm::vec3 thumb_side = side == HandSide::right ? rest.frame.x : -rest.frame.x;
    const auto fitted_toward = [&](const glm::vec3& direction) {
      return fit_hand(shape, at, skin, true, 0.003f, 0.f, rest.wrist + glm::normalize(direction) * 0.3f);
    };

    // Within the range: where it is asked to point, a little up and toward the thumb.
    const glm::vec3 reachable = glm::normalize(rest_arm + rest.frame.y * 0.2f + thumb_side * 0.15f);
    const FittedHand turned = fitted_toward(reachable);
    MESSAGE("toward a reachable elbow: " << degrees_between(drawn_forearm(shape, turned), reachable)
                                         << " degrees off, extension " << turned.wrist_extension_deg
                                         << ", deviation " << turned.wrist_deviation_deg);
    CHECK(degrees_between(drawn_forearm(shape, turned), reachable) < 4.f);
    CHECK(turned.wrist_extension_deg > 5.f);
    CHECK(turned.wrist_deviation_deg > 5.f);  // radial: toward the thumb
    CHECK(degrees_between(drawn_forearm(shape, turned), rest_arm) > 10.f);

    // Far to the little finger's side: ulnar deviation stops at its range.
    const FittedHand ulnar = fitted_toward(rest_arm - thumb_side * 2.f);
    CHECK(ulnar.wrist_deviation_deg == doctest::Approx(-kWristUlnarDeg).epsilon(0.01));
    // And to the thumb's: radial deviation is the smaller range.
    const FittedHand radial = fitted_toward(rest_arm + thumb_side * 2.f);
    CHECK(radial.wrist_deviation_deg == doctest::Approx(kWristRadialDeg).epsilon(0.01));

    // Into the thigh: the forearm is raised until it clears the skin, never past the range.
    const FittedHand raised = fitted_toward(rest_arm - rest.frame.y * 1.5f);
    float nearest = 1.f;
    for (std::size_t i = 0; i < raised.mesh.vertices.size(); ++i) {
      if (shape.forearm_weights()[i] < 1.f) continue;
      const glm::vec3 v = raised.mesh.vertices[i].position;
      const auto hit = frame.skin().closest_point(v, 0.2f);
      REQUIRE(hit);
      nearest = std::min(nearest, glm::dot(v - hit->point, hit->normal));
    }
    MESSAGE("asked into the thigh: the forearm " << nearest * 1000.f << " mm off the skin, extension "
                                                 << raised.wrist_extension_deg);
    // Samples, one forearm vertex in eight, keep it clear; those between them lie within a few mm.
    CHECK(nearest > kForearmClearance - 0.003f);
    const float from_straight = glm::degrees(std::asin(std::clamp(
                                    glm::dot(shape.forearm_axis(), glm::vec3(0.f, 1.f, 0.f)), -1.f, 1.f))) +
                                raised.wrist_extension_deg;
    CHECK(from_straight <= kWristMostExtensionDeg + 0.5f);
    CHECK(from_straight >= -kWristMostFlexionDeg - 0.5f);

    // The hand in front of the wrist has not moved: the contact surface lies where it did (its heel,
    // near the wrist, within a fraction of a millimetre).
    float moved = 0.f;
    for (const std::uint32_t i : shape.contact_vertices())
      moved =
          std::max(moved, glm::distance(turned.mesh.vertices[i].position, rest.mesh.vertices[i].position));
    CHECK(moved < 0.001f);
    // And the skin of the wrist stretches as a wrist's does, without tearing into long edges.
    float grown = 0.f;
    const scene::Mesh& own = shape.mesh();
    for (std::size_t t = 0; t + 2 < own.indices.size(); t += 3)
      for (std::size_t e = 0; e < 3; ++e) {
        const auto a = own.indices[t + e], b = own.indices[t + (e + 1) % 3];
        grown = std::max(grown,
                         glm::distance(turned.mesh.vertices[a].position, turned.mesh.vertices[b].position) -
                             glm::distance(own.vertices[a].position, own.vertices[b].position));
      }
    MESSAGE("the longest edge grew by " << grown * 1000.f << " mm");
    CHECK(grown < 0.01f);
  }
}

TEST_CASE("with the user's knee angle the hands still sit on the leg so bent") {
  // What the window's knee slider and render --knee-flexion do: every phase at the user's angle.
  const TherapistHands hands(zone_at);
  for (const auto& [id, degrees] :
       {std::pair<std::string, float>{"calf-glide", 60.f}, {"front-thigh-glide", 30.f}}) {
    CAPTURE(id);
    Technique bent;
    for (const Technique& t : shipped())
      if (t.id == id) bent = t;
    REQUIRE(bent.id == id);
    for (Phase& phase : bent.phases) phase.knee_flexion_deg = degrees;
    const TechniqueTimeline timeline(bent, testing::leg());
    CHECK(timeline.pose_at(timeline.duration() * 0.5).knee_flexion_deg == doctest::Approx(degrees));
    const HandQuality q = measure_hands(timeline, hands, 0.5, 3, zone_at);
    MESSAGE(id << " at " << degrees << " degrees: deepest " << q.max_depth_m * 1e3 << " mm, excess "
               << q.max_excess_m * 1e3 << " mm, contact share " << q.min_contact_share << " to "
               << q.mean_contact_share);
    CHECK(q.max_depth_m <= kMaxPressInM + 1e-4f);
    CHECK(q.max_excess_m <= 0.003f);
    CHECK(q.mean_contact_share >= 0.8f);
  }
}
