// A soft round marker with a ring that fills clockwise: the gaze reticle on the panel and the
// summoning marker low in the view. One quad, alpha blended, depth test off. The view and
// projection come from the frame's FrameBlock, so nothing is written per eye.
#include "common.glsl"
#include "menu_block.glsl"

#if defined VERTEX_SHADER
out vec2 v_p;
void main() {
    int i = gl_VertexID < 3 ? gl_VertexID : (gl_VertexID == 3 ? 0 : gl_VertexID - 2);
    vec2 p = vec2(i == 1 || i == 2 ? 1.0 : -1.0, i >= 2 ? 1.0 : -1.0);
    v_p = p;
    vec3 right = m_ring_right.xyz;
    vec3 up = m_ring_up.xyz;
    float billboard = m_ring_centre.w;
    if (billboard > 0.0) {  // the eye's own axes: rows of the view rotation
        right = vec3(u_view[0][0], u_view[1][0], u_view[2][0]) * billboard;
        up = vec3(u_view[0][1], u_view[1][1], u_view[2][1]) * billboard;
    }
    gl_Position = u_proj * u_view * vec4(m_ring_centre.xyz + right * p.x + up * p.y, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
in vec2 v_p;
out vec4 f_colour;

void main() {
    float r = length(v_p);
    float dot_a = 1.0 - smoothstep(0.18, 0.32, r);
    float ring = smoothstep(0.62, 0.70, r) * (1.0 - smoothstep(0.86, 0.94, r));
    float angle = fract(atan(v_p.x, v_p.y) / 6.28318530718 + 1.0);
    float filled = ring * step(angle, m_ring_right.w);
    float track = ring * 0.25;
    float a = max(dot_a * 0.8, max(filled, track)) * m_ring_up.w;
    vec3 c = m_ring_colour.rgb * (0.7 + 0.3 * filled);
    vec3 lin = mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
    f_colour = vec4(u_output.y > 0.5 ? c : lin, a);  // u_output.y: encode sRGB here
}
#endif
