// Headless renders through EGL, read back and checked pixel by pixel: colours, placement, lighting,
// anti-aliasing, depth, visibility, translucency, skinning and a reference image.
//
// Every render these tests make is also written to <build>/tests/renders/<name>.png, so that a
// person can look at them.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/png.h"
#include "platform/headless_context.h"
#include "render/device.h"
#include "render/gl.h"
#include "render/offscreen.h"
#include "render/render_target.h"
#include "render/shader.h"
#include "scene/loader.h"
#include "support/doctest_glm.h"
#include "support/images.h"
#include "support/test_files.h"
#include "support/test_models.h"

using namespace kneeviz;

namespace {

const std::filesystem::path kRenders = std::filesystem::path(KNEEVIZ_TEST_BINARY_DIR) / "renders";
const std::filesystem::path kBaselines = std::filesystem::path(KNEEVIZ_TEST_SOURCE_DIR) / "baselines";
const std::filesystem::path kActual = std::filesystem::path(KNEEVIZ_TEST_BINARY_DIR) / "baselines-actual";

// One headless context for the whole process, made on first use.
void require_context() {
  static std::unique_ptr<platform::GlContext> context = [] {
    auto made = platform::create_headless_context();
    render::enable_gl_checks(true);  // any GL error the renderer makes throws, naming the call
    return made;
  }();
  REQUIRE(context);
}

const glm::vec4 kRed{0.85f, 0.12f, 0.10f, 1.f};
const glm::vec4 kGreen{0.10f, 0.75f, 0.15f, 1.f};
const glm::vec4 kBlue{0.10f, 0.20f, 0.90f, 1.f};

// Writes the scene as glTF and loads it back, as the program would.
scene::Model load(const test::GltfScene& gltf) {
  test::TempDir dir;
  test::write_gltf(dir / "model.gltf", gltf);
  return scene::load_model(dir / "model.gltf");
}

struct RenderRequest {
  glm::ivec2 size{320, 240};
  std::string_view view = "anterior";
  int msaa = 8;
  std::vector<render::MeshStyle> styles;
  float knee_flexion_deg = 0.f;
  bool simplified = false;
};

render::Image draw(const scene::Model& model, const RenderRequest& request, const std::string& name) {
  require_context();
  render::Renderer renderer;
  renderer.upload(model);
  render::Snapshot snapshot;
  snapshot.size = request.size;
  snapshot.view = *scene::parse_view(request.view);
  snapshot.display.msaa_samples = request.msaa;
  snapshot.styles = request.styles;
  snapshot.pose.knee_flexion_deg = request.knee_flexion_deg;
  snapshot.simplified = request.simplified;
  render::Image image = render::render_snapshot(renderer, model, snapshot);
  REQUIRE(image.size == request.size);
  REQUIRE(image.rgba.size() == std::size_t(request.size.x * request.size.y * 4));
  std::filesystem::create_directories(kRenders);
  io::write_png(kRenders / (name + ".png"), image.size, image.rgba);
  MESSAGE("render written to " << (kRenders / (name + ".png")).string());
  return image;
}

glm::vec3 rgb(const render::Image& image, int x, int y) {
  return glm::vec3(glm::vec4(image.pixel(x, y)));
}

glm::vec3 background(const render::Image& image, int x, int y) {
  const render::DisplaySettings display;
  return test::expected_background(display.background_top, display.background_bottom, image.size, x, y);
}

float max_channel_difference(glm::vec3 a, glm::vec3 b) {
  const glm::vec3 d = glm::abs(a - b);
  return std::max({d.r, d.g, d.b});
}

// A pixel of the model: clearly not the background gradient there.
bool is_model(const render::Image& image, int x, int y) {
  return max_channel_difference(rgb(image, x, y), background(image, x, y)) > 12.f;
}

bool reddish(glm::vec3 c) {
  return c.r > 60.f && c.r > 1.8f * c.g && c.r > 1.8f * c.b;
}
bool greenish(glm::vec3 c) {
  return c.g > 60.f && c.g > 1.6f * c.r && c.g > 1.6f * c.b;
}
bool bluish(glm::vec3 c) {
  return c.b > 60.f && c.b > 1.6f * c.r && c.b > 1.4f * c.g;
}

struct Coverage {
  int count = 0;
  glm::vec2 centroid{0.f};
  glm::ivec2 min{1 << 30}, max{-1};
};

template <typename Predicate>
Coverage coverage(const render::Image& image, Predicate wanted) {
  Coverage c;
  glm::dvec2 sum{0.0};
  for (int y = 0; y < image.size.y; ++y)
    for (int x = 0; x < image.size.x; ++x)
      if (wanted(x, y)) {
        ++c.count;
        sum += glm::dvec2(x + 0.5, y + 0.5);
        c.min = glm::min(c.min, glm::ivec2(x, y));
        c.max = glm::max(c.max, glm::ivec2(x, y));
      }
  if (c.count) c.centroid = glm::vec2(sum / double(c.count));
  return c;
}

Coverage model_coverage(const render::Image& image) {
  return coverage(image, [&](int x, int y) { return is_model(image, x, y); });
}

template <typename ColourTest>
Coverage colour_coverage(const render::Image& image, ColourTest test) {
  return coverage(image, [&](int x, int y) { return test(rgb(image, x, y)); });
}

float luminance(glm::vec3 c) {
  return 0.2126f * c.r + 0.7152f * c.g + 0.0722f * c.b;
}

test::Rgba to_rgba(const render::Image& image) {
  return {image.size, image.rgba};
}

// A red, smooth, leg-like ellipsoid: 0.7 wide and deep, 2 tall, at the origin.
scene::Model red_ellipsoid() {
  return load(test::scene_of({{"ellipsoid", test::ellipsoid({0.f, 0.f, 0.f}, {0.35f, 1.f, 0.35f}), kRed}}));
}

// A red box with a green bump on its front (+Z), a little above the middle: what is seen
// depends on the side it is seen from.
scene::Model box_with_front_bump() {
  return load(test::scene_of({
      {"body", test::box({0.f, 0.f, 0.f}, {0.2f, 0.8f, 0.2f}), kRed},
      {"bump", test::box({0.f, 0.2f, 0.3f}, {0.1f, 0.15f, 0.1f}), kGreen},
  }));
}

// The triangles drawing `frame` sends down the pipeline (every pass, the background's included).
std::size_t triangles_sent(const render::Renderer& renderer, render::RenderTarget& target,
                           const scene::Model& model, const render::Frame& frame) {
  GLuint query = 0;
  glGenQueries(1, &query);
  glBeginQuery(GL_PRIMITIVES_GENERATED, query);
  renderer.draw(target, scene::PosedModel(model), frame);
  glEndQuery(GL_PRIMITIVES_GENERATED);
  GLuint count = 0;
  glGetQueryObjectuiv(query, GL_QUERY_RESULT, &count);
  glDeleteQueries(1, &query);
  return count;
}

// box_with_front_bump() uploaded and framed from the front, and a 320x240 4x target to draw into.
struct BumpStage {
  [[maybe_unused]] bool context = (require_context(), true);  // before the renderer is built
  scene::Model model = box_with_front_bump();
  render::Renderer renderer;
  scene::OrbitCamera camera;
  render::RenderTarget target;

  BumpStage() {
    renderer.upload(model);
    camera.set_view(*scene::parse_view("anterior"), false);
    camera.frame(scene::Bounds{{-0.3f, -0.9f, -0.3f}, {0.3f, 0.9f, 0.4f}}, 320.f / 240.f);
    target.resize({320, 240}, 4);
  }
};

}  // namespace

