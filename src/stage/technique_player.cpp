#include "stage/technique_player.h"

#include <algorithm>
#include <cmath>

#include "stage/client_stage.h"

namespace kneeviz::stage {

void order_for_panel(std::vector<technique::Technique>& techniques,
                     const anatomy::RegionCatalogue& catalogue) {
  const auto group_rank = [&](const technique::Technique& t) {
    if (t.targets.empty()) return catalogue.groups().size();
    const anatomy::RegionGroup* group = catalogue.find_group(t.targets.front());
    if (!group) group = catalogue.group_of(t.targets.front());
    for (std::size_t i = 0; i < catalogue.groups().size(); ++i)
      if (group && catalogue.groups()[i].id == group->id) return i;
    return catalogue.groups().size();
  };
  std::stable_sort(techniques.begin(), techniques.end(), [&](const auto& a, const auto& b) {
    const std::size_t ra = group_rank(a), rb = group_rank(b);
    return ra != rb ? ra < rb : a.name < b.name;
  });
}

scene::ViewAngles best_view_for(const technique::Technique& technique, bool lateral_is_negative_x) {
  // Average the stroke angles as directions, so 350 and 10 give 0, not 180.
  double x = 0.0, y = 0.0;
  for (const technique::Phase& phase : technique.phases)
    for (const technique::Stroke& stroke : phase.strokes) {
      const double a = glm::radians(double(stroke.angle_deg));
      x += std::cos(a);
      y += std::sin(a);
    }
  const double angle = (x == 0.0 && y == 0.0) ? 0.0 : glm::degrees(std::atan2(y, x));
  // Around-the-limb angle 90 (lateral) is yaw -90 on a right leg, whose lateral side is -X.
  const float yaw = float(lateral_is_negative_x ? -angle : angle);
  return {yaw, 12.f};
}

TechniquePlayer::TechniquePlayer(const scene::Model& model)
    : hands_(technique::zone_lookup(clinic::ClinicContent::builtin().caution_zones)), model_(model) {}

void TechniquePlayer::choose(const std::optional<technique::Technique>& technique) {
  props_.clear();
  dents_.clear();
  hand_states_ = {};
  knee_override_.reset();
  chosen_ = technique;
  if (!technique) {
    timeline_.reset();
    ++layouts_;
    playback_ = {};
    return;
  }
  timeline_ = std::make_unique<technique::TechniqueTimeline>(*technique, model_, lying(*technique));
  ++layouts_;
  playback_ = technique::Playback(*timeline_);
}

technique::LyingForKnee TechniquePlayer::lying(const technique::Technique& technique) const {
  const client::Position position = position_for(chosen_position_, &technique);
  if (position == client::Position::anatomical) return {};
  const client::Supports supports = supports_for(position, &technique);
  return [&model = model_, position, supports](float knee_flexion_deg) {
    const client::ClientScene stage = client::lay_client(model, {knee_flexion_deg}, position, supports);
    return lying_on(stage);
  };
}

void TechniquePlayer::set_knee_flexion(std::optional<float> degrees) {
  if (!chosen_ || degrees == knee_override_) return;
  knee_override_ = degrees;
  lay_out_again();
}

void TechniquePlayer::set_position(std::optional<client::Position> chosen) {
  if (chosen == chosen_position_) return;
  chosen_position_ = chosen;
  if (chosen_) lay_out_again();
}

void TechniquePlayer::lay_out_again() {
  technique::Technique bent = *chosen_;
  if (knee_override_)
    for (technique::Phase& phase : bent.phases) phase.knee_flexion_deg = *knee_override_;
  const technique::Playback was = playback_;
  timeline_ = std::make_unique<technique::TechniqueTimeline>(bent, model_, lying(bent));
  ++layouts_;
  playback_ = technique::Playback(*timeline_);
  playback_.set_speed(was.speed());
  playback_.set_loop(was.loop());
  playback_.scrub(was.time());
  if (was.playing()) playback_.play();
  props_.clear();  // posed anew at the next update()
  dents_.clear();
  hand_states_ = {};
  posed_at_ = -1.0;
}

float TechniquePlayer::update() {
  if (!timeline_) return 0.f;
  // Posing the hands is the costliest part of a frame's update: a paused technique, or a view
  // being orbited, keeps the hands it has.
  if (!props_.empty() && posed_at_ == playback_.time()) return timeline_->pose_at(posed_at_).knee_flexion_deg;
  props_.clear();
  dents_.clear();
  hand_states_ = {};
  posed_at_ = playback_.time();
  technique::PosedHands posed = hands_.pose(*timeline_, playback_.time());
  for (technique::PosedHand& hand : posed.hands) props_.push_back(std::move(hand.mesh));
  dents_ = std::move(posed.dents);
  hand_states_ = std::move(posed);
  return timeline_->pose_at(playback_.time()).knee_flexion_deg;
}

void TechniquePlayer::apply_styles(const anatomy::RegionView& regions,
                                   std::vector<scene::MeshStyle>& styles) const {
  if (!timeline_) return;
  // The targets take their group's colour, like a highlighted group, and the rest fades back.
  const anatomy::RegionCatalogue& catalogue = regions.catalogue();
  std::vector<std::string> targets;
  for (const std::string& target : timeline_->technique().targets) {
    if (catalogue.find_group(target))
      for (const std::string& id : catalogue.structure_ids_in(target)) targets.push_back(id);
    else
      targets.push_back(target);
  }
  const std::size_t phase = phase_index(playback_.time());
  for (const auto& [zone, phases] : zone_cache().worked)
    if (std::find(phases.begin(), phases.end(), phase) != phases.end())
      targets.insert(targets.end(), zone->structures.begin(), zone->structures.end());
  for (std::size_t mesh = 0; mesh < styles.size(); ++mesh) {
    const anatomy::Structure* structure = regions.structure_of_mesh(mesh);
    if (!structure) continue;
    if (structure->id == "skin") styles[mesh].dented = true;
    if (std::find(targets.begin(), targets.end(), structure->id) != targets.end()) {
      const anatomy::RegionGroup* group = catalogue.find_group(structure->group);
      styles[mesh].highlight = 1.f;
      styles[mesh].highlight_colour = group ? group->colour.srgb() : structure->colour.srgb();
      styles[mesh].dim = 0.f;
      styles[mesh].lymph_flow = structure->group == "lymphatic";
    }
  }
}

namespace {

technique::Segment segment_named(const std::string& name) {
  if (name == "knee") return technique::Segment::knee;
  if (name == "shank") return technique::Segment::shank;
  return technique::Segment::thigh;
}

// A zone as a patch on the skin in its own outline (a triangle, a diamond or a band): a grid over
// its positions and angles, narrowed to the outline's width at each position, projected onto the
// skin of the leg's current pose, in a warning red-orange that reads on skin and muscle alike.
void add_zone(render::OverlayGeometry& out, const technique::LimbFrame& frame,
              const clinic::CautionZone& zone) {
  constexpr int kAlong = 10, kAround = 12;
  float arc = zone.angle_to_deg - zone.angle_from_deg;
  if (arc <= 0.f) arc += 360.f;
  const float middle = zone.angle_from_deg + 0.5f * arc;
  const auto point = [&](int i, int j) {
    const float position = zone.from + (zone.to - zone.from) * float(i) / kAlong;
    const float angle = middle + arc * zone.width_at(position) * (float(j) / kAround - 0.5f);
    const technique::SkinPoint p = frame.surface_point(segment_named(zone.segment), position, angle);
    // Edges stronger than the middle, so the zone reads as an outlined area.
    const bool edge = i == 0 || i == kAlong || j == 0 || j == kAround;
    return render::OverlayVertex{p.position + p.normal * 0.001f, p.normal,
                                 glm::vec4(0.90f, 0.25f, 0.10f, edge ? 0.55f : 0.28f)};
  };
  for (int i = 0; i < kAlong; ++i)
    for (int j = 0; j < kAround; ++j) {
      const auto a = point(i, j), b = point(i + 1, j), c = point(i + 1, j + 1), d = point(i, j + 1);
      out.add_triangle(a, b, c);
      out.add_triangle(a, c, d);
    }
}

}  // namespace

const std::vector<const clinic::CautionZone*>& TechniquePlayer::zones_near() const {
  return zone_cache().near;
}

const TechniquePlayer::ZoneCache& TechniquePlayer::zone_cache() const {
  if (zones_.layout == layouts_) return zones_;
  zones_ = {};
  zones_.layout = layouts_;
  if (!timeline_) return zones_;
  // Near: some pressing moment of the technique comes within a hand's breadth of the zone's middle,
  // on the leg as posed at that moment.
  constexpr float kNear = 0.12f;
  const auto samples = timeline_->samples(0.0, timeline_->duration(), 0.25);
  for (const clinic::CautionZone& zone : clinic::ClinicContent::builtin().caution_zones) {
    float arc = zone.angle_to_deg - zone.angle_from_deg;
    if (arc <= 0.f) arc += 360.f;
    const float middle_angle = zone.angle_from_deg + 0.5f * arc;
    bool near = false;
    std::vector<std::size_t> phases;  // the phases that work on it
    for (const technique::HandPose& pose : samples) {
      if (!pose.contact || pose.transition) continue;
      const technique::LimbFrame& frame = timeline_->frame_at(pose.time);
      const technique::Segment segment = segment_named(zone.segment);
      const glm::vec3 middle =
          frame.surface_point(segment, 0.5f * (zone.from + zone.to), middle_angle).position;
      if (glm::distance(middle, pose.position) >= kNear) continue;
      near = true;
      // Worked on: the hand is on the zone's own side of the limb (within 75 degrees of its
      // middle), not reaching round from the front of the knee to a fossa behind it.
      const float off =
          std::abs(std::remainder(frame.coordinates(segment, pose.position).angle_deg - middle_angle, 360.f));
      if (off >= 75.f) continue;
      const std::size_t phase = phase_index(pose.time);
      if (std::find(phases.begin(), phases.end(), phase) == phases.end()) phases.push_back(phase);
    }
    if (near) zones_.near.push_back(&zone);
    if (!phases.empty()) zones_.worked.emplace_back(&zone, std::move(phases));
  }
  return zones_;
}

render::OverlayGeometry TechniquePlayer::overlay() const {
  if (!timeline_) return {};
  const double now = playback_.time();
  const auto to_points = [](const std::vector<technique::HandPose>& poses) {
    std::vector<render::PathPoint> points;
    points.reserve(poses.size());
    for (const technique::HandPose& p : poses)
      points.push_back(
          {p.position, p.normal, p.direction, p.pressure, p.contact && !p.transition, float(p.time)});
    return points;
  };
  const auto ahead = to_points(timeline_->samples(now, std::min(now + 3.0, timeline_->duration()), 0.03));
  const auto behind = to_points(timeline_->samples(std::max(now - 2.0, 0.0), now, 0.03));
  std::vector<render::TapMark> taps;
  for (const technique::TapEvent& tap : timeline_->tap_events(std::max(now - 0.8, 0.0), now + 1e-6))
    taps.push_back({tap.position, tap.normal, float(tap.time)});
  return render::build_stroke_overlay(ahead, behind, taps, float(now));
}

const render::OverlayGeometry& TechniquePlayer::zone_overlay() const {
  const std::pair<std::uint64_t, int> now{layouts_, timeline_ ? timeline_->phase_at(playback_.time()) : -1};
  if (now == zone_overlay_for_) return zone_overlay_;
  zone_overlay_for_ = now;
  zone_overlay_ = {};
  if (timeline_)
    for (const clinic::CautionZone* zone : zones_near())
      add_zone(zone_overlay_, timeline_->frame_at(playback_.time()), *zone);
  return zone_overlay_;
}

std::size_t TechniquePlayer::phase_index(double t) const {
  const auto& spans = timeline_->phase_spans();
  for (std::size_t i = 0; i < spans.size(); ++i)
    if (t >= spans[i].start && t < spans[i].end) return i;
  return spans.empty() ? 0 : spans.size() - 1;
}

scene::Bounds TechniquePlayer::working_area() const {
  if (!timeline_) return {};
  const double now = playback_.time();
  const auto& spans = timeline_->phase_spans();
  if (!spans.empty() && now < spans.back().end) {
    const technique::PhaseSpan& span = spans[phase_index(now)];
    if (now >= span.start) return timeline_->working_area(span.start, span.end);
  }
  return timeline_->working_area(0.0, timeline_->duration());
}

std::string TechniquePlayer::caption() const {
  return timeline_ ? timeline_->caption_at(playback_.time()) : "";
}

}  // namespace kneeviz::stage
