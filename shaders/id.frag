#version 330 core
// A flat identifier per mesh: for the highlight mask (outline slot) and for picking.
uniform vec4 u_id;
out vec4 o_colour;
void main() { o_colour = u_id; }
