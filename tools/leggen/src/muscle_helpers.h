// Shared construction of muscle and tendon specs.
#pragma once

#include <string>
#include <vector>

#include "structures.h"

namespace leggen {

inline std::vector<vec3> centre_line(const std::vector<SweepKey>& keys) {
  std::vector<vec3> line;
  line.reserve(keys.size());
  for (const SweepKey& key : keys) line.push_back(key.centre);
  return line;
}

inline StructureSpec soft_tissue(const std::string& id, Group group, vec3 colour, SdfPtr field,
                                 std::vector<vec3> fibre_line, float spacing, size_t triangles,
                                 Binding binding = Binding::KneeBand) {
  StructureSpec spec;
  spec.id = id;
  spec.group = group;
  spec.colour = colour;
  spec.binding = binding;
  spec.field = std::move(field);
  spec.fibre_line = std::move(fibre_line);
  spec.meshing.spacing = spacing;
  spec.meshing.target_triangles = triangles;
  return spec;
}

// Lays the keys of a strap (sartorius, gracilis, the iliotibial tract) on the surface beneath
// it: each centre goes to `lift` outside `beneath`, and the strap's thin axis follows the normal.
std::vector<SweepKey> lay_on_surface(const Sdf& beneath, std::vector<SweepKey> keys, float lift);

}  // namespace leggen
