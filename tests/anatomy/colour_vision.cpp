#include "colour_vision.h"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>

namespace kneeviz::anatomy::testing {

namespace {

float to_linear(float c) {
  return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}
float to_encoded(float c) {
  c = std::clamp(c, 0.f, 1.f);
  return c <= 0.0031308f ? 12.92f * c : 1.055f * std::pow(c, 1.f / 2.4f) - 0.055f;
}
glm::vec3 to_linear(const glm::vec3& c) {
  return {to_linear(c.r), to_linear(c.g), to_linear(c.b)};
}
glm::vec3 to_encoded(const glm::vec3& c) {
  return {to_encoded(c.r), to_encoded(c.g), to_encoded(c.b)};
}

// glm matrices are column-major: rows are written here as in the papers, then transposed.
glm::mat3 rows(glm::vec3 r0, glm::vec3 r1, glm::vec3 r2) {
  return glm::transpose(glm::mat3(r0, r1, r2));
}

// Machado et al. 2009, "A Physiologically-based Model for Simulation of Color Vision Deficiency",
// Table 1 at severity 1.0; the matrices act on linear RGB.
const glm::mat3 kDeuteranopia = rows({0.367322f, 0.860646f, -0.227968f}, {0.280085f, 0.672501f, 0.047413f},
                                     {-0.011820f, 0.042940f, 0.968881f});
const glm::mat3 kProtanopia = rows({0.152286f, 1.052583f, -0.204868f}, {0.114503f, 0.786281f, 0.099216f},
                                   {-0.003882f, -0.048116f, 1.051998f});

float lab_f(float t) {
  constexpr float kEpsilon = 216.f / 24389.f, kKappa = 24389.f / 27.f;
  return t > kEpsilon ? std::cbrt(t) : (kKappa * t + 16.f) / 116.f;
}

}  // namespace

glm::vec3 srgb_to_lab(const glm::vec3& srgb) {
  const glm::vec3 linear = to_linear(srgb);
  // sRGB (D65) to XYZ, IEC 61966-2-1.
  const glm::mat3 to_xyz = rows({0.4124564f, 0.3575761f, 0.1804375f}, {0.2126729f, 0.7151522f, 0.0721750f},
                                {0.0193339f, 0.1191920f, 0.9503041f});
  const glm::vec3 xyz = to_xyz * linear;
  const glm::vec3 white{0.95047f, 1.f, 1.08883f};
  const float fx = lab_f(xyz.x / white.x), fy = lab_f(xyz.y / white.y), fz = lab_f(xyz.z / white.z);
  return {116.f * fy - 16.f, 500.f * (fx - fy), 200.f * (fy - fz)};
}

glm::vec3 simulate(const glm::vec3& srgb, Vision vision) {
  switch (vision) {
    case Vision::Normal:
      return srgb;
    case Vision::Deuteranopia:
      return to_encoded(kDeuteranopia * to_linear(srgb));
    case Vision::Protanopia:
      return to_encoded(kProtanopia * to_linear(srgb));
  }
  return srgb;
}

float delta_e76(const glm::vec3& srgb_a, const glm::vec3& srgb_b, Vision vision) {
  return glm::distance(srgb_to_lab(simulate(srgb_a, vision)), srgb_to_lab(simulate(srgb_b, vision)));
}

}  // namespace kneeviz::anatomy::testing
