// The interactive viewer: one window, one fixed frame order.
#include <algorithm>
#include <chrono>
#include <iostream>

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "app/commands.h"
#include "io/png.h"
#include "platform/window_context.h"
#include "render/renderer.h"
#include "scene/pose.h"
#include "ui/imgui_layer.h"
#include "ui/panel.h"

namespace kneeviz::app {
namespace {

// Turns mouse input into camera motion, unless the UI has it.
class CameraController {
 public:
  CameraController(scene::OrbitCamera& camera, platform::WindowContext& window,
                   const ui::ImGuiLayer& ui)
      : camera_(camera), window_(window), ui_(ui) {}

  void mouse_button(int button, int action) {
    if (action == GLFW_RELEASE) {
      dragging_ = -1;
      return;
    }
    if (ui_.wants_mouse()) return;
    dragging_ = button;
    last_ = window_.cursor_position();
    if (button != GLFW_MOUSE_BUTTON_LEFT) return;
    const double now = glfwGetTime();
    const bool double_click = now - last_click_time_ < 0.35 && glm::distance(last_, last_click_) < 5.0;
    last_click_time_ = double_click ? -1.0 : now;
    last_click_ = last_;
    if (double_click) focus_requested_ = true;
  }

  void cursor(glm::dvec2 position) {
    const glm::vec2 delta = glm::vec2(position - last_);
    last_ = position;
    if (dragging_ == GLFW_MOUSE_BUTTON_LEFT) camera_.orbit(delta);
    else if (dragging_ == GLFW_MOUSE_BUTTON_RIGHT || dragging_ == GLFW_MOUSE_BUTTON_MIDDLE)
      camera_.pan(delta, float(window_.window_size().y));
  }

  void scroll(glm::dvec2 offset) {
    if (ui_.wants_mouse()) return;
    camera_.zoom(float(offset.y), cursor_ndc(), aspect());
  }

  glm::vec2 cursor_ndc() const {
    const glm::vec2 size = glm::max(glm::vec2(window_.window_size()), glm::vec2(1.f));
    const glm::vec2 p = glm::vec2(window_.cursor_position()) / size;
    return {p.x * 2.f - 1.f, 1.f - p.y * 2.f};
  }
  float aspect() const {
    const glm::ivec2 size = window_.framebuffer_size();
    return float(size.x) / float(std::max(size.y, 1));
  }
  // True once after a double-click in the 3D view.
  bool take_focus_request() { return std::exchange(focus_requested_, false); }

 private:
  scene::OrbitCamera& camera_;
  platform::WindowContext& window_;
  const ui::ImGuiLayer& ui_;
  int dragging_ = -1;
  glm::dvec2 last_{0.0};
  glm::dvec2 last_click_{-100.0};
  double last_click_time_ = -1.0;
  bool focus_requested_ = false;
};

}  // namespace

int run_viewer(const Options& options) {
  const scene::Model model = load_requested_model(options);
  platform::WindowContext window({"kneeviz: " + model.source, {0, 0}, true});
  ui::ImGuiLayer ui(window.handle(), window.content_scale());
  render::Renderer renderer;
  renderer.upload(model);
  render::RenderTarget target;

  ui::PanelState panel;
  panel.model = &model;
  panel.model_file = model.source;
  panel.gl_description = window.description();
  panel.knee_flexion_deg = options.knee_flexion_deg;
  panel.knee_rig = scene::has_knee_rig(model);
  std::vector<render::MeshStyle> styles = styles_for(model, options);
  panel.styles = &styles;

  scene::OrbitCamera camera;
  CameraController controller(camera, window, ui);
  camera.set_view(options.view, false);
  const scene::Bounds initial_bounds = scene::posed_bounds(model, {options.knee_flexion_deg});
  camera.frame(initial_bounds, controller.aspect());
  window.set_input_handlers({
      [&](int button, int action, int) { controller.mouse_button(button, action); },
      [&](glm::dvec2 p) { controller.cursor(p); },
      [&](glm::dvec2 offset) { controller.scroll(offset); },
      [&](int key, int action, int) {
        if (action != GLFW_PRESS || ui.wants_keyboard()) return;
        if (key == GLFW_KEY_R) camera.reset();
      },
  });

  using Clock = std::chrono::steady_clock;
  auto previous = Clock::now();
  float smoothed_ms = 0.f;
  long frames = 0;
  while (!window.should_close()) {
    window.poll_events();
    if (window.minimised()) {
      glfwWaitEventsTimeout(0.1);
      continue;
    }
    const auto now = Clock::now();
    const float dt = std::chrono::duration<float>(now - previous).count();
    previous = now;
    smoothed_ms = smoothed_ms == 0.f ? dt * 1000.f : smoothed_ms * 0.95f + dt * 50.f;
    panel.frame_ms = smoothed_ms;

    ui.begin_frame();
    const ui::PanelRequests requests = ui::draw_panel(panel);
    if (requests.view) camera.set_view(*requests.view, true);
    if (requests.reset_view) camera.reset();
    if (requests.vsync_changed) window.set_vsync(panel.vsync);
    // Centre the view in the space right of the panel.
    camera.lens_shift_x = std::clamp(requests.panel_right / float(std::max(window.window_size().x, 1)),
                                     0.f, 0.5f);
    // The panel's width is known only once it is drawn: frame again for the space it leaves.
    if (frames == 0) camera.frame(initial_bounds, controller.aspect());

    camera.update(dt);

    const glm::ivec2 size = window.framebuffer_size();
    target.resize(size, panel.display.msaa_samples);
    const scene::Pose pose{panel.knee_flexion_deg};
    renderer.draw(target, model, render::Frame{camera, pose, panel.display, styles});
    if (controller.take_focus_request()) {
      const glm::vec2 ndc = controller.cursor_ndc();
      const glm::ivec2 pixel{int((ndc.x * 0.5f + 0.5f) * size.x), int((0.5f - ndc.y * 0.5f) * size.y)};
      const float depth = target.read_depth(pixel);
      if (depth < 1.f) {
        const glm::mat4 inverse = glm::inverse(camera.projection(controller.aspect()) * camera.view());
        const glm::vec4 world = inverse * glm::vec4(ndc, depth * 2.f - 1.f, 1.f);
        camera.focus_on(glm::vec3(world) / world.w);
      }
    }
    target.blit_to(0, size);
    glViewport(0, 0, size.x, size.y);
    ui.end_frame();

    ++frames;
    if (options.exit_after_frames > 0 && frames >= options.exit_after_frames) {
      if (!options.screenshot.empty()) {
        // What the user sees, panel included: read the window's back buffer before the swap.
        std::vector<std::uint8_t> bottom_up(std::size_t(size.x) * size.y * 4), rgba(bottom_up.size());
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_BACK);
        glReadPixels(0, 0, size.x, size.y, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
        const std::size_t row = std::size_t(size.x) * 4;
        for (int y = 0; y < size.y; ++y)
          std::copy_n(bottom_up.data() + row * (size.y - 1 - y), row, rgba.data() + row * y);
        io::write_png(options.screenshot, size, rgba);
      }
      window.request_close();
    }
    window.swap_buffers();
  }
  std::cout << "kneeviz: closed after " << frames << " frames\n";
  return 0;
}

}  // namespace kneeviz::app