TEST_SUITE("gl") {
  // Uniform locations are found once, at link, for the uniforms the shader files declare: a name
  // neither declares (a misspelling) used to be ignored silently, as GL ignores location -1.
  TEST_CASE("a uniform the shaders do not declare is an error while GL checks are on") {
    require_context();
    const render::Program program = render::build_program("mesh.vert", "mesh.frag");
    glUseProgram(program.id());
    CHECK_NOTHROW(render::set_uniform(program, "u_shininess", 0.5f));
    CHECK_NOTHROW(render::set_uniform(program, "u_joints", std::vector<glm::mat4>(48).data(), 48));
    CHECK_THROWS_WITH(
        render::set_uniform(program, "u_shinines", 0.5f),
        doctest::Contains("shaders/mesh.vert + shaders/mesh.frag declare no uniform named u_shinines"));
    render::enable_gl_checks(false);  // as in a release build without KNEEVIZ_GL_CHECKS: ignored
    CHECK_NOTHROW(render::set_uniform(program, "u_shinines", 0.5f));
    render::enable_gl_checks(true);
    glUseProgram(0);
  }

  // `kneeviz bench --pass-times`: each pass's own time, less the passes within it, by its name.
  TEST_CASE("pass times name every pass a frame ran and stop when turned off") {
    require_context();
    const scene::Model model = load(test::scene_of({{"box", test::box({}, glm::vec3(0.3f)), kRed}}));
    render::time_passes(true);
    {
      render::Pass outer("probe outer");
      render::Pass inner("probe inner");
      inner.end();
      outer.end();
    }
    const render::Image image = draw(model, {.size = {64, 48}, .msaa = 4}, "pass-times");
    const std::map<std::string, double> times = render::take_pass_times();
    for (const char* name :
         {"background", "opaque meshes", "resolve", "read back", "probe outer", "probe inner"}) {
      INFO(name);
      REQUIRE(times.count(name) == 1);
      CHECK(times.at(name) >= 0.0);
    }
    CHECK(times.count("translucent meshes") == 0);  // nothing translucent: the pass never ran
    CHECK(render::take_pass_times().empty());       // taken: the next call starts afresh
    render::time_passes(false);
    draw(model, {.size = {64, 48}, .msaa = 4}, "pass-times-off");
    CHECK(render::take_pass_times().empty());
    CHECK(is_model(image, 32, 24));
  }

  // The multisampled depth is copied out only when something tests against it or reads it: a
  // frame of opaque meshes alone (a cold render of the leg under its skin) never pays for it.
  TEST_CASE("the depth is resolved only when the translucency or a read needs it") {
    BumpStage stage;
    const scene::Model& model = stage.model;
    render::Renderer& renderer = stage.renderer;
    const scene::OrbitCamera& camera = stage.camera;
    render::RenderTarget& target = stage.target;
    REQUIRE(target.multisampled());
    render::time_passes(true);
    render::take_pass_times();
    renderer.draw(target, scene::PosedModel(model), render::Frame{camera, {}, {}});
    std::map<std::string, double> times = render::take_pass_times();
    CHECK(times.count("resolve") == 1);
    CHECK(times.count("resolve depth") == 0);
    // Read: resolved then, and right (the body at the centre, nothing at the corner).
    CHECK(target.read_depth({160, 120}) < 1.f);
    CHECK(target.read_depth({2, 2}) == 1.f);
    times = render::take_pass_times();
    CHECK(times.count("resolve depth") == 1);
    render::MeshStyle half;
    half.opacity = 0.5f;
    renderer.draw(target, scene::PosedModel(model), render::Frame{camera, {}, {half, {}}});
    CHECK(render::take_pass_times().count("resolve depth") == 1);  // the translucent body tests it
    render::time_passes(false);
  }

  // GL reports an error only as a flag, long after the call that raised it: each stretch of GL work
  // (a render pass) checks at its end and names itself.
  TEST_CASE("a GL error is reported with the name of the pass it was made in") {
    require_context();
    render::Pass pass("probe");
    glBindBuffer(GLenum(0x1234), 0);  // no such target: GL_INVALID_ENUM
    CHECK_THROWS_WITH(pass.end(), doctest::Contains("GL errors in the probe pass: GL_INVALID_ENUM"));
    render::Pass clean("clean");  // the error was taken: the next pass starts clean
    CHECK_NOTHROW(clean.end());
  }

  // What a GL debugger (apitrace, RenderDoc) shows of a frame: its passes as named groups, in
  // order, and the 3D view's buffers and the shader programs by name rather than number.
  TEST_CASE("a frame's passes are named debug groups in order and its buffers and programs carry names") {
    require_context();
    REQUIRE(render::debug_labels_available());  // Mesa has KHR_debug in every profile
    glEnable(GL_DEBUG_OUTPUT);
    glDebugMessageControl(GL_DONT_CARE, GL_DONT_CARE, GL_DONT_CARE, 0, nullptr, GL_FALSE);
    glDebugMessageControl(GL_DEBUG_SOURCE_APPLICATION, GL_DEBUG_TYPE_PUSH_GROUP, GL_DONT_CARE, 0, nullptr,
                          GL_TRUE);
    const auto take_log = [] {
      std::vector<std::string> groups;
      GLint length = 0;
      glGetIntegerv(GL_MAX_DEBUG_MESSAGE_LENGTH, &length);
      std::vector<GLchar> text(std::size_t(std::max(length, 1)));
      GLenum source = 0, type = 0, severity = 0;
      GLuint id = 0;
      GLsizei size = 0;
      while (glGetDebugMessageLog(1, GLsizei(text.size()), &source, &type, &id, &severity, &size,
                                  text.data()) == 1)
        if (type == GL_DEBUG_TYPE_PUSH_GROUP) groups.emplace_back(text.data());
      return groups;
    };
    take_log();
    RenderRequest request;
    request.styles.resize(1);
    request.styles[0].highlight = 1.f;
    draw(red_ellipsoid(), request, "debug-groups");
    const std::vector<std::string> groups = take_log();
    glDisable(GL_DEBUG_OUTPUT);
    CAPTURE(groups.size());
    const std::vector<std::string> expected = {
        "upload the model", "allocate the 3D view", "background", "opaque meshes",
        "resolve",          "highlights",           "read back"};
    std::size_t at = 0;
    for (const std::string& name : groups)
      if (at < expected.size() && name == expected[at]) ++at;
    CHECK_MESSAGE(at == expected.size(), "passes missing or out of order from ",
                  expected[std::min(at, expected.size() - 1)]);

    const auto label_of = [](GLenum identifier, GLuint id) {
      std::string text(256, '\0');
      GLsizei length = 0;
      glGetObjectLabel(identifier, id, GLsizei(text.size()), &length, text.data());
      text.resize(std::size_t(length));
      return text;
    };
    render::RenderTarget target;
    target.resize({64, 48}, 4);
    CHECK(label_of(GL_FRAMEBUFFER, target.resolved_framebuffer()) == "3D view: resolved");
    target.bind_for_translucency();
    CHECK(label_of(GL_TEXTURE, target.translucency_colour_texture()) == "3D view: translucent colour");
    target.bind_mask();
    CHECK(label_of(GL_TEXTURE, target.mask_texture()) == "3D view: highlight mask");
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    const render::Program program = render::build_program("mesh.vert", "mesh.frag");
    CHECK(label_of(GL_PROGRAM, program.id()) == "mesh.vert + mesh.frag");
  }

  TEST_CASE("a red model renders red at the centre over the background gradient") {
    const render::Image image = draw(red_ellipsoid(), {}, "ellipsoid-anterior");
    const glm::ivec2 centre = image.size / 2;
    const glm::vec3 middle = rgb(image, centre.x, centre.y);
    CAPTURE(middle);
    CHECK(max_channel_difference(middle, background(image, centre.x, centre.y)) > 40.f);
    CHECK(reddish(middle));
    CHECK(image.pixel(centre.x, centre.y).a == 255);

    // The corners are the gradient of DisplaySettings: lighter slate at the top, near black below.
    for (glm::ivec2 corner : {glm::ivec2(0, 0), glm::ivec2(image.size.x - 1, 0),
                              glm::ivec2(0, image.size.y - 1), image.size - 1}) {
      CAPTURE(corner);
      CAPTURE(rgb(image, corner.x, corner.y));
      CAPTURE(background(image, corner.x, corner.y));
      CHECK(max_channel_difference(rgb(image, corner.x, corner.y), background(image, corner.x, corner.y)) <=
            3.f);
    }
    CHECK(luminance(rgb(image, 0, 0)) > luminance(rgb(image, 0, image.size.y - 1)) + 20.f);
  }

  TEST_CASE("the framed model is centred and fills most of the height") {
    const render::Image image = draw(red_ellipsoid(), {}, "ellipsoid-framing");
    const Coverage model = model_coverage(image);
    REQUIRE(model.count > 0);
    CAPTURE(model.centroid);
    CAPTURE(model.min);
    CAPTURE(model.max);
    CHECK(std::abs(model.centroid.x - image.size.x * 0.5f) < image.size.x * 0.03f);
    CHECK(std::abs(model.centroid.y - image.size.y * 0.5f) < image.size.y * 0.05f);
    const int height = model.max.y - model.min.y + 1;
    CHECK(height > image.size.y * 0.7f);
    // ...but is not cut off: the top and bottom rows are background.
    CHECK(model.min.y > 0);
    CHECK(model.max.y < image.size.y - 1);
    // The tall model is narrower than it is high, as it should look from the front.
    CHECK(model.max.x - model.min.x + 1 < height / 2);
    // Nearly every model pixel is red.
    CHECK(colour_coverage(image, reddish).count > model.count * 8 / 10);
  }

  TEST_CASE("the model is lit and not flat") {
    const render::Image image = draw(red_ellipsoid(), {}, "ellipsoid-shading");
    double sum = 0.0, sum_squares = 0.0;
    float darkest = 255.f, brightest = 0.f;
    int count = 0;
    for (int y = 0; y < image.size.y; ++y)
      for (int x = 0; x < image.size.x; ++x) {
        if (!is_model(image, x, y)) continue;
        const float l = luminance(rgb(image, x, y));
        sum += l;
        sum_squares += double(l) * l;
        darkest = std::min(darkest, l);
        brightest = std::max(brightest, l);
        ++count;
      }
    REQUIRE(count > 1000);
    const double mean = sum / count;
    const double deviation = std::sqrt(std::max(0.0, sum_squares / count - mean * mean));
    CAPTURE(mean);
    CAPTURE(darkest);
    CAPTURE(brightest);
    CHECK(deviation > 8.0);
    CHECK(brightest - darkest > 40.f);
    // The key light comes from above left: the upper left of the model is brighter than its lower
    // right.
    const Coverage model = model_coverage(image);
    const int cx = int(model.centroid.x), cy = int(model.centroid.y);
    const int dx = (model.max.x - model.min.x) / 5, dy = (model.max.y - model.min.y) / 5;
    CHECK(luminance(rgb(image, cx - dx, cy - dy)) > luminance(rgb(image, cx + dx, cy + dy)));
  }

  TEST_CASE("the anterior posterior lateral and medial views show different sides") {
    const scene::Model model = box_with_front_bump();
    const render::Image anterior = draw(model, {.view = "anterior"}, "bump-anterior");
    const render::Image posterior = draw(model, {.view = "posterior"}, "bump-posterior");
    const render::Image lateral = draw(model, {.view = "lateral"}, "bump-lateral");
    const render::Image medial = draw(model, {.view = "medial"}, "bump-medial");
    const float middle = anterior.size.x * 0.5f;

    // From the front the green bump faces the viewer, in the middle.
    const Coverage front = colour_coverage(anterior, greenish);
    CHECK(front.count > 200);
    CHECK(std::abs(front.centroid.x - middle) < 5.f);
    CHECK(front.centroid.y < anterior.size.y * 0.5f);  // it sits above the middle
    // From behind the body hides it.
    CHECK(colour_coverage(posterior, greenish).count == 0);
    CHECK(colour_coverage(posterior, reddish).count > 1000);
    // From the lateral side (-X) of this right leg the front is on the right of the picture; from the
    // medial side, on the left.
    const Coverage from_lateral = colour_coverage(lateral, greenish);
    const Coverage from_medial = colour_coverage(medial, greenish);
    CHECK(from_lateral.count > 50);
    CHECK(from_medial.count > 50);
    CHECK(from_lateral.centroid.x > middle + 10.f);
    CHECK(from_medial.centroid.x < middle - 10.f);

    // And the pictures differ as wholes.
    const auto mean_difference = [](const render::Image& a, const render::Image& b) {
      return test::compare(to_rgba(a), to_rgba(b)).mean;
    };
    CHECK(mean_difference(anterior, posterior) > 1.0);
    CHECK(mean_difference(lateral, medial) > 1.0);
    CHECK(mean_difference(anterior, lateral) > 1.0);
  }

  TEST_CASE("the simplified meshes drawn while the view moves keep the silhouette and the shading") {
    // A dense ellipsoid (16,000 triangles): drawn from its simplified triangles, a tenth as many,
    // the picture barely changes.
    const scene::Model model = load(
        test::scene_of({{"dense", test::ellipsoid({0.f, 0.f, 0.f}, {0.3f, 0.5f, 0.2f}, 128, 64), kRed}}));
    REQUIRE(model.meshes.size() == 1);
    const std::vector<std::uint32_t> simplified = render::simplified_indices(model.meshes[0]);
    MESSAGE("triangles: " << model.meshes[0].indices.size() / 3 << " full, " << simplified.size() / 3
                          << " simplified");
    const float share = float(simplified.size()) / float(model.meshes[0].indices.size());
    CHECK(share <= render::kSimplifiedShare * 1.2f);
    CHECK(share >= render::kSimplifiedShare * 0.8f);
    CHECK(render::simplified_indices(
              load(test::scene_of({{"box", test::box({}, glm::vec3(0.5f)), kRed}})).meshes[0])
              .empty());

    RenderRequest request;
    request.size = {400, 400};
    const render::Image full = draw(model, request, "dense-full");
    request.simplified = true;
    const render::Image reduced = draw(model, request, "dense-simplified");
    int model_pixels = 0, outline_changed = 0, shade_changed = 0;
    for (int y = 0; y < full.size.y; ++y)
      for (int x = 0; x < full.size.x; ++x) {
        const bool in_full = is_model(full, x, y), in_reduced = is_model(reduced, x, y);
        model_pixels += in_full;
        outline_changed += in_full != in_reduced;
        shade_changed +=
            in_full && in_reduced && max_channel_difference(rgb(full, x, y), rgb(reduced, x, y)) > 16.f;
      }
    MESSAGE("of " << model_pixels << " model pixels: " << outline_changed << " in or out of the outline, "
                  << shade_changed << " shaded visibly differently");
    CHECK(model_pixels > 10000);
    CHECK(outline_changed < model_pixels / 100);
    CHECK(shade_changed < model_pixels / 50);
  }

  // While the view moves the highlight mask is tested against the opaque pass's own depth, when
  // that depth holds exactly what hides the highlights; the mask must come out as it did with
  // the hiding meshes drawn again, and the shortcut must not be taken when an opaque mesh is one
  // the highlights show through (an opaque skin).
  TEST_CASE("while the view moves the highlight mask reuses the opaque depth and marks the same pixels") {
    const scene::Model model = load(test::scene_of({
        {"body", test::box({0.f, 0.f, 0.f}, {0.2f, 0.8f, 0.2f}), kRed},
        {"bump", test::box({0.f, 0.2f, 0.3f}, {0.1f, 0.15f, 0.1f}), kGreen},
        {"back", test::box({0.f, -0.3f, -0.3f}, {0.12f, 0.15f, 0.1f}), kBlue},
    }));
    render::MeshStyle yellow, cyan;
    yellow.highlight = cyan.highlight = 1.f;
    yellow.highlight_colour = {1.f, 0.8f, 0.f};
    cyan.highlight_colour = {0.f, 0.8f, 1.f};
    const auto count_differing = [](const render::Image& a, const render::Image& b) {
      int differing = 0;
      for (int y = 0; y < a.size.y; ++y)
        for (int x = 0; x < a.size.x; ++x)
          differing += max_channel_difference(rgb(a, x, y), rgb(b, x, y)) > 2.f;
      return differing;
    };
    const auto occluders_drawn = [](const char* what) {
      const std::map<std::string, double> times = render::take_pass_times();
      INFO(what);
      REQUIRE(times.count("highlights") == 1);
      return times.count("highlight occluders") == 1;
    };
    render::time_passes(true);
    for (const std::string_view view : {"anterior", "posterior"}) {
      CAPTURE(view);
      RenderRequest request{.view = view, .msaa = 1, .styles = {{}, yellow, cyan}};
      render::take_pass_times();
      const render::Image still = draw(model, request, "moving-mask-still-" + std::string(view));
      CHECK(occluders_drawn("still"));
      request.simplified = true;
      const render::Image moving = draw(model, request, "moving-mask-moving-" + std::string(view));
      CHECK_FALSE(occluders_drawn("moving"));
      CHECK(count_differing(still, moving) == 0);
      // The highlight is there: the bump from the front, the back box from behind.
      const glm::vec3 marked = rgb(moving, 160, view == "anterior" ? 90 : 150);
      CAPTURE(marked);
      CHECK_FALSE(reddish(marked));
    }

    // The body made an opaque envelope, which the highlights show through: the opaque depth would
    // hide the back box, so the moving frame draws the hiding meshes as the still one does.
    render::MeshStyle envelope;
    envelope.occludes = false;
    envelope.envelope = true;
    RenderRequest request{.view = "anterior", .msaa = 1, .styles = {envelope, yellow, cyan}};
    render::take_pass_times();
    const render::Image still = draw(model, request, "moving-mask-envelope-still");
    CHECK(occluders_drawn("still"));
    request.simplified = true;
    const render::Image moving = draw(model, request, "moving-mask-envelope-moving");
    CHECK(occluders_drawn("moving"));
    CHECK(count_differing(still, moving) == 0);
    render::time_passes(false);
  }

  TEST_CASE("multisampling gives silhouette edges intermediate colours") {
    const scene::Model model =
        load(test::scene_of({{"box", test::box({0.f, 0.f, 0.f}, {0.3f, 0.8f, 0.3f}), kRed}}));
    // Along the left silhouette, in the middle rows: how far the first model pixel is from the
    // background toward the face's colour (0 = background, 1 = face).
    const auto partial_edge_rows = [&](const render::Image& image) {
      int partial = 0, rows = 0;
      for (int y = image.size.y / 4; y < image.size.y * 3 / 4; ++y) {
        int x = 0;
        while (x < image.size.x / 2 &&
               !(max_channel_difference(rgb(image, x, y), background(image, x, y)) > 6.f))
          ++x;
        if (x >= image.size.x / 2) continue;
        const glm::vec3 b = background(image, x, y), face = rgb(image, x + 4, y), p = rgb(image, x, y);
        const float t = glm::dot(p - b, face - b) / glm::dot(face - b, face - b);
        ++rows;
        if (t < 0.8f) ++partial;
      }
      return std::pair{partial, rows};
    };
    const render::Image aliased = draw(model, {.msaa = 1}, "box-msaa-1");
    const render::Image smooth = draw(model, {.msaa = 8}, "box-msaa-8");
    const auto [aliased_partial, aliased_rows] = partial_edge_rows(aliased);
    const auto [smooth_partial, smooth_rows] = partial_edge_rows(smooth);
    REQUIRE(aliased_rows > 50);
    REQUIRE(smooth_rows > 50);
    CAPTURE(aliased_partial);
    CAPTURE(smooth_partial);
    CHECK(aliased_partial == 0);
    CHECK(smooth_partial > smooth_rows / 4);
  }

  TEST_CASE("the nearer surface wins from either side and in either drawing order") {
    const test::GltfMesh front{"front", test::box({0.f, 0.f, 0.3f}, {0.3f, 0.5f, 0.15f}), kRed};
    const test::GltfMesh back{"back", test::box({0.f, 0.f, -0.3f}, {0.3f, 0.5f, 0.15f}), kBlue};
    for (bool front_first : {true, false}) {
      CAPTURE(front_first);
      const scene::Model model =
          load(front_first ? test::scene_of({front, back}) : test::scene_of({back, front}));
      const std::string order = front_first ? "-front-first" : "-back-first";
      const render::Image from_front =
          draw(model, {.size = {160, 120}, .view = "anterior"}, "depth-anterior" + order);
      const render::Image from_back =
          draw(model, {.size = {160, 120}, .view = "posterior"}, "depth-posterior" + order);
      CHECK(reddish(rgb(from_front, 80, 60)));
      CHECK(colour_coverage(from_front, bluish).count < 20);
      CHECK(bluish(rgb(from_back, 80, 60)));
      CHECK(colour_coverage(from_back, reddish).count < 20);
    }
  }

  TEST_CASE("MeshStyle visible = false removes that mesh") {
    const scene::Model model = load(test::scene_of({
        {"left", test::box({-0.4f, 0.f, 0.f}, {0.25f, 0.6f, 0.25f}), kRed},
        {"right", test::box({0.4f, 0.f, 0.f}, {0.25f, 0.6f, 0.25f}), kBlue},
    }));
    const render::Image both = draw(model, {}, "styles-both");
    CHECK(colour_coverage(both, reddish).count > 1000);
    CHECK(colour_coverage(both, bluish).count > 1000);

    const render::Image no_red = draw(model, {.styles = {{false, 1.f}, {true, 1.f}}}, "styles-hide-red");
    CHECK(colour_coverage(no_red, reddish).count == 0);
    CHECK(colour_coverage(no_red, bluish).count > 1000);

    const render::Image no_blue = draw(model, {.styles = {{true, 1.f}, {false, 1.f}}}, "styles-hide-blue");
    CHECK(colour_coverage(no_blue, reddish).count > 1000);
    CHECK(colour_coverage(no_blue, bluish).count == 0);

    const render::Image none = draw(model, {.styles = {{false, 1.f}, {false, 1.f}}}, "styles-hide-all");
    CHECK(model_coverage(none).count == 0);
  }

  TEST_CASE("opacity 0.5 blends the mesh with what lies behind it") {
    const test::GltfMesh red{"red", test::box({0.f, 0.f, 0.2f}, {0.3f, 0.5f, 0.1f}), kRed};
    const test::GltfMesh blue{"blue", test::box({0.f, 0.f, -0.3f}, {0.5f, 0.7f, 0.1f}), kBlue};
    const scene::Model alone = load(test::scene_of({red}));
    const render::Image opaque = draw(alone, {.size = {160, 120}}, "opacity-opaque");
    const render::Image half = draw(alone, {.size = {160, 120}, .styles = {{true, 0.5f}}}, "opacity-half");
    const glm::vec3 o = rgb(opaque, 80, 60), h = rgb(half, 80, 60), b = background(half, 80, 60);
    CAPTURE(o);
    CAPTURE(h);
    CAPTURE(b);
    // Between the background and the opaque colour, clearly distinct from both.
    CHECK(h.r > b.r + 10.f);
    CHECK(h.r < o.r - 10.f);
    CHECK(max_channel_difference(h, o) > 10.f);
    CHECK(max_channel_difference(h, b) > 10.f);

    // With a blue wall behind, the wall shows through the translucent red box.
    const scene::Model layered = load(test::scene_of({red, blue}));
    const render::Image solid = draw(layered, {.size = {160, 120}}, "opacity-layered-opaque");
    const render::Image see_through =
        draw(layered, {.size = {160, 120}, .styles = {{true, 0.5f}, {true, 1.f}}}, "opacity-layered-half");
    const glm::vec3 s = rgb(solid, 80, 60), t = rgb(see_through, 80, 60);
    CAPTURE(s);
    CAPTURE(t);
    CHECK(reddish(s));
    CHECK(t.b > s.b + 20.f);
    CHECK(t.r > 40.f);  // still tinted red
  }

  TEST_CASE("translucent meshes placed by their nodes blend back to front") {
    // Two half-transparent boxes: red in front, blue behind, seen from the front. Their vertices
    // are written so that without the node transforms the order would be the other way round: red
    // around z = -1 moved forward by its node to z = +0.5, blue around z = 0 moved back to -0.5.
    test::GltfScene gltf;
    gltf.meshes.push_back({"red", test::box({0.f, 0.f, -1.f}, {0.3f, 0.5f, 0.1f}), kRed});
    gltf.meshes.push_back({"blue", test::box({0.f, 0.f, 0.f}, {0.3f, 0.5f, 0.1f}), kBlue});
    gltf.nodes.push_back({"model", glm::vec3(0.f), -1, {1, 2}});
    gltf.nodes.push_back({"red", {0.f, 0.f, 1.5f}, 0, {}});
    gltf.nodes.push_back({"blue", {0.f, 0.f, -0.5f}, 1, {}});
    gltf.roots = {0};
    const scene::Model model = load(gltf);
    const std::vector<render::MeshStyle> half{{true, 0.5f}, {true, 0.5f}};
    const render::Image image = draw(model, {.size = {160, 120}, .styles = half}, "translucent-order");
    // The same boxes with their vertices already in place (no node transforms) give the reference.
    const scene::Model placed = load(test::scene_of({
        {"red", test::box({0.f, 0.f, 0.5f}, {0.3f, 0.5f, 0.1f}), kRed},
        {"blue", test::box({0.f, 0.f, -0.5f}, {0.3f, 0.5f, 0.1f}), kBlue},
    }));
    const render::Image expected =
        draw(placed, {.size = {160, 120}, .styles = half}, "translucent-order-expected");
    const glm::vec3 got = rgb(image, 80, 60), want = rgb(expected, 80, 60);
    CAPTURE(got);
    CAPTURE(want);
    CHECK(want.r > want.b);  // the nearer red is blended last, over the blue
    CHECK(max_channel_difference(got, want) <= 2.f);
  }

  TEST_CASE("knee flexion bends a skinned leg on the GPU") {
    // A leg built in code: a thigh box above the knee (joint 0), a shank box below it (joint 1).
    scene::Model model;
    model.source = "two-box leg";
    model.nodes.push_back({"skel-thigh", glm::mat4(1.f), -1, {1}, {}});
    model.nodes.push_back({"skel-shank", glm::mat4(1.f), 0, {}, {}});
    model.nodes.push_back({"leg-skin", glm::mat4(1.f), -1, {}, {0}});
    model.joints = {{0, glm::mat4(1.f)}, {1, glm::mat4(1.f)}};
    scene::Mesh leg;
    leg.name = "leg-skin";
    leg.node = 2;
    leg.skinned = true;
    leg.material.base_colour = kRed;
    for (const auto& [centre, joint] :
         {std::pair{glm::vec3(0.f, 0.4f, 0.f), 0}, std::pair{glm::vec3(0.f, -0.4f, 0.f), 1}}) {
      const test::Shape part = test::box(centre, {0.1f, 0.4f, 0.1f});
      const auto first = static_cast<std::uint32_t>(leg.vertices.size());
      for (std::size_t i = 0; i < part.positions.size(); ++i) {
        scene::Vertex v;
        v.position = part.positions[i];
        v.normal = part.normals[i];
        v.joints = {std::uint16_t(joint), 0, 0, 0};
        v.weights = {1.f, 0.f, 0.f, 0.f};
        leg.vertices.push_back(v);
      }
      for (std::uint32_t index : part.indices) leg.indices.push_back(first + index);
    }
    model.meshes.push_back(leg);

    const render::Image straight = draw(model, {.view = "lateral"}, "knee-0");
    const render::Image bent = draw(model, {.view = "lateral", .knee_flexion_deg = 90.f}, "knee-90");
    const Coverage s = model_coverage(straight), b = model_coverage(bent);
    REQUIRE(s.count > 500);
    REQUIRE(b.count > 500);
    // Straight: a tall bar. Bent: an L as wide as it is high.
    CHECK(s.max.y - s.min.y > 3 * (s.max.x - s.min.x));
    CHECK(b.max.x - b.min.x > (b.max.y - b.min.y) * 0.7f);
    // From the lateral side, posterior is on the left: the shank now reaches into the left third,
    // low in the picture, while the thigh stays on the right.
    const int third = straight.size.x / 3;
    const auto in_left_third = [](const render::Image& image, int third_width, int y0, int y1) {
      int count = 0;
      for (int y = y0; y < y1; ++y)
        for (int x = 0; x < third_width; ++x) count += is_model(image, x, y);
      return count;
    };
    CHECK(in_left_third(straight, third, 0, straight.size.y) == 0);
    CHECK(in_left_third(bent, third, bent.size.y / 2, bent.size.y) > 300);
    CHECK(in_left_third(bent, third, 0, bent.size.y / 3) == 0);
  }

  // The reference image: a red ellipsoid with a green box on its front, seen from in front and to
  // the lateral side (yaw -50, pitch 15), 200x150, 4x MSAA: smooth shading, flat faces, two colours
  // and silhouettes against the gradient.
  // Thresholds, per R/G/B value in 0..255:
  //   max  48: a silhouette edge may move by a fraction of a pixel with another Mesa or GPU, which
  //            changes an anti-aliased edge pixel by up to about a third of the model/background
  //            contrast; anything larger is a real change (a missing part, a wrong colour).
  //   mean 1.0: the background dither and lighting rounding change by one or two levels at most;
  //            a moved model, another light or another colour takes the mean well above 1.
  // A failure writes the actual image and a 4x difference image to <build>/tests/baselines-actual/;
  // KNEEVIZ_UPDATE_BASELINES=1 rewrites tests/baselines/ from the renders (look at them first).
  TEST_CASE("an ellipsoid with a box on its front matches its reference image") {
    const scene::Model model = load(test::scene_of({
        {"ellipsoid", test::ellipsoid({0.f, 0.f, 0.f}, {0.35f, 1.f, 0.35f}), kRed},
        {"box", test::box({0.f, 0.25f, 0.35f}, {0.12f, 0.15f, 0.12f}), kGreen},
    }));
    const render::Image image =
        draw(model, {.size = {200, 150}, .view = "-50,15", .msaa = 4}, "baseline-ellipsoid-and-box");
    const test::BaselineResult result =
        test::check_against_baseline(to_rgba(image), "ellipsoid-and-box", kBaselines, kActual, 48, 1.0);
    INFO(result.message);
    CHECK(result.passed);
  }

}  // TEST_SUITE

