#include "render/render_target.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "render/device.h"

namespace kneeviz::render {

namespace {
void check_complete(const char* which) {
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE)
    throw std::runtime_error(std::string("the ") + which + " framebuffer is incomplete (status 0x" +
                             std::to_string(status) + ")");
}

// The buffers are named for GL debuggers ("3D view: resolved colour").
Texture make_texture(GLenum format, GLenum layout, GLenum type, glm::ivec2 size, const char* name) {
  Texture texture = Texture::create();
  glBindTexture(GL_TEXTURE_2D, texture.id());
  label_object(GL_TEXTURE, texture.id(), name);
  glTexImage2D(GL_TEXTURE_2D, 0, GLint(format), size.x, size.y, 0, layout, type, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  return texture;
}

void allocate(Renderbuffer& buffer, GLenum format, glm::ivec2 size, int samples, const char* name) {
  buffer = Renderbuffer::create();
  glBindRenderbuffer(GL_RENDERBUFFER, buffer.id());
  label_object(GL_RENDERBUFFER, buffer.id(), name);
  if (samples > 1)
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, format, size.x, size.y);
  else
    glRenderbufferStorage(GL_RENDERBUFFER, format, size.x, size.y);
}
}  // namespace

void RenderTarget::resize(glm::ivec2 size, int samples) {
  size = glm::max(size, glm::ivec2(1));
  GLint max_samples = 1;
  glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
  samples = std::clamp(samples, 1, std::max(max_samples, 1));
  if (size == size_ && samples == samples_ && resolved_) return;
  size_ = size;
  samples_ = samples;
  Pass pass("allocate the 3D view");

  // Multisampled buffers only when there is more than one sample: a single-sampled frame is
  // drawn straight into the resolved buffers (no second copy, no resolve).
  multisampled_ = {};
  ms_colour_ = {};
  ms_depth_ = {};
  if (samples > 1) {
    multisampled_ = Framebuffer::create();
    glBindFramebuffer(GL_FRAMEBUFFER, multisampled_.id());
    label_object(GL_FRAMEBUFFER, multisampled_.id(), "3D view: multisampled");
    allocate(ms_colour_, GL_RGBA8, size, samples, "3D view: multisampled colour");
    allocate(ms_depth_, GL_DEPTH_COMPONENT24, size, samples, "3D view: multisampled depth");
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, ms_colour_.id());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, ms_depth_.id());
    check_complete("multisampled");
  }

  resolved_ = Framebuffer::create();
  glBindFramebuffer(GL_FRAMEBUFFER, resolved_.id());
  label_object(GL_FRAMEBUFFER, resolved_.id(), "3D view: resolved");
  allocate(resolved_colour_, GL_RGBA8, size, 1, "3D view: resolved colour");
  allocate(resolved_depth_, GL_DEPTH_COMPONENT24, size, 1, "3D view: resolved depth");
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, resolved_colour_.id());
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, resolved_depth_.id());
  check_complete("resolve");

  // The translucency, mask and pick buffers come on first use (allocate_translucency, allocate_mask,
  // allocate_pick, called by their bind_ functions): a frame that
  // draws nothing translucent, highlights nothing and picks nothing never pays for them.
  oit_ = {};
  oit_colour_tex_ = {};
  oit_weight_tex_ = {};
  mask_ = {};
  scene_depth_mask_ = {};
  mask_tex_ = {};
  outline_rows_ = {};
  outline_rows_tex_ = {};
  pick_ = {};
  pick_colour_ = {};
  pick_depth_ = {};
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  pass.end();
}

