// The skin's dent under a pressing hand (scene/skin_dent.h) and the GLB writer (scene/gltf_writer.h).
#include <doctest/doctest.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "scene/gltf_writer.h"
#include "scene/skin_dent.h"

using namespace kneeviz::scene;

namespace {
SkinDent dent_at_origin(float depth) {
  SkinDent dent;
  dent.centre = glm::vec3(0.f);
  dent.normal = {0.f, 1.f, 0.f};
  dent.across = {1.f, 0.f, 0.f};
  dent.along = {0.f, 0.f, 1.f};
  dent.half_size = {0.04f, 0.08f};
  dent.depth = depth;
  return dent;
}
}  // namespace

TEST_CASE("a dent is as deep as the press under the contact and fades to nothing around it") {
  const std::vector<SkinDent> dents{dent_at_origin(0.005f)};
  CHECK(apply_dents({0.f, 0.f, 0.f}, dents).y == doctest::Approx(-0.005f));
  CHECK(apply_dents({0.02f, 0.f, 0.04f}, dents).y == doctest::Approx(-0.005f));  // within 80 %
  CHECK(apply_dents({0.06f, 0.f, 0.f}, dents).y == doctest::Approx(0.f));        // past 140 %
  // In between it rises steadily.
  float last = -1.f;
  for (float x = 0.03f; x <= 0.06f; x += 0.002f) {
    const float y = apply_dents({x, 0.f, 0.f}, dents).y;
    CHECK(y >= last - 1e-7f);
    last = y;
  }
  // The far side of a limb (well below the skin's plane) is left alone.
  CHECK(apply_dents({0.f, -0.08f, 0.f}, dents).y == doctest::Approx(-0.08f));
  // No press, no dent; the drag moves the skin along.
  CHECK(apply_dents({0.f, 0.f, 0.f}, {dent_at_origin(0.f)}).y == doctest::Approx(0.f));
  SkinDent drag = dent_at_origin(0.f);
  drag.shift = {0.f, 0.f, 0.004f};
  CHECK(apply_dents({0.f, 0.f, 0.f}, {drag}).z == doctest::Approx(0.004f));
}

TEST_CASE("only the first kMaxSkinDents dents are applied as on the GPU") {
  std::vector<SkinDent> dents(kMaxSkinDents + 2, dent_at_origin(0.001f));
  CHECK(apply_dents({0.f, 0.f, 0.f}, dents).y == doctest::Approx(-0.001f * kMaxSkinDents));
}

TEST_CASE("the GLB writer writes a valid header and names nodes with their extras") {
  ExportMesh triangle;
  triangle.name = "hand-left";
  triangle.positions = {{0.f, 0.f, 0.f}, {1.f, 0.f, 0.f}, {0.f, 1.f, 0.f}};
  triangle.normals.assign(3, {0.f, 0.f, 1.f});
  triangle.indices = {0, 1, 2};
  triangle.extras_json = R"({"contact": true, "pressure": 0.5})";
  const std::vector<unsigned char> glb = encode_glb({triangle}, "test");
  REQUIRE(glb.size() > 20);
  CHECK(std::memcmp(glb.data(), "glTF", 4) == 0);
  std::uint32_t length = 0, json_length = 0;
  std::memcpy(&length, glb.data() + 8, 4);
  std::memcpy(&json_length, glb.data() + 12, 4);
  CHECK(length == glb.size());
  CHECK(json_length % 4 == 0);
  const auto gltf =
      nlohmann::json::parse(std::string(reinterpret_cast<const char*>(glb.data()) + 20, json_length));
  CHECK(gltf["nodes"][0]["name"] == "hand-left");
  CHECK(gltf["nodes"][0]["extras"]["pressure"] == 0.5);
  CHECK(gltf["accessors"][0]["max"][0] == 1.0);
  CHECK(gltf["buffers"][0]["byteLength"].get<std::size_t>() == 3 * 12 * 2 + 12);

  ExportMesh broken = triangle;
  broken.indices = {0, 1, 3};
  CHECK_THROWS_AS(encode_glb({broken}, "test"), std::invalid_argument);
  broken = triangle;
  broken.normals.pop_back();
  CHECK_THROWS_AS(encode_glb({broken}, "test"), std::invalid_argument);
}
