// Thigh muscles: quadriceps, hamstrings, adductor group, sartorius, gracilis, tensor fasciae
// latae and the iliotibial tract. Centre lines follow the scaled gait2392 path points where the
// reference gives them; cross-sections are shaped by hand from standard anatomy.
#include <algorithm>
#include <cmath>
#include <string>

#include "leg_frame.h"
#include "muscle_helpers.h"
#include "shape_helpers.h"

namespace leggen {

namespace {

constexpr vec3 kForward{0, 0, 1};
constexpr vec3 kMedial{1, 0, 0};
// How far the thigh's muscles keep inside the envelope the skin wraps, metres.
constexpr float kThighInset = 0.003f;

StructureSpec muscle(const std::string& id, int shade, SdfPtr field, std::vector<vec3> line,
                     size_t triangles = 6000, float spacing = 0.0016f) {
  return soft_tissue(id, Group::Muscles, palette::muscle(shade), std::move(field), std::move(line), spacing,
                     triangles);
}

// What a strap adds to the skin: a round tube as thick as the strap along its centre line, which
// the skin's smooth union rounds off without creases along the strap's thin edges.
SdfPtr round_tube(std::vector<SweepKey> keys) {
  const LegFrame& f = leg_frame();
  for (SweepKey& key : keys) {
    // Round the knee, where the tendons are not laid on muscle, the tube covers the whole
    // width of the strap.
    const bool free = key.centre.y < f.knee.y + 0.075f;
    key.width = (free ? std::max(key.width, key.depth) : key.depth) + 0.0015f;
    key.depth = key.width;
  }
  return make_sweep(keys, kForward);
}

// The thigh's taper. Drawn freely, the bellies made a cylinder: the same skin girth (59 cm) from
// the groin to 20 cm above the knee, then a step down to the knee. Adult male thighs of this
// stature measure about 60 cm at the gluteal furrow, 53 cm at mid-thigh, 41 cm just above the
// patella and 39 cm round the knee (ANSUR II, NHANES), so between the groin and the knee every
// belly and the core are drawn in towards the femoral shaft by a factor of height that gives the
// skin those girths. The factor is 1 at both ends, so origins and insertions stay where they are;
// centring on the femur takes most of the taper off the medial (adductor) side, so the thigh
// narrows obliquely to the knee while vastus lateralis keeps the outer contour full.
struct TaperLevel {
  float y;      // height, metres (hip centre 0)
  float scale;  // distances from the femoral shaft are multiplied by this
};
constexpr TaperLevel kThighTaper[]{{-0.100f, 1.00f}, {-0.150f, 0.93f}, {-0.210f, 0.88f},
                                   {-0.280f, 0.84f}, {-0.330f, 0.89f}, {-0.370f, 1.00f}};

float taper_at(float y) {
  if (y >= kThighTaper[0].y) return kThighTaper[0].scale;
  for (size_t i = 1; i < std::size(kThighTaper); ++i) {
    const TaperLevel& a = kThighTaper[i - 1];
    const TaperLevel& b = kThighTaper[i];
    if (y >= b.y) return a.scale + (b.scale - a.scale) * (y - a.y) / (b.y - a.y);
  }
  return kThighTaper[std::size(kThighTaper) - 1].scale;
}

std::vector<SweepKey> tapered(std::vector<SweepKey> keys) {
  const LegFrame& f = leg_frame();
  // The femoral shaft's axis (bones.cpp): under the trochanter to just above the condyles.
  const vec3 shaft_top{-0.046f, -0.045f, -0.004f};
  const vec3 shaft_bottom = f.at_knee(-0.004f, 0.055f, 0.002f);
  for (SweepKey& key : keys) {
    const float s = taper_at(key.centre.y);
    const float t = std::clamp((key.centre.y - shaft_top.y) / (shaft_bottom.y - shaft_top.y), 0.0f, 1.0f);
    const vec3 axis = glm::mix(shaft_top, shaft_bottom, t);
    key.centre.x = axis.x + (key.centre.x - axis.x) * s;
    key.centre.z = axis.z + (key.centre.z - axis.z) * s;
    key.width *= s;
    key.depth *= s;
  }
  return keys;
}

}  // namespace

std::vector<SweepKey> lay_on_surface(const Sdf& beneath, std::vector<SweepKey> keys, float lift) {
  for (SweepKey& key : keys) {
    key.centre = project_onto(beneath, key.centre, lift);
    key.depth_axis = surface_normal(beneath, key.centre);
  }
  return keys;
}

std::vector<StructureSpec> build_thigh_muscles(const std::vector<StructureSpec>& bones) {
  const LegFrame& f = leg_frame();
  std::vector<StructureSpec> muscles;

  // The eight bellies of the thigh are packed: each is first a fusiform tube on its own course
  // (origin, belly, narrowing tendon), and then takes the part of the thigh's muscle envelope
  // nearest to it, so neighbours meet along shared borders with no gaps and the femur shaft is
  // covered all round, as in the cross-sections of an atlas. Width is medial-lateral, depth
  // anterior-posterior (kForward) unless stated.
  //
  // Rectus femoris: AIIS, fusiform down the front of the thigh on top of vastus intermedius,
  // into the quadriceps tendon above the patella.
  const std::vector<SweepKey> rectus = tapered({{reference_point("rect_fem_r-P1"), 0.006f, 0.005f},
                                                {{-0.016f, 0.000f, 0.052f}, 0.012f, 0.010f},
                                                {{-0.016f, -0.060f, 0.060f}, 0.022f, 0.017f},
                                                {{-0.014f, -0.150f, 0.064f}, 0.028f, 0.020f},
                                                {{-0.010f, -0.240f, 0.062f}, 0.026f, 0.018f},
                                                {{-0.006f, -0.320f, 0.056f}, 0.016f, 0.011f},
                                                {f.at_knee(-0.003f, 0.090f, 0.050f), 0.010f, 0.006f}});
  // Vastus lateralis: the bulkiest head, from the greater trochanter and lateral linea aspera,
  // wrapping the whole lateral thigh, into the lateral patella.
  const std::vector<SweepKey> lateralis = tapered({{{-0.064f, -0.045f, 0.002f}, 0.014f, 0.018f},
                                                   {{-0.068f, -0.100f, 0.006f}, 0.022f, 0.036f},
                                                   {{-0.064f, -0.190f, 0.010f}, 0.025f, 0.044f},
                                                   {{-0.058f, -0.280f, 0.016f}, 0.024f, 0.040f},
                                                   {{-0.048f, -0.345f, 0.022f}, 0.019f, 0.030f},
                                                   {f.at_knee(-0.036f, 0.075f, 0.032f), 0.012f, 0.016f},
                                                   {f.at_knee(-0.020f, 0.058f, 0.042f), 0.005f, 0.005f}});
  // Vastus medialis: the long part along the medial femur, then the oblique fibres (VMO), the
  // teardrop above the medial knee whose fibres run at about 55 degrees into the medial patella.
  const std::vector<SweepKey> medialis_longus =
      tapered({{{-0.022f, -0.090f, 0.020f}, 0.008f, 0.008f},
               {{-0.006f, -0.160f, 0.032f}, 0.016f, 0.016f},
               {{0.012f, -0.250f, 0.034f}, 0.022f, 0.020f},
               {{0.026f, -0.320f, 0.030f}, 0.026f, 0.024f},
               {f.at_knee(0.026f, 0.075f, 0.026f), 0.020f, 0.018f},
               {f.at_knee(0.012f, 0.055f, 0.040f), 0.008f, 0.006f}});
  // The VMO is not tapered: its teardrop stands out above the narrowing lower thigh.
  const std::vector<SweepKey> medialis_oblique{{f.at_knee(0.047f, 0.125f, -0.004f), 0.012f, 0.010f},
                                               {f.at_knee(0.045f, 0.088f, 0.014f), 0.024f, 0.022f},
                                               {f.at_knee(0.031f, 0.063f, 0.031f), 0.017f, 0.014f},
                                               {f.at_knee(0.012f, 0.050f, 0.042f), 0.006f, 0.004f}};
  // Its fibres do not run along the teardrop (about 38 degrees to the femur) but more across it:
  // 55 degrees to the femoral shaft's axis seen from the front, down and laterally into the
  // patella, and forwards as they wrap round to its medial border. That holds for the whole lower
  // end of vastus medialis, 10 cm above the knee centre and below (its fibres turn over the 4 cm
  // above that, from the long part's 15-20 degrees).
  const vec3 shaft_axis =
      glm::normalize(f.at_knee(-0.004f, 0.055f, 0.002f) - vec3(-0.046f, -0.045f, -0.004f));
  const vec3 across_to_patella = glm::normalize(vec3(-1.0f, 0.0f, 0.0f) + shaft_axis.x * shaft_axis);
  const vec3 vmo_fibres =
      glm::normalize(std::cos(glm::radians(55.0f)) * shaft_axis +
                     std::sin(glm::radians(55.0f)) * across_to_patella + vec3(0.0f, 0.0f, 0.30f));
  // Vastus intermedius: deep, on the front and lateral side of the femoral shaft.
  const std::vector<SweepKey> intermedius = tapered({{{-0.042f, -0.070f, 0.016f}, 0.018f, 0.012f},
                                                     {{-0.036f, -0.130f, 0.026f}, 0.024f, 0.016f},
                                                     {{-0.026f, -0.230f, 0.030f}, 0.024f, 0.016f},
                                                     {{-0.014f, -0.320f, 0.028f}, 0.020f, 0.012f},
                                                     {f.at_knee(-0.004f, 0.085f, 0.034f), 0.014f, 0.007f}});
  // Biceps femoris: long head from the ischial tuberosity, short head from the lateral linea
  // aspera, to the head of the fibula.
  const vec3 fibular_head = f.at_knee(-0.049f, -0.036f, -0.021f);
  const std::vector<SweepKey> biceps_long =
      tapered({{reference_point("bifemlh_r-P1") + vec3(0.0f, -0.006f, 0.0f), 0.008f, 0.006f},
               {{0.004f, -0.110f, -0.070f}, 0.018f, 0.015f},
               {{-0.016f, -0.210f, -0.068f}, 0.022f, 0.018f},
               {{-0.032f, -0.300f, -0.058f}, 0.020f, 0.016f},
               {f.at_knee(-0.042f, 0.060f, -0.044f), 0.012f, 0.010f},
               {f.at_knee(-0.046f, 0.010f, -0.032f), 0.006f, 0.006f},
               {fibular_head, 0.005f, 0.005f}});
  const std::vector<SweepKey> biceps_short = tapered({{{-0.036f, -0.200f, -0.016f}, 0.008f, 0.008f},
                                                      {{-0.042f, -0.280f, -0.030f}, 0.016f, 0.014f},
                                                      {{-0.044f, -0.360f, -0.038f}, 0.014f, 0.012f},
                                                      {f.at_knee(-0.045f, 0.030f, -0.036f), 0.007f, 0.007f}});
  // Semitendinosus: superficial, belly above, long tendon round the medial knee to the pes
  // anserinus.
  const std::vector<SweepKey> semitendinosus =
      tapered({{reference_point("semiten_r-P1") + vec3(0.0f, -0.004f, 0.0f), 0.008f, 0.006f},
               {{0.026f, -0.110f, -0.070f}, 0.018f, 0.014f},
               {{0.030f, -0.200f, -0.072f}, 0.019f, 0.015f},
               {{0.036f, -0.290f, -0.064f}, 0.012f, 0.009f},
               {f.at_knee(0.040f, 0.060f, -0.050f), 0.005f, 0.004f},
               {f.at_knee(0.038f, 0.000f, -0.042f), 0.004f, 0.0035f},
               {f.at_knee(0.036f, -0.030f, -0.034f), 0.0035f, 0.0035f},
               {f.at_knee(0.031f, -0.068f, -0.012f), 0.0035f, 0.003f},
               {f.at_knee(0.026f, -0.095f, 0.002f), 0.004f, 0.003f}});
  // Semimembranosus: flat tendon above, belly in the lower thigh deep to semitendinosus, to the
  // posteromedial tibial condyle.
  const std::vector<SweepKey> semimembranosus =
      tapered({{reference_point("semimem_r-P1") + vec3(0.0f, -0.006f, 0.0f), 0.006f, 0.004f},
               {{0.018f, -0.120f, -0.052f}, 0.014f, 0.008f},
               {{0.024f, -0.230f, -0.052f}, 0.024f, 0.018f},
               {{0.028f, -0.320f, -0.046f}, 0.024f, 0.019f},
               {f.at_knee(0.028f, 0.050f, -0.038f), 0.016f, 0.013f},
               {f.at_knee(0.024f, -0.005f, -0.030f), 0.007f, 0.006f},
               {reference_point("semimem_r-P3") + vec3(0.0f, 0.0f, 0.004f), 0.005f, 0.005f}});
  // The hamstrings' tendons of origin (tendons.cpp) take other courses from the same bellies: along
  // the bellies' own lines they would run half inside the model's tuberosity and be cut to shells.
  // Each course is its own first keys, then the belly's line from its second key on; where the
  // tendon of insertion takes its own way too, its keys replace the belly's from their height
  // down. The bellies, and the cells and skin shaped round them, keep their lines.
  const auto tendon_course = [](std::vector<SweepKey> origin, const std::vector<SweepKey>& belly,
                                const std::vector<SweepKey>& insertion = {}) {
    std::vector<SweepKey> keys = tapered(std::move(origin));
    for (auto key = belly.begin() + 1; key != belly.end(); ++key)
      if (insertion.empty() || key->centre.y > insertion.front().centre.y) keys.push_back(*key);
    keys.insert(keys.end(), insertion.begin(), insertion.end());
    return keys;
  };
  // Semimembranosus's leaves the tuberosity's upper lateral facet and runs down lateral to it, in
  // front of the common tendon of the other two. Below its belly it takes its own way too: down the
  // back of the medial femoral condyle, deep to semitendinosus and medial to gastrocnemius's medial
  // head, onto the posteromedial corner of the tibia, where it spreads into a flat band over the
  // back of the condyle to gait2392's insertion (along the belly's line it ran through the
  // tibia's condyle and the medial head).
  const std::vector<SweepKey> semimembranosus_tendon_course =
      tendon_course({{reference_point("semimem_r-P1") + vec3(0.0f, -0.005f, -0.004f), 0.006f, 0.004f},
                     {{0.004f, -0.062f, -0.056f}, 0.008f, 0.004f}},
                    semimembranosus,
                    {{f.at_knee(0.033f, 0.020f, -0.037f), 0.0075f, 0.0055f},
                     {f.at_knee(0.035f, -0.007f, -0.030f), 0.006f, 0.005f},
                     {f.at_knee(0.033f, -0.023f, -0.025f), 0.0055f, 0.004f},
                     {reference_point("semimem_r-P3") + vec3(0.0f, 0.0f, -0.003f), 0.005f, 0.0025f}});
  // The common tendon of semitendinosus and the long head of biceps femoris leaves the
  // tuberosity's lower medial facet and runs down behind it, a cord 14-16 mm wide.
  const std::vector<SweepKey> semitendinosus_tendon_course =
      tendon_course({{reference_point("semiten_r-P1") + vec3(0.0f, -0.004f, 0.0f), 0.007f, 0.005f},
                     {{0.024f, -0.064f, -0.074f}, 0.008f, 0.005f}},
                    semitendinosus);
  // Below its belly biceps's tendon is a cord 10-13 mm across (along the belly's line
  // it was the belly's width where the belly ends, a funnel over it), and the short head ends
  // in the belly above it.
  const std::vector<SweepKey> biceps_tendon_course =
      tendon_course({{reference_point("bifemlh_r-P1") + vec3(0.0f, -0.006f, 0.0f), 0.007f, 0.005f},
                     {{0.014f, -0.066f, -0.074f}, 0.008f, 0.005f}},
                    biceps_long,
                    {{f.at_knee(-0.042f, 0.060f, -0.044f), 0.010f, 0.008f},
                     {f.at_knee(-0.044f, 0.035f, -0.040f), 0.0065f, 0.005f},
                     {f.at_knee(-0.046f, 0.010f, -0.032f), 0.0055f, 0.0045f},
                     {fibular_head, 0.005f, 0.0045f}});
  const std::vector<SweepKey> biceps_short_above_tendon(biceps_short.begin(), biceps_short.end() - 1);
  // Adductors (longus, brevis, magnus as one mass): pubis and ischium to the linea aspera and
  // the adductor tubercle, filling the medial thigh.
  const vec3 adductor_face = glm::normalize(vec3(0.5f, 0.0f, 1.0f));
  const std::vector<SweepKey> magnus = tapered({{{0.040f, -0.060f, -0.040f}, 0.018f, 0.016f},
                                                {{0.048f, -0.130f, -0.024f}, 0.032f, 0.030f},
                                                {{0.042f, -0.230f, -0.018f}, 0.028f, 0.025f},
                                                {{0.036f, -0.310f, -0.012f}, 0.018f, 0.016f},
                                                {f.at_knee(0.040f, 0.050f, -0.008f), 0.007f, 0.006f}});
  const std::vector<SweepKey> longus = tapered({{{0.068f, -0.032f, 0.038f}, 0.008f, 0.006f},
                                                {{0.050f, -0.090f, 0.030f}, 0.024f, 0.014f},
                                                {{0.024f, -0.170f, 0.014f}, 0.018f, 0.012f},
                                                {{-0.002f, -0.230f, -0.002f}, 0.007f, 0.005f}});
  const std::vector<SweepKey> brevis = tapered({{{0.055f, -0.060f, 0.010f}, 0.012f, 0.010f},
                                                {{0.022f, -0.120f, 0.000f}, 0.024f, 0.018f},
                                                {{-0.015f, -0.180f, -0.010f}, 0.010f, 0.006f}});

  // The thigh's muscle envelope between the bellies: a tapering cone from below the groin to
  // just above the knee, centred a little medial of the femur.
  const std::vector<SweepKey> thigh_core = tapered({{{-0.006f, -0.070f, -0.004f}, 0.068f, 0.060f},
                                                    {{-0.008f, -0.120f, -0.002f}, 0.068f, 0.062f},
                                                    {{-0.008f, -0.200f, 0.000f}, 0.062f, 0.058f},
                                                    {{-0.004f, -0.280f, 0.000f}, 0.054f, 0.052f},
                                                    {{0.000f, -0.340f, -0.002f}, 0.046f, 0.044f},
                                                    {f.at_knee(0.000f, 0.072f, -0.004f), 0.038f, 0.034f}});

  struct Belly {
    const char* id;
    int shade;
    SdfPtr own;
    std::vector<vec3> line;
    size_t triangles;
  };
  const std::vector<Belly> bellies{
      {"rectus-femoris", 0, make_sweep(rectus, kForward), centre_line(rectus), 6000},
      {"vastus-lateralis", 1, make_sweep(lateralis, kForward), centre_line(lateralis), 9000},
      {"vastus-medialis", 2,
       with_fibres_below(
           smooth_union({make_sweep(medialis_longus, kForward), make_sweep(medialis_oblique, kForward)},
                        0.014f),
           vmo_fibres, f.knee.y + 0.100f, f.knee.y + 0.140f),
       centre_line(medialis_longus), 8000},
      {"vastus-intermedius", 3, make_sweep(intermedius, kForward), centre_line(intermedius), 5000},
      {"biceps-femoris", 4,
       smooth_union({make_sweep(biceps_long, kForward), make_sweep(biceps_short, kForward)}, 0.010f),
       centre_line(biceps_long), 7000},
      {"semitendinosus", 5, make_sweep(semitendinosus, kForward), centre_line(semitendinosus), 6000},
      {"semimembranosus", 6, make_sweep(semimembranosus, kForward), centre_line(semimembranosus), 6000},
      {"adductors", 7,
       smooth_union({make_sweep(magnus, kForward), make_sweep(longus, adductor_face),
                     make_sweep(brevis, adductor_face)},
                    0.014f),
       centre_line(magnus), 9000},
  };
  auto group = std::make_shared<PackedGroup>();
  group->core = make_sweep(thigh_core, kForward);
  for (const Belly& b : bellies) group->members.push_back(b.own);
  group->envelope_blend = 0.022f;
  group->overlap = 0.0015f;
  group->edge_blend = 0.004f;
  group->reach = 0.034f;
  // The skin wraps the full core: under the gluteal fold and the groin the thigh is round.
  const SdfPtr thigh_envelope = make_packed_envelope(group);
  // The bellies are cut from a core that narrows above the lesser trochanter. With the full one,
  // whose rounded top reaches the hip joint, every belly was as broad at its origin as in the
  // upper thigh, and the reach limits cut them off there into a flat scalloped crown; in the leg
  // they converge on the ischial tuberosity, the pubis and the trochanters through their tendons.
  std::vector<SweepKey> cell_core(thigh_core.begin() + 1, thigh_core.end());
  cell_core.insert(cell_core.begin(), tapered({{{-0.008f, -0.095f, -0.004f}, 0.040f, 0.036f}}).front());
  auto cells = std::make_shared<PackedGroup>(*group);
  cells->core = make_sweep(cell_core, kForward);
  // Above that core the bellies blend less, or the web between them tops each one with a shelf.
  cells->envelope_blend = 0.012f;
  // The muscles keep 4 mm inside the envelope the skin wraps: with the skin's 10.5 mm that is
  // about 14.5 mm of fat and fascia over the thigh, and the bellies, which filled all of it,
  // come to adult volumes (docs/leg-model.md). Neighbours share a thin seam, not 1.5 mm.
  cells->inset = kThighInset;
  cells->overlap = 0.0f;
  // Borders moved so each belly has its MRI volume (same order as `bellies`).
  cells->grow = {-0.001f, 0.010f, 0.005f, 0.007f, -0.003f, 0.011f, -0.002f, -0.002f};

  // Tensor fasciae latae: ASIS, a short flat belly on the front of the hip, into the IT tract.
  const vec3 anterolateral = glm::normalize(vec3(-1.0f, 0.0f, 0.5f));
  const std::vector<SweepKey> tensor{
      {reference_point("tfl_r-P1") + vec3(0.004f, -0.004f, 0.004f), 0.008f, 0.005f},
      {{-0.054f, 0.040f, 0.044f}, 0.018f, 0.010f},
      {{-0.064f, -0.020f, 0.036f}, 0.017f, 0.009f},
      {{-0.071f, -0.080f, 0.026f}, 0.010f, 0.005f},
      {{-0.075f, -0.110f, 0.020f}, 0.005f, 0.003f}};
  const SdfPtr tensor_field = make_sweep(tensor, anterolateral);

  // Straps laid on the muscles beneath them (the envelope less the inset): sartorius over the
  // quadriceps and adductors, gracilis on the medial adductors. The skin still sees each strap
  // where it lay on the full envelope, so the skin's shape does not change.
  const SdfPtr front_of_thigh = smooth_union({thigh_envelope, tensor_field}, 0.004f);
  const vec3 pes_sartorius = f.at_knee(0.026f, -0.088f, 0.012f);
  const std::vector<SweepKey> sartorius_keys{
      {{-0.026f, 0.070f, 0.062f}, 0.013f, 0.0065f}, {{-0.008f, 0.010f, 0.070f}, 0.017f, 0.0065f},
      {{0.015f, -0.080f, 0.070f}, 0.018f, 0.0065f}, {{0.040f, -0.180f, 0.050f}, 0.017f, 0.0065f},
      {{0.052f, -0.280f, 0.020f}, 0.016f, 0.0065f}, {f.at_knee(0.054f, 0.060f, -0.010f), 0.012f, 0.006f}};
  auto finish_sartorius = [&](std::vector<SweepKey> keys) {
    keys.insert(keys.begin(), {reference_point("tfl_r-P1") + vec3(0.012f, -0.004f, 0.014f), 0.005f, 0.004f});
    keys.push_back({f.at_knee(0.050f, 0.000f, -0.016f), 0.007f, 0.004f, kMedial});
    keys.push_back({f.at_knee(0.038f, -0.055f, 0.002f), 0.006f, 0.003f, kMedial});
    keys.push_back({pes_sartorius, 0.006f, 0.003f, kMedial});
    return keys;
  };
  const std::vector<SweepKey> sartorius =
      finish_sartorius(lay_on_surface(*front_of_thigh, sartorius_keys, 0.0020f - kThighInset));
  const SdfPtr sartorius_field = make_sweep(sartorius, kForward);
  // The strap as it was first drawn, thinner, on the full envelope: the shape the skin wraps.
  const std::vector<SweepKey> sartorius_skin_keys{
      {{-0.026f, 0.070f, 0.062f}, 0.011f, 0.005f},  {{-0.008f, 0.010f, 0.070f}, 0.014f, 0.0045f},
      {{0.015f, -0.080f, 0.070f}, 0.015f, 0.0045f}, {{0.040f, -0.180f, 0.050f}, 0.014f, 0.0045f},
      {{0.052f, -0.280f, 0.020f}, 0.013f, 0.0045f}, {f.at_knee(0.054f, 0.060f, -0.010f), 0.010f, 0.005f}};

  const std::vector<SweepKey> gracilis_keys{{{0.072f, -0.060f, 0.024f}, 0.012f, 0.0055f},
                                            {{0.070f, -0.120f, 0.006f}, 0.017f, 0.0085f},
                                            {{0.064f, -0.230f, -0.010f}, 0.015f, 0.0080f},
                                            {{0.055f, -0.320f, -0.020f}, 0.009f, 0.0060f}};
  auto finish_gracilis = [&](std::vector<SweepKey> keys) {
    keys.insert(keys.begin(), {{0.074f, -0.045f, 0.030f}, 0.007f, 0.004f, kMedial});
    keys.push_back({f.at_knee(0.048f, 0.010f, -0.028f), 0.004f, 0.004f, kMedial});
    keys.push_back({f.at_knee(0.036f, -0.050f, -0.008f), 0.0035f, 0.003f, kMedial});
    keys.push_back({f.at_knee(0.027f, -0.091f, 0.006f), 0.004f, 0.003f, kMedial});
    return keys;
  };
  const std::vector<SweepKey> gracilis =
      finish_gracilis(lay_on_surface(*thigh_envelope, gracilis_keys, 0.002f - kThighInset));
  // Its origin on the pubis and its tendon's end on the tibia lie on the bone, not in it.
  const SdfPtr gracilis_field = smooth_subtract(
      make_sweep(gracilis, kMedial),
      smooth_union({find_structure(bones, "hip-bone").field, find_structure(bones, "tibia").field}, 0.0f),
      0.001f);
  const std::vector<SweepKey> gracilis_skin_keys{{{0.072f, -0.060f, 0.024f}, 0.010f, 0.004f},
                                                 {{0.070f, -0.120f, 0.006f}, 0.014f, 0.005f},
                                                 {{0.064f, -0.230f, -0.010f}, 0.011f, 0.005f},
                                                 {{0.055f, -0.320f, -0.020f}, 0.007f, 0.005f}};

  // The bellies wrap round the femur and the hip bone and give way to the muscles laid on them.
  cells->solid = smooth_union({find_structure(bones, "femur").field, find_structure(bones, "hip-bone").field,
                               tensor_field, sartorius_field, gracilis_field},
                              0.0f);
  for (size_t i = 0; i < bellies.size(); ++i) {
    StructureSpec spec = muscle(bellies[i].id, bellies[i].shade, make_packed_cell(cells, i), bellies[i].line,
                                bellies[i].triangles, 0.0024f);
    const std::string id = bellies[i].id;
    if (id == "semimembranosus") {
      spec.own_shape = make_sweep(semimembranosus_tendon_course, kForward);
    } else if (id == "semitendinosus") {
      spec.own_shape = make_sweep(semitendinosus_tendon_course, kForward);
    } else if (id == "biceps-femoris") {
      spec.own_shape = smooth_union(
          {make_sweep(biceps_tendon_course, kForward), make_sweep(biceps_short_above_tendon, kForward)},
          0.010f);
    } else {
      spec.own_shape = bellies[i].own;
    }
    // The group adds its envelope to the skin once.
    if (i == 0)
      spec.skin_volume = thigh_envelope;
    else
      spec.in_skin_union = false;
    muscles.push_back(std::move(spec));
  }

  muscles.push_back(muscle("tensor-fasciae-latae", 8, tensor_field, centre_line(tensor), 3000));
  muscles.push_back(muscle("sartorius", 9, sartorius_field, centre_line(sartorius), 5000, 0.0012f));
  muscles.back().skin_volume =
      round_tube(finish_sartorius(lay_on_surface(*front_of_thigh, sartorius_skin_keys, 0.0020f)));
  muscles.push_back(muscle("gracilis", 10, gracilis_field, centre_line(gracilis), 3500, 0.0012f));
  muscles.back().skin_volume =
      round_tube(finish_gracilis(lay_on_surface(*thigh_envelope, gracilis_skin_keys, 0.002f)));

  // Iliotibial tract: a thin band from the iliac crest tubercle, broad over the hip, down the
  // lateral thigh over the epicondyle to Gerdy's tubercle. Its bed is blended over 22 mm (just
  // under the skin's own 24 mm, so the band stays under the skin): a taut band bridges the
  // hollows between vastus lateralis, the condyle and the tibia; with 10 mm the shell followed
  // them down and fell apart into pieces below the thigh.
  const float bed_blend = 0.022f;  // metres
  // Under the tract between the end of vastus lateralis and the lateral epicondyle lie fat and
  // the lateral retinaculum: part of the bed only, so the band spans that hollow too.
  const SdfPtr under_tract = make_sweep({{{-0.052f, -0.345f, 0.012f}, 0.010f, 0.010f},
                                         {f.at_knee(-0.040f, 0.030f, -0.001f), 0.010f, 0.010f},
                                         {f.at_knee(-0.038f, 0.005f, -0.002f), 0.009f, 0.009f}},
                                        kForward);
  const SdfPtr lateral_bed = smooth_union(
      {offset(thigh_envelope, -kThighInset), tensor_field, find_structure(bones, "femur").field,
       find_structure(bones, "hip-bone").field, find_structure(bones, "tibia").field, under_tract},
      bed_blend);
  // The band is the part of a thin shell around that bed (2.5 mm out, 2.4 mm thick) that lies
  // inside a tube along the tract's course, so it hugs the curvature of the thigh.
  const float band_lift = 0.0025f;
  std::vector<SweepKey> band = lay_on_surface(*lateral_bed,
                                              {{{-0.062f, 0.128f, 0.004f}, 0.010f, 0.012f},
                                               {{-0.074f, 0.060f, 0.000f}, 0.030f, 0.012f},
                                               {{-0.080f, -0.020f, 0.004f}, 0.030f, 0.012f},
                                               {{-0.082f, -0.100f, 0.010f}, 0.024f, 0.012f},
                                               {{-0.080f, -0.200f, 0.014f}, 0.020f, 0.012f},
                                               {{-0.072f, -0.290f, 0.016f}, 0.017f, 0.012f},
                                               {{-0.060f, -0.360f, 0.012f}, 0.014f, 0.012f},
                                               {f.at_knee(-0.050f, 0.016f, 0.002f), 0.011f, 0.010f},
                                               {f.at_knee(-0.040f, -0.020f, 0.012f), 0.008f, 0.008f},
                                               {f.at_knee(-0.034f, -0.040f, 0.018f), 0.006f, 0.006f}},
                                              band_lift);
  const SdfPtr band_field =
      smooth_intersect(make_sweep(band, kMedial), make_shell(lateral_bed, band_lift, 0.0012f), 0.0006f);
  muscles.push_back(soft_tissue("iliotibial-tract", Group::Tendons, palette::kTendon, band_field,
                                centre_line(band), 0.0010f, 6000));
  // The tract itself lies on the envelope and stays out of the skin; what lies under it at the
  // knee goes in, so the band stays under the skin.
  muscles.back().skin_volume = under_tract;
  return muscles;
}

}  // namespace leggen
