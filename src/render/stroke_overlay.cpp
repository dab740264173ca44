#include "render/stroke_overlay.h"

#include <algorithm>
#include <cmath>

namespace kneeviz::render {
namespace {

glm::vec3 side_of(const PathPoint& p) {
  const glm::vec3 side = glm::cross(p.normal, p.direction);
  const float length = glm::length(side);
  return length > 1e-6f ? side / length : glm::vec3(1.f, 0.f, 0.f);
}

// A strip of quads along consecutive contact points; alpha(i) and width(i) per point.
template <class Alpha, class Width>
void add_strip(OverlayGeometry& out, const std::vector<PathPoint>& points, const StrokeOverlayStyle& style,
               Alpha alpha, Width width, bool pressure_colours, glm::vec3 flat_colour) {
  for (std::size_t i = 1; i < points.size(); ++i) {
    const PathPoint& a = points[i - 1];
    const PathPoint& b = points[i];
    if (!a.contact || !b.contact || glm::distance(a.position, b.position) > 0.05f) continue;
    const auto vertex = [&](const PathPoint& p, float s, std::size_t index) {
      const glm::vec3 colour = pressure_colours ? pressure_colour(p.pressure) : flat_colour;
      return OverlayVertex{p.position + p.normal * style.lift_m + side_of(p) * (s * 0.5f * width(index)),
                           p.normal, glm::vec4(colour, alpha(index))};
    };
    const OverlayVertex a0 = vertex(a, -1.f, i - 1), a1 = vertex(a, 1.f, i - 1);
    const OverlayVertex b0 = vertex(b, -1.f, i), b1 = vertex(b, 1.f, i);
    out.add_triangle(a0, a1, b1);
    out.add_triangle(a0, b1, b0);
  }
}

}  // namespace

OverlayGeometry build_ribbon(const std::vector<PathPoint>& points, const std::vector<glm::vec4>& colours,
                             float width_m, float lift_m) {
  OverlayGeometry out;
  for (std::size_t i = 1; i < points.size() && i < colours.size(); ++i) {
    const PathPoint& a = points[i - 1];
    const PathPoint& b = points[i];
    if (!a.contact || !b.contact || glm::distance(a.position, b.position) > 0.05f) continue;
    const auto vertex = [&](const PathPoint& p, float s, const glm::vec4& colour) {
      return OverlayVertex{p.position + p.normal * lift_m + side_of(p) * (s * 0.5f * width_m), p.normal,
                           colour};
    };
    const OverlayVertex a0 = vertex(a, -1.f, colours[i - 1]), a1 = vertex(a, 1.f, colours[i - 1]);
    const OverlayVertex b0 = vertex(b, -1.f, colours[i]), b1 = vertex(b, 1.f, colours[i]);
    out.add_triangle(a0, a1, b1);
    out.add_triangle(a0, b1, b0);
  }
  return out;
}

OverlayGeometry build_stroke_overlay(const std::vector<PathPoint>& ahead,
                                     const std::vector<PathPoint>& behind, const std::vector<TapMark>& taps,
                                     float now, const StrokeOverlayStyle& style) {
  OverlayGeometry out;
  const auto width_of = [&](const PathPoint& p) {
    return style.min_width_m + (style.max_width_m - style.min_width_m) * std::clamp(p.pressure, 0.f, 1.f);
  };

  // The path ahead: pressure as width and colour, fading into the future.
  add_strip(
      out, ahead, style,
      [&](std::size_t i) {
        return 0.85f * (1.f - std::clamp((ahead[i].time - now) / style.ahead_fade_s, 0.f, 1.f));
      },
      [&](std::size_t i) { return width_of(ahead[i]); }, true, glm::vec3(1.f));

  // Arrows (chevrons) along the path ahead, pointing the way the hand will move.
  float travelled = style.arrow_spacing_m * 0.5f;
  for (std::size_t i = 1; i < ahead.size(); ++i) {
    const PathPoint& p = ahead[i];
    if (!p.contact || !ahead[i - 1].contact) continue;
    travelled += glm::distance(p.position, ahead[i - 1].position);
    if (travelled < style.arrow_spacing_m) continue;
    travelled = 0.f;
    const float fade = 1.f - std::clamp((p.time - now) / style.ahead_fade_s, 0.f, 1.f);
    if (fade <= 0.05f) continue;
    const glm::vec3 up = p.normal * (style.lift_m * 2.f);
    const glm::vec3 side = side_of(p) * (width_of(p) * 0.42f);
    const glm::vec3 forward = p.direction * (width_of(p) * 0.45f);
    const glm::vec4 colour(1.f, 1.f, 1.f, 0.95f * fade);
    const glm::vec3 tip = p.position + up + forward, left = p.position + up - forward * 0.6f + side,
                    right = p.position + up - forward * 0.6f - side,
                    notch = p.position + up - forward * 0.15f;
    out.add_triangle({left, p.normal, colour}, {tip, p.normal, colour}, {notch, p.normal, colour});
    out.add_triangle({notch, p.normal, colour}, {tip, p.normal, colour}, {right, p.normal, colour});
  }

  // The trail behind: narrow and pale, fading with age.
  add_strip(
      out, behind, style,
      [&](std::size_t i) {
        return 0.6f * (1.f - std::clamp((now - behind[i].time) / style.trail_fade_s, 0.f, 1.f));
      },
      [&](std::size_t i) { return width_of(behind[i]) * 0.45f; }, false, glm::vec3(0.95f, 0.97f, 1.f));

  // Ripples: rings spreading from where taps landed.
  for (const TapMark& tap : taps) {
    const float age = now - tap.time;
    if (age < 0.f || age > style.ripple_seconds) continue;
    const float k = age / style.ripple_seconds;
    const float radius = style.ripple_radius_m * (0.25f + 0.75f * k), thickness = 0.004f;
    const glm::vec3 n = glm::normalize(tap.normal);
    const glm::vec3 u = glm::normalize(glm::abs(n.y) < 0.9f ? glm::cross(n, glm::vec3(0, 1, 0))
                                                            : glm::cross(n, glm::vec3(1, 0, 0)));
    const glm::vec3 v = glm::cross(n, u);
    const glm::vec4 colour(1.f, 1.f, 1.f, 0.9f * (1.f - k));
    constexpr int kSegments = 32;
    for (int s = 0; s < kSegments; ++s) {
      const float a0 = 6.2831853f * float(s) / kSegments, a1 = 6.2831853f * float(s + 1) / kSegments;
      const glm::vec3 d0 = u * std::cos(a0) + v * std::sin(a0), d1 = u * std::cos(a1) + v * std::sin(a1);
      const glm::vec3 c = tap.position + n * style.lift_m;
      const OverlayVertex i0{c + d0 * radius, n, colour}, o0{c + d0 * (radius + thickness), n, colour};
      const OverlayVertex i1{c + d1 * radius, n, colour}, o1{c + d1 * (radius + thickness), n, colour};
      out.add_triangle(i0, o0, o1);
      out.add_triangle(i0, o1, i1);
    }
  }
  return out;
}

}  // namespace kneeviz::render
