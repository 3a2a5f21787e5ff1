// Candle flames and their soft halos: one instanced quad per candle, added to the picture.
#include "common.glsl"
#include "noise.glsl"
#include "billboard.glsl"

#if defined VERTEX_SHADER
uniform vec4 u_candles[32];   // xyz flame base (top of the wick), w seed
uniform float u_flicker;
out vec2 v_uv;
out float v_glow;
void main() {
    vec4 c = u_candles[gl_InstanceID];
    float t = u_eye_time.w;
    float f = soft_flicker(t, c.w, u_flicker);
    vec2 corner = quad_corner(gl_VertexID);
    vec2 half_size = vec2(0.09, 0.11) * vec2(1.0, f);
    vec3 centre = c.xyz + vec3(0.0, 0.03, 0.0);
    vec3 p = upright_billboard(centre, corner, half_size);
    // The tip sways a little, slowly.
    p.x += (corner.y + 1.0) * 0.003 * u_flicker * sin(t * 1.7 + c.w * 9.0);
    v_uv = corner * vec2(1.0, 1.0);
    v_glow = f;
    gl_Position = u_proj * u_view * vec4(p, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform vec3 u_colour;     // flame colour (linear, bright core is whiter)
uniform float u_opacity;
in vec2 v_uv;
in float v_glow;
out vec4 f_color;
void main() {
    // Teardrop flame: narrow ellipse above the wick; a wide faint halo around it.
    vec2 q = v_uv * vec2(0.09, 0.11);           // metres from the quad centre
    float y = q.y + 0.03;
    float width = 0.009 * clamp(1.0 - (y - 0.012) / 0.045, 0.0, 1.0) * smoothstep(-0.01, 0.008, y);
    float flame = (1.0 - smoothstep(width * 0.3, width + 1e-5, abs(q.x))) * step(1e-5, width);
    float core = exp(-dot(q - vec2(0.0, -0.018), q - vec2(0.0, -0.018)) * 9000.0);
    float halo = exp(-dot(q, q) * 500.0) * 0.05;
    vec3 col = u_colour * (flame * 3.0 + halo) + vec3(1.0, 0.85, 0.6) * core * 1.5;
    f_color = vec4(col * v_glow * u_opacity, 0.0);
}
#endif
