// Muscles of the lower leg and the two tendons of the knee extensor apparatus.
#include <array>

#include "leg_frame.h"
#include "muscle_helpers.h"

namespace leggen {

namespace {

constexpr vec3 kForward{0, 0, 1};

}  // namespace

std::vector<StructureSpec> buildLegMuscles() {
  const LegFrame& f = legFrame();
  std::vector<StructureSpec> parts;

  // Gastrocnemius: two heads from the backs of the femoral condyles (the medial head larger and
  // reaching lower), a broad aponeurosis, then the Achilles tendon to the calcaneus.
  const std::vector<SweepKey> medialHead{
      {referencePoint("med_gas_r-P1") + vec3(0.0f, 0.010f, -0.006f), 0.008f, 0.006f},
      {f.atKnee(0.024f, -0.030f, -0.048f), 0.019f, 0.016f},
      {f.atKnee(0.023f, -0.100f, -0.060f), 0.029f, 0.026f},
      {f.atKnee(0.016f, -0.170f, -0.060f), 0.023f, 0.018f},
      {f.atKnee(0.005f, -0.230f, -0.056f), 0.011f, 0.007f}};
  const std::vector<SweepKey> lateralHead{
      {referencePoint("lat_gas_r-P1") + vec3(0.0f, 0.010f, -0.006f), 0.007f, 0.006f},
      {f.atKnee(-0.026f, -0.030f, -0.046f), 0.017f, 0.015f},
      {f.atKnee(-0.024f, -0.090f, -0.056f), 0.025f, 0.022f},
      {f.atKnee(-0.016f, -0.155f, -0.056f), 0.018f, 0.015f},
      {f.atKnee(-0.005f, -0.205f, -0.054f), 0.009f, 0.006f}};
  const vec3 calcaneusInsertion = f.atFloor(-0.002f, 0.036f, -0.061f);
  const std::vector<SweepKey> achilles{{f.atKnee(0.000f, -0.180f, -0.055f), 0.022f, 0.004f},
                                       {f.atKnee(0.000f, -0.260f, -0.052f), 0.014f, 0.004f},
                                       {f.atAnkle(-0.001f, 0.080f, -0.047f), 0.008f, 0.004f},
                                       {f.atAnkle(-0.002f, 0.030f, -0.047f), 0.0065f, 0.0045f},
                                       {f.atAnkle(-0.002f, -0.012f, -0.055f), 0.008f, 0.004f},
                                       {calcaneusInsertion, 0.008f, 0.004f}};
  std::vector<vec3> gastrocLine = centreLine(medialHead);
  gastrocLine.insert(gastrocLine.end(), {achilles[2].centre, achilles[4].centre, calcaneusInsertion});
  const SdfPtr gastrocnemius = smoothUnion(
      {makeSweep(medialHead, kForward), makeSweep(lateralHead, kForward), makeSweep(achilles, kForward)},
      0.008f);

  // Soleus: broad and flat under gastrocnemius, from the back of the fibular head and the soleal
  // line of the tibia, joining the Achilles tendon in front of gastrocnemius's part.
  const std::vector<SweepKey> soleus{{f.atKnee(-0.030f, -0.050f, -0.030f), 0.012f, 0.010f},
                                     {f.atKnee(-0.010f, -0.100f, -0.036f), 0.034f, 0.016f},
                                     {f.atKnee(0.000f, -0.180f, -0.040f), 0.040f, 0.018f},
                                     {f.atKnee(0.000f, -0.260f, -0.042f), 0.034f, 0.014f},
                                     {f.atAnkle(-0.001f, 0.100f, -0.043f), 0.018f, 0.008f},
                                     {f.atAnkle(-0.002f, 0.050f, -0.043f), 0.008f, 0.004f},
                                     {f.atAnkle(-0.002f, 0.010f, -0.046f), 0.006f, 0.004f},
                                     {f.atFloor(-0.002f, 0.040f, -0.057f), 0.006f, 0.0035f}};

  // Tibialis anterior: lateral tibial condyle and shaft, belly beside the shin, tendon over the
  // front of the ankle to the medial cuneiform and first metatarsal.
  const vec3 anterolateral = glm::normalize(vec3(-0.6f, 0.0f, 1.0f));
  const std::vector<SweepKey> tibialis{{f.atKnee(-0.024f, -0.045f, 0.012f), 0.008f, 0.007f},
                                       {f.atKnee(-0.026f, -0.100f, 0.016f), 0.017f, 0.018f},
                                       {f.atKnee(-0.022f, -0.190f, 0.018f), 0.014f, 0.015f},
                                       {f.atKnee(-0.012f, -0.290f, 0.021f), 0.007f, 0.006f},
                                       {f.atAnkle(-0.004f, 0.070f, 0.023f), 0.0045f, 0.003f},
                                       {f.atAnkle(0.008f, 0.012f, 0.034f), 0.004f, 0.003f},
                                       {f.atAnkle(0.016f, -0.008f, 0.046f), 0.004f, 0.003f},
                                       {f.atFloor(0.026f, 0.046f, 0.064f), 0.0045f, 0.003f}};

  // The three are packed like the thigh muscles: the calf and the front of the leg are full,
  // the lateral compartment (peroneal muscles, not modelled separately) is shared between
  // tibialis anterior and soleus, and the core leaves the subcutaneous anteromedial surface of
  // the tibia and the malleoli bare.
  const std::vector<SweepKey> shankCore{{f.atKnee(-0.002f, -0.060f, -0.030f), 0.038f, 0.034f},
                                        {f.atKnee(-0.004f, -0.120f, -0.030f), 0.042f, 0.040f},
                                        {f.atKnee(-0.004f, -0.220f, -0.028f), 0.036f, 0.034f},
                                        {f.atKnee(-0.004f, -0.300f, -0.030f), 0.027f, 0.027f},
                                        {f.atAnkle(-0.004f, 0.090f, -0.032f), 0.020f, 0.020f}};
  auto group = std::make_shared<PackedGroup>();
  group->core = makeSweep(shankCore, kForward);
  group->members = {gastrocnemius, makeSweep(soleus, kForward), makeSweep(tibialis, anterolateral)};
  group->envelopeBlend = 0.018f;
  group->overlap = 0.0015f;
  group->edgeBlend = 0.004f;
  group->reach = 0.030f;
  const SdfPtr shankEnvelope = makePackedEnvelope(group);
  // Where muscle turns to tendon: gastrocnemius's bellies end at mid-calf and its aponeurosis runs
  // on as the Achilles tendon over soleus, whose fibres join it lower down, a few centimetres
  // above the ankle. Each cell is cut there (blended over 3 mm) and the parts below are the
  // tendon, so muscles and tendon together fill exactly the cells they were cut from.
  constexpr float kCutBlend = 0.003f;
  // Gastrocnemius's bellies end in an inverted V: the aponeurosis rises between the two heads to
  // 22 cm below the knee centre, and each head's lower edge falls away to the side, the medial
  // head's further (by 1.5 and 0.9 times the distance from the midline).
  const float gastrocnemiusApex = f.knee.y - 0.220f;
  // The half-spaces on the muscle's side of each head's edge (side 1) or on the tendon's (-1).
  auto gastrocnemiusEdge = [&](float riseOffset, float side) {
    const vec3 apex(0.0f, gastrocnemiusApex + riseOffset, 0.0f);
    return std::array<SdfPtr, 2>{makeHalfSpace(apex, side * glm::normalize(vec3(-1.5f, -1.0f, 0.0f))),
                                 makeHalfSpace(apex, side * glm::normalize(vec3(0.9f, -1.0f, 0.0f)))};
  };
  const auto muscleSide = gastrocnemiusEdge(0.0f, 1.0f);
  const auto tendonSide = gastrocnemiusEdge(0.004f, -1.0f);
  const float soleusEnds = f.ankle.y + 0.060f;
  auto above = [](float y) { return makeHalfSpace(vec3(0.0f, y, 0.0f), vec3(0.0f, -1.0f, 0.0f)); };
  auto below = [](float y) { return makeHalfSpace(vec3(0.0f, y, 0.0f), vec3(0.0f, 1.0f, 0.0f)); };
  const SdfPtr gastrocnemiusCell = makePackedCell(group, 0);
  const SdfPtr soleusCell = makePackedCell(group, 1);
  // The Achilles tendon: from the end of gastrocnemius's bellies to the back of the calcaneus,
  // reaching 4 mm up into each muscle so they meet without a seam.
  const SdfPtr achillesTendon = smoothUnion(
      {smoothIntersect(gastrocnemiusCell, smoothIntersect(tendonSide[0], tendonSide[1], 0.006f), kCutBlend),
       smoothIntersect(soleusCell, below(soleusEnds + 0.004f), kCutBlend)},
      0.002f);
  parts.push_back(softTissue(
      "gastrocnemius", Group::Muscles, palette::muscle(11),
      smoothIntersect(gastrocnemiusCell, smoothUnion({muscleSide[0], muscleSide[1]}, 0.006f), kCutBlend),
      gastrocLine, 0.0020f, 10000));
  parts.back().skinVolume = shankEnvelope;
  // Soleus gives way to the tendon lying on it (the packed cells overlap by 1.5 mm, which would
  // make the two surfaces fight where the thin tendon runs over the muscle).
  parts.push_back(softTissue("soleus", Group::Muscles, palette::muscle(12),
                             smoothSubtract(smoothIntersect(soleusCell, above(soleusEnds), kCutBlend),
                                            offset(achillesTendon, 0.0008f), 0.002f),
                             centreLine(soleus), 0.0020f, 7000));
  parts.back().inSkinUnion = false;
  const std::vector<vec3> achillesLine{achilles[1].centre, achilles[2].centre, achilles[4].centre,
                                       calcaneusInsertion};
  parts.push_back(softTissue("achilles-tendon", Group::Tendons, palette::kTendon, achillesTendon,
                             achillesLine, 0.0012f, 3000));
  parts.back().inSkinUnion = false;
  parts.push_back(softTissue("tibialis-anterior", Group::Muscles, palette::muscle(13),
                             makePackedCell(group, 2), centreLine(tibialis), 0.0018f, 6000));
  parts.back().inSkinUnion = false;

  // Quadriceps tendon: flat, from where the four heads converge to the base of the patella.
  const std::vector<SweepKey> quadricepsTendon{{f.atKnee(-0.003f, 0.108f, 0.043f), 0.017f, 0.006f},
                                               {f.atKnee(-0.002f, 0.082f, 0.043f), 0.020f, 0.006f},
                                               {f.atKnee(-0.002f, 0.062f, 0.042f), 0.019f, 0.007f}};
  parts.push_back(softTissue("quadriceps-tendon", Group::Tendons, palette::kTendon,
                             makeSweep(quadricepsTendon, kForward), centreLine(quadricepsTendon), 0.0009f,
                             2500, Binding::ThighToPatella));

  // Patellar tendon: patellar apex to the tibial tuberosity.
  const std::vector<SweepKey> patellarTendon{{f.atKnee(-0.001f, 0.020f, 0.044f), 0.012f, 0.004f},
                                             {f.atKnee(-0.002f, -0.020f, 0.035f), 0.014f, 0.0045f},
                                             {f.atKnee(-0.003f, -0.058f, 0.027f), 0.011f, 0.005f}};
  parts.push_back(softTissue("patellar-tendon", Group::Tendons, palette::kTendon,
                             makeSweep(patellarTendon, kForward), centreLine(patellarTendon), 0.0009f, 2500,
                             Binding::PatellaToShank));
  return parts;
}

}  // namespace leggen
