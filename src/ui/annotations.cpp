#include "ui/annotations.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <charconv>
#include <cmath>

#include "ui/imgui_look.h"

namespace kneeviz::ui {

unsigned pen_colour(std::string_view hex) {
  unsigned value = 0;
  if (hex.size() != 7 || hex[0] != '#' ||
      std::from_chars(hex.data() + 1, hex.data() + 7, value, 16).ptr != hex.data() + 7)
    return IM_COL32(255, 212, 0, 255);
  return IM_COL32((value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff, 255);
}

namespace {

void draw_stroke(ImDrawList* draw, const session::PenStroke& stroke, ImVec2 origin, ImVec2 size,
                 float width) {
  std::vector<ImVec2> points;
  points.reserve(stroke.points.size());
  for (const glm::vec2& p : stroke.points)
    points.emplace_back(origin.x + p.x * size.x, origin.y + p.y * size.y);
  const ImU32 colour = pen_colour(stroke.colour);
  // A dark edge under the line keeps it readable over light skin and dark background alike.
  if (points.size() == 1) {
    draw->AddCircleFilled(points[0], width * 0.9f, IM_COL32(0, 0, 0, 140));
    draw->AddCircleFilled(points[0], width * 0.6f, colour);
    return;
  }
  draw->AddPolyline(points.data(), int(points.size()), IM_COL32(0, 0, 0, 140), ImDrawFlags_None,
                    width * 1.6f);
  draw->AddPolyline(points.data(), int(points.size()), colour, ImDrawFlags_None, width);
}

}  // namespace

float pen_width(float height) {
  return std::max(2.f, height * 0.004f);
}

void draw_strokes(ImDrawList* draw, glm::vec2 origin, glm::vec2 size,
                  const std::vector<session::PenStroke>& strokes, float width) {
  for (const session::PenStroke& stroke : strokes)
    draw_stroke(draw, stroke, ImVec2(origin.x, origin.y), ImVec2(size.x, size.y), width);
}

std::vector<session::PenStroke> strokes_for_picture(const std::vector<session::PenStroke>& strokes,
                                                    const glm::mat4& drawn_over, const glm::mat4& picture) {
  // Both see from the same eye: a point of the view, taken back through its projection at any
  // depth, lies on the line of sight that the picture's projection takes to the same place.
  const glm::mat4 across = picture * glm::inverse(drawn_over);
  std::vector<session::PenStroke> out = strokes;
  for (session::PenStroke& stroke : out)
    for (glm::vec2& p : stroke.points) {
      const glm::vec4 clip = across * glm::vec4(p.x * 2.f - 1.f, 1.f - p.y * 2.f, 0.f, 1.f);
      if (std::abs(clip.w) < 1e-9f) continue;
      const glm::vec2 ndc = glm::vec2(clip) / clip.w;
      p = {ndc.x * 0.5f + 0.5f, 0.5f - ndc.y * 0.5f};
    }
  return out;
}

void draw_notes(ImDrawList* draw, glm::vec2 origin, const std::vector<NoteOnScreen>& notes, ImFont* font,
                float size) {
  for (const NoteOnScreen& note : notes) {
    const ImVec2 at(origin.x + note.position.x, origin.y + note.position.y);
    const int alpha = note.in_front ? 235 : 110;
    const float radius = size * 0.6f;
    draw->AddCircleFilled(at, radius, IM_COL32(20, 24, 30, alpha));
    draw->AddCircle(at, radius, IM_COL32(255, 212, 0, alpha), 0, 2.f);
    const std::string number = std::to_string(note.number);
    const ImVec2 number_size = font->CalcTextSizeA(size * 0.8f, FLT_MAX, 0.f, number.c_str());
    draw->AddText(font, size * 0.8f, ImVec2(at.x - number_size.x * 0.5f, at.y - number_size.y * 0.5f),
                  IM_COL32(255, 212, 0, alpha), number.c_str());
    if (note.text.empty()) continue;
    // The text in a box to the right of the marker, wrapped to a readable width.
    const float wrap = size * 16.f, pad = size * 0.35f;
    const char* begin = note.text.data();
    const char* end = begin + note.text.size();
    const ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, wrap, begin, end);
    const ImVec2 box(at.x + radius * 1.6f, at.y - extent.y * 0.5f);
    draw->AddLine(ImVec2(at.x + radius, at.y), ImVec2(box.x, at.y), IM_COL32(255, 212, 0, alpha), 2.f);
    draw->AddRectFilled(ImVec2(box.x - pad, box.y - pad),
                        ImVec2(box.x + extent.x + pad, box.y + extent.y + pad),
                        IM_COL32(12, 14, 18, note.in_front ? 215 : 120), pad);
    draw->AddText(font, size, box, IM_COL32(240, 244, 250, alpha), begin, end, wrap);
  }
}

std::pair<ImFont*, float> note_font(bool large) {
  ImFont* font = large ? large_font() : ImGui::GetFont();
  return {font, large ? font->FontSize * 0.8f : ImGui::GetFontSize() * 1.15f};
}

void draw_annotations(const std::vector<session::PenStroke>& strokes, const session::PenStroke* drawing,
                      const std::vector<NoteOnScreen>& notes, bool large) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  const float width = pen_width(viewport->Size.y);
  draw_strokes(draw, {viewport->Pos.x, viewport->Pos.y}, {viewport->Size.x, viewport->Size.y}, strokes,
               width);
  if (drawing) draw_stroke(draw, *drawing, viewport->Pos, viewport->Size, width);
  const auto [font, size] = note_font(large);
  draw_notes(draw, {viewport->Pos.x, viewport->Pos.y}, notes, font, size);
}

}  // namespace kneeviz::ui
