#pragma once
// Dear ImGui on a GLFW window: context, style, a DPI-aware font, and the frame bracket.

struct GLFWwindow;
struct ImFont;

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

  // DejaVu Sans at about twice the panel's size, for presenter mode and captions read across a room.
  static ImFont* large_font();
  bool wants_mouse() const;
  bool wants_keyboard() const;

 private:
  void load_fonts();
  float scale_ = 1.f;
};

}  // namespace kneeviz::ui
