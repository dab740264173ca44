// The hands of a technique on the leg as the client's position draws it: side-lying flexes the hip
// 35 degrees, which moves the skin of the buttock and over the greater trochanter, where the IT
// band release works. The technique must be laid out on that leg, not on the standing one.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "../support/sweep.h"
#include "../technique_paths/leg_fixture.h"
#include "client/client_scene.h"
#include "clinic/clinic_content.h"
#include "stage/client_stage.h"
#include "stage/technique_player.h"
#include "technique/hand_quality.h"
#include "technique/hands.h"
#include "technique/skin_surface.h"
#include "technique/technique_file.h"

using namespace kneeviz;

namespace {

const technique::Technique& it_band_release() {
  static const std::vector<technique::Technique> techniques = technique::load_technique_folder(
      std::filesystem::path(KNEEVIZ_SOURCE_DIR) / "assets" / "techniques", nullptr);
  const auto found = std::find_if(techniques.begin(), techniques.end(),
                                  [](const technique::Technique& t) { return t.id == "it-band-release"; });
  REQUIRE(found != techniques.end());
  return *found;
}

// The most any resting hand's contact point lies off the skin as drawn, compared with the skin the
// hands were fitted to (the timeline's leg), over the technique sampled every half second: how far
// a hand that sits right on its own leg floats above or sinks into the leg on the screen.
float worst_misfit(const technique::TechniqueTimeline& timeline, const scene::Model& model) {
  const technique::TherapistHands hands;
  client::Supports pillow;
  pillow.pillow = true;
  float worst = 0.f;
  std::map<float, technique::SkinSurface> drawn;  // by knee angle
  for (double t = 0.0; t <= timeline.duration(); t += test::sweep_step(0.5)) {
    const float knee = timeline.pose_at(t).knee_flexion_deg;
    if (!drawn.count(knee)) {
      const client::ClientScene stage =
          client::lay_client(model, {knee}, client::Position::side_lying, pillow);
      drawn.emplace(knee, technique::SkinSurface::from_model(model, stage.pose));
    }
    const technique::SkinSurface& own = timeline.frame_at(t).skin();
    const technique::PosedHands posed = hands.pose(timeline, t);
    for (const technique::PosedHand& hand : posed.hands) {
      if (!hand.on_skin) continue;
      const auto on_screen = drawn.at(knee).closest_point(hand.frame.origin);
      const auto fitted = own.closest_point(hand.frame.origin);
      REQUIRE(on_screen);
      REQUIRE(fitted);
      const float depth_on_screen = glm::dot(hand.frame.origin - on_screen->point, on_screen->normal);
      const float depth_fitted = glm::dot(hand.frame.origin - fitted->point, fitted->normal);
      worst = std::max(worst, std::abs(depth_on_screen - depth_fitted));
    }
  }
  return worst;
}

// The way a hand's forearm goes as drawn: from its wrist joint to the middle of its far end.
glm::vec3 drawn_forearm(const technique::PosedHand& hand) {
  REQUIRE(hand.shape);
  const auto& far_end = hand.shape->arm_end_vertices();
  REQUIRE(!far_end.empty());
  REQUIRE(hand.mesh.vertices.size() == hand.shape->mesh().vertices.size());
  glm::vec3 end(0.f);
  for (const std::uint32_t i : far_end) end += hand.mesh.vertices[i].position;
  return glm::normalize(end / float(far_end.size()) - hand.wrist);
}

// `technique` laid out as the window lays it: in its own client position, the hands knowing it.
std::unique_ptr<stage::TechniquePlayer> in_its_position(const technique::Technique& technique) {
  auto player = std::make_unique<stage::TechniquePlayer>(technique::testing::leg());
  player->choose(technique);
  REQUIRE(player->timeline());
  return player;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("side-lying the IT band release's hands rest on the skin as the flexed hip draws it") {
    const scene::Model& model = technique::testing::leg();
    const technique::Technique& technique = it_band_release();
    REQUIRE(client::position_from_description(technique.client_position) == client::Position::side_lying);
    stage::TechniquePlayer player(model);
    player.choose(technique);
    REQUIRE(player.timeline());
    const float laid_out = worst_misfit(*player.timeline(), model);
    // The same technique laid out on the standing leg's hip, for comparison.
    const technique::TechniqueTimeline straight(technique, model);
    const float on_straight = worst_misfit(straight, model);
    MESSAGE("the hands' contact points lie up to " << laid_out * 1000.f
                                                   << " mm off the drawn skin (laid out with the hip "
                                                      "straight: "
                                                   << on_straight * 1000.f << " mm)");
    CHECK(laid_out < 0.0005f);
    CHECK(on_straight > 0.002f);
  }

  // Where the hands go in the room, against what the client lies on: how far any part of either hand
  // (and forearm) reaches below the table's padding, and how deep into a support (bolster, cushion,
  // pillow), each technique in its own position, sampled every half second.
  struct AgainstTheTable {
    float below_padding_m = 0.f;  // deepest below the padding's surface
    double below_at = -1.0;
    int moments_below = 0;  // half-second moments with a hand more than 5 mm below it
    float into_support_m = 0.f;
    std::string support;
    float into_client_m = 0.f;  // into the volumes standing for the pelvis and the other leg
    std::string client_part;
    double into_client_at = -1.0;
  };

  AgainstTheTable against_the_table(const technique::Technique& technique) {
    const scene::Model& model = technique::testing::leg();
    const std::unique_ptr<stage::TechniquePlayer> player = in_its_position(technique);
    const technique::TechniqueTimeline& timeline = *player->timeline();
    const client::Position position = stage::position_for(std::nullopt, &technique);
    const client::Supports supports = stage::supports_for(position, &technique);
    const technique::TherapistHands hands;
    std::map<float, client::ClientScene> stages;  // by knee angle
    std::map<float, std::vector<std::pair<std::string, technique::SkinSurface>>> support_surfaces;
    AgainstTheTable worst;
    const float padding = client::kTableTopY - client::kPaddingSink;
    for (double t = 0.0; t <= timeline.duration(); t += test::sweep_step(0.5)) {
      const float knee = timeline.pose_at(t).knee_flexion_deg;
      if (!stages.count(knee)) {
        const client::ClientScene& stage =
            stages.emplace(knee, client::lay_client(model, {knee}, position, supports)).first->second;
        auto& surfaces = support_surfaces[knee];
        for (const scene::Mesh& prop : stage.props) {
          if (prop.name.rfind("bolster", 0) != 0 && prop.name.rfind("cushion", 0) != 0 &&
              prop.name.rfind("pillow", 0) != 0 && prop.name.rfind("client-", 0) != 0)
            continue;
          std::vector<glm::vec3> positions, normals;
          for (const scene::Vertex& v : prop.vertices) {
            positions.push_back(v.position);
            normals.push_back(v.normal);
          }
          surfaces.emplace_back(
              prop.name, technique::SkinSurface(std::move(positions), std::move(normals), prop.indices));
        }
      }
      const client::ClientScene& stage = stages.at(knee);
      const technique::PosedHands posed = hands.pose(timeline, t);
      float lowest_here = 0.f;
      for (const technique::PosedHand& hand : posed.hands)
        for (std::size_t i = 0; i < hand.mesh.vertices.size(); i += 3) {
          const glm::vec3 p = glm::vec3(stage.placement * glm::vec4(hand.mesh.vertices[i].position, 1.f));
          lowest_here = std::max(lowest_here, padding - p.y);
          for (const auto& [name, surface] : support_surfaces.at(knee)) {
            const auto on = surface.closest_point(p);
            if (!on) continue;
            const float depth = -glm::dot(p - on->point, on->normal);
            const bool client_part = name.rfind("client-", 0) == 0;
            float& deepest = client_part ? worst.into_client_m : worst.into_support_m;
            if (depth > deepest) {
              deepest = depth;
              (client_part ? worst.client_part : worst.support) = name;
              if (client_part) worst.into_client_at = t;
            }
          }
        }
      if (lowest_here > 0.005f) ++worst.moments_below;
      if (lowest_here > worst.below_padding_m) {
        worst.below_padding_m = lowest_here;
        worst.below_at = t;
      }
    }
    return worst;
  }

  TEST_CASE(
      "the hands stay above the table's padding and out of the supports in every technique's position") {
    int moments = 0;
    for (const technique::Technique& technique : technique::testing::shipped_techniques()) {
      const AgainstTheTable found = against_the_table(technique);
      MESSAGE(technique.id << " (" << technique.client_position.substr(0, 12) << "): "
                           << found.below_padding_m * 1000.f << " mm below the padding (at " << found.below_at
                           << " s, " << found.moments_below << " moments), " << found.into_support_m * 1000.f
                           << " mm into " << (found.support.empty() ? "no support" : found.support) << ", "
                           << found.into_client_m * 1000.f << " mm into "
                           << (found.client_part.empty() ? "the rest of the client" : found.client_part)
                           << " (at " << found.into_client_at << " s)");
      moments += found.moments_below;
      CAPTURE(technique.id);
      // Before the hands knew the room's up: 280 half-second moments with a hand below the padding,
      // up to 221 mm (lymphatic drainage), 175 (inner thigh glide), 113 (outside thigh glide); the
      // popliteal hand 38 mm into the knee bolster. What is left: a hand at the knee's side 15 mm
      // into the soft cushion under the knee in the lymphatic drainage (docs/client.md).
      CHECK(found.below_padding_m < 0.002f);
      CHECK(found.into_support_m < 0.015f);
      // Against the pelvis and the other leg: up to 99 mm into the pelvis in seven techniques while
      // its volume covered the top of the thigh; 17-75 mm in four techniques (fingers past the groin
      // or the buttock) until the hands moved along the skin out of it; the hamstring glide's right
      // hand still 6.5 mm, where moving it further would lift its palm off the thigh. The inner
      // thigh glide's far hand, on the upright inner side of the thigh at the groin, its forearm
      // trailing toward the hip, reached 79 (99 while the elbows were held 13 cm above the contact
      // instead of 22) until a stroke moved round the limb to reachable skin went to the therapist's
      // side of it (technique::within_reach()): 0.
      CHECK(found.into_client_m < 0.007f);
    }
    MESSAGE(moments << " moments with a hand below the padding");
    CHECK(moments == 0);
  }

  // A stroke written for skin the table hides (the back of the knee face up, the inner thigh where
  // it faces the other leg) is moved round the limb to skin a hand reaches from above
  // (technique::within_reach()). Where either way round would do, it goes to the therapist's side:
  // the lymphatic drainage's popliteal circles and first lower-leg stroke lay on the far side of
  // the knee and shin, the waiting hand stacked over the working one, and the inner thigh glide's
  // first line on the thigh's far, upright inner side, its end wound round the back of the thigh,
  // the far hand's forearm trailing 79 mm into the pelvis.
  TEST_CASE("on the table a stroke moved round the limb goes to reachable skin the therapist's way round") {
    int moved = 0, toward = 0;
    std::map<std::string, bool> turned_toward;
    for (const technique::Technique& technique : technique::testing::shipped_techniques()) {
      const std::unique_ptr<stage::TechniquePlayer> player = in_its_position(technique);
      const technique::TechniqueTimeline& timeline = *player->timeline();
      for (int p = 0; p < int(technique.phases.size()); ++p) {
        const double t = timeline.phase_start(p) + 0.01;
        const technique::LimbFrame& frame = timeline.frame_at(t);
        const technique::Lying& lying = timeline.lying_at(t);
        REQUIRE(lying.on_table);
        for (int k = 0; k < int(technique.phases[p].strokes.size()); ++k) {
          const technique::Stroke& written = technique.phases[p].strokes[k];
          const technique::Stroke* laid = timeline.laid_stroke(p, k);
          REQUIRE(laid);
          if (laid->angle_deg == written.angle_deg) continue;
          const technique::SkinPoint there = frame.surface_point(laid->segment, laid->from, laid->angle_deg);
          // As far round the limb the other way.
          const technique::SkinPoint mirror =
              frame.surface_point(laid->segment, laid->from, 2.f * written.angle_deg - laid->angle_deg);
          REQUIRE(there.hit);
          REQUIRE(mirror.hit);
          CAPTURE(technique.id);
          CAPTURE(p);
          CAPTURE(k);
          CHECK(glm::dot(there.normal, lying.up) >= technique::kReachableUp);
          // Its end is laid the same way round: a glide does not wind round the limb further than
          // it was written to (the inner thigh glide's first line once ran from 245 round the back of
          // the thigh to 70 degrees).
          const auto sweep = [](float from, std::optional<float> to) {
            if (!to) return 0.f;
            const float turn = std::fmod(std::abs(*to - from), 360.f);
            return std::min(turn, 360.f - turn);
          };
          CHECK(sweep(laid->angle_deg, laid->angle_to_deg) <=
                sweep(written.angle_deg, written.angle_to_deg) + 45.f);
          const bool turned = glm::dot(there.normal - mirror.normal, lying.toward_therapist) > 0.f;
          ++moved;
          if (turned) ++toward;
          turned_toward.emplace(technique.id + " " + std::to_string(p) + "." + std::to_string(k), turned);
        }
      }
    }
    MESSAGE(toward << " of " << moved << " strokes moved round the limb went the therapist's way round");
    CHECK(moved >= 4);
    CHECK(turned_toward.at("lymphatic-drainage 2.0"));
    CHECK(turned_toward.at("lymphatic-drainage 4.0"));
  }

  // Turning a hand on the skin so its forearm comes from above must not swing the arm from one side
  // to the other while a stroke goes on: turned afresh at each moment, the arms swung up to 143
  // degrees in a tenth of a second (cross-fibre friction). Standing, with no turn, the most is 58.
  TEST_CASE("on the table a hand's forearm keeps its side through a stroke") {
    for (const technique::Technique& technique : technique::testing::shipped_techniques()) {
      const std::unique_ptr<stage::TechniquePlayer> player = in_its_position(technique);
      const technique::TechniqueTimeline& timeline = *player->timeline();
      const technique::TherapistHands hands;
      float worst = 0.f;
      double worst_at = 0.0;
      // Pairs of moments a tenth of a second apart, every half second of the first minute.
      for (double t = 0.0; t + 0.1 <= std::min(timeline.duration(), 60.0); t += test::sweep_step(0.5)) {
        const technique::HandPose before = timeline.pose_at(t), after = timeline.pose_at(t + 0.1);
        if (before.transition || after.transition || before.phase != after.phase ||
            before.stroke != after.stroke)
          continue;
        const technique::PosedHands first = hands.pose(timeline, t), second = hands.pose(timeline, t + 0.1);
        for (std::size_t h = 0; h < 2; ++h) {
          const float swing = glm::degrees(std::acos(std::clamp(
              glm::dot(drawn_forearm(first.hands[h]), drawn_forearm(second.hands[h])), -1.f, 1.f)));
          if (swing > worst) {
            worst = swing;
            worst_at = t;
          }
        }
      }
      MESSAGE(technique.id << ": a forearm turns at most " << worst
                           << " degrees in 0.1 s within a stroke (at " << worst_at << " s)");
      CAPTURE(technique.id);
      CHECK(worst < 65.f);
    }
  }

  // Every vertex of both hands is a number at every moment the window may draw (it draws whatever
  // time the clock says, not the half seconds the other checks sample): a NaN from a degenerate
  // turn would make a hand vanish from the picture while every distance check above, comparing
  // against NaN, still passed.
  TEST_CASE("on the table the hands are whole at moments between the half seconds") {
    for (const technique::Technique& technique : technique::testing::shipped_techniques()) {
      const std::unique_ptr<stage::TechniquePlayer> player = in_its_position(technique);
      const technique::TechniqueTimeline& timeline = *player->timeline();
      const technique::TherapistHands hands;
      int broken = 0;
      double first_broken = -1.0;
      // 0.09 s apart: off the half seconds the other checks sample, 100 moments a technique.
      for (double t = 0.0; t <= std::min(timeline.duration(), 9.0); t += test::sweep_step(0.09)) {
        const technique::PosedHands posed = hands.pose(timeline, t);
        for (const technique::PosedHand& hand : posed.hands) {
          const bool whole =
              !hand.mesh.vertices.empty() &&
              std::all_of(hand.mesh.vertices.begin(), hand.mesh.vertices.end(), [](const scene::Vertex& v) {
                return std::isfinite(v.position.x) && std::isfinite(v.position.y) &&
                       std::isfinite(v.position.z) && std::isfinite(v.normal.x);
              });
          if (!whole && broken++ == 0) first_broken = t;
        }
      }
      CAPTURE(technique.id);
      CAPTURE(first_broken);
      CHECK(broken == 0);
    }
  }

  // A fitted hand keeps its shape: a column of it lifted over something high below (the buttock
  // beyond a flexed hip, the raised fingers of the hand underneath) pulled its vertices into a thin
  // spike: some edge of a hand grew by 11-19 cm in every technique (192 mm, the IT band release).
  TEST_CASE("on the table no part of a hand is pulled out into a spike") {
    for (const technique::Technique& technique : technique::testing::shipped_techniques()) {
      const std::unique_ptr<stage::TechniquePlayer> player = in_its_position(technique);
      const technique::TechniqueTimeline& timeline = *player->timeline();
      const technique::TherapistHands hands;
      float worst = 0.f;
      double worst_at = 0.0;
      for (double t = 0.0; t <= timeline.duration(); t += test::sweep_step(0.5)) {
        const technique::PosedHands posed = hands.pose(timeline, t);
        for (const technique::PosedHand& hand : posed.hands) {
          REQUIRE(hand.shape);
          const scene::Mesh& rest = hand.shape->mesh();
          REQUIRE(rest.vertices.size() == hand.mesh.vertices.size());
          for (std::size_t i = 0; i + 2 < rest.indices.size(); i += 3)
            for (std::size_t e = 0; e < 3; ++e) {
              const auto a = rest.indices[i + e], b = rest.indices[i + (e + 1) % 3];
              const float grown =
                  glm::distance(hand.mesh.vertices[a].position, hand.mesh.vertices[b].position) -
                  glm::distance(rest.vertices[a].position, rest.vertices[b].position);
              if (grown > worst) {
                worst = grown;
                worst_at = t;
              }
            }
        }
      }
      MESSAGE(technique.id << ": an edge of a hand grows by up to " << worst * 1000.f << " mm (at "
                           << worst_at << " s)");
      CAPTURE(technique.id);
      CHECK(worst < 0.1f);
    }
  }

  // A therapist stands on one side of the table and reaches the leg from there: a forearm (as drawn,
  // wrist joint to far end) whose far end lies well beyond its wrist away from that side (more than a fifth
  // of its length, flat in the room) reads as reaching across from the client's other side, or over their
  // other leg. With the fingers turned away from the limb's lateral side: 757 of 2,147 hands on the skin (the
  // IT band release, worked from in front of a side-lying client, 227 of 232); turned away from the
  // therapist's side of the table, side-lying worked from behind, two hands side by side kept off
  // skin facing away from the therapist and a stroke's held turn found where the working hand lies:
  // 363; 385 with the IT band release's other hand resting along the thigh toward the knee; 318 with
  // two hands side by side converging toward the therapist; 64 with a wrist that turns each forearm
  // toward the therapist's elbow (the far hand's used to rise steeply over the far half of the
  // thigh); 46 with the hands no longer turned on the skin for it; 14 with the elbows held 22 cm
  // above the contact instead of 13 (21 just before); 15 with strokes moved round the limb laid
  // the therapist's way round (the lymphatic drainage's popliteal circles, whose pair finds no
  // room abreast on the knee's side and falls back to a far hand). What is left is in
  // docs/client.md.
  //
  // It also reaches down to the limb from above: the forearm rises from the wrist toward an elbow
  // held up beside the body, and does not lie along the client's leg. Counted in the same sweep:
  // hands on the skin whose forearm (as drawn), 12 cm from the wrist, still lies within 5 cm of the
  // skin, resting along the limb. With the elbows 13 cm above the contact: 325 of 2,016, the
  // forearms rising 23 degrees on average; 22 cm: 211, 30 degrees; strokes laid the therapist's
  // way round: 198; the pelvis raised over the top of the leg: 201. What is left are hands on the
  // side of the limb (the outside and inner thigh glides, the lower leg), whose forearm rises only
  // by bending the wrist sideways, which its range stops (docs/client.md).
  TEST_CASE("on the table the forearms come from the therapist's side and rise off the limb") {
    int far_side = 0, counted = 0;
    int lying_along_all = 0, on_skin_all = 0;
    double rise_all = 0.0;
    for (const technique::Technique& technique : technique::testing::shipped_techniques()) {
      const std::unique_ptr<stage::TechniquePlayer> player = in_its_position(technique);
      const technique::TechniqueTimeline& timeline = *player->timeline();
      const technique::TherapistHands hands;
      int here = 0, moments = 0, lying_along = 0, on_skin = 0;
      double rise_sum = 0.0;
      for (double t = 0.0; t <= timeline.duration(); t += test::sweep_step(0.5)) {
        const technique::Lying& lying = timeline.lying_at(t);
        REQUIRE(lying.on_table);
        const technique::SkinSurface& skin = timeline.frame_at(t).skin();
        const technique::PosedHands posed = hands.pose(timeline, t);
        for (const technique::PosedHand& hand : posed.hands) {
          if (!hand.on_skin && !hand.on_hand) continue;
          const glm::vec3 arm = drawn_forearm(hand);
          const glm::vec3 flat = arm - lying.up * glm::dot(arm, lying.up);
          ++moments;
          if (glm::dot(flat, lying.toward_therapist) < -0.2f) ++here;
          if (!hand.on_skin) continue;
          ++on_skin;
          rise_sum += glm::degrees(std::asin(std::clamp(glm::dot(arm, lying.up), -1.f, 1.f)));
          const glm::vec3 along_arm = hand.wrist + arm * 0.12f;
          const auto near = skin.closest_point(along_arm);
          REQUIRE(near);
          if (glm::distance(near->point, along_arm) < 0.05f) ++lying_along;
        }
      }
      REQUIRE(on_skin > 0);
      MESSAGE(technique.id << ": " << here << " of " << moments
                           << " hands on the skin reach from the far side; " << lying_along << " of "
                           << on_skin << " forearms lie along the limb, rising " << rise_sum / on_skin
                           << " degrees on average");
      far_side += here;
      counted += moments;
      lying_along_all += lying_along;
      on_skin_all += on_skin;
      rise_all += rise_sum;
    }
    MESSAGE(far_side << " of " << counted << " hands on the skin reach from the far side");
    MESSAGE(lying_along_all << " of " << on_skin_all << " forearms lie along the limb; they rise "
                            << rise_all / on_skin_all << " degrees on average");
    CHECK(counted * test::kSweepStride > 1000);  // the sweep sampled the techniques, not a few moments
    CHECK(far_side * 30 < counted);
    CHECK(on_skin_all * test::kSweepStride > 1000);
    CHECK(lying_along_all * 100 <= on_skin_all * 11);
    CHECK(rise_all / on_skin_all >= 27.0);
  }

  // The two hands are solid: neither passes through the other. Measured both ways (each hand's
  // vertices inside the other, a closed mesh) on the table as the window draws it, every half
  // second; the give of gloved finger pads pressed together, or of a hand resting its weight on the
  // other, is allowed. Before: two palms side by side met by 5-8 mm (calf, inner thigh, hamstrings),
  // alternating lymph hands were laid one on the other (22 mm), a steadying hand was crumpled into
  // fingers posed for friction (knee friction 17 mm) and tapping hands met (18 mm).
  TEST_CASE("on the table the two hands never pass through each other") {
    constexpr float kGive = 0.004f;
    float deepest_all = 0.f;
    for (const technique::Technique& technique : technique::testing::shipped_techniques()) {
      const std::unique_ptr<stage::TechniquePlayer> player = in_its_position(technique);
      const technique::TechniqueTimeline& timeline = *player->timeline();
      const technique::TherapistHands hands;
      float deepest = 0.f;
      double deepest_at = 0.0;
      for (double t = 0.0; t <= timeline.duration(); t += test::sweep_step(0.5)) {
        const technique::PosedHands posed = hands.pose(timeline, t);
        const float inside = std::max(technique::hand_inside(posed.hands[1].mesh, posed.hands[0].mesh, 2),
                                      technique::hand_inside(posed.hands[0].mesh, posed.hands[1].mesh, 2));
        if (inside > deepest) {
          deepest = inside;
          deepest_at = t;
        }
      }
      MESSAGE(technique.id << ": one hand at most " << deepest * 1000.f << " mm inside the other (at "
                           << deepest_at << " s)");
      deepest_all = std::max(deepest_all, deepest);
    }
    CHECK(deepest_all <= kGive);
  }

  // The figures of tests/hands on the leg as the window draws it: each technique in its own client
  // position, with the caution zones the player gives the hands. This is what a user sees.
  TEST_CASE("on the table both hands sit on the leg through every shipped technique") {
    const technique::ZoneAt zone_at = technique::zone_lookup(clinic::ClinicContent::builtin().caution_zones);
    const technique::TherapistHands hands(zone_at);
    int measured = 0;
    for (const technique::Technique& technique : technique::testing::shipped_techniques()) {
      const std::unique_ptr<stage::TechniquePlayer> player = in_its_position(technique);
      const technique::HandQuality q =
          technique::measure_hands(*player->timeline(), hands, test::sweep_step(0.25), 3, zone_at);
      MESSAGE(technique.id << ": press " << q.max_press_m * 1e3f << " mm, deepest " << q.max_depth_m * 1e3f
                           << " mm (" << q.worst_hand << " at " << q.worst_time << " s), excess "
                           << q.max_excess_m * 1e3f << " mm; contact share min " << q.min_contact_share
                           << " (" << q.min_share_hand << " at " << q.min_share_time << " s) mean "
                           << q.mean_contact_share << ", under " << technique::kContactShareGoal << " at "
                           << q.low_share_samples << " of " << q.share_samples << "; two hands "
                           << q.two_hand_samples - q.two_hand_misses << "/" << q.two_hand_samples
                           << "; zones " << q.zone_samples << " " << q.zone_example << "; folded edges "
                           << q.max_folds << " (" << q.folds_hand << " at " << q.folds_time << " s)");
      CAPTURE(technique.id);
      ++measured;
      CHECK(q.samples >= 20);
      CHECK(q.max_depth_m <= technique::kMaxPressInM + 1e-4f);
      CHECK(q.max_excess_m <= 0.003f);
      CHECK(q.mean_contact_share >= 0.8f);
      CHECK(q.min_contact_share >= 0.5f);
      // The goal is every resting hand with at least technique::kContactShareGoal of its contact
      // surface on the skin at every moment. The moments still short of it, and why: the calf
      // glide's outer hand, its little finger's edge over the curve of the lower calf (0.79); the
      // hamstring glide's near hand, its fingers over the fall of the gluteal fold (0.72); the inner
      // thigh glide's lower hand high on the medial thigh (0.76); the lymphatic drainage's hand over
      // the inguinal nodes, its fingers past the end of the leg's skin, where the pelvis would be
      // (0.61). None may be added. The front thigh glide's hands hung off the sides of the knee
      // (0.65, 4 moments) until its strokes started above the kneecap instead of on it. Since the
      // knee turns about its flexion axis and the tissue over the kneecap is thinner (the leg's
      // second edition), the shank of a knee bent 10-30 degrees lies up to 9 mm from where it was,
      // the leg lies a little differently on its supports and every stroke's moments moved: the
      // lymphatic drainage went from 14 moments to 9, the outside thigh glide's right hand has 1
      // (0.80, its little finger's side lifting off the curve of the thigh) and the calf glide's
      // worst is 0.78 (was 0.79). Since the hands move out of the pelvis (its inguinal hands' fingers
      // no longer reach past the end of the leg's skin), the lymphatic drainage has 2 (0.74). Since
      // a stroke moved round the limb goes to the therapist's side (technique::within_reach(); the
      // inner thigh glide's first stroke higher on the thigh's front-inner side, its far forearm out
      // of the pelvis, 79 mm before), the inner thigh glide has 11 (its least share still 0.76).
      // Since the skin lies thin over the shin's bare face, the tibial tuberosity and the fibular
      // head (the leg's palpable landmarks, leggen's skin.cpp), the calf glide has 6 (its least
      // share 0.76, 0.73 before: its hands wrap the sides of the lower leg, whose medial face is
      // now flat with an edge at the tibia's border).
      static const std::map<std::string, int> still_short = {{"calf-glide", 6},
                                                             {"hamstring-glide", 4},
                                                             {"inner-thigh-glide", 11},
                                                             {"lymphatic-drainage", 2},
                                                             {"outside-thigh-glide", 1}};
      const auto allowed = still_short.find(technique.id);
      CHECK(q.low_share_samples <= (allowed == still_short.end() ? 0 : allowed->second));
      CHECK(q.two_hand_misses == 0);
      CHECK_MESSAGE(q.zone_samples == 0, q.zone_example);
      // A hand does not fold over itself (technique::folded_edges()). Before the columns were
      // settled: 56-119 folded edges at the worst moment of every technique but tapping (the heel
      // of the hamstring glide's hand a sawtooth over the gluteal fold, the IT band release's fist
      // a crushed block), 162 in tapping (a lifted hand moved round under the thigh, flattened on
      // the padding). Now 6-45: 45 under the fingers of the lymphatic drainage's inguinal hand (69
      // until the knee articulated and the tissue over the kneecap thinned). The lymphatic
      // drainage's hand on the shin's far edge has 56 since its lower-leg strokes are laid on the
      // therapist's side (technique::within_reach()), and 62 since the skin lies thin over the
      // shin's face and the tibial tuberosity (its hand over the knee's outer side, at 69.75 s).
      CHECK(q.max_folds <= (technique.id == "lymphatic-drainage" ? 62 : 45));
    }
    CHECK(measured == 10);
  }

}  // TEST_SUITE
