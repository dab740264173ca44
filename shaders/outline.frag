#version 330 core
// Outlines around highlighted structures, drawn over everything (x-ray): a pixel outside every
// highlighted structure but within u_radius pixels of one takes that structure's group colour,
// fading out with distance. The mask holds a slot number per pixel (0: none).
in vec2 v_uv;
uniform sampler2D u_mask;
uniform vec3 u_slot_colours[8];
uniform float u_radius;
uniform float u_strength;
out vec4 o_colour;

int slot_at(ivec2 p) {
  ivec2 size = textureSize(u_mask, 0);
  p = clamp(p, ivec2(0), size - 1);
  return int(texelFetch(u_mask, p, 0).r * 255.0 + 0.5);
}

void main() {
  ivec2 pixel = ivec2(gl_FragCoord.xy);
  if (slot_at(pixel) != 0) discard;
  int reach = int(ceil(u_radius));
  float best = 1e9;
  int slot = 0;
  for (int y = -reach; y <= reach; ++y)
    for (int x = -reach; x <= reach; ++x) {
      float d = length(vec2(x, y));
      if (d > u_radius || d >= best) continue;
      int s = slot_at(pixel + ivec2(x, y));
      if (s != 0) { best = d; slot = s; }
    }
  if (slot == 0) discard;
  float alpha = u_strength * (1.0 - smoothstep(u_radius * 0.55, u_radius, best));
  o_colour = vec4(u_slot_colours[min(slot, 7)], alpha);
}
