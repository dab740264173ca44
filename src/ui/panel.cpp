#include "ui/panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "render/look.h"
#include "scene/pose.h"
#include "session/preferences.h"
#include "ui/annotations.h"
#include "ui/imgui_look.h"
#include "ui/ui_map.h"

namespace kneeviz::ui {
namespace {

// A slim bar with its label under it, not on it: light type over the yellow fill is unreadable
// from the back of a room. Width -1 fills the line.
void progress_bar(float fraction, float width, const std::string& label) {
  ImGui::ProgressBar(fraction, ImVec2(width, ImGui::GetFontSize() * 0.4f), "");
  ImGui::TextUnformatted(label.c_str());
}

ImVec4 to_imgui(const anatomy::Colour& c) {
  return {c.r / 255.f, c.g / 255.f, c.b / 255.f, 1.f};
}

void swatch(const char* id, const anatomy::Colour& colour) {
  ImGui::ColorButton(id, to_imgui(colour), ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoPicker,
                     ImVec2(ImGui::GetFontSize(), ImGui::GetFontSize()));
}

// One structure row: visibility, name (click selects, double-click frames).
void structure_row(PanelState& state, PanelRequests& requests, const anatomy::Structure& structure) {
  anatomy::RegionView& regions = *state.regions;
  ImGui::PushID(structure.id.c_str());
  bool visible = !regions.structure_hidden(structure.id);
  if (ImGui::Checkbox("##visible", &visible)) regions.set_structure_hidden(structure.id, !visible);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show or hide %s", structure.name.c_str());
  ImGui::SameLine();
  const bool selected = regions.selected() && *regions.selected() == structure.id;
  if (ImGui::Selectable(structure.name.c_str(), selected, ImGuiSelectableFlags_AllowDoubleClick)) {
    regions.select(selected && !ImGui::IsMouseDoubleClicked(0) ? std::nullopt
                                                               : std::optional<std::string>(structure.id));
    if (ImGui::IsMouseDoubleClicked(0)) requests.frame_structure = structure.id;
  }
  ImGui::PopID();
}

void anatomy_section(PanelState& state, PanelRequests& requests) {
  if (!state.regions || !ImGui::CollapsingHeader("Anatomy", ImGuiTreeNodeFlags_DefaultOpen)) return;
  anatomy::RegionView& regions = *state.regions;
  const anatomy::RegionCatalogue& catalogue = regions.catalogue();
  if (!state.catalogue_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::TextWrapped("%s", state.catalogue_error.c_str());
    ImGui::PopStyleColor();
    ImGui::TextWrapped("Using the built-in mapping instead.");
  }

  ImGui::SetNextItemWidth(-1);
  const bool enter = ImGui::InputTextWithHint("##search", "Search structures (Enter selects)", &state.search,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  if (!state.search.empty()) {
    const auto matches = catalogue.search(state.search);
    if (enter && !matches.empty()) {
      regions.select(matches.front()->id);
      requests.frame_structure = matches.front()->id;
    }
    if (matches.empty()) ImGui::TextDisabled("No structure matches \"%s\"", state.search.c_str());
    for (const anatomy::Structure* match : matches) structure_row(state, requests, *match);
    ImGui::Separator();
  }

  for (const anatomy::RegionGroup& group : catalogue.groups()) {
    ImGui::PushID(group.id.c_str());
    bool lit = regions.highlighted(group.id);
    if (ImGui::Checkbox("##highlight", &lit)) regions.set_highlighted(group.id, lit);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Highlight the %s", group.name.c_str());
    ImGui::SameLine();
    swatch("##colour", group.colour);
    ImGui::SameLine();
    const bool open = ImGui::TreeNodeEx(group.name.c_str(), ImGuiTreeNodeFlags_SpanAvailWidth);
    if (ImGui::IsItemHovered() && !group.description.empty()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 22.f);
      ImGui::TextUnformatted(group.description.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    if (open) {
      for (const std::string& id : catalogue.structure_ids_in(group.id))
        if (const anatomy::Structure* structure = catalogue.find_structure(id))
          structure_row(state, requests, *structure);
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  const float half = (ImGui::GetContentRegionAvail().x - 2.f * ImGui::GetStyle().ItemSpacing.x) / 3.f;
  ImGui::BeginDisabled(!regions.selected());
  if (ImGui::Button("Isolate (I)", ImVec2(half, 0))) regions.isolate_selection();
  ImGui::SameLine();
  if (ImGui::Button("Hide (H)", ImVec2(half, 0))) regions.hide_selection();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Show all", ImVec2(half, 0))) regions.show_all();
  if (ImGui::Button("Clear highlights (Esc)", ImVec2(-1, 0))) {
    regions.clear_highlights();
    regions.select(std::nullopt);
  }
}

void layers_section(PanelState& state) {
  if (!state.regions || !ImGui::CollapsingHeader("Layers", ImGuiTreeNodeFlags_DefaultOpen)) return;
  for (anatomy::Layer& layer : state.regions->layers()) {
    ImGui::PushID(layer.id.c_str());
    ImGui::Checkbox("##visible", &layer.visible);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    // The name is the catalogue's: a '%' in it is text, not a format.
    std::string label;
    for (const char c : layer.name) label += c == '%' ? std::string("%%") : std::string(1, c);
    ImGui::SliderFloat("##opacity", &layer.opacity, 0.f, 1.f, (label + " %.2f").c_str());
    ImGui::PopID();
  }
}

void card_section(PanelState& state, PanelRequests& requests) {
  if (!state.regions || !state.regions->selected()) return;
  const anatomy::RegionCatalogue& catalogue = state.regions->catalogue();
  const anatomy::Structure* structure = catalogue.find_structure(*state.regions->selected());
  if (!structure) return;
  ImGui::Separator();
  swatch("##card", structure->colour);
  ImGui::SameLine();
  ImGui::TextUnformatted(structure->name.c_str());
  if (const anatomy::RegionGroup* group = catalogue.group_of(structure->id)) {
    ImGui::SameLine();
    ImGui::TextDisabled("(%s)", group->name.c_str());
  }
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextUnformatted(structure->description.c_str());
  ImGui::PopTextWrapPos();
  if (ImGui::Button("Frame it", ImVec2(-1, 0))) requests.frame_structure = structure->id;
}

// A structure's or group's name as the panel shows it; the ID when the catalogue lacks it.
std::string display_name(const PanelState& state, const std::string& id) {
  if (state.regions) {
    if (const anatomy::Structure* s = state.regions->catalogue().find_structure(id)) return s->name;
    if (const anatomy::RegionGroup* g = state.regions->catalogue().find_group(id)) return g->name;
  }
  return id;
}

// What the path's colours mean: the stroke's pressure, from very light to firm, as the ribbon ahead
// of the hands draws it (render::pressure_colour).
void pressure_legend() {
  ImGui::TextDisabled("Path colour: pressure");
  const float width = ImGui::GetContentRegionAvail().x, height = ImGui::GetTextLineHeight() * 0.7f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  constexpr int kSteps = 24;
  for (int i = 0; i < kSteps; ++i) {
    const glm::vec3 c = render::pressure_colour((float(i) + 0.5f) / kSteps);
    draw->AddRectFilled(ImVec2(origin.x + width * float(i) / kSteps, origin.y),
                        ImVec2(origin.x + width * float(i + 1) / kSteps + 1.f, origin.y + height),
                        ImGui::GetColorU32(ImVec4(c.r, c.g, c.b, 1.f)));
  }
  ImGui::Dummy(ImVec2(width, height));
  map_last_item("pressure legend");
  const char* labels[] = {"very light", "moderate", "firm"};
  const float positions[] = {0.f, 0.5f, 1.f};
  const float y = ImGui::GetCursorPosY();
  for (int i = 0; i < 3; ++i) {
    const float label = ImGui::CalcTextSize(labels[i]).x;
    ImGui::SetCursorPosY(y);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                         std::clamp(width * positions[i] - label * 0.5f, 0.f, width - label));
    ImGui::TextDisabled("%s", labels[i]);
  }
}

void technique_card(PanelState& state) {
  const technique::Technique& t = *state.technique;
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextUnformatted(t.summary.c_str());
  ImGui::PopTextWrapPos();
  if (ImGui::BeginTable("card", 2, ImGuiTableFlags_SizingStretchProp)) {
    std::string targets;
    for (const std::string& target : t.targets)
      targets += (targets.empty() ? "" : ", ") + display_name(state, target);
    const std::pair<const char*, std::string> rows[] = {
        {"Client", t.client_position},
        {"Contact", std::string(technique::to_string(t.contact)) +
                        (t.contact_note.empty() ? "" : " (" + t.contact_note + ")")},
        {"Pressure", t.pressure},
        {"Tempo", t.tempo},
        {"Targets", targets}};
    for (const auto& [label, value] : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", label);
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", value.c_str());
    }
    ImGui::EndTable();
    map_last_item("technique card");
  }
  pressure_legend();
  if (state.clinic && ImGui::Button("Safety: when not to massage", ImVec2(-1, 0))) state.show_safety = true;
  if (!t.cautions.empty() && ImGui::TreeNode("Cautions")) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.8f, 0.45f, 1.f));
    for (const std::string& caution : t.cautions) ImGui::BulletText("%s", caution.c_str());
    ImGui::PopStyleColor();
    ImGui::TreePop();
  }
}

// Practise the technique on the leg, phase by phase: following a faint hand, or from memory.
void practise_controls(PanelState& state, PanelRequests& requests) {
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  if (ImGui::Button("Practise: follow me", ImVec2(half, 0))) {
    state.practice_follow = true;
    requests.practise = state.technique->id;
  }
  map_last_item("practise");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Perform the technique on the leg, phase by phase, following a faint hand (T).\n"
        "Each phase is scored: placement, direction, tempo, pressure, safety.");
  ImGui::SameLine();
  if (ImGui::Button("From memory", ImVec2(half, 0))) {
    state.practice_follow = false;
    requests.practise = state.technique->id;
  }
  map_last_item("practise from memory");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Perform the technique with nothing to follow, then see how close it came.");
}

void playback_controls(PanelState& state, PanelRequests& requests) {
  technique::Playback& playback = *state.playback;
  const float width = (ImGui::GetContentRegionAvail().x - 2.f * ImGui::GetStyle().ItemSpacing.x) / 3.f;
  if (ImGui::Button("<< Phase", ImVec2(width, 0))) playback.previous_phase();
  ImGui::SameLine();
  if (ImGui::Button(playback.playing() ? "Pause" : "Play", ImVec2(width, 0))) playback.toggle();
  map_last_item("play");
  ImGui::SameLine();
  if (ImGui::Button("Phase >>", ImVec2(width, 0))) playback.next_phase();
  float t = float(playback.time());
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderFloat("##time", &t, 0.f, float(playback.duration()), "%.1f s")) playback.scrub(t);
  map_last_item("time slider");
  float speed = playback.speed();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
  if (ImGui::SliderFloat("##speed", &speed, technique::Playback::kMinSpeed, technique::Playback::kMaxSpeed,
                         "Speed %.2fx"))
    playback.set_speed(speed);
  ImGui::SameLine();
  bool loop = playback.loop();
  if (ImGui::Checkbox("Loop", &loop)) playback.set_loop(loop);
  map_last_item("loop");
  // Unticked by itself when the user turns the view; ticking it (or F) hands the camera back.
  bool follow = state.following_work;
  if (ImGui::Checkbox("View follows the hands (F)", &follow))
    (follow ? requests.follow_work : requests.stop_following) = true;
  map_last_item("follow hands");
  practise_controls(state, requests);
}

