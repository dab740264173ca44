#include "render/renderer.h"

#include <meshoptimizer.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <tuple>

#include "render/shader.h"
#include "scene/enclosure.h"

namespace kneeviz::render {

using scene::Vertex;

struct Renderer::Scene {
  glm::mat4 view{1.f}, projection{1.f};
  const scene::PosedModel* posed = nullptr;  // the frame's model, posed and placed in the room
  const std::vector<glm::mat4>& globals() const { return posed->placed_globals(); }
  const std::vector<glm::mat4>& skinning() const { return posed->placed_skinning(); }
  bool can_skin = false;
  struct Draw {
    std::size_t mesh;
    float alpha;
    float depth;  // view-space distance of the mesh's nearest (sampled) point
  };
  std::vector<Draw> opaque, translucent;
  std::vector<MeshStyle> styles;  // one per mesh
  // Meshes an opaque, closed envelope (the skin) hides from this camera: not drawn in colour.
  // They still hide highlighted structures in the mask.
  std::vector<bool> enveloped;
};

Renderer::Renderer()
    : mesh_program_(build_program("mesh.vert", "mesh.frag")),
      id_program_(build_program("mesh.vert", "id.frag")),
      background_program_(build_program("fullscreen.vert", "background.frag")),
      composite_program_(build_program("fullscreen.vert", "composite.frag")),
      outline_rows_program_(build_program("fullscreen.vert", "outline_rows.frag")),
      outline_program_(build_program("fullscreen.vert", "outline.frag")),
      empty_vertex_array_(VertexArray::create()) {}

namespace {

// Whether a mesh drawn so hides the highlighted structures behind it: solid tissue that is neither
// peeled back for them (the skin, the lymphatics), nor highlighted itself, nor faint.
bool hides_highlights(const MeshStyle& style, float alpha) {
  return style.occludes && style.highlight <= 0.f && alpha >= 0.5f;
}

// sRGB to linear light, as mesh.frag lit colours before it took them ready made.
glm::vec3 to_linear(glm::vec3 srgb) {
  return glm::pow(glm::max(srgb, glm::vec3(0.f)), glm::vec3(2.2f));
}

// The key light's specular exponent for a material's roughness (0 mirror-like .. 1 matte).
float shininess(float roughness) {
  return std::clamp(2.f / std::pow(std::max(roughness, 0.05f), 4.f) - 2.f, 4.f, 256.f);
}

// A highlight's slow glow at `seconds`, 0..1 over 1.6 s: the fill and the outline breathe with it.
float highlight_pulse(float seconds) {
  return 0.5f + 0.5f * std::sin(seconds * 6.2831853f / 1.6f);
}

struct GpuMeshBuffers {
  GLuint vertex_array, vertices, indices;
};

// Names a mesh's vertex array and buffers for GL debuggers ("mesh Vastus_medialis: vertices").
void label_mesh(GpuMeshBuffers gpu, const std::string& name) {
  label_object(GL_VERTEX_ARRAY, gpu.vertex_array, (name + ": vertex array").c_str());
  label_object(GL_BUFFER, gpu.vertices, (name + ": vertices").c_str());
  label_object(GL_BUFFER, gpu.indices, (name + ": indices").c_str());
}

// Binds `gpu`'s buffers to its vertex array with kneeviz's vertex layout and fills them: the
// mesh's indices, then `more` (a simplified version of its triangles) after them.
void fill_mesh_buffers(GpuMeshBuffers gpu, const scene::Mesh& mesh, GLenum usage,
                       std::span<const std::uint32_t> more = {}) {
  glBindVertexArray(gpu.vertex_array);
  glBindBuffer(GL_ARRAY_BUFFER, gpu.vertices);
  glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(mesh.vertices.size() * sizeof(Vertex)), mesh.vertices.data(),
               usage);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, gpu.indices);
  const GLsizeiptr full = GLsizeiptr(mesh.indices.size() * sizeof(std::uint32_t));
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, full + GLsizeiptr(more.size_bytes()), nullptr, usage);
  if (full > 0) glBufferSubData(GL_ELEMENT_ARRAY_BUFFER, 0, full, mesh.indices.data());
  if (!more.empty())
    glBufferSubData(GL_ELEMENT_ARRAY_BUFFER, full, GLsizeiptr(more.size_bytes()), more.data());
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
}

}  // namespace

