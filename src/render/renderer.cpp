#include "render/renderer.h"

#include <algorithm>
#include <cstddef>
#include <cmath>
#include <map>
#include <tuple>

#include "render/shader.h"

namespace kneeviz::render {

using scene::Vertex;

struct Renderer::Scene {
  glm::mat4 view{1.f}, projection{1.f};
  std::vector<glm::mat4> globals, skinning;
  bool can_skin = false;
  struct Draw {
    std::size_t mesh;
    float alpha;
    float depth;  // view-space distance of the mesh's centre
  };
  std::vector<Draw> opaque, translucent;
  std::vector<MeshStyle> styles;  // one per mesh
};

Renderer::Renderer()
    : mesh_program_(build_program("mesh.vert", "mesh.frag")),
      id_program_(build_program("mesh.vert", "id.frag")),
      background_program_(build_program("fullscreen.vert", "background.frag")),
      composite_program_(build_program("fullscreen.vert", "composite.frag")),
      outline_program_(build_program("fullscreen.vert", "outline.frag")),
      empty_vertex_array_(VertexArray::create()) {}

void Renderer::upload(const scene::Model& model) {
  meshes_.clear();
  meshes_.reserve(model.meshes.size());
  for (const scene::Mesh& mesh : model.meshes) {
    GpuMesh gpu;
    gpu.vertex_array = VertexArray::create();
    gpu.vertices = Buffer::create();
    gpu.indices = Buffer::create();
    gpu.index_count = static_cast<GLsizei>(mesh.indices.size());
    glBindVertexArray(gpu.vertex_array.id());
    glBindBuffer(GL_ARRAY_BUFFER, gpu.vertices.id());
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(mesh.vertices.size() * sizeof(Vertex)),
                 mesh.vertices.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, gpu.indices.id());
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(mesh.indices.size() * sizeof(std::uint32_t)),
                 mesh.indices.data(), GL_STATIC_DRAW);
    const auto offset = [](std::size_t bytes) { return reinterpret_cast<const void*>(bytes); };
    constexpr GLsizei stride = sizeof(Vertex);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, stride, offset(offsetof(Vertex, position)));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, stride, offset(offsetof(Vertex, normal)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, stride, offset(offsetof(Vertex, fibre)));
    glEnableVertexAttribArray(3);
    glVertexAttribIPointer(3, 4, GL_UNSIGNED_SHORT, stride, offset(offsetof(Vertex, joints)));
    glEnableVertexAttribArray(4);
    glVertexAttribPointer(4, 4, GL_FLOAT, GL_FALSE, stride, offset(offsetof(Vertex, weights)));
    glBindVertexArray(0);
    GL_CHECK((void)0);
    meshes_.push_back(std::move(gpu));
  }
}

Renderer::Scene Renderer::prepare(const RenderTarget& target, const scene::Model& model,
                                  const Frame& frame) const {
  Scene scene;
  const glm::ivec2 size = target.size();
  const float aspect = float(size.x) / float(std::max(size.y, 1));
  scene.view = frame.camera.view();
  scene.projection = frame.camera.projection(aspect);
  scene.globals = scene::posed_globals(model, frame.pose);
  scene.skinning = scene::skinning_matrices(model, scene.globals);
  scene.can_skin = !scene.skinning.empty() && int(scene.skinning.size()) <= kMaxJoints;
  scene.styles = frame.styles;
  scene.styles.resize(model.meshes.size());

  for (std::size_t i = 0; i < model.meshes.size() && i < meshes_.size(); ++i) {
    const scene::Mesh& mesh = model.meshes[i];
    const MeshStyle& style = scene.styles[i];
    const float alpha = mesh.material.base_colour.a * style.opacity;
    if (!style.visible || alpha <= 0.003f || mesh.indices.empty()) continue;
    // Where the mesh is this frame (placed by its node, or skinned), from a sample of vertices.
    const glm::mat4 place = (mesh.skinned || mesh.node < 0) ? glm::mat4(1.f) : scene.globals[mesh.node];
    glm::vec3 centre(0.f);
    int samples = 0;
    for (std::size_t v = 0; v < mesh.vertices.size(); v += 97, ++samples)
      centre += mesh.skinned ? scene::skin_position(mesh.vertices[v], scene.skinning)
                             : glm::vec3(place * glm::vec4(mesh.vertices[v].position, 1.f));
    centre /= float(std::max(samples, 1));
    const float depth = -(scene.view * glm::vec4(centre, 1.f)).z;
    (alpha >= 0.999f ? scene.opaque : scene.translucent).push_back({i, alpha, depth});
  }
  // Front to back, so that early depth tests spare shading hidden fragments.
  const auto nearer = [](const Scene::Draw& a, const Scene::Draw& b) { return a.depth < b.depth; };
  std::sort(scene.opaque.begin(), scene.opaque.end(), nearer);
  return scene;
}

