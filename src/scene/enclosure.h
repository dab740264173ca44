#pragma once
// What a closed mesh holds inside it: the skin around the muscles, bones and vessels. A renderer
// need not draw what an opaque skin hides; knowing what that is takes a test of every vertex
// against the skin, done here on lines through it. No GL.

#include <cstddef>
#include <utility>
#include <vector>

#include "scene/model.h"

namespace kneeviz::scene {

// The inside of a closed, consistently wound mesh, as stored (its bind pose), cut by lines along
// +X on a grid of `step` in (y, z): each line keeps the stretches of x it spends inside.
class Enclosure {
 public:
  explicit Enclosure(const Mesh& envelope, float step = 0.003f);

  // Whether `p` lies inside with at least `margin` to spare along its line and along the eight
  // lines around it; near the surface, or outside the grid, it does not.
  bool holds(const glm::vec3& p, float margin) const;
  // Whether every vertex of `mesh` (as stored) does.
  bool holds(const Mesh& mesh, float margin) const;

 private:
  using Spans = std::vector<std::pair<float, float>>;
  const Spans* line(int y, int z) const;

  float step_;
  glm::vec2 origin_{0.f};  // (y, z) of line (0, 0)
  glm::ivec2 count_{0};    // lines along y and along z
  std::vector<Spans> lines_;
};

// For each mesh of `model`, whether it lies wholly inside mesh `envelope` (never the envelope
// itself), with `margin` to spare. A mesh that only nearly touches the envelope from inside, or
// pokes out of it anywhere, is not held.
std::vector<bool> enclosed_by(const Model& model, std::size_t envelope, float margin);

}  // namespace kneeviz::scene