std::vector<std::uint32_t> simplified_indices(const scene::Mesh& mesh, float share) {
  const std::size_t triangles = mesh.indices.size() / 3;
  if (triangles < kSimplifyFromTriangles || mesh.vertices.empty()) return {};
  std::vector<std::uint32_t> out(mesh.indices.size());
  const std::size_t target = std::size_t(float(triangles) * share) * 3;
  out.resize(meshopt_simplify(out.data(), mesh.indices.data(), mesh.indices.size(),
                              &mesh.vertices[0].position.x, mesh.vertices.size(), sizeof(Vertex), target,
                              kSimplifyError, 0, nullptr));
  // Worth a second version only when it saves a good part of the work.
  if (out.size() > mesh.indices.size() * 3 / 4) return {};
  return out;
}

void Renderer::draw_triangles(const GpuMesh& gpu, bool simplified) {
  if (simplified && gpu.simplified_count > 0)
    glDrawElements(GL_TRIANGLES, gpu.simplified_count, GL_UNSIGNED_INT,
                   reinterpret_cast<const void*>(std::size_t(gpu.index_count) * sizeof(std::uint32_t)));
  else
    glDrawElements(GL_TRIANGLES, gpu.index_count, GL_UNSIGNED_INT, nullptr);
}

void Renderer::upload(const scene::Model& model, Simplified wanted) {
  Pass pass("upload the model");
  meshes_.clear();
  enclosed_.clear();
  meshes_.reserve(model.meshes.size());
  for (const scene::Mesh& mesh : model.meshes) {
    GpuMesh gpu;
    gpu.vertex_array = VertexArray::create();
    gpu.vertices = Buffer::create();
    gpu.indices = Buffer::create();
    gpu.index_count = static_cast<GLsizei>(mesh.indices.size());
    gpu.cull_back_faces = scene::encloses_volume(mesh);
    for (const Vertex& v : mesh.vertices) gpu.bind_bounds.extend(v.position);
    const std::vector<std::uint32_t> simplified =
        wanted == Simplified::make ? simplified_indices(mesh) : std::vector<std::uint32_t>{};
    gpu.simplified_count = static_cast<GLsizei>(simplified.size());
    fill_mesh_buffers({gpu.vertex_array.id(), gpu.vertices.id(), gpu.indices.id()}, mesh, GL_STATIC_DRAW,
                      simplified);
    label_mesh({gpu.vertex_array.id(), gpu.vertices.id(), gpu.indices.id()}, "mesh " + mesh.name);
    meshes_.push_back(std::move(gpu));
  }
  pass.end();
}

void Renderer::upload_props(std::span<const scene::Mesh> props, bool simplified) const {
  const std::size_t labelled = props_.size();
  prop_triangles_.resize(std::max(prop_triangles_.size(), props.size()));
  while (props_.size() < props.size()) {
    GpuMesh gpu;
    gpu.vertex_array = VertexArray::create();
    gpu.vertices = Buffer::create();
    gpu.indices = Buffer::create();
    gpu.cull_back_faces = true;  // props are closed meshes
    props_.push_back(std::move(gpu));
  }
  for (std::size_t i = 0; i < props.size(); ++i) {
    GpuMesh& gpu = props_[i];
    PropTriangles& known = prop_triangles_[i];
    if (known.indices != props[i].indices) known = {.indices = props[i].indices};
    if (simplified && !known.simplified_made) {
      known.simplified = simplified_indices(props[i], kSimplifiedPropShare);
      known.simplified_made = true;
    }
    const std::span<const std::uint32_t> more =
        simplified ? std::span<const std::uint32_t>(known.simplified) : std::span<const std::uint32_t>();
    gpu.index_count = static_cast<GLsizei>(props[i].indices.size());
    gpu.simplified_count = static_cast<GLsizei>(more.size());
    fill_mesh_buffers({gpu.vertex_array.id(), gpu.vertices.id(), gpu.indices.id()}, props[i], GL_STREAM_DRAW,
                      more);
    if (i >= labelled)  // bound once now, so they exist
      label_mesh({gpu.vertex_array.id(), gpu.vertices.id(), gpu.indices.id()}, "prop " + std::to_string(i));
  }
}

