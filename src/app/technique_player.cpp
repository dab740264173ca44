#include "app/technique_player.h"

#include <algorithm>
#include <cmath>

#include "app/assets.h"
#include "technique/hand_model.h"
#include "technique/technique_file.h"

namespace kneeviz::app {

namespace {
constexpr technique::Contact kContacts[] = {technique::Contact::palm, technique::Contact::fingertips,
                                            technique::Contact::knuckles, technique::Contact::thumb,
                                            technique::Contact::forearm};
// How far the hand sinks into the skin at full pressure: soft tissue gives a few millimetres.
constexpr float kMaxPressInM = 0.004f;
}  // namespace

std::vector<technique::Technique> load_shipped_techniques(const anatomy::RegionCatalogue& catalogue) {
  const std::filesystem::path folder = find_assets_folder() / "techniques";
  return technique::load_technique_folder(folder, &catalogue);
}

void order_for_panel(std::vector<technique::Technique>& techniques, const anatomy::RegionCatalogue& catalogue) {
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

TechniquePlayer::TechniquePlayer(scene::Model& model) : model_(model) {
  hand_node_ = int(model.nodes.size());
  scene::Node node;
  node.name = "technique-hand";
  node.parent = model.nodes.empty() ? -1 : 0;
  model.nodes.push_back(node);
  if (node.parent >= 0) model.nodes[0].children.push_back(hand_node_);
  for (const technique::Contact contact : kContacts) {
    scene::Mesh mesh = technique::make_hand(contact);
    mesh.node = hand_node_;
    hand_meshes_.push_back(int(model.meshes.size()));
    model.nodes[hand_node_].meshes.push_back(int(model.meshes.size()));
    model.meshes.push_back(std::move(mesh));
  }
}

void TechniquePlayer::choose(const std::optional<technique::Technique>& technique) {
  if (!technique) {
    timeline_.reset();
    playback_ = {};
    return;
  }
  timeline_ = std::make_unique<technique::TechniqueTimeline>(*technique, model_);
  playback_ = technique::Playback(*timeline_);
}

float TechniquePlayer::update_model(scene::Model& model) const {
  if (!timeline_) return 0.f;
  const technique::HandPose pose = timeline_->pose_at(playback_.time());
  const glm::vec3 y = glm::normalize(pose.normal);
  // Which way the fingers point: a therapist's hand keeps its orientation through circles,
  // oscillations, taps and a lighter return, pointing up the limb toward the heart, or down it on
  // a glide that travels down. Following each instant's motion would spin the hand on every circle.
  glm::vec3 forward = pose.direction;
  const technique::Technique& t = timeline_->technique();
  if (pose.phase >= 0 && pose.phase < int(t.phases.size()) && pose.stroke >= 0 &&
      pose.stroke < int(t.phases[pose.phase].strokes.size())) {
    const technique::Stroke& stroke = t.phases[pose.phase].strokes[pose.stroke];
    const technique::SegmentAxes axes = timeline_->frame_at(pose.time).axes(stroke.segment, stroke.from);
    const bool glides_down = (stroke.motion == technique::Motion::glide ||
                              stroke.motion == technique::Motion::circles_on_glide) &&
                             stroke.to > stroke.from;
    forward = glides_down ? axes.along : -axes.along;
  }
  glm::vec3 z = forward - y * glm::dot(forward, y);
  z = glm::length(z) > 1e-5f ? glm::normalize(z) : glm::normalize(glm::cross(y, glm::vec3(1, 0, 0)));
  const glm::vec3 x = glm::cross(y, z);
  const float press = pose.contact ? pose.pressure * kMaxPressInM : 0.f;
  const glm::vec3 origin = pose.position + y * (pose.lift_m - press);
  glm::mat4 place(1.f);
  place[0] = glm::vec4(x, 0.f);
  place[1] = glm::vec4(y, 0.f);
  place[2] = glm::vec4(z, 0.f);
  place[3] = glm::vec4(origin, 1.f);
  // The hand node hangs under the root, whose transform is identity for the bundled leg; undo it
  // in case another model's root is not.
  const int parent = model.nodes[hand_node_].parent;
  const glm::mat4 parent_global = parent >= 0 ? model.global_transforms()[parent] : glm::mat4(1.f);
  model.nodes[hand_node_].local = glm::inverse(parent_global) * place;
  return pose.knee_flexion_deg;
}

void TechniquePlayer::apply_styles(const anatomy::RegionView& regions, std::vector<scene::MeshStyle>& styles) const {
  for (std::size_t i = 0; i < hand_meshes_.size(); ++i) {
    scene::MeshStyle& style = styles[hand_meshes_[i]];
    style.visible = timeline_ && timeline_->technique().contact == kContacts[i];
    style.pickable = false;
    style.opacity = 1.f;
    style.dim = 0.f;
    style.highlight = 0.f;
  }
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
  for (std::size_t mesh = 0; mesh < styles.size(); ++mesh) {
    const anatomy::Structure* structure = regions.structure_of_mesh(mesh);
    if (!structure) continue;
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

// A zone as a patch on the skin: a grid over its positions and angles, projected onto the skin of
// the leg's current pose, in a warning red-orange that reads on skin and muscle alike.
void add_zone(render::OverlayGeometry& out, const technique::LimbFrame& frame, const clinic::CautionZone& zone) {
  constexpr int kAlong = 10, kAround = 12;
  float arc = zone.angle_to_deg - zone.angle_from_deg;
  if (arc <= 0.f) arc += 360.f;
  const auto point = [&](int i, int j) {
    const float position = zone.from + (zone.to - zone.from) * float(i) / kAlong;
    const float angle = zone.angle_from_deg + arc * float(j) / kAround;
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

std::vector<const clinic::CautionZone*> TechniquePlayer::zones_near() const {
  std::vector<const clinic::CautionZone*> zones;
  if (!timeline_) return zones;
  // Near: some pressing moment of the technique comes within a hand's breadth of the zone's middle,
  // on the leg as posed at that moment.
  constexpr float kNear = 0.12f;
  const auto samples = timeline_->samples(0.0, timeline_->duration(), 0.25);
  for (const clinic::CautionZone& zone : clinic::ClinicContent::builtin().caution_zones) {
    float arc = zone.angle_to_deg - zone.angle_from_deg;
    if (arc <= 0.f) arc += 360.f;
    for (const technique::HandPose& pose : samples) {
      if (!pose.contact || pose.transition) continue;
      const glm::vec3 middle = timeline_->frame_at(pose.time)
                                   .surface_point(segment_named(zone.segment), 0.5f * (zone.from + zone.to),
                                                  zone.angle_from_deg + 0.5f * arc)
                                   .position;
      if (glm::distance(middle, pose.position) < kNear) {
        zones.push_back(&zone);
        break;
      }
    }
  }
  return zones;
}

render::OverlayGeometry TechniquePlayer::overlay() const {
  if (!timeline_) return {};
  const double now = playback_.time();
  const auto to_points = [](const std::vector<technique::HandPose>& poses) {
    std::vector<render::PathPoint> points;
    points.reserve(poses.size());
    for (const technique::HandPose& p : poses)
      points.push_back({p.position, p.normal, p.direction, p.pressure, p.contact && !p.transition, float(p.time)});
    return points;
  };
  const auto ahead = to_points(timeline_->samples(now, std::min(now + 3.0, timeline_->duration()), 0.03));
  const auto behind = to_points(timeline_->samples(std::max(now - 2.0, 0.0), now, 0.03));
  std::vector<render::TapMark> taps;
  for (const technique::TapEvent& tap : timeline_->tap_events(std::max(now - 0.8, 0.0), now + 1e-6))
    taps.push_back({tap.position, tap.normal, float(tap.time)});
  return render::build_stroke_overlay(ahead, behind, taps, float(now));
}

render::OverlayGeometry TechniquePlayer::zone_overlay() const {
  render::OverlayGeometry geometry;
  if (!timeline_) return geometry;
  for (const clinic::CautionZone* zone : zones_near()) add_zone(geometry, timeline_->frame_at(playback_.time()), *zone);
  return geometry;
}

scene::Bounds TechniquePlayer::working_area() const {
  if (!timeline_) return {};
  const double now = playback_.time();
  for (const technique::PhaseSpan& span : timeline_->phase_spans())
    if (now >= span.start && now < span.end) return timeline_->working_area(span.start, span.end);
  return timeline_->working_area(0.0, timeline_->duration());
}

std::string TechniquePlayer::caption() const { return timeline_ ? timeline_->caption_at(playback_.time()) : ""; }

}  // namespace kneeviz::app
