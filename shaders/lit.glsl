// Solid things (rooms, props, candle bodies): procedural materials lit by the scene's light
// (shaders/lights.glsl), with ambient occlusion baked in the vertices.
// The high tier lights every pixel and draws the materials' patterns; the low tier (a
// software renderer) lights the vertices (they are dense: the toolkit splits faces for its
// baked occlusion) and draws the patterns' broad strokes only.
#include "common.glsl"
#include "noise.glsl"
#include "lights.glsl"
#include "materials.glsl"

#if defined VERTEX_SHADER
in vec3 in_pos;
in vec3 in_normal;
in vec3 in_colour;
in vec3 in_local;
in vec3 in_surface;     // material, occlusion, glow
out vec3 v_pos;
out vec3 v_normal;
out vec3 v_colour;
out vec3 v_local;
flat out int v_material;
out vec2 v_shade;       // occlusion, glow
flat out vec4 v_level0; // each light's flicker and breath now (the same for every vertex)
flat out vec4 v_level1;
#if defined LOW_TIER
out vec3 v_front;       // the lights' light on the surface, wrapped
out vec3 v_back;        // their light from behind (for thin things)
#endif
void main() {
    v_pos = in_pos;
    v_normal = in_normal;
    v_colour = in_colour;
    v_local = in_local;
    v_material = int(in_surface.x + 0.5);
    v_shade = in_surface.yz;
    float level[8];
    for (int i = 0; i < 8; i++) level[i] = i < light_count() ? light_level(i) : 0.0;
    v_level0 = vec4(level[0], level[1], level[2], level[3]);
    v_level1 = vec4(level[4], level[5], level[6], level[7]);
#if defined LOW_TIER
    v_front = vec3(0.0);
    v_back = vec3(0.0);
    for (int i = 0; i < light_count(); i++) {
        vec3 l;
        vec3 c = light_at(i, in_pos, l) * level[i];
        float nl = dot(in_normal, l);
        v_front += c * max(nl * 0.85 + 0.15, 0.0);
        v_back += c * max(-nl, 0.0);
    }
#endif
    gl_Position = u_proj * u_view * vec4(in_pos, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform float u_opacity;
in vec3 v_pos;
in vec3 v_normal;
in vec3 v_colour;
in vec3 v_local;
flat in int v_material;
in vec2 v_shade;
flat in vec4 v_level0;
flat in vec4 v_level1;
#if defined LOW_TIER
in vec3 v_front;
in vec3 v_back;
#endif
out vec4 f_color;

void main() {
    vec3 n = normalize(v_normal);
#if defined LOW_TIER
    Surface s = broad_material(v_material, v_colour, v_local, n);
#else
    Surface s = material(v_material, v_colour, v_local, n);
#endif
    n = s.normal;
    vec3 to_eye = u_eye_time.xyz - v_pos;
    float dist = length(to_eye);
    vec3 v = to_eye / dist;
    float open = 1.0 - 0.85 * v_shade.x;
    // Fill from above and below, shut out where things meet.
    vec3 light = mix(l_fill_below.rgb, l_fill_above.rgb, 0.5 + 0.5 * n.y) * open;
    float moon = max(dot(n, l_moon_dir.xyz), 0.0);
    light += l_moon_colour.rgb * (moon + s.through * max(-dot(n, l_moon_dir.xyz), 0.0) * 0.5)
             * mix(0.6, 1.0, open);
    float near = mix(0.45, 1.0, open);  // contact shade, softened for the lights
    vec3 spec = vec3(0.0);
    float shine = mix(8.0, 160.0, s.gloss);
#if defined LOW_TIER
    light += (v_front + s.through * v_back) * near;
#else
    {
        for (int i = 0; i < light_count(); i++) {
            vec3 l;
            vec3 c = light_at(i, v_pos, l) * (i < 4 ? v_level0[i] : v_level1[i - 4]);
            float nl = dot(n, l);
            // Soft wrap; light through a thin surface from behind.
            light += c * (max(nl * 0.85 + 0.15, 0.0) + s.through * max(-nl, 0.0)) * near;
            if (s.gloss > 0.0) {
                vec3 h = normalize(l + v);
                spec += c * pow(max(dot(n, h), 0.0), shine) * s.gloss * (shine + 8.0) / 40.0;
            }
        }
    }
#endif
#if !defined LOW_TIER
    if (s.gloss > 0.0) {
        // Glossy things outdoors hold the sky's glow at a glance, and the moon's glint.
        float fresnel = 0.04 + 0.96 * pow(1.0 - max(dot(n, v), 0.0), 5.0);
        spec += l_haze.rgb * fresnel * s.gloss * 1.5;
        vec3 hm = normalize(l_moon_dir.xyz + v);
        spec += l_moon_colour.rgb * pow(max(dot(n, hm), 0.0), shine) * s.gloss * (shine + 8.0) / 40.0;
    }
#endif
    float rim = pow(1.0 - max(dot(n, v), 0.0), 3.0);
    vec3 col = s.albedo * light * (1.0 + s.sheen * rim) + spec + s.albedo * v_shade.y;
    col = hazed(col, dist);
    f_color = vec4(col * u_opacity, u_opacity);
}
#endif
