// The gluteal muscles. Gluteus maximus is a structure (the buttock, inserting into the iliotibial
// tract with tensor fasciae latae); gluteus medius is only volume the skin wraps and the maximus
// lies on.
#include "leg_frame.h"
#include "muscle_helpers.h"

namespace leggen {

namespace {

constexpr vec3 kUp{0, 1, 0};

}  // namespace

std::vector<SdfPtr> gluteus_maximus_parts() {
  // A flatter upper part under the iliac crest and a rounder lower bulge that overhangs the
  // hamstrings, its lower edge (the gluteal fold) running obliquely, lower medially.
  return {make_ellipsoid({0.010f, 0.055f, -0.062f}, {0.068f, 0.060f, 0.038f},
                         glm::normalize(vec3(1.0f, 0.0f, 0.25f)), kUp),
          make_ellipsoid({0.026f, -0.018f, -0.078f}, {0.058f, 0.048f, 0.036f},
                         glm::normalize(vec3(1.0f, 0.28f, 0.18f)), kUp)};
}

SdfPtr gluteus_medius_shape() {
  // On the outer ilium, reaching back under the crest to gluteus maximus.
  return make_ellipsoid({-0.046f, 0.080f, -0.035f}, {0.024f, 0.050f, 0.055f});
}

StructureSpec build_gluteus_maximus(const std::vector<StructureSpec>& inside) {
  // The buttock's volume, its two parts blended over 45 mm (the skin's 24 mm left a waist
  // between them, two balls without the skin; the crease it fills lies under 10 mm of fat or
  // more), its upper border running
  // from above the PSIS down and outwards over the greater trochanter (above that border gluteus
  // medius is covered only by fascia), less what lies under it: the hip bone and femur, gluteus medius under
  // its upper part and the thigh's muscles (the hamstrings' tendons of origin on the ischial tuberosity,
  // vastus lateralis's top) under its lower part, each kept 1 mm clear. Its fibres run from the back of
  // the pelvis and sacrum down and outwards to the iliotibial tract and the gluteal tuberosity.
  const SdfPtr buttock = smooth_union(gluteus_maximus_parts(), 0.045f);
  const vec3 psis{0.026f, 0.100f, -0.080f};
  const vec3 trochanter{-0.078f, -0.026f, -0.006f};
  const vec3 upper_lateral = glm::normalize(glm::cross(trochanter - psis, vec3(0.0f, 0.0f, 1.0f)));
  const SdfPtr below_upper_border = make_half_space(psis + 0.015f * upper_lateral, upper_lateral);
  const SdfPtr beneath =
      smooth_union({find_structure(inside, "hip-bone").field, find_structure(inside, "femur").field,
                    gluteus_medius_shape(), find_structure(inside, "rectus-femoris").skin_volume,
                    find_structure(inside, "semimembranosus-tendon").field,
                    find_structure(inside, "semitendinosus-tendon").field,
                    find_structure(inside, "biceps-femoris-tendon").field},
                   0.0f);
  const SdfPtr field =
      smooth_subtract(smooth_intersect(buttock, below_upper_border, 0.008f), offset(beneath, 0.001f), 0.003f);
  const std::vector<vec3> line{
      {0.060f, 0.085f, -0.085f}, {0.000f, 0.015f, -0.090f}, {-0.062f, -0.065f, -0.035f}};
  StructureSpec spec =
      soft_tissue("gluteus-maximus", Group::Muscles, palette::muscle(18),
                  with_fibres_below(field, line.back() - line.front(), 1.0f, 1.1f), line, 0.0022f, 3000);
  spec.in_skin_union = false;
  return spec;
}

}  // namespace leggen
