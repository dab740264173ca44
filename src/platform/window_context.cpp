#include "platform/window_context.h"

#include <glad/gl.h>

#include <cstdlib>
#include <optional>
#include <string>
// glad provides the GL declarations; GLFW must not include the system's.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace kneeviz::platform {
namespace {

std::string last_glfw_error() {
  const char* description = nullptr;
  const int code = glfwGetError(&description);
  return code == GLFW_NO_ERROR ? "unknown reason" : (description ? description : "unknown reason");
}

WindowContext& self(GLFWwindow* window) {
  return *static_cast<WindowContext*>(glfwGetWindowUserPointer(window));
}

// GLFW's key code as the key printed on the keyboard.
Key key_of(int code) {
  if (code >= GLFW_KEY_A && code <= GLFW_KEY_Z) return Key(int(Key::a) + (code - GLFW_KEY_A));
  if (code >= GLFW_KEY_0 && code <= GLFW_KEY_9) return digit_key(code - GLFW_KEY_0);
  switch (code) {
    case GLFW_KEY_SPACE:
      return Key::space;
    case GLFW_KEY_ENTER:
      return Key::enter;
    case GLFW_KEY_KP_ENTER:
      return Key::keypad_enter;
    case GLFW_KEY_ESCAPE:
      return Key::escape;
    case GLFW_KEY_LEFT:
      return Key::left;
    case GLFW_KEY_RIGHT:
      return Key::right;
    case GLFW_KEY_EQUAL:
      return Key::equal;
    case GLFW_KEY_MINUS:
      return Key::minus;
    case GLFW_KEY_KP_ADD:
      return Key::keypad_add;
    case GLFW_KEY_KP_SUBTRACT:
      return Key::keypad_subtract;
    case GLFW_KEY_F5:
      return Key::f5;
    default:
      return Key::unknown;
  }
}

// Whether most of a window placed so would show on one of the connected monitors (a projector
// unplugged since takes its windows with it).
bool on_some_monitor(const WindowPlacement& placement) {
  if (placement.size.x < 200 || placement.size.y < 150) return false;
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  for (int i = 0; i < count; ++i) {
    int x = 0, y = 0, w = 0, h = 0;
    glfwGetMonitorWorkarea(monitors[i], &x, &y, &w, &h);
    const glm::ivec2 lo = glm::max(placement.position, glm::ivec2(x, y));
    const glm::ivec2 hi = glm::min(placement.position + placement.size, glm::ivec2(x + w, y + h));
    const glm::ivec2 overlap = glm::max(hi - lo, glm::ivec2(0));
    if (overlap.x * overlap.y * 2 >= placement.size.x * placement.size.y) return true;
  }
  return false;
}

}  // namespace

WindowContext::WindowContext(const WindowOptions& options) {
  if (!glfwInit()) {
    const std::string reason = last_glfw_error();
    const bool no_display = !std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY");
    throw PlatformError(no_display ? "no display: kneeviz cannot open its window because neither DISPLAY nor "
                                     "WAYLAND_DISPLAY is set. To render a picture without a display, use "
                                     "'kneeviz render --out FILE.png'."
                                   : "cannot open a window (" + reason +
                                         "). To render a picture without a "
                                         "display, use 'kneeviz render --out FILE.png'.");
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  // The renderer multisamples into its own framebuffer; the window's needs no samples or depth.
  glfwWindowHint(GLFW_SAMPLES, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);

  // The first start fills the primary monitor's work area, maximised: a projector or a laptop
  // screen is small enough already. Later starts open where the window was, if a monitor is still
  // there to show it.
  glm::ivec2 size = options.size;
  std::optional<glm::ivec2> position;
  bool maximise = false;
  glm::ivec4 work{0, 0, 1600, 1000};  // x, y, width, height
  if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
    int x = 0, y = 0, w = 0, h = 0;
    glfwGetMonitorWorkarea(monitor, &x, &y, &w, &h);
    if (w > 0 && h > 0) work = {x, y, w, h};
  }
  if (options.placement && on_some_monitor(*options.placement)) {
    size = options.placement->size;
    position = options.placement->position;
    maximise = options.placement->maximised;
  } else if (size.x <= 0 || size.y <= 0) {
    size = {work.z, work.w};
    position = {work.x, work.y};
    maximise = true;
  }
  glfwWindowHint(GLFW_MAXIMIZED, maximise ? GLFW_TRUE : GLFW_FALSE);
  window_ = glfwCreateWindow(size.x, size.y, options.title.c_str(), nullptr, nullptr);
  if (!window_) {
    const std::string reason = last_glfw_error();
    glfwTerminate();
    throw PlatformError(
        "kneeviz needs OpenGL 3.3 core, and the display could not give it a window "
        "with that (" +
        reason +
        "). Update the graphics driver, or render "
        "headless with 'kneeviz render --out FILE.png'.");
  }
  if (position) glfwSetWindowPos(window_, position->x, position->y);
  glfwMakeContextCurrent(window_);
  if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress))) {
    glfwDestroyWindow(window_);
    glfwTerminate();
    throw PlatformError("the window's OpenGL functions could not be loaded");
  }
  require_gl_33("window");
  set_vsync(options.vsync);

  glfwSetWindowUserPointer(window_, this);
  glfwSetMouseButtonCallback(window_, [](GLFWwindow* w, int button, int action, int mods) {
    (void)mods;
    if (action != GLFW_PRESS && action != GLFW_RELEASE) return;
    const MouseButton which = button == GLFW_MOUSE_BUTTON_LEFT     ? MouseButton::left
                              : button == GLFW_MOUSE_BUTTON_RIGHT  ? MouseButton::right
                              : button == GLFW_MOUSE_BUTTON_MIDDLE ? MouseButton::middle
                                                                   : MouseButton::other;
    if (auto& f = self(w).handlers_.mouse_button) f(which, action == GLFW_PRESS);
  });
  glfwSetCursorPosCallback(window_, [](GLFWwindow* w, double x, double y) {
    if (auto& f = self(w).handlers_.cursor) f({x, y});
  });
  glfwSetScrollCallback(window_, [](GLFWwindow* w, double x, double y) {
    if (auto& f = self(w).handlers_.scroll) f({x, y});
  });
  glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
    (void)scancode;
    (void)mods;
    if (action != GLFW_PRESS) return;
    if (auto& f = self(w).handlers_.key_pressed) f(key_of(key));
  });
}

