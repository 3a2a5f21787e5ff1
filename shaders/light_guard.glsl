// The light guard's step (vrasmr/render/light_guard.py), drawn into its 8 x 1 state:
// texels 0-5 hold each probe face's emitted luminance, texel 6 the exposure. The probe is
// six 16 x 16 cube faces side by side around the eye, in linear light, whose mip level 4
// is one texel a face (its mean). The emission judged is the scene's own: the faces' mean
// colour through the night warmth, times the scene's brightness and fade, without the
// person's share (menu brightness, timer, night: u_output.z), which applies on top.
#include "common.glsl"
#include "fullscreen.glsl"

#if defined FRAGMENT_SHADER
uniform sampler2D u_probe;
uniform sampler2D u_state;
uniform float u_dt;       // seconds since the last step
uniform float u_cap;      // the most any face may show (mean relative luminance)
uniform float u_rise;     // the fastest any face may brighten, per second
uniform float u_still;    // 1: no memory (stills): the cap alone
out vec4 f_color;

const vec3 LUMA = vec3(0.2126, 0.7152, 0.0722);

float face_luminance(int k) {
    vec3 c = texelFetch(u_probe, ivec2(k, 0), 4).rgb;
    vec3 warm = mix(vec3(1.0), vec3(1.0, 0.72, 0.42), clamp(u_params.z, 0.0, 1.0));
    float own = clamp(u_params.y, 0.0, 1.0) * clamp(u_params.w, 0.0, 1.0)
              / max(u_output.z, 1e-4);
    return max(dot(max(c, vec3(0.0)) * warm, LUMA) * own, 0.0);
}

void main() {
    int texel = int(gl_FragCoord.x);
    float lum[6];
    float brightest = 0.0;
    for (int k = 0; k < 6; ++k) {
        lum[k] = face_luminance(k);
        brightest = max(brightest, lum[k]);
    }
    float exposure = min(1.0, u_cap / max(brightest, 1e-6));
    if (u_still < 0.5) {
        // No face brightens faster than u_rise: what it showed, plus the rise, over now.
        float before = texelFetch(u_state, ivec2(6, 0), 0).r;
        for (int k = 0; k < 6; ++k) {
            float shown = before * texelFetch(u_state, ivec2(k, 0), 0).r;
            if (lum[k] > 1e-6) exposure = min(exposure, (shown + u_rise * u_dt) / lum[k]);
        }
    }
    float value = texel < 6 ? lum[min(texel, 5)] : (texel == 6 ? exposure : 0.0);
    f_color = vec4(value, 0.0, 0.0, 1.0);
}
#endif
