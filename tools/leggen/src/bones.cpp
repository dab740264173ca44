// Bones: hip bone (right half of the pelvis), femur, patella, tibia, fibula and the foot skeleton,
// each a smooth union of swept tubes and ellipsoids placed around the joint centres; and the bony
// landmarks, found by pulling a guess onto the bone surface.
#include "leg_frame.h"
#include "shape_helpers.h"
#include "skinning.h"
#include "structures.h"

namespace leggen {

namespace {

constexpr vec3 kUp{0, 1, 0};
constexpr vec3 kForward{0, 0, 1};

StructureSpec bone(const std::string& id, Binding binding, SdfPtr field, float spacing, size_t triangles) {
  StructureSpec spec;
  spec.id = id;
  spec.group = Group::Bones;
  spec.colour = palette::kBone;
  spec.binding = binding;
  spec.field = std::move(field);
  spec.meshing.spacing = spacing;
  spec.meshing.target_triangles = triangles;
  return spec;
}

SdfPtr hip_bone_field() {
  std::vector<SdfPtr> parts;
  // Acetabulum: a thick cup around the femoral head, open laterally, forwards and downwards.
  const vec3 opening = glm::normalize(vec3(-0.75f, -0.45f, 0.45f));
  SdfPtr cup = smooth_subtract(make_sphere(vec3(0), 0.037f), make_sphere(vec3(0), 0.0265f), 0.003f);
  parts.push_back(smooth_intersect(cup, make_half_space(opening * 0.006f, opening), 0.004f));
  // Body of the ilium above the acetabulum, and the anterior inferior iliac spine.
  parts.push_back(make_ellipsoid({-0.008f, 0.040f, -0.008f}, {0.019f, 0.030f, 0.028f}));
  parts.push_back(make_sphere({-0.016f, 0.045f, 0.040f}, 0.008f));

  // Iliac crest from the ASIS round to the PSIS; the wing is a fan of thin plates from just
  // above the acetabulum to the crest, blended into one sheet.
  const std::vector<vec3> crest{{-0.030f, 0.090f, 0.058f},  {-0.050f, 0.118f, 0.036f},
                                {-0.060f, 0.134f, 0.008f},  {-0.056f, 0.141f, -0.022f},
                                {-0.036f, 0.138f, -0.050f}, {-0.006f, 0.125f, -0.070f},
                                {0.026f, 0.100f, -0.080f}};
  std::vector<SweepKey> crest_keys;
  crest_keys.reserve(std::size(crest));
  for (const vec3& p : crest) crest_keys.push_back({p, 0.0065f, 0.0075f});
  parts.push_back(make_sweep(crest_keys, kUp));
  parts.push_back(make_sphere(crest.front(), 0.0095f));  // ASIS
  parts.push_back(make_sphere(crest.back(), 0.010f));    // PSIS
  const vec3 root(-0.010f, 0.040f, -0.010f);
  for (size_t i = 0; i < crest.size(); ++i) {
    const vec3 along = crest[std::min(i + 1, crest.size() - 1)] - crest[i > 0 ? i - 1 : 0];
    const vec3 normal = glm::normalize(glm::cross(crest[i] - root, along));
    // The wing bulges outwards a little (the iliac fossa is concave on the inside).
    const vec3 middle = 0.5f * (root + crest[i]) - 0.006f * normal * (normal.x < 0 ? 1.0f : -1.0f);
    parts.push_back(make_sweep({{root, 0.014f, 0.008f, normal},
                                {middle, 0.021f, 0.0035f, normal},
                                {crest[i], 0.017f, 0.0035f, normal}},
                               normal));
  }
  // Sacroiliac part of the ilium, thick behind.
  parts.push_back(make_ellipsoid({0.016f, 0.088f, -0.068f}, {0.011f, 0.026f, 0.017f}));
  // Posterior column down to the ischial tuberosity.
  parts.push_back(make_sweep({{{0.004f, 0.012f, -0.028f}, 0.014f, 0.012f},
                              {{0.012f, -0.035f, -0.045f}, 0.012f, 0.010f},
                              {{0.020f, -0.060f, -0.054f}, 0.013f, 0.012f}},
                             kForward));
  parts.push_back(make_ellipsoid({0.022f, -0.064f, -0.054f}, {0.012f, 0.017f, 0.012f}));
  // Ischial and inferior pubic rami, superior pubic ramus and the pubic body: they ring the
  // obturator foramen.
  parts.push_back(make_sweep({{{0.024f, -0.072f, -0.040f}, 0.007f, 0.007f},
                              {{0.045f, -0.077f, -0.010f}, 0.0065f, 0.006f},
                              {{0.064f, -0.069f, 0.018f}, 0.0065f, 0.006f},
                              {{0.076f, -0.056f, 0.033f}, 0.008f, 0.007f}},
                             kForward));
  parts.push_back(make_sweep({{{0.016f, 0.000f, 0.026f}, 0.011f, 0.010f},
                              {{0.045f, -0.012f, 0.044f}, 0.008f, 0.008f},
                              {{0.064f, -0.018f, 0.048f}, 0.008f, 0.008f},
                              {{0.076f, -0.030f, 0.042f}, 0.009f, 0.008f}},
                             kUp));
  parts.push_back(make_ellipsoid({0.077f, -0.041f, 0.038f}, {0.0075f, 0.022f, 0.012f}));
  return smooth_union(std::move(parts), 0.010f);
}

SdfPtr femur_field(const LegFrame& f) {
  std::vector<SdfPtr> parts;
  parts.push_back(make_sphere(f.hip, 0.0235f));  // head
  parts.push_back(make_sweep({{{0.0f, 0.0f, 0.0f}, 0.014f, 0.016f},
                              {{-0.030f, -0.018f, -0.002f}, 0.0135f, 0.016f},
                              {{-0.047f, -0.032f, -0.004f}, 0.016f, 0.019f}},
                             kUp));  // neck, taller than deep
  parts.push_back(make_ellipsoid({-0.056f, -0.028f, -0.006f}, {0.014f, 0.024f, 0.019f}));
  parts.push_back(make_sphere({-0.020f, -0.068f, -0.014f}, 0.009f));  // lesser trochanter
  // Shaft: oblique from lateral (under the trochanter) to the knee, slightly bowed forwards,
  // flaring into the condyles.
  parts.push_back(make_sweep({{{-0.046f, -0.045f, -0.004f}, 0.019f, 0.019f},
                              {{-0.038f, -0.090f, 0.002f}, 0.015f, 0.016f},
                              {{-0.030f, -0.170f, 0.006f}, 0.0135f, 0.0145f},
                              {{-0.020f, -0.260f, 0.006f}, 0.0135f, 0.0145f},
                              {{-0.010f, -0.340f, 0.002f}, 0.016f, 0.016f},
                              {f.at_knee(-0.004f, 0.055f, 0.002f), 0.026f, 0.020f},
                              {f.at_knee(-0.001f, 0.030f, 0.001f), 0.036f, 0.023f}},
                             kForward));
  // Linea aspera, the ridge at the back of the shaft.
  parts.push_back(make_sweep({{{-0.034f, -0.110f, -0.008f}, 0.004f, 0.006f},
                              {{-0.024f, -0.250f, -0.010f}, 0.0045f, 0.006f},
                              {{-0.012f, -0.340f, -0.008f}, 0.004f, 0.005f}},
                             kForward));
  // Condyles (medial larger and lower), epicondyles and the trochlea in front. Behind and below,
  // each condyle is a circular arc about the knee's flexion axis (skinning.h), the surface the
  // tibia turns on; in front of the axis, the flatter distal part meets the trochlea.
  const vec3 axis = f.knee + kFlexionAxisFromKnee;
  const SdfPtr in_front = make_half_space(axis, {0.0f, 0.0f, -1.0f});
  struct Condyle {
    float x, radius;
    vec3 distal_centre, distal_radii;
  };
  const Condyle condyles[] = {
      {0.021f, kMedialCondyleRadius, f.at_knee(0.021f, 0.009f, -0.010f), {0.0155f, 0.021f, 0.027f}},
      {-0.021f, kLateralCondyleRadius, f.at_knee(-0.021f, 0.011f, -0.009f), {0.016f, 0.020f, 0.026f}}};
  for (const Condyle& c : condyles) {
    // The two pieces meet at the bottom, where a smooth union would swell the bearing surface:
    // they join with a blend too small to add to it.
    parts.push_back(
        smooth_union({make_ellipsoid(axis + vec3(c.x, 0.0f, 0.0f), {0.0155f, c.radius, c.radius}),
                      smooth_intersect(make_ellipsoid(c.distal_centre, c.distal_radii), in_front, 0.004f)},
                     0.0005f));
  }
  parts.push_back(make_sphere(f.at_knee(0.036f, 0.018f, -0.006f), 0.009f));
  parts.push_back(make_sphere(f.at_knee(-0.034f, 0.017f, -0.006f), 0.008f));
  parts.push_back(make_ellipsoid(f.at_knee(-0.001f, 0.030f, 0.008f), {0.024f, 0.022f, 0.014f}));
  return smooth_union(std::move(parts), 0.009f);
}

SdfPtr patella_field(const LegFrame& f) {
  // Rounded triangle: broad base above, apex below, thicker in the middle.
  return make_sweep({{f.at_knee(-0.002f, 0.056f, 0.037f), 0.018f, 0.009f},
                     {f.at_knee(-0.002f, 0.044f, 0.040f), 0.022f, 0.0115f},
                     {f.at_knee(-0.002f, 0.029f, 0.041f), 0.017f, 0.010f},
                     {f.at_knee(-0.001f, 0.017f, 0.039f), 0.006f, 0.006f}},
                    kForward);
}

SdfPtr tibia_field(const LegFrame& f) {
  std::vector<SdfPtr> parts;
  parts.push_back(make_ellipsoid(f.at_knee(0.002f, -0.033f, -0.006f), {0.040f, 0.021f, 0.027f}));
  parts.push_back(make_sweep({{f.at_knee(0.002f, -0.035f, -0.005f), 0.036f, 0.025f},
                              {f.at_knee(0.003f, -0.070f, 0.000f), 0.024f, 0.020f},
                              {f.at_knee(0.005f, -0.130f, 0.002f), 0.015f, 0.016f},
                              {f.at_knee(0.006f, -0.250f, 0.002f), 0.0125f, 0.0135f},
                              {f.at_ankle(0.006f, 0.100f, 0.001f), 0.012f, 0.013f},
                              {f.at_ankle(0.006f, 0.050f, 0.000f), 0.018f, 0.016f},
                              {f.at_ankle(0.006f, 0.030f, 0.000f), 0.021f, 0.018f}},
                             kForward));
  // Anterior border (the shin), the tuberosity, Gerdy's tubercle and the medial malleolus.
  parts.push_back(make_sweep({{f.at_knee(0.002f, -0.075f, 0.014f), 0.004f, 0.006f},
                              {f.at_knee(0.005f, -0.200f, 0.011f), 0.003f, 0.005f},
                              {f.at_ankle(0.006f, 0.120f, 0.009f), 0.003f, 0.004f}},
                             kForward));
  // The tuberosity 3 cm below the plateau, so the patellar tendon is as long as the patella
  // (Insall-Salvati ratio about 1; it was 1.37, patella alta, with the tuberosity 2 cm lower).
  parts.push_back(make_ellipsoid(f.at_knee(-0.003f, -0.042f, 0.019f), {0.011f, 0.017f, 0.008f}));
  parts.push_back(make_sphere(f.at_knee(-0.028f, -0.040f, 0.012f), 0.008f));
  parts.push_back(make_ellipsoid(f.at_ankle(0.020f, -0.002f, 0.004f), {0.009f, 0.020f, 0.013f}));
  return smooth_union(std::move(parts), 0.008f);
}

SdfPtr fibula_field(const LegFrame& f) {
  std::vector<SdfPtr> parts;
  parts.push_back(make_ellipsoid(f.at_knee(-0.042f, -0.042f, -0.017f), {0.011f, 0.013f, 0.012f}));
  parts.push_back(make_sweep({{f.at_knee(-0.042f, -0.045f, -0.017f), 0.010f, 0.010f},
                              {f.at_knee(-0.039f, -0.100f, -0.016f), 0.0065f, 0.007f},
                              {f.at_knee(-0.035f, -0.250f, -0.014f), 0.006f, 0.0065f},
                              {f.at_ankle(-0.031f, 0.070f, -0.012f), 0.0065f, 0.007f},
                              {f.at_ankle(-0.030f, 0.010f, -0.013f), 0.010f, 0.012f},
                              {f.at_ankle(-0.029f, -0.016f, -0.014f), 0.008f, 0.010f}},
                             kForward));
  return smooth_union(std::move(parts), 0.006f);
}

SdfPtr foot_field(const LegFrame& f) {
  std::vector<SdfPtr> tarsus;
  tarsus.push_back(make_ellipsoid(f.at_ankle(0.000f, -0.004f, 0.010f), {0.016f, 0.015f, 0.025f}));
  tarsus.push_back(make_ellipsoid(f.at_ankle(0.006f, -0.014f, 0.036f), {0.014f, 0.012f, 0.014f}));
  // Calcaneus: from under the talus down and back to the heel tuberosity.
  tarsus.push_back(make_sweep({{f.at_ankle(-0.004f, -0.028f, 0.028f), 0.014f, 0.011f},
                               {f.at_ankle(-0.004f, -0.034f, 0.004f), 0.016f, 0.016f},
                               {f.at_floor(-0.003f, 0.030f, -0.030f), 0.016f, 0.020f},
                               {f.at_floor(-0.002f, 0.030f, -0.045f), 0.015f, 0.019f}},
                              kUp));
  tarsus.push_back(make_ellipsoid(f.at_floor(-0.020f, 0.026f, 0.045f), {0.013f, 0.012f, 0.016f}));
  tarsus.push_back(make_ellipsoid(f.at_floor(0.014f, 0.045f, 0.048f), {0.014f, 0.011f, 0.009f}));
  tarsus.push_back(make_ellipsoid(f.at_floor(0.006f, 0.040f, 0.066f), {0.022f, 0.013f, 0.013f}));
  tarsus.push_back(make_sphere(f.at_floor(-0.030f, 0.020f, 0.064f), 0.008f));  // 5th MT tuberosity

  // Metatarsals and toes, medial (big toe) to lateral: base, shaft, head, then phalanges.
  struct Ray {
    vec3 base, shaft, head, toe_middle, toe_tip;
    float radius, toe_radius;
  };
  const std::vector<Ray> rays{
      {{0.020f, 0.038f, 0.080f},
       {0.022f, 0.028f, 0.112f},
       {0.025f, 0.016f, 0.145f},
       {0.028f, 0.013f, 0.176f},
       {0.029f, 0.012f, 0.191f},
       0.0095f,
       0.0075f},
      {{0.006f, 0.040f, 0.082f},
       {0.004f, 0.028f, 0.120f},
       {0.002f, 0.013f, 0.152f},
       {0.001f, 0.012f, 0.174f},
       {0.000f, 0.010f, 0.187f},
       0.0062f,
       0.0048f},
      {{-0.006f, 0.036f, 0.080f},
       {-0.009f, 0.025f, 0.115f},
       {-0.012f, 0.012f, 0.146f},
       {-0.015f, 0.011f, 0.166f},
       {-0.016f, 0.009f, 0.178f},
       0.0058f,
       0.0046f},
      {{-0.017f, 0.030f, 0.074f},
       {-0.021f, 0.021f, 0.108f},
       {-0.025f, 0.011f, 0.138f},
       {-0.028f, 0.010f, 0.156f},
       {-0.030f, 0.009f, 0.167f},
       0.0056f,
       0.0044f},
      {{-0.027f, 0.022f, 0.066f},
       {-0.033f, 0.016f, 0.098f},
       {-0.037f, 0.010f, 0.127f},
       {-0.040f, 0.009f, 0.142f},
       {-0.042f, 0.008f, 0.152f},
       0.0056f,
       0.0042f},
  };
  std::vector<SdfPtr> ray_parts;
  for (const Ray& ray : rays) {
    const float r = ray.radius;
    ray_parts.push_back(make_sweep({{f.at_floor(ray.base.x, ray.base.y, ray.base.z), r, r},
                                    {f.at_floor(ray.shaft.x, ray.shaft.y, ray.shaft.z), 0.7f * r, 0.75f * r},
                                    {f.at_floor(ray.head.x, ray.head.y, ray.head.z), r, r}},
                                   kUp));
    const float t = ray.toe_radius;
    ray_parts.push_back(
        make_sweep({{f.at_floor(ray.head.x, ray.head.y, ray.head.z + 0.004f), t, t},
                    {f.at_floor(ray.toe_middle.x, ray.toe_middle.y, ray.toe_middle.z), 0.85f * t, 0.8f * t},
                    {f.at_floor(ray.toe_tip.x, ray.toe_tip.y, ray.toe_tip.z), 0.9f * t, 0.75f * t}},
                   kUp));
  }
  SdfPtr midfoot = smooth_union(std::move(tarsus), 0.008f);
  // The rays blend into the tarsus with a small radius so the toes stay separate.
  ray_parts.insert(ray_parts.begin(), midfoot);
  return smooth_union(std::move(ray_parts), 0.004f);
}

}  // namespace

std::vector<StructureSpec> build_bones() {
  const LegFrame& f = leg_frame();
  std::vector<StructureSpec> bones;
  bones.push_back(bone("hip-bone", Binding::Pelvis, hip_bone_field(), 0.0015f, 16000));
  bones.push_back(bone("femur", Binding::Femur, femur_field(f), 0.0015f, 14000));
  bones.push_back(bone("patella", Binding::Patella, patella_field(f), 0.0008f, 2500));
  bones.push_back(bone("tibia", Binding::Shank, tibia_field(f), 0.0015f, 11000));
  bones.push_back(bone("fibula", Binding::Shank, fibula_field(f), 0.0011f, 5000));
  bones.push_back(bone("foot", Binding::Shank, foot_field(f), 0.0010f, 18000));
  return bones;
}

std::vector<Landmark> build_landmarks() {
  const LegFrame& f = leg_frame();
  const std::vector<StructureSpec> bones = build_bones();
  auto on_bone = [&](const std::string& bone_id, const vec3& guess) {
    return project_onto(*find_structure(bones, bone_id).field, guess, 0.0f);
  };
  return {
      {"hip-joint-centre", f.hip, Joint::Pelvis},
      {"knee-joint-centre", f.knee, Joint::Thigh},
      {"ankle-joint-centre", f.ankle, Joint::Shank},
      {"greater-trochanter", on_bone("femur", {-0.078f, -0.026f, -0.006f}), Joint::Thigh},
      {"lateral-epicondyle", on_bone("femur", f.at_knee(-0.048f, 0.017f, -0.006f)), Joint::Thigh},
      {"medial-epicondyle", on_bone("femur", f.at_knee(0.050f, 0.018f, -0.006f)), Joint::Thigh},
      {"gerdys-tubercle", on_bone("tibia", f.at_knee(-0.036f, -0.042f, 0.018f)), Joint::Shank},
      {"tibial-tuberosity", on_bone("tibia", f.at_knee(-0.003f, -0.042f, 0.032f)), Joint::Shank},
      {"fibular-head", on_bone("fibula", f.at_knee(-0.058f, -0.042f, -0.017f)), Joint::Shank},
      {"ischial-tuberosity", on_bone("hip-bone", {0.024f, -0.088f, -0.062f}), Joint::Pelvis},
      {"asis", on_bone("hip-bone", {-0.034f, 0.094f, 0.070f}), Joint::Pelvis},
  };
}

}  // namespace leggen