void Renderer::set_dent_uniforms(const Scene& scene, const Frame& frame, std::size_t mesh) const {
  const bool dented = mesh < scene.styles.size() && scene.styles[mesh].dented;
  const int count = dented ? int(std::min<std::size_t>(frame.dents.size(), scene::kMaxSkinDents)) : 0;
  set_uniform(mesh_program_, "u_dent_count", count);
  if (count == 0) return;
  std::vector<glm::vec3> centre, normal, across, along, shift;
  std::vector<glm::vec2> half;
  std::vector<float> depth;
  for (int i = 0; i < count; ++i) {
    const scene::SkinDent& d = frame.dents[std::size_t(i)];
    centre.push_back(d.centre);
    normal.push_back(d.normal);
    across.push_back(d.across);
    along.push_back(d.along);
    shift.push_back(d.shift);
    half.push_back(d.half_size);
    depth.push_back(d.depth);
  }
  set_uniform(mesh_program_, "u_dent_centre", std::span<const glm::vec3>(centre));
  set_uniform(mesh_program_, "u_dent_normal", std::span<const glm::vec3>(normal));
  set_uniform(mesh_program_, "u_dent_across", std::span<const glm::vec3>(across));
  set_uniform(mesh_program_, "u_dent_along", std::span<const glm::vec3>(along));
  set_uniform(mesh_program_, "u_dent_shift", std::span<const glm::vec3>(shift));
  set_uniform(mesh_program_, "u_dent_half_size", std::span<const glm::vec2>(half));
  set_uniform(mesh_program_, "u_dent_depth", std::span<const float>(depth));
}

Renderer::Scene Renderer::prepare(const RenderTarget& target, const scene::PosedModel& posed,
                                  const Frame& frame) const {
  const scene::Model& model = posed.model();
  Scene scene;
  const glm::ivec2 size = target.size();
  const float aspect = float(size.x) / float(std::max(size.y, 1));
  scene.view = frame.camera.view();
  scene.projection = frame.camera.projection(aspect);
  scene.posed = &posed;
  scene.can_skin = !scene.skinning().empty() && int(scene.skinning().size()) <= kMaxJoints;
  scene.styles = frame.styles;
  scene.styles.resize(model.meshes.size());

  for (std::size_t i = 0; i < model.meshes.size() && i < meshes_.size(); ++i) {
    const scene::Mesh& mesh = model.meshes[i];
    const MeshStyle& style = scene.styles[i];
    const float alpha = mesh.material.base_colour.a * style.opacity;
    if (!style.visible || alpha <= 0.003f || mesh.indices.empty()) continue;
    // How near the mesh comes to the eye this frame (placed by its node, or skinned), from a
    // sample of its vertices: a mesh wrapped around others (the skin around the muscles, a muscle
    // around its bone) comes nearer than they do, and so is drawn before them.
    const glm::mat4 place = (mesh.skinned || mesh.node < 0) ? glm::mat4(1.f) : scene.globals()[mesh.node];
    float nearest = std::numeric_limits<float>::max();
    for (std::size_t v = 0; v < mesh.vertices.size(); v += 97) {
      const glm::vec3 p = mesh.skinned ? scene::skin_position(mesh.vertices[v], scene.skinning())
                                       : glm::vec3(place * glm::vec4(mesh.vertices[v].position, 1.f));
      nearest = std::min(nearest, -(scene.view * glm::vec4(p, 1.f)).z);
    }
    (alpha >= 0.999f ? scene.opaque : scene.translucent).push_back({i, alpha, nearest});
  }
  // Front to back, so that early depth tests spare shading hidden fragments.
  const auto nearer = [](const Scene::Draw& a, const Scene::Draw& b) { return a.depth < b.depth; };
  std::sort(scene.opaque.begin(), scene.opaque.end(), nearer);

  // What an opaque, closed envelope holds is hidden from any eye outside it: the muscles and bones
  // under an opaque skin, most of the triangles of the leg. The eye is outside when the whole of
  // the envelope lies in front of the near plane (which then cuts no hole in it either), and
  // nothing shows through a dent pressed into it.
  scene.enveloped.assign(model.meshes.size(), false);
  for (const Scene::Draw& d : scene.opaque) {
    const MeshStyle& style = scene.styles[d.mesh];
    if (!style.envelope || !meshes_[d.mesh].cull_back_faces || (style.dented && !frame.dents.empty()) ||
        !in_front_of_near_plane(model, scene, d.mesh))
      continue;
    auto known = enclosed_.find(d.mesh);
    if (known == enclosed_.end())
      known = enclosed_.emplace(d.mesh, scene::enclosed_by(model, d.mesh, kEnclosedMarginM)).first;
    for (std::size_t i = 0; i < known->second.size(); ++i)
      if (known->second[i]) scene.enveloped[i] = true;
  }
  return scene;
}