// The phase's caption. It changes with the phase, so it gets the room of the longest one: the card
// and the buttons below never move under the mouse while the technique plays.
void phase_caption(const PanelState& state) {
  const float wrap = ImGui::GetContentRegionAvail().x;
  float room = 0.f;
  for (const technique::Phase& phase : state.technique->phases)
    room = std::max(room, ImGui::CalcTextSize(phase.caption.c_str(), nullptr, false, wrap).y);
  const float top = ImGui::GetCursorPosY();
  if (!state.caption.empty()) {
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextColored(ImVec4(0.75f, 0.88f, 1.f, 1.f), "%s", state.caption.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), top + room + ImGui::GetStyle().ItemSpacing.y));
}

// "Where does it hurt?": a spot around the knee, what is commonly involved, and the techniques
// that address it, one click from playing.
void pain_section(PanelState& state, PanelRequests& requests) {
  state.pain_by_click = false;
  if (!state.clinic || !ImGui::CollapsingHeader("Where does it hurt?")) return;
  state.pain_by_click = true;
  ImGui::TextDisabled("Click around the knee on the leg, or choose:");
  const float width = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  int column = 0;
  for (const clinic::PainSpot& spot : state.clinic->pain_map) {
    const bool chosen = state.pain_spot == spot.id;
    if (chosen) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(spot.name.c_str(), ImVec2(width, 0))) {
      state.pain_spot = chosen ? "" : spot.id;
      if (state.regions)
        state.regions->set_highlighted_structures(chosen ? std::vector<std::string>{} : spot.structures);
    }
    if (chosen) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", spot.where.c_str());
    if (++column % 2) ImGui::SameLine();
  }
  if (column % 2) ImGui::NewLine();
  const clinic::PainSpot* spot = state.clinic->spot(state.pain_spot);
  if (!spot) return;
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextUnformatted(spot->description.c_str());
  ImGui::PopTextWrapPos();
  std::string structures;
  for (const std::string& id : spot->structures)
    structures += (structures.empty() ? "" : ", ") + display_name(state, id);
  ImGui::TextDisabled("Commonly involved:");
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextUnformatted(structures.c_str());
  ImGui::PopTextWrapPos();
  ImGui::TextDisabled("Techniques:");
  for (const std::string& id : spot->techniques) {
    const technique::Technique* t = nullptr;
    if (state.techniques)
      for (const technique::Technique& candidate : *state.techniques)
        if (candidate.id == id) t = &candidate;
    ImGui::PushID(id.c_str());
    if (ImGui::SmallButton("Play")) requests.technique = id;
    ImGui::SameLine();
    ImGui::TextUnformatted(t ? t->name.c_str() : id.c_str());
    ImGui::PopID();
  }
}

