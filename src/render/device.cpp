#include "render/device.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "render/gl.h"
#include "render/gl_objects.h"

namespace kneeviz::render {

Image read_pixels(glm::ivec2 size) {
  Image image;
  image.size = size;
  const std::size_t row = std::size_t(size.x) * 4;
  std::vector<std::uint8_t> bottom_up(row * std::size_t(size.y));
  image.rgba.resize(bottom_up.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, size.x, size.y, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
  for (int y = 0; y < size.y; ++y)
    std::copy_n(bottom_up.data() + row * std::size_t(size.y - 1 - y), row,
                image.rgba.data() + row * std::size_t(y));
  return image;
}

std::string renderer_name() {
  const GLubyte* name = glGetString(GL_RENDERER);
  return name ? reinterpret_cast<const char*>(name) : "";
}

void finish() {
  glFinish();
}

std::optional<std::string> take_error() {
  std::optional<std::string> first;
  for (GLenum error = glGetError(); error != GL_NO_ERROR; error = glGetError())
    if (!first) first = gl_error_name(error);
  return first;
}

void use_window_viewport(glm::ivec2 size) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, size.x, size.y);
}

Image read_window(glm::ivec2 size) {
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  return read_pixels(size);
}

Image draw_transparent(glm::ivec2 size, const std::function<void()>& draw) {
  GLint previous = 0;
  GLfloat clear[4] = {};
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous);
  glGetFloatv(GL_COLOR_CLEAR_VALUE, clear);
  const Texture colour = Texture::create();
  glBindTexture(GL_TEXTURE_2D, colour.id());
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, size.x, size.y, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  const Framebuffer framebuffer = Framebuffer::create();
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, colour.id(), 0);
  glViewport(0, 0, size.x, size.y);
  glClearColor(0.f, 0.f, 0.f, 0.f);
  glClear(GL_COLOR_BUFFER_BIT);
  draw();
  Image image = read_pixels(size);
  glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous));
  glClearColor(clear[0], clear[1], clear[2], clear[3]);
  return image;
}

}  // namespace kneeviz::render
