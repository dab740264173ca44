// Body height, joint centres and the scaling of the gait2392 reference figures (Delp et al. 1990;
// OpenSim gait2392, CC BY 3.0) to Winter's segment proportions. Every other position in the model
// is written relative to the joint centres defined here.
#pragma once

#include <glm/glm.hpp>
#include <string_view>

namespace leggen {

using glm::vec3;

struct LegFrame {
  float body_height;  // H, metres
  float thigh_scale;  // (0.245 H) / gait2392 hip-knee distance
  float shank_scale;  // (0.246 H) / gait2392 knee-ankle distance
  vec3 hip;           // hip joint centre (the origin)
  vec3 knee;          // knee joint centre
  vec3 ankle;         // ankle joint centre
  float floor_y;      // sole height: ankle height 0.039 H below the ankle centre
  float foot_length;  // 0.152 H

  // Offsets from the joint centres, the way most anatomy below is written.
  vec3 at_knee(float x, float y, float z) const { return knee + vec3(x, y, z); }
  vec3 at_ankle(float x, float y, float z) const { return ankle + vec3(x, y, z); }
  vec3 at_floor(float x, float y, float z) const { return vec3(x, floor_y + y, z); }
};

const LegFrame& leg_frame();

// A gait2392 path point by its name (e.g. "semiten_r-P5"), scaled into the model: points above the
// reference knee scale about the hip by thigh_scale, points below about the knee by shank_scale.
// Throws std::out_of_range for an unknown name.
vec3 reference_point(std::string_view point_name);

}  // namespace leggen