// Begins the safety window, where it belongs in the mode the window is in: beside the panel it
// opens mid-screen, movable; in presenter mode the list is read from the back of the room, so it
// takes large type in a wide window at the top, clear of the caption under the leg.
bool begin_safety_window(PanelState& state) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const ImVec2 origin = viewport->WorkPos, size = viewport->WorkSize;
  if (!state.presenter) {
    ImGui::SetNextWindowPos(ImVec2(origin.x + size.x * 0.5f, origin.y + size.y * 0.5f), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 34.f, 0.f), ImGuiCond_Appearing);
    return ImGui::Begin("Safety", &state.show_safety, ImGuiWindowFlags_NoCollapse);
  }
  // Below the presenter overlay (about a tenth of the height); the viewer leaves out the caption
  // while this is open, so it may reach down to the bottom.
  ImGui::SetNextWindowPos(ImVec2(origin.x + size.x * 0.5f, origin.y + size.y * 0.12f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(size.x * 0.76f, 0.f), ImVec2(size.x * 0.76f, size.y * 0.85f));
  return ImGui::Begin("Safety##presenter", &state.show_safety,
                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_AlwaysAutoResize |
                          ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
}

// When not to massage, and when to see a healthcare provider: reachable from every technique.
void safety_window(PanelState& state) {
  if (!state.clinic || !state.show_safety) return;
  if (!begin_safety_window(state)) {
    ImGui::End();
    return;
  }
  if (state.presenter) ImGui::PushFont(large_font());
  const clinic::Safety& safety = state.clinic->safety;
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextColored(ImVec4(1.f, 0.8f, 0.45f, 1.f), "Do not massage the leg, or only as each says, with:");
  for (const clinic::Contraindication& c : safety.contraindications) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s: %s", c.title.c_str(), c.why.c_str());
  }
  ImGui::Spacing();
  ImGui::TextColored(ImVec4(1.f, 0.8f, 0.45f, 1.f), "See a healthcare provider for:");
  for (const clinic::WarningSign& sign : safety.see_a_provider) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s: %s", sign.sign.c_str(), sign.note.c_str());
  }
  ImGui::Spacing();
  ImGui::TextWrapped("%s", safety.complements.c_str());
  ImGui::PopTextWrapPos();
  if (state.presenter) ImGui::PopFont();
  map_window("safety");
  ImGui::End();
}

