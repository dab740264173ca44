#pragma once
// A GL 3.3 core context without a display, through EGL: Mesa's surfaceless platform first, then
// any EGL device (a GPU without a monitor). Rendering goes into framebuffer objects.

#include "platform/gl_context.h"

namespace kneeviz::platform {

// Throws PlatformError when neither EGL platform gives a GL 3.3 core context.
std::unique_ptr<GlContext> create_headless_context();

}  // namespace kneeviz::platform
