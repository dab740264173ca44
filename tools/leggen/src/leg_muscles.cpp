// Muscles of the lower leg and the two tendons of the knee extensor apparatus.
#include <array>

#include "leg_frame.h"
#include "muscle_helpers.h"

namespace leggen {

namespace {

constexpr vec3 kForward{0, 0, 1};

}  // namespace

std::vector<StructureSpec> build_leg_muscles(const std::vector<StructureSpec>& bones) {
  const LegFrame& f = leg_frame();
  std::vector<StructureSpec> parts;

  // Gastrocnemius: two heads from the backs of the femoral condyles (the medial head larger and
  // reaching lower), a broad aponeurosis, then the Achilles tendon to the calcaneus.
  const std::vector<SweepKey> medial_head{
      {reference_point("med_gas_r-P1") + vec3(0.0f, 0.010f, -0.006f), 0.008f, 0.006f},
      {f.at_knee(0.024f, -0.030f, -0.048f), 0.019f, 0.016f},
      {f.at_knee(0.023f, -0.100f, -0.060f), 0.029f, 0.026f},
      {f.at_knee(0.016f, -0.170f, -0.060f), 0.023f, 0.018f},
      {f.at_knee(0.005f, -0.230f, -0.056f), 0.011f, 0.007f}};
  const std::vector<SweepKey> lateral_head{
      {reference_point("lat_gas_r-P1") + vec3(0.0f, 0.010f, -0.006f), 0.007f, 0.006f},
      {f.at_knee(-0.026f, -0.030f, -0.046f), 0.017f, 0.015f},
      {f.at_knee(-0.024f, -0.090f, -0.056f), 0.025f, 0.022f},
      {f.at_knee(-0.016f, -0.155f, -0.056f), 0.018f, 0.015f},
      {f.at_knee(-0.005f, -0.205f, -0.054f), 0.009f, 0.006f}};
  const vec3 calcaneus_insertion = f.at_floor(-0.002f, 0.036f, -0.061f);
  const std::vector<SweepKey> achilles{{f.at_knee(0.000f, -0.180f, -0.055f), 0.022f, 0.004f},
                                       {f.at_knee(0.000f, -0.260f, -0.052f), 0.014f, 0.004f},
                                       {f.at_ankle(-0.001f, 0.080f, -0.047f), 0.008f, 0.004f},
                                       {f.at_ankle(-0.002f, 0.030f, -0.047f), 0.0065f, 0.0045f},
                                       {f.at_ankle(-0.002f, -0.012f, -0.055f), 0.008f, 0.004f},
                                       {calcaneus_insertion, 0.008f, 0.004f}};
  std::vector<vec3> gastroc_line = centre_line(medial_head);
  gastroc_line.insert(gastroc_line.end(), {achilles[2].centre, achilles[4].centre, calcaneus_insertion});
  const SdfPtr gastrocnemius = smooth_union(
      {make_sweep(medial_head, kForward), make_sweep(lateral_head, kForward), make_sweep(achilles, kForward)},
      0.008f);

  // Soleus: broad and flat under gastrocnemius, from the back of the fibular head and the soleal
  // line of the tibia, joining the Achilles tendon in front of gastrocnemius's part.
  const std::vector<SweepKey> soleus{{f.at_knee(-0.030f, -0.050f, -0.030f), 0.012f, 0.010f},
                                     {f.at_knee(-0.010f, -0.100f, -0.036f), 0.034f, 0.016f},
                                     {f.at_knee(0.000f, -0.180f, -0.040f), 0.040f, 0.018f},
                                     {f.at_knee(0.000f, -0.260f, -0.042f), 0.034f, 0.014f},
                                     {f.at_ankle(-0.001f, 0.100f, -0.043f), 0.018f, 0.008f},
                                     {f.at_ankle(-0.002f, 0.050f, -0.043f), 0.008f, 0.004f},
                                     {f.at_ankle(-0.002f, 0.010f, -0.046f), 0.006f, 0.004f},
                                     {f.at_floor(-0.002f, 0.040f, -0.057f), 0.006f, 0.0035f}};

  // Tibialis anterior: lateral tibial condyle and shaft, belly beside the shin, tendon over the
  // front of the ankle to the medial cuneiform and first metatarsal.
  const vec3 anterolateral = glm::normalize(vec3(-0.6f, 0.0f, 1.0f));
  const std::vector<SweepKey> tibialis{{f.at_knee(-0.024f, -0.045f, 0.012f), 0.008f, 0.007f},
                                       {f.at_knee(-0.026f, -0.100f, 0.016f), 0.017f, 0.018f},
                                       {f.at_knee(-0.022f, -0.190f, 0.018f), 0.014f, 0.015f},
                                       {f.at_knee(-0.012f, -0.290f, 0.021f), 0.007f, 0.006f},
                                       {f.at_ankle(-0.004f, 0.070f, 0.023f), 0.0045f, 0.003f},
                                       {f.at_ankle(0.008f, 0.012f, 0.034f), 0.004f, 0.003f},
                                       {f.at_ankle(0.016f, -0.008f, 0.046f), 0.004f, 0.003f},
                                       {f.at_floor(0.026f, 0.046f, 0.064f), 0.0045f, 0.003f}};

  // The skin wraps these three packed like the thigh muscles (with the peroneal, long extensor
  // and deep calf muscles it adds itself, skin.cpp); the core leaves the subcutaneous
  // anteromedial surface of the tibia and the malleoli bare.
  const std::vector<SweepKey> shank_core{{f.at_knee(-0.002f, -0.060f, -0.030f), 0.038f, 0.034f},
                                         {f.at_knee(-0.004f, -0.120f, -0.030f), 0.042f, 0.040f},
                                         {f.at_knee(-0.004f, -0.220f, -0.028f), 0.036f, 0.034f},
                                         {f.at_knee(-0.004f, -0.300f, -0.030f), 0.027f, 0.027f},
                                         {f.at_ankle(-0.004f, 0.090f, -0.032f), 0.020f, 0.020f}};
  auto group = std::make_shared<PackedGroup>();
  group->core = make_sweep(shank_core, kForward);
  group->members = {gastrocnemius, make_sweep(soleus, kForward), make_sweep(tibialis, anterolateral)};
  group->envelope_blend = 0.018f;
  group->overlap = 0.0015f;
  group->edge_blend = 0.004f;
  group->reach = 0.030f;
  const SdfPtr shank_envelope = make_packed_envelope(group);

  // The muscles themselves are cut from the same room shared among all seven of the leg's
  // muscle masses: the lateral compartment's two fibulares along the fibula, extensor digitorum
  // longus (with extensor hallucis longus) beside tibialis anterior, and the deep posterior
  // compartment (tibialis posterior and the long toe flexors) between the bones and soleus. Their
  // tendons end behind the lateral malleolus and on the front of the ankle, where the skin's
  // volume for them ends.
  const std::vector<SweepKey> fibularis_longus{{f.at_knee(-0.050f, -0.046f, -0.016f), 0.008f, 0.008f},
                                               {f.at_knee(-0.052f, -0.090f, -0.012f), 0.010f, 0.013f},
                                               {f.at_knee(-0.050f, -0.170f, -0.012f), 0.009f, 0.013f},
                                               {f.at_knee(-0.046f, -0.250f, -0.016f), 0.005f, 0.007f},
                                               {f.at_ankle(-0.040f, 0.080f, -0.022f), 0.003f, 0.004f},
                                               {f.at_ankle(-0.036f, 0.020f, -0.026f), 0.003f, 0.0035f}};
  const std::vector<SweepKey> fibularis_brevis{{f.at_knee(-0.044f, -0.150f, -0.010f), 0.005f, 0.006f},
                                               {f.at_knee(-0.044f, -0.230f, -0.010f), 0.007f, 0.011f},
                                               {f.at_ankle(-0.040f, 0.110f, -0.016f), 0.006f, 0.009f},
                                               {f.at_ankle(-0.038f, 0.060f, -0.022f), 0.004f, 0.005f},
                                               {f.at_ankle(-0.033f, 0.020f, -0.024f), 0.003f, 0.004f}};
  const std::vector<SweepKey> extensors{{f.at_knee(-0.034f, -0.060f, 0.006f), 0.006f, 0.006f},
                                        {f.at_knee(-0.034f, -0.130f, 0.006f), 0.008f, 0.009f},
                                        {f.at_knee(-0.030f, -0.220f, 0.010f), 0.008f, 0.009f},
                                        {f.at_ankle(-0.020f, 0.080f, 0.018f), 0.006f, 0.005f},
                                        {f.at_ankle(-0.012f, 0.030f, 0.026f), 0.004f, 0.003f}};
  const std::vector<SweepKey> deep_posterior{{f.at_knee(0.000f, -0.080f, -0.022f), 0.010f, 0.008f},
                                             {f.at_knee(0.004f, -0.140f, -0.024f), 0.014f, 0.010f},
                                             {f.at_knee(0.008f, -0.240f, -0.022f), 0.013f, 0.010f},
                                             {f.at_ankle(0.012f, 0.080f, -0.020f), 0.008f, 0.007f},
                                             {f.at_ankle(0.020f, 0.020f, -0.016f), 0.004f, 0.004f}};
  auto cells = std::make_shared<PackedGroup>(*group);
  cells->members.push_back(make_sweep(fibularis_longus, kForward));
  cells->members.push_back(make_sweep(fibularis_brevis, kForward));
  cells->members.push_back(make_sweep(extensors, kForward));
  cells->members.push_back(make_sweep(deep_posterior, kForward));
  // Under the calf's 6 mm of fat, 2 mm more of fat and fascia.
  cells->inset = 0.002f;
  cells->overlap = 0.0f;
  // Borders moved so each has its MRI volume (order of `members`).
  cells->grow = {-0.006f, -0.004f, -0.001f, 0.004f, 0.0024f, 0.003f, 0.000f};
  // Where muscle turns to tendon: gastrocnemius's bellies end at mid-calf and its aponeurosis runs
  // on as the Achilles tendon over soleus, whose fibres join it lower down, a few centimetres
  // above the ankle. Gastrocnemius's bellies end in an inverted V: the aponeurosis rises between
  // the two heads to 22 cm below the knee centre, and each head's lower edge falls away to the
  // side, the medial head's further (by 1.5 and 0.9 times the distance from the midline).
  constexpr float kCutBlend = 0.003f;
  const float gastrocnemius_apex = f.knee.y - 0.220f;
  // The half-spaces on the muscle's side of each head's edge (side 1) or on the tendon's (-1).
  auto gastrocnemius_edge = [&](float rise_offset, float side) {
    const vec3 apex(0.0f, gastrocnemius_apex + rise_offset, 0.0f);
    return std::array<SdfPtr, 2>{make_half_space(apex, side * glm::normalize(vec3(-1.5f, -1.0f, 0.0f))),
                                 make_half_space(apex, side * glm::normalize(vec3(0.9f, -1.0f, 0.0f)))};
  };
  const auto muscle_side = gastrocnemius_edge(0.0f, 1.0f);
  const SdfPtr below_the_bellies =
      smooth_intersect(gastrocnemius_edge(0.004f, -1.0f)[0], gastrocnemius_edge(0.004f, -1.0f)[1], 0.006f);
  const float soleus_ends = f.ankle.y + 0.060f;
  // The Achilles tendon: a broad thin aponeurosis on soleus below the bellies, narrowing to a
  // cord about 13 mm wide and 7 mm thick some 4 cm above the calcaneus, then fanning out a little
  // to its insertion (adult figures: 12-15 mm by 5-7 mm at its narrowest). The muscles around it
  // give way to it, so nothing passes through it.
  // Over the calf it lies at the back of the muscles' room (5.5 mm inside the cells' envelope).
  const std::vector<SweepKey> achilles_keys{{f.at_knee(0.000f, -0.200f, -0.061f), 0.024f, 0.0025f},
                                            {f.at_knee(0.000f, -0.260f, -0.0585f), 0.017f, 0.003f},
                                            {f.at_ankle(-0.001f, 0.080f, -0.051f), 0.009f, 0.0035f},
                                            {f.at_ankle(-0.002f, 0.030f, -0.048f), 0.0065f, 0.0035f},
                                            {f.at_ankle(-0.002f, -0.012f, -0.055f), 0.009f, 0.0035f},
                                            {calcaneus_insertion, 0.011f, 0.003f}};
  const SdfPtr achilles_tendon =
      smooth_intersect(make_sweep(achilles_keys, kForward), below_the_bellies, kCutBlend);
  // The cells wrap round the tibia and the fibula and keep clear of the tendon and of all behind
  // it (its front face the same, 2 cm deeper backwards), so no film of muscle covers it.
  std::vector<SweepKey> behind_tendon = achilles_keys;
  for (SweepKey& key : behind_tendon) {
    key.centre.z -= 0.010f;
    key.depth += 0.010f;
  }
  cells->solid =
      smooth_union({find_structure(bones, "tibia").field, find_structure(bones, "fibula").field,
                    smooth_intersect(make_sweep(behind_tendon, kForward), below_the_bellies, kCutBlend)},
                   0.0f);
  const SdfPtr gastrocnemius_cell = make_packed_cell(cells, 0);
  const SdfPtr soleus_cell = make_packed_cell(cells, 1);
  parts.push_back(soft_tissue(
      "gastrocnemius", Group::Muscles, palette::muscle(11),
      smooth_intersect(gastrocnemius_cell, smooth_union({muscle_side[0], muscle_side[1]}, 0.006f), kCutBlend),
      gastroc_line, 0.0020f, 10000));
  parts.back().skin_volume = shank_envelope;
  // Below gastrocnemius's bellies soleus comes to the surface on both sides of the aponeurosis
  // (it takes gastrocnemius's room there); its fibres end above the ankle, and below them the
  // tendon runs free in front of the fat that fills the rest (Kager's fat pad).
  parts.push_back(soft_tissue(
      "soleus", Group::Muscles, palette::muscle(12),
      smooth_intersect(
          smooth_union({soleus_cell, smooth_intersect(gastrocnemius_cell, below_the_bellies, kCutBlend)},
                       0.0f),
          make_above(soleus_ends), kCutBlend),
      centre_line(soleus), 0.0020f, 7000));
  parts.back().in_skin_union = false;
  const std::vector<vec3> achilles_line{achilles_keys[1].centre, achilles_keys[2].centre,
                                        achilles_keys[4].centre, calcaneus_insertion};
  parts.push_back(soft_tissue("achilles-tendon", Group::Tendons, palette::kTendon, achilles_tendon,
                              achilles_line, 0.0012f, 3000));
  parts.back().in_skin_union = false;
  parts.push_back(soft_tissue("tibialis-anterior", Group::Muscles, palette::muscle(13),
                              make_packed_cell(cells, 2), centre_line(tibialis), 0.0018f, 6000));
  parts.back().own_shape = cells->members[2];
  parts.back().in_skin_union = false;
  const struct {
    const char* id;
    int shade;
    std::vector<vec3> line;
  } lower_leg[]{{"fibularis-longus", 14, centre_line(fibularis_longus)},
                {"fibularis-brevis", 15, centre_line(fibularis_brevis)},
                {"extensor-digitorum-longus", 16, centre_line(extensors)},
                {"deep-posterior-compartment", 17, centre_line(deep_posterior)}};
  for (size_t i = 0; i < std::size(lower_leg); ++i) {
    parts.push_back(soft_tissue(lower_leg[i].id, Group::Muscles, palette::muscle(lower_leg[i].shade),
                                make_packed_cell(cells, 3 + i), lower_leg[i].line, 0.0018f, 2500));
    parts.back().own_shape = cells->members[3 + i];
    parts.back().in_skin_union = false;
  }

  // Quadriceps tendon: flat, from where the four heads converge to the base of the patella.
  const std::vector<SweepKey> quadriceps_tendon{{f.at_knee(-0.003f, 0.108f, 0.043f), 0.017f, 0.006f},
                                                {f.at_knee(-0.002f, 0.082f, 0.043f), 0.020f, 0.006f},
                                                {f.at_knee(-0.002f, 0.062f, 0.042f), 0.019f, 0.007f}};
  parts.push_back(soft_tissue("quadriceps-tendon", Group::Tendons, palette::kTendon,
                              make_sweep(quadriceps_tendon, kForward), centre_line(quadriceps_tendon),
                              0.0009f, 2500, Binding::ThighToPatella));

  // Patellar tendon: patellar apex to the tibial tuberosity, about as long as the patella.
  const std::vector<SweepKey> patellar_tendon{{f.at_knee(-0.001f, 0.020f, 0.044f), 0.012f, 0.004f},
                                              {f.at_knee(-0.002f, -0.010f, 0.036f), 0.014f, 0.0045f},
                                              {f.at_knee(-0.003f, -0.035f, 0.026f), 0.011f, 0.0045f}};
  parts.push_back(soft_tissue("patellar-tendon", Group::Tendons, palette::kTendon,
                              make_sweep(patellar_tendon, kForward), centre_line(patellar_tendon), 0.0009f,
                              2500, Binding::PatellaToShank));
  return parts;
}

}  // namespace leggen