void lessons_section(PanelState& state, PanelRequests& requests) {
  if (!state.lessons || state.lessons->empty() ||
      !ImGui::CollapsingHeader("Lessons", ImGuiTreeNodeFlags_DefaultOpen))
    return;
  for (const lesson::Lesson& l : *state.lessons) {
    const bool playing = state.lesson == &l;
    if (ImGui::Selectable(l.title.c_str(), playing)) requests.lesson = playing ? "" : l.id;
    if (ImGui::IsItemHovered() && !l.summary.empty()) ImGui::SetTooltip("%s", l.summary.c_str());
  }
  if (!state.lesson) return;
  const float third = (ImGui::GetContentRegionAvail().x - 2.f * ImGui::GetStyle().ItemSpacing.x) / 3.f;
  if (ImGui::Button("<< Step", ImVec2(third, 0))) requests.lesson_step_delta = -1;
  ImGui::SameLine();
  if (ImGui::Button(state.lesson_playing ? "Pause" : "Play", ImVec2(third, 0)))
    state.lesson_playing = !state.lesson_playing;
  ImGui::SameLine();
  if (ImGui::Button("Step >>", ImVec2(third, 0))) requests.lesson_step_delta = +1;
  progress_bar(
      float(state.lesson_step + 1) / float(std::max<std::size_t>(state.lesson->steps.size(), 1)), -1.f,
      "Step " + std::to_string(state.lesson_step + 1) + " of " + std::to_string(state.lesson->steps.size()));
}

void techniques_section(PanelState& state, PanelRequests& requests) {
  if (!state.techniques || !ImGui::CollapsingHeader("Techniques", ImGuiTreeNodeFlags_DefaultOpen)) return;
  if (!state.technique_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::TextWrapped("%s", state.technique_error.c_str());
    ImGui::PopStyleColor();
  }
  // Grouped by the region group that holds most of its targets (the first target's on a tie), in
  // the catalogue's order: knee friction works on the quadriceps' tendons around the kneecap, and
  // is listed with the quadriceps, not with the bones.
  if (state.regions) {
    const anatomy::RegionCatalogue& catalogue = state.regions->catalogue();
    const auto listed_under = [&](const technique::Technique& t) -> const anatomy::RegionGroup* {
      std::vector<std::pair<const anatomy::RegionGroup*, int>> counts;
      for (const std::string& target : t.targets) {
        const anatomy::RegionGroup* g = catalogue.find_group(target);
        if (!g) g = catalogue.group_of(target);
        if (!g) continue;
        const auto found =
            std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == g; });
        if (found == counts.end())
          counts.emplace_back(g, 1);
        else
          ++found->second;
      }
      const auto most = std::max_element(counts.begin(), counts.end(),
                                         [](const auto& a, const auto& b) { return a.second < b.second; });
      return most == counts.end() ? nullptr : most->first;
    };
    for (const anatomy::RegionGroup& group : catalogue.groups()) {
      bool header = false;
      for (const technique::Technique& t : *state.techniques) {
        const anatomy::RegionGroup* g = listed_under(t);
        if (!g || g->id != group.id) continue;
        if (!header) {
          ImGui::TextDisabled("%s", group.name.c_str());
          header = true;
        }
        const bool chosen = state.technique && state.technique->id == t.id;
        // The key that plays it: 1 to 9, then 0, in the order of this list.
        const std::size_t index = std::size_t(&t - state.techniques->data());
        const std::string label =
            (index < 10 ? std::to_string((index + 1) % 10) + "  " : std::string("   ")) + t.name;
        ImGui::Indent();
        if (ImGui::Selectable(label.c_str(), chosen)) requests.technique = chosen ? "" : t.id;
        map_last_item("technique " + t.id);
        ImGui::Unindent();
      }
    }
  }
  if (state.technique && state.playback) {
    ImGui::Separator();
    ImGui::Text("%s", state.technique->name.c_str());
    // Pinned at the panel's foot when there is room (draw_panel), else here.
    if (!state.practice && !state.player_pinned) playback_controls(state, requests);
    phase_caption(state);
    technique_card(state);
  }
}

