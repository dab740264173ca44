#include "technique/timeline.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace kneeviz::technique {

namespace {

float smoothstep(float edge0, float edge1, float x) {
  if (edge1 <= edge0) return x < edge0 ? 0.f : 1.f;
  const float s = std::clamp((x - edge0) / (edge1 - edge0), 0.f, 1.f);
  return s * s * (3.f - 2.f * s);
}

glm::vec3 unit_or(const glm::vec3& v, const glm::vec3& fallback) {
  const float length = glm::length(v);
  return length > 1e-9f ? v / length : fallback;
}

glm::vec3 tangent_or(const glm::vec3& v, const glm::vec3& normal, const glm::vec3& fallback) {
  return unit_or(v - normal * glm::dot(v, normal), fallback);
}

const std::string kNoCaption;

// How much further round the limb (degrees) within_reach() will lay a stroke to have it on the
// therapist's side rather than the far side; 15-45 lay the shipped strokes alike.
constexpr float kNearSideExtraTurn = 30.f;

}  // namespace

Stroke within_reach(const Stroke& stroke, const LimbFrame& frame, const Lying& lying) {
  if (!lying.on_table) return stroke;
  // The skin's own normal there (the limb is not round); the direction round the axis stands in
  // where the ray finds no skin.
  const auto facing = [&](float position, float angle) {
    const SkinPoint skin = frame.surface_point(stroke.segment, position, angle);
    return skin.hit ? skin.normal : frame.around(stroke.segment, position, angle);
  };
  const auto reachable = [&](float position, float angle) {
    return glm::dot(facing(position, angle), lying.up) >= kReachableUp;
  };
  // The least turn each way round the limb to reachable skin; the therapist's way wins unless it is
  // more than kNearSideExtraTurn further, so a relaid stroke lies on the side the arms come from.
  // Returns the angle and the way it turned (+1, -1; 0 unturned). `way` (+1 or -1) asks for that
  // way where it finds reachable skin, so a stroke's end is laid as its start was.
  const auto nearest = [&](float position, float angle, float way) {
    if (reachable(position, angle)) return std::pair{angle, 0.f};
    float turn_of[2] = {-1.f, -1.f};  // [0]: +angle, [1]: -angle
    for (int side = 0; side < 2; ++side)
      for (float turn = 5.f; turn <= 180.f; turn += 5.f)
        if (reachable(position, angle + (side == 0 ? turn : -turn))) {
          turn_of[side] = turn;
          break;
        }
    const auto turned = [&](int side) {
      return side == 0 ? std::pair{angle + turn_of[0], 1.f} : std::pair{angle - turn_of[1], -1.f};
    };
    if (turn_of[0] < 0.f && turn_of[1] < 0.f) return std::pair{angle, 0.f};
    if (turn_of[1] < 0.f) return turned(0);
    if (turn_of[0] < 0.f) return turned(1);
    if (way != 0.f) return turned(way > 0.f ? 0 : 1);
    const bool plus_nearer_therapist =
        glm::dot(facing(position, angle + turn_of[0]), lying.toward_therapist) >=
        glm::dot(facing(position, angle - turn_of[1]), lying.toward_therapist);
    const int near = plus_nearer_therapist ? 0 : 1;
    return turned(turn_of[near] <= turn_of[1 - near] + kNearSideExtraTurn ? near : 1 - near);
  };
  Stroke within = stroke;
  const std::pair<float, float> laid_start = nearest(stroke.from, stroke.angle_deg, 0.f);
  const float start = laid_start.first, way = laid_start.second;
  within.angle_deg = start;
  // The end: of the reachable skin nearest its written angle either way round, the one nearer
  // round the limb to where the start was laid (the start's way on a tie), so a glide does not
  // wind round the limb further than it was written to.
  const auto laid_end = [&](float angle) {
    const float same = nearest(stroke.to, angle, way != 0.f ? way : 1.f).first;
    const float other = nearest(stroke.to, angle, way != 0.f ? -way : -1.f).first;
    const auto apart = [&](float a) {
      const float turn = std::fmod(std::abs(a - start), 360.f);
      return std::min(turn, 360.f - turn);
    };
    return apart(other) < apart(same) ? other : same;
  };
  if (stroke.angle_to_deg)
    within.angle_to_deg = laid_end(*stroke.angle_to_deg);
  else if (!reachable(stroke.to, start))
    within.angle_to_deg = laid_end(start);
  return within;
}

