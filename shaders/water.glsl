// Calm water below the viewer: slow small waves, a mirrored sky, a soft moon glint and the
// scene's lights (a lantern, the orb) glinting in it.
#include "common.glsl"
#include "noise.glsl"
#include "fullscreen.glsl"
#include "lights.glsl"

#if defined FRAGMENT_SHADER
uniform vec3 u_colour;
uniform float u_level;        // surface height, metres
uniform float u_wave_height;  // metres
uniform float u_wave_speed;   // m/s
uniform float u_reflection;   // 0..1
uniform float u_opacity;
uniform vec3 u_sky_horizon;
uniform vec3 u_sky_zenith;
uniform vec3 u_moon_dir;
uniform float u_moon;         // 0 without a moon
in vec2 v_ndc;
out vec4 f_color;

// Slope of a few long, slow wave trains (radians: direction, wavelength metres).
vec2 wave_slope(vec2 p, float t) {
    vec2 s = vec2(0.0);
    const int N = 5;
    for (int i = 0; i < N; i++) {
        float fi = float(i);
        float ang = 0.4 + fi * 1.27;
        vec2 d = vec2(cos(ang), sin(ang));
        float len = 6.0 / (1.0 + fi * 0.7);
        float k = 2.0 * PI / len;
        float phase = k * (dot(d, p) - u_wave_speed * t * (0.6 + 0.1 * fi));
        float amp = u_wave_height / (1.0 + fi);
        s += d * (amp * k * cos(phase));
    }
    // A fine ripple texture that drifts very slowly.
    vec2 q = p * 1.7 + vec2(t * 0.03, -t * 0.02);
    float e = 0.05;
    float n0 = vnoise(q);
    s += 0.04 * vec2(vnoise(q + vec2(e, 0.0)) - n0, vnoise(q + vec2(0.0, e)) - n0) / e;
    return s;
}

void main() {
    vec3 eye = u_eye_time.xyz;
    vec3 dir = view_ray(v_ndc);
    if (dir.y > -1e-4 || eye.y <= u_level) discard;
    float dist = (u_level - eye.y) / dir.y;
    vec3 p = eye + dir * dist;
    float t = u_eye_time.w;
    // Waves flatten with distance so far water is a still mirror (no shimmer, no aliasing).
    float near_k = 1.0 / (1.0 + dist * 0.08);
    vec2 sl = wave_slope(p.xz, t) * near_k;
    vec3 n = normalize(vec3(-sl.x, 1.0, -sl.y));
    vec3 r = reflect(dir, n);
    r.y = abs(r.y);
    float cos_i = clamp(-dot(dir, n), 0.0, 1.0);
    float fresnel = 0.02 + 0.98 * pow(1.0 - cos_i, 5.0);
    vec3 sky = sky_gradient(r, u_sky_horizon, u_sky_zenith);
    vec3 col = mix(u_colour, sky, clamp(fresnel * u_reflection * 1.6, 0.0, 1.0));
    if (u_moon > 0.0) {
        // A broad soft glint path towards the moon: Blinn-Phong on the wave normals.
        vec3 h = normalize(u_moon_dir - dir);
        float spec = pow(max(dot(n, h), 0.0), 180.0);
        float path = pow(max(dot(r, u_moon_dir), 0.0), 40.0);
        col += vec3(0.6, 0.58, 0.56) * (spec * 2.6 + path * 0.16) * u_reflection;
    }
    for (int i = 0; i < light_count(); i++) {
        vec3 l;
        vec3 c = light_at(i, p, l) * light_level(i);
        float a = max(dot(r, l), 0.0);
        col += c * (pow(a, 400.0) * 4.0 + pow(a, 30.0) * 0.12) * (0.3 + u_reflection);
    }
    // Fade into the horizon haze so the edge of the world is soft.
    col = mix(col, u_sky_horizon, smoothstep(40.0, 180.0, dist));
    gl_FragDepth = world_depth(p);
    f_color = vec4(col * u_opacity, u_opacity);  // premultiplied
}
#endif
