#pragma once
// The one place GL is included from. A Pass reports the GL errors of a stretch of GL work with its
// name. Checking is always on in Debug builds; in Release it is a single branch, on when tests (or
// a user chasing a driver problem) set KNEEVIZ_GL_CHECKS=1 or call enable_gl_checks().

#include <glad/gl.h>

namespace kneeviz::render {

bool gl_checks_enabled();
void enable_gl_checks(bool on);

// "GL_INVALID_OPERATION" and the like.
const char* gl_error_name(GLenum error);

// Whether the context offers KHR_debug (object labels, debug groups, the message log): Mesa does,
// in every profile; without it labels and groups are skipped.
bool debug_labels_available();

// Names a GL object for GL debuggers and the driver's messages. `identifier` is its kind
// (GL_BUFFER, GL_TEXTURE, GL_FRAMEBUFFER, ...); the object must exist, so label a buffer, texture,
// framebuffer or vertex array after it was first bound. Does nothing without KHR_debug.
void label_object(GLenum identifier, GLuint id, const char* text);

// A stretch of GL work with a name (a render pass): a KHR_debug group of that name while it runs,
// which GL debuggers show as the frame's outline, and at end(), with GL checks on, every pending GL
// error reported with the pass's name. A pass left by an exception closes its group unchecked.
class Pass {
 public:
  explicit Pass(const char* name);
  ~Pass();
  Pass(const Pass&) = delete;
  Pass& operator=(const Pass&) = delete;
  // Closes the group; throws std::runtime_error ("GL errors in the NAME pass: ...") when GL checks
  // are on and an error is pending.
  void end();

 private:
  const char* name_;
  bool open_ = true;
};

}  // namespace kneeviz::render
