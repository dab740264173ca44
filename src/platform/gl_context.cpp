#include "platform/gl_context.h"

#include <glad/gl.h>

namespace kneeviz::platform {

namespace {
std::string gl_string(GLenum name) {
  const auto* text = reinterpret_cast<const char*>(glGetString(name));
  return text ? text : "unknown";
}
}  // namespace

void require_gl_33(const char* back_end) {
  GLint major = 0, minor = 0;
  if (glGetIntegerv) {
    glGetIntegerv(GL_MAJOR_VERSION, &major);
    glGetIntegerv(GL_MINOR_VERSION, &minor);
  }
  if (major * 10 + minor < 33)
    throw PlatformError(
        std::string("kneeviz needs OpenGL 3.3 core, but the ") + back_end + " context offers " +
        (major ? std::to_string(major) + "." + std::to_string(minor) : std::string("no usable version")) +
        ". Update the graphics driver, or try LIBGL_ALWAYS_SOFTWARE=1 for Mesa's "
        "software renderer.");
}

std::string describe_current_context() {
  return "OpenGL " + gl_string(GL_VERSION) + ", " + gl_string(GL_RENDERER);
}

}  // namespace kneeviz::platform
