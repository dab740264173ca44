#version 330 core
// Studio lighting that reads well on a projector: a key light above and to the left of the
// viewer, a softer fill from the right, a rim from behind for the silhouette and a sky/ground
// ambient. The lights follow the camera, so every side of the leg is lit as the front is.
// Wrapped diffuse gives soft tissue its soft look; colours are lit in linear space and tone
// mapped back to sRGB.

in vec3 v_world_position;
in vec3 v_world_normal;

uniform mat4 u_view;
uniform vec3 u_eye;
uniform vec4 u_colour;     // sRGB base colour, alpha = opacity
uniform float u_roughness;

out vec4 o_colour;

vec3 to_linear(vec3 c) { return pow(c, vec3(2.2)); }
vec3 to_srgb(vec3 c) { return pow(c, vec3(1.0 / 2.2)); }

float wrapped(vec3 n, vec3 l, float wrap) { return max((dot(n, l) + wrap) / (1.0 + wrap), 0.0); }

void main() {
  vec3 n = normalize(v_world_normal);
  vec3 v = normalize(u_eye - v_world_position);
  if (dot(n, v) < 0.0 && !gl_FrontFacing) n = -n;  // the inside of an open surface

  // Camera-relative light directions (toward the light), taken to world space.
  mat3 view_to_world = transpose(mat3(u_view));
  vec3 key_dir = normalize(view_to_world * vec3(-0.45, 0.65, 0.62));
  vec3 fill_dir = normalize(view_to_world * vec3(0.7, 0.05, 0.55));
  vec3 rim_dir = normalize(view_to_world * vec3(0.1, 0.35, -0.93));

  vec3 albedo = to_linear(u_colour.rgb);
  float shininess = clamp(2.0 / pow(max(u_roughness, 0.05), 4.0) - 2.0, 4.0, 256.0);
  vec3 h = normalize(key_dir + v);
  float fresnel = 0.04 + 0.96 * pow(1.0 - max(dot(n, v), 0.0), 5.0);
  float specular = pow(max(dot(n, h), 0.0), shininess) * (shininess + 8.0) / 25.0;

  vec3 sky = vec3(0.20, 0.215, 0.24), ground = vec3(0.075, 0.065, 0.06);
  vec3 ambient = mix(ground, sky, 0.5 + 0.5 * n.y);

  vec3 colour = albedo * ambient;
  colour += albedo * vec3(1.0, 0.97, 0.93) * 2.0 * wrapped(n, key_dir, 0.12);
  colour += albedo * vec3(0.82, 0.88, 1.0) * 0.32 * wrapped(n, fill_dir, 0.3);
  colour += vec3(0.9, 0.95, 1.0) * 0.55 * pow(1.0 - max(dot(n, v), 0.0), 3.0) *
            max(dot(n, rim_dir) + 0.35, 0.0);
  colour += vec3(1.0) * 0.14 * specular * mix(0.25, 1.0, fresnel) * max(dot(n, key_dir), 0.0);

  // Gentle filmic shoulder, so bright highlights do not clip on projectors.
  colour = colour / (1.0 + 0.35 * colour);
  o_colour = vec4(to_srgb(colour * 1.08), u_colour.a);
}