void Renderer::set_mesh_uniforms(const Program& program, const Scene& scene,
                                 const scene::Model& model, std::size_t index) const {
  const scene::Mesh& mesh = model.meshes[index];
  const bool skinned = mesh.skinned && scene.can_skin;
  const glm::mat4 place = (mesh.skinned || mesh.node < 0) ? glm::mat4(1.f) : scene.globals[mesh.node];
  set_uniform(program, "u_model", place);
  set_uniform(program, "u_normal_matrix", glm::mat3(glm::transpose(glm::inverse(place))));
  set_uniform(program, "u_skinned", skinned ? 1 : 0);
}

void Renderer::draw_background(const DisplaySettings& display) const {
  glDisable(GL_DEPTH_TEST);
  glDepthMask(GL_FALSE);
  glUseProgram(background_program_.id());
  set_uniform(background_program_, "u_top", display.background_top);
  set_uniform(background_program_, "u_bottom", display.background_bottom);
  glBindVertexArray(empty_vertex_array_.id());
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glDepthMask(GL_TRUE);
}

void Renderer::draw(RenderTarget& target, const scene::Model& model, const Frame& frame) const {
  const Scene scene = prepare(target, model, frame);
  target.bind_for_drawing();
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_BLEND);
  glClearColor(0.f, 0.f, 0.f, 1.f);
  glClearDepth(1.0);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  draw_background(frame.display);

  glUseProgram(mesh_program_.id());
  set_uniform(mesh_program_, "u_view", scene.view);
  set_uniform(mesh_program_, "u_projection", scene.projection);
  set_uniform(mesh_program_, "u_eye", frame.camera.eye());
  set_uniform(mesh_program_, "u_time", frame.time_seconds);
  if (scene.can_skin)
    set_uniform(mesh_program_, "u_joints", scene.skinning.data(), int(scene.skinning.size()));
  const auto draw_mesh = [&](const Scene::Draw& d) {
    const scene::Mesh& mesh = model.meshes[d.mesh];
    const MeshStyle& style = scene.styles[d.mesh];
    set_mesh_uniforms(mesh_program_, scene, model, d.mesh);
    set_uniform(mesh_program_, "u_colour", glm::vec4(glm::vec3(mesh.material.base_colour), d.alpha));
    set_uniform(mesh_program_, "u_roughness", mesh.material.roughness);
    set_uniform(mesh_program_, "u_highlight", glm::vec4(style.highlight_colour, style.highlight));
    set_uniform(mesh_program_, "u_dim", style.dim);
    set_uniform(mesh_program_, "u_lymph_flow", style.lymph_flow ? 1 : 0);
    glBindVertexArray(meshes_[d.mesh].vertex_array.id());
    glDrawElements(GL_TRIANGLES, meshes_[d.mesh].index_count, GL_UNSIGNED_INT, nullptr);
  };

  // Opaque: depth tested and written. Imported meshes are not always closed, so no culling.
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  glDisable(GL_CULL_FACE);
  set_uniform(mesh_program_, "u_translucent", 0);
  for (const Scene::Draw& d : scene.opaque) draw_mesh(d);
  target.resolve();

  if (!scene.translucent.empty()) {
    // Translucent: order-independent, so the skin over the muscles looks the same from any angle
    // with no sorting artefacts. Tested against the opaque depth, never written.
    target.bind_for_translucency();
    glUseProgram(mesh_program_.id());
    set_uniform(mesh_program_, "u_translucent", 1);
    glDepthMask(GL_FALSE);
    glEnable(GL_BLEND);
    // Colour and weights add up; the alpha of the first buffer multiplies the transparencies.
    glBlendFuncSeparate(GL_ONE, GL_ONE, GL_ZERO, GL_ONE_MINUS_SRC_ALPHA);
    for (const Scene::Draw& d : scene.translucent) draw_mesh(d);
    glDepthMask(GL_TRUE);

    target.bind_resolved();
    glDisable(GL_DEPTH_TEST);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(composite_program_.id());
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, target.translucency_colour_texture());
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, target.translucency_weight_texture());
    set_uniform(composite_program_, "u_accumulated", 0);
    set_uniform(composite_program_, "u_weights", 1);
    glBindVertexArray(empty_vertex_array_.id());
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glActiveTexture(GL_TEXTURE0);
    glDisable(GL_BLEND);
  }
  draw_outlines(target, model, frame, scene);
  glBindVertexArray(0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  GL_CHECK((void)0);
}

