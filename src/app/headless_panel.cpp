#include "app/headless_panel.h"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include "kneeviz_fonts.h"

namespace kneeviz::app {

HeadlessPanel::HeadlessPanel(glm::ivec2 size) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(float(size.x), float(size.y));
  io.DeltaTime = 1.f / 60.f;
  ImGui::StyleColorsDark();
  const auto font = fonts::find("DejaVuSans.ttf");
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;
  if (!font.empty())
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(font.data()), int(font.size()), 17.f, &config);
  else
    io.Fonts->AddFontDefault();
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