namespace {

// A Shape as a closed mesh (for props), in the colour given.
scene::Mesh prop_of(const test::Shape& shape, glm::vec4 colour) {
  scene::Mesh mesh;
  for (std::size_t i = 0; i < shape.positions.size(); ++i) {
    scene::Vertex v;
    v.position = shape.positions[i];
    v.normal = shape.normals[i];
    mesh.vertices.push_back(v);
  }
  mesh.indices = shape.indices;
  mesh.material.base_colour = colour;
  return mesh;
}

render::Image draw_snapshot(const scene::Model& model, render::Snapshot snapshot, const std::string& name) {
  require_context();
  render::Renderer renderer;
  renderer.upload(model);
  snapshot.size = {320, 240};
  const render::Image image = render::render_snapshot(renderer, model, snapshot);
  std::filesystem::create_directories(kRenders);
  io::write_png(kRenders / (name + ".png"), image.size, image.rgba);
  return image;
}

}  // namespace

TEST_CASE("props are drawn beside the model where they are nearer and take the bare-hand colour") {
  const scene::Model model =
      load(test::scene_of({{"body", test::box({0.f, 0.f, 0.f}, {0.3f, 0.6f, 0.2f}), kRed}}));
  render::Snapshot snapshot;
  snapshot.view = *scene::parse_view("anterior");
  // In front of the red box (+Z faces the anterior camera): a green prop covers its middle.
  snapshot.props = {prop_of(test::box({0.f, 0.f, 0.3f}, {0.08f, 0.08f, 0.05f}), kGreen)};
  const render::Image in_front = draw_snapshot(model, snapshot, "props-in-front");
  CHECK(greenish(rgb(in_front, 160, 120)));
  CHECK(colour_coverage(in_front, greenish).count > 200);
  CHECK(colour_coverage(in_front, reddish).count > 2000);
  // Behind the box it is hidden.
  snapshot.props = {prop_of(test::box({0.f, 0.f, -0.35f}, {0.08f, 0.08f, 0.05f}), kGreen)};
  CHECK(colour_coverage(draw_snapshot(model, snapshot, "props-behind"), greenish).count == 0);
  // Bare hands: the same prop in the skin tone, not its glove colour.
  snapshot.props = {prop_of(test::box({0.f, 0.f, 0.3f}, {0.08f, 0.08f, 0.05f}), kGreen)};
  snapshot.display.bare_hands = true;
  const render::Image bare = draw_snapshot(model, snapshot, "props-bare-hands");
  CHECK(colour_coverage(bare, greenish).count == 0);
  const glm::vec3 middle = rgb(bare, 160, 120);
  CHECK(middle.r > middle.g);
  CHECK(middle.g > middle.b);
}

