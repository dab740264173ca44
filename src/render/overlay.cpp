#include "render/overlay.h"

#include <cstddef>

#include "render/shader.h"

namespace kneeviz::render {

void transform_overlay(OverlayGeometry& geometry, const glm::mat4& transform) {
  const glm::mat3 turn(transform);
  for (OverlayVertex& v : geometry.triangles) {
    v.position = glm::vec3(transform * glm::vec4(v.position, 1.f));
    v.normal = turn * v.normal;
  }
}

OverlayRenderer::OverlayRenderer()
    : program_(build_program("overlay.vert", "overlay.frag")),
      vertex_array_(VertexArray::create()),
      vertices_(Buffer::create()) {
  glBindVertexArray(vertex_array_.id());
  glBindBuffer(GL_ARRAY_BUFFER, vertices_.id());
  const auto offset = [](std::size_t bytes) { return reinterpret_cast<const void*>(bytes); };
  constexpr GLsizei stride = sizeof(OverlayVertex);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, stride, offset(offsetof(OverlayVertex, position)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, stride, offset(offsetof(OverlayVertex, normal)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, stride, offset(offsetof(OverlayVertex, colour)));
  glBindVertexArray(0);
}

void OverlayRenderer::draw(RenderTarget& target, const scene::OrbitCamera& camera,
                           const OverlayGeometry& geometry, float xray_alpha) const {
  if (geometry.triangles.empty()) return;
  Pass pass("overlay");
  const glm::ivec2 size = target.size();
  const float aspect = float(size.x) / float(std::max(size.y, 1));
  target.resolve_depth();  // tested against
  target.bind_resolved();
  glBindVertexArray(vertex_array_.id());
  glBindBuffer(GL_ARRAY_BUFFER, vertices_.id());
  glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(geometry.triangles.size() * sizeof(OverlayVertex)),
               geometry.triangles.data(), GL_STREAM_DRAW);
  glUseProgram(program_.id());
  set_uniform(program_, "u_view", camera.view());
  set_uniform(program_, "u_projection", camera.projection(aspect));
  set_uniform(program_, "u_eye", camera.eye());
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDepthMask(GL_FALSE);
  const auto count = GLsizei(geometry.triangles.size());
  if (xray_alpha > 0.f) {
    // Faintly where the path goes behind the leg: where, even pulled kXrayBehindM toward the eye,
    // it lies behind what was drawn. Not through a hand on the skin: the ring of circles under a
    // palm stays under it.
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_GREATER);
    set_uniform(program_, "u_front_only", 0);
    set_uniform(program_, "u_pull_m", kXrayBehindM);
    set_uniform(program_, "u_alpha", xray_alpha);
    glDrawArrays(GL_TRIANGLES, 0, count);
  }
  // On the surface: depth tested, pulled a little toward the eye so it wins over the skin it lies on.
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LEQUAL);
  set_uniform(program_, "u_alpha", 1.f);
  // A surface patch (no x-ray) shows only where its own side faces the eye.
  set_uniform(program_, "u_front_only", xray_alpha > 0.f ? 0 : 1);
  set_uniform(program_, "u_pull_m", 0.003f);
  glDrawArrays(GL_TRIANGLES, 0, count);
  set_uniform(program_, "u_pull_m", 0.f);
  set_uniform(program_, "u_front_only", 0);
  glDepthFunc(GL_LESS);
  glDepthMask(GL_TRUE);
  glDisable(GL_BLEND);
  glBindVertexArray(0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  pass.end();
}

}  // namespace kneeviz::render
