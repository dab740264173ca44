#include "app/headless_panel.h"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include "ui/imgui_look.h"

namespace kneeviz::app {

HeadlessPanel::HeadlessPanel(glm::ivec2 size) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(float(size.x), float(size.y));
  io.DeltaTime = 1.f / 60.f;
  ui::apply_look(1.f);  // the window's own style and fonts, so the bench draws the panel a user sees
  ready_ = ImGui_ImplOpenGL3_Init("#version 330 core");
}

HeadlessPanel::~HeadlessPanel() {
  if (ready_) ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
}

void HeadlessPanel::draw(ui::PanelState& state) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  ui::draw_panel(state);
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace kneeviz::app
