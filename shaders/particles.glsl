// Drifting particles (fireflies, snow, dust, rain streaks): one instanced draw; each
// particle's position comes from its instance id and the time, so the CPU moves nothing.
#include "common.glsl"
#include "noise.glsl"
#include "billboard.glsl"

#if defined VERTEX_SHADER
uniform int u_type;         // 0 fireflies, 1 snow, 2 dust, 3 rain streaks
uniform float u_speed;      // m/s
uniform float u_size;       // metres
uniform float u_area;       // radius of the volume around the viewer, metres
uniform float u_floor;      // lowest height, metres
uniform float u_ceiling;    // highest height, metres
out vec2 v_uv;
out float v_bright;

vec3 seed3(float i, float k) {
    return vec3(hash12(vec2(i, k)), hash12(vec2(i, k + 1.7)), hash12(vec2(i, k + 3.1)));
}

void main() {
    float i = float(gl_InstanceID);
    float t = u_eye_time.w;
    vec3 s = seed3(i, 11.0);
    // Spread in a ring around the viewer, never closer than half a metre.
    float ang = s.x * 2.0 * PI;
    float rad = mix(0.6, u_area, sqrt(s.y));
    vec3 home = vec3(cos(ang) * rad, mix(u_floor, u_ceiling, s.z), sin(ang) * rad);
    float span = max(u_ceiling - u_floor, 0.1);
    vec2 corner = quad_corner(gl_VertexID);
    vec2 half_size = vec2(u_size);
    vec3 p;
    float bright = 1.0;
    float phase = hash12(vec2(i, 21.0)) * 6.2831;
    if (u_type == 0) {
        // Fireflies wander on slow smooth loops and glow up and down every few seconds.
        float w = 0.15 + 0.1 * s.x;
        p = home + vec3(sin(t * w + phase), 0.5 * sin(t * w * 0.7 + phase * 2.0),
                        cos(t * w * 0.8 + phase)) * u_speed * 6.0;
        float blink = 0.5 + 0.5 * sin(t * (0.5 + 0.4 * s.z) + phase);
        bright = smoothstep(0.3, 1.0, blink);
        half_size *= 4.0;   // the quad holds the soft halo around the tiny light
    } else if (u_type == 3) {
        // Rain streaks: thin upright quads falling and wrapping; they sway with no wind.
        float y = u_ceiling - mod(t * u_speed * (0.8 + 0.4 * s.x) + s.z * span, span);
        p = vec3(home.x, y, home.z);
        half_size = vec2(u_size * 0.3, u_size * 12.0);
        bright = 0.6 + 0.4 * s.y;
        p = upright_billboard(p, corner, half_size);
    } else {
        // Snow falls and dust floats, both wrap vertically and drift a little sideways.
        float fall = u_type == 1 ? 1.0 : 0.15;
        float y = u_ceiling - mod(t * u_speed * fall * (0.7 + 0.6 * s.x) + s.z * span, span);
        vec3 sway = vec3(sin(t * 0.3 + phase), 0.0, cos(t * 0.23 + phase)) * (u_type == 1 ? 0.25 : 0.4);
        p = vec3(home.x, y, home.z) + sway;
        bright = smoothstep(0.0, 0.15, (y - u_floor) / span) * smoothstep(1.0, 0.85, (y - u_floor) / span);
        if (u_type == 2) bright *= 0.5 + 0.5 * sin(t * 0.4 + phase);
    }
    if (u_type != 3) p = facing_billboard(p, corner, half_size);
    v_uv = corner;
    v_bright = bright;
    gl_Position = u_proj * u_view * vec4(p, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform vec3 u_colour;
uniform int u_type_f;
uniform float u_opacity;
in vec2 v_uv;
in float v_bright;
out vec4 f_color;
void main() {
    float r2 = dot(v_uv, v_uv);
    float shape;
    if (u_type_f == 0) {
        shape = exp(-r2 * 18.0) * 3.0 + exp(-r2 * 4.0) * 0.3;   // a point with a halo
    } else if (u_type_f == 3) {
        shape = exp(-v_uv.x * v_uv.x * 3.0) * (1.0 - v_uv.y * v_uv.y) * 0.6;
    } else {
        shape = exp(-r2 * 4.0);
    }
    shape *= 1.0 - smoothstep(0.8, 1.0, sqrt(r2) * (u_type_f == 3 ? 0.0 : 1.0));
    f_color = vec4(u_colour * shape * v_bright * u_opacity, 0.0);  // additive
}
#endif
