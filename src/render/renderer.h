#pragma once
// The 3D renderer: draws a posed model with smooth studio lighting into a RenderTarget.
// Passes: background → opaque meshes (front to back) → resolve → translucent meshes into
// weighted blended order-independent transparency → composite → highlights: each highlighted
// structure filled in its group's colour through the skin and outlined, where it lies on the side
// of the limb the camera sees.

#include <map>
#include <optional>
#include <span>
#include <vector>

#include "render/gl_objects.h"
#include "render/look.h"
#include "render/render_target.h"
#include "scene/camera.h"
#include "scene/mesh_style.h"
#include "scene/model.h"
#include "scene/pose.h"
#include "scene/skin_dent.h"

namespace kneeviz::render {

// How one mesh is shown this frame; indexed like Model::meshes.
using MeshStyle = scene::MeshStyle;

// How a posed model is drawn this frame: through which camera, in which look, with what beside it.
struct Frame {
  const scene::OrbitCamera& camera;
  DisplaySettings display;
  std::vector<MeshStyle> styles;  // empty: every mesh visible and as opaque as its material
  float time_seconds = 0.f;       // drives pulses and flow; fixed for reproducible renders
  // Things beside the anatomy (the therapist's hands, the table): closed, opaque meshes already in
  // the room (where scene::PosedModel::placement() puts the model), drawn as they are, never
  // picked or outlined.
  std::span<const scene::Mesh> props{};
  // Dents the hands press into the meshes whose style is `dented` (the skin), in the room; at
  // most scene::kMaxSkinDents are used.
  std::span<const scene::SkinDent> dents{};
  // The first this many props (the hands) are drawn with a dark contour, so that they read against
  // a highlight fill of their own colour and on any background.
  std::size_t contoured_props = 0;
  // While the view moves on a software renderer: the large meshes drawn from their simplified
  // triangles (Renderer::upload), about a tenth as many, within a few millimetres of the full.
  bool simplified = false;
  // The first this many props are ghosts: drawn faint (ghost_alpha), through the translucent
  // pass, with no contour, hiding nothing (practice mode's reference hands, to follow).
  std::size_t ghost_props = 0;
  float ghost_alpha = 0.4f;
};

// How far inside an opaque envelope a mesh's every vertex must lie for the envelope to hide it.
inline constexpr float kEnclosedMarginM = 0.002f;

// Meshes of this many triangles or more get a simplified version at upload, for Frame::simplified:
// about a tenth of the triangles, or fewer removed where that would move the surface further than
// kSimplifyError of the mesh's size (2 mm on the skin of a 1 m leg). The props (the hands, where
// the eye is while a technique plays) keep a quarter. Exposed for tests.
inline constexpr std::size_t kSimplifyFromTriangles = 1000;
inline constexpr float kSimplifiedShare = 0.1f;
inline constexpr float kSimplifiedPropShare = 0.25f;
inline constexpr float kSimplifyError = 0.002f;
std::vector<std::uint32_t> simplified_indices(const scene::Mesh& mesh, float share = kSimplifiedShare);

class Renderer {
 public:
  // Builds the shader programs; needs a current GL 3.3 context. Throws std::runtime_error when a
  // shader does not build.
  Renderer();

  // Copies the model's meshes to the GPU, replacing any model uploaded before. With
  // `Simplified::make`, large meshes also get their simplified triangles for Frame::simplified
  // (the window and bench, which draw while the view moves); a still or a recording, which never
  // asks for them, skips the work (about 100 ms for the bundled leg).
  enum class Simplified { make, skip };
  void upload(const scene::Model& model, Simplified simplified = Simplified::make);
  // Draws the uploaded model (which must be `posed.model()`), in its pose and place, into the
  // target and resolves it: the image is then ready to read back or blit.
  void draw(RenderTarget& target, const scene::PosedModel& posed, const Frame& frame) const;
  // The mesh whose surface is under `pixel` (origin top left), drawn as in `frame`; nothing over
  // the background. Hidden meshes, and meshes fainter than half opacity, are seen through.
  std::optional<std::size_t> pick(RenderTarget& target, const scene::PosedModel& posed, const Frame& frame,
                                  glm::ivec2 pixel) const;

  // Joints a model may have for GPU skinning; a model with more is drawn unposed.
  static constexpr int kMaxJoints = 48;

 private:
  struct GpuMesh {
    VertexArray vertex_array;
    Buffer vertices, indices;
    GLsizei index_count = 0;
    GLsizei simplified_count = 0;  // the simplified triangles' indices, after the full ones; 0: none
    bool cull_back_faces = false;  // closed and facing out (scene::encloses_volume)
    scene::Bounds bind_bounds;     // of the vertices as stored, before node or skin
  };
  // The mesh's triangles, or its simplified ones when asked and it has them.
  static void draw_triangles(const GpuMesh& gpu, bool simplified);
  struct Scene;  // the frame's matrices and draw lists
  Scene prepare(const RenderTarget& target, const scene::PosedModel& posed, const Frame& frame) const;
  void set_mesh_uniforms(const Program& program, const Scene& scene, const scene::Model& model,
                         std::size_t mesh) const;
  void draw_background(const DisplaySettings& display) const;
  // Binds the identifier program for the frame's matrices (the highlight mask, picking).
  void use_id_program(const Scene& scene) const;
  void draw_highlights(RenderTarget& target, const scene::Model& model, const Frame& frame,
                       const Scene& scene) const;
  // The corners of a mesh's stored box in clip space, moved as its vertices may be this frame: by
  // its node, or by every joint (a skinned vertex is a weighted mean of its joints' moves, so it
  // lies within the hull of the box moved by each; a perspective projection keeps that hull's
  // image within the hull of the corners' images). Empty for an empty mesh.
  std::vector<glm::vec4> clip_corners(const scene::Model& model, const Scene& scene, std::size_t mesh) const;
  // Whether the whole of a mesh, as posed this frame, lies in front of the near plane.
  bool in_front_of_near_plane(const scene::Model& model, const Scene& scene, std::size_t mesh) const;
  std::optional<glm::ivec4> screen_region(const scene::Model& model, const Scene& scene, std::size_t mesh,
                                          glm::ivec2 size) const;

  Program mesh_program_;
  Program id_program_;
  Program background_program_;
  Program composite_program_;
  Program outline_rows_program_;
  Program outline_program_;
  VertexArray empty_vertex_array_;  // core profile needs one bound even for attribute-less draws
  // With `simplified`, large props get their simplified triangles too (after the full ones).
  void upload_props(std::span<const scene::Mesh> props, bool simplified) const;
  void set_dent_uniforms(const Scene& scene, const Frame& frame, std::size_t mesh) const;

  std::vector<GpuMesh> meshes_;
  // Props are streamed anew each frame into buffers kept from frame to frame.
  mutable std::vector<GpuMesh> props_;
  // Each prop's triangles as last uploaded, and their simplified version once a moving frame asked
  // for it: the props move but keep their triangles (a hand in one posture, the table), so each is
  // simplified once rather than every frame.
  struct PropTriangles {
    std::vector<std::uint32_t> indices, simplified;
    bool simplified_made = false;
  };
  mutable std::vector<PropTriangles> prop_triangles_;
  // For each mesh that has been an opaque envelope, the meshes it holds (scene::enclosed_by), found
  // on first need: a few tens of milliseconds for the bundled leg's skin.
  mutable std::map<std::size_t, std::vector<bool>> enclosed_;
};

}  // namespace kneeviz::render