void view_section(PanelState& state, PanelRequests& requests) {
  if (!ImGui::CollapsingHeader("View", ImGuiTreeNodeFlags_DefaultOpen)) return;
  // Larger for a projector or a room; applied when the slider is let go (the fonts are rebuilt).
  float percent = state.ui_scale * 100.f;
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderFloat("##ui scale", &percent, session::kMinUiScale * 100.f, session::kMaxUiScale * 100.f,
                     "Text size %.0f %%");
  map_last_item("ui scale");
  if (ImGui::IsItemActive()) state.ui_scale = std::round(percent / 5.f) * 0.05f;
  if (ImGui::IsItemDeactivatedAfterEdit()) requests.ui_scale = state.ui_scale;
  const float width = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  int column = 0;
  for (const scene::NamedView& preset : scene::kViewPresets) {
    std::string label = preset.name;
    label[0] = char(std::toupper(label[0]));
    if (ImGui::Button(label.c_str(), ImVec2(width, 0))) requests.view = preset.angles;
    if (++column % 2) ImGui::SameLine();
  }
  if (state.shown_position != client::Position::anatomical &&
      ImGui::Button("Therapist's view", ImVec2(-1, 0)))
    requests.therapist_view = true;
  if (ImGui::Button("Reset view (R)", ImVec2(-1, 0))) requests.reset_view = true;
  // Where the client lies: each technique's own position, or one chosen to study the anatomy in.
  static constexpr const char* kPositionLabels[] = {"Technique's own", "Standing (anatomical)",
                                                    "Supine (face up)", "Prone (face down)", "Side-lying"};
  int choice = state.position ? 1 + int(*state.position) : 0;
  ImGui::SetNextItemWidth(-1);
  if (ImGui::Combo("##position", &choice, kPositionLabels, 5))
    state.position =
        choice == 0 ? std::nullopt : std::optional<client::Position>(client::kPositions[choice - 1]);
  map_last_item("position");
  ImGui::TextDisabled("Drag: orbit   Right/middle drag: pan\nScroll: zoom   Double-click: focus");
  if (state.knee_rig) {
    ImGui::Spacing();
    ImGui::SetNextItemWidth(-1);
    ImGui::SliderFloat("##flexion", &state.knee_flexion_deg, 0.f, scene::kMaxKneeFlexionDeg,
                       "Knee flexion %.0f°");
    map_last_item("knee flexion");
    // While a technique plays it sets the knee; the user's angle takes over when the slider is let go.
    state.knee_slider_held = ImGui::IsItemActive();
    if (ImGui::IsItemDeactivatedAfterEdit()) requests.knee_flexion = state.knee_flexion_deg;
    if (state.technique && state.knee_overridden &&
        ImGui::Button("Back to the technique's knee angle", ImVec2(-1, 0)))
      requests.technique_knee = true;
  }
}

