// The light guard's step (vrasmr/render/light_guard.py), drawn into its 32 x 1 state:
// texel 0 holds the exposure, texels 1-26 the emitted luminance seen in each of 26 fixed
// directions. The probe is six 16 x 16 cube faces side by side around the eye (world axes,
// linear light); its mip level 2 is 4 x 4 tiles a face, each the mean of its pixels. A
// direction's view is the solid-angle-weighted mean of the tiles within 50 degrees of it
// (a 100-degree field): the faces' centres, edges and corners, so a bright patch where faces
// meet is seen whole. No view may show more than u_cap (mean relative luminance) or u_mel_cap
// (melanopic EDI at the eye, lux), and none more than it showed a step ago plus u_rise * dt.
// The bloom the final pass adds (u_bloom_threshold, u_bloom_strength) is counted as light.
#include "common.glsl"
#include "fullscreen.glsl"
#include "exposure.glsl"
#include "bloom_knee.glsl"

#if defined FRAGMENT_SHADER
uniform sampler2D u_probe;
uniform sampler2D u_state;
uniform vec3 u_face_forward[6];
uniform vec3 u_face_right[6];
uniform vec3 u_face_up[6];
uniform vec3 u_mel;       // melanopic EDI (lux) of each full linear primary over the view
uniform float u_dt;       // seconds since the last step
uniform float u_cap;      // the most any view may show (mean relative luminance)
uniform float u_mel_cap;  // ... and of melanopic EDI at the eye (lux)
uniform float u_rise;     // the fastest any view may brighten, per second
uniform float u_bloom_threshold;  // where the final pass's glow begins (vrasmr/render/bloom.py)
uniform float u_bloom_strength;   // how much of it the final pass adds
uniform float u_still;    // 1: no memory (stills): the caps alone
out vec4 f_color;

const int TILES = 4;
const float FIELD_COS = 0.6428;  // cos 50 degrees

vec3 direction(int index) {  // the 26 directions: components in {-1, 0, 1}, not all 0
    int n = index < 13 ? index : index + 1;
    return normalize(vec3(float(n % 3 - 1), float(n / 3 % 3 - 1), float(n / 9 - 1)));
}

void main() {
    int texel = int(gl_FragCoord.x);
    float lum[26];
    float mel[26];
    float weight[26];
    for (int c = 0; c < 26; ++c) { lum[c] = 0.0; mel[c] = 0.0; weight[c] = 0.0; }
    for (int k = 0; k < 6; ++k) {
        for (int j = 0; j < TILES; ++j) {
            for (int i = 0; i < TILES; ++i) {
                vec2 uv = (vec2(i, j) + 0.5) / float(TILES) * 2.0 - 1.0;
                vec3 d = u_face_forward[k] + uv.x * u_face_right[k] + uv.y * u_face_up[k];
                float w = pow(dot(d, d), -1.5);  // the tile's solid angle
                d = normalize(d);
                vec3 seen = texelFetch(u_probe, ivec2(k * TILES + i, j), 2).rgb;
                vec3 light = emitted(seen + bright_part(seen, u_bloom_threshold) * u_bloom_strength);
                for (int c = 0; c < 26; ++c) {
                    if (dot(d, direction(c)) >= FIELD_COS) {
                        lum[c] += w * dot(light, GUARD_LUMA);
                        mel[c] += w * dot(light, u_mel);
                        weight[c] += w;
                    }
                }
            }
        }
    }
    float brightest = 0.0;
    float most_mel = 0.0;
    for (int c = 0; c < 26; ++c) {
        lum[c] /= max(weight[c], 1e-9);
        mel[c] /= max(weight[c], 1e-9);
        brightest = max(brightest, lum[c]);
        most_mel = max(most_mel, mel[c]);
    }
    float exposure = min(1.0, min(u_cap / max(brightest, 1e-6), u_mel_cap / max(most_mel, 1e-6)));
    if (u_still < 0.5) {
        // No view brightens faster than u_rise: what it showed, plus the rise, over now.
        float before = texelFetch(u_state, ivec2(0, 0), 0).r;
        for (int c = 0; c < 26; ++c) {
            float shown = before * texelFetch(u_state, ivec2(c + 1, 0), 0).r;
            if (lum[c] > 1e-6) exposure = min(exposure, (shown + u_rise * u_dt) / lum[c]);
        }
    }
    float value = texel == 0 ? exposure : (texel <= 26 ? lum[clamp(texel - 1, 0, 25)] : 0.0);
    f_color = vec4(value, 0.0, 0.0, 1.0);
}
#endif
