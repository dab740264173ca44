// Loading models through Assimp, with errors that name the file; and the io/ writers.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "io/atomic_file.h"
#include "io/png.h"
#include "scene/loader.h"
#include "scene/pose.h"
#include "support/doctest_glm.h"
#include "support/images.h"
#include "support/test_files.h"
#include "support/test_models.h"

using namespace kneeviz;
using kneeviz::test::TempDir;

namespace {

// The message of the ModelError that loading `file` throws; fails the test when none is thrown.
std::string load_error(const std::filesystem::path& file) {
  try {
    (void)scene::load_model(file);
  } catch (const scene::ModelError& error) {
    return error.what();
  } catch (const std::exception& error) {
    FAIL("expected a ModelError, got another exception: " << error.what());
    return {};
  }
  FAIL("expected a ModelError for " << file.string() << ", but the model loaded");
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The glTF of the loader tests: "leg" at (1, 0, 0) with a child mesh node "femur" at (0, 2, 0)
// holding a unit cube, and an empty child "knee-joint-centre" at (0, 0.5, 0.1).
test::GltfScene femur_scene() {
  test::GltfScene scene;
  scene.meshes.push_back(
      {"femur-mesh", test::box(glm::vec3(0.f), glm::vec3(0.5f)), {0.9f, 0.1f, 0.2f, 1.f}, true});
  scene.nodes.push_back({"leg", {1.f, 0.f, 0.f}, -1, {1, 2}});
  scene.nodes.push_back({"femur", {0.f, 2.f, 0.f}, 0, {}});
  scene.nodes.push_back({"knee-joint-centre", {0.f, 0.5f, 0.1f}, -1, {}});
  scene.roots = {0};
  return scene;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("OBJ objects and groups become named meshes with normals generated where missing") {
    TempDir dir;
    const test::Shape cube = test::box({-2.f, 0.f, 0.f}, glm::vec3(0.5f));
    test::Shape octa = test::octahedron({2.f, 1.f, 0.f}, 0.75f);
    const std::string text = "# two structures\n" + test::obj_object("a", cube, 1, /*as_group=*/true) +
                             test::obj_object("b", octa, 1 + cube.positions.size());
    test::write_text(dir / "two.obj", text);

    const scene::Model model = scene::load_model(dir / "two.obj");
    CHECK(model.source == (dir / "two.obj").string());
    CHECK(model.triangle_count() == cube.triangle_count() + octa.triangle_count());
    const scene::Mesh* a = nullptr;
    const scene::Mesh* b = nullptr;
    for (const scene::Mesh& mesh : model.meshes) {
      if (mesh.name == "a") a = &mesh;
      if (mesh.name == "b") b = &mesh;
    }
    REQUIRE_MESSAGE(a, "no mesh named 'a' (the OBJ group)");
    REQUIRE_MESSAGE(b, "no mesh named 'b' (the OBJ object)");
    CHECK(a->triangle_count() == 12);
    CHECK(b->triangle_count() == 8);
    CHECK_FALSE(a->skinned);

    // The cube's normals came from the file: axis-aligned, pointing out of their face.
    for (const scene::Vertex& v : a->vertices) {
      CHECK(glm::length(v.normal) == doctest::Approx(1.f).epsilon(1e-3));
      CHECK(glm::dot(v.normal, v.position - glm::vec3(-2.f, 0.f, 0.f)) > 0.f);
    }
    // The octahedron had none: generated smooth normals are unit length and point outward.
    REQUIRE(b->vertices.size() >= 6);
    for (const scene::Vertex& v : b->vertices) {
      CAPTURE(v.position);
      CHECK(glm::length(v.normal) == doctest::Approx(1.f).epsilon(1e-3));
      const glm::vec3 outward = glm::normalize(v.position - glm::vec3(2.f, 1.f, 0.f));
      CHECK(glm::dot(v.normal, outward) > 0.5f);
    }
    const scene::Bounds bounds = model.bounds();
    CHECK(bounds.min.x == doctest::Approx(-2.5f));
    CHECK(bounds.max.x == doctest::Approx(2.75f));
    CHECK(bounds.max.y == doctest::Approx(1.75f));
  }

  TEST_CASE("OBJ materials give the diffuse colour") {
    TempDir dir;
    test::write_text(dir / "tinted.mtl", "newmtl tint\nKd 0.2 0.4 0.6\nd 1.0\n");
    test::write_text(dir / "tinted.obj", "mtllib tinted.mtl\nusemtl tint\n" +
                                             test::obj_object("tinted", test::box({}, glm::vec3(0.5f)), 1));
    const scene::Model model = scene::load_model(dir / "tinted.obj");
    REQUIRE(model.meshes.size() == 1);
    const glm::vec4 colour = model.meshes[0].material.base_colour;
    CHECK(colour.r == doctest::Approx(0.2f));
    CHECK(colour.g == doctest::Approx(0.4f));
    CHECK(colour.b == doctest::Approx(0.6f));
    CHECK(colour.a == doctest::Approx(1.f));
  }

  TEST_CASE("glTF keeps the hierarchy names landmarks bounds triangles and material") {
    TempDir dir;
    test::write_gltf(dir / "femur.gltf", femur_scene());
    const scene::Model model = scene::load_model(dir / "femur.gltf");

    const int leg = model.find_node("leg");
    const int femur = model.find_node("femur");
    const int landmark = model.find_node("knee-joint-centre");
    REQUIRE(leg >= 0);
    REQUIRE(femur >= 0);
    REQUIRE(landmark >= 0);
    CHECK(model.find_node("no-such-node") == -1);
    // Parents come before their children, and links go both ways.
    CHECK(model.nodes[femur].parent == leg);
    CHECK(model.nodes[landmark].parent == leg);
    CHECK(leg < femur);
    const auto& children = model.nodes[leg].children;
    CHECK(std::count(children.begin(), children.end(), femur) == 1);
    CHECK(std::count(children.begin(), children.end(), landmark) == 1);

    // One mesh, named after its node (the structure ID), placed by that node.
    REQUIRE(model.meshes.size() == 1);
    const scene::Mesh& mesh = model.meshes[0];
    CHECK(mesh.name == "femur");
    CHECK(mesh.node == femur);
    CHECK(model.nodes[femur].meshes == std::vector<int>{0});
    CHECK(mesh.triangle_count() == 12);
    CHECK(model.triangle_count() == 12);
    CHECK_FALSE(mesh.skinned);
    CHECK(model.joints.empty());

    // The base colour factor.
    CHECK(mesh.material.base_colour.r == doctest::Approx(0.9f));
    CHECK(mesh.material.base_colour.g == doctest::Approx(0.1f));
    CHECK(mesh.material.base_colour.b == doctest::Approx(0.2f));
    CHECK(mesh.material.base_colour.a == doctest::Approx(1.f));
    CHECK(mesh.material.roughness == doctest::Approx(0.6f));

    // The landmark is listed among the empty nodes, and sits where the two translations put it.
    const std::vector<int> empties = model.empty_nodes();
    CHECK(std::count(empties.begin(), empties.end(), landmark) == 1);
    CHECK(std::count(empties.begin(), empties.end(), femur) == 0);
    const std::vector<glm::mat4> globals = model.global_transforms();
    const glm::vec3 landmark_position = globals[landmark][3];
    CHECK(landmark_position.x == doctest::Approx(1.f));
    CHECK(landmark_position.y == doctest::Approx(0.5f));
    CHECK(landmark_position.z == doctest::Approx(0.1f));

    // Bounds follow the node transforms of a rigid mesh: the unit cube at (1, 2, 0).
    const scene::Bounds bounds = model.bounds();
    CHECK(bounds.min.x == doctest::Approx(0.5f));
    CHECK(bounds.max.x == doctest::Approx(1.5f));
    CHECK(bounds.min.y == doctest::Approx(1.5f));
    CHECK(bounds.max.y == doctest::Approx(2.5f));
    CHECK(bounds.min.z == doctest::Approx(-0.5f));
    CHECK(bounds.max.z == doctest::Approx(0.5f));
  }

  TEST_CASE("every mesh of a node is named after the node") {
    // A structure with two materials is one glTF mesh with two primitives, which Assimp splits in
    // two meshes. Both are the same structure: --hide and the panel find them by the node's name.
    TempDir dir;
    nlohmann::json gltf = nlohmann::json::parse(test::gltf_json(femur_scene()));
    nlohmann::json second = gltf["meshes"][0]["primitives"][0];
    gltf["materials"].push_back(
        {{"name", "cartilage"}, {"pbrMetallicRoughness", {{"baseColorFactor", {0.3, 0.9, 0.8, 1.0}}}}});
    second["material"] = gltf["materials"].size() - 1;
    gltf["meshes"][0]["primitives"].push_back(second);
    test::write_text(dir / "two-primitives.gltf", gltf.dump());

    const scene::Model model = scene::load_model(dir / "two-primitives.gltf");
    REQUIRE(model.meshes.size() == 2);
    CHECK(model.meshes[0].name == "femur");
    CHECK(model.meshes[1].name == "femur");
    CHECK(model.meshes[0].node == model.meshes[1].node);
    CHECK(model.meshes[0].material.base_colour.r != doctest::Approx(model.meshes[1].material.base_colour.r));
  }

  TEST_CASE("a model beyond the size or triangle limits is refused with a message") {
    test::TempDir dir;
    const auto file = dir / "box.gltf";
    test::write_gltf(
        file,
        test::scene_of({{"box", test::box({0.f, 0.f, 0.f}, {1.f, 1.f, 1.f}), {0.8f, 0.2f, 0.2f, 1.f}}}));
    CHECK_NOTHROW(scene::load_model(file));  // within the default limits
    scene::ModelLimits few_triangles;
    few_triangles.max_triangles = 5;
    try {
      scene::load_model(file, few_triangles);
      FAIL("a 12-triangle box passed a 5-triangle limit");
    } catch (const scene::ModelError& error) {
      CHECK(std::string(error.what()).find(file.string()) != std::string::npos);
      CHECK(std::string(error.what()).find("12 triangles") != std::string::npos);
    }
    scene::ModelLimits small_files;
    small_files.max_file_bytes = 64;
    CHECK_THROWS_AS(scene::load_model(file, small_files), scene::ModelError);
  }

  TEST_CASE("formats kneeviz does not need are refused before Assimp reads them") {
    TempDir dir;
    // A valid OBJ named as a Quake model and without an extension: the name decides, not Assimp.
    const std::string obj = "o tri\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n";
    for (const char* name : {"leg.md2", "leg"}) {
      const auto file = dir / name;
      test::write_text(file, obj);
      const std::string message = load_error(file);
      CHECK(contains(message, file.string()));
      CHECK(contains(message, ".glb, .gltf, .obj"));
    }
    const auto upper = dir / "TRI.OBJ";  // the extension's case does not matter
    test::write_text(upper, obj);
    CHECK(scene::load_model(upper).meshes.size() == 1);
  }

  TEST_CASE("a glTF whose counts ask for more than its buffers hold is refused before Assimp allocates") {
    TempDir dir;
    const auto file = dir / "box.gltf";
    test::write_gltf(
        file,
        test::scene_of({{"box", test::box({0.f, 0.f, 0.f}, {1.f, 1.f, 1.f}), {0.8f, 0.2f, 0.2f, 1.f}}}));
    nlohmann::json gltf = nlohmann::json::parse(test::read_text(file));
    gltf["accessors"][0]["count"] = 400'000'000;  // gigabytes of vertices from a file of a few KB
    test::write_text(file, gltf.dump());
    const std::string message = load_error(file);
    CHECK(contains(message, file.string()));
    CHECK(contains(message, "accessors[0] reaches past the end of its bufferView"));
    gltf["buffers"][0]["byteLength"] = 1ull << 40;
    test::write_text(file, gltf.dump());
    CHECK(contains(load_error(file), "buffers[0] is larger than the model size kneeviz accepts"));
  }

  TEST_CASE("indexed glTF keeps its vertices as written and a triangle soup is welded") {
    // Two triangles of a square whose shared edge repeats two vertices (identical in every
    // attribute): indexed glTF is trusted as it is, which is what makes the bundled leg load fast;
    // without indices the vertices are welded, so the surface is connected.
    test::Shape square;
    square.positions = {{0.f, 0.f, 0.f}, {1.f, 0.f, 0.f}, {1.f, 1.f, 0.f},
                        {0.f, 0.f, 0.f}, {1.f, 1.f, 0.f}, {0.f, 1.f, 0.f}};
    square.indices = {0, 1, 2, 3, 4, 5};
    TempDir dir;
    const auto indexed = dir / "indexed.gltf";
    test::GltfMesh mesh{"square", square, {0.8f, 0.2f, 0.2f, 1.f}, false};
    test::write_gltf(indexed, test::scene_of({mesh}));
    const scene::Model as_written = scene::load_model(indexed);
    REQUIRE(as_written.meshes.size() == 1);
    CHECK(as_written.meshes[0].vertices.size() == 6);
    CHECK(as_written.meshes[0].triangle_count() == 2);

    nlohmann::json gltf = nlohmann::json::parse(test::read_text(indexed));
    gltf["meshes"][0]["primitives"][0].erase("indices");  // the positions are already in triangle order
    const auto soup = dir / "soup.gltf";
    test::write_text(soup, gltf.dump());
    const scene::Model welded = scene::load_model(soup);
    REQUIRE(welded.meshes.size() == 1);
    CHECK(welded.meshes[0].vertices.size() == 4);
    CHECK(welded.meshes[0].triangle_count() == 2);
  }

  TEST_CASE("glTF nodes that nest too deep or loop or share a child are refused before Assimp reads them") {
    TempDir dir;
    const auto file = dir / "nodes.gltf";
    const auto with_nodes = [&](const std::string& nodes) {
      test::write_text(
          file,
          "{\"asset\": {\"version\": \"2.0\"}, \"scenes\": [{\"nodes\": [0]}], \"nodes\": [" + nodes + "]}");
      return load_error(file);
    };
    std::string chain;
    for (int i = 0; i < 20000; ++i) chain += "{\"children\": [" + std::to_string(i + 1) + "]},";
    chain += "{}";
    std::string said = with_nodes(chain);
    CHECK(contains(said, file.string() + ": nodes[257] lies more than 256 levels deep"));
    said = with_nodes("{\"children\": [1]}, {\"children\": [2]}, {\"children\": [0]}");
    CHECK(contains(said, "is its own ancestor"));
    said = with_nodes("{\"children\": [1]}, {\"children\": [1]}");
    CHECK(contains(said, "nodes[1] is its own child"));
    said = with_nodes("{\"children\": [2]}, {\"children\": [2]}, {}");
    CHECK(contains(said, "nodes[2] is the child of both nodes[0] and nodes[1]"));
    said = with_nodes("{\"children\": [7]}");
    CHECK(contains(said, "names a node the file does not have: 7"));
    // A deep hierarchy that is still a tree loads: 200 levels, a mesh at the bottom.
    test::GltfScene deep = femur_scene();
    deep.nodes.clear();
    for (int i = 0; i < 200; ++i)
      deep.nodes.push_back({"level-" + std::to_string(i), {0.f, 0.01f, 0.f}, -1, {i + 1}});
    deep.nodes.push_back({"femur", {}, 0, {}});
    deep.roots = {0};
    test::write_gltf(file, deep);
    const scene::Model model = scene::load_model(file);
    CHECK(model.nodes.size() >= 201);
    CHECK(model.bounds().max.y == doctest::Approx(2.5f));  // 200 levels of 1 cm, and the cube's top
  }

  TEST_CASE(
      "Collada nodes nested without end or instancing themselves are refused before Assimp reads them") {
    TempDir dir;
    const auto file = dir / "nodes.dae";
    const auto collada = [](const std::string& scene) {
      return "<?xml version=\"1.0\"?>\n<COLLADA xmlns=\"http://www.collada.org/2005/11/COLLADASchema\" "
             "version=\"1.4.1\">\n"
             "<library_visual_scenes><visual_scene id=\"s\">\n" +
             scene +
             "\n</visual_scene></library_visual_scenes>\n<scene><instance_visual_scene "
             "url=\"#s\"/></scene>\n</COLLADA>\n";
    };
    std::string nested;
    for (int i = 0; i < 20000; ++i) nested += "<node id=\"n" + std::to_string(i) + "\">\n";
    for (int i = 0; i < 20000; ++i) nested += "</node>";
    test::write_text(file, collada(nested));
    CHECK(
        contains(load_error(file), file.string() + ":260: its <node> elements nest deeper than 256 levels"));
    test::write_text(file,
                     collada("<node id=\"a\">\n<node id=\"b\">\n<instance_node url=\"#a\"/></node></node>"));
    CHECK(contains(load_error(file), file.string() + ":4: a <node> instances itself or a node it lies in"));
    std::string elements;
    for (int i = 0; i < 5000; ++i) elements += "<extra>";
    test::write_text(file, collada(elements));
    CHECK(contains(load_error(file), "its XML elements nest deeper than 1024 levels"));
  }

  TEST_CASE(
      "a PLY whose element counts need more bytes than the file holds is refused before Assimp allocates") {
    TempDir dir;
    const auto file = dir / "promise.ply";
    test::write_text(
        file,
        "ply\nformat binary_little_endian 1.0\nelement vertex 1000000000\nproperty float x\n"
        "property float y\nproperty float z\nelement face 1\nproperty list uchar int vertex_indices\n"
        "end_header\n" +
            std::string(64, '\0'));
    CHECK(contains(load_error(file), file.string() +
                                         ":3: element 'vertex' says 1000000000 entries, which need at "
                                         "least 12000000000 bytes, but the file holds 64"));
    test::write_text(file,
                     "ply\nformat ascii 1.0\nelement vertex 3\nproperty quaternion x\nend_header\n0\n0\n0\n");
    CHECK(contains(load_error(file), ":4: unknown PLY property type 'quaternion'"));
    test::write_text(file, "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\n");
    CHECK(contains(load_error(file), "no end_header"));
    // The body as the header says, entry by entry: Assimp 5.2 turns a short or empty face into an
    // assertion that ends the program (found by fuzzing).
    const std::string header =
        "ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\n"
        "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n";
    const std::string corners = "0 0 0\n1 0 0\n1 1 0\n0 1 0\n";
    test::write_text(file, header + "0 0 0\n1 0 0\n1 1 0\n0 1 2 3\n");
    CHECK(contains(load_error(file),
                   "element 'face', entry 0, property 'vertex_indices' is missing: the file ends before it"));
    test::write_text(file, header + corners + "2 0 1\n");
    CHECK(contains(load_error(file), "has 2 corners; expected a polygon of 3 or more"));
    test::write_text(file, header + corners + "3 0 1 9\n");
    CHECK(contains(load_error(file), "names vertex 9; the file has 4"));
    test::write_text(file, header + "0 0 0\n1 zero 0\n1 1 0\n0 1 0\n3 0 1 2\n");
    CHECK(contains(load_error(file), "element 'vertex', entry 1, property 'y' is 'zero'; expected a number"));
    test::write_text(file, header + corners + "4 0 1 2 3\n");
    CHECK(scene::load_model(file).triangle_count() == 2);
    // Binary: a face naming vertex -1 (read unsigned, beyond the vertices).
    std::string binary =
        "ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
        "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n";
    binary += std::string(36, '\0') + "\x03" + std::string("\0\0\0\0\x01\0\0\0\xff\xff\xff\xff", 12);
    test::write_text(file, binary);
    CHECK(contains(load_error(file), "names vertex 4294967295; the file has 3"));
  }

  TEST_CASE("the triangles a file promises are counted before Assimp reads it") {
    TempDir dir;
    scene::ModelLimits limits;
    limits.max_unwelded_triangles = 10;
    const auto refused = [&](const std::filesystem::path& file) {
      try {
        (void)scene::load_model(file, limits);
      } catch (const scene::ModelError& error) {
        return std::string(error.what());
      }
      return std::string("loaded");
    };
    // A binary STL of 12 triangles (its size matches its count) and an OBJ of 12 faces.
    std::string stl(80, ' ');
    stl += std::string("\x0c\0\0\0", 4) + std::string(12 * 50, '\0');
    test::write_text(dir / "box.stl", stl);
    CHECK(contains(refused(dir / "box.stl"),
                   "the file holds 12 triangles, more than the 10 kneeviz accepts for a "
                   "model whose vertices are not shared (.stl)"));
    test::write_text(dir / "box.obj", test::obj_object("box", test::box({}, glm::vec3(0.5f)), 1));
    CHECK(contains(refused(dir / "box.obj"), "the file holds 12 triangles"));
    // An indexed glTF is held to the other limit, and one mesh placed a thousand times counts a thousand
    // times.
    test::GltfScene many = femur_scene();
    many.nodes.clear();
    std::vector<int> children;
    for (int i = 0; i < 1000; ++i) {
      many.nodes.push_back({"copy-" + std::to_string(i), {float(i), 0.f, 0.f}, 0, {}});
      children.push_back(i + 1);
    }
    many.nodes.insert(many.nodes.begin(), test::GltfNode{"root", {}, -1, children});
    many.roots = {0};
    test::write_gltf(dir / "many.gltf", many);
    limits.max_triangles = 5000;
    CHECK(contains(refused(dir / "many.gltf"), "places more than 5000 triangles"));
    limits.max_triangles = 20000;
    CHECK(refused(dir / "many.gltf") == "loaded");
  }

  TEST_CASE("zero normals are computed from the surface and a fully transparent material is drawn opaque") {
    TempDir dir;
    // Every facet's normal 0 0 0, as some STL exporters write them.
    std::string stl = "solid flat\n";
    const test::Shape shape = test::box({}, glm::vec3(0.5f));
    for (std::size_t t = 0; t < shape.indices.size(); t += 3) {
      stl += "facet normal 0 0 0\nouter loop\n";
      for (int k = 0; k < 3; ++k) {
        const glm::vec3 p = shape.positions[shape.indices[t + std::size_t(k)]];
        stl += "vertex " + std::to_string(p.x) + " " + std::to_string(p.y) + " " + std::to_string(p.z) + "\n";
      }
      stl += "endloop\nendfacet\n";
    }
    test::write_text(dir / "flat.stl", stl + "endsolid flat\n");
    const scene::Model model = scene::load_model(dir / "flat.stl");
    REQUIRE(model.meshes.size() == 1);
    for (const scene::Vertex& v : model.meshes[0].vertices) {
      CHECK(glm::length(v.normal) == doctest::Approx(1.f));
      CHECK(glm::dot(v.normal, v.position) > 0.f);  // pointing out of the box
    }
    REQUIRE(model.warnings.size() == 1);
    CHECK(contains(model.warnings[0], "had zero or invalid normals; computed from the surface"));

    test::write_text(dir / "glass.mtl", "newmtl glass\nKd 0.2 0.4 0.6\nd 0\n");
    test::write_text(dir / "glass.obj", "mtllib glass.mtl\nusemtl glass\n" +
                                            test::obj_object("glass", test::box({}, glm::vec3(0.5f)), 1));
    const scene::Model glass = scene::load_model(dir / "glass.obj");
    REQUIRE(glass.meshes.size() == 1);
    CHECK(glass.meshes[0].material.base_colour.a == 1.f);
    REQUIRE(glass.warnings.size() == 1);
    CHECK(glass.warnings[0] == "material 'glass' is fully transparent; drawn opaque");
  }

  TEST_CASE("positions that are not finite numbers are refused by mesh and vertex") {
    TempDir dir;
    test::GltfScene scene = femur_scene();
    scene.meshes[0].shape.positions[5].y = std::numeric_limits<float>::infinity();
    test::write_gltf(dir / "broken.gltf", scene);
    const std::string said = load_error(dir / "broken.gltf");
    CHECK(contains(said, "vertex 5: its position is not a finite number"));
  }

  TEST_CASE("a skinned model is framed where its skin draws it and not on its bind pose") {
    TempDir dir;
    // The fuzz corpus' skinned quad with its root moved 10 m along x: the joints, and the skin
    // they carry, follow it; the vertices as stored (the bind pose) do not.
    std::string text = test::read_text(std::filesystem::path(KNEEVIZ_TEST_SOURCE_DIR) /
                                       "fuzz/corpus/model/skinned-quad.gltf");
    const std::string root = "{\"name\":\"model\",\"children\":[1,2,3]}";
    REQUIRE(text.find(root) != std::string::npos);
    text.replace(text.find(root), root.size(),
                 "{\"name\":\"model\",\"children\":[1,2,3],\"translation\":[10,0,0]}");
    test::write_text(dir / "moved.gltf", text);
    const scene::Model model = scene::load_model(dir / "moved.gltf");
    CHECK(model.bounds().min.x < 1.f);  // the bind pose, where nothing is drawn
    const scene::Bounds drawn = scene::PosedModel(model, {}).bounds();
    CHECK(drawn.min.x == doctest::Approx(10.f));
    CHECK(drawn.max.x == doctest::Approx(11.f));
  }

  TEST_CASE("FBX objects connected in a loop are refused before Assimp follows them") {
    // Assimp 5.2 follows the connections recursively: a loop overflowed its stack.
    const std::filesystem::path regressions =
        std::filesystem::path(KNEEVIZ_TEST_SOURCE_DIR) / "fuzz/regressions/model";
    for (const char* name : {"fbx-connection-loop.fbx", "fbx-connection-loop-text.fbx"}) {
      CAPTURE(name);
      CHECK(contains(
          load_error(regressions / name),
          "object 200 is connected as its own ancestor (a loop in the FBX connections); expected a tree"));
    }
    TempDir dir;
    std::string text = test::read_text(regressions / "fbx-connection-loop-text.fbx");
    text.replace(text.find("C: \"OO\",200,100"), 16, "C: \"OO\",200,0  ");
    test::write_text(dir / "tree.fbx", text);
    CHECK_FALSE(contains(load_error(dir / "tree.fbx"), "ancestor"));  // a tree passes on to Assimp
  }

  TEST_CASE("a missing file is a ModelError naming the path") {
    TempDir dir;
    const auto file = dir / "absent.glb";
    const std::string message = load_error(file);
    CHECK(contains(message, file.string()));
    CHECK(contains(message, "no such file"));
  }

  TEST_CASE("a directory is a ModelError naming the path") {
    TempDir dir;
    std::filesystem::create_directory(dir / "folder.glb");
    const std::string message = load_error(dir / "folder.glb");
    CHECK(contains(message, (dir / "folder.glb").string()));
    CHECK(contains(message, "directory"));
  }

  TEST_CASE("garbage bytes named .glb are a ModelError naming the path") {
    TempDir dir;
    std::vector<unsigned char> garbage(4096);
    std::uint32_t state = 12345;
    for (unsigned char& byte : garbage)
      byte = static_cast<unsigned char>((state = state * 1103515245u + 12345u) >> 24);
    test::write_bytes(dir / "garbage.glb", garbage);
    CHECK(contains(load_error(dir / "garbage.glb"), (dir / "garbage.glb").string()));
  }

  TEST_CASE("a truncated .glb is a ModelError naming the path") {
    TempDir dir;
    // A valid GLB header and JSON chunk header announcing more than the file holds.
    const std::string json = test::gltf_json(femur_scene());
    std::vector<unsigned char> glb;
    const auto put32 = [&](std::uint32_t v) {
      for (int i = 0; i < 4; ++i) glb.push_back(static_cast<unsigned char>(v >> (8 * i)));
    };
    const std::uint32_t json_length = std::uint32_t((json.size() + 3) / 4 * 4);
    put32(0x46546C67u);  // "glTF"
    put32(2);
    put32(12 + 8 + json_length);
    put32(json_length);
    put32(0x4E4F534Au);  // "JSON"
    glb.insert(glb.end(), json.begin(), json.begin() + std::ptrdiff_t(json.size() / 3));
    test::write_bytes(dir / "cut.glb", glb);
    CHECK(contains(load_error(dir / "cut.glb"), (dir / "cut.glb").string()));

    // Only the 12-byte header.
    glb.resize(12);
    test::write_bytes(dir / "header-only.glb", glb);
    CHECK(contains(load_error(dir / "header-only.glb"), (dir / "header-only.glb").string()));
  }

  TEST_CASE("an empty file is a ModelError naming the path") {
    TempDir dir;
    for (const char* name : {"empty.glb", "empty.gltf", "empty.obj"}) {
      CAPTURE(name);
      test::write_text(dir / name, "");
      CHECK(contains(load_error(dir / name), (dir / name).string()));
    }
  }

  TEST_CASE("a .gltf with malformed JSON is a ModelError naming the path") {
    TempDir dir;
    std::string json = test::gltf_json(femur_scene());
    json.resize(json.size() / 2);  // cut in the middle of an object
    test::write_text(dir / "broken.gltf", json);
    CHECK(contains(load_error(dir / "broken.gltf"), (dir / "broken.gltf").string()));

    test::write_text(dir / "not-json.gltf", "{ \"asset\": { \"version\": \"2.0\" }, nodes: [ }");
    CHECK(contains(load_error(dir / "not-json.gltf"), (dir / "not-json.gltf").string()));
  }

  TEST_CASE("a glTF with no meshes is a ModelError saying so") {
    TempDir dir;
    test::GltfScene scene;
    scene.nodes.push_back({"lonely-landmark", {0.f, 1.f, 0.f}, -1, {}});
    scene.roots = {0};
    test::write_gltf(dir / "no-meshes.gltf", scene);
    const std::string message = load_error(dir / "no-meshes.gltf");
    CHECK(contains(message, (dir / "no-meshes.gltf").string()));
    CHECK((contains(message, "mesh") || contains(message, "nothing")));
  }

  TEST_CASE("write_file_atomically writes and replaces and leaves no temporary files") {
    TempDir dir;
    const auto file = dir / "out.bin";
    const std::vector<unsigned char> first{1, 2, 3, 4, 5};
    io::write_file_atomically(file, first);
    CHECK(test::read_bytes(file) == first);

    std::vector<unsigned char> second(100000);
    for (std::size_t i = 0; i < second.size(); ++i) second[i] = static_cast<unsigned char>(i * 7);
    io::write_file_atomically(file, second);
    CHECK(test::read_bytes(file) == second);

    io::write_file_atomically(dir / "empty.bin", std::vector<unsigned char>{});
    CHECK(std::filesystem::file_size(dir / "empty.bin") == 0);

    CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"empty.bin", "out.bin"});
  }