// A Browse button and the chooser it opens. With the desktop's chooser in use, the button asks the
// app for it; else (or when the desktop's failed) it opens the panel's, in a modal window: the
// folder's subfolders (entered with a click) and its files of the kinds given (picked with a click,
// chosen with a double click or Choose), and a box for a new file's name. Choosing writes the full
// path into `file`.
void browse_button(PanelState& state, PanelRequests& requests, FileBox box, const char* title,
                   std::string& file, const std::vector<std::string>& kinds) {
  ImGui::BeginDisabled(state.desktop_chooser_open);
  // "###": one ID whatever the label says, so the button stays the same item while it waits.
  const std::string label =
      std::string(state.desktop_chooser_open ? "Choosing in the desktop's dialog..." : "Browse...") +
      "###browse " + title;
  const bool pressed = ImGui::Button(label.c_str(), ImVec2(-1, 0));
  ImGui::EndDisabled();
  map_last_item(std::string("browse ") + title);
  if (pressed && state.desktop_chooser) {
    BrowseRequest request{box, title, file, {}, box == FileBox::export_file};
    for (const std::string& kind : kinds) request.patterns.push_back("*" + kind);
    requests.browse = std::move(request);
  } else if (pressed || state.open_panel_chooser == box) {
    state.open_panel_chooser.reset();
    state.chooser = FolderListing(chooser_start(file), kinds);
    state.chooser_name = std::filesystem::path(file).filename().string();
    ImGui::OpenPopup(title);
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x * 0.5f, viewport->WorkSize.y * 0.7f),
                           ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(title)) return;
  map_window("chooser");
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextUnformatted(state.chooser.folder().string().c_str());
  ImGui::PopTextWrapPos();
  if (ImGui::Button("Up a folder")) state.chooser = state.chooser.up();
  if (!state.chooser.error().empty()) ImGui::TextDisabled("%s", state.chooser.error().c_str());
  const float footer = ImGui::GetFrameHeightWithSpacing() * 2.f + ImGui::GetStyle().ItemSpacing.y;
  std::optional<FolderListing> next;
  bool chosen = false;
  if (ImGui::BeginChild("entries", ImVec2(0, -footer), true)) {
    for (const std::string& folder : state.chooser.folders())
      if (ImGui::Selectable((folder + "/").c_str())) next = state.chooser.into(folder);
    for (const std::string& name : state.chooser.files()) {
      if (ImGui::Selectable(name.c_str(), name == state.chooser_name,
                            ImGuiSelectableFlags_AllowDoubleClick)) {
        state.chooser_name = name;
        chosen = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
      }
      map_last_item("chooser file " + name);
    }
  }
  ImGui::EndChild();
  if (next) state.chooser = *next;
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##name", "file name", &state.chooser_name);
  map_last_item("chooser name");
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  ImGui::BeginDisabled(state.chooser_name.empty());
  chosen = ImGui::Button("Choose", ImVec2(half, 0)) || chosen;
  map_last_item("chooser choose");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel", ImVec2(half, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
    ImGui::CloseCurrentPopup();
  if (chosen && !state.chooser_name.empty()) {
    file = (state.chooser.folder() / state.chooser_name).string();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void scene_section(PanelState& state, PanelRequests& requests) {
  // A message from the start (a saved file set aside, say) opens the section once, to be seen.
  if (!state.scene_message.empty()) ImGui::SetNextItemOpen(true, ImGuiCond_Once);
  const bool open = ImGui::CollapsingHeader("Scene");
  map_last_item("scene");
  if (!open) return;
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##scene", "scene file (.json)", &state.scene_file);
  map_last_item("scene file");
  browse_button(state, requests, FileBox::scene, "Choose a scene file", state.scene_file, {".json"});
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  ImGui::BeginDisabled(state.scene_file.empty());
  if (ImGui::Button("Save", ImVec2(half, 0))) requests.save_scene = state.scene_file;
  map_last_item("scene save");
  ImGui::SameLine();
  if (ImGui::Button("Open", ImVec2(half, 0))) requests.open_scene = state.scene_file;
  map_last_item("scene open");
  ImGui::EndDisabled();
  for (const std::string& recent : state.recent_scenes)
    if (ImGui::Selectable(recent.c_str())) {
      state.scene_file = recent;
      requests.open_scene = recent;
    }
  if (!state.scene_message.empty()) {
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextDisabled("%s", state.scene_message.c_str());
    ImGui::PopTextWrapPos();
  }
}

void annotate_section(PanelState& state, PanelRequests& requests) {
  if (!state.notes || !state.strokes || !ImGui::CollapsingHeader("Annotate")) return;
  ImGui::Checkbox("Pen (P)", &state.pen);
  for (int i = 0; i < int(std::size(kPenColours)); ++i) {
    ImGui::SameLine();
    const ImVec4 colour = ImGui::ColorConvertU32ToFloat4(pen_colour(kPenColours[i].hex));
    ImGui::PushID(i);
    if (ImGui::ColorButton(kPenColours[i].name, colour, ImGuiColorEditFlags_NoTooltip,
                           ImVec2(ImGui::GetFrameHeight(), ImGui::GetFrameHeight())))
      state.pen_colour = i;
    if (i == state.pen_colour)
      ImGui::GetWindowDrawList()->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), IM_COL32_WHITE,
                                          0.f, 0, 2.f);
    ImGui::PopID();
  }
  ImGui::BeginDisabled(state.strokes->empty());
  if (ImGui::Button("Clear drawing (C)", ImVec2(-1, 0))) requests.clear_drawing = true;
  ImGui::EndDisabled();
  ImGui::Spacing();
  ImGui::Checkbox("Pin notes: click the leg (N)", &state.pin_notes);
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##note", "note text", &state.note_text);
  for (std::size_t i = 0; i < state.notes->size(); ++i) {
    ImGui::PushID(int(i));
    if (ImGui::SmallButton("x")) requests.remove_note = i;
    ImGui::SameLine();
    ImGui::TextWrapped("%zu. %s", i + 1, (*state.notes)[i].text.c_str());
    ImGui::PopID();
  }
}