std::vector<glm::vec4> Renderer::clip_corners(const scene::Model& model, const Scene& scene,
                                              std::size_t mesh) const {
  const scene::Bounds& box = meshes_[mesh].bind_bounds;
  if (box.empty()) return {};
  const scene::Mesh& m = model.meshes[mesh];
  std::vector<glm::mat4> moves;
  if (m.skinned && scene.can_skin)
    moves = scene.skinning();
  else
    moves.push_back((m.skinned || m.node < 0) ? glm::mat4(1.f) : scene.globals()[std::size_t(m.node)]);
  const glm::mat4 view_projection = scene.projection * scene.view;
  std::vector<glm::vec4> corners;
  corners.reserve(moves.size() * 8);
  for (const glm::mat4& move : moves)
    for (int corner = 0; corner < 8; ++corner) {
      const glm::vec3 p((corner & 1) ? box.max.x : box.min.x, (corner & 2) ? box.max.y : box.min.y,
                        (corner & 4) ? box.max.z : box.min.z);
      corners.push_back(view_projection * move * glm::vec4(p, 1.f));
    }
  return corners;
}

bool Renderer::in_front_of_near_plane(const scene::Model& model, const Scene& scene, std::size_t mesh) const {
  // The near plane's side is a half-space: if the corners are in front (z > -w in clip space, with
  // a margin), so is all of the hull.
  const std::vector<glm::vec4> corners = clip_corners(model, scene, mesh);
  return !corners.empty() && std::ranges::all_of(corners, [](const glm::vec4& clip) {
    return clip.w > 0.f && clip.z > -0.999f * clip.w;
  });
}

