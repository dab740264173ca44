// Shared construction of muscle and tendon specs.
#pragma once

#include <string>
#include <vector>

#include "structures.h"

namespace leggen {

inline std::vector<vec3> centreLine(const std::vector<SweepKey>& keys) {
  std::vector<vec3> line;
  for (const SweepKey& key : keys) line.push_back(key.centre);
  return line;
}

inline StructureSpec softTissue(const std::string& id, Group group, vec3 colour, SdfPtr field,
                                std::vector<vec3> fibreLine, float spacing, size_t triangles,
                                Binding binding = Binding::KneeBand) {
  StructureSpec spec;
  spec.id = id;
  spec.group = group;
  spec.colour = colour;
  spec.binding = binding;
  spec.field = std::move(field);
  spec.fibreLine = std::move(fibreLine);
  spec.meshing.spacing = spacing;
  spec.meshing.targetTriangles = triangles;
  return spec;
}

// Lays the keys of a strap (sartorius, gracilis, the iliotibial tract) on the surface beneath
// it: each centre goes to `lift` outside `beneath`, and the strap's thin axis follows the normal.
std::vector<SweepKey> layOnSurface(const Sdf& beneath, std::vector<SweepKey> keys, float lift);

}  // namespace leggen
