#pragma once
// One interface over the two ways kneeviz gets an OpenGL 3.3 core context: a GLFW window for
// interactive use, and EGL without any display for headless rendering. The renderer draws the
// same way into either.

#include <memory>
#include <stdexcept>
#include <string>

#include "json/error.h"

namespace kneeviz::platform {

// Thrown when no usable context can be made; what() says why, and what the user can do about it.
class PlatformError : public Error {
 public:
  using Error::Error;
};

class GlContext {
 public:
  virtual ~GlContext() = default;
  GlContext() = default;
  GlContext(const GlContext&) = delete;
  GlContext& operator=(const GlContext&) = delete;

  // "OpenGL 4.5 (Core Profile) Mesa 22.3.6, llvmpipe (LLVM 15.0.6, 256 bits)" and the like.
  virtual std::string description() const = 0;
};

// Checks that the current context gives GL 3.3 core, after glad has loaded it; throws
// PlatformError naming the version found otherwise. Shared by both back ends.
void require_gl_33(const char* back_end);

// A description of the current context from glGetString.
std::string describe_current_context();

}  // namespace kneeviz::platform
