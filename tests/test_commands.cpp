// The kneeviz program run from the command line, as a user or a script would: exit codes, files
// written, and what it says on stdout and stderr.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/doctest_glm.h"
#include "support/images.h"
#include "support/processes.h"
#include "support/test_files.h"
#include "support/test_models.h"

using namespace kneeviz;

namespace {

using test::Run;

// Runs kneeviz with these arguments, with `environment` (e.g. "-u DISPLAY") given to env(1).
Run run_kneeviz(const test::TempDir& dir, const std::vector<std::string>& arguments,
                const std::string& environment = "-u DISPLAY -u WAYLAND_DISPLAY") {
  const Run run = test::run_program(dir, KNEEVIZ_EXECUTABLE, arguments, environment);
  INFO("command: " << run.command);
  MESSAGE("exit " << run.exit_code << "\nstdout:\n" << run.out << "stderr:\n" << run.err);
  return run;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Two structures and a landmark: a red "femur" box above a blue "tibia" box, and an empty node
// "knee-joint-centre" between them.
std::filesystem::path write_two_bones(const test::TempDir& dir) {
  test::GltfScene scene = test::scene_of({
      {"femur", test::box({0.f, 0.45f, 0.f}, {0.15f, 0.4f, 0.15f}), {0.85f, 0.12f, 0.1f, 1.f}},
      {"tibia", test::box({0.f, -0.45f, 0.f}, {0.12f, 0.4f, 0.12f}), {0.1f, 0.2f, 0.9f, 1.f}},
  });
  scene.nodes.push_back({"knee-joint-centre", {0.f, 0.f, 0.02f}, -1, {}});
  scene.nodes[0].children.push_back(int(scene.nodes.size()) - 1);
  const auto file = dir / "two-bones.gltf";
  test::write_gltf(file, scene);
  return file;
}

int count_pixels(const test::Rgba& image, bool (*wanted)(glm::ivec4)) {
  int count = 0;
  for (int y = 0; y < image.size.y; ++y)
    for (int x = 0; x < image.size.x; ++x) count += wanted(image.at(x, y));
  return count;
}
bool reddish(glm::ivec4 c) {
  return c.r > 60 && c.r > 2 * c.g && c.r > 2 * c.b;
}
bool bluish(glm::ivec4 c) {
  return c.b > 60 && c.b > 2 * c.r;
}

}  // namespace

TEST_SUITE("gl") {
  TEST_CASE("kneeviz render --out writes the PNG with no display") {
    test::TempDir dir;
    const auto model = write_two_bones(dir);
    const auto out = dir / "leg.png";
    const Run run = run_kneeviz(dir, {"render", "--out", out.string(), "--model", model.string(), "--size",
                                      "240x180", "--view", "anterior"});
    CHECK(run.exit_code == 0);
    CHECK(contains(run.out, out.string()));
    REQUIRE(std::filesystem::exists(out));
    const test::Rgba image = test::load_png(out);
    REQUIRE(image.size == glm::ivec2(240, 180));
    CHECK(count_pixels(image, reddish) > 300);
    CHECK(count_pixels(image, bluish) > 300);
    // The femur is above the tibia.
    CHECK(reddish(image.at(120, 60)));
    CHECK(bluish(image.at(120, 125)));
    // Only the PNG (and the captured output) are left in the folder: no temporary files.
    CHECK(test::list_folder(dir.path()) ==
          std::vector<std::string>{"leg.png", "stderr.txt", "stdout.txt", "two-bones.gltf"});
  }

  TEST_CASE("kneeviz render ignores a DISPLAY that cannot be opened") {
    test::TempDir dir;
    const auto model = write_two_bones(dir);
    const auto out = dir / "leg.png";
    const Run run = run_kneeviz(
        dir, {"render", "--out", out.string(), "--model", model.string(), "--size", "64x48", "--msaa", "1"},
        "DISPLAY=:97531 WAYLAND_DISPLAY=no-such-wayland-display");
    CHECK(run.exit_code == 0);
    CHECK(test::load_png(out).size == glm::ivec2(64, 48));
  }

  TEST_CASE("kneeviz render --hide leaves a structure out of the picture") {
    test::TempDir dir;
    const auto model = write_two_bones(dir);
    const auto out = dir / "no-femur.png";
    const Run run = run_kneeviz(dir, {"render", "--out", out.string(), "--model", model.string(), "--size",
                                      "160x120", "--hide", "femur,no-such-structure"});
    CHECK(run.exit_code == 0);
    // Unknown names are a warning that names them, not an error.
    CHECK(contains(run.err, "no-such-structure"));
    const test::Rgba image = test::load_png(out);
    REQUIRE(image.size == glm::ivec2(160, 120));
    CHECK(count_pixels(image, reddish) == 0);
    CHECK(count_pixels(image, bluish) > 100);
  }

  TEST_CASE("kneeviz render into a missing folder fails and names the file") {
    test::TempDir dir;
    const auto model = write_two_bones(dir);
    const auto out = dir / "no-such-folder" / "leg.png";
    const Run run = run_kneeviz(
        dir, {"render", "--out", out.string(), "--model", model.string(), "--size", "32x32", "--msaa", "1"});
    CHECK(run.exit_code != 0);
    CHECK(contains(run.err, out.string()));
    CHECK_FALSE(std::filesystem::exists(out));
  }

  TEST_CASE("a caution zone on the far side of the knee leaves the front clean and shows behind") {
    // Knee friction works near the popliteal fossa (the zone is shaded on the skin); seen from the
    // front, a close-up of the kneecap must not show it through the knee.
    const test::TempDir dir;
    const auto render = [&](const std::string& view, const std::string& frame) {
      const auto out = dir / (view + ".png");
      const Run run = run_kneeviz(
          dir, {"render", "--technique", "knee-friction", "--time", "4.8", "--position", "anatomical",
                "--view", view, "--frame", frame, "--size", "300x300", "--out", out.string()});
      REQUIRE(run.exit_code == 0);
      return test::load_png(out);
    };
    // The zone's warning red-orange over the skin: far redder than the skin's peach.
    const auto zone_pixels = [](const test::Rgba& image) {
      int count = 0;
      for (int y = image.size.y / 5; y < image.size.y * 4 / 5; ++y)
        for (int x = image.size.x / 5; x < image.size.x * 4 / 5; ++x) {
          const glm::ivec4 c = image.at(x, y);
          count += c.r > 150 && c.r - c.g > 65 && c.r - c.b > 90;
        }
      return count;
    };
    const int front = zone_pixels(render("anterior", "patella"));
    const int back = zone_pixels(render("posterior", "popliteal-nodes"));
    MESSAGE("zone pixels around the kneecap: " << front << "; behind the knee: " << back);
    CHECK(back > 300);
    CHECK(front == 0);
  }

}  // TEST_SUITE

TEST_SUITE("cpu") {
  TEST_CASE("kneeviz render --model of a missing file fails and names the file") {
    test::TempDir dir;
    const Run run =
        run_kneeviz(dir, {"render", "--out", (dir / "x.png").string(), "--model", "/nonexistent.glb"});
    CHECK(run.exit_code != 0);
    CHECK(run.exit_code != 2);  // not a usage error: the usage was fine
    CHECK(contains(run.err, "/nonexistent.glb"));
    CHECK(contains(run.err, "no such file"));
    CHECK_FALSE(std::filesystem::exists(dir / "x.png"));
  }

  TEST_CASE("kneeviz render with a broken model fails and names the file") {
    test::TempDir dir;
    test::write_text(dir / "broken.glb", "glTF this is not");
    const Run run = run_kneeviz(
        dir, {"render", "--out", (dir / "x.png").string(), "--model", (dir / "broken.glb").string()});
    CHECK(run.exit_code == 1);
    CHECK(contains(run.err, (dir / "broken.glb").string()));
  }

  TEST_CASE("kneeviz info --json lists the structures and landmarks") {
    test::TempDir dir;
    const auto model = write_two_bones(dir);
    const Run run = run_kneeviz(dir, {"info", "--json", "--model", model.string()});
    CHECK(run.exit_code == 0);
    nlohmann::json info;
    REQUIRE_NOTHROW(info = nlohmann::json::parse(run.out));
    CHECK(info["model"] == model.string());
    CHECK(info["triangles"] == 24);
    REQUIRE(info["structures"].is_array());
    std::vector<std::string> names;
    for (const auto& structure : info["structures"]) {
      names.push_back(structure["name"]);
      CHECK(structure["triangles"] == 12);
      CHECK(structure["skinned"] == false);
    }
    CHECK(names == std::vector<std::string>{"femur", "tibia"});
    REQUIRE(info["empty_nodes"].is_array());
    bool found = false;
    for (const auto& node : info["empty_nodes"])
      if (node["name"] == "knee-joint-centre") {
        found = true;
        CHECK(node["position"][2].get<double>() == doctest::Approx(0.02));
      }
    CHECK(found);
    CHECK(info["bounds"]["min"][1].get<double>() == doctest::Approx(-0.85));
    CHECK(info["bounds"]["max"][1].get<double>() == doctest::Approx(0.85));
  }

  TEST_CASE("kneeviz info prints a table of structures") {
    test::TempDir dir;
    const auto model = write_two_bones(dir);
    const Run run = run_kneeviz(dir, {"info", "--model", model.string()});
    CHECK(run.exit_code == 0);
    CHECK(contains(run.out, "femur"));
    CHECK(contains(run.out, "tibia"));
    CHECK(contains(run.out, "knee-joint-centre"));
    CHECK(contains(run.out, "2 structures, 24 triangles"));
  }

  TEST_CASE("kneeviz with no display fails and points to kneeviz render") {
    test::TempDir dir;
    const auto model = write_two_bones(dir);
    const Run run = run_kneeviz(dir, {"--model", model.string()});
    CHECK(run.exit_code != 0);
    CHECK(contains(run.err, "kneeviz render"));
  }

  TEST_CASE("kneeviz --version and --help and bad usage") {
    test::TempDir dir;
    const Run version = run_kneeviz(dir, {"--version"});
    CHECK(version.exit_code == 0);
    CHECK(contains(version.out, "kneeviz "));
    const Run help = run_kneeviz(dir, {"--help"});
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "render"));
    const Run bad = run_kneeviz(dir, {"render", "--out", "x.png", "--size", "huge"});
    CHECK(bad.exit_code == 2);
    CHECK(contains(bad.err, "--size"));
    CHECK(bad.out.empty());
  }

  TEST_CASE("a named pipe given as --regions or to check is refused at once instead of blocking") {
    const test::TempDir dir;
    const auto pipe = dir / "regions.json";
    REQUIRE(::mkfifo(pipe.c_str(), 0600) == 0);
    const Run regions =
        run_kneeviz(dir, {"render", "--regions", pipe.string(), "--out", (dir / "x.png").string()});
    CHECK(regions.exit_code == 1);
    CHECK(contains(regions.err, pipe.string() + ": not a regular file"));
    const Run check = run_kneeviz(dir, {"check", pipe.string()});
    CHECK(check.exit_code != 0);
    CHECK(contains(check.err + check.out, pipe.string()));
  }

}  // TEST_SUITE