void RenderTarget::allocate_translucency() {
  if (oit_) return;
  // Colour accumulates in an RGBA16F texture; the weights in one R16F channel. Both single-sampled
  // to keep memory modest, tested against the resolved opaque depth.
  oit_ = Framebuffer::create();
  glBindFramebuffer(GL_FRAMEBUFFER, oit_.id());
  label_object(GL_FRAMEBUFFER, oit_.id(), "3D view: translucency");
  oit_colour_tex_ = make_texture(GL_RGBA16F, GL_RGBA, GL_FLOAT, size_, "3D view: translucent colour");
  oit_weight_tex_ = make_texture(GL_R16F, GL_RED, GL_FLOAT, size_, "3D view: translucent weights");
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, oit_colour_tex_.id(), 0);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT1, GL_TEXTURE_2D, oit_weight_tex_.id(), 0);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, resolved_depth_.id());
  check_complete("translucency");
}

void RenderTarget::allocate_mask_depth() {
  // One single-sampled depth buffer serves the highlight mask and picking, never both at once.
  if (!pick_depth_) allocate(pick_depth_, GL_DEPTH_COMPONENT24, size_, 1, "3D view: mask and pick depth");
}

void RenderTarget::allocate_mask_texture() {
  if (mask_tex_) return;
  // Red: the highlighted structure's slot; green: the selected skin.
  mask_tex_ = make_texture(GL_RG8, GL_RG, GL_UNSIGNED_BYTE, size_, "3D view: highlight mask");
  // Red: the slot of the row's nearest highlighted pixel; green: how far it is.
  outline_rows_tex_ = make_texture(GL_RG8, GL_RG, GL_UNSIGNED_BYTE, size_, "3D view: outline rows");
  outline_rows_ = Framebuffer::create();
  glBindFramebuffer(GL_FRAMEBUFFER, outline_rows_.id());
  label_object(GL_FRAMEBUFFER, outline_rows_.id(), "3D view: outline rows");
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, outline_rows_tex_.id(), 0);
  check_complete("outline rows");
}

Framebuffer RenderTarget::mask_framebuffer(const char* name, GLuint depth) {
  allocate_mask_texture();
  Framebuffer framebuffer = Framebuffer::create();
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer.id());
  label_object(GL_FRAMEBUFFER, framebuffer.id(), (std::string("3D view: ") + name).c_str());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, mask_tex_.id(), 0);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth);
  check_complete(name);
  return framebuffer;
}

void RenderTarget::allocate_mask() {
  if (mask_) return;
  allocate_mask_depth();
  mask_ = mask_framebuffer("highlight mask", pick_depth_.id());
}

void RenderTarget::allocate_pick() {
  if (pick_) return;
  allocate_mask_depth();
  pick_ = Framebuffer::create();
  glBindFramebuffer(GL_FRAMEBUFFER, pick_.id());
  label_object(GL_FRAMEBUFFER, pick_.id(), "3D view: pick");
  allocate(pick_colour_, GL_RGBA8, size_, 1, "3D view: pick ids");
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, pick_colour_.id());
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, pick_depth_.id());
  check_complete("pick");
}

void RenderTarget::bind_for_translucency() {
  resolve_depth();  // tested against
  allocate_translucency();
  glBindFramebuffer(GL_FRAMEBUFFER, oit_.id());
  glViewport(0, 0, size_.x, size_.y);
  static constexpr GLenum both[] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
  glDrawBuffers(2, both);
  // Colour accumulates from zero; its alpha holds the product of (1 - alpha), from one.
  const GLfloat colour_clear[] = {0.f, 0.f, 0.f, 1.f};
  const GLfloat weight_clear[] = {0.f, 0.f, 0.f, 0.f};
  glClearBufferfv(GL_COLOR, 0, colour_clear);
  glClearBufferfv(GL_COLOR, 1, weight_clear);
}

void RenderTarget::bind_resolved() const {
  glBindFramebuffer(GL_FRAMEBUFFER, resolved_.id());
  glViewport(0, 0, size_.x, size_.y);
}