void Renderer::draw_outlines(RenderTarget& target, const scene::Model& model, const Frame& frame,
                             const Scene& scene) const {
  // One slot per distinct highlight colour, so that groups keep their own outline colour.
  std::map<std::tuple<float, float, float>, int> slots;
  std::vector<glm::vec3> slot_colours(8, glm::vec3(1.f));
  std::vector<std::pair<std::size_t, int>> outlined;
  for (std::size_t i = 0; i < scene.styles.size() && i < meshes_.size(); ++i) {
    const MeshStyle& style = scene.styles[i];
    if (!style.visible || style.highlight <= 0.f) continue;
    const glm::vec3 c = style.highlight_colour;
    auto [slot, added] = slots.emplace(std::make_tuple(c.r, c.g, c.b), int(slots.size()) + 1);
    if (slot->second > 7) continue;
    slot_colours[slot->second] = c;
    outlined.emplace_back(i, slot->second);
  }
  if (outlined.empty()) return;

  // The mask: every highlighted mesh, whole, whatever hides it (the x-ray).
  target.bind_mask();
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_BLEND);
  glUseProgram(id_program_.id());
  set_uniform(id_program_, "u_view", scene.view);
  set_uniform(id_program_, "u_projection", scene.projection);
  if (scene.can_skin)
    set_uniform(id_program_, "u_joints", scene.skinning.data(), int(scene.skinning.size()));
  for (const auto& [mesh, slot] : outlined) {
    set_mesh_uniforms(id_program_, scene, model, mesh);
    set_uniform(id_program_, "u_id", glm::vec4(float(slot) / 255.f, 0.f, 0.f, 1.f));
    glBindVertexArray(meshes_[mesh].vertex_array.id());
    glDrawElements(GL_TRIANGLES, meshes_[mesh].index_count, GL_UNSIGNED_INT, nullptr);
  }

  target.bind_resolved();
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  glUseProgram(outline_program_.id());
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, target.mask_texture());
  set_uniform(outline_program_, "u_mask", 0);
  set_uniform(outline_program_, "u_radius", std::max(frame.display.outline_px, 1.f));
  // The outline breathes with the same pulse as the highlight, never fading below 70%.
  const float pulse = 0.5f + 0.5f * std::sin(frame.time_seconds * 6.2831853f / 1.6f);
  set_uniform(outline_program_, "u_strength", 0.7f + 0.3f * pulse);
  glUniform3fv(glGetUniformLocation(outline_program_.id(), "u_slot_colours"), 8, &slot_colours[0].x);
  glBindVertexArray(empty_vertex_array_.id());
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glDisable(GL_BLEND);
}

std::optional<std::size_t> Renderer::pick(RenderTarget& target, const scene::Model& model,
                                          const Frame& frame, glm::ivec2 pixel) const {
  const Scene scene = prepare(target, model, frame);
  target.bind_pick();
  // Only the pixel asked about is rasterised.
  glEnable(GL_SCISSOR_TEST);
  glScissor(pixel.x, target.size().y - 1 - pixel.y, 1, 1);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  glDisable(GL_BLEND);
  glUseProgram(id_program_.id());
  set_uniform(id_program_, "u_view", scene.view);
  set_uniform(id_program_, "u_projection", scene.projection);
  if (scene.can_skin)
    set_uniform(id_program_, "u_joints", scene.skinning.data(), int(scene.skinning.size()));
  const auto draw_id = [&](const Scene::Draw& d) {
    if (d.alpha < 0.5f || !scene.styles[d.mesh].pickable) return;  // seen through
    set_mesh_uniforms(id_program_, scene, model, d.mesh);
    const std::size_t id = d.mesh + 1;
    set_uniform(id_program_, "u_id", glm::vec4(float(id & 0xff) / 255.f, float((id >> 8) & 0xff) / 255.f,
                                               float((id >> 16) & 0xff) / 255.f, 1.f));
    glBindVertexArray(meshes_[d.mesh].vertex_array.id());
    glDrawElements(GL_TRIANGLES, meshes_[d.mesh].index_count, GL_UNSIGNED_INT, nullptr);
  };
  for (const Scene::Draw& d : scene.opaque) draw_id(d);
  for (const Scene::Draw& d : scene.translucent) draw_id(d);
  glDisable(GL_SCISSOR_TEST);
  const glm::u8vec4 value = target.read_pick(pixel);
  glBindVertexArray(0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  GL_CHECK((void)0);
  const std::size_t id = std::size_t(value.r) | (std::size_t(value.g) << 8) | (std::size_t(value.b) << 16);
  if (id == 0 || id > model.meshes.size()) return std::nullopt;
  return id - 1;
}

}  // namespace kneeviz::render
