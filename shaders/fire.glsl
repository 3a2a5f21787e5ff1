// A small fire: a warm ground glow, a few soft flame tongues and rising embers, all from
// gl_InstanceID and time (instance 0 the glow, 1..FLAMES the tongues, the rest embers).
#include "common.glsl"
#include "noise.glsl"
#include "billboard.glsl"

const int FLAMES = 7;

#if defined VERTEX_SHADER
uniform vec3 u_base;
uniform float u_size;       // flame height, metres
uniform float u_flicker;
out vec2 v_uv;
out float v_kind;           // 0 glow, 1 flame, 2 ember
out float v_bright;
void main() {
    int id = gl_InstanceID;
    float t = u_eye_time.w;
    vec2 corner = quad_corner(gl_VertexID);
    float s = u_size;
    vec3 p;
    if (id == 0) {
        // Ground glow: a flat quad on the ground around the fire.
        p = u_base + vec3(corner.x, 0.0, corner.y) * s * 2.2 + vec3(0.0, 0.01, 0.0);
        v_kind = 0.0;
        v_bright = soft_flicker(t, 0.5, u_flicker);
    } else if (id <= FLAMES) {
        float fi = float(id);
        float h = hash12(vec2(fi, 1.0));
        float f = soft_flicker(t, h, u_flicker);
        vec3 off = vec3((h - 0.5) * s * 0.6, 0.0, (hash12(vec2(fi, 2.0)) - 0.5) * s * 0.4);
        float tall = s * (0.55 + 0.45 * hash12(vec2(fi, 3.0))) * f;
        vec3 centre = u_base + off + vec3(0.0, tall * 0.5, 0.0);
        p = upright_billboard(centre, corner, vec2(s * 0.22, tall * 0.55));
        p.x += (corner.y + 1.0) * s * 0.03 * sin(t * 1.1 + h * 20.0) * u_flicker;
        v_kind = 1.0;
        v_bright = f * (0.7 + 0.3 * h);
    } else {
        // An ember rises, drifts and fades over its life, then starts again at the fire.
        float fi = float(id);
        float life = 4.0 + 4.0 * hash12(vec2(fi, 4.0));
        float ph = fract(t / life + hash12(vec2(fi, 5.0)));
        float a = hash12(vec2(fi, 6.0)) * 2.0 * PI;
        vec3 start = u_base + vec3(cos(a), 0.0, sin(a)) * s * 0.25 * hash12(vec2(fi, 7.0));
        vec3 drift = vec3(sin(t * 0.4 + fi) * 0.15, 0.0, cos(t * 0.33 + fi * 1.7) * 0.15);
        vec3 centre = start + vec3(0.0, ph * s * 4.0, 0.0) + drift * ph;
        p = facing_billboard(centre, corner, vec2(0.006 + 0.004 * hash12(vec2(fi, 8.0))));
        v_kind = 2.0;
        v_bright = smoothstep(0.0, 0.1, ph) * (1.0 - ph) * (0.6 + 0.4 * sin(t * 1.3 + fi));
    }
    v_uv = corner;
    gl_Position = u_proj * u_view * vec4(p, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform vec3 u_colour;
uniform float u_intensity;
uniform float u_opacity;
in vec2 v_uv;
in float v_kind;
in float v_bright;
out vec4 f_color;
void main() {
    vec2 q = v_uv;
    vec3 col;
    if (v_kind < 0.5) {
        col = u_colour * exp(-dot(q, q) * 4.0) * (1.0 - smoothstep(0.5, 1.0, length(q))) * 0.5;
    } else if (v_kind < 1.5) {
        // Soft tongue: wide at the bottom, narrowing to the top; hotter low in the flame.
        float y = q.y * 0.5 + 0.5;
        float width = (1.0 - y) * 0.9 + 0.05;
        float shape = exp(-pow(q.x / width, 2.0) * 3.0) * smoothstep(0.0, 0.15, y)
                    * (1.0 - smoothstep(0.5, 1.0, y));
        vec3 hot = mix(u_colour, vec3(1.0, 0.75, 0.4), 0.6 * (1.0 - y));
        col = hot * shape * 1.2;
    } else {
        col = vec3(1.0, 0.45, 0.12) * exp(-dot(q, q) * 3.0) * 2.0;
    }
    f_color = vec4(col * v_bright * u_intensity * u_opacity, 0.0);  // additive
}
#endif
