#pragma once
// Colour science for the palette tests: CIELAB, CIE76 colour difference, and simulated
// colour-vision deficiency (Machado, Oliveira & Fernandes 2009, severity 1.0).

#include <glm/vec3.hpp>

namespace kneeviz::anatomy::testing {

enum class Vision { Normal, Deuteranopia, Protanopia };

// sRGB components in [0, 1] (gamma-encoded) to CIELAB with the D65 white point.
glm::vec3 srgb_to_lab(const glm::vec3& srgb);
// The sRGB colour a viewer with `vision` perceives as equivalent, clamped to [0, 1].
glm::vec3 simulate(const glm::vec3& srgb, Vision vision);
// CIE76 Delta E between two sRGB colours as seen with `vision`.
float delta_e76(const glm::vec3& srgb_a, const glm::vec3& srgb_b, Vision vision = Vision::Normal);

}  // namespace kneeviz::anatomy::testing