  TEST_CASE("write_file_atomically replaces the file rather than writing into it") {
    // A hard link to the old file keeps the old bytes: the new file was written elsewhere and
    // renamed over the name, so a reader of the old file never sees a half-written one.
    TempDir dir;
    const auto file = dir / "picture.png";
    test::write_text(file, "old contents");
    std::filesystem::create_hard_link(file, dir / "old-link");
    const std::vector<unsigned char> bytes{'n', 'e', 'w'};
    io::write_file_atomically(file, bytes);
    CHECK(test::read_text(file) == "new");
    CHECK(test::read_text(dir / "old-link") == "old contents");
  }

  TEST_CASE("write_file_atomically throws FileError naming the path for a missing folder") {
    TempDir dir;
    const auto existing = dir / "keep.txt";
    test::write_text(existing, "precious");
    const auto target = dir / "no-such-folder" / "keep.txt";
    const std::vector<unsigned char> bytes{'n', 'e', 'w'};
    try {
      io::write_file_atomically(target, bytes);
      FAIL("no FileError for a missing folder");
    } catch (const io::FileError& error) {
      CHECK(contains(error.what(), target.string()));
    }
    // Nothing else was touched or left behind.
    CHECK(test::read_text(existing) == "precious");
    CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"keep.txt"});
  }

  TEST_CASE("write_file_atomically removes the temporaries of a killed kneeviz and no one else's") {
    TempDir dir;
    std::string pid_max;
    std::ifstream("/proc/sys/kernel/pid_max") >> pid_max;
    REQUIRE_FALSE(pid_max.empty());
    test::write_text(dir / (".scene.json.tmp" + pid_max), "left by a killed save");
    test::write_text(dir / ".scene.json.tmp1", "init's own, still running");  // pid 1 always runs
    test::write_text(dir / (".other.json.tmp" + pid_max), "another file's");
    const std::vector<unsigned char> bytes{'{', '}'};
    io::write_file_atomically(dir / "scene.json", bytes);
    CHECK(test::list_folder(dir.path()) ==
          std::vector<std::string>{(".other.json.tmp" + pid_max), ".scene.json.tmp1", "scene.json"});
  }

  TEST_CASE("write_file_atomically onto a directory fails and keeps the directory") {
    TempDir dir;
    std::filesystem::create_directory(dir / "taken");
    test::write_text(dir / "taken" / "inside.txt", "still here");
    const std::vector<unsigned char> bytes{'x'};
    try {
      io::write_file_atomically(dir / "taken", bytes);
      FAIL("wrote over a folder");
    } catch (const io::FileError& error) {
      // The rename's own reason, not the clean-up's "Success".
      CHECK(std::string(error.what()) ==
            (dir / "taken").string() + ": cannot replace the file: Is a directory");
    }
    CHECK(std::filesystem::is_directory(dir / "taken"));
    CHECK(test::read_text(dir / "taken" / "inside.txt") == "still here");
    // The temporary file beside it is cleaned up.
    CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"taken"});
  }

  TEST_CASE("write_png writes a PNG with the right IHDR") {
    TempDir dir;
    const glm::ivec2 size{37, 21};
    std::vector<std::uint8_t> rgba(std::size_t(size.x * size.y * 4), 0);
    for (std::size_t i = 0; i < rgba.size(); ++i) rgba[i] = static_cast<std::uint8_t>(i);
    io::write_png(dir / "image.png", size, rgba);
    const std::vector<unsigned char> png = test::read_bytes(dir / "image.png");
    REQUIRE(png.size() > 33);
    const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    CHECK(std::memcmp(png.data(), signature, 8) == 0);
    CHECK(std::memcmp(png.data() + 12, "IHDR", 4) == 0);
    const auto be32 = [&](std::size_t at) {
      return std::uint32_t(png[at]) << 24 | std::uint32_t(png[at + 1]) << 16 |
             std::uint32_t(png[at + 2]) << 8 | std::uint32_t(png[at + 3]);
    };
    CHECK(be32(8) == 13);  // IHDR length
    CHECK(be32(16) == 37);
    CHECK(be32(20) == 21);
    CHECK(png[24] == 8);  // bit depth
    CHECK(png[25] == 6);  // colour type RGBA
    CHECK(std::memcmp(png.data() + png.size() - 8, "IEND", 4) == 0);
    CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"image.png"});

    // And it decodes to the same pixels.
    const test::Rgba decoded = test::load_png(dir / "image.png");
    CHECK(decoded.size == size);
    CHECK(decoded.pixels == rgba);

    CHECK_THROWS_AS(io::write_png(dir / "missing" / "x.png", size, rgba), io::FileError);
  }

  TEST_CASE("write_png writes an opaque picture as RGB that decodes to the same pixels") {
    TempDir dir;
    const glm::ivec2 size{64, 48};
    std::vector<std::uint8_t> rgba(std::size_t(size.x * size.y * 4), 255);
    for (int y = 0; y < size.y; ++y)
      for (int x = 0; x < size.x; ++x) {
        const std::size_t i = (std::size_t(y) * std::size_t(size.x) + std::size_t(x)) * 4;
        rgba[i] = std::uint8_t(x * 4);
        rgba[i + 1] = std::uint8_t(y * 5);
        rgba[i + 2] = std::uint8_t((x * y) % 251);
      }
    io::write_png(dir / "opaque.png", size, rgba);
    const std::vector<unsigned char> png = test::read_bytes(dir / "opaque.png");
    REQUIRE(png.size() > 33);
    CHECK(png[25] == 2);  // colour type RGB: no alpha channel to store
    const test::Rgba decoded = test::load_png(dir / "opaque.png");
    CHECK(decoded.size == size);
    CHECK(decoded.pixels == rgba);

    // Bytes that do not match the size are refused, naming the file, and nothing is written.
    rgba.pop_back();
    try {
      io::write_png(dir / "short.png", size, rgba);
      FAIL("wrote a PNG from too few bytes");
    } catch (const io::FileError& error) {
      CHECK(std::string(error.what())
                .find((dir / "short.png").string() + ": cannot encode a 64x48 PNG from 12287 bytes") == 0);
    }
    CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"opaque.png"});
  }

}  // TEST_SUITE