WindowContext::~WindowContext() {
  glfwDestroyWindow(window_);
  glfwTerminate();
}

std::string WindowContext::description() const {
  return describe_current_context() + " (window)";
}
void WindowContext::set_input_handlers(InputHandlers handlers) {
  handlers_ = std::move(handlers);
}
bool WindowContext::should_close() const {
  return glfwWindowShouldClose(window_);
}
void WindowContext::request_close() {
  glfwSetWindowShouldClose(window_, GLFW_TRUE);
}
void WindowContext::poll_events() const {
  glfwPollEvents();
}
void WindowContext::wait_events(double seconds) const {
  glfwWaitEventsTimeout(seconds);
}
double WindowContext::time() const {
  return glfwGetTime();
}
bool WindowContext::hovered() const {
  return glfwGetWindowAttrib(window_, GLFW_HOVERED) != 0;
}
void WindowContext::swap_buffers() const {
  glfwSwapBuffers(window_);
}
void WindowContext::set_vsync(bool on) const {
  glfwSwapInterval(on ? 1 : 0);
}

void WindowContext::set_fullscreen(bool on) {
  if (on == fullscreen_) return;
  if (on) {
    glfwGetWindowPos(window_, &windowed_.x, &windowed_.y);
    glfwGetWindowSize(window_, &windowed_.z, &windowed_.w);
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return;  // no monitor to fill (a virtual display without modes): stay windowed
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window_, nullptr, windowed_.x, windowed_.y, windowed_.z, windowed_.w, 0);
  }
  fullscreen_ = on;
}
WindowPlacement WindowContext::placement() const {
  if (fullscreen_) return {{windowed_.x, windowed_.y}, {windowed_.z, windowed_.w}, false};
  WindowPlacement placement;
  glfwGetWindowPos(window_, &placement.position.x, &placement.position.y);
  glfwGetWindowSize(window_, &placement.size.x, &placement.size.y);
  placement.maximised = glfwGetWindowAttrib(window_, GLFW_MAXIMIZED) == GLFW_TRUE;
  return placement;
}

bool WindowContext::minimised() const {
  return glfwGetWindowAttrib(window_, GLFW_ICONIFIED) || framebuffer_size().x == 0 ||
         framebuffer_size().y == 0;
}

glm::ivec2 WindowContext::framebuffer_size() const {
  glm::ivec2 size;
  glfwGetFramebufferSize(window_, &size.x, &size.y);
  return size;
}

glm::ivec2 WindowContext::window_size() const {
  glm::ivec2 size;
  glfwGetWindowSize(window_, &size.x, &size.y);
  return size;
}

float WindowContext::content_scale() const {
  float x = 1.f, y = 1.f;
  glfwGetWindowContentScale(window_, &x, &y);
  return x > 0.f ? x : 1.f;
}

glm::dvec2 WindowContext::cursor_position() const {
  glm::dvec2 p;
  glfwGetCursorPos(window_, &p.x, &p.y);
  return p;
}

}  // namespace kneeviz::platform
