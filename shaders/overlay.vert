#version 330 core
// Overlay triangles (stroke ribbons, arrows, trails, ripples) in world space.
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec4 a_colour;
uniform mat4 u_view;
uniform mat4 u_projection;
uniform float u_depth_bias;  // fraction of clip depth the overlay is pulled toward the eye
out vec3 v_normal;
out vec4 v_colour;
out vec3 v_position;
void main() {
  v_normal = a_normal;
  v_colour = a_colour;
  v_position = a_position;
  gl_Position = u_projection * u_view * vec4(a_position, 1.0);
  gl_Position.z -= u_depth_bias * gl_Position.w;
}