// The stroke overlay shows faintly where its path goes behind the leg, but not through a hand lying
// on the skin over it (the ring of stationary circles under a palm): only what lies more than
// kXrayBehindM in front of it lets it show through.
TEST_CASE("the overlay shows through the limb it goes behind but not through a hand lying on it") {
  const scene::Model model =
      load(test::scene_of({{"body", test::box({0.f, 0.f, 0.f}, {0.3f, 0.6f, 0.2f}), kRed}}));
  render::Snapshot snapshot;
  snapshot.view = *scene::parse_view("anterior");
  // A "hand" 3 cm thick lying on the front face (z = 0.2, toward the camera) over part of a
  // patch drawn on that face, and a second patch on the back face, 40 cm behind the front one.
  snapshot.props = {prop_of(test::box({-0.1f, 0.f, 0.215f}, {0.05f, 0.05f, 0.015f}), kGreen)};
  const auto patch = [&](float x0, float x1, float z) {
    const glm::vec4 blue(0.1f, 0.3f, 1.f, 0.9f);
    const render::OverlayVertex a{{x0, -0.1f, z}, {}, blue}, b{{x1, -0.1f, z}, {}, blue},
        c{{x1, 0.1f, z}, {}, blue}, d{{x0, 0.1f, z}, {}, blue};
    snapshot.overlay.add_triangle(a, b, c);
    snapshot.overlay.add_triangle(a, c, d);
  };
  const render::Image without = draw_snapshot(model, snapshot, "overlay-none");
  patch(-0.25f, -0.02f, 0.201f);
  patch(0.05f, 0.25f, -0.21f);
  const render::Image with = draw_snapshot(model, snapshot, "overlay-under-hand-and-behind");
  int hand = 0, hand_changed = 0, front_changed = 0, behind_changed = 0;
  for (int y = 0; y < with.size.y; ++y)
    for (int x = 0; x < with.size.x; ++x) {
      const bool changed = max_channel_difference(rgb(with, x, y), rgb(without, x, y)) > 8.f;
      if (greenish(rgb(without, x, y))) {
        ++hand;
        hand_changed += changed;
      } else if (reddish(rgb(without, x, y)) && changed) {
        (x < with.size.x / 2 ? front_changed : behind_changed) += 1;
      }
    }
  MESSAGE("hand pixels " << hand << " (" << hand_changed << " changed by the overlay); changed on the box: "
                         << front_changed << " in front, " << behind_changed << " through it");
  REQUIRE(hand > 200);
  CHECK(hand_changed == 0);     // the hand covers the patch under it
  CHECK(front_changed > 300);   // the patch beside the hand, on the skin
  CHECK(behind_changed > 300);  // the patch behind the box, faintly through it
}

