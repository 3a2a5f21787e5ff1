// Distant horizon silhouettes: two ranges of hills (the far one hazier), trees if rough.
#include "common.glsl"
#include "noise.glsl"
#include "fullscreen.glsl"

#if defined FRAGMENT_SHADER
uniform vec3 u_colour;
uniform vec3 u_haze;          // colour the far range fades towards
uniform float u_height;       // tallest ridge, metres
uniform float u_distance;     // metres
uniform float u_roughness;    // 0..1
uniform float u_seed;
uniform float u_opacity;
in vec2 v_ndc;
out vec4 f_color;

// Ridge height (metres) along the azimuth angle a, for one range.
float ridge(float a, float range_seed, float rough) {
    vec2 p = vec2(a * 3.0, range_seed * 7.3 + u_seed * 1.37);
    int oct = 3 + int(rough * 3.0);
    float h = fbm(p, oct);
    h = smoothstep(0.15, 0.85, h);
    // Treeline: narrow soft bumps whose spikiness follows the roughness.
    float trees = pow(vnoise(vec2(a * 160.0, range_seed)), 3.0) * rough;
    return u_height * (0.25 + 0.75 * h) + u_height * 0.12 * trees;
}

void main() {
    vec3 eye = u_eye_time.xyz;
    vec3 dir = view_ray(v_ndc);
    float horiz = max(length(dir.xz), 1e-4);
    float a = atan(dir.x, -dir.z);
    float tan_el = dir.y / horiz;
    // Near range first (in front), then the far range at twice the distance.
    float d_near = u_distance;
    float d_far = u_distance * 1.7;
    float near_top = (ridge(a, 1.0, u_roughness) - eye.y) / d_near;
    float far_top = (ridge(a + 0.7, 2.0, u_roughness * 0.5) * 1.4 - eye.y) / d_far;
    float aa = fwidth(tan_el) * 1.2;
    // Below the horizon the near range is the ground itself.
    float near_cov = dir.y < 0.0 ? 1.0 : smoothstep(near_top + aa, near_top - aa, tan_el);
    float far_cov = smoothstep(far_top + aa, far_top - aa, tan_el);
    if (near_cov + far_cov <= 0.0) discard;
    vec3 far_col = mix(u_colour, u_haze, 0.45);
    float cov = max(near_cov, far_cov);
    vec3 col = near_cov > 0.0 ? mix(far_col * far_cov, u_colour, near_cov) : far_col;
    float d = near_cov > 0.5 ? d_near : d_far;
    gl_FragDepth = world_depth(eye + dir * (d / horiz));
    float alpha = cov * u_opacity;
    f_color = vec4(col * alpha, alpha);
}
#endif
