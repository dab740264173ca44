// The bundled leg as kneeviz sees it: loaded through the program's own loader, posed by its knee
// rig, drawn headless from the four presets, with and without the skin, straight and flexed.
// (tests/leggen checks the generator's geometry: closed surfaces, landmarks against the
// reference figures, reproducibility.)
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "io/png.h"
#include "platform/headless_context.h"
#include "render/gl.h"
#include "render/offscreen.h"
#include "scene/loader.h"
#include "scene/pose.h"

using namespace kneeviz;

namespace {

const std::filesystem::path kLeg = std::filesystem::path(KNEEVIZ_SOURCE_DIR) / "assets/models/leg.glb";
const std::filesystem::path kRenders = std::filesystem::path(KNEEVIZ_TEST_BINARY_DIR) / "renders";

const char* const kStructures[] = {"hip-bone",
                                   "femur",
                                   "patella",
                                   "tibia",
                                   "fibula",
                                   "foot",
                                   "rectus-femoris",
                                   "vastus-lateralis",
                                   "vastus-medialis",
                                   "vastus-intermedius",
                                   "quadriceps-tendon",
                                   "patellar-tendon",
                                   "biceps-femoris",
                                   "semitendinosus",
                                   "semimembranosus",
                                   "tensor-fasciae-latae",
                                   "iliotibial-tract",
                                   "adductors",
                                   "sartorius",
                                   "gracilis",
                                   "gastrocnemius",
                                   "soleus",
                                   "tibialis-anterior",
                                   "fibularis-longus",
                                   "fibularis-brevis",
                                   "extensor-digitorum-longus",
                                   "deep-posterior-compartment",
                                   "gluteus-maximus",
                                   "inguinal-nodes",
                                   "popliteal-nodes",
                                   "lymph-vessels",
                                   "semitendinosus-tendon",
                                   "gracilis-tendon",
                                   "sartorius-tendon",
                                   "biceps-femoris-tendon",
                                   "semimembranosus-tendon",
                                   "tibialis-anterior-tendon",
                                   "fibularis-longus-tendon",
                                   "fibularis-brevis-tendon",
                                   "extensor-digitorum-longus-tendon",
                                   "deep-posterior-compartment-tendon",
                                   "skin"};
const char* const kMuscles[] = {"rectus-femoris",
                                "vastus-lateralis",
                                "vastus-medialis",
                                "vastus-intermedius",
                                "biceps-femoris",
                                "semitendinosus",
                                "semimembranosus",
                                "tensor-fasciae-latae",
                                "adductors",
                                "sartorius",
                                "gracilis",
                                "gastrocnemius",
                                "soleus",
                                "tibialis-anterior",
                                "fibularis-longus",
                                "fibularis-brevis",
                                "extensor-digitorum-longus",
                                "deep-posterior-compartment",
                                "gluteus-maximus"};
const char* const kLandmarks[] = {"hip-joint-centre",
                                  "knee-joint-centre",
                                  "ankle-joint-centre",
                                  "greater-trochanter",
                                  "lateral-epicondyle",
                                  "medial-epicondyle",
                                  "gerdys-tubercle",
                                  "tibial-tuberosity",
                                  "fibular-head",
                                  "ischial-tuberosity",
                                  "asis"};

const scene::Model& leg() {
  static const scene::Model model = scene::load_model(kLeg);
  return model;
}

const scene::Mesh* mesh_named(const scene::Model& model, std::string_view name) {
  for (const scene::Mesh& mesh : model.meshes)
    if (mesh.name == name) return &mesh;
  return nullptr;
}

glm::vec3 landmark(const std::vector<glm::mat4>& globals, std::string_view name) {
  const int node = leg().find_node(name);
  REQUIRE_MESSAGE(node >= 0, name);
  return glm::vec3(globals[node][3]);
}

struct Renderer {
  std::unique_ptr<platform::GlContext> context = platform::create_headless_context();
  render::Renderer renderer;
  Renderer() {
    render::enable_gl_checks(true);
    renderer.upload(leg());
  }
};
Renderer& renderer() {
  static Renderer instance;
  return instance;
}

render::Image draw(std::string_view view, float flexion, bool skin, const std::string& name) {
  render::Snapshot snapshot;
  snapshot.size = {300, 420};
  snapshot.view = *scene::parse_view(view);
  snapshot.pose.knee_flexion_deg = flexion;
  // A black background, so that every lit pixel is the leg's.
  snapshot.display.background_top = snapshot.display.background_bottom = glm::vec3(0.f);
  snapshot.styles.resize(leg().meshes.size());
  for (std::size_t i = 0; i < leg().meshes.size(); ++i)
    snapshot.styles[i].visible = skin || leg().meshes[i].name != "skin";
  render::Image image = render::render_snapshot(renderer().renderer, leg(), snapshot);
  std::filesystem::create_directories(kRenders);
  io::write_png(kRenders / (name + ".png"), image.size, image.rgba);
  return image;
}

// Pixels whose colour is close to a material's lit colour: hue-like test on the dominant channel.
bool reddish(glm::u8vec4 p) {
  return p.r > 90 && p.r > p.g * 1.8f && p.r > p.b * 1.8f;
}
bool skin_toned(glm::u8vec4 p) {
  return p.r > 120 && p.g > 80 && p.r > p.b + 30 && p.r < p.g * 1.6f;
}

struct Coverage {
  int leg = 0, red = 0, skin = 0;
  glm::ivec2 min{1 << 20}, max{-1};
};
Coverage measure(const render::Image& image) {
  Coverage c;
  for (int y = 0; y < image.size.y; ++y)
    for (int x = 0; x < image.size.x; ++x) {
      const glm::u8vec4 p = image.pixel(x, y);
      if (std::max({p.r, p.g, p.b}) < 16) continue;  // the black background, dithered
      ++c.leg;
      c.red += reddish(p);
      c.skin += skin_toned(p);
      c.min = glm::min(c.min, glm::ivec2(x, y));
      c.max = glm::max(c.max, glm::ivec2(x, y));
    }
  return c;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("the bundled leg has every structure with muscle fibres and a skin and the landmarks") {
    const scene::Model& model = leg();
    for (const char* id : kStructures) {
      const scene::Mesh* mesh = mesh_named(model, id);
      REQUIRE_MESSAGE(mesh, id);
      CHECK_MESSAGE(mesh->triangle_count() > 100, id);
      CHECK_MESSAGE(mesh->skinned, id);
    }
    for (const char* id : kMuscles) {
      const scene::Mesh* mesh = mesh_named(model, id);
      CHECK_MESSAGE(mesh->has_fibres, id);
      // Fibre directions are unit vectors in the surface's tangent plane.
      int bad = 0;
      for (const scene::Vertex& v : mesh->vertices) {
        const glm::vec3 f(v.fibre);
        if (std::abs(glm::length(f) - 1.f) > 0.02f || std::abs(glm::dot(f, v.normal)) > 0.1f) ++bad;
      }
      CHECK_MESSAGE(bad < int(mesh->vertices.size() / 100), id);
    }
    const std::vector<int> empties = model.empty_nodes();
    for (const char* id : kLandmarks) {
      const int node = model.find_node(id);
      REQUIRE_MESSAGE(node >= 0, id);
      CHECK(std::find(empties.begin(), empties.end(), node) != empties.end());
    }
    CHECK(model.triangle_count() < 300000);
    CHECK(std::filesystem::file_size(kLeg) < 15u * 1024u * 1024u);
  }

  TEST_CASE("the leg stands in kneeviz's axes: +Y up and +Z anterior and lateral -X") {
    const std::vector<glm::mat4> globals = leg().global_transforms();
    const glm::vec3 hip = landmark(globals, "hip-joint-centre");
    const glm::vec3 knee = landmark(globals, "knee-joint-centre");
    const glm::vec3 ankle = landmark(globals, "ankle-joint-centre");
    CHECK(hip.y > knee.y);
    CHECK(knee.y > ankle.y);
    CHECK(landmark(globals, "lateral-epicondyle").x < landmark(globals, "medial-epicondyle").x);
    CHECK(landmark(globals, "greater-trochanter").x < hip.x);
    CHECK(landmark(globals, "tibial-tuberosity").z > knee.z);  // the tuberosity is in front
    CHECK(landmark(globals, "ischial-tuberosity").z < hip.z);  // the ischium is behind
    CHECK(landmark(globals, "asis").z > hip.z);
    CHECK(landmark(globals, "fibular-head").x < knee.x);  // the fibula is lateral
    // Winter's proportions: hip-knee 0.245 H and knee-ankle 0.246 H are nearly equal.
    const float thigh = glm::distance(hip, knee), shank = glm::distance(knee, ankle);
    CHECK(thigh == doctest::Approx(shank).epsilon(0.03));
    CHECK(thigh > 0.36f);
    CHECK(thigh < 0.48f);
  }

  TEST_CASE("knee flexion turns the shank backwards and the patella follows the femur") {
    REQUIRE(scene::has_knee_rig(leg()));
    const std::vector<glm::mat4> straight = scene::posed_globals(leg(), {0.f});
    const std::vector<glm::mat4> flexed = scene::posed_globals(leg(), {90.f});
    const glm::vec3 knee = landmark(straight, "knee-joint-centre");
    const glm::vec3 ankle0 = landmark(straight, "ankle-joint-centre");
    const glm::vec3 ankle90 = landmark(flexed, "ankle-joint-centre");
    CHECK(landmark(flexed, "knee-joint-centre") == knee);  // the thigh does not move
    CHECK(ankle90.z < knee.z - 0.3f);                      // the foot goes back...
    CHECK(ankle90.y > ankle0.y + 0.3f);                    // ...and up
    // The shank turns about the knee's flexion axis, the centre of the posterior condyles' arc,
    // a little above and behind the knee centre: the ankle keeps its distance from that axis.
    const int shank = leg().find_node("skel-shank");
    REQUIRE(shank >= 0);
    const glm::vec3 axis(straight[std::size_t(shank)][3]);
    CHECK(axis.y > knee.y);
    CHECK(axis.z < knee.z);
    CHECK(glm::distance(axis, knee) < 0.03f);
    CHECK(glm::distance(ankle90, axis) == doctest::Approx(glm::distance(ankle0, axis)).epsilon(1e-4));

    // The patella, skinned to its own joint, moves down and back around the condyles but stays in
    // front of the knee centre.
    const scene::Mesh* patella = mesh_named(leg(), "patella");
    REQUIRE(patella);
    const auto skinning = scene::skinning_matrices(leg(), flexed);
    glm::vec3 centre0(0.f), centre90(0.f);
    for (const scene::Vertex& v : patella->vertices) {
      centre0 += v.position;
      centre90 += scene::skin_position(v, skinning);
    }
    centre0 /= float(patella->vertices.size());
    centre90 /= float(patella->vertices.size());
    CHECK(centre90.y < centre0.y - 0.01f);
    CHECK(centre90.z < centre0.z);
    CHECK(centre90.z > knee.z - 0.02f);
  }

}  // TEST_SUITE("cpu")

TEST_SUITE("gl") {
  TEST_CASE("with the skin the leg reads as skin from every preset and without it as muscle") {
    for (const char* view : {"anterior", "posterior", "lateral", "medial"}) {
      CAPTURE(view);
      const Coverage with_skin = measure(draw(view, 0.f, true, std::string("leg-") + view));
      const Coverage without = measure(draw(view, 0.f, false, std::string("leg-") + view + "-no-skin"));
      REQUIRE(with_skin.leg > 2000);
      CHECK(with_skin.skin > with_skin.leg * 6 / 10);
      CHECK(with_skin.red < with_skin.leg / 20);
      CHECK(without.red > without.leg / 4);
      // Framed: the standing leg fills most of the height and is centred.
      CHECK(with_skin.max.y - with_skin.min.y > 420 * 7 / 10);
      CHECK(std::abs((with_skin.min.x + with_skin.max.x) / 2 - 150) < 30);
    }
  }

  TEST_CASE("the anterior and lateral views of the flexed knee differ from the straight leg") {
    const Coverage straight = measure(draw("lateral", 0.f, true, "leg-lateral-straight"));
    const Coverage flexed = measure(draw("lateral", 90.f, true, "leg-lateral-flexed-90"));
    // Seen from the side, a knee bent to 90 degrees makes the leg an L: much wider for its height.
    const float straight_ratio =
        float(straight.max.x - straight.min.x) / float(straight.max.y - straight.min.y);
    const float flexed_ratio = float(flexed.max.x - flexed.min.x) / float(flexed.max.y - flexed.min.y);
    CHECK(flexed_ratio > straight_ratio * 1.8f);
    CHECK(flexed.skin > flexed.leg * 6 / 10);
  }

}  // TEST_SUITE("gl")
