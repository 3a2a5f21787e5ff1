// Final pass: brightness, night warmth, fade to black, dither, and sRGB encoding.
#include "fullscreen.glsl"

#if defined FRAGMENT_SHADER
uniform sampler2D u_scene;
uniform float u_brightness;   // 0..1 global brightness
uniform float u_warmth;       // 0 = neutral white point, 1 = warmest night white point
uniform float u_fade;         // 1 = full picture, 0 = black
uniform bool u_encode_srgb;   // false when the target encodes (GL_FRAMEBUFFER_SRGB)
uniform float u_seed;
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
    c *= mix(vec3(1.0), warm, clamp(u_warmth, 0.0, 1.0));
    c *= clamp(u_brightness, 0.0, 1.0) * clamp(u_fade, 0.0, 1.0);
    c = clamp(c, 0.0, 1.0);
    vec3 outc = u_encode_srgb ? linear_to_srgb(c) : c;
    // Half-LSB triangular dither hides banding in the dark gradients.
    float n = (fract(sin(dot(gl_FragCoord.xy + u_seed, vec2(12.9898, 78.233))) * 43758.5453) - 0.5);
    outc += (n / 255.0) * step(0.0005, dot(c, vec3(1.0)));
    f_color = vec4(clamp(outc, 0.0, 1.0), 1.0);
}
#endif
