// Aurora: a few soft curtains high in the sky, rippling very slowly; added to the sky.
#include "common.glsl"
#include "noise.glsl"
#include "fullscreen.glsl"

#if defined FRAGMENT_SHADER
uniform vec3 u_colours[4];   // bottom .. top of the curtains
uniform int u_count;
uniform float u_intensity;
uniform float u_speed;       // ripple cycles per second
uniform float u_band_dist;   // horizontal distance of the curtain base (curtain base at height 1)
uniform float u_opacity;
uniform float u_water_level;  // mirror in still water below this height
uniform float u_water_mirror; // 0 = no water layer
in vec2 v_ndc;
out vec4 f_color;

vec3 band_colour(float k) {
    // k: 0 at the base of a curtain, 1 at its top; blend through the given colours.
    float x = clamp(k, 0.0, 1.0) * float(max(u_count - 1, 0));
    int i = int(floor(x));
    int j = min(i + 1, u_count - 1);
    return mix(u_colours[i], u_colours[j], fract(x));
}

vec3 aurora(vec3 dir) {
    float t = u_eye_time.w * u_speed * 2.0 * PI;
    vec3 acc = vec3(0.0);
    const int STEPS = 14;
    for (int i = 0; i < STEPS; i++) {
        float k = (float(i) + 0.5) / float(STEPS);
        float h = 1.0 + 1.6 * k;             // height of this slice (curtain base at 1)
        vec2 q = dir.xz / dir.y * h;          // where the ray crosses the slice
        // The curtain's centre line meanders across the sky and ripples slowly.
        float wave = 0.9 * sin(q.x * 0.35 + t * 0.35) + 0.5 * sin(q.x * 0.9 - t * 0.6 + 1.3)
                   + 0.8 * (vnoise(vec2(q.x * 0.4, t * 0.1)) - 0.5);
        float d = q.y + u_band_dist + wave;
        float curtain = exp(-d * d * 10.0);
        // Second, fainter curtain behind the first.
        float d2 = q.y + u_band_dist * 1.7 + 0.7 * wave + 0.6 * sin(q.x * 0.5 + t * 0.2);
        curtain += 0.3 * exp(-d2 * d2 * 2.0);
        // Vertical rays that drift along the curtain.
        float rays = 0.35 + 0.65 * vnoise(vec2(q.x * 9.0 + t * 0.15, 0.5))
                   * (0.6 + 0.4 * vnoise(vec2(q.x * 2.3 - t * 0.05, 3.0)));
        float fall = (1.0 - k) * (1.0 - k) * smoothstep(0.0, 0.08, k);
        acc += band_colour(k) * curtain * rays * fall;
    }
    return acc * (7.0 / float(STEPS)) * smoothstep(0.02, 0.2, dir.y);
}

void main() {
    vec3 eye = u_eye_time.xyz;
    vec3 dir = view_ray(v_ndc);
    vec3 col;
    if (dir.y >= 0.02) {
        col = aurora(dir);
        gl_FragDepth = 0.999999;  // the sky: behind every surface, over the cleared depth
    } else if (u_water_mirror > 0.0 && dir.y < -1e-4 && eye.y > u_water_level) {
        vec3 hit = eye + dir * ((u_water_level - eye.y) / dir.y);
        col = aurora(vec3(dir.x, -dir.y, dir.z)) * u_water_mirror;
        gl_FragDepth = world_depth(hit) - 3e-7;  // just in front of the water surface
    } else {
        discard;
    }
    f_color = vec4(col * u_intensity * u_opacity, 0.0);  // additive
}
#endif
