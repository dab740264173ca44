#pragma once
// The one place GL is included from. GL_CHECK reports GL errors with the call site. Checking is
// always on in Debug builds; in Release it is a single branch, on when tests (or a user chasing a
// driver problem) set KNEEVIZ_GL_CHECKS=1 or call enable_gl_checks().

#include <glad/gl.h>

namespace kneeviz::render {

bool gl_checks_enabled();
void enable_gl_checks(bool on);

// "GL_INVALID_OPERATION" and the like.
const char* gl_error_name(GLenum error);

// Reads and clears every pending GL error; throws std::runtime_error naming the call site if
// there was one.
void check_gl_errors(const char* call, const char* file, int line);

}  // namespace kneeviz::render

#define GL_CHECK(call)                                               \
  do {                                                               \
    call;                                                            \
    if (::kneeviz::render::gl_checks_enabled())                      \
      ::kneeviz::render::check_gl_errors(#call, __FILE__, __LINE__); \
  } while (false)