void Renderer::set_mesh_uniforms(const Program& program, const Scene& scene, const scene::Model& model,
                                 std::size_t index) const {
  const scene::Mesh& mesh = model.meshes[index];
  const bool skinned = mesh.skinned && scene.can_skin;
  const glm::mat4 place = (mesh.skinned || mesh.node < 0) ? glm::mat4(1.f) : scene.globals()[mesh.node];
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

void Renderer::draw(RenderTarget& target, const scene::PosedModel& posed, const Frame& frame) const {
  const scene::Model& model = posed.model();
  const Scene scene = prepare(target, posed, frame);
  Pass background("background");
  target.bind_for_drawing();
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_BLEND);
  glClearColor(0.f, 0.f, 0.f, 1.f);
  glClearDepth(1.0);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  draw_background(frame.display);
  background.end();

  glUseProgram(mesh_program_.id());
  set_uniform(mesh_program_, "u_view", scene.view);
  set_uniform(mesh_program_, "u_projection", scene.projection);
  set_uniform(mesh_program_, "u_eye", frame.camera.eye());
  set_uniform(mesh_program_, "u_time", frame.time_seconds);
  // The lights follow the camera: their directions (toward each light) from the camera's into the
  // world's axes, and the highlight's glow, once a frame.
  const glm::mat3 view_to_world = glm::transpose(glm::mat3(scene.view));
  set_uniform(mesh_program_, "u_key_dir", glm::normalize(view_to_world * glm::vec3(-0.45f, 0.65f, 0.62f)));
  set_uniform(mesh_program_, "u_fill_dir", glm::normalize(view_to_world * glm::vec3(0.7f, 0.05f, 0.55f)));
  set_uniform(mesh_program_, "u_rim_dir", glm::normalize(view_to_world * glm::vec3(0.1f, 0.35f, -0.93f)));
  set_uniform(mesh_program_, "u_pulse", highlight_pulse(frame.time_seconds));
  // A surface's colour (sRGB, alpha the opacity) and roughness, as the shader takes them.
  const auto set_surface = [&](const glm::vec4& srgb, float roughness) {
    set_uniform(mesh_program_, "u_albedo", glm::vec4(to_linear(glm::vec3(srgb)), srgb.a));
    set_uniform(mesh_program_, "u_shininess", shininess(roughness));
  };
  if (scene.can_skin)
    set_uniform(mesh_program_, "u_joints", scene.skinning().data(), int(scene.skinning().size()));
  bool cull = true;  // opaque meshes that enclose a volume; every face of a translucent one shows
  const auto draw_mesh = [&](const Scene::Draw& d) {
    const scene::Mesh& mesh = model.meshes[d.mesh];
    const MeshStyle& style = scene.styles[d.mesh];
    set_mesh_uniforms(mesh_program_, scene, model, d.mesh);
    set_surface(glm::vec4(glm::vec3(mesh.material.base_colour), d.alpha), mesh.material.roughness);
    set_uniform(mesh_program_, "u_highlight", glm::vec4(to_linear(style.highlight_colour), style.highlight));
    set_uniform(mesh_program_, "u_dim", style.dim);
    set_uniform(mesh_program_, "u_lymph_flow", style.lymph_flow ? 1 : 0);
    // The fibres' streaks are left out of the cheaper frame drawn while the view moves.
    set_uniform(mesh_program_, "u_fibres",
                frame.display.fibres && mesh.has_fibres && !frame.simplified ? 1 : 0);
    set_uniform(mesh_program_, "u_fibre_origin", meshes_[d.mesh].bind_bounds.centre());
    set_dent_uniforms(scene, frame, d.mesh);
    if (meshes_[d.mesh].cull_back_faces && cull)
      glEnable(GL_CULL_FACE);
    else
      glDisable(GL_CULL_FACE);
    glBindVertexArray(meshes_[d.mesh].vertex_array.id());
    draw_triangles(meshes_[d.mesh], frame.simplified);
  };

  // Props (the hands) are in the room already, rigid, plain: no skinning, highlight or dents.
  const auto use_prop_uniforms = [&] {
    set_uniform(mesh_program_, "u_model", glm::mat4(1.f));
    set_uniform(mesh_program_, "u_normal_matrix", glm::mat3(1.f));
    set_uniform(mesh_program_, "u_skinned", 0);
    set_uniform(mesh_program_, "u_highlight", glm::vec4(0.f));
    set_uniform(mesh_program_, "u_dim", 0.f);
    set_uniform(mesh_program_, "u_lymph_flow", 0);
    set_uniform(mesh_program_, "u_fibres", 0);
    set_uniform(mesh_program_, "u_dent_count", 0);
  };

  // Opaque: depth tested and written. Back faces are skipped where a mesh encloses a volume (its
  // inside is never seen); imported meshes are not always closed, and those keep both sides.
  Pass opaque("opaque meshes");
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  glFrontFace(GL_CCW);
  glCullFace(GL_BACK);
  set_uniform(mesh_program_, "u_translucent", 0);
  for (const Scene::Draw& d : scene.opaque)
    if (!scene.enveloped[d.mesh]) draw_mesh(d);
  opaque.end();
  if (!frame.props.empty()) {
    Pass props("props");
    {
      Pass upload("upload props");
      upload_props(frame.props, frame.simplified);
      upload.end();
    }
    glUseProgram(mesh_program_.id());
    use_prop_uniforms();
    glEnable(GL_CULL_FACE);
    for (std::size_t i = std::min(frame.ghost_props, frame.props.size()); i < frame.props.size(); ++i) {
      const scene::Material& material = frame.props[i].material;
      const glm::vec3 colour = frame.display.bare_hands ? kBareHandColour : glm::vec3(material.base_colour);
      set_surface(glm::vec4(colour, 1.f), material.roughness);
      glBindVertexArray(props_[i].vertex_array.id());
      draw_triangles(props_[i], frame.simplified);
    }
    // The contour: the hands' back faces pushed out a little and drawn dark; only the rim around
    // their silhouette stays in front of what lies behind.
    const std::size_t contoured = std::min(frame.contoured_props, frame.props.size());
    if (contoured > 0) {
      glCullFace(GL_FRONT);
      set_uniform(mesh_program_, "u_inflate", kContourWidthM);
      set_surface(glm::vec4(kContourColour, 1.f), 1.f);
      for (std::size_t i = std::min(frame.ghost_props, contoured); i < contoured; ++i) {
        glBindVertexArray(props_[i].vertex_array.id());
        draw_triangles(props_[i], frame.simplified);
      }
      set_uniform(mesh_program_, "u_inflate", 0.f);
      glCullFace(GL_BACK);
    }
    props.end();
  }
  glDisable(GL_CULL_FACE);
  cull = false;
  target.resolve();

  const std::size_t ghosts = std::min(frame.ghost_props, frame.props.size());
  if (!scene.translucent.empty() || ghosts > 0) {
    // Translucent: order-independent, so the skin over the muscles looks the same from any angle
    // with no sorting artefacts. Tested against the opaque depth, never written.
    Pass translucent("translucent meshes");
    target.bind_for_translucency();
    glUseProgram(mesh_program_.id());
    set_uniform(mesh_program_, "u_translucent", 1);
    glDepthMask(GL_FALSE);
    glEnable(GL_BLEND);
    // Colour and weights add up; the alpha of the first buffer multiplies the transparencies.
    glBlendFuncSeparate(GL_ONE, GL_ONE, GL_ZERO, GL_ONE_MINUS_SRC_ALPHA);
    for (const Scene::Draw& d : scene.translucent)
      if (!scene.enveloped[d.mesh]) draw_mesh(d);
    if (ghosts > 0) {
      use_prop_uniforms();
      glEnable(GL_CULL_FACE);  // closed meshes: their near side only, so a ghost is one layer thick
      for (std::size_t i = 0; i < ghosts; ++i) {
        const scene::Material& material = frame.props[i].material;
        const glm::vec3 colour = frame.display.bare_hands ? kBareHandColour : glm::vec3(material.base_colour);
        set_surface(glm::vec4(colour, frame.ghost_alpha), material.roughness);
        glBindVertexArray(props_[i].vertex_array.id());
        draw_triangles(props_[i], frame.simplified);
      }
      glDisable(GL_CULL_FACE);
    }
    glDepthMask(GL_TRUE);
    translucent.end();

    Pass composite("composite");
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
    composite.end();
  }
  Pass highlights("highlights");
  draw_highlights(target, model, frame, scene);
  glBindVertexArray(0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  highlights.end();
}

void Renderer::use_id_program(const Scene& scene) const {
  // Depth tested, unblended, flat identifiers; no dents (only the skin takes them, never drawn here).
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  glDisable(GL_BLEND);
  glUseProgram(id_program_.id());
  set_uniform(id_program_, "u_view", scene.view);
  set_uniform(id_program_, "u_projection", scene.projection);
  set_uniform(id_program_, "u_dent_count", 0);
  if (scene.can_skin)
    set_uniform(id_program_, "u_joints", scene.skinning().data(), int(scene.skinning().size()));
}

void Renderer::draw_highlights(RenderTarget& target, const scene::Model& model, const Frame& frame,
                               const Scene& scene) const {
  // One slot per distinct highlight colour, so that groups keep their own colour.
  std::map<std::tuple<float, float, float>, int> slots;
  std::vector<glm::vec3> slot_colours(8, glm::vec3(1.f)), edge_colours(8, glm::vec3(1.f));
  std::vector<std::pair<std::size_t, int>> outlined;
  for (std::size_t i = 0; i < scene.styles.size() && i < meshes_.size(); ++i) {
    const MeshStyle& style = scene.styles[i];
    if (!style.visible || style.highlight <= 0.f) continue;
    const glm::vec3 c = style.highlight_colour;
    auto [slot, added] = slots.emplace(std::make_tuple(c.r, c.g, c.b), int(slots.size()) + 1);
    if (slot->second > 7) continue;
    // Light colours (yellow, sand, pink) are outlined in a darker shade of themselves, or the
    // edge would vanish against the skin.
    const float luminance = glm::dot(glm::pow(c, glm::vec3(2.2f)), glm::vec3(0.2126f, 0.7152f, 0.0722f));
    slot_colours[slot->second] = c;
    edge_colours[slot->second] = luminance > 0.5f ? c * 0.6f : c;
    outlined.emplace_back(i, slot->second);
  }
  if (outlined.empty()) return;

  // The mask and the outline pass (which looks at every pixel's neighbourhood, the costliest pass
  // on a software rasteriser) are kept to where the highlighted meshes can be, grown by the
  // outline's reach.
  const glm::ivec2 size = target.size();
  const int reach = int(std::ceil(std::max(frame.display.outline_px, 1.f))) + 1;
  std::optional<glm::ivec4> region = glm::ivec4(size, 0, 0);  // x0, y0, x1, y1; empty
  for (const auto& [mesh, slot] : outlined) {
    const std::optional<glm::ivec4> part = screen_region(model, scene, mesh, size);
    if (!part) {
      region.reset();
      break;
    }
    *region = glm::ivec4(glm::min(glm::ivec2(*region), glm::ivec2(*part)),
                         glm::max(glm::ivec2(region->z, region->w), glm::ivec2(part->z, part->w)));
  }
  std::optional<glm::ivec4> scissor;  // x, y, width, height
  if (region) {
    const glm::ivec2 lo = glm::clamp(glm::ivec2(*region) - reach, glm::ivec2(0), size);
    const glm::ivec2 hi = glm::clamp(glm::ivec2(region->z, region->w) + reach, glm::ivec2(0), size);
    if (hi.x <= lo.x || hi.y <= lo.y) return;  // all off screen
    scissor = glm::ivec4(lo, hi - lo);
  }

  // The mask: each highlighted mesh where it would be seen with the skin peeled back. Whatever
  // else is solid under the skin (other muscles, bones, the therapist's hands) hides it, so a
  // structure on the far side of the limb marks nothing on the near side.
  //
  // While the view moves (one sample, simplified meshes) the opaque pass's depth is that same
  // hiding surface whenever it holds nothing that is seen through and misses nothing that hides:
  // the mask is then drawn against it, and the hiding meshes are not drawn a second time. (The
  // hands' dark contour is in that depth too: while moving it stays dark over a highlighted muscle
  // rather than tinted, which only helps the hands read.)
  const bool opaque_depth_hides_alone =
      slots.size() <= 7 && std::ranges::none_of(scene.enveloped, [](bool hidden) { return hidden; }) &&
      std::ranges::all_of(scene.opaque,
                          [&](const Scene::Draw& d) {
                            const MeshStyle& style = scene.styles[d.mesh];
                            return style.highlight > 0.f || hides_highlights(style, d.alpha);
                          }) &&
      std::ranges::none_of(scene.translucent, [&](const Scene::Draw& d) {
        return hides_highlights(scene.styles[d.mesh], d.alpha);
      });
  const bool over_scene_depth = frame.simplified && !target.multisampled() && opaque_depth_hides_alone;
  if (over_scene_depth)
    target.bind_mask_over_scene_depth();
  else
    target.bind_mask();  // cleared whole: the outline reads just past the scissor
  if (scissor) {
    glEnable(GL_SCISSOR_TEST);
    glScissor(scissor->x, scissor->y, scissor->z, scissor->w);
  }
  use_id_program(scene);
  const auto draw_gpu_mesh = [&](const GpuMesh& gpu) {
    if (gpu.cull_back_faces)
      glEnable(GL_CULL_FACE);  // the front faces cover all it covers
    else
      glDisable(GL_CULL_FACE);
    glBindVertexArray(gpu.vertex_array.id());
    draw_triangles(gpu, frame.simplified);  // as the picture was drawn, so the depths agree
  };
  float envelope_alpha = 0.f;  // how much the skin hides what lies under it
  for (const auto* list : {&scene.opaque, &scene.translucent})
    for (const Scene::Draw& d : *list)
      if (scene.styles[d.mesh].envelope) envelope_alpha = std::max(envelope_alpha, d.alpha);
  if (!over_scene_depth) {
    Pass occluders("highlight occluders");
    glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
    for (const auto* list : {&scene.opaque, &scene.translucent})
      for (const Scene::Draw& d : *list) {
        if (!hides_highlights(scene.styles[d.mesh], d.alpha)) continue;
        set_mesh_uniforms(id_program_, scene, model, d.mesh);
        draw_gpu_mesh(meshes_[d.mesh]);
      }
    set_uniform(id_program_, "u_model", glm::mat4(1.f));
    set_uniform(id_program_, "u_normal_matrix", glm::mat3(1.f));
    set_uniform(id_program_, "u_skinned", 0);
    // Ghosts are seen through: they hide nothing.
    for (std::size_t i = frame.ghost_props; i < frame.props.size() && i < props_.size(); ++i)
      draw_gpu_mesh(props_[i]);
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    occluders.end();
  } else {
    // The highlighted meshes are in that depth already, drawn by the same vertex shader: where
    // one is the nearest, its depth equals what is there.
    glDepthFunc(GL_LEQUAL);
    glDepthMask(GL_FALSE);
  }
  for (const auto& [mesh, slot] : outlined) {
    set_mesh_uniforms(id_program_, scene, model, mesh);
    // The skin itself, selected, is outlined but not filled: it would flood the whole leg.
    const float unfilled = scene.styles[mesh].envelope ? 1.f : 0.f;
    set_uniform(id_program_, "u_id", glm::vec4(float(slot) / 255.f, unfilled, 0.f, 1.f));
    draw_gpu_mesh(meshes_[mesh]);
  }
  glDepthMask(GL_TRUE);
  glDepthFunc(GL_LESS);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);

  // The outline in two passes: each row's nearest highlighted pixel, then the nearest of those up
  // and down the column. The rows are needed as far above and below the outlined area as the
  // outline reaches.
  Pass outline("highlight outline");
  const float radius = std::max(frame.display.outline_px, 1.f);
  target.bind_outline_rows();
  if (scissor) {
    const int y0 = std::max(scissor->y - reach, 0), y1 = std::min(scissor->y + scissor->w + reach, size.y);
    glScissor(scissor->x, y0, scissor->z, y1 - y0);
  }
  glUseProgram(outline_rows_program_.id());
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, target.mask_texture());
  set_uniform(outline_rows_program_, "u_mask", 0);
  set_uniform(outline_rows_program_, "u_reach", int(std::ceil(radius)));
  glBindVertexArray(empty_vertex_array_.id());
  glDrawArrays(GL_TRIANGLES, 0, 3);
  if (scissor) glScissor(scissor->x, scissor->y, scissor->z, scissor->w);

  target.bind_resolved();
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  glUseProgram(outline_program_.id());
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, target.outline_rows_texture());
  glActiveTexture(GL_TEXTURE0);
  set_uniform(outline_program_, "u_mask", 0);
  set_uniform(outline_program_, "u_rows", 1);
  set_uniform(outline_program_, "u_radius", radius);
  // The outline breathes with the same pulse as the highlight, never fading below 70%.
  const float pulse = highlight_pulse(frame.time_seconds);
  set_uniform(outline_program_, "u_strength", 0.7f + 0.3f * pulse);
  // Under the skin the structure is filled in its colour too: an outline alone is lost from the
  // back of a room. Through a faint skin the structure's own tint shows, and the fill fades with it.
  set_uniform(outline_program_, "u_fill", kHighlightFill * envelope_alpha);
  set_uniform(outline_program_, "u_slot_colours", std::span<const glm::vec3>(slot_colours));
  set_uniform(outline_program_, "u_edge_colours", std::span<const glm::vec3>(edge_colours));
  glBindVertexArray(empty_vertex_array_.id());
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  outline.end();
}

