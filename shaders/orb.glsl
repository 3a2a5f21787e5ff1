// The breathing orb: a soft sphere of light that swells on the in-breath (u_params.x).
#include "common.glsl"
#include "billboard.glsl"

#if defined VERTEX_SHADER
uniform vec3 u_centre;
uniform float u_radius;
uniform float u_breath_scale;
out vec2 v_uv;
out float v_swell;
void main() {
    // Breath phase 0..1 → 0 at rest, 1 at full breath, smooth at both ends.
    float swell = 0.5 - 0.5 * cos(2.0 * PI * u_params.x);
    float r = u_radius * (1.0 + u_breath_scale * swell);
    vec2 corner = quad_corner(gl_VertexID);
    v_uv = corner * 4.0;                 // the quad reaches 4 radii for the halo
    v_swell = swell;
    gl_Position = u_proj * u_view * vec4(facing_billboard(u_centre, corner, vec2(r * 4.0)), 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform vec3 u_colour;
uniform float u_glow;
uniform float u_opacity;
in vec2 v_uv;
in float v_swell;
out vec4 f_color;
void main() {
    float r = length(v_uv);                      // in orb radii
    float body = smoothstep(1.0, 0.75, r) * (0.6 + 0.4 * sqrt(max(0.0, 1.0 - r * r)));
    float halo = exp(-r * r * 0.5) * (0.3 + 0.7 * u_glow) * 0.35;
    float fade = 1.0 - smoothstep(3.0, 4.0, r);
    float level = 0.75 + 0.25 * v_swell;         // a touch brighter on the in-breath
    // A hotter, whiter heart: a glow's centre is never as deep in colour as its edge.
    float heart = smoothstep(0.9, 0.0, r);
    vec3 hot = mix(u_colour, vec3(1.0, 0.86, 0.66) * max(u_colour.r, max(u_colour.g, u_colour.b)), heart * 0.6);
    vec3 col = hot * (body * 1.4 + halo) * fade * level * 4.0;
    f_color = vec4(col * u_opacity, 0.0);        // additive
}
#endif