TEST_CASE("a file whose content is not the format its name says is refused before Assimp reads it") {
  TempDir dir;
  const std::string obj = "o tri\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n";
  const std::string ply =
      "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n";
  const std::string stl =
      "solid tri\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\n"
      "endloop\nendfacet\nendsolid tri\n";
  // The real thing under its own name loads.
  for (const auto& [name, text] :
       {std::pair<std::string, std::string>{"tri.obj", obj}, {"tri.ply", ply}, {"tri.stl", stl}}) {
    CAPTURE(name);
    test::write_text(dir / name, text);
    CHECK(scene::load_model(dir / name).triangle_count() == 1);
  }
  // Renamed, it is refused, naming the file, what was expected and what was found.
  struct Renamed {
    std::string name, content, expected, found;
  };
  const std::string three_ds("MM\x2a\x00\x00\x00\x02\x00", 8);  // a 3DS chunk header
  for (const Renamed& r :
       {Renamed{"tri.glb", stl, "a glTF binary", "begins with 'solid tri'"},
        Renamed{"tri.gltf", obj, "glTF JSON", "begins with 'o tri"},
        Renamed{"tri.stl", ply, "an STL file", "begins with 'ply"},
        Renamed{"tri.ply", "OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n", "a PLY file", "'OFF"},
        Renamed{"tri.dae", obj, "a Collada XML file", "'o tri"},
        Renamed{"model.fbx", three_ds + std::string(64, '\0'), "an FBX file", "the bytes 4d 4d 2a 00"}}) {
    CAPTURE(r.name);
    const auto file = dir / ("renamed-" + r.name);
    test::write_text(file, r.content);
    const std::string message = load_error(file);
    CHECK(contains(message, file.string()));
    CHECK(contains(message, "not what its name says"));
    CHECK(contains(message, r.expected));
    CHECK(contains(message, r.found));
  }
}

TEST_CASE("a named pipe given as a model or as a glTF's buffer is refused at once instead of blocking") {
  TempDir dir;
  const auto pipe = dir / "pipe.glb";
  REQUIRE(::mkfifo(pipe.c_str(), 0600) == 0);
  std::string message = load_error(pipe);
  CHECK(contains(message, pipe.string()));
  CHECK(contains(message, "not a regular file"));

  // A .gltf whose buffer lies beside it in a pipe: nothing would ever be written to it.
  REQUIRE(::mkfifo((dir / "data.bin").c_str(), 0600) == 0);
  nlohmann::json document = nlohmann::json::parse(test::gltf_json(femur_scene()));
  document["buffers"][0]["uri"] = "data.bin";
  test::write_text(dir / "piped.gltf", document.dump());
  message = load_error(dir / "piped.gltf");
  CHECK(contains(message, (dir / "piped.gltf").string()));
  CHECK(contains(message, "buffers[0].uri"));
  CHECK(contains(message, "'data.bin' is not a regular file"));
}
