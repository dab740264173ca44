// The vessels and nerves of the two caution zones and the superficial veins: what makes the
// femoral triangle and the popliteal fossa places where a therapist does not press, and the veins
// whose varicosity is a reason not to massage.
//
// Courses follow the standard descriptions of the adult lower limb (Gray's Anatomy, 42nd edition,
// chapters on the hip and thigh, the knee and the leg; Moore's Clinically Oriented Anatomy,
// 8th edition, chapter 7), with the calibres of adult duplex ultrasound (docs/leg-model.md):
// - femoral artery: enters the thigh behind the inguinal ligament at the mid-inguinal point (midway
//   between the ASIS and the pubic symphysis), runs down the femoral triangle to its apex, through
//   the adductor canal under sartorius, and passes through the adductor hiatus behind the femur,
//   about 12 cm above the knee, where it becomes the popliteal artery;
// - popliteal artery: the deepest structure of the fossa, on the popliteal surface of the femur
//   and the back of the capsule, down to the lower border of popliteus, where it divides;
// - femoral and popliteal vein: medial to the artery at the ligament, behind it at the apex,
//   behind and lateral in the canal, and behind (superficial to) the artery in the fossa;
// - femoral nerve: lateral to the artery at the ligament, outside the vessels' sheath, dividing
//   within a few centimetres into muscular branches and the saphenous nerve, which follows the
//   artery down the canal and comes out at the medial side of the knee;
// - tibial and common fibular nerves: from the division of the sciatic nerve at the top of the
//   fossa; the tibial nerve straight down the middle, the most superficial of the three, then deep
//   in the calf to behind the medial malleolus; the common fibular nerve along the medial edge of
//   biceps femoris, behind the fibular head and round the fibular neck, where it lies on bone just
//   under the skin;
// - great saphenous vein: in front of the medial malleolus, up the medial leg, a hand's breadth
//   behind the patella at the knee, up the medial thigh to the saphenous opening about 3-4 cm
//   below and lateral to the pubic tubercle, where it joins the femoral vein;
// - small saphenous vein: behind the lateral malleolus, up the middle of the calf, into the
//   popliteal vein in the fossa.
// Each is a tube round a spline through keys placed on this leg's bones and under its skin.
#include <algorithm>
#include <cmath>

#include "leg_frame.h"
#include "shape_helpers.h"
#include "structures.h"
#include "tubes.h"

