#include "ui/imgui_layer.h"

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>

#include "ui/imgui_look.h"

namespace kneeviz::ui {

ImGuiLayer::ImGuiLayer(GLFWwindow* window, float scale) : scale_(std::clamp(scale, 1.f, 4.f)) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is the program's, not a file in the working directory
  apply_look(scale_);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
}

void ImGuiLayer::set_scale(float scale) {
  scale = std::clamp(scale, 1.f, 4.f);
  if (scale == scale_) return;
  scale_ = scale;
  apply_look(scale_);
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

bool ImGuiLayer::wants_mouse() const {
  return ImGui::GetIO().WantCaptureMouse;
}
bool ImGuiLayer::wants_keyboard() const {
  return ImGui::GetIO().WantCaptureKeyboard;
}

}  // namespace kneeviz::ui
