#pragma once
// The 3D renderer: draws a posed model with smooth studio lighting into a RenderTarget.
// Opaque meshes first, then translucent ones back to front, over a gradient background.

#include <vector>

#include "render/gl_objects.h"
#include "render/render_target.h"
#include "scene/camera.h"
#include "scene/model.h"
#include "scene/pose.h"

namespace kneeviz::render {

struct DisplaySettings {
  glm::vec3 background_top{0.235f, 0.259f, 0.294f};     // slate, lighter above
  glm::vec3 background_bottom{0.071f, 0.078f, 0.090f};  // near black below: the leg stands out
  int msaa_samples = 4;                                 // 1 turns multisampling off
};

// How one mesh is shown this frame; indexed like Model::meshes.
struct MeshStyle {
  bool visible = true;
  float opacity = 1.f;  // multiplies the material's alpha; below 1 the mesh is drawn translucent
};

struct Frame {
  const scene::OrbitCamera& camera;
  scene::Pose pose;
  DisplaySettings display;
  std::vector<MeshStyle> styles;  // empty: every mesh visible and as opaque as its material
};

class Renderer {
 public:
  // Builds the shader programs; needs a current GL 3.3 context. Throws std::runtime_error when a
  // shader does not build.
  Renderer();

  // Copies the model's meshes to the GPU, replacing any model uploaded before.
  void upload(const scene::Model& model);
  // Draws the uploaded model (which must be `model`) into the target, which stays bound.
  void draw(RenderTarget& target, const scene::Model& model, const Frame& frame) const;

  // Joints a model may have for GPU skinning; a model with more is drawn unposed.
  static constexpr int kMaxJoints = 48;

 private:
  struct GpuMesh {
    VertexArray vertex_array;
    Buffer vertices, indices;
    GLsizei index_count = 0;
  };
  void draw_background(const DisplaySettings& display) const;

  Program mesh_program_;
  Program background_program_;
  VertexArray empty_vertex_array_;  // core profile needs one bound even for attribute-less draws
  std::vector<GpuMesh> meshes_;
};

}  // namespace kneeviz::render
