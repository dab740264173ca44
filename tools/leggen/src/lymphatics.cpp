// Lymphatics: superficial inguinal nodes below the inguinal ligament and along the end of the
// great saphenous vein, popliteal nodes in the fossa, and superficial vessels as thin tubes laid
// a few millimetres under the skin, draining toward those nodes.
#include <algorithm>
#include <cmath>
#include <utility>

#include "leg_frame.h"
#include "shape_helpers.h"
#include "structures.h"
#include "tubes.h"

namespace leggen {

namespace {

constexpr float kVesselRadius = 0.0012f;
constexpr float kVesselDepth = 0.0035f;  // below the skin surface
constexpr float kNodeDepth = 0.009f;
constexpr int kRingSides = 8;

struct VesselPath {
  std::vector<vec3> keys;  // from the periphery to the node it drains into
  float deep_tail_start;   // fraction of the path after which it dives to the node
};

}  // namespace

std::vector<StructureSpec> build_lymphatics(const StructureSpec& skin) {
  const LegFrame& f = leg_frame();
  const Sdf& skin_field = *skin.field;
  auto under_skin = [&](const vec3& p, float depth) { return project_onto(skin_field, p, -depth); };

  // Inguinal nodes: a horizontal chain below the inguinal ligament (ASIS to pubic tubercle) and
  // a vertical chain along the end of the great saphenous vein.
  const vec3 asis(-0.030f, 0.090f, 0.058f), pubic_tubercle(0.064f, -0.018f, 0.048f);
  const vec3 ligament = glm::normalize(pubic_tubercle - asis);
  std::vector<vec3> horizontal_nodes, vertical_nodes;
  for (float t : {0.42f, 0.58f, 0.74f}) {
    horizontal_nodes.push_back(
        under_skin(glm::mix(asis, pubic_tubercle, t) + vec3(0.0f, -0.020f, 0.02f), kNodeDepth));
  }
  // (Medial to the femoral vein and the end of the great saphenous vein, which passes them on
  // their lateral side: see vessels_nerves.cpp.)
  for (const auto& [x, y] :
       {std::pair{0.050f, -0.050f}, std::pair{0.055f, -0.074f}, std::pair{0.061f, -0.098f}}) {
    vertical_nodes.push_back(under_skin({x, y, 0.070f}, kNodeDepth));
  }
  std::vector<SdfPtr> inguinal;
  inguinal.reserve(horizontal_nodes.size() + vertical_nodes.size());
  for (const vec3& c : horizontal_nodes) {
    inguinal.push_back(make_ellipsoid(c, {0.0070f, 0.0042f, 0.0040f}, ligament, {0, 0, 1}));
  }
  for (const vec3& c : vertical_nodes) {
    inguinal.push_back(make_ellipsoid(c, {0.0042f, 0.0065f, 0.0040f}));
  }

  // Popliteal nodes: round the popliteal vessels (tools/leggen/src/vessels_nerves.cpp), medial
  // and lateral to them, and one near the end of the small saphenous vein.
  const std::vector<vec3> popliteal_nodes{
      f.at_knee(0.016f, 0.040f, -0.034f), f.at_knee(-0.018f, 0.022f, -0.038f),
      f.at_knee(0.015f, 0.004f, -0.042f), f.at_knee(-0.013f, -0.008f, -0.050f)};
  std::vector<SdfPtr> popliteal;
  popliteal.reserve(popliteal_nodes.size());
  for (const vec3& c : popliteal_nodes) {
    popliteal.push_back(make_ellipsoid(c, {0.0040f, 0.0055f, 0.0038f}));
  }

  std::vector<StructureSpec> result;
  StructureSpec nodes;
  nodes.group = Group::Lymphatics;
  nodes.colour = palette::kLymph;
  nodes.meshing.spacing = 0.0007f;
  nodes.meshing.target_triangles = 3000;
  nodes.id = "inguinal-nodes";
  nodes.binding = Binding::Thigh;
  nodes.field = smooth_union(inguinal, 0.0f);
  result.push_back(nodes);
  nodes.id = "popliteal-nodes";
  nodes.binding = Binding::KneeBand;
  nodes.field = smooth_union(popliteal, 0.0f);
  nodes.meshing.target_triangles = 2000;
  result.push_back(nodes);

  // Vessels. Medial bundle with the great saphenous vein: dorsum of the foot, in front of the
  // medial malleolus, up the medial leg, behind the medial knee, up the medial thigh.
  std::vector<VesselPath> paths;
  for (float spread : {-0.014f, 0.0f, 0.014f}) {
    auto s = [spread](float weight) { return vec3(0.0f, 0.0f, spread * weight); };
    paths.push_back({{f.at_floor(0.022f, 0.050f, 0.090f) + s(0.6f),
                      f.at_ankle(0.032f, 0.004f, 0.024f) + s(0.5f),
                      f.at_ankle(0.040f, 0.100f, 0.006f) + s(1.0f),
                      f.at_knee(0.046f, -0.200f, -0.004f) + s(1.0f),
                      f.at_knee(0.052f, -0.080f, -0.014f) + s(1.0f),
                      f.at_knee(0.058f, 0.000f, -0.022f) + s(0.8f),
                      f.at_knee(0.064f, 0.100f, -0.014f) + s(1.0f),
                      {0.068f, -0.220f, -0.004f},
                      {0.062f, -0.150f, 0.016f},
                      {0.052f, -0.105f, 0.045f},
                      vertical_nodes[1]},
                     0.92f});
  }
  // Back of the calf with the small saphenous vein to the popliteal nodes.
  paths.push_back({{f.at_ankle(-0.036f, -0.004f, -0.030f), f.at_ankle(-0.024f, 0.080f, -0.048f),
                    f.at_knee(-0.008f, -0.200f, -0.072f), f.at_knee(0.000f, -0.100f, -0.082f),
                    f.at_knee(0.000f, -0.040f, -0.066f), popliteal_nodes[3]},
                   0.86f});
  paths.push_back({{f.at_ankle(0.020f, 0.120f, -0.046f), f.at_knee(0.014f, -0.180f, -0.074f),
                    f.at_knee(0.006f, -0.060f, -0.070f), popliteal_nodes[2]},
                   0.80f});
  // Front and side of the thigh, obliquely up and inwards to the inguinal nodes.
  paths.push_back({{f.at_knee(-0.060f, 0.040f, 0.030f),
                    {-0.062f, -0.280f, 0.050f},
                    {-0.040f, -0.160f, 0.076f},
                    {-0.006f, -0.060f, 0.086f},
                    horizontal_nodes[1]},
                   0.90f});
  paths.push_back({{{-0.086f, -0.300f, 0.000f},
                    {-0.086f, -0.180f, 0.020f},
                    {-0.070f, -0.080f, 0.056f},
                    {-0.030f, -0.005f, 0.078f},
                    horizontal_nodes[0]},
                   0.90f});
  paths.push_back({{f.at_knee(-0.020f, 0.080f, 0.066f),
                    {0.000f, -0.250f, 0.082f},
                    {0.020f, -0.150f, 0.082f},
                    {0.036f, -0.070f, 0.074f},
                    horizontal_nodes[2]},
                   0.90f});
  paths.push_back({{f.at_knee(0.032f, 0.090f, 0.060f),
                    {0.046f, -0.250f, 0.056f},
                    {0.052f, -0.150f, 0.052f},
                    vertical_nodes[2]},
                   0.88f});

  StructureSpec vessels;
  vessels.id = "lymph-vessels";
  vessels.group = Group::Lymphatics;
  vessels.colour = palette::kLymph;
  vessels.binding = Binding::KneeBand;
  TriangleMesh tubes;
  for (const VesselPath& path : paths) {
    const std::vector<vec3> samples = sample_spline(path.keys, 14);
    std::vector<vec3> line;
    for (size_t i = 0; i < samples.size(); ++i) {
      const float u = static_cast<float>(i) / static_cast<float>(samples.size() - 1);
      const float dive = std::clamp((u - path.deep_tail_start) / (1.0f - path.deep_tail_start), 0.0f, 1.0f);
      const vec3 superficial = under_skin(samples[i], kVesselDepth);
      line.push_back(glm::mix(superficial, samples[i], dive * dive * (3.0f - 2.0f * dive)));
    }
    std::vector<float> radius(line.size(), kVesselRadius);
    // Ends taper so the caps are smooth points rather than flat discs.
    radius.front() = radius.back() = kVesselRadius * 0.55f;
    append_tube(line, radius, kRingSides, kVesselRadius, tubes);
  }
  vessels.explicit_mesh = std::move(tubes);
  result.push_back(std::move(vessels));
  return result;
}

}  // namespace leggen
