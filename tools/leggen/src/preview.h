// Debug renders for looking at the model without the app: a small z-buffered software
// rasteriser writing PNG files (anterior, posterior, lateral and medial; with and without skin;
// knee close-ups; the knee flexed to 90 degrees by linear blend skinning).
#pragma once

#include <string>

#include "leg_model.h"

namespace leggen {

// Applies the app's knee-flexion rule (shank theta, knee-blend theta/2, patella 0.7 theta about
// +X at the knee centre) to a position with its joint weights.
vec3 skinned_position(const vec3& position, const JointWeights& weights, float flexion_radians);

void write_previews(const LegModel& model, const std::string& directory);

}  // namespace leggen
