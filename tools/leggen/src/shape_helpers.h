// Small geometric helpers shared by the structure builders.
#pragma once

#include "sdf.h"

namespace leggen {

// Moves p along the field's gradient until it sits `offset` outside the field's zero set (inside
// when negative). Used to lay straps and bands on the muscles beneath them and to put landmarks
// on bone surfaces.
vec3 project_onto(const Sdf& field, const vec3& p, float offset);

// Outward unit normal of the field at p.
vec3 surface_normal(const Sdf& field, const vec3& p);

}  // namespace leggen
