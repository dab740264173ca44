#include "app/stamped_notes.h"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>

#include "render/device.h"

namespace kneeviz::app {

void stamp_annotations(render::Image& image, const std::vector<session::PenStroke>& strokes,
                       const std::vector<ui::NoteOnScreen>& notes, float scale, bool large) {
  if ((notes.empty() && strokes.empty()) || image.size.x <= 0 || image.size.y <= 0) return;
  // The strokes and notes as the window draws them (the strokes under the notes), on a draw list of their
  // own, rendered by ImGui's OpenGL backend into a transparent picture of the image's size...
  ImDrawList list(ImGui::GetDrawListSharedData());
  list._ResetForNewFrame();
  list.PushClipRect(ImVec2(0.f, 0.f), ImVec2(float(image.size.x), float(image.size.y)));
  const auto [font, size] = ui::note_font(large);
  list.PushTextureID(font->ContainerAtlas->TexID);
  ui::draw_strokes(&list, {0.f, 0.f}, glm::vec2(image.size), strokes, ui::pen_width(float(image.size.y)));
  ui::draw_notes(&list, {0.f, 0.f}, notes, font, size * scale);
  ImDrawList* lists[] = {&list};
  ImDrawData data;
  data.Valid = true;
  data.CmdLists = lists;
  data.CmdListsCount = 1;
  data.TotalVtxCount = list.VtxBuffer.Size;
  data.TotalIdxCount = list.IdxBuffer.Size;
  data.DisplayPos = ImVec2(0.f, 0.f);
  data.DisplaySize = ImVec2(float(image.size.x), float(image.size.y));
  data.FramebufferScale = ImVec2(1.f, 1.f);

  const render::Image drawn =
      render::draw_transparent(image.size, [&] { ImGui_ImplOpenGL3_RenderDrawData(&data); });
  // ...laid over the picture: ImGui blends into the transparent picture premultiplied by alpha.
  const std::size_t row = std::size_t(image.size.x) * 4;
  for (int y = 0; y < image.size.y; ++y) {
    const std::uint8_t* over = drawn.rgba.data() + row * std::size_t(y);
    std::uint8_t* under = image.rgba.data() + row * std::size_t(y);
    for (std::size_t x = 0; x < row; x += 4) {
      const int keep = 255 - over[x + 3];
      for (int c = 0; c < 3; ++c)
        under[x + c] = std::uint8_t(std::min(255, over[x + c] + (under[x + c] * keep + 127) / 255));
    }
  }
}

}  // namespace kneeviz::app
