// Night sky: a dim gradient, slowly turning stars and a soft moon. All colours linear.
#include "common.glsl"
#include "fullscreen.glsl"

#if defined FRAGMENT_SHADER
uniform vec3 u_zenith;
uniform vec3 u_horizon;
uniform float u_star_density;   // 0..1
uniform float u_star_turn;      // radians per second (tiny)
uniform vec3 u_moon_dir;
uniform float u_moon_size;      // angular radius, radians (0 = no moon)
uniform vec3 u_moon_color;
uniform float u_moon_phase;     // 0 new, 0.5 full, 1 new again (waxing: lit on the right)
uniform float u_opacity;
in vec2 v_ndc;
out vec4 f_color;

vec3 rotate_y(vec3 d, float a) {
    float c = cos(a), s = sin(a);
    return vec3(c * d.x + s * d.z, d.y, -s * d.x + c * d.z);
}

float stars(vec3 dir) {
    // Cells on a cube-ish grid of directions; one possible star per cell, soft-edged.
    vec3 p = dir * 180.0;
    vec3 cell = floor(p);
    float h = hash13(cell);
    if (h > u_star_density * 0.08) return 0.0;
    vec3 centre = cell + 0.5 + 0.3 * (vec3(hash13(cell + 1.7), hash13(cell + 3.1), hash13(cell + 5.3)) - 0.5);
    float d = length(p - centre);
    float size = 0.22 + 0.25 * hash13(cell + 9.1);
    float twinkle = 0.85 + 0.15 * sin(u_eye_time.w * (0.2 + 0.3 * hash13(cell + 2.2)) + 6.28 * h);
    return smoothstep(size, 0.0, d) * (0.25 + 0.75 * hash13(cell + 7.7)) * twinkle;
}

void main() {
    vec3 dir = normalize(clip_to_world(vec4(v_ndc, 1.0, 1.0)) - u_eye_time.xyz);
    float up = clamp(dir.y, -1.0, 1.0);
    float t = smoothstep(-0.05, 0.9, up);
    vec3 col = mix(u_horizon, u_zenith, t);
    col *= mix(0.35, 1.0, smoothstep(-0.3, 0.0, up));   // darker below the horizon
    vec3 sd = rotate_y(dir, u_eye_time.w * u_star_turn);
    float horizon_fade = smoothstep(0.0, 0.15, up);
    col += vec3(0.9, 0.92, 1.0) * 0.05 * stars(sd) * horizon_fade;
    if (u_moon_size > 0.0) {
        vec3 m = normalize(u_moon_dir);
        float ang = acos(clamp(dot(dir, m), -1.0, 1.0));
        float disc = smoothstep(u_moon_size, u_moon_size * 0.85, ang);
        // The lit part of the face: the sun's side of a sphere seen from here.
        vec3 right = normalize(cross(m, vec3(0.0, 1.0, 0.0)) + vec3(1e-5, 0.0, 0.0));
        vec3 up = cross(right, m);
        vec3 off = dir - m * dot(dir, m);
        vec2 q = vec2(dot(off, right), dot(off, up)) / sin(u_moon_size);
        vec3 face = vec3(q, sqrt(max(1.0 - dot(q, q), 0.0)));
        float turn = 2.0 * PI * u_moon_phase;
        float lit = smoothstep(-0.06, 0.06, dot(face, vec3(sin(turn), 0.0, -cos(turn))));
        float share = 0.5 - 0.5 * cos(turn);
        float mottle = 0.85 + 0.15 * hash12(floor(q * 5.0 + 9.0));
        float glow = (exp(-ang / (u_moon_size * 4.0)) * 0.06 + exp(-ang / 0.2) * 0.012) * share;
        col += u_moon_color * (disc * mix(0.04, 1.6 * mottle, lit) + glow);
    }
    f_color = vec4(col * u_opacity, 1.0);
}
#endif
