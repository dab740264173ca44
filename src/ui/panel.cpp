#include "ui/panel.h"

#include <imgui.h>

#include "scene/pose.h"

namespace kneeviz::ui {
namespace {

void model_section(PanelState& state) {
  if (!ImGui::CollapsingHeader("Model", ImGuiTreeNodeFlags_DefaultOpen)) return;
  ImGui::TextWrapped("%s", state.model_file.c_str());
  ImGui::Text("%zu structures, %zu triangles", state.model->meshes.size(),
              state.model->triangle_count());
  if (!state.styles) return;
  if (ImGui::TreeNode("Structures")) {
    for (std::size_t i = 0; i < state.model->meshes.size(); ++i) {
      const scene::Mesh& mesh = state.model->meshes[i];
      ImGui::PushID(int(i));
      ImGui::Checkbox("##visible", &(*state.styles)[i].visible);
      ImGui::SameLine();
      const glm::vec4 c = mesh.material.base_colour;
      ImGui::ColorButton("##colour", ImVec4(c.r, c.g, c.b, 1.f),
                         ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoPicker,
                         ImVec2(ImGui::GetFontSize(), ImGui::GetFontSize()));
      ImGui::SameLine();
      ImGui::TextUnformatted(mesh.name.c_str());
      ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 4.f);
      ImGui::TextDisabled("%zu", mesh.triangle_count());
      ImGui::PopID();
    }
    ImGui::TreePop();
  }
}

void view_section(PanelState& state, PanelRequests& requests) {
  if (!ImGui::CollapsingHeader("View", ImGuiTreeNodeFlags_DefaultOpen)) return;
  const float width = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  int column = 0;
  for (const scene::NamedView& preset : scene::kViewPresets) {
    std::string label = preset.name;
    label[0] = char(std::toupper(label[0]));
    if (ImGui::Button(label.c_str(), ImVec2(width, 0))) requests.view = preset.angles;
    if (++column % 2) ImGui::SameLine();
  }
  if (ImGui::Button("Reset view (R)", ImVec2(-1, 0))) requests.reset_view = true;
  ImGui::TextDisabled("Drag: orbit   Right/middle drag: pan\nScroll: zoom   Double-click: focus");
  if (state.knee_rig) {
    ImGui::Spacing();
    ImGui::SetNextItemWidth(-1);
    ImGui::SliderFloat("##flexion", &state.knee_flexion_deg, 0.f, scene::kMaxKneeFlexionDeg,
                       "Knee flexion %.0f°");
  }
}

void display_section(PanelState& state, PanelRequests& requests) {
  if (!ImGui::CollapsingHeader("Display")) return;
  ImGui::ColorEdit3("Background top", &state.display.background_top.x, ImGuiColorEditFlags_NoInputs);
  ImGui::ColorEdit3("Background bottom", &state.display.background_bottom.x,
                    ImGuiColorEditFlags_NoInputs);
  static constexpr int kSampleChoices[] = {1, 2, 4, 8};
  static constexpr const char* kSampleLabels[] = {"Off", "2x", "4x", "8x"};
  int current = 0;
  for (int i = 0; i < 4; ++i)
    if (kSampleChoices[i] == state.display.msaa_samples) current = i;
  if (ImGui::Combo("Anti-aliasing", &current, kSampleLabels, 4))
    state.display.msaa_samples = kSampleChoices[current];
  if (ImGui::Checkbox("Vertical sync", &state.vsync)) requests.vsync_changed = true;
}

}  // namespace

PanelRequests draw_panel(PanelState& state) {
  PanelRequests requests;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float margin = ImGui::GetFontSize() * 0.6f;
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + margin, viewport->WorkPos.y + margin),
                          ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 19.f, 0.f), ImGuiCond_FirstUseEver);
  ImGui::Begin("kneeviz", nullptr, ImGuiWindowFlags_AlwaysAutoResize);
  model_section(state);
  view_section(state, requests);
  display_section(state, requests);
  ImGui::Separator();
  ImGui::TextDisabled("%.1f ms a frame (%.0f fps)", state.frame_ms,
                      state.frame_ms > 0.f ? 1000.f / state.frame_ms : 0.f);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", state.gl_description.c_str());
  requests.panel_right = ImGui::GetWindowPos().x + ImGui::GetWindowSize().x - viewport->WorkPos.x;
  ImGui::End();
  return requests;
}

}  // namespace kneeviz::ui
