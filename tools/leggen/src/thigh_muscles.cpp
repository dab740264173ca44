// Thigh muscles: quadriceps, hamstrings, adductor group, sartorius, gracilis, tensor fasciae
// latae and the iliotibial tract. Centre lines follow the scaled gait2392 path points where the
// reference gives them; cross-sections are shaped by hand from standard anatomy.
#include "leg_frame.h"
#include "muscle_helpers.h"
#include "shape_helpers.h"

namespace leggen {

namespace {

constexpr vec3 kForward{0, 0, 1};
constexpr vec3 kMedial{1, 0, 0};

StructureSpec muscle(const std::string& id, int shade, SdfPtr field, std::vector<vec3> line,
                     size_t triangles = 6000, float spacing = 0.0016f) {
  return softTissue(id, Group::Muscles, palette::muscle(shade), std::move(field),
                    std::move(line), spacing, triangles);
}

}  // namespace

std::vector<SweepKey> layOnSurface(const Sdf& beneath, std::vector<SweepKey> keys, float lift) {
  for (SweepKey& key : keys) {
    key.centre = projectOnto(beneath, key.centre, lift);
    key.depthAxis = surfaceNormal(beneath, key.centre);
  }
  return keys;
}

std::vector<StructureSpec> buildThighMuscles(const std::vector<StructureSpec>& bones) {
  const LegFrame& f = legFrame();
  std::vector<StructureSpec> muscles;

  // Quadriceps. Rectus femoris: AIIS, fusiform down the front of the thigh, into the
  // quadriceps tendon above the patella.
  const std::vector<SweepKey> rectus{
      {referencePoint("rect_fem_r-P1"), 0.005f, 0.004f},
      {{-0.016f, 0.005f, 0.050f}, 0.008f, 0.006f},
      {{-0.016f, -0.050f, 0.056f}, 0.018f, 0.013f},
      {{-0.014f, -0.150f, 0.060f}, 0.025f, 0.018f},
      {{-0.010f, -0.250f, 0.058f}, 0.023f, 0.016f},
      {{-0.006f, -0.330f, 0.054f}, 0.014f, 0.010f},
      {f.atKnee(-0.003f, 0.090f, 0.049f), 0.009f, 0.005f}};
  muscles.push_back(muscle("rectus-femoris", 0, makeSweep(rectus, kForward), centreLine(rectus)));

  // Vastus lateralis: the bulkiest head, from the greater trochanter and lateral linea aspera,
  // wrapping the lateral thigh, into the lateral patella. Thin axis points laterally.
  const std::vector<SweepKey> lateralis{
      {{-0.058f, -0.050f, 0.004f}, 0.016f, 0.010f},
      {{-0.062f, -0.100f, 0.010f}, 0.030f, 0.018f},
      {{-0.058f, -0.180f, 0.014f}, 0.038f, 0.022f},
      {{-0.050f, -0.270f, 0.018f}, 0.036f, 0.021f},
      {{-0.040f, -0.340f, 0.024f}, 0.026f, 0.015f},
      {f.atKnee(-0.028f, 0.085f, 0.036f), 0.014f, 0.008f},
      {f.atKnee(-0.016f, 0.064f, 0.042f), 0.006f, 0.004f}};
  muscles.push_back(muscle("vastus-lateralis", 1, makeSweep(lateralis, kMedial),
                           centreLine(lateralis), 7000));

  // Vastus medialis: the long upper part along the medial femur, then the oblique fibres (VMO),
  // a teardrop above the medial knee whose fibres run at about 55 degrees to the femur into the
  // medial border of the patella.
  const vec3 anteromedial = glm::normalize(vec3(1.0f, 0.0f, 0.7f));
  const std::vector<SweepKey> medialisLongus{
      {{-0.020f, -0.080f, 0.018f}, 0.008f, 0.006f},
      {{-0.004f, -0.160f, 0.030f}, 0.016f, 0.012f},
      {{0.014f, -0.250f, 0.032f}, 0.021f, 0.016f},
      {{0.026f, -0.320f, 0.028f}, 0.024f, 0.019f},
      {f.atKnee(0.024f, 0.075f, 0.030f), 0.016f, 0.014f},
      {f.atKnee(0.010f, 0.055f, 0.040f), 0.007f, 0.005f}};
  const std::vector<SweepKey> medialisOblique{
      {f.atKnee(0.044f, 0.112f, -0.004f), 0.010f, 0.008f},
      {f.atKnee(0.039f, 0.080f, 0.018f), 0.021f, 0.018f},
      {f.atKnee(0.027f, 0.061f, 0.032f), 0.015f, 0.012f},
      {f.atKnee(0.011f, 0.050f, 0.041f), 0.006f, 0.004f}};
  muscles.push_back(muscle(
      "vastus-medialis", 2,
      smoothUnion({makeSweep(medialisLongus, anteromedial),
                   makeSweep(medialisOblique, anteromedial)},
                  0.012f),
      centreLine(medialisLongus), 7000));

  // Vastus intermedius: deep, on the front and lateral side of the femoral shaft.
  const std::vector<SweepKey> intermedius{
      {{-0.040f, -0.070f, 0.014f}, 0.018f, 0.012f},
      {{-0.036f, -0.120f, 0.022f}, 0.024f, 0.018f},
      {{-0.026f, -0.230f, 0.026f}, 0.026f, 0.020f},
      {{-0.014f, -0.330f, 0.022f}, 0.022f, 0.014f},
      {f.atKnee(-0.005f, 0.088f, 0.030f), 0.015f, 0.008f}};
  muscles.push_back(muscle("vastus-intermedius", 3, makeSweep(intermedius, kForward),
                           centreLine(intermedius), 5000));

  // Hamstrings. Biceps femoris: long head from the ischial tuberosity, short head from the
  // lateral linea aspera, to the head of the fibula.
  const vec3 fibularHead = f.atKnee(-0.049f, -0.036f, -0.021f);
  const std::vector<SweepKey> bicepsLong{
      {referencePoint("bifemlh_r-P1") + vec3(0.0f, -0.006f, 0.0f), 0.008f, 0.006f},
      {{0.004f, -0.110f, -0.068f}, 0.016f, 0.012f},
      {{-0.015f, -0.210f, -0.066f}, 0.020f, 0.014f},
      {{-0.030f, -0.300f, -0.056f}, 0.018f, 0.013f},
      {f.atKnee(-0.040f, 0.060f, -0.044f), 0.011f, 0.009f},
      {f.atKnee(-0.046f, 0.010f, -0.032f), 0.006f, 0.006f},
      {fibularHead, 0.005f, 0.005f}};
  const std::vector<SweepKey> bicepsShort{
      {{-0.034f, -0.200f, -0.010f}, 0.006f, 0.006f},
      {{-0.037f, -0.280f, -0.028f}, 0.014f, 0.012f},
      {{-0.040f, -0.360f, -0.038f}, 0.012f, 0.011f},
      {f.atKnee(-0.045f, 0.030f, -0.036f), 0.007f, 0.007f}};
  muscles.push_back(muscle(
      "biceps-femoris", 4,
      smoothUnion({makeSweep(bicepsLong, kForward), makeSweep(bicepsShort, kForward)}, 0.010f),
      centreLine(bicepsLong)));

  // Semitendinosus: superficial, belly above, long tendon round the medial knee to the pes
  // anserinus.
  const std::vector<SweepKey> semitendinosus{
      {referencePoint("semiten_r-P1") + vec3(0.0f, -0.004f, 0.0f), 0.008f, 0.006f},
      {{0.026f, -0.110f, -0.066f}, 0.016f, 0.011f},
      {{0.030f, -0.200f, -0.066f}, 0.017f, 0.012f},
      {{0.036f, -0.290f, -0.058f}, 0.010f, 0.007f},
      {f.atKnee(0.040f, 0.060f, -0.050f), 0.005f, 0.004f},
      {f.atKnee(0.038f, 0.000f, -0.042f), 0.004f, 0.0035f},
      {f.atKnee(0.036f, -0.030f, -0.034f), 0.0035f, 0.0035f},
      {f.atKnee(0.031f, -0.068f, -0.012f), 0.0035f, 0.003f},
      {f.atKnee(0.026f, -0.095f, 0.002f), 0.004f, 0.003f}};
  muscles.push_back(muscle("semitendinosus", 5, makeSweep(semitendinosus, kForward),
                           centreLine(semitendinosus)));

  // Semimembranosus: flat tendon above, belly in the lower thigh deep to semitendinosus, to the
  // posteromedial tibial condyle.
  const std::vector<SweepKey> semimembranosus{
      {referencePoint("semimem_r-P1") + vec3(0.0f, -0.006f, 0.0f), 0.006f, 0.004f},
      {{0.018f, -0.120f, -0.050f}, 0.012f, 0.007f},
      {{0.024f, -0.230f, -0.048f}, 0.022f, 0.016f},
      {{0.028f, -0.320f, -0.042f}, 0.022f, 0.017f},
      {f.atKnee(0.028f, 0.050f, -0.036f), 0.014f, 0.012f},
      {f.atKnee(0.024f, -0.005f, -0.030f), 0.007f, 0.006f},
      {referencePoint("semimem_r-P3") + vec3(0.0f, 0.0f, 0.004f), 0.005f, 0.005f}};
  muscles.push_back(muscle("semimembranosus", 6, makeSweep(semimembranosus, kForward),
                           centreLine(semimembranosus)));

  // Adductors (longus, brevis, magnus as one mass): pubis and ischium to the linea aspera and
  // the adductor tubercle.
  const vec3 adductorFace = glm::normalize(vec3(0.5f, 0.0f, 1.0f));
  const std::vector<SweepKey> magnus{
      {{0.040f, -0.070f, -0.040f}, 0.014f, 0.012f},
      {{0.046f, -0.140f, -0.022f}, 0.028f, 0.022f},
      {{0.040f, -0.240f, -0.016f}, 0.026f, 0.021f},
      {{0.036f, -0.320f, -0.010f}, 0.015f, 0.012f},
      {f.atKnee(0.038f, 0.045f, -0.008f), 0.006f, 0.005f}};
  const std::vector<SweepKey> longus{
      {{0.068f, -0.032f, 0.038f}, 0.006f, 0.005f},
      {{0.050f, -0.090f, 0.030f}, 0.022f, 0.012f},
      {{0.022f, -0.170f, 0.012f}, 0.016f, 0.010f},
      {{-0.004f, -0.230f, -0.004f}, 0.006f, 0.004f}};
  const std::vector<SweepKey> brevis{
      {{0.055f, -0.060f, 0.010f}, 0.010f, 0.008f},
      {{0.020f, -0.120f, 0.000f}, 0.022f, 0.016f},
      {{-0.015f, -0.180f, -0.010f}, 0.010f, 0.006f}};
  muscles.push_back(muscle("adductors", 7,
                           smoothUnion({makeSweep(magnus, kForward),
                                        makeSweep(longus, adductorFace),
                                        makeSweep(brevis, adductorFace)},
                                       0.012f),
                           centreLine(magnus), 8000));

  // Tensor fasciae latae: ASIS, a short flat belly on the front of the hip, into the IT tract.
  const vec3 anterolateral = glm::normalize(vec3(-1.0f, 0.0f, 0.5f));
  const std::vector<SweepKey> tensor{
      {referencePoint("tfl_r-P1") + vec3(0.004f, -0.004f, 0.004f), 0.008f, 0.005f},
      {{-0.054f, 0.040f, 0.044f}, 0.018f, 0.010f},
      {{-0.064f, -0.020f, 0.036f}, 0.017f, 0.009f},
      {{-0.071f, -0.080f, 0.026f}, 0.010f, 0.005f},
      {{-0.075f, -0.110f, 0.020f}, 0.005f, 0.003f}};
  muscles.push_back(muscle("tensor-fasciae-latae", 8, makeSweep(tensor, anterolateral),
                           centreLine(tensor), 3000));

  // Straps laid on what lies beneath them: sartorius over the quadriceps and adductors, gracilis
  // on the medial adductors, the iliotibial tract on vastus lateralis, the trochanter and over
  // the lateral epicondyle.
  auto fieldOf = [&](const std::string& id) { return findStructure(muscles, id).field; };
  const SdfPtr frontOfThigh =
      smoothUnion({fieldOf("rectus-femoris"), fieldOf("vastus-medialis"), fieldOf("adductors"),
                   fieldOf("vastus-lateralis"), fieldOf("tensor-fasciae-latae")},
                  0.004f);
  const vec3 pesSartorius = f.atKnee(0.026f, -0.088f, 0.012f);
  std::vector<SweepKey> sartorius = layOnSurface(
      *frontOfThigh,
      {{{-0.026f, 0.070f, 0.062f}, 0.011f, 0.005f},
       {{-0.008f, 0.010f, 0.070f}, 0.014f, 0.0055f},
       {{0.015f, -0.080f, 0.070f}, 0.015f, 0.0055f},
       {{0.040f, -0.180f, 0.050f}, 0.014f, 0.0055f},
       {{0.052f, -0.280f, 0.020f}, 0.013f, 0.0055f},
       {f.atKnee(0.054f, 0.060f, -0.010f), 0.010f, 0.005f}},
      0.0035f);
  sartorius.insert(sartorius.begin(), {referencePoint("tfl_r-P1") + vec3(0.012f, -0.004f, 0.014f),
                                       0.005f, 0.004f});
  sartorius.push_back({f.atKnee(0.050f, 0.000f, -0.016f), 0.007f, 0.004f, kMedial});
  sartorius.push_back({f.atKnee(0.038f, -0.055f, 0.002f), 0.006f, 0.003f, kMedial});
  sartorius.push_back({pesSartorius, 0.006f, 0.003f, kMedial});
  muscles.push_back(muscle("sartorius", 9, makeSweep(sartorius, kForward), centreLine(sartorius),
                           5000, 0.0012f));

  const SdfPtr adductorField = fieldOf("adductors");
  std::vector<SweepKey> gracilis = layOnSurface(*adductorField,
                                                {{{0.072f, -0.060f, 0.024f}, 0.010f, 0.004f},
                                                 {{0.070f, -0.120f, 0.006f}, 0.014f, 0.006f},
                                                 {{0.064f, -0.230f, -0.010f}, 0.011f, 0.006f},
                                                 {{0.055f, -0.320f, -0.020f}, 0.007f, 0.005f}},
                                                0.003f);
  gracilis.insert(gracilis.begin(), {{0.074f, -0.045f, 0.030f}, 0.007f, 0.004f, kMedial});
  gracilis.push_back({f.atKnee(0.048f, 0.010f, -0.028f), 0.004f, 0.004f, kMedial});
  gracilis.push_back({f.atKnee(0.036f, -0.050f, -0.008f), 0.0035f, 0.003f, kMedial});
  gracilis.push_back({f.atKnee(0.027f, -0.091f, 0.006f), 0.004f, 0.003f, kMedial});
  muscles.push_back(muscle("gracilis", 10, makeSweep(gracilis, kMedial), centreLine(gracilis),
                           3500, 0.0012f));

  // Iliotibial tract: a thin band from the iliac crest tubercle, broad over the hip, down the
  // lateral thigh over the epicondyle to Gerdy's tubercle.
  const SdfPtr lateralBed =
      smoothUnion({fieldOf("vastus-lateralis"), fieldOf("tensor-fasciae-latae"),
                   findStructure(bones, "femur").field, findStructure(bones, "hip-bone").field,
                   findStructure(bones, "tibia").field},
                  0.010f);
  // The band is the part of a thin shell around that bed (2.5 mm out, 2.4 mm thick) that lies
  // inside a tube along the tract's course, so it hugs the curvature of the thigh.
  const float bandLift = 0.0025f;
  std::vector<SweepKey> band = layOnSurface(*lateralBed,
                                            {{{-0.062f, 0.128f, 0.004f}, 0.010f, 0.012f},
                                             {{-0.074f, 0.060f, 0.000f}, 0.030f, 0.012f},
                                             {{-0.080f, -0.020f, 0.004f}, 0.030f, 0.012f},
                                             {{-0.082f, -0.100f, 0.010f}, 0.024f, 0.012f},
                                             {{-0.080f, -0.200f, 0.014f}, 0.020f, 0.012f},
                                             {{-0.072f, -0.290f, 0.016f}, 0.017f, 0.012f},
                                             {{-0.060f, -0.360f, 0.012f}, 0.014f, 0.012f},
                                             {f.atKnee(-0.050f, 0.016f, 0.002f), 0.011f, 0.010f},
                                             {f.atKnee(-0.040f, -0.020f, 0.012f), 0.008f, 0.008f},
                                             {f.atKnee(-0.034f, -0.040f, 0.018f), 0.006f, 0.006f}},
                                            bandLift);
  const SdfPtr bandField = smoothIntersect(makeSweep(band, kMedial),
                                           makeShell(lateralBed, bandLift, 0.0012f), 0.0006f);
  muscles.push_back(softTissue("iliotibial-tract", Group::Tendons, palette::kTendon, bandField,
                               centreLine(band), 0.0008f, 6000));
  return muscles;
}

}  // namespace leggen
