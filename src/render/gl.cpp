#include "render/gl.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "render/device.h"

namespace kneeviz::render {

namespace {
bool initial_gl_checks() {
#ifndef NDEBUG
  return true;
#else
  const char* env = std::getenv("KNEEVIZ_GL_CHECKS");
  return env && *env && *env != '0';
#endif
}
bool g_gl_checks = initial_gl_checks();

// Pass timing (time_passes): the passes open now, innermost last, and when time was last charged.
struct PassTimer {
  bool on = false;
  std::vector<const char*> open;
  std::chrono::steady_clock::time_point mark;
  std::map<std::string, double> ms;

  // Charges the time since the last mark to the innermost open pass, after the GL work is done.
  void charge() {
    glFinish();
    const auto now = std::chrono::steady_clock::now();
    if (!open.empty()) ms[open.back()] += std::chrono::duration<double, std::milli>(now - mark).count();
    mark = now;
  }
};
PassTimer g_pass_timer;
}  // namespace

void time_passes(bool on) {
  g_pass_timer = {};
  g_pass_timer.on = on;
}

std::map<std::string, double> take_pass_times() {
  return std::exchange(g_pass_timer.ms, {});
}

bool gl_checks_enabled() {
  return g_gl_checks;
}
void enable_gl_checks(bool on) {
  g_gl_checks = on;
}

const char* gl_error_name(GLenum error) {
  switch (error) {
    case GL_INVALID_ENUM:
      return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE:
      return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION:
      return "GL_INVALID_OPERATION";
    case GL_INVALID_FRAMEBUFFER_OPERATION:
      return "GL_INVALID_FRAMEBUFFER_OPERATION";
    case GL_OUT_OF_MEMORY:
      return "GL_OUT_OF_MEMORY";
    case GL_STACK_OVERFLOW:
      return "GL_STACK_OVERFLOW";
    case GL_STACK_UNDERFLOW:
      return "GL_STACK_UNDERFLOW";
    default:
      return "unknown GL error";
  }
}

bool debug_labels_available() {
  return GLAD_GL_KHR_debug != 0;
}

void label_object(GLenum identifier, GLuint id, const char* text) {
  if (id == 0 || !debug_labels_available()) return;
  // A mesh name from an imported file may be longer than GL takes (GL_MAX_LABEL_LENGTH, at
  // least 256): cut it, never raise an error over a name.
  GLint most = 256;
  glGetIntegerv(GL_MAX_LABEL_LENGTH, &most);
  const std::size_t length = std::min(std::strlen(text), std::size_t(std::max(most - 1, 0)));
  glObjectLabel(identifier, id, GLsizei(length), text);
}

Pass::Pass(const char* name) : name_(name) {
  if (g_pass_timer.on) {
    g_pass_timer.charge();
    g_pass_timer.open.push_back(name_);
  }
  if (debug_labels_available()) glPushDebugGroup(GL_DEBUG_SOURCE_APPLICATION, 0, -1, name_);
}

Pass::~Pass() {
  if (!open_) return;
  if (debug_labels_available()) glPopDebugGroup();
  if (g_pass_timer.on && !g_pass_timer.open.empty()) {
    g_pass_timer.charge();
    g_pass_timer.open.pop_back();
  }
}

void Pass::end() {
  if (!open_) return;
  open_ = false;
  if (debug_labels_available()) glPopDebugGroup();
  if (g_pass_timer.on && !g_pass_timer.open.empty()) {
    g_pass_timer.charge();
    g_pass_timer.open.pop_back();
  }
  if (!gl_checks_enabled()) return;
  std::string errors;
  for (GLenum error = glGetError(); error != GL_NO_ERROR; error = glGetError()) {
    if (!errors.empty()) errors += ", ";
    errors += gl_error_name(error);
  }
  if (!errors.empty())
    throw std::runtime_error(std::string("GL errors in the ") + name_ + " pass: " + errors);
}

}  // namespace kneeviz::render
