#pragma once
// A technique playing on the leg: the shipped technique files, the chosen one laid out on the
// model (TechniqueTimeline), its playback, and what each frame shows of it: the hand placed on the
// skin, the knee pose, the targets highlighted, and the stroke overlay. No GL here.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "anatomy/region_view.h"
#include "clinic/clinic_content.h"
#include "render/stroke_overlay.h"
#include "scene/model.h"
#include "technique/technique.h"
#include "technique/timeline.h"

namespace kneeviz::app {

// assets/techniques/*.json, validated against the region catalogue. Throws
// technique::TechniqueError listing every problem of every bad file.
std::vector<technique::Technique> load_shipped_techniques(const anatomy::RegionCatalogue& catalogue);

// Puts techniques in the order the panel lists them (by the region group of their first target, in
// the catalogue's order, then by name), which is also the order of the 1-to-0 keys.
void order_for_panel(std::vector<technique::Technique>& techniques, const anatomy::RegionCatalogue& catalogue);

// Some leg around where the hand works when the camera frames it, so the viewer sees where on the
// leg it is (metres on every side).
inline constexpr float kWorkingAreaMargin = 0.09f;

// The view that shows a technique's strokes best: around the limb to face the mean stroke angle.
scene::ViewAngles best_view_for(const technique::Technique& technique, bool lateral_is_negative_x = true);

class TechniquePlayer {
 public:
  // Adds one hand mesh per contact to `model` (hidden until a technique plays), under a node of
  // its own that the player moves every frame. Call before the model is uploaded.
  explicit TechniquePlayer(scene::Model& model);

  // Chooses a technique (nullopt: none). Lays it out on the model: throws technique::GeometryError
  // when the model lacks the skin or landmarks.
  void choose(const std::optional<technique::Technique>& technique);
  bool active() const { return timeline_ != nullptr; }
  const technique::Technique* current() const { return timeline_ ? &timeline_->technique() : nullptr; }
  const technique::TechniqueTimeline* timeline() const { return timeline_.get(); }
  technique::Playback& playback() { return playback_; }
  const technique::Playback& playback() const { return playback_; }

  // The hand at the playback's time: placed on the skin, pressing in with pressure, lifted
  // between strokes. Updates the model's hand node. Returns the knee flexion of that moment.
  float update_model(scene::Model& model) const;
  // Shows the active contact's hand, highlights the technique's targets, hides the rest.
  void apply_styles(const anatomy::RegionView& regions, std::vector<scene::MeshStyle>& styles) const;
  // Ribbon ahead, trail behind, ripples: what the viewer sees of the stroke at the current time.
  render::OverlayGeometry overlay() const;
  // The caution zones the technique works near, shaded on the skin (drawn only where seen: a zone
  // on the far side must not look as if it were on this one).
  render::OverlayGeometry zone_overlay() const;
  // The caution zones some stroke of the current technique comes within reach of.
  std::vector<const clinic::CautionZone*> zones_near() const;
  // Where the hand works during the current phase, for framing the camera.
  scene::Bounds working_area() const;
  // The caption of the phase playing now.
  std::string caption() const;

 private:
  int hand_node_ = -1;
  std::vector<int> hand_meshes_;  // one per technique::Contact, in enum order
  std::unique_ptr<technique::TechniqueTimeline> timeline_;
  technique::Playback playback_;
  const scene::Model& model_;
};

}  // namespace kneeviz::app
