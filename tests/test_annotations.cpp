// Pinned notes stamped onto an exported screenshot as the window draws them: rendered for real by
// ImGui's OpenGL backend on a headless context, read back and checked pixel by pixel.
#include <doctest/doctest.h>

#include <filesystem>
#include <memory>

#include "app/headless_panel.h"
#include "app/stamped_notes.h"
#include "io/png.h"
#include "platform/headless_context.h"
#include "render/gl.h"

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

}  // namespace

TEST_SUITE("gl") {

TEST_CASE("notes are stamped on an exported picture where their points fall and nowhere else") {
  const std::unique_ptr<platform::GlContext> context = platform::create_headless_context();
  REQUIRE(context);
  app::HeadlessPanel panel({800, 600});
  REQUIRE(panel.ready());
  ui::PanelState state;
  panel.draw(state);  // a frame: ImGui's fonts and the backend's objects exist from here on

  render::Image image = grey({800, 600});
  const std::vector<ui::NoteOnScreen> notes = {{{200.f, 300.f}, true, 1, "Tender after running"},
                                               {{600.f, 100.f}, false, 2, ""}};
  app::stamp_notes(image, notes, 1.5f, false);
  io::write_png(std::filesystem::path(KNEEVIZ_TEST_BINARY_DIR) / "stamped-notes.png", image.size, image.rgba);

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

}  // TEST_SUITE
