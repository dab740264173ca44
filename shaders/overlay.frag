#version 330 core
// Overlays are mostly flat colour; a touch of shading keeps a ribbon readable as it turns.
in vec3 v_normal;
in vec4 v_colour;
in vec3 v_position;
uniform vec3 u_eye;
uniform float u_alpha;
uniform int u_front_only;  // patches on the skin: only the side facing the eye
out vec4 o_colour;
void main() {
  if (u_front_only != 0 && dot(v_normal, u_eye - v_position) <= 0.0) discard;
  float shade = 1.0;
  if (dot(v_normal, v_normal) > 0.0) {
    vec3 n = normalize(v_normal);
    vec3 v = normalize(u_eye - v_position);
    shade = 0.75 + 0.25 * abs(dot(n, v));
  }
  o_colour = vec4(v_colour.rgb * shade, v_colour.a * u_alpha);
}
