// Muscles of the lower leg and the two tendons of the knee extensor apparatus.
#include <array>

#include "leg_frame.h"
#include "muscle_helpers.h"

namespace leggen {

namespace {

constexpr vec3 kForward{0, 0, 1};

}  // namespace

std::vector<StructureSpec> buildLegMuscles(const std::vector<StructureSpec>& bones) {
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

  // The skin wraps these three packed like the thigh muscles (with the peroneal, long extensor
  // and deep calf muscles it adds itself, skin.cpp); the core leaves the subcutaneous
  // anteromedial surface of the tibia and the malleoli bare.
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

  // The muscles themselves are cut from the same room shared among all seven of the leg's
  // muscle masses: the lateral compartment's two fibulares along the fibula, extensor digitorum
  // longus (with extensor hallucis longus) beside tibialis anterior, and the deep posterior
  // compartment (tibialis posterior and the long toe flexors) between the bones and soleus. Their
  // tendons end behind the lateral malleolus and on the front of the ankle, where the skin's
  // volume for them ends.
  const std::vector<SweepKey> fibularisLongus{{f.atKnee(-0.050f, -0.046f, -0.016f), 0.008f, 0.008f},
                                              {f.atKnee(-0.052f, -0.090f, -0.012f), 0.010f, 0.013f},
                                              {f.atKnee(-0.050f, -0.170f, -0.012f), 0.009f, 0.013f},
                                              {f.atKnee(-0.046f, -0.250f, -0.016f), 0.005f, 0.007f},
                                              {f.atAnkle(-0.040f, 0.080f, -0.022f), 0.003f, 0.004f},
                                              {f.atAnkle(-0.036f, 0.020f, -0.026f), 0.003f, 0.0035f}};
  const std::vector<SweepKey> fibularisBrevis{{f.atKnee(-0.044f, -0.150f, -0.010f), 0.005f, 0.006f},
                                              {f.atKnee(-0.044f, -0.230f, -0.010f), 0.007f, 0.011f},
                                              {f.atAnkle(-0.040f, 0.110f, -0.016f), 0.006f, 0.009f},
                                              {f.atAnkle(-0.038f, 0.060f, -0.022f), 0.004f, 0.005f},
                                              {f.atAnkle(-0.033f, 0.020f, -0.024f), 0.003f, 0.004f}};
  const std::vector<SweepKey> extensors{{f.atKnee(-0.034f, -0.060f, 0.006f), 0.006f, 0.006f},
                                        {f.atKnee(-0.034f, -0.130f, 0.006f), 0.008f, 0.009f},
                                        {f.atKnee(-0.030f, -0.220f, 0.010f), 0.008f, 0.009f},
                                        {f.atAnkle(-0.020f, 0.080f, 0.018f), 0.006f, 0.005f},
                                        {f.atAnkle(-0.012f, 0.030f, 0.026f), 0.004f, 0.003f}};
  const std::vector<SweepKey> deepPosterior{{f.atKnee(0.000f, -0.080f, -0.022f), 0.010f, 0.008f},
                                            {f.atKnee(0.004f, -0.140f, -0.024f), 0.014f, 0.010f},
                                            {f.atKnee(0.008f, -0.240f, -0.022f), 0.013f, 0.010f},
                                            {f.atAnkle(0.012f, 0.080f, -0.020f), 0.008f, 0.007f},
                                            {f.atAnkle(0.020f, 0.020f, -0.016f), 0.004f, 0.004f}};
  auto cells = std::make_shared<PackedGroup>(*group);
  cells->members.push_back(makeSweep(fibularisLongus, kForward));
  cells->members.push_back(makeSweep(fibularisBrevis, kForward));
  cells->members.push_back(makeSweep(extensors, kForward));
  cells->members.push_back(makeSweep(deepPosterior, kForward));
  // Under the calf's 6 mm of fat, 2 mm more of fat and fascia.
  cells->inset = 0.002f;
  cells->overlap = 0.0f;
  // Borders moved so each has its MRI volume (order of `members`).
  cells->grow = {-0.006f, -0.004f, -0.001f, 0.004f, 0.002f, 0.003f, 0.000f};
  // Where muscle turns to tendon: gastrocnemius's bellies end at mid-calf and its aponeurosis runs
  // on as the Achilles tendon over soleus, whose fibres join it lower down, a few centimetres
  // above the ankle. Gastrocnemius's bellies end in an inverted V: the aponeurosis rises between
  // the two heads to 22 cm below the knee centre, and each head's lower edge falls away to the
  // side, the medial head's further (by 1.5 and 0.9 times the distance from the midline).
  constexpr float kCutBlend = 0.003f;
  const float gastrocnemiusApex = f.knee.y - 0.220f;
  // The half-spaces on the muscle's side of each head's edge (side 1) or on the tendon's (-1).
  auto gastrocnemiusEdge = [&](float riseOffset, float side) {
    const vec3 apex(0.0f, gastrocnemiusApex + riseOffset, 0.0f);
    return std::array<SdfPtr, 2>{makeHalfSpace(apex, side * glm::normalize(vec3(-1.5f, -1.0f, 0.0f))),
                                 makeHalfSpace(apex, side * glm::normalize(vec3(0.9f, -1.0f, 0.0f)))};
  };
  const auto muscleSide = gastrocnemiusEdge(0.0f, 1.0f);
  const SdfPtr belowTheBellies =
      smoothIntersect(gastrocnemiusEdge(0.004f, -1.0f)[0], gastrocnemiusEdge(0.004f, -1.0f)[1], 0.006f);
  const float soleusEnds = f.ankle.y + 0.060f;
  // The Achilles tendon: a broad thin aponeurosis on soleus below the bellies, narrowing to a
  // cord about 13 mm wide and 7 mm thick some 4 cm above the calcaneus, then fanning out a little
  // to its insertion (adult figures: 12-15 mm by 5-7 mm at its narrowest). The muscles around it
  // give way to it, so nothing passes through it.
  // Over the calf it lies at the back of the muscles' room (5.5 mm inside the cells' envelope).
  const std::vector<SweepKey> achillesKeys{{f.atKnee(0.000f, -0.200f, -0.061f), 0.024f, 0.0025f},
                                           {f.atKnee(0.000f, -0.260f, -0.0585f), 0.017f, 0.003f},
                                           {f.atAnkle(-0.001f, 0.080f, -0.051f), 0.009f, 0.0035f},
                                           {f.atAnkle(-0.002f, 0.030f, -0.048f), 0.0065f, 0.0035f},
                                           {f.atAnkle(-0.002f, -0.012f, -0.055f), 0.009f, 0.0035f},
                                           {calcaneusInsertion, 0.011f, 0.003f}};
  const SdfPtr achillesTendon =
      smoothIntersect(makeSweep(achillesKeys, kForward), belowTheBellies, kCutBlend);
  // The cells wrap round the tibia and the fibula and keep clear of the tendon and of all behind
  // it (its front face the same, 2 cm deeper backwards), so no film of muscle covers it.
  std::vector<SweepKey> behindTendon = achillesKeys;
  for (SweepKey& key : behindTendon) {
    key.centre.z -= 0.010f;
    key.depth += 0.010f;
  }
  cells->solid = smoothUnion({findStructure(bones, "tibia").field, findStructure(bones, "fibula").field,
                              smoothIntersect(makeSweep(behindTendon, kForward), belowTheBellies, kCutBlend)},
                             0.0f);
  const SdfPtr gastrocnemiusCell = makePackedCell(cells, 0);
  const SdfPtr soleusCell = makePackedCell(cells, 1);
  parts.push_back(softTissue(
      "gastrocnemius", Group::Muscles, palette::muscle(11),
      smoothIntersect(gastrocnemiusCell, smoothUnion({muscleSide[0], muscleSide[1]}, 0.006f), kCutBlend),
      gastrocLine, 0.0020f, 10000));
  parts.back().skinVolume = shankEnvelope;
  // Below gastrocnemius's bellies soleus comes to the surface on both sides of the aponeurosis
  // (it takes gastrocnemius's room there); its fibres end above the ankle, and below them the
  // tendon runs free in front of the fat that fills the rest (Kager's fat pad).
  parts.push_back(softTissue(
      "soleus", Group::Muscles, palette::muscle(12),
      smoothIntersect(
          smoothUnion({soleusCell, smoothIntersect(gastrocnemiusCell, belowTheBellies, kCutBlend)}, 0.0f),
          makeAbove(soleusEnds), kCutBlend),
      centreLine(soleus), 0.0020f, 7000));
  parts.back().inSkinUnion = false;
  const std::vector<vec3> achillesLine{achillesKeys[1].centre, achillesKeys[2].centre, achillesKeys[4].centre,
                                       calcaneusInsertion};
  parts.push_back(softTissue("achilles-tendon", Group::Tendons, palette::kTendon, achillesTendon,
                             achillesLine, 0.0012f, 3000));
  parts.back().inSkinUnion = false;
  parts.push_back(softTissue("tibialis-anterior", Group::Muscles, palette::muscle(13),
                             makePackedCell(cells, 2), centreLine(tibialis), 0.0018f, 6000));
  parts.back().ownShape = cells->members[2];
  parts.back().inSkinUnion = false;
  const struct {
    const char* id;
    int shade;
    std::vector<vec3> line;
  } lowerLeg[]{{"fibularis-longus", 14, centreLine(fibularisLongus)},
               {"fibularis-brevis", 15, centreLine(fibularisBrevis)},
               {"extensor-digitorum-longus", 16, centreLine(extensors)},
               {"deep-posterior-compartment", 17, centreLine(deepPosterior)}};
  for (size_t i = 0; i < std::size(lowerLeg); ++i) {
    parts.push_back(softTissue(lowerLeg[i].id, Group::Muscles, palette::muscle(lowerLeg[i].shade),
                               makePackedCell(cells, 3 + i), lowerLeg[i].line, 0.0018f, 2500));
    parts.back().ownShape = cells->members[3 + i];
    parts.back().inSkinUnion = false;
  }

  // Quadriceps tendon: flat, from where the four heads converge to the base of the patella.
  const std::vector<SweepKey> quadricepsTendon{{f.atKnee(-0.003f, 0.108f, 0.043f), 0.017f, 0.006f},
                                               {f.atKnee(-0.002f, 0.082f, 0.043f), 0.020f, 0.006f},
                                               {f.atKnee(-0.002f, 0.062f, 0.042f), 0.019f, 0.007f}};
  parts.push_back(softTissue("quadriceps-tendon", Group::Tendons, palette::kTendon,
                             makeSweep(quadricepsTendon, kForward), centreLine(quadricepsTendon), 0.0009f,
                             2500, Binding::ThighToPatella));

  // Patellar tendon: patellar apex to the tibial tuberosity, about as long as the patella.
  const std::vector<SweepKey> patellarTendon{{f.atKnee(-0.001f, 0.020f, 0.044f), 0.012f, 0.004f},
                                             {f.atKnee(-0.002f, -0.010f, 0.036f), 0.014f, 0.0045f},
                                             {f.atKnee(-0.003f, -0.038f, 0.029f), 0.011f, 0.005f}};
  parts.push_back(softTissue("patellar-tendon", Group::Tendons, palette::kTendon,
                             makeSweep(patellarTendon, kForward), centreLine(patellarTendon), 0.0009f, 2500,
                             Binding::PatellaToShank));
  return parts;
}

}  // namespace leggen
