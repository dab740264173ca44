// Surfaces are closed and consistently oriented outwards; muscles, tendons, bones and lymphatics
// lie inside the skin.
#include "glb_fixture.h"

#include <doctest/doctest.h>

#include <map>
#include <utility>

using namespace leggen_test;

namespace {

// Signed volume by the divergence theorem: positive when faces wind outwards.
double signedVolume(const WeldedMesh& mesh) {
  double volume = 0.0;
  for (size_t t = 0; t < mesh.indices.size(); t += 3) {
    const glm::dvec3 a = mesh.positions[mesh.indices[t]];
    const glm::dvec3 b = mesh.positions[mesh.indices[t + 1]];
    const glm::dvec3 c = mesh.positions[mesh.indices[t + 2]];
    volume += glm::dot(a, glm::cross(b, c)) / 6.0;
  }
  return volume;
}

// Parity of crossings of a ray along +X, with triangles bucketed by (y, z) so thousands of
// queries stay fast.
class InsideTest {
public:
  explicit InsideTest(WeldedMesh mesh) : mesh_(std::move(mesh)) {
    for (size_t t = 0; t < mesh_.indices.size(); t += 3) {
      glm::vec2 lo(1e9f), hi(-1e9f);
      for (int k = 0; k < 3; ++k) {
        const glm::vec3& p = mesh_.positions[mesh_.indices[t + k]];
        lo = glm::min(lo, glm::vec2(p.y, p.z));
        hi = glm::max(hi, glm::vec2(p.y, p.z));
      }
      for (int y = cell(lo.x); y <= cell(hi.x); ++y) {
        for (int z = cell(lo.y); z <= cell(hi.y); ++z) buckets_[{y, z}].push_back(t);
      }
    }
  }
  bool inside(const glm::vec3& p) const {
    const auto found = buckets_.find({cell(p.y), cell(p.z)});
    if (found == buckets_.end()) return false;
    int crossings = 0;
    for (size_t t : found->second) {
      const glm::vec3& a = mesh_.positions[mesh_.indices[t]];
      const glm::vec3& b = mesh_.positions[mesh_.indices[t + 1]];
      const glm::vec3& c = mesh_.positions[mesh_.indices[t + 2]];
      // Barycentric test of (p.y, p.z) in the triangle's (y, z) projection.
      const float d = (b.y - a.y) * (c.z - a.z) - (c.y - a.y) * (b.z - a.z);
      if (d == 0.0f) continue;
      const float u = ((p.y - a.y) * (c.z - a.z) - (c.y - a.y) * (p.z - a.z)) / d;
      const float v = ((b.y - a.y) * (p.z - a.z) - (p.y - a.y) * (b.z - a.z)) / d;
      if (u < 0 || v < 0 || u + v > 1) continue;
      const float x = a.x + u * (b.x - a.x) + v * (c.x - a.x);
      if (x > p.x) ++crossings;
    }
    return crossings % 2 == 1;
  }

private:
  static int cell(float v) { return static_cast<int>(std::floor(v / 0.004f)); }
  WeldedMesh mesh_;
  std::map<std::pair<int, int>, std::vector<size_t>> buckets_;
};

}  // namespace

TEST_CASE("leggen_closed") {
  for (const std::string& id : kStructures) {
    CAPTURE(id);
    const aiMesh* mesh = findMesh(id);
    REQUIRE(mesh != nullptr);
    const WeldedMesh welded = weld(*mesh);
    // Each directed edge once, and its reverse once: closed, 2-manifold, consistently wound.
    std::map<std::pair<unsigned, unsigned>, int> directed;
    size_t degenerate = 0;
    for (size_t t = 0; t < welded.indices.size(); t += 3) {
      for (int k = 0; k < 3; ++k) {
        const unsigned a = welded.indices[t + k], b = welded.indices[t + (k + 1) % 3];
        if (a == b) ++degenerate;
        ++directed[{a, b}];
      }
    }
    CHECK(degenerate == 0);
    size_t open = 0, nonManifold = 0;
    for (const auto& [edge, count] : directed) {
      if (count > 1) ++nonManifold;
      if (directed.find({edge.second, edge.first}) == directed.end()) ++open;
    }
    CHECK(open == 0);
    CHECK(nonManifold == 0);
    CHECK(signedVolume(welded) > 0.0);
  }
}

TEST_CASE("leggen_inside_skin") {
  const InsideTest skin(weld(*findMesh("skin")));
  for (const std::string& id : kStructures) {
    if (id == "skin") continue;
    CAPTURE(id);
    const aiMesh* mesh = findMesh(id);
    size_t outside = 0, tested = 0;
    for (unsigned i = 0; i < mesh->mNumVertices; i += 5) {
      ++tested;
      if (!skin.inside(toGlm(mesh->mVertices[i]))) ++outside;
    }
    CHECK_MESSAGE(outside == 0, outside << " of " << tested << " sampled vertices outside");
  }
}
