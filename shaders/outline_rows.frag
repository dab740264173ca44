#version 330 core
// The first half of the highlight outline (outline.frag reads it): for each pixel, the nearest
// highlighted pixel of its own row within u_reach, as that pixel's slot (red; 0: none) and its
// distance in pixels (green, /255). Looking along the row here and down the column there touches
// 2(2r+1) pixels where the whole square around each pixel took (2r+1)^2.
uniform sampler2D u_mask;
uniform int u_reach;
out vec4 o_row;

void main() {
  ivec2 pixel = ivec2(gl_FragCoord.xy);
  ivec2 last = textureSize(u_mask, 0) - 1;
  int best = u_reach + 1;
  float slot = 0.0;
  // Left to right, a nearer one replacing: of two as near, the one on the left, as the square was
  // read before.
  for (int x = -u_reach; x <= u_reach; ++x) {
    if (abs(x) >= best) continue;
    float s = texelFetch(u_mask, clamp(pixel + ivec2(x, 0), ivec2(0), last), 0).r;
    if (s > 0.0) {
      best = abs(x);
      slot = s;
    }
  }
  o_row = vec4(slot, float(best) / 255.0, 0.0, 1.0);
}
