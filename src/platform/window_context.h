#pragma once
// A GLFW window with a GL 3.3 core context, for interactive use.

#include <functional>
#include <glm/glm.hpp>
#include <optional>

#include "platform/gl_context.h"
#include "platform/input.h"

struct GLFWwindow;

namespace kneeviz::platform {

// Where a window lies on the desktop, in screen coordinates.
struct WindowPlacement {
  glm::ivec2 position{0};
  glm::ivec2 size{0};
  bool maximised = false;
};

struct WindowOptions {
  std::string title = "kneeviz";
  glm::ivec2 size{0, 0};  // 0: a size that suits the monitor
  bool vsync = true;
  // Where the window was last time (kept on a monitor that is still there). None: the first start,
  // which opens maximised over the monitor's work area.
  std::optional<WindowPlacement> placement;
};

// Mouse and keyboard as the camera wants them; the UI layer sees the same events first. A key
// held down is told of once, when it goes down.
struct InputHandlers {
  std::function<void(MouseButton button, bool pressed)> mouse_button;
  std::function<void(glm::dvec2 position)> cursor;
  std::function<void(glm::dvec2 offset)> scroll;
  std::function<void(Key key)> key_pressed;
};

class WindowContext final : public GlContext {
 public:
  // Throws PlatformError when there is no display to open a window on, or no GL 3.3.
  explicit WindowContext(const WindowOptions& options);
  ~WindowContext() override;

  std::string description() const override;
  GLFWwindow* handle() const { return window_; }
  void set_input_handlers(InputHandlers handlers);

  bool should_close() const;
  void request_close();
  void poll_events() const;
  // Sleeps until an event comes or `seconds` pass (a minimised window waits so).
  void wait_events(double seconds) const;
  // Seconds on the window's clock, the one input is timed by.
  double time() const;
  // The mouse is over the window (not over another window in front of it).
  bool hovered() const;
  void swap_buffers() const;
  void set_vsync(bool on) const;
  // Full screen on the monitor the window is on (presenter mode), or back to the window it was.
  void set_fullscreen(bool on);
  bool fullscreen() const { return fullscreen_; }
  bool minimised() const;
  // Where the window is now, to open there next time; while full screen, where it was before.
  WindowPlacement placement() const;
  glm::ivec2 framebuffer_size() const;
  glm::ivec2 window_size() const;
  // Scale of the monitor's content (DPI / 96): 1 on an ordinary screen, 2 on a HiDPI one.
  float content_scale() const;
  glm::dvec2 cursor_position() const;

 private:
  GLFWwindow* window_ = nullptr;
  bool fullscreen_ = false;
  glm::ivec4 windowed_{0};  // x, y, width, height before going full screen
  InputHandlers handlers_;
};

}  // namespace kneeviz::platform
