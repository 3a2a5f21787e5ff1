// Final pass: night warmth, the light guard's exposure, brightness, fade to black, dither,
// and sRGB encoding; the values come from the FrameBlock (u_params, u_output) and the
// guard's state texture, so nothing is written per draw.
#include "common.glsl"
#include "fullscreen.glsl"
#include "exposure.glsl"

#if defined FRAGMENT_SHADER
uniform sampler2D u_scene;
in vec2 v_ndc;
out vec4 f_color;

vec3 linear_to_srgb(vec3 c) {
    c = max(c, vec3(0.0));
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}

void main() {
    vec3 c = texture(u_scene, v_ndc * 0.5 + 0.5).rgb;
    // Night warmth: scale towards a ~2200 K white point (less blue, a little less green).
    vec3 warm = vec3(1.0, 0.72, 0.42);
    c *= mix(vec3(1.0), warm, clamp(u_params.z, 0.0, 1.0));             // night warmth
    c *= guard_exposure();                                              // light guard
    c *= clamp(u_params.y, 0.0, 1.0) * clamp(u_params.w, 0.0, 1.0);     // brightness, fade
    c = clamp(c, 0.0, 1.0);
    vec3 outc = u_output.y > 0.5 ? linear_to_srgb(c) : c;
    // Half-LSB triangular dither hides banding in the dark gradients.
    float seed = u_output.x;
    float n = (fract(sin(dot(gl_FragCoord.xy + seed, vec2(12.9898, 78.233))) * 43758.5453) - 0.5);
    outc += (n / 255.0) * step(0.0005, dot(c, vec3(1.0)));
    f_color = vec4(clamp(outc, 0.0, 1.0), 1.0);
}
#endif
