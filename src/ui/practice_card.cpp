#include "ui/practice_card.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "ui/imgui_look.h"
#include "ui/ui_map.h"

namespace kneeviz::ui {
namespace {

// Okabe-Ito: bluish green for good, orange for fair, vermillion for poor.
ImVec4 figure_colour(int value) {
  return value >= 80   ? ImVec4(0.f, 0.62f, 0.45f, 1.f)
         : value >= 50 ? ImVec4(0.90f, 0.62f, 0.f, 1.f)
                       : ImVec4(0.84f, 0.37f, 0.f, 1.f);
}

// Where text wraps: the right edge of the card's content. (Wrapping at 0, the window's edge, would
// let a window that sizes itself to its contents grow with the text instead.)
float wrap_at() {
  return ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
}

void figure_row(const char* name, int value, float bar_width) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(name);
  ImGui::SameLine(ImGui::GetFontSize() * 5.5f);
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, figure_colour(value));
  char label[16];
  std::snprintf(label, sizeof label, "%d", value);
  ImGui::ProgressBar(float(value) / 100.f, ImVec2(bar_width, 0.f), label);
  ImGui::PopStyleColor();
  map_last_item(std::string("practice ") + name + " " + label);
}

void score_card(const PracticeCard& card) {
  if (!card.score) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.7f, 0.45f, 1.f));
    ImGui::PushTextWrapPos(wrap_at());
    ImGui::TextUnformatted(card.problem.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    map_last_item("practice problem");
    return;
  }
  const technique::PracticeScore& s = *card.score;
  const float bar = ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 5.5f;
  const std::pair<const char*, int> figures[] = {{"placement", s.placement}, {"direction", s.direction},
                                                 {"tempo", s.tempo},         {"pressure", s.pressure},
                                                 {"order", s.order},         {"safety", s.safety}};
  for (const auto& [name, value] : figures) {
    if (std::string(name) == "order" && card.stage != PracticeStage::finished)
      continue;  // one phase: no order
    figure_row(name, value, bar);
  }
  // Stroke by stroke, within one phase: each stroke's score, in the order they are performed.
  if (card.stage == PracticeStage::reviewing && s.strokes.size() > 1) {
    ImGui::TextUnformatted("strokes");
    for (const technique::StrokeScore& stroke : s.strokes) {
      ImGui::SameLine(0.f, ImGui::GetFontSize() * 0.8f);
      ImGui::TextColored(figure_colour(stroke.score), "%d: %d", stroke.stroke + 1, stroke.score);
      map_last_item("practice stroke " + std::to_string(stroke.stroke + 1) + " " +
                    std::to_string(stroke.score));
    }
  }
  ImGui::Separator();
  figure_row("overall", s.overall, bar);
  ImGui::Spacing();
  ImGui::TextDisabled("To work on next:");
  ImGui::PushTextWrapPos(wrap_at());
  for (const std::string& advice : s.feedback) {  // BulletText would not wrap
    ImGui::Bullet();
    ImGui::SameLine();
    ImGui::TextUnformatted(advice.c_str());
  }
  ImGui::PopTextWrapPos();
  map_last_item("practice feedback");
}

}  // namespace

