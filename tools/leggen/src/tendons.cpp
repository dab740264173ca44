// Where the muscles turn to tendon. Each muscle below is cut across where its fleshy belly ends
// (from the standard atlases: the hamstrings' and the pes anserinus' tendons round the knee, the
// leg's long tendons over the ankle); the part beyond the cut becomes a mesh of its own,
// "<id>-tendon", drawn as tendon in the tendons group: for a packed muscle, the part of its own
// tube (a round cord) rather than of its cell, whose room round the joint is left to fat. The region
// catalogue maps it to the muscle, so picking or highlighting the muscle takes its tendon too. The skin is
// unchanged: it keeps wrapping what the whole muscle gave it.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "leg_frame.h"
#include "muscle_helpers.h"

namespace leggen {

namespace {

constexpr float kCutBlend = 0.003f;  // metres

struct TendonCut {
  const char* muscle;
  float y;                  // the belly ends here (metres); below it, tendon
  size_t tendon_triangles;  // taken from the muscle's budget
};

}  // namespace

void split_tendons(std::vector<StructureSpec>& specs) {
  const LegFrame& f = leg_frame();
  const TendonCut cuts[]{
      // Semitendinosus: its long round tendon begins in the lower third of the thigh.
      {"semitendinosus", f.knee.y + 0.080f, 1200},
      // Gracilis: a slender tendon over the last 7 cm or so above the knee.
      {"gracilis", f.knee.y + 0.070f, 900},
      // Sartorius: fleshy almost to the knee, then a flat tendon to the pes anserinus.
      {"sartorius", f.knee.y + 0.000f, 800},
      // Biceps femoris: the tendon to the fibular head, felt behind the lateral knee.
      {"biceps-femoris", f.knee.y + 0.040f, 1000},
      // Semimembranosus: a short thick tendon to the back of the medial tibial condyle.
      {"semimembranosus", f.knee.y + 0.020f, 900},
      // Tibialis anterior: its tendon crosses the front of the ankle from the lower third.
      {"tibialis-anterior", f.ankle.y + 0.110f, 1200},
      // Fibularis longus: tendon from mid-leg, behind the lateral malleolus.
      {"fibularis-longus", f.knee.y - 0.260f, 800},
      // Fibularis brevis, the long extensors and the deep calf muscles: fleshy lower down.
      {"fibularis-brevis", f.ankle.y + 0.050f, 600},
      {"extensor-digitorum-longus", f.ankle.y + 0.080f, 800},
      {"deep-posterior-compartment", f.ankle.y + 0.050f, 700},
  };
  for (const TendonCut& cut : cuts) {
    const auto found =
        std::find_if(specs.begin(), specs.end(), [&](const StructureSpec& s) { return s.id == cut.muscle; });
    if (found == specs.end()) throw std::out_of_range(std::string("no muscle named ") + cut.muscle);
    StructureSpec& muscle = *found;
    StructureSpec tendon = soft_tissue(muscle.id + "-tendon", Group::Tendons, palette::kTendon,
                                       smooth_intersect(muscle.own_shape ? muscle.own_shape : muscle.field,
                                                        make_below(cut.y + 0.5f * kCutBlend), kCutBlend),
                                       muscle.fibre_line, std::min(muscle.meshing.spacing, 0.0012f),
                                       cut.tendon_triangles, muscle.binding);
    tendon.in_skin_union = false;
    if (muscle.in_skin_union && !muscle.skin_volume) muscle.skin_volume = muscle.field;
    muscle.field = smooth_intersect(muscle.field, make_above(cut.y - 0.5f * kCutBlend), kCutBlend);
    muscle.meshing.target_triangles -= cut.tendon_triangles;
    specs.push_back(std::move(tendon));  // `muscle` is not used after this: the vector may grow
  }
}

}  // namespace leggen
