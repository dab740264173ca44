#pragma once
// How one mesh is shown in a frame: data the region view produces and the renderer consumes.

#include <glm/glm.hpp>

namespace kneeviz::scene {

struct MeshStyle {
  bool visible = true;
  float opacity = 1.f;  // multiplies the material's alpha; below 1 the mesh is drawn translucent
  // Highlighting: tinted toward `highlight_colour`, glowing in a slow pulse, and outlined (and
  // filled through the skin) in that colour where it lies on the side the camera sees.
  // 0: not highlighted.
  float highlight = 0.f;
  glm::vec3 highlight_colour{1.f};
  float dim = 0.f;          // 0..1: fade back, as when other structures are highlighted
  bool lymph_flow = false;  // show lymph flowing up the vessels toward the nodes
  bool pickable = true;     // picking may stop on it (picking skips hidden and faint meshes anyway)
  bool dented = false;      // the frame's skin dents (render::Frame::dents) press into it
  // The skin over everything: highlighted structures under it are filled in their colour through
  // it, and it never hides them from the highlight.
  bool envelope = false;
  // Hides highlighted structures that lie behind it from the highlight; not the skin, nor the fine
  // lymph vessels and nodes on the muscles, which would cut the fill into strips.
  bool occludes = true;
};

}  // namespace kneeviz::scene