PracticeCardRequests draw_practice_card(PracticeCard& card) {
  PracticeCardRequests requests;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  if (card.large) ImGui::PushFont(large_font());
  const float em = ImGui::GetFontSize();
  const float width = std::min(em * 21.f, viewport->WorkSize.x * 0.4f);
  ImGui::SetNextWindowPos(
      ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - em * 0.6f, viewport->WorkPos.y + em * 0.6f),
      ImGuiCond_Always, ImVec2(1.f, 0.f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0.f), ImVec2(width, viewport->WorkSize.y - em * 1.2f));
  ImGui::SetNextWindowBgAlpha(0.9f);
  ImGui::Begin("Practice##card", nullptr,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::TextUnformatted(card.technique_name.c_str());
  const float full = ImGui::GetContentRegionAvail().x;
  if (card.stage == PracticeStage::ready && card.phase == 0) {
    // Whose attempt, before it starts: the scores are kept under this name.
    ImGui::SetNextItemWidth(full);
    ImGui::InputTextWithHint("##learner", "learner's name, to keep the scores", &card.learner);
    map_last_item("practice learner");
    ImGui::TextDisabled("%s", card.follow_me ? "Follow me: a faint hand shows the way" : "From memory");
  } else {
    ImGui::TextDisabled("%s  -  %s",
                        card.learner.empty() ? "no learner named: not kept" : card.learner.c_str(),
                        card.follow_me ? "follow me" : "from memory");
  }
  const float half = (full - ImGui::GetStyle().ItemSpacing.x) * 0.5f;

  if (card.stage != PracticeStage::finished) {
    char phase[64];
    std::snprintf(phase, sizeof phase, "Phase %d of %d", card.phase + 1, card.phase_count);
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImVec4(0.55f, 0.70f, 0.90f, 1.f));  // not a score colour
    ImGui::ProgressBar(
        float(card.phase + (card.stage == PracticeStage::reviewing ? 1 : 0)) / float(card.phase_count),
        ImVec2(-1.f, em * 0.35f), "");
    ImGui::PopStyleColor();
    ImGui::TextUnformatted(phase);
    ImGui::PushTextWrapPos(wrap_at());
    ImGui::TextColored(ImVec4(0.75f, 0.88f, 1.f, 1.f), "%s", card.caption.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Separator();
  }

  // Pressure: four levels, from the number keys, the wheel or here.
  if (card.stage == PracticeStage::ready || card.stage == PracticeStage::recording) {
    ImGui::TextDisabled("Pressure (keys 1-4 or the wheel):");
    if (!card.phase_pressure.empty())
      ImGui::TextDisabled("This phase asks for %s.", card.phase_pressure.c_str());
    const float right = ImGui::GetCursorScreenPos().x + full;
    for (int i = 0; i < int(card.pressure_names.size()); ++i) {
      // Side by side while they fit, then on the next line.
      const std::string& name = card.pressure_names[std::size_t(i)];
      const float needed = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                           ImGui::CalcTextSize(name.c_str()).x;
      if (i > 0) {
        ImGui::SameLine();
        if (ImGui::GetCursorScreenPos().x + needed > right) ImGui::NewLine();
      }
      if (ImGui::RadioButton(name.c_str(), card.pressure_level == i)) requests.pressure_level = i;
      map_last_item("practice pressure " + std::to_string(i + 1));
    }
  }

  switch (card.stage) {
    case PracticeStage::ready:
      ImGui::PushTextWrapPos(wrap_at());
      ImGui::TextUnformatted(
          card.follow_me
              ? "Turn the view if you like, then start: the ghost hand works the phase and you follow "
                "it, holding the left button down to touch the skin."
              : "Turn the view if you like, then start and perform the phase from memory, holding the "
                "left button down to touch the skin.");
      ImGui::PopTextWrapPos();
      if (ImGui::Button("Start the phase (Enter)", ImVec2(full, 0.f))) requests.start = true;
      map_last_item("practice start");
      break;
    case PracticeStage::recording: {
      char clock[96];
      std::snprintf(clock, sizeof clock, "%.1f s  (the reference takes %.1f s)%s", double(card.seconds),
                    double(card.reference_seconds), card.touching ? "  -  touching" : "");
      ImGui::TextUnformatted(clock);
      if (ImGui::Button("Done (Enter)", ImVec2(full, 0.f))) requests.finish = true;
      map_last_item("practice done");
      break;
    }
    case PracticeStage::reviewing:
      ImGui::PushTextWrapPos(wrap_at());
      ImGui::TextDisabled(
          "Your trace: green on the path, yellow near it, purple off it; the path is the white line.");
      ImGui::PopTextWrapPos();
      score_card(card);
      if (ImGui::Button("Again", ImVec2(half, 0.f))) requests.retry = true;
      map_last_item("practice again");
      ImGui::SameLine();
      if (ImGui::Button(card.phase + 1 < card.phase_count ? "Next phase (Enter)" : "Finish (Enter)",
                        ImVec2(half, 0.f)))
        requests.next = true;
      map_last_item("practice next");
      break;
    case PracticeStage::finished:
      for (std::size_t i = 0; i < card.phase_overall.size(); ++i) {
        const int value = card.phase_overall[i];
        if (value < 0)
          ImGui::TextDisabled("Phase %zu: not performed", i + 1);
        else
          ImGui::TextColored(figure_colour(value), "Phase %zu: %d", i + 1, value);
        if (i + 1 < card.phase_overall.size() && (i + 1) % 3 != 0)
          ImGui::SameLine(0.f, ImGui::GetFontSize() * 1.2f);
      }
      ImGui::Separator();
      ImGui::TextUnformatted("The whole technique:");
      score_card(card);
      if (card.history.size() >= 2) {
        ImGui::Spacing();
        char label[64];
        std::snprintf(label, sizeof label, "%zu attempts, overall", card.history.size());
        ImGui::PlotLines("##history", card.history.data(), int(card.history.size()), 0, label, 0.f, 100.f,
                         ImVec2(full, em * 4.f));
        map_last_item("practice history");
      }
      if (!card.message.empty()) {
        ImGui::PushTextWrapPos(wrap_at());
        ImGui::TextDisabled("%s", card.message.c_str());
        ImGui::PopTextWrapPos();
        map_last_item("practice message");
      }
      if (ImGui::Button("Practise again", ImVec2(full, 0.f))) requests.again = true;
      map_last_item("practice restart");
      if (!card.learner.empty()) {
        ImGui::SetNextItemWidth(full - ImGui::CalcTextSize("Export CSV").x -
                                ImGui::GetStyle().FramePadding.x * 2.f - ImGui::GetStyle().ItemSpacing.x);
        ImGui::InputText("##csv", &card.csv_file);
        map_last_item("practice csv file");
        ImGui::SameLine();
        if (ImGui::Button("Export CSV")) requests.export_csv = true;
        map_last_item("practice export csv");
      }
      break;
  }
  if (ImGui::Button("Leave practice (Esc)", ImVec2(full, 0.f))) requests.stop = true;
  map_last_item("practice leave");
  map_window("practice card");
  requests.left_edge = ImGui::GetWindowPos().x - viewport->WorkPos.x;
  ImGui::End();
  if (card.large) ImGui::PopFont();
  return requests;
}

}  // namespace kneeviz::ui
