#pragma once
// A triangle surface in a pose (the skin, or a muscle whose fibres a stroke crosses), held in a
// bounding volume hierarchy for ray and closest-point queries. CPU only: no GL.

#include <cstdint>
#include <glm/glm.hpp>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "json/error.h"
#include "scene/model.h"
#include "scene/pose.h"

namespace kneeviz::technique {

// A model that lacks what the technique geometry needs: a mesh, a landmark. what() names the model
// file and the missing part, ready for a user to read.
class GeometryError : public Error {
 public:
  using Error::Error;
};

// A point on the surface found by a query.
struct SurfaceHit {
  glm::vec3 point{0.f};
  glm::vec3 normal{0.f, 1.f, 0.f};       // the smooth normal: vertex normals interpolated, unit
  std::uint32_t triangle = 0;            // index into the input triangles (indices()[3 * triangle])
  glm::vec3 barycentric{1.f, 0.f, 0.f};  // weights of the triangle's three vertices, sum 1
  float distance = 0.f;  // along the ray (ray queries) or from the query point (closest point)
};

class SkinSurface {
 public:
  SkinSurface() = default;
  // Takes the triangles as they are (already posed). `normals` has one entry per position;
  // `directions` (optional, empty or one per position) is a tangent field carried along for
  // interpolate_direction(), e.g. a muscle's fibres. Builds the hierarchy (binned SAH,
  // deterministic). Throws GeometryError for indices out of range or mismatched sizes.
  SkinSurface(std::vector<glm::vec3> positions, std::vector<glm::vec3> normals,
              std::vector<std::uint32_t> indices, std::vector<glm::vec3> directions = {});

  // The mesh named `mesh_name` of `model` (e.g. "skin"), skinned on the CPU into `pose`, its fibre
  // directions (when the mesh has them) turned with it. Throws GeometryError when the model has
  // no such mesh.
  static SkinSurface from_model(const scene::Model& model, const scene::Pose& pose,
                                std::string_view mesh_name = "skin");
  // The same with the pose's globals and skinning matrices already computed.
  static SkinSurface from_mesh(const scene::Mesh& mesh, const std::vector<glm::mat4>& globals,
                               const std::vector<glm::mat4>& skinning);

  // The first triangle the ray origin + t * direction meets for t in (t_min, t_max), from either
  // side; nullopt when none. `direction` need not be unit (distance is then in its units).
  std::optional<SurfaceHit> intersect(const glm::vec3& origin, const glm::vec3& direction, float t_min = 0.f,
                                      float t_max = std::numeric_limits<float>::max()) const;
  // Every crossing in (t_min, t_max), nearest first (ties by triangle). A ray through a shared
  // edge or vertex reports each triangle it touches.
  std::vector<SurfaceHit> intersect_all(const glm::vec3& origin, const glm::vec3& direction,
                                        float t_min = 0.f,
                                        float t_max = std::numeric_limits<float>::max()) const;
  // The nearest point of the surface to `point` within `max_distance`; nullopt when the surface is
  // empty or nothing is that close.
  std::optional<SurfaceHit> closest_point(const glm::vec3& point,
                                          float max_distance = std::numeric_limits<float>::max()) const;

  // Indices of the vertices within `radius` of `point` (used by some triangle), ascending.
  std::vector<std::uint32_t> vertices_within(const glm::vec3& point, float radius) const;
  const std::vector<glm::vec3>& directions() const { return directions_; }

  // The carried direction field at a hit (barycentric blend of the three vertices' directions,
  // not normalised); zero when the surface carries none.
  glm::vec3 interpolate_direction(const SurfaceHit& hit) const;

  const std::vector<glm::vec3>& positions() const { return positions_; }
  const std::vector<glm::vec3>& normals() const { return normals_; }
  const std::vector<std::uint32_t>& indices() const { return indices_; }
  bool has_directions() const { return !directions_.empty(); }
  std::size_t triangle_count() const { return indices_.size() / 3; }
  std::size_t node_count() const { return nodes_.size(); }
  scene::Bounds bounds() const;
  bool empty() const { return indices_.empty(); }

 private:
  struct Node {
    glm::vec3 min{0.f};
    std::uint32_t first = 0;  // interior: index of the left child (the right one follows it)
    glm::vec3 max{0.f};
    std::uint32_t count = 0;  // leaf: triangles [first, first + count) of order_; interior: 0
  };
  struct Triangle {  // in hierarchy order, for the ray test
    glm::vec3 v0, e1, e2;
  };

  void build();
  SurfaceHit make_hit(std::uint32_t slot, float u, float v, float distance) const;

  std::vector<glm::vec3> positions_;
  std::vector<glm::vec3> normals_;
  std::vector<glm::vec3> directions_;
  std::vector<std::uint32_t> indices_;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> order_;  // hierarchy slot -> input triangle
  std::vector<Triangle> triangles_;   // by hierarchy slot
};

}  // namespace kneeviz::technique