// The pixels (x0, y0, x1, y1; origin bottom left, as glScissor counts) that a mesh can cover this
// frame, or nullopt when part of it may lie behind the eye: within the hull of its corners' images.
std::optional<glm::ivec4> Renderer::screen_region(const scene::Model& model, const Scene& scene,
                                                  std::size_t mesh, glm::ivec2 size) const {
  const std::vector<glm::vec4> corners = clip_corners(model, scene, mesh);
  if (corners.empty()) return glm::ivec4(size, 0, 0);
  glm::vec2 lo(std::numeric_limits<float>::max()), hi(std::numeric_limits<float>::lowest());
  for (const glm::vec4& clip : corners) {
    if (clip.w <= 1e-4f) return std::nullopt;
    const glm::vec2 pixel = (glm::vec2(clip) / clip.w * 0.5f + 0.5f) * glm::vec2(size);
    lo = glm::min(lo, pixel);
    hi = glm::max(hi, pixel);
  }
  lo = glm::clamp(lo, glm::vec2(-1.f), glm::vec2(size) + 1.f);
  hi = glm::clamp(hi, glm::vec2(-1.f), glm::vec2(size) + 1.f);
  return glm::ivec4(glm::floor(lo.x), glm::floor(lo.y), glm::ceil(hi.x), glm::ceil(hi.y));
}

std::optional<std::size_t> Renderer::pick(RenderTarget& target, const scene::PosedModel& posed,
                                          const Frame& frame, glm::ivec2 pixel) const {
  const scene::Model& model = posed.model();
  const Scene scene = prepare(target, posed, frame);
  Pass pass("pick");
  target.bind_pick();
  // Only the pixel asked about is rasterised.
  glEnable(GL_SCISSOR_TEST);
  glScissor(pixel.x, target.size().y - 1 - pixel.y, 1, 1);
  use_id_program(scene);
  const auto draw_id = [&](const Scene::Draw& d) {
    if (d.alpha < 0.5f || !scene.styles[d.mesh].pickable) return;  // seen through
    set_mesh_uniforms(id_program_, scene, model, d.mesh);
    const std::size_t id = d.mesh + 1;
    set_uniform(id_program_, "u_id",
                glm::vec4(float(id & 0xff) / 255.f, float((id >> 8) & 0xff) / 255.f,
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
  pass.end();
  const std::size_t id = std::size_t(value.r) | (std::size_t(value.g) << 8) | (std::size_t(value.b) << 16);
  if (id == 0 || id > model.meshes.size()) return std::nullopt;
  return id - 1;
}

}  // namespace kneeviz::render
