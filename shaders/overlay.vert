#version 330 core
// Overlay triangles (stroke ribbons, arrows, trails, ripples) in world space.
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec4 a_colour;
uniform mat4 u_view;
uniform mat4 u_projection;
uniform vec3 u_eye;
// Metres the overlay is pulled toward the eye so that it wins over the skin it lies on. In world
// space, not in clip depth: a clip-depth bias grows with distance and let a surface 10 cm behind
// the skin win in close-ups.
uniform float u_pull_m;
out vec3 v_normal;
out vec4 v_colour;
out vec3 v_position;
void main() {
  v_normal = a_normal;
  v_colour = a_colour;
  v_position = a_position;
  vec3 pulled = a_position + normalize(u_eye - a_position) * u_pull_m;
  gl_Position = u_projection * u_view * vec4(pulled, 1.0);
}
