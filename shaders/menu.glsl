// The menu panel: one textured quad (the Pillow-painted atlas), a hover glow, a fade.
// Drawn after the post pass, straight into the view's target, depth test off, alpha blended.
#include "common.glsl"
uniform vec3 u_top_left;
uniform vec3 u_across;   // world vector along the panel's width
uniform vec3 u_down;     // world vector along the panel's height (downwards)

#if defined VERTEX_SHADER
out vec2 v_uv;
void main() {
    int i = gl_VertexID < 3 ? gl_VertexID : (gl_VertexID == 3 ? 0 : gl_VertexID - 2);
    vec2 uv = vec2(i == 1 || i == 2 ? 1.0 : 0.0, i >= 2 ? 1.0 : 0.0);
    v_uv = uv;
    gl_Position = u_proj * u_view * vec4(u_top_left + u_across * uv.x + u_down * uv.y, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform sampler2D u_panel;
uniform vec4 u_hover;      // x0, y0, x1, y1 in 0..1 panel uv; x1 < x0 for none
uniform float u_opacity;
in vec2 v_uv;
out vec4 f_colour;

vec3 to_linear(vec3 c) {
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}

void main() {
    vec4 c = texture(u_panel, v_uv);
    if (u_hover.z > u_hover.x) {
        vec2 lo = step(u_hover.xy, v_uv);
        vec2 hi = step(v_uv, u_hover.zw);
        float inside = lo.x * lo.y * hi.x * hi.y;
        c.rgb = mix(c.rgb, c.rgb * 1.45 + vec3(0.10, 0.06, 0.02), inside);
    }
    c.rgb = min(c.rgb, vec3(1.0));
    f_colour = vec4(u_output.y > 0.5 ? c.rgb : to_linear(c.rgb), c.a * u_opacity);
}
#endif
