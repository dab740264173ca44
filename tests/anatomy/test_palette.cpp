// The highlight palette: group colours must stay apart for everyone, colour-blind viewers
// included, and each structure's shade must still read as its group (docs/regions.md).

#include <doctest/doctest.h>

#include <glm/glm.hpp>
#include <string>

#include "anatomy/region_catalogue.h"
#include "colour_vision.h"

using kneeviz::anatomy::RegionCatalogue;
using kneeviz::anatomy::RegionGroup;
using kneeviz::anatomy::Structure;
using kneeviz::anatomy::testing::delta_e76;
using kneeviz::anatomy::testing::srgb_to_lab;
using kneeviz::anatomy::testing::Vision;

namespace {

// CIE76 Delta E about 2.3 is a just-noticeable difference; 20 keeps groups apart at a glance on
// a washed-out projector (docs/regions.md).
constexpr float kMinGroupDifference = 20.f;
// A fill over the skin: at least this far from the bare skin (bones' sand is the weakest by nature;
// the darker outline carries it).
constexpr float kMinFillContrast = 15.f;
constexpr float kMinFillContrastColourBlind = 10.f;

const char* vision_name(Vision vision) {
  switch (vision) {
    case Vision::Normal:
      return "normal vision";
    case Vision::Deuteranopia:
      return "deuteranopia";
    case Vision::Protanopia:
      return "protanopia";
  }
  return "?";
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("the colour science matches published values") {
    // sRGB white and primaries in CIELAB (D65).
    const glm::vec3 white = srgb_to_lab({1.f, 1.f, 1.f});
    CHECK(white.x == doctest::Approx(100.f).epsilon(0.001));
    CHECK(white.y == doctest::Approx(0.f).epsilon(0.01));
    const glm::vec3 red = srgb_to_lab({1.f, 0.f, 0.f});
    CHECK(red.x == doctest::Approx(53.24f).epsilon(0.002));
    CHECK(red.y == doctest::Approx(80.09f).epsilon(0.002));
    CHECK(red.z == doctest::Approx(67.20f).epsilon(0.002));
    // A deuteranope cannot tell pure red from a dark yellow-green; normal vision can.
    CHECK(delta_e76({1.f, 0.f, 0.f}, {0.f, 1.f, 0.f}) > 100.f);
    CHECK(delta_e76({1.f, 0.f, 0.f}, {0.f, 1.f, 0.f}, Vision::Deuteranopia) <
          delta_e76({1.f, 0.f, 0.f}, {0.f, 1.f, 0.f}) / 2.f);
    // Greys are unchanged by the simulations.
    CHECK(delta_e76({0.5f, 0.5f, 0.5f}, {0.5f, 0.5f, 0.5f}, Vision::Deuteranopia) < 0.5f);
    CHECK(delta_e76({0.5f, 0.5f, 0.5f}, {0.5f, 0.5f, 0.5f}, Vision::Protanopia) < 0.5f);
  }

  TEST_CASE("group colours are pairwise distinct, also under simulated deuteranopia and protanopia") {
    const RegionCatalogue catalogue = RegionCatalogue::builtin();
    const auto& groups = catalogue.groups();
    for (const Vision vision : {Vision::Normal, Vision::Deuteranopia, Vision::Protanopia}) {
      float smallest = 1e9f;
      std::string closest;
      for (std::size_t i = 0; i < groups.size(); ++i) {
        for (std::size_t j = i + 1; j < groups.size(); ++j) {
          const float difference = delta_e76(groups[i].colour.srgb(), groups[j].colour.srgb(), vision);
          const std::string vision_label = vision_name(vision);
          CAPTURE(vision_label);
          CAPTURE(groups[i].id);
          CAPTURE(groups[j].id);
          CHECK(difference > kMinGroupDifference);
          if (difference < smallest) {
            smallest = difference;
            closest = groups[i].id + " / " + groups[j].id;
          }
        }
      }
      MESSAGE(std::string(vision_name(vision)) << ": closest pair " << closest << ", Delta E " << smallest);
    }
  }

  TEST_CASE("every group's fill stands out from the skin it is laid over, for everyone") {
    // With the skin on, a highlighted group is filled in its colour at render::kHighlightFill over
    // the skin. The lit skin's mid-tone, as rendered in the anterior view: (223, 183, 157).
    const glm::vec3 skin = glm::vec3(223.f, 183.f, 157.f) / 255.f;
    constexpr float kFill = 0.6f;  // render::kHighlightFill; the test stays free of the renderer
    const RegionCatalogue catalogue = RegionCatalogue::builtin();
    for (const Vision vision : {Vision::Normal, Vision::Deuteranopia, Vision::Protanopia}) {
      float smallest = 1e9f;
      std::string weakest;
      for (const RegionGroup& group : catalogue.groups()) {
        if (group.id == "skin") continue;  // selected, the skin is outlined and tinted, never filled
        const glm::vec3 filled = glm::mix(skin, group.colour.srgb(), kFill);
        const float difference = delta_e76(filled, skin, vision);
        const std::string vision_label = vision_name(vision);
        CAPTURE(vision_label);
        CAPTURE(group.id);
        CHECK(difference > (vision == Vision::Normal ? kMinFillContrast : kMinFillContrastColourBlind));
        if (difference < smallest) {
          smallest = difference;
          weakest = group.id;
        }
      }
      MESSAGE(std::string(vision_name(vision)) << ": weakest fill " << weakest << ", Delta E " << smallest);
    }
  }

  TEST_CASE("each structure's shade is nearer its own group's colour than any other group's") {
    const RegionCatalogue catalogue = RegionCatalogue::builtin();
    for (const Structure& structure : catalogue.structures()) {
      CAPTURE(structure.id);
      const RegionGroup* own = catalogue.group_of(structure.id);
      REQUIRE(own != nullptr);
      const float to_own = delta_e76(structure.colour.srgb(), own->colour.srgb());
      for (const RegionGroup& other : catalogue.groups()) {
        if (other.id == own->id) continue;
        CAPTURE(other.id);
        CHECK(to_own < delta_e76(structure.colour.srgb(), other.colour.srgb()));
      }
    }
  }

}  // TEST_SUITE