void RenderTarget::bind_mask() {
  allocate_mask();
  glBindFramebuffer(GL_FRAMEBUFFER, mask_.id());
  glViewport(0, 0, size_.x, size_.y);
  glClearColor(0.f, 0.f, 0.f, 0.f);
  glClearDepth(1.0);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

void RenderTarget::bind_mask_over_scene_depth() {
  if (multisampled_)
    throw std::logic_error("the highlight mask over the scene's depth needs a single-sampled target");
  if (!scene_depth_mask_)
    scene_depth_mask_ = mask_framebuffer("highlight mask over the scene's depth", resolved_depth_.id());
  glBindFramebuffer(GL_FRAMEBUFFER, scene_depth_mask_.id());
  glViewport(0, 0, size_.x, size_.y);
  const GLfloat clear[] = {0.f, 0.f, 0.f, 0.f};
  glClearBufferfv(GL_COLOR, 0, clear);
}

void RenderTarget::bind_outline_rows() const {
  glBindFramebuffer(GL_FRAMEBUFFER, outline_rows_.id());
  glViewport(0, 0, size_.x, size_.y);
}

void RenderTarget::bind_pick() {
  allocate_pick();
  glBindFramebuffer(GL_FRAMEBUFFER, pick_.id());
  glViewport(0, 0, size_.x, size_.y);
  glClearColor(0.f, 0.f, 0.f, 0.f);
  glClearDepth(1.0);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

glm::u8vec4 RenderTarget::read_pick(glm::ivec2 pixel) const {
  glm::u8vec4 value{0};
  if (!pick_ || pixel.x < 0 || pixel.y < 0 || pixel.x >= size_.x || pixel.y >= size_.y) return value;
  glBindFramebuffer(GL_READ_FRAMEBUFFER, pick_.id());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(pixel.x, size_.y - 1 - pixel.y, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, &value);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  return value;
}

void RenderTarget::bind_for_drawing() const {
  glBindFramebuffer(GL_FRAMEBUFFER, multisampled_ ? multisampled_.id() : resolved_.id());
  glViewport(0, 0, size_.x, size_.y);
}

void RenderTarget::resolve() const {
  depth_resolved_ = false;
  if (!multisampled_) return;  // drawn into the resolved buffers already
  Pass pass("resolve");
  glBindFramebuffer(GL_READ_FRAMEBUFFER, multisampled_.id());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, resolved_.id());
  glBlitFramebuffer(0, 0, size_.x, size_.y, 0, 0, size_.x, size_.y, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  pass.end();
}

void RenderTarget::resolve_depth() const {
  if (!multisampled_ || depth_resolved_) return;
  Pass pass("resolve depth");
  glBindFramebuffer(GL_READ_FRAMEBUFFER, multisampled_.id());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, resolved_.id());
  glBlitFramebuffer(0, 0, size_.x, size_.y, 0, 0, size_.x, size_.y, GL_DEPTH_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  depth_resolved_ = true;
  pass.end();
}

void RenderTarget::blit_to(GLuint target, glm::ivec2 size) const {
  glBindFramebuffer(GL_READ_FRAMEBUFFER, resolved_.id());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target);
  glBlitFramebuffer(0, 0, size_.x, size_.y, 0, 0, size.x, size.y, GL_COLOR_BUFFER_BIT,
                    size == size_ ? GL_NEAREST : GL_LINEAR);
  glBindFramebuffer(GL_FRAMEBUFFER, target);
}

Image RenderTarget::read_colour() const {
  Pass pass("read back");
  glBindFramebuffer(GL_READ_FRAMEBUFFER, resolved_.id());
  Image image = read_pixels(size_);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  pass.end();
  return image;
}

float RenderTarget::read_depth(glm::ivec2 pixel) const {
  if (pixel.x < 0 || pixel.y < 0 || pixel.x >= size_.x || pixel.y >= size_.y) return 1.f;
  float depth = 1.f;
  resolve_depth();
  glBindFramebuffer(GL_READ_FRAMEBUFFER, resolved_.id());
  glReadPixels(pixel.x, size_.y - 1 - pixel.y, 1, 1, GL_DEPTH_COMPONENT, GL_FLOAT, &depth);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  return depth;
}

}  // namespace kneeviz::render
