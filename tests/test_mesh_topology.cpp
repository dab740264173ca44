// scene::encloses_volume, which lets the renderer skip the back faces of closed meshes: true only
// for a surface that closes up, is wound consistently and faces outward.
#include <doctest/doctest.h>

#include <utility>

#include "scene/model.h"

using namespace kneeviz::scene;

namespace {

// A tetrahedron wound counter-clockwise seen from outside.
Mesh tetrahedron() {
  Mesh mesh;
  for (const glm::vec3 p : {glm::vec3(0.f, 0.f, 0.f), glm::vec3(1.f, 0.f, 0.f), glm::vec3(0.f, 1.f, 0.f),
                            glm::vec3(0.f, 0.f, 1.f)}) {
    Vertex v;
    v.position = p;
    mesh.vertices.push_back(v);
  }
  mesh.indices = {0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3};
  return mesh;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("a closed outward surface encloses a volume") {
    CHECK(encloses_volume(tetrahedron()));
  }

  TEST_CASE("inside out or open or doubled surfaces do not") {
    Mesh inside_out = tetrahedron();
    for (std::size_t t = 0; t < inside_out.indices.size(); t += 3)
      std::swap(inside_out.indices[t + 1], inside_out.indices[t + 2]);
    CHECK_FALSE(encloses_volume(inside_out));  // closed, but its front faces look inward

    Mesh open = tetrahedron();
    open.indices.resize(9);  // one face missing
    CHECK_FALSE(encloses_volume(open));

    Mesh flipped_face = tetrahedron();
    std::swap(flipped_face.indices[10], flipped_face.indices[11]);  // one face wound the wrong way
    CHECK_FALSE(encloses_volume(flipped_face));

    Mesh doubled = tetrahedron();
    doubled.indices.insert(doubled.indices.end(), {0, 2, 1});  // a face given twice
    CHECK_FALSE(encloses_volume(doubled));

    CHECK_FALSE(encloses_volume(Mesh{}));
    Mesh out_of_range = tetrahedron();
    out_of_range.indices[0] = 9;
    CHECK_FALSE(encloses_volume(out_of_range));
  }

}  // TEST_SUITE("cpu")
