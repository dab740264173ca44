#pragma once
// Dear ImGui on a GLFW window: context, the panel's look (ui/imgui_look.h) at a DPI-aware scale,
// and the frame bracket.

struct GLFWwindow;

namespace kneeviz::ui {

class ImGuiLayer {
 public:
  // scale: the panel and its text against an ordinary 96-DPI screen (1: 100 %; the monitor's DPI
  // scale by default); the font and style follow it.
  ImGuiLayer(GLFWwindow* window, float scale);
  ~ImGuiLayer();
  ImGuiLayer(const ImGuiLayer&) = delete;
  ImGuiLayer& operator=(const ImGuiLayer&) = delete;

  // Rebuilds the fonts and style at another scale (clamped to 1-4). Call between frames.
  void set_scale(float scale);
  float scale() const { return scale_; }

  void begin_frame();
  // Renders the UI into the currently bound framebuffer.
  void end_frame();

  bool wants_mouse() const;
  bool wants_keyboard() const;

 private:
  float scale_ = 1.f;
};

}  // namespace kneeviz::ui
