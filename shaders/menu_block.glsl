// The menu's values for this frame: written once a frame by the MenuDrawer (binding 1), read
// by the panel and the ring, so nothing is written per eye or per uniform.
layout(std140) uniform MenuBlock {
    vec4 m_top_left;     // xyz: the panel's top-left corner in the world; w: panel opacity
    vec4 m_across;       // xyz: world vector along the panel's width
    vec4 m_down;         // xyz: world vector along its height (downwards)
    vec4 m_hover;        // x0, y0, x1, y1 in 0..1 panel uv; x1 < x0 for none
    vec4 m_ring_centre;  // xyz: the ring's centre; w: > 0 faces the eye, this half-size (m)
    vec4 m_ring_right;   // xyz: half-size vector along the ring's right; w: progress 0..1
    vec4 m_ring_up;      // xyz: half-size vector along its up; w: opacity
    vec4 m_ring_colour;  // rgb: sRGB colour
};
