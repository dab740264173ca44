#pragma once
// Where the 3D view is drawn: a multisampled colour + depth framebuffer, resolved into a
// single-sampled one that can be read back (PNG output, tests, depth under the cursor) or blitted
// to a window. Used the same way by the window and by headless rendering.

#include <cstdint>
#include <glm/glm.hpp>
#include <vector>

#include "render/gl_objects.h"

namespace kneeviz::render {

struct Image {
  glm::ivec2 size{0};
  std::vector<std::uint8_t> rgba;  // top row first, 4 bytes a pixel

  glm::u8vec4 pixel(int x, int y) const {
    const std::size_t i = (std::size_t(y) * size.x + x) * 4;
    return {rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]};
  }
};

class RenderTarget {
 public:
  // (Re)allocates for this size and sample count when either changed. samples is clamped to what
  // the driver supports; 1 means no multisampling.
  void resize(glm::ivec2 size, int samples);
  glm::ivec2 size() const { return size_; }
  int samples() const { return samples_; }

  // Binds the multisampled framebuffer and sets the viewport to it.
  void bind_for_drawing() const;
  // Binds the accumulation buffers of weighted blended order-independent transparency and clears
  // them. They are single-sampled and test against the resolved opaque depth, so call resolve()
  // first; their textures then feed the composite pass. Allocated on the first call for this size.
  void bind_for_translucency();
  GLuint translucency_colour_texture() const { return oit_colour_tex_.id(); }
  GLuint translucency_weight_texture() const { return oit_weight_tex_.id(); }
  // Binds the resolved framebuffer, to draw full-screen passes over the finished image.
  void bind_resolved() const;
  // The resolved framebuffer's name, to blit another (smaller) target into.
  GLuint resolved_framebuffer() const { return resolved_.id(); }
  // A single-sampled RG8 mask of the same size with a depth buffer (highlights), bound and cleared;
  // allocated on the first call for this size.
  void bind_mask();
  GLuint mask_texture() const { return mask_tex_.id(); }
  // The same mask drawn against the opaque pass's own depth, which it tests but never writes: for a
  // single-sampled frame whose opaque depth holds just what hides the highlights. Only the colour
  // is cleared, and no depth buffer of its own is allocated.
  void bind_mask_over_scene_depth();
  // The outline's first pass (each row's nearest highlighted pixel, read from the mask), of the
  // same size; bound, not cleared. Allocated with the mask.
  void bind_outline_rows() const;
  GLuint outline_rows_texture() const { return outline_rows_tex_.id(); }
  // A single-sampled colour + depth buffer for picking, bound and cleared; allocated on the first
  // call for this size.
  void bind_pick();
  // The pick buffer's value at a pixel (origin top left); zero before any bind_pick().
  glm::u8vec4 read_pick(glm::ivec2 pixel) const;
  // Whether there are multisampled buffers; with one sample the frame is drawn into the resolved
  // buffers directly.
  bool multisampled() const { return bool(multisampled_); }
  // Which of the buffers allocated on demand exist now (tests, memory figures).
  bool has_translucency() const { return bool(oit_); }
  bool has_mask() const { return bool(mask_tex_); }
  bool has_pick() const { return bool(pick_); }
  // Resolves the colour into the single-sampled framebuffer. Its depth is resolved when first
  // needed (resolve_depth): translucency, overlays and read_depth call it; a frame with none of
  // them never pays for it.
  void resolve() const;
  void resolve_depth() const;
  // Copies the resolved colour onto framebuffer `target` (0: the window), filling `size`.
  void blit_to(GLuint target, glm::ivec2 size) const;
  // The resolved colour, after resolve().
  Image read_colour() const;
  // The resolved depth in [0, 1] at a pixel (origin top left), after resolve(); 1 is background.
  float read_depth(glm::ivec2 pixel) const;

 private:
  void allocate_translucency();
  void allocate_mask_depth();
  void allocate_mask_texture();
  // A framebuffer drawing into the mask texture against `depth`, named for GL debuggers.
  Framebuffer mask_framebuffer(const char* name, GLuint depth);
  void allocate_mask();
  void allocate_pick();

  glm::ivec2 size_{0};
  int samples_ = 0;
  mutable bool depth_resolved_ = false;  // since the last resolve()
  Framebuffer multisampled_;
  Renderbuffer ms_colour_, ms_depth_;
  Framebuffer resolved_;
  Renderbuffer resolved_colour_, resolved_depth_;
  Framebuffer oit_;
  Texture oit_colour_tex_, oit_weight_tex_;
  Framebuffer mask_, scene_depth_mask_, outline_rows_;
  Texture mask_tex_, outline_rows_tex_;
  Framebuffer pick_;
  Renderbuffer pick_colour_, pick_depth_;
};

}  // namespace kneeviz::render