TechniqueTimeline::TechniqueTimeline(Technique technique, const scene::Model& model,
                                     const LyingForKnee& lying)
    : technique_(std::move(technique)) {
  // One posed leg per distinct knee flexion, each knowing the fibres any stroke crosses.
  std::vector<std::string> fibre_structures;
  for (const Phase& phase : technique_.phases)
    for (const Stroke& stroke : phase.strokes)
      if (stroke.motion == Motion::cross_fibre && !stroke.fibre_of.empty() &&
          std::find(fibre_structures.begin(), fibre_structures.end(), stroke.fibre_of) ==
              fibre_structures.end())
        fibre_structures.push_back(stroke.fibre_of);
  for (const Phase& phase : technique_.phases)
    if (!phase.strokes.empty() && frame_index(phase.knee_flexion_deg) < 0) {
      lying_.push_back(lying ? lying(phase.knee_flexion_deg) : Lying{});
      frames_.emplace_back(
          phase.knee_flexion_deg,
          LimbFrame(model, scene::Pose{phase.knee_flexion_deg, lying_.back().hip_flexion_deg},
                    fibre_structures));
    }

  path_of_.assign(technique_.phases.size(), {});
  for (std::size_t p = 0; p < technique_.phases.size(); ++p) {
    const Phase& phase = technique_.phases[p];
    if (phase.strokes.empty()) continue;
    const int frame = frame_index(phase.knee_flexion_deg);
    for (const Stroke& stroke : phase.strokes) {
      path_of_[p].push_back(static_cast<int>(paths_.size()));
      paths_.emplace_back(within_reach(stroke, frames_[frame].second, lying_[std::size_t(frame)]),
                          frames_[frame].second);
      path_frame_.push_back(frame);
      taps_.push_back(paths_.back().taps());
    }
  }

  double t = 0.0;
  bool have_previous = false;
  StrokeSample previous;
  int previous_frame = 0;
  const int technique_repetitions = std::max(1, technique_.repetitions);
  for (int r = 0; r < technique_repetitions; ++r) {
    for (std::size_t p = 0; p < technique_.phases.size(); ++p) {
      const Phase& phase = technique_.phases[p];
      if (phase.strokes.empty()) continue;
      if (!spans_.empty()) spans_.back().end = t;
      spans_.push_back({static_cast<int>(p), r, t, t});
      for (int k = 0; k < std::max(1, phase.repetitions); ++k) {
        for (std::size_t s = 0; s < phase.strokes.size(); ++s) {
          const int path = path_of_[p][s];
          Item stroke_item;
          stroke_item.kind = ItemKind::stroke;
          stroke_item.phase = static_cast<int>(p);
          stroke_item.stroke = static_cast<int>(s);
          stroke_item.repetition = k;
          stroke_item.technique_repetition = r;
          stroke_item.path = path;
          const StrokeSample start = paths_[path].sample(0.f);
          const int frame = path_frame_[path];
          if (!have_previous)
            add_transition(start, frame, true, start, frame, false, stroke_item);  // landing
          else
            add_transition(previous, previous_frame, false, start, frame, false, stroke_item);
          stroke_item.start = duration_;
          stroke_item.duration = paths_[path].duration();
          items_.push_back(stroke_item);
          duration_ += stroke_item.duration;
          t = duration_;
          previous = paths_[path].sample(paths_[path].duration());
          previous_frame = frame;
          have_previous = true;
        }
      }
    }
  }
  if (have_previous) {
    Item last = items_.back();
    add_transition(previous, previous_frame, false, previous, previous_frame, true, last);  // lifting off
  }
  if (!spans_.empty()) spans_.back().end = duration_;
}

const Stroke* TechniqueTimeline::laid_stroke(int phase, int stroke) const {
  if (phase < 0 || phase >= int(path_of_.size()) || stroke < 0 ||
      stroke >= int(path_of_[std::size_t(phase)].size()))
    return nullptr;
  return &paths_[std::size_t(path_of_[std::size_t(phase)][std::size_t(stroke)])].stroke();
}

int TechniqueTimeline::frame_index(float knee_flexion_deg) const {
  for (std::size_t i = 0; i < frames_.size(); ++i)
    if (frames_[i].first == knee_flexion_deg) return static_cast<int>(i);
  return -1;
}

