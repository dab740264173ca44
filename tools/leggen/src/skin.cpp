// The skin: a smooth union of every structure inside it plus the soft tissue the model does not
// name (the gluteal mass, the peroneal, extensor and deep calf volumes the leg's muscles were
// later cut to, fat pads, the heel and sole pads), grown by
// a subcutaneous layer that is thickest on the hip and thigh, then cut at the iliac crest, the
// body's midline and the floor.
#include <algorithm>
#include <array>
#include <cmath>

#include "leg_frame.h"
#include "structures.h"

namespace leggen {

namespace {

constexpr vec3 kUp{0, 1, 0};
constexpr vec3 kForward{0, 0, 1};
constexpr float kTopCut = 0.158f;       // height of the cut at the iliac crest, metres
constexpr float kTopCutBlend = 0.020f;  // rounding of its rim, metres
constexpr float kSkinBlend = 0.024f;    // the skin's blend of what lies inside it, metres

float smooth_step(float edge0, float edge1, float x) {
  const float t = std::clamp((x - edge0) / (edge1 - edge0), 0.0f, 1.0f);
  return t * t * (3.0f - 2.0f * t);
}

// Subcutaneous thickness by height: ~1.1 cm over the hip and thigh, thin over the knee and the
// ankle, medium on the calf.
float subcutaneous_by_height(const vec3& p) {
  const LegFrame& f = leg_frame();
  const float above_knee = p.y - f.knee.y;
  const float thigh = 0.0105f;
  const float knee = 0.0040f;
  const float calf = 0.0060f;
  const float ankle = 0.0035f;
  // Prepatellar tissue: a thin cushion in front of the patella and the tendons, so they stay under
  // the skin as the patella rides round the condyles in flexion. At 3.5 mm (with the skin's
  // blend over the patella and its tendons) the patella lay 12 mm under the skin, where a
  // therapist feels it through 5-8; at 1 mm, 9.3 (leggen_surface_anatomy), and at 0-120 degrees
  // nothing passes through the skin.
  const float front = smooth_step(0.010f, 0.035f, p.z - f.knee.z);
  const float prepatellar = 0.0010f * front *
                            (1.0f - smooth_step(0.045f, 0.085f, std::abs(above_knee - 0.030f))) *
                            (1.0f - smooth_step(0.030f, 0.055f, std::abs(p.x)));
  // Buttock: more fat over gluteus maximus.
  const float buttock = 0.004f * smooth_step(-0.11f, -0.05f, p.y) * smooth_step(0.02f, 0.06f, -p.z);
  if (above_knee > 0.0f) {
    return knee + (thigh - knee) * smooth_step(0.05f, 0.16f, above_knee) + prepatellar + buttock;
  }
  const float above_ankle = p.y - f.ankle.y;
  if (above_ankle > 0.14f) {
    return knee + (calf - knee) * smooth_step(0.04f, 0.12f, -above_knee) + prepatellar;
  }
  return ankle + (calf - ankle) * smooth_step(0.02f, 0.14f, above_ankle);
}

float distance_to_segment(const vec3& p, const vec3& a, const vec3& b) {
  const vec3 ab = b - a;
  const float t = std::clamp(glm::dot(p - a, ab) / glm::dot(ab, ab), 0.0f, 1.0f);
  return glm::length(p - (a + t * ab));
}

// The bony points a therapist palpates, where only skin and a thin layer lie over the bone
// (adult figures in docs/leg-model.md). Each is a polyline on the bone's surface with the
// subcutaneous thickness over it; `weight` is 1 on and next to it, falling to 0 at its reach (the
// largest where two overlap), and the thickness is that of the line weighing most.
struct Palpable {
  float weight = 0.0f;
  float thickness = 0.0f;
  float blend = 0.0f;
};

struct PalpableLine {
  std::array<vec3, 5> points;
  size_t count;
  float thickness;
  float blend;  // of the skin's union there (kSkinBlend elsewhere)
  float reach = 0.034f;
};

// Built once: the skin's field asks palpable() at every point it samples, twice.
const std::array<PalpableLine, 5>& palpable_lines() {
  const LegFrame& f = leg_frame();
  static const std::array<PalpableLine, 5> lines{{
      // The front of the patella (adult 5-8 mm).
      {{f.at_knee(-0.003f, 0.048f, 0.050f), f.at_knee(-0.003f, 0.026f, 0.050f)}, 2, 0.0055f, 0.018f},
      // The tibial tuberosity, below the patellar tendon's insertion (3-5 mm).
      {{f.at_knee(-0.003f, -0.040f, 0.027f), f.at_knee(-0.003f, -0.052f, 0.024f)}, 2, 0.0020f, 0.010f},
      // The subcutaneous anteromedial face of the tibia, from below the pes anserinus to above the
      // medial malleolus (3-6 mm).
      {{f.at_knee(0.016f, -0.150f, 0.013f), f.at_knee(0.015f, -0.250f, 0.012f),
        f.at_ankle(0.015f, 0.100f, 0.010f)},
       3,
       0.0040f,
       0.016f},
      // The medial malleolus (2-5 mm), reaching no further than the tibial nerve behind it. The
      // lateral malleolus lies under 4 mm without help.
      {{f.at_ankle(0.029f, -0.002f, 0.004f), f.at_ankle(0.028f, -0.012f, 0.004f)},
       2,
       0.0032f,
       0.010f,
       0.020f},
      // The fibular head (3-8 mm).
      {{f.at_knee(-0.053f, -0.040f, -0.017f), f.at_knee(-0.052f, -0.046f, -0.017f)},
       2,
       0.0050f,
       0.012f,
       0.024f},
  }};
  return lines;
}

Palpable palpable(const vec3& p) {
  Palpable result;
  for (const PalpableLine& line : palpable_lines()) {
    float nearest = 1e9f;
    for (size_t i = 0; i + 1 < line.count; ++i) {
      nearest = std::min(nearest, distance_to_segment(p, line.points[i], line.points[i + 1]));
    }
    const float weight = 1.0f - smooth_step(0.006f, line.reach, nearest);
    if (weight > result.weight) result = {weight, line.thickness, line.blend};
  }
  return result;
}

// The skin's blend of everything inside it: 24 mm, which rounds the leg's contours, but 10-18 mm over
// the palpable bone, where it would fill the hollows beside a landmark and bury it.
float skin_blend(const vec3& p) {
  const Palpable bone = palpable(p);
  return kSkinBlend + (bone.blend - kSkinBlend) * bone.weight;
}

// Subcutaneous thickness by height: ~1.1 cm over the hip and thigh, thin over the knee and the
// ankle, medium on the calf; 3-5 mm over the palpable bone.
float subcutaneous_thickness(const vec3& p) {
  const float t = subcutaneous_by_height(p);
  const Palpable bone = palpable(p);
  return t + (bone.thickness - t) * bone.weight;
}

std::vector<SdfPtr> unnamed_soft_tissue(const LegFrame& f) {
  std::vector<SdfPtr> parts;
  // Buttock (gluteus maximus, whose structure is cut from this volume, gluteal.cpp) and gluteus
  // medius on the outer ilium.
  for (SdfPtr& part : gluteus_maximus_parts()) parts.push_back(std::move(part));
  // Pes anserinus: the tendons of sartorius, gracilis and semitendinosus round the medial knee.
  parts.push_back(make_sweep({{f.at_knee(0.050f, 0.020f, -0.020f), 0.008f, 0.008f},
                              {f.at_knee(0.046f, -0.020f, -0.012f), 0.008f, 0.008f},
                              {f.at_knee(0.036f, -0.060f, 0.004f), 0.008f, 0.007f},
                              {f.at_knee(0.026f, -0.090f, 0.012f), 0.007f, 0.006f}},
                             kForward));
  // Gluteus medius on the outer ilium, reaching back under the crest to gluteus maximus (a
  // pocket between crest and buttock pleated the skin there).
  parts.push_back(gluteus_medius_shape());
  // The lower abdominal wall and iliacus filling the pelvic bowl inside the iliac wing, down to
  // the inguinal ligament: without them the section at the cut was a ring of skin round the
  // crest open at the front, a notch with folds between the ASIS and the groin. It reaches down
  // over the superior pubic ramus, which otherwise creased the skin along the inguinal line.
  parts.push_back(make_ellipsoid({0.025f, 0.085f, 0.020f}, {0.085f, 0.105f, 0.066f}));
  // Iliopsoas and pectineus in the groin, in front of the hip joint, covering the acetabular rim
  // and the superior pubic ramus (close under the skin they rippled it).
  parts.push_back(make_ellipsoid({0.015f, 0.030f, 0.045f}, {0.030f, 0.050f, 0.025f}));
  // Popliteal fat, the infrapatellar fat pad beside the patellar tendon.
  parts.push_back(make_ellipsoid(f.at_knee(0.0f, 0.020f, -0.038f), {0.022f, 0.050f, 0.014f}));
  parts.push_back(make_sphere(f.at_knee(0.017f, -0.004f, 0.028f), 0.010f));
  parts.push_back(make_sphere(f.at_knee(-0.019f, -0.004f, 0.026f), 0.010f));
  // Peroneal muscles along the fibula, extensor digitorum longus beside tibialis anterior, the
  // deep posterior compartment behind the tibia.
  parts.push_back(make_sweep({{f.at_knee(-0.042f, -0.060f, -0.008f), 0.011f, 0.012f},
                              {f.at_knee(-0.044f, -0.160f, -0.008f), 0.012f, 0.014f},
                              {f.at_ankle(-0.037f, 0.100f, -0.012f), 0.008f, 0.009f},
                              {f.at_ankle(-0.034f, 0.020f, -0.024f), 0.004f, 0.004f}},
                             kForward));
  parts.push_back(make_sweep({{f.at_knee(-0.032f, -0.070f, 0.006f), 0.008f, 0.008f},
                              {f.at_knee(-0.030f, -0.200f, 0.010f), 0.009f, 0.009f},
                              {f.at_ankle(-0.014f, 0.050f, 0.022f), 0.005f, 0.004f},
                              {f.at_floor(-0.010f, 0.045f, 0.070f), 0.012f, 0.004f}},
                             kForward));
  parts.push_back(make_sweep({{f.at_knee(0.008f, -0.090f, -0.022f), 0.012f, 0.010f},
                              {f.at_knee(0.008f, -0.220f, -0.022f), 0.013f, 0.010f},
                              {f.at_ankle(0.014f, 0.060f, -0.018f), 0.007f, 0.006f},
                              {f.at_ankle(0.022f, 0.000f, -0.014f), 0.004f, 0.004f}},
                             kForward));
  // Heel pad, sole and the ball of the foot; the medial arch stays higher than the outer edge.
  parts.push_back(make_ellipsoid(f.at_floor(-0.002f, 0.018f, -0.038f), {0.022f, 0.018f, 0.026f}));
  parts.push_back(make_sweep({{f.at_floor(-0.004f, 0.014f, -0.020f), 0.020f, 0.010f},
                              {f.at_floor(-0.014f, 0.012f, 0.060f), 0.022f, 0.009f},
                              {f.at_floor(-0.006f, 0.010f, 0.130f), 0.040f, 0.009f},
                              {f.at_floor(-0.004f, 0.009f, 0.142f), 0.038f, 0.008f}},
                             kUp));
  return parts;
}

}  // namespace

StructureSpec build_skin(const std::vector<StructureSpec>& inside) {
  const LegFrame& f = leg_frame();
  std::vector<SdfPtr> parts;
  for (const StructureSpec& spec : inside) {
    if (spec.in_skin_union) parts.push_back(spec.skin_volume ? spec.skin_volume : spec.field);
  }
  for (SdfPtr& part : unnamed_soft_tissue(f)) parts.push_back(std::move(part));
  SdfPtr body = offset_varying(smooth_union_varying(std::move(parts), &skin_blend, kSkinBlend),
                               &subcutaneous_thickness, 0.0150f);
  // Cut just above the iliac crest, the body's midline and the floor. The top cut's rim is
  // rounded over about 2 cm, so the model ends in a deliberate cap rather than a sharp edge.
  body = smooth_intersect(body, make_half_space({0.0f, kTopCut, 0.0f}, {0, 1, 0}), kTopCutBlend);
  body = smooth_intersect(body, make_half_space({0.092f, 0.0f, 0.0f}, {1, 0, 0}), 0.006f);
  const vec3 floor_point(0.0f, f.floor_y - 0.003f, 0.0f);
  body = smooth_intersect(body, make_half_space(floor_point, {0, -1, 0}), 0.004f);

  StructureSpec skin;
  skin.id = "skin";
  skin.group = Group::Skin;
  skin.colour = palette::kSkin;
  skin.binding = Binding::KneeBand;
  skin.field = body;
  skin.meshing.spacing = 0.0030f;
  skin.meshing.target_triangles = 70000;
  skin.meshing.max_simplify_error = 0.0003f;
  skin.meshing.repair_folds = true;
  skin.meshing.smooth_steps = 30;
  skin.meshing.smooth_limit = 0.0015f;
  // Half a millimetre: splits the long slivers on the sides and front of the knee down to about
  // 5 mm where the band's weights change fastest (about 4k more triangles).
  skin.skinning_tolerance = 0.0005f;
  return skin;
}

}  // namespace leggen
