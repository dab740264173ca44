#include "ui/imgui_look.h"

#include <imgui.h>

#include <algorithm>

#include "kneeviz_fonts.h"

namespace kneeviz::ui {
namespace {

ImFont* g_large_font = nullptr;

void apply_style(float scale) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();  // from the unscaled sizes: ScaleAllSizes multiplies what is there
  ImGui::StyleColorsDark();
  style.WindowRounding = 6.f;
  style.FrameRounding = 4.f;
  style.GrabRounding = 4.f;
  style.WindowBorderSize = 0.f;
  style.FramePadding = ImVec2(8.f, 5.f);
  style.ItemSpacing = ImVec2(8.f, 7.f);
  style.WindowPadding = ImVec2(12.f, 12.f);
  ImVec4* colours = style.Colors;
  colours[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 0.92f);
  colours[ImGuiCol_Header] = ImVec4(0.20f, 0.36f, 0.52f, 0.70f);
  colours[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.45f, 0.64f, 0.85f);
  colours[ImGuiCol_Button] = ImVec4(0.20f, 0.30f, 0.42f, 0.80f);
  colours[ImGuiCol_ButtonHovered] = ImVec4(0.28f, 0.42f, 0.58f, 1.00f);
  colours[ImGuiCol_SliderGrab] = ImVec4(0.45f, 0.66f, 0.88f, 1.00f);
  colours[ImGuiCol_CheckMark] = ImVec4(0.55f, 0.78f, 1.00f, 1.00f);
  // Secondary text (group headings, the card's labels) readable on a projector: about 7:1 against
  // the panel, where ImGui's grey is 3.5:1.
  colours[ImGuiCol_TextDisabled] = ImVec4(0.70f, 0.73f, 0.78f, 1.00f);
  style.ScaleAllSizes(scale);
}

void load_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  g_large_font = nullptr;
  // DejaVu Sans, embedded at build time; 17 px at 96 DPI reads well from across a room.
  const auto font = fonts::find("DejaVuSans.ttf");
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes live in the binary
  config.OversampleH = 3;
  config.OversampleV = 2;
  if (!font.empty()) {
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(font.data()), int(font.size()), 17.f * scale,
                                   &config);
    // Rasterised at its own size rather than scaled up, so it stays sharp on a projector.
    g_large_font = io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(font.data()), int(font.size()),
                                                  30.f * scale, &config);
  } else {
    io.Fonts->AddFontDefault();
  }
}

}  // namespace

void apply_look(float scale) {
  scale = std::clamp(scale, 1.f, 4.f);
  apply_style(scale);
  load_fonts(scale);
}

ImFont* large_font() {
  return g_large_font ? g_large_font : ImGui::GetFont();
}

}  // namespace kneeviz::ui