// While the view moves the props (the hands, the table) are drawn from simplified triangles as the
// model is; they are streamed every frame, so the simplified version is kept while a prop's
// triangles stay the same and made anew when they change (another hand posture).
TEST_CASE("props are drawn from simplified triangles while moving and simplified anew when they change") {
  require_context();
  const scene::Model model =
      load(test::scene_of({{"body", test::box({0.f, 0.f, -0.2f}, glm::vec3(0.1f)), kRed}}));
  const scene::Mesh fine = prop_of(test::ellipsoid({0.f, 0.f, 0.2f}, {0.2f, 0.3f, 0.1f}, 96, 48), kGreen);
  const scene::Mesh coarser = prop_of(test::ellipsoid({0.f, 0.f, 0.2f}, {0.2f, 0.3f, 0.1f}, 64, 32), kGreen);
  render::Renderer renderer;
  renderer.upload(model);
  scene::OrbitCamera camera;
  camera.set_view(*scene::parse_view("anterior"), false);
  camera.frame(scene::Bounds{{-0.3f, -0.4f, -0.3f}, {0.3f, 0.4f, 0.3f}}, 1.f);
  render::RenderTarget target;
  target.resize({200, 200}, 1);
  // The triangles a frame sends down the pipeline (nothing translucent or highlighted: the props
  // are drawn once).
  const auto triangles_drawn = [&](const scene::Mesh& prop, bool moving) {
    render::Frame frame{camera, {}, {}, {}};
    frame.props = std::span<const scene::Mesh>(&prop, 1);
    frame.simplified = moving;
    const std::size_t count = triangles_sent(renderer, target, model, frame);
    CHECK(greenish(glm::vec3(glm::vec4(target.read_colour().pixel(100, 100)))));
    return count;
  };
  const std::size_t body = model.meshes[0].indices.size() / 3 + 1;  // and the background's one triangle
  const std::size_t fine_simplified =
      render::simplified_indices(fine, render::kSimplifiedPropShare).size() / 3;
  const std::size_t coarser_simplified =
      render::simplified_indices(coarser, render::kSimplifiedPropShare).size() / 3;
  REQUIRE(fine_simplified > 0);
  REQUIRE(coarser_simplified > 0);
  REQUIRE(fine_simplified != coarser_simplified);
  CHECK(triangles_drawn(fine, false) == body + fine.indices.size() / 3);
  CHECK(triangles_drawn(fine, true) == body + fine_simplified);
  CHECK(triangles_drawn(fine, true) == body + fine_simplified);  // kept from the frame before
  CHECK(triangles_drawn(coarser, true) == body + coarser_simplified);
  CHECK(triangles_drawn(coarser, false) == body + coarser.indices.size() / 3);
}

