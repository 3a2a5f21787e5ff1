// The menu panel: one textured quad (the Pillow-painted atlas), a hover glow, a fade.
// Drawn after the post pass, straight into the view's target, depth test off, alpha blended.
#include "common.glsl"
#include "menu_block.glsl"

#if defined VERTEX_SHADER
out vec2 v_uv;
void main() {
    int i = gl_VertexID < 3 ? gl_VertexID : (gl_VertexID == 3 ? 0 : gl_VertexID - 2);
    vec2 uv = vec2(i == 1 || i == 2 ? 1.0 : 0.0, i >= 2 ? 1.0 : 0.0);
    v_uv = uv;
    vec3 p = m_top_left.xyz + m_across.xyz * uv.x + m_down.xyz * uv.y;
    gl_Position = u_proj * u_view * vec4(p, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform sampler2D u_panel;
in vec2 v_uv;
out vec4 f_colour;

vec3 to_linear(vec3 c) {
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}

void main() {
    vec4 c = texture(u_panel, v_uv);
    if (m_hover.z > m_hover.x) {
        vec2 lo = step(m_hover.xy, v_uv);
        vec2 hi = step(v_uv, m_hover.zw);
        float inside = lo.x * lo.y * hi.x * hi.y;
        c.rgb = mix(c.rgb, c.rgb * 1.45 + vec3(0.10, 0.06, 0.02), inside);
    }
    c.rgb = min(c.rgb, vec3(1.0));
    f_colour = vec4(u_output.y > 0.5 ? c.rgb : to_linear(c.rgb), c.a * m_top_left.w);
}
#endif
