// The pen's strokes and pinned notes stamped onto an exported screenshot as the window draws them:
// rendered for real by ImGui's OpenGL backend on a headless context, read back and checked pixel by
// pixel; and the strokes carried from the window's view to the picture's.
#include <doctest/doctest.h>
#include <imgui.h>

#include <filesystem>
#include <memory>

#include "app/headless_panel.h"
#include "app/stamped_notes.h"
#include "io/png.h"
#include "platform/headless_context.h"
#include "render/gl.h"
#include "scene/camera.h"
#include "ui/annotations.h"
#include "ui/imgui_look.h"

using namespace kneeviz;

namespace {

render::Image grey(glm::ivec2 size) {
  render::Image image;
  image.size = size;
  image.rgba.assign(std::size_t(size.x) * size.y * 4, 128);
  for (std::size_t i = 3; i < image.rgba.size(); i += 4) image.rgba[i] = 255;
  return image;
}

int changed(const render::Image& image, glm::ivec2 from, glm::ivec2 to) {
  int count = 0;
  for (int y = from.y; y < to.y; ++y)
    for (int x = from.x; x < to.x; ++x) count += image.pixel(x, y) != glm::u8vec4(128, 128, 128, 255);
  return count;
}

// A headless context with ImGui and its OpenGL backend, one frame drawn: ImGui's fonts and the
// backend's objects exist from here on, as in the window.
struct Imgui {
  std::unique_ptr<platform::GlContext> context = platform::create_headless_context();
  std::unique_ptr<app::HeadlessPanel> panel;
  Imgui() {
    REQUIRE(context);
    panel = std::make_unique<app::HeadlessPanel>(glm::ivec2(800, 600));
    REQUIRE(panel->ready());
    ui::PanelState state;
    panel->draw(state);
  }
};

}  // namespace

TEST_SUITE("gl") {
  TEST_CASE("notes are stamped on an exported picture where their points fall and nowhere else") {
    const Imgui imgui;

    render::Image image = grey({800, 600});
    const std::vector<ui::NoteOnScreen> notes = {{{200.f, 300.f}, true, 1, "Tender after running"},
                                                 {{600.f, 100.f}, false, 2, ""}};
    app::stamp_annotations(image, {}, notes, 1.5f, false);
    io::write_png(std::filesystem::path(KNEEVIZ_TEST_BINARY_DIR) / "stamped-notes.png", image.size,
                  image.rgba);

    // The first note: its yellow-ringed marker at its point, its text in a dark box to the right.
    const int marker = changed(image, {180, 280}, {220, 320});
    const int text_box = changed(image, {230, 285}, {520, 315});
    MESSAGE("pixels changed by the first marker " << marker << ", by its text " << text_box);
    CHECK(marker > 600);
    CHECK(text_box > 3000);
    int yellow = 0;
    for (int y = 280; y < 320; ++y)
      for (int x = 180; x < 220; ++x) {
        const glm::u8vec4 p = image.pixel(x, y);
        yellow += p.r > 180 && p.g > 150 && p.b < 100;
      }
    CHECK(yellow > 40);
    // The second, hidden behind the leg: a fainter marker, no box.
    const int faint = changed(image, {580, 80}, {620, 120});
    CHECK(faint > 300);
    CHECK(changed(image, {640, 80}, {800, 120}) == 0);
    // Nothing anywhere else: the rest of the picture is as it was.
    CHECK(changed(image, {0, 400}, {800, 600}) == 0);
    CHECK(changed(image, {0, 0}, {150, 250}) == 0);
    // The picture's alpha stays opaque, and the framebuffer bound before is bound again.
    CHECK(image.pixel(200, 300).a == 255);
    GLint bound = -1;
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &bound);
    CHECK(bound == 0);
  }

  TEST_CASE("pen strokes are stamped on an exported picture along their points and nowhere else") {
    const Imgui imgui;

    render::Image image = grey({800, 600});
    // A red line across the upper half, and a single green dot low on the right.
    const std::vector<session::PenStroke> strokes = {{"#ff0000", {{0.1f, 0.25f}, {0.5f, 0.25f}}},
                                                     {"#00ff00", {{0.75f, 0.8f}}}};
    app::stamp_annotations(image, strokes, {}, 1.f, false);
    io::write_png(std::filesystem::path(KNEEVIZ_TEST_BINARY_DIR) / "stamped-strokes.png", image.size,
                  image.rgba);
    int red = 0, green = 0;
    for (int y = 140; y < 160; ++y)
      for (int x = 100; x < 380; ++x) {
        const glm::u8vec4 p = image.pixel(x, y);
        red += p.r > 200 && p.g < 80 && p.b < 80;
      }
    for (int y = 470; y < 490; ++y)
      for (int x = 590; x < 610; ++x) {
        const glm::u8vec4 p = image.pixel(x, y);
        green += p.g > 200 && p.r < 80 && p.b < 80;
      }
    MESSAGE("red line pixels " << red << ", green dot pixels " << green);
    // 280 px long, the pen 2.4 px wide at 600 px high: a line at least 1 px thick its whole length.
    CHECK(red > 280);
    CHECK(green >= 3);  // a dot 1.4 px in radius: about 6 px, the edges blended
    CHECK(changed(image, {0, 0}, {800, 120}) == 0);
    CHECK(changed(image, {0, 180}, {560, 600}) == 0);
    CHECK(image.pixel(200, 150).a == 255);
  }

  // The bench and soak measure the panel a user sees: the window's style and both its fonts, not
  // ImGui's defaults and one font.
  TEST_CASE("the panel drawn without a window has the window's look and its large font") {
    const Imgui imgui;
    ImFont* large = ui::large_font();
    REQUIRE(large != nullptr);
    CHECK(large != ImGui::GetFont());
    CHECK(large->FontSize > 1.5f * ImGui::GetFont()->FontSize);
    CHECK(ImGui::GetIO().Fonts->Fonts.Size == 2);
    // The secondary text readable on a projector, where ImGui's dark style has it at half grey.
    CHECK(ImGui::GetStyle().Colors[ImGuiCol_TextDisabled].x > 0.65f);
    CHECK(ImGui::GetStyle().WindowRounding > 0.f);
  }
}  // TEST_SUITE

