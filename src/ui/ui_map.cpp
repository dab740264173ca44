#include "ui/ui_map.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace kneeviz::ui {
namespace {

struct UiMap {
  std::string file;  // empty: the hook is off
  nlohmann::json items = nlohmann::json::object();
  nlohmann::json hidden = nlohmann::json::array();
  std::optional<UiMapDocument> finished;  // the last frame's, until taken
};

UiMap& ui_map() {
  static UiMap map = [] {
    UiMap m;
    if (const char* file = std::getenv("KNEEVIZ_UI_MAP")) m.file = file;
    return m;
  }();
  return map;
}

// Whole pixels that cover the rectangle.
void record(const std::string& name, ImVec2 min, ImVec2 max) {
  UiMap& map = ui_map();
  if (map.file.empty()) return;
  map.items[name] = {int(std::floor(min.x)), int(std::floor(min.y)), int(std::ceil(max.x)),
                     int(std::ceil(max.y))};
}

}  // namespace

void map_last_item(const std::string& name) {
  if (!ui_map_on()) return;
  // What shows of the item inside the clipping of its window (a scrolling part of the panel): a
  // person can only click there.
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  const ImDrawList* draw_list = ImGui::GetWindowDrawList();
  const ImVec2 clip_min = draw_list->GetClipRectMin(), clip_max = draw_list->GetClipRectMax();
  const ImVec2 shown_min(std::max(min.x, clip_min.x), std::max(min.y, clip_min.y));
  const ImVec2 shown_max(std::min(max.x, clip_max.x), std::min(max.y, clip_max.y));
  if (shown_min.x < shown_max.x && shown_min.y < shown_max.y) {
    record(name, shown_min, shown_max);
  } else {
    record(name, min, max);
    ui_map().hidden.push_back(name);
  }
}

bool ui_map_on() {
  return !ui_map().file.empty();
}

void map_rect(const std::string& name, float x0, float y0, float x1, float y1) {
  record(name, ImVec2(x0, y0), ImVec2(x1, y1));
}

void map_window(const std::string& name) {
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  record(name, pos, ImVec2(pos.x + size.x, pos.y + size.y));
}

UiMapFrame::~UiMapFrame() {
  // A destructor must not throw: a name that is not UTF-8 (dump() refuses it) or no memory costs
  // the tests this frame's map, never the window.
  UiMap* taken = nullptr;
  try {
    UiMap& map = ui_map();
    if (map.file.empty()) return;
    taken = &map;
    const ImGuiIO& io = ImGui::GetIO();
    const nlohmann::json document = {{"frame", ImGui::GetFrameCount()},
                                     {"window", {int(io.DisplaySize.x), int(io.DisplaySize.y)}},
                                     {"items", std::exchange(map.items, nlohmann::json::object())},
                                     {"hidden", std::exchange(map.hidden, nlohmann::json::array())}};
    map.finished = UiMapDocument{map.file, document.dump()};
  } catch (...) {
    if (taken) {
      taken->items.clear();
      taken->hidden.clear();
    }
  }
}

std::optional<UiMapDocument> take_ui_map() {
  return std::exchange(ui_map().finished, std::nullopt);
}

}  // namespace kneeviz::ui