// The outline around a highlighted structure is found in two passes (along each row, then up and
// down the column); it must still be the round band of outline_px pixels the whole square around
// each pixel gave: every pixel within the radius of the structure touched, none beyond it, at the
// corners too.
TEST_CASE("a highlight's outline is a band of outline_px pixels around what it marks and no wider") {
  const scene::Model model = box_with_front_bump();
  render::Snapshot snapshot;
  snapshot.view = *scene::parse_view("anterior");
  snapshot.display.msaa_samples = 1;
  snapshot.display.outline_px = 5.f;
  const render::Image plain = draw_snapshot(model, snapshot, "outline-plain");
  render::MeshStyle highlighted;
  highlighted.highlight = 1.f;
  highlighted.highlight_colour = {0.1f, 0.3f, 1.f};
  snapshot.styles = {{}, highlighted};
  const render::Image outlined = draw_snapshot(model, snapshot, "outline-band");

  // The bump, as drawn without its highlight: the pixels the mask marks.
  std::vector<glm::ivec2> bump;
  for (int y = 0; y < plain.size.y; ++y)
    for (int x = 0; x < plain.size.x; ++x)
      if (greenish(rgb(plain, x, y))) bump.push_back({x, y});
  REQUIRE(bump.size() > 300);
  const auto distance_to_bump = [&](int x, int y) {
    float nearest = 1e9f;
    for (const glm::ivec2& p : bump)
      nearest = std::min(nearest, glm::length(glm::vec2(p - glm::ivec2(x, y))));
    return nearest;
  };
  int band = 0, too_far = 0, missed = 0;
  for (int y = 0; y < plain.size.y; ++y)
    for (int x = 0; x < plain.size.x; ++x) {
      const float d = distance_to_bump(x, y);
      if (d == 0.f || d > 8.f) continue;
      const bool touched = max_channel_difference(rgb(plain, x, y), rgb(outlined, x, y)) > 2.f;
      band += touched;
      too_far += touched && d > 5.f;
      missed += !touched && d <= 4.f;
    }
  MESSAGE(band << " outline pixels; " << too_far << " beyond 5 px, " << missed << " within 4 px untouched");
  CHECK(band > 400);
  CHECK(too_far == 0);
  CHECK(missed == 0);
}