void export_section(PanelState& state, PanelRequests& requests) {
  const bool open = ImGui::CollapsingHeader("Export");
  map_last_item("export");
  if (!open) return;
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##export", "file: .png, .mp4, or a folder for frames", &state.export_file);
  map_last_item("export file");
  browse_button(state, requests, FileBox::export_file, "Choose where to export", state.export_file,
                {".png", ".mp4"});
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.62f);
  if (ImGui::BeginCombo("##size", kExportSizes[state.export_size].name)) {
    for (int i = 0; i < int(std::size(kExportSizes)); ++i)
      if (ImGui::Selectable(kExportSizes[i].name, i == state.export_size)) state.export_size = i;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderInt("##fps", &state.export_fps, 10, 60, "%d fps");
  const auto request = [&](ExportRequest::Kind kind) {
    requests.export_request =
        ExportRequest{kind, state.export_file, kExportSizes[state.export_size].size, state.export_fps};
  };
  ImGui::BeginDisabled(state.export_file.empty() || state.recording);
  if (ImGui::Button("Screenshot", ImVec2(-1, 0))) request(ExportRequest::Kind::screenshot);
  map_last_item("screenshot");
  ImGui::BeginDisabled(!state.technique);
  if (ImGui::Button("Record the technique", ImVec2(-1, 0))) request(ExportRequest::Kind::technique);
  ImGui::EndDisabled();
  ImGui::BeginDisabled(!state.lesson);
  if (ImGui::Button("Record the lesson", ImVec2(-1, 0))) request(ExportRequest::Kind::lesson);
  ImGui::EndDisabled();
  ImGui::EndDisabled();
  if (!state.export_message.empty()) {
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextDisabled("%s", state.export_message.c_str());
    ImGui::PopTextWrapPos();
  }
}

// A recording in progress: a bar over the view with Cancel; the rest of the window waits.
void recording_window(const PanelState& state, PanelRequests& requests) {
  if (!state.recording) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                 viewport->WorkPos.y + viewport->WorkSize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 26.f, 0.f));
  ImGui::Begin("Recording", nullptr,
               ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextWrapped("%s", state.recording_label.c_str());
  char percent[16];
  std::snprintf(percent, sizeof percent, "%.0f%%", state.recording_progress * 100.f);
  ImGui::ProgressBar(state.recording_progress, ImVec2(-1, 0), percent);
  if (ImGui::Button("Cancel", ImVec2(-1, 0))) requests.cancel_recording = true;
  ImGui::End();
}

void display_section(PanelState& state, PanelRequests& requests) {
  if (!ImGui::CollapsingHeader("Display")) return;
  ImGui::ColorEdit3("Background top", &state.display.background_top.x, ImGuiColorEditFlags_NoInputs);
  ImGui::ColorEdit3("Background bottom", &state.display.background_bottom.x, ImGuiColorEditFlags_NoInputs);
  static constexpr int kSampleChoices[] = {1, 2, 4, 8};
  static constexpr const char* kSampleLabels[] = {"Off", "2x", "4x", "8x"};
  int current = 0;
  for (int i = 0; i < 4; ++i)
    if (kSampleChoices[i] == state.display.msaa_samples) current = i;
  if (ImGui::Combo("Anti-aliasing", &current, kSampleLabels, 4))
    state.display.msaa_samples = kSampleChoices[current];
  int hands = state.display.bare_hands ? 1 : 0;
  static constexpr const char* kHandLabels[] = {"Gloved", "Bare (skin-toned)"};
  if (ImGui::Combo("Therapist's hands", &hands, kHandLabels, 2)) state.display.bare_hands = hands == 1;
  ImGui::Checkbox("Muscle fibres in close-ups", &state.display.fibres);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Faint streaks along each muscle's and tendon's fibres,\n"
        "shown where the view is close enough to read them.");
  if (ImGui::Checkbox("Vertical sync", &state.vsync)) requests.vsync_changed = true;
  ImGui::Checkbox("Faster while moving", &state.faster_while_moving);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "While the view turns or a technique plays, draw the leg at half resolution\n"
        "or less (less on a slower computer) and bring the full picture back when\n"
        "it rests (on by default without a GPU).");
}

}  // namespace

