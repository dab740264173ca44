#version 330 core
// Studio lighting that reads well on a projector: a key light above and to the left of the
// viewer, a softer fill from the right, a rim from behind for the silhouette and a sky/ground
// ambient. The lights follow the camera, so every side of the leg is lit as the front is.
// Wrapped diffuse gives soft tissue its soft look; colours are lit in linear space and tone
// mapped back to sRGB.
//
// Highlighted structures take their group's colour and glow gently in time; the rest can be
// dimmed. Muscles and tendons can show faint streaks along their fibres in close-ups. Lymph
// vessels can show bright pulses travelling up the leg toward the nodes.
// With u_translucent the output goes to the two accumulators of weighted blended
// order-independent transparency (McGuire and Bavoil, 2013) instead of straight to colour.

in vec3 v_world_position;
in vec3 v_world_normal;
in float v_bind_height;
in vec3 v_bind_position;
in vec3 v_fibre;

// What depends only on the frame or the draw is worked out once on the CPU (render/renderer.cpp,
// set_surface), not for every pixel: on a software rasteriser each pow() here costs a visible share
// of the frame.
uniform vec3 u_eye;
uniform vec3 u_key_dir;    // toward each light, in world space (the lights follow the camera)
uniform vec3 u_fill_dir;
uniform vec3 u_rim_dir;
uniform float u_pulse;     // 0..1, the highlight's slow glow
uniform vec4 u_albedo;     // the base colour in linear light, alpha = opacity
uniform float u_shininess; // from the material's roughness
uniform vec4 u_highlight;  // the highlight colour in linear light, strength in alpha (0: none)
uniform float u_dim;       // 0..1: how far to fade this structure back
uniform float u_time;      // seconds, drives the lymph flow
uniform int u_lymph_flow;
uniform int u_translucent;
uniform int u_fibres;          // 1: streak the surface along v_fibre
uniform vec3 u_fibre_origin;   // the mesh's middle, as stored: the streaks' pattern is laid from it

layout(location = 0) out vec4 o_colour;
layout(location = 1) out vec4 o_weight;

vec3 to_srgb(vec3 c) { return pow(c, vec3(1.0 / 2.2)); }

float wrapped(vec3 n, vec3 l, float wrap) { return max((dot(n, l) + wrap) / (1.0 + wrap), 0.0); }

float hash(vec3 p) {
  p = fract(p * 0.3183099 + vec3(0.71, 0.113, 0.419));
  p *= 17.0;
  return fract(p.x * p.y * p.z * (p.x + p.y + p.z));
}

// Value noise: smooth, about one feature per unit.
float value_noise(vec3 x) {
  vec3 i = floor(x), f = fract(x);
  f = f * f * (3.0 - 2.0 * f);
  return mix(mix(mix(hash(i), hash(i + vec3(1, 0, 0)), f.x),
                 mix(hash(i + vec3(0, 1, 0)), hash(i + vec3(1, 1, 0)), f.x), f.y),
             mix(mix(hash(i + vec3(0, 0, 1)), hash(i + vec3(1, 0, 1)), f.x),
                 mix(hash(i + vec3(0, 1, 1)), hash(i + vec3(1, 1, 1)), f.x), f.y),
             f.z);
}

// Streaks along the fibres, -0.5..0.5: noise stretched along the fibre direction (features about
// 1.7 mm across and 33 mm along, the scale of fascicles), laid out from the mesh's middle so that
// the fibres' slow turn over a muscle shears it only a little. Where one feature spans fewer than
// about three pixels the streaks fade to nothing instead of shimmering.
float fibre_streaks() {
  float len = length(v_fibre);
  vec3 t = v_fibre / max(len, 1e-4);
  vec3 q = v_bind_position - u_fibre_origin;
  float along = dot(q, t);
  vec3 across = (q - t * along) * 600.0;
  float shown = (1.0 - smoothstep(0.3, 0.6, length(fwidth(across)))) * step(0.5, len);
  if (shown <= 0.0) return 0.0;  // the usual case from afar: no noise worked out
  vec3 c = across + t * (along * 30.0);
  // Value noise gathers near its middle: stretched so the streaks read.
  float noise = 0.6 * value_noise(c) + 0.4 * value_noise(c * 2.1 + vec3(7.3));
  float streak = clamp(2.5 * (noise - 0.5), -0.5, 0.5);
  return streak * shown;
}

void main() {
  vec3 n = normalize(v_world_normal);
  vec3 v = normalize(u_eye - v_world_position);
  if (!gl_FrontFacing) n = -n;  // the inside of an open surface, or the far side of a glass one

  vec3 key_dir = u_key_dir, fill_dir = u_fill_dir, rim_dir = u_rim_dir;
  vec3 highlight = u_highlight.rgb;
  float strength = u_highlight.a;
  vec3 albedo = mix(u_albedo.rgb, highlight, 0.85 * strength);
  if (u_fibres != 0) albedo *= 1.0 + 0.45 * fibre_streaks();

  float shininess = u_shininess;
  vec3 h = normalize(key_dir + v);
  float facing = 1.0 - max(dot(n, v), 0.0);
  float facing2 = facing * facing;
  float fresnel = 0.04 + 0.96 * facing2 * facing2 * facing;
  float specular = pow(max(dot(n, h), 0.0), shininess) * (shininess + 8.0) / 25.0;

  vec3 sky = vec3(0.20, 0.215, 0.24), ground = vec3(0.075, 0.065, 0.06);
  vec3 ambient = mix(ground, sky, 0.5 + 0.5 * n.y);

  vec3 colour = albedo * ambient;
  colour += albedo * vec3(1.0, 0.97, 0.93) * 2.0 * wrapped(n, key_dir, 0.12);
  colour += albedo * vec3(0.82, 0.88, 1.0) * 0.32 * wrapped(n, fill_dir, 0.3);
  colour += vec3(0.9, 0.95, 1.0) * 0.55 * facing2 * facing * max(dot(n, rim_dir) + 0.35, 0.0);
  colour += vec3(1.0) * 0.14 * specular * mix(0.25, 1.0, fresnel) * max(dot(n, key_dir), 0.0);
  colour += highlight * strength * (0.10 + 0.16 * u_pulse);

  if (u_lymph_flow != 0) {
    // Pulses 7 cm apart rising at 5 cm/s: slow, like the rhythm of lymphatic drainage.
    float phase = fract(v_bind_height / 0.07 - u_time * 0.05 / 0.07);
    float bead = smoothstep(0.0, 0.25, phase) * (1.0 - smoothstep(0.25, 0.55, phase));
    colour += mix(vec3(0.7, 1.0, 0.85), highlight, 0.5 * strength) * 1.1 * bead;
  }

  colour = colour / (1.0 + 0.35 * colour);  // gentle shoulder: no clipped highlights
  colour *= 1.08;
  float grey = dot(colour, vec3(0.2126, 0.7152, 0.0722));
  colour = mix(colour, vec3(grey) * 0.5, 0.7 * u_dim);
  vec3 srgb = to_srgb(colour);

  float alpha = u_albedo.a;
  if (u_translucent != 0) {
    // Nearer surfaces weigh more; the weight stays within what RGBA16F holds.
    float z = gl_FragCoord.z;
    float weight = clamp(alpha * max(1e-2, 3e3 * pow(1.0 - z, 3.0)), 1e-2, 3e3);
    o_colour = vec4(srgb * alpha * weight, alpha);
    o_weight = vec4(alpha * weight, 0.0, 0.0, 0.0);
  } else {
    o_colour = vec4(srgb, alpha);
    o_weight = vec4(0.0);
  }
}
