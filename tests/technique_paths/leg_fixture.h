#pragma once
// The bundled leg, loaded once, and its limb frames by knee flexion, shared by the tests.

#include <string>
#include <vector>

#include "scene/model.h"
#include "technique/limb.h"
#include "technique/technique.h"

namespace kneeviz::technique::testing {

const scene::Model& leg();
// The shipped techniques (assets/techniques), read once.
const std::vector<Technique>& shipped_techniques();
// The leg posed at `knee_flexion_deg`, with the fibres of the IT tract and the patellar tendon.
const LimbFrame& leg_frame(float knee_flexion_deg);
// The bundled right leg mirrored in X: a left leg with the same landmarks.
scene::Model mirrored(const scene::Model& model);

// A stroke with the fields a test cares about.
Stroke make_stroke(Segment segment, float from, float to, float angle_deg, Motion motion,
                   float duration_s = 4.f);

}  // namespace kneeviz::technique::testing
