#include "ui/imgui_layer.h"

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

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

}  // namespace

ImGuiLayer::ImGuiLayer(GLFWwindow* window, float scale) : scale_(std::clamp(scale, 1.f, 4.f)) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is the program's, not a file in the working directory
  apply_style(scale_);
  load_fonts();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
}

void ImGuiLayer::load_fonts() {
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
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(font.data()), int(font.size()), 17.f * scale_,
                                   &config);
    // Rasterised at its own size rather than scaled up, so it stays sharp on a projector.
    g_large_font = io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(font.data()), int(font.size()),
                                                  30.f * scale_, &config);
  } else {
    io.Fonts->AddFontDefault();
  }
}

void ImGuiLayer::set_scale(float scale) {
  scale = std::clamp(scale, 1.f, 4.f);
  if (scale == scale_) return;
  scale_ = scale;
  apply_style(scale_);
  load_fonts();
  // The atlas is rasterised anew and uploaded at the next frame's start.
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

ImGuiLayer::~ImGuiLayer() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

void ImGuiLayer::begin_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void ImGuiLayer::end_frame() {
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

ImFont* ImGuiLayer::large_font() {
  return g_large_font ? g_large_font : ImGui::GetFont();
}

bool ImGuiLayer::wants_mouse() const {
  return ImGui::GetIO().WantCaptureMouse;
}
bool ImGuiLayer::wants_keyboard() const {
  return ImGui::GetIO().WantCaptureKeyboard;
}

}  // namespace kneeviz::ui
