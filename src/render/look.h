#pragma once
// How the picture looks, with no GL: the display settings the panel edits, the colours and widths
// the renderer draws with, the multisample counts and the pressure's colour ramp. The panel (ui/)
// includes this, and nothing else of render/.

#include <algorithm>
#include <glm/glm.hpp>

namespace kneeviz::render {

// The therapist's bare hands: a warmer, darker tone than the leg's skin, so the two read apart.
inline constexpr glm::vec3 kBareHandColour{0.72f, 0.50f, 0.38f};
// The opacity of a highlighted structure's colour laid over the opaque skin that covers it.
inline constexpr float kHighlightFill = 0.6f;
// The contour around the hands: how far it stands out from their surface, and its colour.
inline constexpr float kContourWidthM = 0.0022f;
inline constexpr glm::vec3 kContourColour{0.07f, 0.08f, 0.10f};

// Multisample counts: the window's (and the soak's, which measures the window's frame), and that of
// stills and recorded clips (render, record, bench's still frame), where a frame's time matters
// less than its edges. `--msaa` and the panel's setting override them.
inline constexpr int kWindowMsaaSamples = 4;
inline constexpr int kStillMsaaSamples = 8;

struct DisplaySettings {
  glm::vec3 background_top{0.235f, 0.259f, 0.294f};     // slate, lighter above
  glm::vec3 background_bottom{0.071f, 0.078f, 0.090f};  // near black below: the leg stands out
  int msaa_samples = kWindowMsaaSamples;                // 1 turns multisampling off
  float outline_px = 3.f;                               // highlight outline width, in pixels
  bool bare_hands = false;  // the therapist's hands skin-toned rather than in a nitrile glove
  // Muscles and tendons show faint streaks along their stored fibre directions, where the streaks
  // are large enough on screen to read (close-ups); they fade out as the view draws back.
  bool fibres = true;
};

// The colour of a pressure: light blue for a feather touch, amber for moderate, vermillion for
// firm (colour-blind-safe ramp, Okabe-Ito hues). The stroke ribbons and the panel's legend.
inline glm::vec3 pressure_colour(float pressure) {
  const glm::vec3 light{0.34f, 0.71f, 0.91f};    // sky blue
  const glm::vec3 moderate{0.90f, 0.62f, 0.0f};  // orange-amber
  const glm::vec3 firm{0.84f, 0.37f, 0.0f};      // vermillion
  const float p = std::clamp(pressure, 0.f, 1.f);
  return p < 0.5f ? glm::mix(light, moderate, p / 0.5f) : glm::mix(moderate, firm, (p - 0.5f) / 0.5f);
}

}  // namespace kneeviz::render
