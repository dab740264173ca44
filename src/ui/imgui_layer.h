#pragma once
// Dear ImGui on a GLFW window: context, style, a DPI-aware font, and the frame bracket.

struct GLFWwindow;
struct ImFont;

namespace kneeviz::ui {

class ImGuiLayer {
 public:
  // content_scale: the monitor's DPI scale (1 on a 96-DPI screen); the font and style follow it.
  ImGuiLayer(GLFWwindow* window, float content_scale);
  ~ImGuiLayer();
  ImGuiLayer(const ImGuiLayer&) = delete;
  ImGuiLayer& operator=(const ImGuiLayer&) = delete;

  void begin_frame();
  // Renders the UI into the currently bound framebuffer.
  void end_frame();

  // DejaVu Sans at about twice the panel's size, for presenter mode and captions read across a room.
  static ImFont* large_font();
  bool wants_mouse() const;
  bool wants_keyboard() const;
};

}  // namespace kneeviz::ui
