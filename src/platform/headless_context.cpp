#include "platform/headless_context.h"

#include <glad/egl.h>
#include <glad/gl.h>

#include <vector>

namespace kneeviz::platform {
namespace {

class HeadlessContext final : public GlContext {
 public:
  HeadlessContext(EGLDisplay display, EGLContext context, std::string platform)
      : display_(display), context_(context), platform_(std::move(platform)) {}
  ~HeadlessContext() override {
    eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(display_, context_);
    eglTerminate(display_);
  }
  std::string description() const override {
    return describe_current_context() + " (headless EGL, " + platform_ + ")";
  }

 private:
  EGLDisplay display_;
  EGLContext context_;
  std::string platform_;
};

// Makes a GL 3.3 core context current on this display without a surface, or returns nullptr.
EGLContext make_context(EGLDisplay display) {
  EGLint major = 0, minor = 0;
  if (!eglInitialize(display, &major, &minor)) return nullptr;
  // Reload with the display, so that display extensions resolve too.
  gladLoaderLoadEGL(display);
  if (!eglBindAPI(EGL_OPENGL_API)) return nullptr;
  const EGLint config_attributes[] = {
      EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_NONE};
  EGLConfig config = nullptr;
  EGLint count = 0;
  // Surfaceless drivers may offer no config at all; EGL_KHR_no_config_context covers that.
  if (!eglChooseConfig(display, config_attributes, &config, 1, &count) || count == 0) config = nullptr;
  const EGLint context_attributes[] = {EGL_CONTEXT_MAJOR_VERSION,
                                       3,
                                       EGL_CONTEXT_MINOR_VERSION,
                                       3,
                                       EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                       EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                       EGL_NONE};
  EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attributes);
  if (context == EGL_NO_CONTEXT) {
    eglTerminate(display);
    return nullptr;
  }
  if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
    eglDestroyContext(display, context);
    eglTerminate(display);
    return nullptr;
  }
  return context;
}

}  // namespace

std::unique_ptr<GlContext> create_headless_context() {
  if (!gladLoaderLoadEGL(EGL_NO_DISPLAY))
    throw PlatformError(
        "headless rendering needs EGL, but libEGL.so.1 could not be loaded. "
        "Install libegl1 and libegl-mesa0 (Debian/Ubuntu).");
  if (!eglGetPlatformDisplayEXT)
    throw PlatformError(
        "headless rendering needs the EGL_EXT_platform_base extension, which this "
        "EGL lacks. Install Mesa's EGL (libegl-mesa0).");

  struct Candidate {
    EGLDisplay display;
    std::string name;
  };
  std::vector<Candidate> candidates;
  candidates.push_back(
      {eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr), "surfaceless"});
  if (eglQueryDevicesEXT) {
    EGLDeviceEXT devices[8];
    EGLint count = 0;
    if (eglQueryDevicesEXT(8, devices, &count))
      for (EGLint i = 0; i < count; ++i)
        candidates.push_back({eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devices[i], nullptr),
                              "device " + std::to_string(i)});
  }

  for (const Candidate& candidate : candidates) {
    if (candidate.display == EGL_NO_DISPLAY) continue;
    EGLContext context = make_context(candidate.display);
    if (!context) continue;
    if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(eglGetProcAddress))) {
      eglDestroyContext(candidate.display, context);
      eglTerminate(candidate.display);
      continue;
    }
    auto result = std::make_unique<HeadlessContext>(candidate.display, context, candidate.name);
    require_gl_33("headless EGL");
    return result;
  }
  throw PlatformError(
      "no EGL platform gave an OpenGL 3.3 core context for headless rendering. "
      "Install Mesa (libegl-mesa0, libgl1-mesa-dri) for software rendering.");
}

}  // namespace kneeviz::platform