TEST_SUITE("cpu") {
  TEST_CASE("pen strokes drawn over the window fall on the same points of the scene in an export") {
    scene::OrbitCamera camera;
    camera.frame(scene::Bounds{{-0.2f, -0.5f, -0.2f}, {0.2f, 0.5f, 0.2f}}, 16.f / 9.f);
    camera.lens_shift_x = 0.3f;  // the window makes room for the panel
    const glm::mat4 window = camera.projection(16.f / 9.f) * camera.view();
    scene::OrbitCamera exported = camera;
    exported.lens_shift_x = 0.f;  // the picture has no panel, and is square
    const glm::mat4 picture = exported.projection(1.f) * exported.view();
    const auto seen = [](const glm::mat4& eye, glm::vec3 p) {
      const glm::vec4 clip = eye * glm::vec4(p, 1.f);
      const glm::vec2 ndc = glm::vec2(clip) / clip.w;
      return glm::vec2(ndc.x * 0.5f + 0.5f, 0.5f - ndc.y * 0.5f);
    };
    // Points of the scene at different depths: where the window shows them, carried to the picture,
    // is where the picture shows them.
    const glm::vec3 points[] = {{0.f, 0.f, 0.2f}, {0.15f, 0.3f, -0.1f}, {-0.1f, -0.4f, 0.f}};
    session::PenStroke stroke;
    for (const glm::vec3& p : points) stroke.points.push_back(seen(window, p));
    const std::vector<session::PenStroke> carried = ui::strokes_for_picture({stroke}, window, picture);
    REQUIRE(carried.size() == 1);
    REQUIRE(carried[0].points.size() == 3);
    CHECK(carried[0].colour == stroke.colour);
    for (std::size_t i = 0; i < 3; ++i) {
      CAPTURE(i);
      const glm::vec2 expected = seen(picture, points[i]);
      CHECK(glm::distance(carried[0].points[i], expected) < 1e-4f);
      // And not where the window had them: the panel's room and the aspect moved them.
      CHECK(glm::distance(stroke.points[i], expected) > 0.01f);
    }
  }

}  // TEST_SUITE