void TechniqueTimeline::add_transition(const StrokeSample& from, int frame_from, bool from_air,
                                       const StrokeSample& to, int frame_to, bool to_air, const Item& next) {
  Item item = next;
  item.kind = ItemKind::transition;
  item.path = -1;
  item.from = from;
  item.to = to;
  item.frame_from = frame_from;
  item.frame_to = frame_to;
  item.from_air = from_air;
  item.to_air = to_air;
  if (from_air || to_air) {
    item.duration = kApproachSeconds;
  } else {
    const float distance = glm::length(to.position - from.position);
    const float flexion_change = std::abs(frames_[frame_to].first - frames_[frame_from].first);
    if (distance < kSameSpotM && flexion_change == 0.f) return;  // slide on without lifting
    const float move =
        std::clamp(std::max(distance / kAirSpeed, flexion_change / kFlexionSpeedDegPerS), kMinMoveSeconds,
                   std::max(kMaxMoveSeconds, flexion_change / kFlexionSpeedDegPerS));
    item.duration = 2.f * kLiftSeconds + move;
  }
  item.start = duration_;
  items_.push_back(item);
  duration_ += item.duration;
}

const TechniqueTimeline::Item* TechniqueTimeline::item_at(double t) const {
  if (items_.empty()) return nullptr;
  const auto after = std::upper_bound(items_.begin(), items_.end(), t,
                                      [](double value, const Item& item) { return value < item.start; });
  return after == items_.begin() ? &items_.front() : &*(after - 1);
}

HandPose TechniqueTimeline::transition_pose(const Item& item, double local) const {
  HandPose pose;
  const float x = static_cast<float>(local);
  const float d = static_cast<float>(item.duration);
  float height, w;
  if (item.from_air) {  // landing at the very start
    height = 1.f - smoothstep(0.f, d, x);
    w = 1.f;
  } else if (item.to_air) {  // lifting off at the very end
    height = smoothstep(0.f, d, x);
    w = 0.f;
  } else {
    height = smoothstep(0.f, kLiftSeconds, x) * (1.f - smoothstep(d - kLiftSeconds, d, x));
    w = smoothstep(kLiftSeconds, d - kLiftSeconds, x);
  }
  pose.position = glm::mix(item.from.position, item.to.position, w);
  pose.normal = unit_or(glm::mix(item.from.normal, item.to.normal, w), item.to.normal);
  if (item.frame_from == item.frame_to && w > 0.f && w < 1.f) {
    // Over the same leg: keep the point under the hand on the skin.
    const SkinSurface& skin = frames_[item.frame_to].second.skin();
    if (auto near = skin.closest_point(pose.position)) {
      pose.position = near->point;
      pose.normal = near->normal;
    }
    // On a table a hand moving between strokes on the limb's upper side passes over the limb,
    // never under it: where the nearest skin faces the table, it takes the skin seen from above.
    // (A move to or from a stroke under the limb, the hand under the knee, keeps to the skin.)
    const Lying& lying = lying_[std::size_t(item.frame_to)];
    if (lying.on_table && glm::dot(pose.normal, lying.up) < 0.f &&
        glm::dot(item.from.normal, lying.up) >= 0.f && glm::dot(item.to.normal, lying.up) >= 0.f) {
      const glm::vec3 above = glm::mix(item.from.position, item.to.position, w) + lying.up * 0.5f;
      if (auto top = skin.intersect(above, -lying.up, 0.f, 1.f)) {
        pose.position = top->point;
        pose.normal = top->normal;
      }
    }
  }
  const glm::vec3 travel = item.to.position - item.from.position;
  pose.direction =
      glm::length(travel) > 1e-5f
          ? tangent_or(travel, pose.normal, item.to.direction)
          : tangent_or(w < 0.5f ? item.from.direction : item.to.direction, pose.normal, item.to.direction);
  pose.lift_m = kTransitionLift * height;
  pose.contact = height <= 0.f;
  pose.pressure = 0.f;
  if (pose.contact) pose.pressure = w < 0.5f ? item.from.pressure : item.to.pressure;
  pose.transition = true;
  pose.knee_flexion_deg = glm::mix(frames_[item.frame_from].first, frames_[item.frame_to].first, w);
  return pose;
}

HandPose TechniqueTimeline::pose_at(double t) const {
  t = std::clamp(t, 0.0, duration_);
  const Item* item = item_at(t);
  if (!item) return HandPose{t};
  const double local = std::clamp(t - item->start, 0.0, item->duration);
  HandPose pose;
  if (item->kind == ItemKind::transition) {
    pose = transition_pose(*item, local);
  } else {
    const StrokeSample s = paths_[item->path].sample(static_cast<float>(local));
    pose.position = s.position;
    pose.normal = s.normal;
    pose.direction = s.direction;
    pose.pressure = s.pressure;
    pose.contact = s.contact;
    pose.lift_m = s.lift_m;
    pose.knee_flexion_deg = frames_[path_frame_[item->path]].first;
  }
  pose.time = t;
  pose.phase = item->phase;
  pose.stroke = item->stroke;
  pose.repetition = item->repetition;
  pose.technique_repetition = item->technique_repetition;
  return pose;
}