// An opaque, closed skin hides what it holds from any eye outside it: the renderer does not draw
// it (most of the leg's triangles under an opaque skin), unless the eye could see it after all: a
// translucent skin, the eye inside the skin or the near plane cutting it, a dent pressed in.
TEST_CASE("what an opaque closed envelope holds is drawn only when an eye could see it") {
  require_context();
  test::Shape octahedron = test::octahedron({0.f, 0.f, 0.f}, 0.5f);
  for (const glm::vec3& p : octahedron.positions) octahedron.normals.push_back(glm::normalize(p));
  scene::Model model;
  model.meshes = {prop_of(octahedron, glm::vec4(0.85f, 0.65f, 0.55f, 1.f)),
                  prop_of(test::box({0.f, 0.f, 0.f}, glm::vec3(0.1f)), kGreen)};
  REQUIRE(scene::encloses_volume(model.meshes[0]));
  render::Renderer renderer;
  renderer.upload(model);
  scene::OrbitCamera camera;
  camera.set_view(*scene::parse_view("anterior"), false);
  camera.frame(scene::Bounds{glm::vec3(-0.5f), glm::vec3(0.5f)}, 1.f);
  render::RenderTarget target;
  target.resize({200, 200}, 1);
  render::MeshStyle skin, inner;
  skin.envelope = true;
  skin.occludes = false;
  skin.dented = true;
  const scene::SkinDent dent{};
  // The triangles the frame sends down the pipeline, and its picture.
  const auto drawn = [&](const scene::OrbitCamera& eye, std::vector<render::MeshStyle> styles, bool dented) {
    render::Frame frame{eye, {}, std::move(styles)};
    if (dented) frame.dents = std::span<const scene::SkinDent>(&dent, 1);
    const std::size_t count = triangles_sent(renderer, target, model, frame);
    return std::make_pair(count, target.read_colour());
  };
  const std::size_t envelope = 8, box = 12;
  const auto [culled, culled_image] = drawn(camera, {skin, inner}, false);
  CHECK(culled == envelope + 1);  // and the background's triangle
  render::MeshStyle hidden;
  hidden.visible = false;
  const auto [without, without_image] = drawn(camera, {skin, hidden}, false);
  CHECK(without == culled);
  CHECK(culled_image.rgba == without_image.rgba);  // not drawn, and nothing seen missing

  render::MeshStyle glass = skin;
  glass.opacity = 0.5f;
  CHECK(drawn(camera, {glass, inner}, false).first >= envelope + box);  // seen through the skin
  CHECK(drawn(camera, {skin, inner}, true).first >= envelope + box);    // a dent could open it
  scene::OrbitCamera close = camera;
  close.frame(scene::Bounds{glm::vec3(-0.01f), glm::vec3(0.01f)}, 1.f);  // the eye inside the skin
  CHECK(drawn(close, {skin, inner}, false).first >= envelope + box);
  // Back outside, the same model: still not drawn (what the skin holds is worked out once).
  CHECK(drawn(camera, {skin, inner}, false).first == culled);
}

TEST_CASE("ghost props are drawn faint over what lies behind them and hide nothing") {
  const scene::Model model =
      load(test::scene_of({{"body", test::box({0.f, 0.f, 0.f}, {0.3f, 0.6f, 0.2f}), kRed}}));
  render::Snapshot snapshot;
  snapshot.view = *scene::parse_view("anterior");
  snapshot.props = {prop_of(test::box({0.f, 0.f, 0.3f}, {0.08f, 0.08f, 0.05f}), kGreen)};
  snapshot.contoured_props = 1;
  const glm::vec3 solid = rgb(draw_snapshot(model, snapshot, "props-solid"), 160, 120);
  snapshot.contoured_props = 0;
  const render::Image plain = draw_snapshot(model, snapshot, "props-uncontoured");
  snapshot.contoured_props = 1;
  snapshot.ghost_props = 1;
  const render::Image ghost = draw_snapshot(model, snapshot, "props-ghost");
  snapshot.props.clear();
  const render::Image none = draw_snapshot(model, snapshot, "props-none");
  const glm::vec3 bare = rgb(none, 160, 120), seen = rgb(ghost, 160, 120);
  MESSAGE("centre: solid prop " << solid << ", ghost " << seen << ", no prop " << bare);
  // Between the red box and the green prop (0-255): both show.
  CHECK(seen.g > bare.g + 30.f);
  CHECK(seen.g < solid.g - 30.f);
  CHECK(seen.r > solid.r + 30.f);
  CHECK(seen.r < bare.r - 30.f);
  // No contour on a ghost: no more dark pixels than the same prop drawn without one (framed alike).
  const auto dark = [](const render::Image& image) {
    int n = 0;
    for (int y = 0; y < image.size.y; ++y)
      for (int x = 0; x < image.size.x; ++x) {
        const glm::u8vec4 p = image.pixel(x, y);
        n += std::max({p.r, p.g, p.b}) < 30;
      }
    return n;
  };
  CHECK(dark(ghost) <= dark(plain));
}

TEST_CASE("contoured props get a dark rim around their silhouette and nowhere else") {
  // A green prop (the hand) over a green wall (a highlight fill of the glove's own colour): only
  // the contour tells them apart.
  const scene::Model model =
      load(test::scene_of({{"body", test::box({0.f, 0.f, 0.f}, {0.3f, 0.6f, 0.2f}), kGreen}}));
  render::Snapshot snapshot;
  snapshot.view = *scene::parse_view("anterior");
  // Rounded, as a hand is: its silhouette is where the normals turn away from the eye.
  snapshot.props = {prop_of(test::ellipsoid({0.f, 0.f, 0.3f}, {0.08f, 0.06f, 0.04f}, 48, 32), kGreen)};
  // Close up, as the window shows a hand at work (about a millimetre a pixel): the wall fills the
  // picture, so every dark pixel is the contour's.
  scene::Bounds close_up;
  close_up.extend(glm::vec3(-0.15f, -0.12f, 0.25f));
  close_up.extend(glm::vec3(0.15f, 0.12f, 0.35f));
  snapshot.frame_on = close_up;
  const auto dark = [](glm::u8vec4 p) { return std::max({p.r, p.g, p.b}) < 45; };
  const auto dark_on_wall = [&](const render::Image& image) {
    int count = 0;
    for (int y = 0; y < image.size.y; ++y)
      for (int x = 0; x < image.size.x; ++x) count += dark(image.pixel(x, y));
    return count;
  };
  const render::Image plain = draw_snapshot(model, snapshot, "props-plain");
  snapshot.contoured_props = 1;
  const render::Image contoured = draw_snapshot(model, snapshot, "props-contoured");
  const int before = dark_on_wall(plain), after = dark_on_wall(contoured);
  MESSAGE("dark pixels over the wall: " << before << " plain, " << after << " contoured");
  CHECK(before == 0);
  CHECK(after > 60);
  // The prop's face itself stays its colour.
  CHECK(greenish(rgb(contoured, 160, 120)));
}

