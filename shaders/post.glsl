// Final pass: bloom added, night warmth, the light guard's exposure, brightness, fade to
// black, blue-noise dither and sRGB encoding; the values come from the FrameBlock (u_params,
// u_output) and the guard's state texture (unit 3), so nothing is written per draw. The
// bloom (unit 1) is made by its own pass (vrasmr/render/bloom.py).
#include "common.glsl"
#include "fullscreen.glsl"
#include "exposure.glsl"

#if defined FRAGMENT_SHADER
uniform sampler2D u_scene;     // unit 0: the linear frame
uniform sampler2D u_bloom;     // unit 1: its glow, smaller
uniform sampler2D u_dither;    // unit 2: 64 x 64 blue noise, -1..1 (vrasmr/render/blue_noise.py)
uniform float u_bloom_strength;
in vec2 v_ndc;
out vec4 f_color;

vec3 linear_to_srgb(vec3 c) {
    c = max(c, vec3(0.0));
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}

// The dither here: the tile moved on each frame (by the frame's R2 offset), one level either
// way, triangular.
float dither(vec2 frag) {
    ivec2 shift = ivec2(fract(u_output.x * vec2(0.7548776662, 0.5698402910)) * 64.0);
    return texelFetch(u_dither, (ivec2(frag) + shift) & 63, 0).r;
}

void main() {
    vec2 uv = v_ndc * 0.5 + 0.5;
    vec3 c = texture(u_scene, uv).rgb + texture(u_bloom, uv).rgb * u_bloom_strength;
    // Night warmth: scale towards a ~2200 K white point (less blue, a little less green).
    vec3 warm = vec3(1.0, 0.72, 0.42);
    c *= mix(vec3(1.0), warm, clamp(u_params.z, 0.0, 1.0));             // night warmth
    c *= guard_exposure();                                              // light guard
    c *= clamp(u_params.y, 0.0, 1.0) * clamp(u_params.w, 0.0, 1.0);     // brightness, fade
    c = clamp(c, 0.0, 1.0);
    vec3 outc = u_output.y > 0.5 ? linear_to_srgb(c) : c;
    outc += (dither(gl_FragCoord.xy) / 255.0) * step(0.0005, dot(c, vec3(1.0)));
    f_color = vec4(clamp(outc, 0.0, 1.0), 1.0);
}
#endif
