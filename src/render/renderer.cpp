#include "render/renderer.h"

#include <algorithm>
#include <cstddef>
#include <numeric>

#include "render/shader.h"

namespace kneeviz::render {

using scene::Vertex;

Renderer::Renderer()
    : mesh_program_(build_program("mesh.vert", "mesh.frag")),
      background_program_(build_program("background.vert", "background.frag")),
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
  target.bind_for_drawing();
  const glm::ivec2 size = target.size();
  const float aspect = float(size.x) / float(std::max(size.y, 1));
  glDisable(GL_SCISSOR_TEST);
  glClearColor(0.f, 0.f, 0.f, 1.f);
  glClearDepth(1.0);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  draw_background(frame.display);

  const std::vector<glm::mat4> globals = scene::posed_globals(model, frame.pose);
  std::vector<glm::mat4> skinning = scene::skinning_matrices(model, globals);
  const bool can_skin = !skinning.empty() && int(skinning.size()) <= kMaxJoints;

  const glm::mat4 view = frame.camera.view();
  const glm::mat4 projection = frame.camera.projection(aspect);
  glUseProgram(mesh_program_.id());
  set_uniform(mesh_program_, "u_view", view);
  set_uniform(mesh_program_, "u_projection", projection);
  set_uniform(mesh_program_, "u_eye", frame.camera.eye());
  if (can_skin) set_uniform(mesh_program_, "u_joints", skinning.data(), int(skinning.size()));

  struct Draw {
    std::size_t mesh;
    float alpha;
    float depth;  // view-space distance of the mesh's centre, for back-to-front order
  };
  std::vector<Draw> opaque, translucent;
  for (std::size_t i = 0; i < model.meshes.size() && i < meshes_.size(); ++i) {
    const scene::Mesh& mesh = model.meshes[i];
    const MeshStyle style = i < frame.styles.size() ? frame.styles[i] : MeshStyle{};
    const float alpha = mesh.material.base_colour.a * style.opacity;
    if (!style.visible || alpha <= 0.003f || mesh.indices.empty()) continue;
    // Where the mesh is this frame (placed by its node, or skinned), from a sample of vertices.
    const glm::mat4 place = (mesh.skinned || mesh.node < 0) ? glm::mat4(1.f) : globals[mesh.node];
    glm::vec3 centre(0.f);
    int samples = 0;
    for (std::size_t v = 0; v < mesh.vertices.size(); v += 97, ++samples)
      centre += mesh.skinned ? scene::skin_position(mesh.vertices[v], skinning)
                             : glm::vec3(place * glm::vec4(mesh.vertices[v].position, 1.f));
    centre /= float(std::max(samples, 1));
    const float depth = -(view * glm::vec4(centre, 1.f)).z;
    (alpha >= 0.999f ? opaque : translucent).push_back({i, alpha, depth});
  }
  // Opaque front to back, so that early depth tests spare shading hidden fragments; translucent
  // back to front, so that blending composes correctly.
  std::sort(opaque.begin(), opaque.end(), [](const Draw& a, const Draw& b) { return a.depth < b.depth; });
  std::sort(translucent.begin(), translucent.end(),
            [](const Draw& a, const Draw& b) { return a.depth > b.depth; });

  const auto draw_mesh = [&](const Draw& d) {
    const scene::Mesh& mesh = model.meshes[d.mesh];
    const bool skinned = mesh.skinned && can_skin;
    const glm::mat4 place = (mesh.skinned || mesh.node < 0) ? glm::mat4(1.f) : globals[mesh.node];
    set_uniform(mesh_program_, "u_model", place);
    set_uniform(mesh_program_, "u_normal_matrix", glm::mat3(glm::transpose(glm::inverse(place))));
    set_uniform(mesh_program_, "u_skinned", skinned ? 1 : 0);
    set_uniform(mesh_program_, "u_colour", glm::vec4(glm::vec3(mesh.material.base_colour), d.alpha));
    set_uniform(mesh_program_, "u_roughness", mesh.material.roughness);
    glBindVertexArray(meshes_[d.mesh].vertex_array.id());
    glDrawElements(GL_TRIANGLES, meshes_[d.mesh].index_count, GL_UNSIGNED_INT, nullptr);
  };

  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  glEnable(GL_CULL_FACE);
  glCullFace(GL_BACK);
  glDisable(GL_BLEND);
  // Imported meshes are not always closed, so back faces are culled only for translucent passes.
  glDisable(GL_CULL_FACE);
  for (const Draw& d : opaque) draw_mesh(d);

  if (!translucent.empty()) {
    // Back faces then front faces of each translucent mesh, without writing depth, so that a
    // closed surface blends its far side under its near side.
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDepthMask(GL_FALSE);
    glEnable(GL_CULL_FACE);
    for (const Draw& d : translucent) {
      glCullFace(GL_FRONT);
      draw_mesh(d);
      glCullFace(GL_BACK);
      draw_mesh(d);
    }
    glDepthMask(GL_TRUE);
    glDisable(GL_BLEND);
    glDisable(GL_CULL_FACE);
  }
  glBindVertexArray(0);
  GL_CHECK((void)0);
}

}  // namespace kneeviz::render
