// scene::encloses_volume, which lets the renderer skip the back faces of closed meshes: true only
// for a surface that closes up, is wound consistently and faces outward. scene::Enclosure and
// enclosed_by, which let it skip what a closed opaque skin holds: only what lies wholly inside.
#include <doctest/doctest.h>

#include <utility>

#include "scene/enclosure.h"
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

// The tetrahedron shrunk by `scale` about `centre`'s offset: a smaller one wherever it is put.
Mesh small_tetrahedron(glm::vec3 centre, float scale) {
  Mesh mesh = tetrahedron();
  for (Vertex& v : mesh.vertices) v.position = centre + scale * v.position;
  return mesh;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("an enclosure holds the points inside a closed mesh with the margin asked and no others") {
    // The tetrahedron x, y, z >= 0, x + y + z <= 1: (0.2, 0.2, 0.2) is 0.2 from its nearest faces.
    const Enclosure inside(tetrahedron());
    CHECK(inside.holds(glm::vec3(0.2f), 0.01f));
    CHECK(inside.holds(glm::vec3(0.2f), 0.15f));
    CHECK_FALSE(inside.holds(glm::vec3(0.2f), 0.25f));                // not that far inside
    CHECK_FALSE(inside.holds(glm::vec3(0.5f), 0.f));                  // beyond the slanted face
    CHECK_FALSE(inside.holds(glm::vec3(-0.1f, 0.2f, 0.2f), 0.f));     // behind the x = 0 face
    CHECK_FALSE(inside.holds(glm::vec3(0.2f, 0.2f, 0.001f), 0.01f));  // on the face, within the margin
    CHECK_FALSE(inside.holds(glm::vec3(3.f), 0.f));                   // off the lines altogether
    CHECK_FALSE(Enclosure(Mesh{}).holds(glm::vec3(0.f), 0.f));
  }

  TEST_CASE("enclosed_by names the meshes wholly inside the envelope and not those poking out") {
    Model model;
    model.meshes = {tetrahedron(), small_tetrahedron(glm::vec3(0.15f), 0.2f),
                    small_tetrahedron(glm::vec3(0.3f), 0.5f),                // reaches x + y + z = 1.4: out
                    small_tetrahedron(glm::vec3(0.02f, 0.2f, 0.2f), 0.1f)};  // 2 cm from a face
    const std::vector<bool> held = enclosed_by(model, 0, 0.005f);
    REQUIRE(held.size() == 4);
    CHECK_FALSE(held[0]);  // never the envelope itself
    CHECK(held[1]);
    CHECK_FALSE(held[2]);
    CHECK(held[3]);
    CHECK_FALSE(enclosed_by(model, 0, 0.03f)[3]);                      // but not 3 cm inside
    CHECK(enclosed_by(model, 9, 0.f) == std::vector<bool>(4, false));  // no such envelope
  }

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
