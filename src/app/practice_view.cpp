#include "app/practice_view.h"

#include <algorithm>

#include "render/stroke_overlay.h"

namespace kneeviz::app {
namespace {

constexpr float kTraceWidthM = 0.014f;
constexpr float kReferenceWidthM = 0.005f;  // a thin line drawn over the trace, so both read

// The trace's points on the posed skin, with the skin's normal and the way the hand moved.
std::vector<render::PathPoint> on_skin(const technique::Trace& trace, const technique::LimbFrame& frame) {
  std::vector<render::PathPoint> points;
  points.reserve(trace.samples.size());
  for (std::size_t i = 0; i < trace.samples.size(); ++i) {
    const technique::TraceSample& s = trace.samples[i];
    render::PathPoint point{s.p, {0.f, 0.f, 1.f}, {0.f, 1.f, 0.f}, s.pressure, s.contact, float(s.t)};
    if (const auto hit = frame.skin().closest_point(s.p, 0.05f)) {
      point.position = hit->point;
      point.normal = hit->normal;
    }
    const glm::vec3 ahead = trace.samples[std::min(i + 1, trace.samples.size() - 1)].p;
    const glm::vec3 behind = trace.samples[i > 0 ? i - 1 : 0].p;
    if (glm::distance(ahead, behind) > 1e-5f) point.direction = glm::normalize(ahead - behind);
    points.push_back(point);
  }
  return points;
}

void append(render::OverlayGeometry& to, const render::OverlayGeometry& from) {
  to.triangles.insert(to.triangles.end(), from.triangles.begin(), from.triangles.end());
}

}  // namespace

glm::vec4 error_colour(float off_m) {
  const glm::vec3 good{0.0f, 0.62f, 0.45f};   // bluish green
  const glm::vec3 near{0.94f, 0.89f, 0.26f};  // yellow
  const glm::vec3 off{0.80f, 0.47f, 0.65f};   // reddish purple: not the pressure ramp's vermillion
  const float cm = off_m * 100.f;
  const glm::vec3 colour = cm <= 1.f    ? good
                           : cm <= 2.5f ? glm::mix(good, near, (cm - 1.f) / 1.5f)
                                        : glm::mix(near, off, std::clamp((cm - 2.5f) / 1.5f, 0.f, 1.f));
  return glm::vec4(colour, 0.95f);
}

render::OverlayGeometry practice_overlay(const practice::PracticeSession& session) {
  render::OverlayGeometry out;
  using Stage = practice::PracticeSession::Stage;
  const technique::TechniqueTimeline& timeline = session.timeline();
  const technique::PhaseSpan& span = session.span();
  const Stage stage = session.stage();
  if (stage == Stage::finished) return out;
  const bool show_reference =
      stage == Stage::reviewing || session.guide() == practice::PracticeGuide::follow_me;
  if (show_reference) {
    std::vector<render::PathPoint> path;
    for (const technique::HandPose& p : timeline.samples(span.start, span.end, 0.03))
      path.push_back(
          {p.position, p.normal, p.direction, p.pressure, p.contact && !p.transition, float(p.time)});
    append(out,
           render::build_ribbon(path, std::vector<glm::vec4>(path.size(), glm::vec4(1.f, 1.f, 1.f, 0.9f)),
                                kReferenceWidthM, 0.0045f));
  }
  const technique::LimbFrame& frame = timeline.frame_at(span.start);
  if (stage == Stage::recording) {
    const std::vector<render::PathPoint> points = on_skin(session.recording(), frame);
    std::vector<glm::vec4> colours;
    // One clear colour while drawing (the pressure is on the card), yellow: it reads over the
    // skin, the highlights and the white path; the scoring colours come after.
    colours.assign(points.size(), glm::vec4(0.94f, 0.89f, 0.26f, 0.95f));
    append(out, render::build_ribbon(points, colours, kTraceWidthM, 0.003f));
  } else if (stage == Stage::reviewing) {
    if (const practice::PracticeResult* result = session.current_result()) {
      const std::vector<render::PathPoint> points = on_skin(result->trace, frame);
      std::vector<glm::vec4> colours;
      for (std::size_t i = 0; i < points.size(); ++i)
        colours.push_back(error_colour(i < result->off_path_m.size() ? result->off_path_m[i] : 0.f));
      append(out, render::build_ribbon(points, colours, kTraceWidthM, 0.003f));
    }
  }
  return out;
}

}  // namespace kneeviz::app
