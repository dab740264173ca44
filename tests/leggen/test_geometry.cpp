// Surfaces are closed and consistently oriented outwards; muscles, tendons, bones and lymphatics
// lie inside the skin.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <utility>

#include "glb_fixture.h"
#include "inside_test.h"

using namespace leggen_test;

namespace {

// Signed volume by the divergence theorem: positive when faces wind outwards.
double signed_volume(const WeldedMesh& mesh) {
  double volume = 0.0;
  for (size_t t = 0; t < mesh.indices.size(); t += 3) {
    const glm::dvec3 a = mesh.positions[mesh.indices[t]];
    const glm::dvec3 b = mesh.positions[mesh.indices[t + 1]];
    const glm::dvec3 c = mesh.positions[mesh.indices[t + 2]];
    volume += glm::dot(a, glm::cross(b, c)) / 6.0;
  }
  return volume;
}

}  // namespace

TEST_CASE("leggen_closed") {
  for (const std::string& id : kStructures) {
    CAPTURE(id);
    const aiMesh* mesh = find_mesh(id);
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
    size_t open = 0, non_manifold = 0;
    for (const auto& [edge, count] : directed) {
      if (count > 1) ++non_manifold;
      if (directed.find({edge.second, edge.first}) == directed.end()) ++open;
    }
    CHECK(open == 0);
    CHECK(non_manifold == 0);
    CHECK(signed_volume(welded) > 0.0);
  }
}

TEST_CASE("leggen_inside_skin") {
  WeldedMesh welded = weld(*find_mesh("skin"));
  const InsideTest skin(std::move(welded.positions), std::move(welded.indices));
  for (const std::string& id : kStructures) {
    if (id == "skin") continue;
    CAPTURE(id);
    const aiMesh* mesh = find_mesh(id);
    size_t outside = 0, tested = 0;
    for (unsigned i = 0; i < mesh->mNumVertices; i += 5) {
      ++tested;
      if (!skin.inside(to_glm(mesh->mVertices[i]))) ++outside;
    }
    CHECK_MESSAGE(outside == 0, outside << " of " << tested << " sampled vertices outside");
  }
}

// The thigh's muscles cover the femoral shaft: rays from the shaft's axis outwards, at heights
// from 10 cm below the hip centre to 10 cm above the knee centre and every 15 degrees round,
// reach a muscle (or the iliotibial tract lying on vastus lateralis) before the skin. Anatomy
// leaves no bare bone there: the adductor canal and the femoral triangle lie between muscles that
// still cover the shaft, so no exception is needed. The rays start at the shaft's centre (the
// centroid of the femur's vertices in a 1 cm slab) and the femur itself is ignored.
TEST_CASE("leggen_coverage") {
  std::vector<glm::vec3> positions;
  std::vector<unsigned> indices;
  std::vector<std::string> covering = kMuscles;
  covering.emplace_back("iliotibial-tract");
  for (const std::string& id : covering) {
    const aiMesh* mesh = find_mesh(id);
    REQUIRE(mesh != nullptr);
    const unsigned base = static_cast<unsigned>(positions.size());
    for (unsigned i = 0; i < mesh->mNumVertices; ++i) positions.push_back(to_glm(mesh->mVertices[i]));
    for (unsigned f = 0; f < mesh->mNumFaces; ++f) {
      for (unsigned k = 0; k < 3; ++k) indices.push_back(base + mesh->mFaces[f].mIndices[k]);
    }
  }
  const InsideTest muscles(std::move(positions), std::move(indices));
  WeldedMesh skin_mesh = weld(*find_mesh("skin"));
  const InsideTest skin(std::move(skin_mesh.positions), std::move(skin_mesh.indices));
  const aiMesh& femur = *find_mesh("femur");
  const float hip_y = landmark("hip-joint-centre").y;
  const float knee_y = landmark("knee-joint-centre").y;
  size_t bare = 0, rays = 0;
  for (float y = hip_y - 0.10f; y >= knee_y + 0.10f - 1e-4f; y -= 0.03f) {
    glm::vec3 centre(0.0f);
    int n = 0;
    for (unsigned i = 0; i < femur.mNumVertices; ++i) {
      const glm::vec3 p = to_glm(femur.mVertices[i]);
      if (std::abs(p.y - y) < 0.005f) {
        centre += p;
        ++n;
      }
    }
    REQUIRE(n > 10);
    centre /= static_cast<float>(n);
    for (int a = 0; a < 24; ++a) {
      const float angle = glm::radians(15.0f * static_cast<float>(a));
      const glm::vec3 direction(std::cos(angle), 0.0f, std::sin(angle));
      const float to_muscle = muscles.first_hit(centre, direction);
      const float to_skin = skin.first_hit(centre, direction);
      ++rays;
      if (to_muscle < 0.0f || to_muscle > to_skin) {
        ++bare;
        MESSAGE("bare femur at y " << y << ", " << 15 * a << " degrees");
      }
    }
  }
  MESSAGE(bare << " of " << rays << " rays from the femoral shaft reach the skin first");
  CHECK(bare == 0);
}
