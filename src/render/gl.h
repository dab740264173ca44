#pragma once
// The one place GL is included from. GL_CHECK reports GL errors with file and line in Debug
// builds and tests (KNEEVIZ_GL_CHECKS), and costs nothing in Release.

#include <glad/gl.h>

namespace kneeviz::render {

// Reads and clears every pending GL error; throws std::runtime_error naming the call site if
// there was one.
void check_gl_errors(const char* call, const char* file, int line);

}  // namespace kneeviz::render

#if defined(KNEEVIZ_GL_CHECKS) || !defined(NDEBUG)
#define GL_CHECK(call)                                                 \
  do {                                                                 \
    call;                                                              \
    ::kneeviz::render::check_gl_errors(#call, __FILE__, __LINE__);     \
  } while (false)
#else
#define GL_CHECK(call) call
#endif