namespace leggen {

namespace {

constexpr int kSamplesPerSpan = 10;
constexpr int kVesselSides = 14;
constexpr int kNerveSides = 10;

// A course: keys along the centre line and the radius at each key (metres), interpolated between.
// A superficial course also gives its depth under the skin at each key: then every point of the
// centre line (not only the keys) is laid at that depth, so it follows the skin's curvature; a
// depth of 0 leaves the key where it is, and the line turns from the skin's depth to it.
struct Course {
  std::vector<vec3> keys;
  std::vector<float> radius;
  std::vector<float> depth = {};
};

// A value given at each key, at sample i of the centre line.
float at_sample(const std::vector<float>& per_key, size_t i) {
  const size_t span = std::min(i / kSamplesPerSpan, per_key.size() - 2);
  const float t = static_cast<float>(i - span * kSamplesPerSpan) / static_cast<float>(kSamplesPerSpan);
  return glm::mix(per_key[span], per_key[span + 1], std::min(t, 1.0f));
}

// Where a course is laid: under this skin, clear of these bones.
struct Bed {
  const Sdf& skin;
  std::vector<const Sdf*> bones;
};

// Keeps a tube of radius r at p off every bone by at least kBoneClearance: where skin and bone
// are close (the malleoli, the fibular neck) the centre line is pushed out along the bone's
// gradient.
constexpr float kBoneClearance = 0.0008f;

vec3 clear_of_bones(vec3 p, float r, const std::vector<const Sdf*>& bones) {
  for (int round = 0; round < 3; ++round) {
    for (const Sdf* bone : bones) {
      const float d = bone->distance(p);
      if (d < r + kBoneClearance) p += glm::normalize(gradient(*bone, p, 1e-4f)) * (r + kBoneClearance - d);
    }
  }
  return p;
}

void append_course(const Course& course, const Bed& bed, int sides, TriangleMesh& mesh) {
  const Sdf& skin = bed.skin;
  std::vector<vec3> line = sample_spline(course.keys, kSamplesPerSpan);
  std::vector<float> radius(line.size());
  for (size_t i = 0; i < line.size(); ++i) {
    radius[i] = at_sample(course.radius, i);
    if (course.depth.empty()) {
      line[i] = clear_of_bones(line[i], radius[i], bed.bones);
      continue;
    }
    // A depth of 0 at a key leaves that key where it is (where a vein dives to a deep one).
    std::vector<float> laid(course.depth.size());
    for (size_t k = 0; k < laid.size(); ++k) laid[k] = course.depth[k] > 0.0f ? 1.0f : 0.0f;
    const float share = at_sample(laid, i);
    if (share > 0.0f) {
      const float depth = std::max(at_sample(course.depth, i), 0.004f);
      line[i] = glm::mix(line[i], project_onto(skin, line[i], -depth), share);
    }
    line[i] = clear_of_bones(line[i], radius[i], bed.bones);
  }
  // The ends narrow over their last two rings, so each end closes in a rounded point.
  radius.front() *= 0.6f;
  radius.back() *= 0.6f;
  radius[1] *= 0.9f;
  radius[radius.size() - 2] *= 0.9f;
  append_tube(line, radius, sides, 0.8f * std::max(radius.front(), radius.back()), mesh);
}

StructureSpec tubes(const std::string& id, const vec3& colour, const std::vector<Course>& courses,
                    const Bed& bed, int sides) {
  StructureSpec spec;
  spec.id = id;
  spec.group = Group::VesselsNerves;
  spec.colour = colour;
  spec.binding = Binding::KneeBand;
  spec.in_skin_union = false;
  TriangleMesh mesh;
  for (const Course& course : courses) append_course(course, bed, sides, mesh);
  spec.explicit_mesh = std::move(mesh);
  return spec;
}

// Each key of `keys` moved by the offset of the same index.
std::vector<vec3> beside(const std::vector<vec3>& keys, const std::vector<vec3>& offsets) {
  std::vector<vec3> out;
  for (size_t i = 0; i < keys.size(); ++i) out.push_back(keys[i] + offsets[i]);
  return out;
}

}  // namespace

std::vector<StructureSpec> build_vessels_and_nerves(const std::vector<StructureSpec>& inside,
                                                    const StructureSpec& skin) {
  const LegFrame& f = leg_frame();
  const Sdf& skin_field = *skin.field;
  const Sdf& fibula = *find_structure(inside, "fibula").field;
  auto under_skin = [&](const vec3& p, float depth) { return project_onto(skin_field, p, -depth); };
  auto on_fibula = [&](const vec3& p, float gap) { return project_onto(fibula, p, gap); };
  Bed bed{skin_field, {}};
  for (const char* id : {"hip-bone", "femur", "patella", "tibia", "fibula", "foot"}) {
    bed.bones.push_back(find_structure(inside, id).field.get());
  }

  // Femoral artery: behind the abdominal wall, under the inguinal ligament at the mid-inguinal
  // point (in front of the hip joint, clear of the superior pubic ramus), down the femoral
  // triangle to its apex, through the adductor canal to the hiatus behind the femur.
  const std::vector<vec3> femoral_artery{{0.030f, 0.050f, 0.046f},  {0.029f, 0.016f, 0.058f},
                                         {0.026f, -0.025f, 0.053f}, {0.022f, -0.055f, 0.050f},
                                         {0.024f, -0.095f, 0.052f}, {0.012f, -0.170f, 0.016f},
                                         {0.012f, -0.250f, 0.000f}, f.at_knee(0.010f, 0.124f, -0.017f)};
  // Popliteal artery: from the hiatus down the popliteal surface of the femur, on the capsule
  // between the condyles, to the lower border of popliteus.
  const std::vector<vec3> popliteal_artery{
      femoral_artery.back(), f.at_knee(0.004f, 0.060f, -0.024f), f.at_knee(0.000f, 0.010f, -0.031f),
      f.at_knee(-0.002f, -0.030f, -0.040f), f.at_knee(-0.004f, -0.064f, -0.030f)};
  // The veins beside them: medial at the ligament and over the pubic ramus, behind at the apex,
  // behind and lateral in the canal, behind (superficial) in the fossa.
  const std::vector<vec3> femoral_vein = beside(femoral_artery, {{0.011f, 0.000f, -0.002f},
                                                                 {0.012f, 0.000f, 0.000f},
                                                                 {0.0115f, 0.000f, -0.005f},
                                                                 {0.009f, 0.000f, -0.008f},
                                                                 {0.005f, 0.000f, -0.010f},
                                                                 {-0.004f, 0.000f, -0.010f},
                                                                 {-0.005f, 0.000f, -0.008f},
                                                                 {-0.005f, 0.000f, -0.008f}});
  const std::vector<vec3> popliteal_vein = beside(popliteal_artery, {{-0.005f, 0.000f, -0.008f},
                                                                     {-0.004f, 0.000f, -0.0085f},
                                                                     {-0.003f, 0.000f, -0.0085f},
                                                                     {-0.002f, 0.000f, -0.0085f},
                                                                     {-0.002f, 0.000f, -0.008f}});

  // Femoral nerve: lateral to the artery, a short trunk that fans into muscular branches for
  // the quadriceps and the saphenous nerve, which runs down the canal beside the artery and
  // comes out between sartorius and gracilis at the medial knee, then runs down beside the great
  // saphenous vein.
  const vec3 nerve_split = femoral_artery[1] + vec3(-0.014f, -0.034f, -0.002f);
  const Course femoral_nerve_trunk{{femoral_artery[0] + vec3(-0.014f, 0.004f, -0.004f),
                                    femoral_artery[1] + vec3(-0.013f, 0.0f, -0.004f), nerve_split},
                                   {0.0030f, 0.0030f, 0.0026f}};
  const Course to_rectus{{nerve_split, under_skin({-0.018f, -0.070f, 0.090f}, 0.026f),
                          under_skin({-0.034f, -0.110f, 0.090f}, 0.028f)},
                         {0.0013f, 0.0012f, 0.0010f}};
  const Course to_vastus_medialis{{nerve_split, under_skin({0.004f, -0.080f, 0.090f}, 0.030f),
                                   under_skin({0.002f, -0.130f, 0.090f}, 0.032f)},
                                  {0.0013f, 0.0012f, 0.0010f}};
  const Course to_vastus_lateralis{{nerve_split, under_skin({-0.036f, -0.050f, 0.080f}, 0.030f),
                                    under_skin({-0.060f, -0.090f, 0.060f}, 0.030f)},
                                   {0.0013f, 0.0012f, 0.0010f}};
  const Course saphenous_nerve{
      {nerve_split, femoral_artery[4] + vec3(-0.009f, 0.0f, 0.004f),
       femoral_artery[5] + vec3(-0.008f, 0.0f, 0.006f), femoral_artery[6] + vec3(-0.007f, 0.0f, 0.007f),
       f.at_knee(0.038f, 0.080f, -0.006f), under_skin(f.at_knee(0.062f, 0.000f, -0.004f), 0.0045f),
       under_skin(f.at_knee(0.052f, -0.110f, 0.012f), 0.004f)},
      {0.0014f, 0.0013f, 0.0013f, 0.0013f, 0.0012f, 0.0011f, 0.0009f}};

  // The sciatic nerve divides at the top of the fossa. The tibial nerve runs down its middle,
  // the most superficial of the three, lateral to the vessels above the joint line and medial to
  // them below it, then deep under the calf muscles to behind the medial malleolus.
  const vec3 sciatic_split = f.at_knee(-0.008f, 0.092f, -0.036f);
  const Course tibial_nerve{
      {sciatic_split, f.at_knee(-0.010f, 0.050f, -0.042f), f.at_knee(-0.006f, 0.010f, -0.048f),
       f.at_knee(0.006f, -0.030f, -0.052f), f.at_knee(0.008f, -0.070f, -0.046f),
       f.at_knee(0.008f, -0.160f, -0.034f), f.at_ankle(0.012f, 0.120f, -0.030f),
       f.at_ankle(0.020f, 0.040f, -0.026f), f.at_ankle(0.022f, -0.002f, -0.020f),
       f.at_ankle(0.020f, -0.030f, 0.000f)},
      {0.0029f, 0.0028f, 0.0027f, 0.0026f, 0.0025f, 0.0023f, 0.0022f, 0.0020f, 0.0018f, 0.0016f}};
  const Course common_fibular_nerve{
      {sciatic_split, f.at_knee(-0.020f, 0.060f, -0.044f), f.at_knee(-0.034f, 0.020f, -0.042f),
       f.at_knee(-0.046f, -0.015f, -0.040f), on_fibula(f.at_knee(-0.050f, -0.040f, -0.040f), 0.0045f),
       on_fibula(f.at_knee(-0.060f, -0.060f, -0.026f), 0.0040f),
       on_fibula(f.at_knee(-0.060f, -0.072f, -0.006f), 0.0040f), f.at_knee(-0.046f, -0.086f, 0.006f)},
      {0.0024f, 0.0023f, 0.0022f, 0.0021f, 0.0020f, 0.0020f, 0.0019f, 0.0017f}};

  // Great saphenous vein, in the subcutaneous fat: in front of the medial malleolus, up the
  // medial leg, behind the medial condyle, up the medial thigh, through the saphenous opening
  // into the femoral vein (its last key lies inside the vein's wall).
  // It lies 2.5 mm deeper than the lymph vessels that run with it and between two of them (see
  // lymphatics.cpp; its keys are theirs moved half their spacing forwards), and passes the
  // vertical chain of inguinal nodes on their lateral side.
  const vec3 into_femoral_vein = femoral_vein[3] + vec3(0.003f, 0.004f, 0.002f);
  const Course great_saphenous{{f.at_floor(0.030f, 0.045f, 0.070f),
                                f.at_ankle(0.032f, 0.004f, 0.040f),
                                f.at_ankle(0.040f, 0.100f, 0.013f),
                                f.at_knee(0.046f, -0.200f, 0.003f),
                                f.at_knee(0.052f, -0.080f, -0.007f),
                                f.at_knee(0.058f, 0.000f, -0.0164f),
                                f.at_knee(0.064f, 0.100f, -0.007f),
                                {0.068f, -0.220f, 0.001f},
                                {0.060f, -0.150f, 0.020f},
                                {0.040f, -0.120f, 0.048f},
                                {0.035f, -0.085f, 0.053f},
                                into_femoral_vein},
                               {0.0013f, 0.0013f, 0.0014f, 0.0018f, 0.0020f, 0.0021f, 0.0022f, 0.0023f,
                                0.0024f, 0.0025f, 0.0025f, 0.0025f},
                               {0.0045f, 0.0050f, 0.0052f, 0.0052f, 0.0055f, 0.0055f, 0.0070f, 0.0080f,
                                0.0080f, 0.0080f, 0.0090f, 0.0f}};
  // Small saphenous vein: behind the lateral malleolus, up the middle of the calf, through the
  // deep fascia between the gastrocnemius heads into the popliteal vein. Beside the lymph vessels
  // of the calf, on their lateral side.
  const Course small_saphenous{
      {f.at_ankle(-0.030f, -0.012f, -0.038f), f.at_ankle(-0.032f, 0.080f, -0.044f),
       f.at_knee(-0.016f, -0.200f, -0.072f), f.at_knee(-0.008f, -0.100f, -0.082f),
       f.at_knee(-0.008f, -0.050f, -0.064f), popliteal_vein[3] + vec3(-0.002f, 0.002f, -0.003f)},
      {0.0012f, 0.0012f, 0.0015f, 0.0016f, 0.0017f, 0.0017f},
      {0.0034f, 0.0030f, 0.0038f, 0.0040f, 0.0080f, 0.0f}};

  const vec3 artery{0.78f, 0.16f, 0.14f};
  const vec3 vein{0.20f, 0.33f, 0.72f};
  const vec3 nerve{0.93f, 0.80f, 0.28f};
  std::vector<StructureSpec> result;
  result.push_back(
      tubes("femoral-artery", artery,
            {{femoral_artery, {0.0046f, 0.0045f, 0.0043f, 0.0041f, 0.0039f, 0.0037f, 0.0035f, 0.0034f}}}, bed,
            kVesselSides));
  result.push_back(
      tubes("femoral-vein", vein,
            {{femoral_vein, {0.0052f, 0.0050f, 0.0048f, 0.0047f, 0.0046f, 0.0044f, 0.0043f, 0.0042f}}}, bed,
            kVesselSides));
  result.push_back(
      tubes("femoral-nerve", nerve,
            {femoral_nerve_trunk, to_rectus, to_vastus_medialis, to_vastus_lateralis, saphenous_nerve}, bed,
            kNerveSides));
  result.push_back(tubes("popliteal-artery", artery,
                         {{popliteal_artery, {0.0034f, 0.0033f, 0.0032f, 0.0031f, 0.0030f}}}, bed,
                         kVesselSides));
  result.push_back(tubes("popliteal-vein", vein,
                         {{popliteal_vein, {0.0042f, 0.0041f, 0.0040f, 0.0040f, 0.0038f}}}, bed,
                         kVesselSides));
  result.push_back(tubes("tibial-nerve", nerve, {tibial_nerve}, bed, kNerveSides));
  result.push_back(tubes("common-fibular-nerve", nerve, {common_fibular_nerve}, bed, kNerveSides));
  result.push_back(tubes("great-saphenous-vein", vein, {great_saphenous}, bed, kVesselSides));
  result.push_back(tubes("small-saphenous-vein", vein, {small_saphenous}, bed, kVesselSides));
  return result;
}

}  // namespace leggen
