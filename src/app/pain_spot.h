#pragma once
// "Where does it hurt?" on the leg itself: which spot around the knee a point of the skin is.

#include <optional>
#include <string>

#include "scene/model.h"
#include "scene/pose.h"

namespace kneeviz::app {

// "front", "lateral", "medial" or "back" for a point (in the model's space, on the leg as `leg`
// poses it) within a hand's breadth above or below the knee joint centre; nothing elsewhere, or for
// a model without the knee-joint-centre landmark. The side comes from the epicondyles, so a left
// leg works too.
std::optional<std::string> knee_spot_at(const scene::PosedModel& leg, const glm::vec3& point);

}  // namespace kneeviz::app
