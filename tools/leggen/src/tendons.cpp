// Where the muscles turn to tendon. Each muscle below is cut across where its fleshy belly ends
// (from the standard atlases: the hamstrings' and the pes anserinus' tendons round the knee, the
// leg's long tendons over the ankle), and the hamstrings also where their bellies begin (their
// tendons of origin on the ischial tuberosity); the parts beyond the cuts become a mesh of its own,
// "<id>-tendon", drawn as tendon in the tendons group: for a packed muscle, the part of its own
// tube (a round cord) rather than of its cell, whose room round the joint is left to fat. The region
// catalogue maps it to the muscle, so picking or highlighting the muscle takes its tendon too. The skin is
// unchanged: it keeps wrapping what the whole muscle gave it. The muscles a tendon passes over,
// under or into give way to it, so that nothing is both tendon and muscle.
#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "leg_frame.h"
#include "muscle_helpers.h"

namespace leggen {

namespace {

constexpr float kCutBlend = 0.003f;  // metres

constexpr float kNoOriginTendon = std::numeric_limits<float>::infinity();

struct TendonCut {
  const char* muscle;
  float y;                  // the belly ends here (metres); below it, tendon
  size_t tendon_triangles;  // taken from the muscle's budget
  // The belly begins here (metres); above it, the tendon of origin, from the muscle's own tube.
  // Infinite where the muscle is fleshy up to its origin.
  float belly_begins = kNoOriginTendon;
  size_t origin_triangles = 0;  // taken from the muscle's budget too
  // What the tendon of origin gives way to, kept clear by half a millimetre: the bone it arises
  // from (the muscle's tube runs on inside it), the muscles it passes by and the tendons laid
  // before it (the two halves of the common tendon lie side by side).
  std::vector<const char*> clear_of;
  // What the tendon of insertion keeps clear of in the same way, where its course runs between
  // bones and tendons laid before it.
  std::vector<const char*> insertion_clear_of = {};
};

// The muscles each tendon passes over, under or into, which give way to it: a tendon is tendon
// all through, not counted twice with the muscle beside it. Built before the tendons, they are cut
// round each, half a millimetre clear; where one is part of the skin's union, the skin keeps the
// shape it had.
struct GivesWay {
  const char* tendon;
  std::vector<const char*> muscles;
};

constexpr float kClearance = 0.0005f;         // metres
constexpr float kOriginThickening = 0.0015f;  // metres
constexpr float kOriginRounding = 0.006f;     // metres
// Where a bone or a tendon cuts a tendon of insertion, the cut is rounded over less: near its end
// the cord lies on the bone it inserts into.
constexpr float kInsertionRounding = 0.002f;  // metres

}  // namespace

void split_tendons(std::vector<StructureSpec>& specs) {
  const LegFrame& f = leg_frame();
  // A muscle to cut, by its id (a reference into `specs`: not kept across a push_back).
  const auto muscle_named = [&](const char* id) -> StructureSpec& {
    const auto found =
        std::find_if(specs.begin(), specs.end(), [&](const StructureSpec& s) { return s.id == id; });
    if (found == specs.end()) throw std::out_of_range(std::string("no muscle named ") + id);
    return *found;
  };
  const TendonCut cuts[]{
      // Semitendinosus: its long round tendon begins in the lower third of the thigh. Above, it
      // and the long head of biceps femoris arise from the ischial tuberosity by a common tendon
      // 2-3 cm long before their bellies part.
      {"semitendinosus", f.knee.y + 0.080f, 1200, -0.068f, 300, {"hip-bone"}},
      // Gracilis: a slender tendon over the last 7 cm or so above the knee.
      {"gracilis", f.knee.y + 0.070f, 900},
      // Sartorius: fleshy almost to the knee, then a flat tendon to the pes anserinus.
      {"sartorius", f.knee.y + 0.000f, 800},
      // Biceps femoris: the tendon to the fibular head, felt behind the lateral knee.
      {"biceps-femoris",
       f.knee.y + 0.040f,
       1000,
       -0.074f,
       300,
       {"hip-bone", "semitendinosus", "semitendinosus-tendon"}},
      // Semimembranosus: a short thick tendon to the back of the medial tibial condyle. It arises
      // by a long flat tendon (the "membranous" of its name), lateral to and deep under the
      // common tendon; its belly begins lower. Its tendon of insertion runs down the back of the
      // medial femoral condyle, deep to semitendinosus and gracilis and medial to gastrocnemius's
      // medial head, which gives way to it, onto the posteromedial tibia.
      {"semimembranosus",
       f.knee.y + 0.020f,
       900,
       -0.085f,
       400,
       {"hip-bone", "semitendinosus", "semitendinosus-tendon", "biceps-femoris-tendon"},
       {"femur", "tibia", "semitendinosus-tendon", "gracilis-tendon"}},
      // Tibialis anterior: its tendon crosses the front of the ankle from the lower third.
      {"tibialis-anterior", f.ankle.y + 0.110f, 1200},
      // Fibularis longus: tendon from mid-leg, behind the lateral malleolus.
      {"fibularis-longus", f.knee.y - 0.260f, 800},
      // Fibularis brevis, the long extensors and the deep calf muscles: fleshy lower down.
      {"fibularis-brevis", f.ankle.y + 0.050f, 600},
      {"extensor-digitorum-longus", f.ankle.y + 0.080f, 800},
      {"deep-posterior-compartment", f.ankle.y + 0.050f, 700},
  };
  struct OriginTendon {
    size_t tendon;             // index in specs
    SdfPtr insertion, origin;  // the tendon's two parts
    const TendonCut* cut;
  };
  std::vector<OriginTendon> origins;
  struct ClearedInsertion {
    size_t tendon;  // index in specs
    const TendonCut* cut;
  };
  std::vector<ClearedInsertion> insertions;
  for (const TendonCut& cut : cuts) {
    StructureSpec& muscle = muscle_named(cut.muscle);
    const bool has_origin_tendon = cut.belly_begins != kNoOriginTendon;
    const SdfPtr own = muscle.own_shape ? muscle.own_shape : muscle.field;
    const SdfPtr tendon_field = smooth_intersect(own, make_below(cut.y + 0.5f * kCutBlend), kCutBlend);
    if (!cut.insertion_clear_of.empty()) insertions.push_back({specs.size(), &cut});
    if (has_origin_tendon) {
      origins.push_back({specs.size(), tendon_field,
                         smooth_intersect(own, make_above(cut.belly_begins - 0.5f * kCutBlend), kCutBlend),
                         &cut});
    }
    StructureSpec tendon = soft_tissue(muscle.id + "-tendon", Group::Tendons, palette::kTendon, tendon_field,
                                       muscle.fibre_line, std::min(muscle.meshing.spacing, 0.0012f),
                                       cut.tendon_triangles + cut.origin_triangles, muscle.binding);
    tendon.in_skin_union = false;
    if (muscle.in_skin_union && !muscle.skin_volume) muscle.skin_volume = muscle.field;
    muscle.field = smooth_intersect(muscle.field, make_above(cut.y - 0.5f * kCutBlend), kCutBlend);
    if (has_origin_tendon) {
      muscle.field =
          smooth_intersect(muscle.field, make_below(cut.belly_begins + 0.5f * kCutBlend), kCutBlend);
    }
    muscle.meshing.target_triangles -= cut.tendon_triangles + cut.origin_triangles;
    specs.push_back(std::move(tendon));  // `muscle` is not used after this: the vector may grow
  }
  // The tendons of insertion that run between bones and earlier tendons keep clear of them, once
  // those are final (in the order of `cuts`).
  for (const ClearedInsertion& c : insertions) {
    std::vector<SdfPtr> neighbours;
    for (const char* id : c.cut->insertion_clear_of) neighbours.push_back(find_structure(specs, id).field);
    SdfPtr& field = specs[c.tendon].field;
    field = smooth_subtract(field, offset(smooth_union(std::move(neighbours), 0.0f), kClearance),
                            kInsertionRounding);
    for (OriginTendon& o : origins)
      if (o.tendon == c.tendon) o.insertion = field;
  }
  // The tendons of origin join their tendons once every muscle has its final shape (the
  // hamstrings' tendons pass the top of semitendinosus's belly), in the order of `cuts`: each
  // may give way to the tendons before it, already final.
  for (const OriginTendon& o : origins) {
    std::vector<SdfPtr> neighbours;
    for (const char* id : o.cut->clear_of) neighbours.push_back(find_structure(specs, id).field);
    // A cord, not the muscle's thin tube: 1.5 mm thicker all round (its foot runs into the belly's
    // top), and where the bone and the belly beside it cut it, rounded over 6 mm, not left in
    // slivers along them.
    const SdfPtr cleared =
        smooth_subtract(offset(o.origin, kOriginThickening),
                        offset(smooth_union(std::move(neighbours), 0.0f), kClearance), kOriginRounding);
    specs[o.tendon].field = smooth_union({o.insertion, cleared}, 0.0f);
  }
  const GivesWay gives_way[]{
      // Semimembranosus's and semitendinosus's tendons pass medial to gastrocnemius's medial head.
      {"semimembranosus-tendon", {"gastrocnemius"}},
      {"semitendinosus-tendon", {"gastrocnemius"}},
      // Gracilis's tendon runs deep to sartorius to the pes anserinus.
      {"gracilis-tendon", {"sartorius"}},
      // Fibularis longus's tendon lies behind and over fibularis brevis down the lateral leg.
      {"fibularis-longus-tendon", {"fibularis-brevis"}},
      // The four heads of the quadriceps end in its tendon, and soleus in the Achilles tendon.
      {"quadriceps-tendon", {"vastus-medialis", "vastus-lateralis", "vastus-intermedius", "rectus-femoris"}},
      {"achilles-tendon", {"soleus"}},
  };
  for (const GivesWay& g : gives_way) {
    const SdfPtr room = offset(find_structure(specs, g.tendon).field, kClearance);
    for (const char* id : g.muscles) {
      StructureSpec& muscle = muscle_named(id);
      if (muscle.in_skin_union && !muscle.skin_volume) muscle.skin_volume = muscle.field;
      muscle.field = smooth_subtract(muscle.field, room, 0.0f);
    }
  }
}

}  // namespace leggen
