#pragma once
// Move-only owners of GL objects. The destructor deletes; a move hands the id over; an empty
// object (id 0) can exist before any context does. No glGen* or glDelete* outside render/.

#include <string>
#include <utility>

#include "render/gl.h"

namespace kneeviz::render {

template <class Traits>
class GlObject {
 public:
  GlObject() = default;
  // Creates the object; needs a current context.
  static GlObject create() { return GlObject(Traits::create()); }
  ~GlObject() {
    if (id_) Traits::destroy(id_);
  }
  GlObject(GlObject&& other) noexcept : id_(std::exchange(other.id_, 0)) {}
  GlObject& operator=(GlObject&& other) noexcept {
    std::swap(id_, other.id_);
    return *this;
  }
  GlObject(const GlObject&) = delete;
  GlObject& operator=(const GlObject&) = delete;

  GLuint id() const { return id_; }
  explicit operator bool() const { return id_ != 0; }

 private:
  explicit GlObject(GLuint id) : id_(id) {}
  GLuint id_ = 0;
};

struct BufferTraits {
  static GLuint create() {
    GLuint id = 0;
    glGenBuffers(1, &id);
    return id;
  }
  static void destroy(GLuint id) { glDeleteBuffers(1, &id); }
};
struct VertexArrayTraits {
  static GLuint create() {
    GLuint id = 0;
    glGenVertexArrays(1, &id);
    return id;
  }
  static void destroy(GLuint id) { glDeleteVertexArrays(1, &id); }
};
struct TextureTraits {
  static GLuint create() {
    GLuint id = 0;
    glGenTextures(1, &id);
    return id;
  }
  static void destroy(GLuint id) { glDeleteTextures(1, &id); }
};
struct FramebufferTraits {
  static GLuint create() {
    GLuint id = 0;
    glGenFramebuffers(1, &id);
    return id;
  }
  static void destroy(GLuint id) { glDeleteFramebuffers(1, &id); }
};
struct RenderbufferTraits {
  static GLuint create() {
    GLuint id = 0;
    glGenRenderbuffers(1, &id);
    return id;
  }
  static void destroy(GLuint id) { glDeleteRenderbuffers(1, &id); }
};
// Forgets the uniform locations build_program() (render/shader.h) found for a program.
void forget_uniforms(GLuint program);
struct ProgramTraits {
  static GLuint create() { return glCreateProgram(); }
  static void destroy(GLuint id) {
    forget_uniforms(id);  // a later program given the same id starts with none
    glDeleteProgram(id);
  }
};

using Buffer = GlObject<BufferTraits>;
using VertexArray = GlObject<VertexArrayTraits>;
using Texture = GlObject<TextureTraits>;
using Framebuffer = GlObject<FramebufferTraits>;
using Renderbuffer = GlObject<RenderbufferTraits>;
using Program = GlObject<ProgramTraits>;

}  // namespace kneeviz::render
