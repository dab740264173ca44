#pragma once
// A technique playing on the leg: the shipped technique files, the chosen one laid out on the
// model (TechniqueTimeline), its playback, and what each frame shows of it: the hand placed on the
// skin, the knee pose, the targets highlighted, and the stroke overlay. No GL here.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "anatomy/region_view.h"
#include "client/client_scene.h"
#include "clinic/clinic_content.h"
#include "render/stroke_overlay.h"
#include "scene/model.h"
#include "technique/hands.h"
#include "technique/technique.h"
#include "technique/timeline.h"

namespace kneeviz::stage {

// Puts techniques in the order the panel lists them (by the region group of their first target, in
// the catalogue's order, then by name), which is also the order of the 1-to-0 keys.
void order_for_panel(std::vector<technique::Technique>& techniques,
                     const anatomy::RegionCatalogue& catalogue);

// Some leg around where the hand works when the camera frames it, so the viewer sees where on the
// leg it is (metres on every side).
inline constexpr float kWorkingAreaMargin = 0.09f;

// The view that shows a technique's strokes best: around the limb to face the mean stroke angle.
scene::ViewAngles best_view_for(const technique::Technique& technique, bool lateral_is_negative_x = true);

class TechniquePlayer {
 public:
  // Plays techniques on `model`, which must outlive the player; the model is never changed: the
  // hands are props drawn beside it (props(), dents()).
  explicit TechniquePlayer(const scene::Model& model);
  const scene::Model& model() const { return model_; }

  // Chooses a technique (nullopt: none). Lays it out on the model: throws technique::GeometryError
  // when the model lacks the skin or landmarks.
  void choose(const std::optional<technique::Technique>& technique);
  // The knee at `degrees` through every phase in place of the technique's own angles (nullopt:
  // back to them): lays the technique out again on the leg so bent, keeping the playback's time,
  // speed, loop and play. choose() starts every technique with its own angles.
  void set_knee_flexion(std::optional<float> degrees);
  std::optional<float> knee_flexion_override() const { return knee_override_; }
  // The client's position the user chose (nullopt: each technique's own). The strokes and hands
  // are laid out on the leg with its hip as that position lays it (client::lay_client), so they
  // sit on the groin and the buttock as drawn; a change lays the technique out again, keeping the
  // playback as set_knee_flexion() does.
  void set_position(std::optional<client::Position> chosen);
  bool active() const { return timeline_ != nullptr; }
  const technique::Technique* current() const { return timeline_ ? &timeline_->technique() : nullptr; }
  const technique::TechniqueTimeline* timeline() const { return timeline_.get(); }
  // Counts the timelines laid out (a technique chosen, the knee bent another way, none): what
  // holds on to timeline() must let go when it changes.
  std::uint64_t layouts() const { return layouts_; }
  technique::Playback& playback() { return playback_; }
  const technique::Playback& playback() const { return playback_; }

  // Poses both hands at the playback's time, fitted to the skin by their contact surfaces, pressing
  // in with the stroke's pressure, lifted between strokes. Returns the knee flexion of that moment
  // (0 without a technique, when props() and dents() are empty).
  float update();
  // The hands as update() left them, for render::Frame::props and ::dents.
  const std::vector<scene::Mesh>& props() const { return props_; }
  const std::vector<scene::SkinDent>& dents() const { return dents_; }
  // What each hand of props() does (right, then left); their meshes have moved into props().
  const technique::PosedHands& hand_states() const { return hand_states_; }
  // Highlights the technique's targets and lets the skin take the hands' dents. While a phase works
  // near a caution zone from the zone's own side of the limb, what lies under the zone (its
  // `structures`: the vessels and nerves) is highlighted too, drawn through the skin under the
  // zone's shading, so the student sees why to go lightly there; a zone only reached round the limb
  // (the fossa from a stroke on the inner knee), or worked on in another phase, is shaded but its
  // contents are not lit through the leg.
  void apply_styles(const anatomy::RegionView& regions, std::vector<scene::MeshStyle>& styles) const;
  // Ribbon ahead, trail behind, ripples: what the viewer sees of the stroke at the current time.
  render::OverlayGeometry overlay() const;
  // The caution zones the technique works near, shaded on the skin (drawn only where seen: a zone
  // on the far side must not look as if it were on this one). They lie on the leg as the phase
  // playing poses it, and are laid once a phase (the reference lasts until the next call).
  const render::OverlayGeometry& zone_overlay() const;
  // The caution zones some stroke of the current technique comes within reach of (worked out once
  // per layout).
  const std::vector<const clinic::CautionZone*>& zones_near() const;
  // Where the hand works during the current phase, for framing the camera.
  scene::Bounds working_area() const;
  // The caption of the phase playing now.
  std::string caption() const;

 private:
  std::uint64_t layouts_ = 0;
  // The caution zones of the current layout, worked out once per layout by zone_cache().
  struct ZoneCache {
    std::uint64_t layout = ~std::uint64_t{0};
    std::vector<const clinic::CautionZone*> near;
    // The zones worked on from their own side, with the phases that do it.
    std::vector<std::pair<const clinic::CautionZone*, std::vector<std::size_t>>> worked;
  };
  mutable ZoneCache zones_;
  // zone_overlay() as laid for this layout and phase.
  mutable render::OverlayGeometry zone_overlay_;
  mutable std::pair<std::uint64_t, int> zone_overlay_for_{~std::uint64_t{0}, -1};
  const ZoneCache& zone_cache() const;
  // The phase playing at time t (the last after the end).
  std::size_t phase_index(double t) const;
  technique::TherapistHands hands_;
  std::vector<scene::Mesh> props_;
  std::vector<scene::SkinDent> dents_;
  technique::PosedHands hand_states_;
  double posed_at_ = -1.0;  // the playback time props_ were posed for
  std::unique_ptr<technique::TechniqueTimeline> timeline_;
  std::optional<technique::Technique> chosen_;  // as its file has it, before any override
  // Lays `technique` out again (the knee override applied), keeping the playback's state.
  void lay_out_again();
  technique::LyingForKnee lying(const technique::Technique& technique) const;
  std::optional<float> knee_override_;
  std::optional<client::Position> chosen_position_;
  technique::Playback playback_;
  const scene::Model& model_;
};

}  // namespace kneeviz::stage
