// Bloom, first step: the bright part of the frame, shrunk by u_factor in one pass. Each
// output texel averages its whole block of the frame (bilinear taps 2 texels apart), so a
// small bright thing never flickers in and out of the glow as it moves.
#include "fullscreen.glsl"
#include "bloom_knee.glsl"

#if defined FRAGMENT_SHADER
uniform sampler2D u_scene;
uniform int u_factor;        // 4 or 8 frame texels to one bloom texel, each way
uniform float u_threshold;   // linear light where the glow begins (soft knee)
in vec2 v_ndc;
out vec4 f_color;


void main() {
    vec2 texel = 1.0 / vec2(textureSize(u_scene, 0));
    vec2 corner = floor(gl_FragCoord.xy) * float(u_factor);   // the block's first texel
    vec3 sum = vec3(0.0);
    int taps = u_factor / 2;
    for (int j = 0; j < taps; j++) {
        for (int i = 0; i < taps; i++) {
            vec2 at = (corner + vec2(2 * i + 1, 2 * j + 1)) * texel;  // between 4 texels
            sum += bright_part(texture(u_scene, at).rgb, u_threshold);
        }
    }
    f_color = vec4(sum / float(taps * taps), 1.0);
}
#endif