namespace {

// The JSON chunk of a GLB file, after checking its header and chunk lengths.
nlohmann::json read_glb_json(const std::filesystem::path& file, std::size_t& bin_bytes) {
  const std::string bytes = test::read_text(file);
  REQUIRE(bytes.size() >= 20);
  const auto u32 = [&](std::size_t at) {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= std::uint32_t(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return value;
  };
  CHECK(u32(0) == 0x46546C67u);  // glTF
  CHECK(u32(4) == 2u);
  CHECK(u32(8) == bytes.size());
  const std::uint32_t json_length = u32(12);
  CHECK(u32(16) == 0x4E4F534Au);  // JSON
  REQUIRE(20 + json_length <= bytes.size());
  bin_bytes = 20 + json_length + 8 <= bytes.size() ? u32(20 + json_length) : 0;
  return nlohmann::json::parse(bytes.substr(20, json_length));
}

}  // namespace

TEST_CASE("kneeviz export writes the posed scene with both hands as glTF binary") {
  const test::TempDir dir;
  const auto out = dir / "calf.glb";
  const Run run =
      run_kneeviz(dir, {"export", "--technique", "calf-glide", "--time", "3", "--out", out.string()});
  REQUIRE(run.exit_code == 0);
  std::size_t bin_bytes = 0;
  const nlohmann::json gltf = read_glb_json(out, bin_bytes);
  CHECK(bin_bytes > 1000000);
  std::map<std::string, nlohmann::json> nodes;
  for (const auto& node : gltf.at("nodes")) nodes[node.at("name").get<std::string>()] = node;
  CHECK(nodes.count("skin") == 1);
  CHECK(nodes.count("gastrocnemius") == 1);
  for (const char* hand : {"hand-left", "hand-right"}) {
    INFO(hand);
    REQUIRE(nodes.count(hand) == 1);
    const auto& extras = nodes[hand].at("extras");
    CHECK(extras.at("contact").is_boolean());
    const double pressure = extras.at("pressure").get<double>();
    CHECK(pressure >= 0.0);
    CHECK(pressure <= 1.0);
    CHECK(nodes[hand].contains("mesh"));
  }
  // Calf glide is done with both palms: both hands press at this moment of the glide.
  CHECK(nodes["hand-right"]["extras"]["contact"] == true);
  CHECK(nodes["hand-left"]["extras"]["contact"] == true);
  CHECK(nodes["hand-left"]["extras"]["pressure"].get<double>() > 0.2);
  // Positions are posed in world space: the hands lie at the back of the calf (z < 0).
  const auto& accessors = gltf.at("accessors");
  const int mesh = nodes["hand-right"].at("mesh").get<int>();
  const int position = gltf.at("meshes")[mesh]["primitives"][0]["attributes"]["POSITION"].get<int>();
  CHECK(accessors[position]["min"][2].get<double>() < -0.03);
  // Nothing else in the folder: written whole, then renamed.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    files += entry.path().extension() == ".glb";
  CHECK(files == 1);
}

TEST_CASE("kneeviz export refuses a file that is not .glb and an unknown technique") {
  const test::TempDir dir;
  const Run wrong = run_kneeviz(dir, {"export", "--out", (dir / "scene.gltf").string()});
  CHECK(wrong.exit_code != 0);
  CHECK(contains(wrong.err, ".glb"));
  const Run unknown =
      run_kneeviz(dir, {"export", "--technique", "spiral-rub", "--out", (dir / "x.glb").string()});
  CHECK(unknown.exit_code != 0);
  CHECK(contains(unknown.err, "spiral-rub"));
  CHECK(!std::filesystem::exists(dir / "x.glb"));
}

TEST_CASE("kneeviz export lays the client on the table in the technique's position or the one given") {
  const test::TempDir dir;
  const auto nodes_of = [&](const std::vector<std::string>& arguments) {
    const Run run = run_kneeviz(dir, arguments);
    REQUIRE(run.exit_code == 0);
    std::size_t bin_bytes = 0;
    const nlohmann::json gltf = read_glb_json(dir / "scene.glb", bin_bytes);
    std::map<std::string, nlohmann::json> nodes;
    for (const auto& node : gltf.at("nodes")) nodes[node.at("name").get<std::string>()] = node;
    return nodes;
  };
  // The calf glide is done prone with a cushion under the ankles.
  auto nodes =
      nodes_of({"export", "--technique", "calf-glide", "--time", "3", "--out", (dir / "scene.glb").string()});
  CHECK(nodes.count("table") == 1);
  CHECK(nodes.count("cushion-ankles") == 1);
  CHECK(nodes.count("client-pelvis") == 1);
  CHECK(nodes["table"]["extras"]["anatomy"] == false);
  // Asked for, side-lying has its pillow; standing has no table.
  nodes = nodes_of({"export", "--position", "side-lying", "--out", (dir / "scene.glb").string()});
  CHECK(nodes.count("pillow-knees") == 1);
  nodes = nodes_of({"export", "--out", (dir / "scene.glb").string()});
  CHECK(nodes.count("table") == 0);
  CHECK(nodes.count("skin") == 1);
  // A position that does not exist is refused, naming the option and the choices.
  const Run bad = run_kneeviz(dir, {"export", "--position", "sitting", "--out", (dir / "x.glb").string()});
  CHECK(bad.exit_code != 0);
  CHECK(contains(bad.err, "--position"));
  CHECK(contains(bad.err, "side-lying"));
}

TEST_CASE("kneeviz bench --json reports frame times peak memory and the start-up piece by piece") {
  test::TempDir dir;
  const Run run = run_kneeviz(dir, {"bench", "--frames", "2", "--size", "320x240", "--json", "--pass-times"});
  REQUIRE(run.exit_code == 0);
  const nlohmann::json out = nlohmann::json::parse(run.out);
  CHECK(out.at("size") == "320x240");
  // Where the time went, pass by pass, in both kinds of frame.
  for (const char* kind : {"still", "orbiting"})
    for (const char* pass : {"background", "opaque meshes", "props", "translucent meshes", "highlights"}) {
      CAPTURE(kind);
      CAPTURE(pass);
      CHECK(out.at("pass_ms").at(kind).at(pass).get<double>() > 0.0);
    }
  CHECK(out.at("triangles").get<int>() > 100000);  // the bundled leg
  // Every orbiting frame's own time, in turn (the first, which builds the target, left out).
  REQUIRE(out.at("orbit_frames_ms").size() == 2);
  for (const auto& ms : out.at("orbit_frames_ms")) CHECK(ms.get<double>() > 0.0);
  for (const char* figure : {"still_frame_ms_median", "orbit_frame_ms_median", "orbit_frame_ms_p95",
                             "command_start_to_first_frame_ms", "peak_resident_mb"}) {
    CAPTURE(figure);
    CHECK(out.at(figure).get<double>() > 0.0);
  }
  // Each piece of the start-up took some time, and together they fit in the time to the first frame
  // (the rest: reading the catalogue and the region view).
  double pieces = 0.0;
  for (const char* piece :
       {"model_load", "technique", "gl_context", "shaders", "upload", "panel", "first_frame"}) {
    CAPTURE(piece);
    const double ms = out.at("startup_ms").at(piece).get<double>();
    CHECK(ms > 0.0);
    pieces += ms;
  }
  CHECK(out.at("startup_ms").at("png_encode").get<double>() > 0.0);
  CHECK(pieces <= out.at("command_start_to_first_frame_ms").get<double>());
}

TEST_CASE("kneeviz bench --dump-triangles writes the first frame's triangles and camera for the floor") {
  test::TempDir dir;
  const Run run = run_kneeviz(dir, {"bench", "--dump-triangles", (dir / "scene.tri").string()});
  REQUIRE(run.exit_code == 0);
  const std::string bytes = test::read_text(dir / "scene.tri");
  REQUIRE(bytes.size() > 4 + 64);
  std::uint32_t triangles = 0;
  std::memcpy(&triangles, bytes.data(), 4);
  CHECK(triangles > 200000);  // the leg, the hands, the table and the rest of the client
  CHECK(bytes.size() == 4 + 16 * sizeof(float) + std::size_t(triangles) * 18 * sizeof(float));
  // The camera sees the scene: the first triangle's corners project in front of it.
  glm::mat4 view_projection;
  std::memcpy(&view_projection[0][0], bytes.data() + 4, 64);
  glm::vec3 first;
  std::memcpy(&first[0], bytes.data() + 68, 12);
  CHECK((view_projection * glm::vec4(first, 1.f)).w > 0.f);
}