TEST_CASE("a dent presses into a dented mesh only and shows in its silhouette") {
  const scene::Model model =
      load(test::scene_of({{"skin", test::ellipsoid({0.f, 0.f, 0.f}, {0.2f, 0.5f, 0.2f}, 64, 48), kBlue}}));
  render::Snapshot snapshot;
  snapshot.view = *scene::parse_view("lateral");  // the front (+Z) of the ellipsoid is the silhouette's edge
  scene::SkinDent dent;
  dent.centre = {0.f, 0.f, 0.2f};
  dent.normal = {0.f, 0.f, 1.f};
  dent.across = {1.f, 0.f, 0.f};
  dent.along = {0.f, 1.f, 0.f};
  dent.half_size = {0.1f, 0.15f};
  dent.depth = 0.04f;
  snapshot.dents = {dent};
  snapshot.frame_on = scene::Bounds{{-0.2f, -0.5f, -0.2f}, {0.2f, 0.5f, 0.2f}};
  const int whole = model_coverage(draw_snapshot(model, snapshot, "dent-not-dented")).count;
  snapshot.styles = {render::MeshStyle{}};
  snapshot.styles[0].dented = true;
  const int dented = model_coverage(draw_snapshot(model, snapshot, "dent-dented")).count;
  MESSAGE("silhouette " << whole << " pixels, dented " << dented);
  CHECK(whole > 5000);
  CHECK(dented < whole - 150);  // a notch 4 cm deep and 20-30 cm long in a 40 cm wide profile
  CHECK(dented > whole * 8 / 10);
}

TEST_CASE("the translucency highlight and pick buffers are allocated only when a frame uses them") {
  BumpStage stage;
  const scene::Model& model = stage.model;
  render::Renderer& renderer = stage.renderer;
  const scene::OrbitCamera& camera = stage.camera;
  render::RenderTarget& target = stage.target;
  const auto frame = [&](std::vector<render::MeshStyle> styles) {
    return render::Frame{camera, {}, std::move(styles)};
  };

  // Opaque, nothing highlighted, nothing picked: only the multisampled and resolved buffers.
  renderer.draw(target, scene::PosedModel(model), frame({}));
  CHECK_FALSE(target.has_translucency());
  CHECK_FALSE(target.has_mask());
  CHECK_FALSE(target.has_pick());
  CHECK(target.read_pick({160, 120}) == glm::u8vec4(0));  // nothing to read yet, and no GL error

  // A translucent body brings the translucency buffers.
  render::MeshStyle half;
  half.opacity = 0.5f;
  renderer.draw(target, scene::PosedModel(model), frame({half, {}}));
  CHECK(target.has_translucency());
  CHECK_FALSE(target.has_mask());

  // A highlighted bump brings the mask; a pick the pick buffer, and it finds the body at the centre.
  render::MeshStyle highlighted;
  highlighted.highlight = 1.f;
  highlighted.highlight_colour = {1.f, 0.8f, 0.f};
  renderer.draw(target, scene::PosedModel(model), frame({{}, highlighted}));
  CHECK(target.has_mask());
  CHECK_FALSE(target.has_pick());
  const render::Image outlined = target.read_colour();
  std::filesystem::create_directories(kRenders);
  io::write_png(kRenders / "on-demand-highlight.png", outlined.size, outlined.rgba);
  const auto picked = renderer.pick(target, scene::PosedModel(model), frame({}), {160, 120});
  CHECK(target.has_pick());
  REQUIRE(picked.has_value());
  CHECK(model.meshes[*picked].name == "body");

  // A new size drops them again until used.
  target.resize({200, 150}, 4);
  CHECK(target.multisampled());
  CHECK_FALSE(target.has_translucency());
  CHECK_FALSE(target.has_mask());
  CHECK_FALSE(target.has_pick());

  // One sample: drawn straight into the resolved buffers, translucency and highlight included.
  target.resize({320, 240}, 1);
  CHECK_FALSE(target.multisampled());
  renderer.draw(target, scene::PosedModel(model), frame({half, highlighted}));
  const render::Image single = target.read_colour();
  io::write_png(kRenders / "on-demand-single-sample.png", single.size, single.rgba);
  const glm::vec3 body = rgb(single, 160, 200), bump = rgb(single, 160, 90);
  CAPTURE(body);
  CAPTURE(bump);
  CHECK(reddish(body));
  CHECK(max_channel_difference(body, background(single, 160, 200)) > 30.f);
  CHECK(bump.r > 150.f);  // the highlight's yellow over the green bump
  CHECK(bump.g > 120.f);
}

TEST_CASE("a muscle's fibres streak it along their direction in a close-up and fade out from afar") {
  // An ellipsoid whose fibres run up it (+Y), as a muscle's TANGENT gives them.
  scene::Model model =
      load(test::scene_of({{"muscle", test::ellipsoid({0.f, 0.f, 0.f}, {0.35f, 1.f, 0.35f}), kRed}}));
  REQUIRE(model.meshes.size() == 1);
  model.meshes[0].has_fibres = true;
  for (scene::Vertex& v : model.meshes[0].vertices) v.fibre = glm::vec4(0.f, 1.f, 0.f, 1.f);
  render::Snapshot snapshot;
  snapshot.size = {320, 240};
  snapshot.view = *scene::parse_view("anterior");
  // Close up on the front of the ellipsoid, about a tenth of a millimetre a pixel.
  scene::OrbitCamera camera;
  camera.frame(model.bounds(), 320.f / 240.f);
  camera.restore({0.f, 0.f, 0.35f}, 0.05f, snapshot.view);
  snapshot.camera = camera;
  // Mean luminance step between neighbouring pixels across the fibres (along x) and along them
  // (along y), over the middle of the picture, which the surface fills.
  const auto steps = [](const render::Image& image) {
    double across = 0.0, along = 0.0;
    int count = 0;
    for (int y = 40; y < image.size.y - 40; ++y)
      for (int x = 60; x < image.size.x - 60; ++x) {
        const float here = luminance(rgb(image, x, y));
        across += std::abs(luminance(rgb(image, x + 1, y)) - here);
        along += std::abs(luminance(rgb(image, x, y + 1)) - here);
        ++count;
      }
    return std::pair{across / count, along / count};
  };
  snapshot.display.fibres = false;
  const render::Image plain = draw_snapshot(model, snapshot, "fibres-off");
  snapshot.display.fibres = true;
  const render::Image streaked = draw_snapshot(model, snapshot, "fibres-on");
  const auto [plain_across, plain_along] = steps(plain);
  const auto [across, along] = steps(streaked);
  MESSAGE("luminance steps across and along the fibres: "
          << plain_across << " / " << plain_along << " without, " << across << " / " << along << " with");
  CHECK(plain_across < 0.5);  // smooth shading
  CHECK(across > 4.0 * plain_across + 0.3);
  CHECK(across > 2.5 * along);  // streaks, not speckle: they change across the fibres

  // From afar a streak would be narrower than a pixel: none is drawn, and the picture is the plain one.
  snapshot.camera.reset();
  snapshot.display.fibres = false;
  const render::Image far_plain = draw_snapshot(model, snapshot, "fibres-far-off");
  snapshot.display.fibres = true;
  const render::Image far_streaked = draw_snapshot(model, snapshot, "fibres-far-on");
  int differ = 0;
  for (int y = 0; y < far_plain.size.y; ++y)
    for (int x = 0; x < far_plain.size.x; ++x)
      differ += max_channel_difference(rgb(far_plain, x, y), rgb(far_streaked, x, y)) > 2.f;
  CHECK(differ == 0);
}