int TechniqueTimeline::phase_at(double t) const {
  const Item* item = item_at(std::clamp(t, 0.0, duration_));
  return item ? item->phase : -1;
}

double TechniqueTimeline::phase_start(int i) const {
  for (const PhaseSpan& span : spans_)
    if (span.phase == i) return span.start;
  return 0.0;
}

const std::string& TechniqueTimeline::caption_at(double t) const {
  const int phase = phase_at(t);
  return phase < 0 ? kNoCaption : technique_.phases[static_cast<std::size_t>(phase)].caption;
}

const LimbFrame& TechniqueTimeline::frame_at(double t) const {
  static const LimbFrame kNone;
  const int phase = phase_at(t);
  if (phase < 0) return kNone;
  return frames_[frame_index(technique_.phases[static_cast<std::size_t>(phase)].knee_flexion_deg)].second;
}

const Lying& TechniqueTimeline::lying_at(double t) const {
  static const Lying kStanding;
  const int phase = phase_at(t);
  if (phase < 0) return kStanding;
  return lying_[std::size_t(
      frame_index(technique_.phases[static_cast<std::size_t>(phase)].knee_flexion_deg))];
}

std::vector<HandPose> TechniqueTimeline::samples(double t0, double t1, double step) const {
  std::vector<HandPose> result;
  if (!(step > 0.0) || t1 < t0) return result;
  const long count = std::min(100000L, static_cast<long>(std::floor((t1 - t0) / step + 1e-6)) + 1);
  result.reserve(static_cast<std::size_t>(count));
  for (long i = 0; i < count; ++i) result.push_back(pose_at(t0 + static_cast<double>(i) * step));
  return result;
}

std::vector<TapEvent> TechniqueTimeline::tap_events(double t0, double t1) const {
  std::vector<TapEvent> events;
  for (const Item& item : items_) {
    if (item.kind != ItemKind::stroke || item.start >= t1 || item.start + item.duration < t0) continue;
    for (TapEvent tap : taps_[static_cast<std::size_t>(item.path)]) {
      tap.time += item.start;
      if (tap.time >= t0 && tap.time < t1) events.push_back(tap);
    }
  }
  return events;
}

scene::Bounds TechniqueTimeline::working_area(double t0, double t1) const {
  scene::Bounds box;
  if (items_.empty()) return box;
  t0 = std::clamp(t0, 0.0, duration_);
  t1 = std::clamp(t1, t0, duration_);
  const double step = std::min(0.05, (t1 - t0) / 20.0);
  if (step <= 0.0) {
    box.extend(pose_at(t0).position);
    return box;
  }
  for (double t = t0; t < t1; t += step) box.extend(pose_at(t).position);
  box.extend(pose_at(t1).position);
  return box;
}

// --- Playback ---------------------------------------------------------------------------------

Playback::Playback(const TechniqueTimeline& timeline) : duration_(timeline.duration()) {
  for (const PhaseSpan& span : timeline.phase_spans()) phase_starts_.push_back(span.start);
}

Playback::Playback(double duration, std::vector<double> phase_starts)
    : duration_(std::max(0.0, duration)), phase_starts_(std::move(phase_starts)) {}

void Playback::play() {
  if (!loop_ && time_ >= duration_) time_ = 0.0;
  playing_ = true;
}

void Playback::set_speed(float speed) {
  speed_ = std::clamp(speed, kMinSpeed, kMaxSpeed);
}

void Playback::advance(double real_seconds) {
  if (!playing_ || !(real_seconds > 0.0)) return;
  time_ += real_seconds * static_cast<double>(speed_);
  if (time_ < duration_) return;
  if (loop_ && duration_ > 0.0) {
    time_ = std::fmod(time_, duration_);
  } else {
    time_ = duration_;
    playing_ = false;
  }
}

void Playback::scrub(double t) {
  time_ = std::clamp(t, 0.0, duration_);
}

void Playback::previous_phase() {
  constexpr double kEpsilon = 1e-9;
  int current = -1;
  for (std::size_t i = 0; i < phase_starts_.size(); ++i)
    if (phase_starts_[i] <= time_ + kEpsilon) current = static_cast<int>(i);
  if (current < 0) return scrub(0.0);
  if (time_ - phase_starts_[current] > kRestartWindow || current == 0) return scrub(phase_starts_[current]);
  scrub(phase_starts_[current - 1]);
}

void Playback::next_phase() {
  constexpr double kEpsilon = 1e-9;
  for (double start : phase_starts_)
    if (start > time_ + kEpsilon) return scrub(start);
  scrub(loop_ ? 0.0 : duration_);
}

}  // namespace kneeviz::technique