namespace {

// Presenter mode: a slim overlay in the top-left corner, large type, keyboard hints.
void draw_presenter_overlay(PanelState& state) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float margin = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + margin, viewport->WorkPos.y + margin));
  ImGui::SetNextWindowBgAlpha(0.78f);
  ImGui::Begin("##presenter", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::PushFont(large_font());
  if (state.lesson) {
    ImGui::TextUnformatted(state.lesson->title.c_str());
    map_last_item("presenter lesson");
    ImGui::PopFont();
    const std::size_t steps = state.lesson->steps.size();
    const std::string label = "step " + std::to_string(state.lesson_step + 1) + " of " +
                              std::to_string(steps) + (state.lesson_playing ? "" : "  (paused)");
    progress_bar(float(state.lesson_step + 1) / float(std::max<std::size_t>(steps, 1)),
                 ImGui::GetFontSize() * 22.f, label);
  } else if (state.technique && state.practice) {
    ImGui::TextUnformatted(state.technique->name.c_str());
    ImGui::PopFont();
    const PracticeCard& card = *state.practice;
    const int done =
        card.phase +
        (card.stage == PracticeStage::reviewing || card.stage == PracticeStage::finished ? 1 : 0);
    progress_bar(float(done) / float(std::max(card.phase_count, 1)), ImGui::GetFontSize() * 22.f,
                 card.stage == PracticeStage::finished ? std::string("practice: every phase done")
                                                       : "practice: phase " + std::to_string(card.phase + 1) +
                                                             " of " + std::to_string(card.phase_count));
  } else if (state.technique && state.playback) {
    ImGui::TextUnformatted(state.technique->name.c_str());
    ImGui::PopFont();
    const technique::Playback& playback = *state.playback;
    const float progress = playback.duration() > 0.0 ? float(playback.time() / playback.duration()) : 0.f;
    char label[64];
    std::snprintf(label, sizeof label, "%s  %.0f / %.0f s  %.2gx", playback.playing() ? "playing" : "paused",
                  playback.time(), playback.duration(), double(playback.speed()));
    progress_bar(progress, ImGui::GetFontSize() * 22.f, label);
  } else {
    ImGui::TextUnformatted("kneeviz");
    ImGui::PopFont();
    ImGui::TextUnformatted(state.lessons && !state.lessons->empty()
                               ? "Press G for the lesson, 1 to 0 for a technique"
                               : "Press 1 to 0 to play a technique");
  }
  if (state.lesson)
    ImGui::TextDisabled("Space %s  Left/Right step  G end lesson  S safety  L layers  O orbit  Esc leave",
                        state.lesson_playing ? "pause" : "play");
  else
    ImGui::TextDisabled(
        state.practice ? "Enter start/done/next  1-4 pressure  S safety  L layers  Esc leave practice"
                       : "Space play/pause  Left/Right phase  +/- speed  T practise  S safety  L layers  "
                         "O orbit  Esc leave");
  map_window("presenter overlay");
  ImGui::End();
}

}  // namespace

PanelRequests draw_panel(PanelState& state) {
  const UiMapFrame ui_map_frame;  // KNEEVIZ_UI_MAP: written on the way out, whichever way
  PanelRequests requests;
  if (state.recording) {  // the panel steps aside while the window records
    recording_window(state, requests);
    return requests;
  }
  if (state.practice) {
    state.practice->large = state.presenter;
    requests.practice = draw_practice_card(*state.practice);
  }
  if (state.presenter) {
    draw_presenter_overlay(state);
    safety_window(state);  // a lesson opens it at its start, S from the keyboard
    return requests;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float margin = ImGui::GetFontSize() * 0.6f;
  // Sized for the text: again whenever the text size changes (the user may resize it in between).
  const ImGuiCond size_when =
      state.panel_sized_for_font == ImGui::GetFontSize() ? ImGuiCond_FirstUseEver : ImGuiCond_Always;
  if (size_when == ImGuiCond_Always) state.player_height = 0.f;  // measured again at the new size
  state.panel_sized_for_font = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + margin, viewport->WorkPos.y + margin), size_when);
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 22.f, viewport->WorkSize.y - 2.f * margin),
                           size_when);
  ImGui::Begin("kneeviz", nullptr, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  // The sections scroll; the controls of the technique playing stay at the foot, where they do not
  // move and need no scrolling at any text size, unless they would take more than half the panel.
  // Their height is last frame's (the first frame guesses).
  const bool player = state.technique && state.playback && !state.practice;
  if (state.player_height <= 0.f) state.player_height = ImGui::GetFrameHeightWithSpacing() * 6.f;
  state.player_pinned = player && state.player_height < ImGui::GetContentRegionAvail().y * 0.5f;
  ImGui::BeginChild("sections", ImVec2(0.f, state.player_pinned ? -state.player_height : 0.f));
  map_window("panel scroll");
  if (ImGui::CollapsingHeader("Model")) {
    ImGui::TextWrapped("%s", state.model_file.c_str());
    ImGui::Text("%zu structures, %zu triangles", state.model->meshes.size(), state.model->triangle_count());
  }
  lessons_section(state, requests);
  techniques_section(state, requests);
  pain_section(state, requests);
  anatomy_section(state, requests);
  card_section(state, requests);
  layers_section(state);
  view_section(state, requests);
  scene_section(state, requests);
  annotate_section(state, requests);
  export_section(state, requests);
  display_section(state, requests);
  ImGui::Separator();
  ImGui::TextDisabled("%.1f ms a frame (%.0f fps)", state.frame_ms,
                      state.frame_ms > 0.f ? 1000.f / state.frame_ms : 0.f);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", state.gl_description.c_str());
  if (state.clinic && ImGui::Button("Safety", ImVec2(-1, 0))) state.show_safety = true;
  ImGui::EndChild();
  if (state.player_pinned) {
    const float top = ImGui::GetCursorPosY();
    ImGui::Separator();
    ImGui::TextUnformatted(state.technique->name.c_str());
    playback_controls(state, requests);
    state.player_height = ImGui::GetCursorPosY() - top;
  }
  requests.panel_right = ImGui::GetWindowPos().x + ImGui::GetWindowSize().x - viewport->WorkPos.x;
  map_window("panel");
  ImGui::End();
  safety_window(state);
  return requests;
}

}  // namespace kneeviz::ui
