// Turns a signed distance field into a closed, 2-manifold triangle mesh: a narrow-band sampled
// grid, marching tetrahedra (no ambiguous cases, so no cracks), meshoptimizer simplification,
// then vertices pulled back onto the zero set and normals taken from the field's gradient.
#pragma once

#include <cstdint>
#include <vector>

#include "sdf.h"

namespace leggen {

struct TriangleMesh {
  std::vector<vec3> positions;
  std::vector<vec3> normals;
  std::vector<uint32_t> indices;  // counter-clockwise seen from outside
};

struct MeshingOptions {
  float spacing = 0.002f;  // grid step in metres
  size_t target_triangles = 4000;
  float max_simplify_error = 0.0004f;  // metres
  // Smooth away folds left at creases (flat cuts, tight blends) until every triangle faces the
  // way its vertex normals say; used for the skin, whose creases are the sharpest.
  bool repair_folds = false;
  // Taubin (lambda/mu) smoothing after the fold repair: removes the saw-tooth that marching at
  // `spacing` leaves where the field creases, without shrinking the surface; no vertex moves
  // further than `smooth_limit`. Normals are then the smoothed mesh's own. 0 steps: off.
  int smooth_steps = 0;
  float smooth_limit = 0.0015f;  // metres
};

TriangleMesh mesh_field(const Sdf& field, const MeshingOptions& options);

// Recomputes normals from the field's gradient (used after moving vertices).
void compute_field_normals(const Sdf& field, float step, TriangleMesh& mesh);

}  // namespace leggen
