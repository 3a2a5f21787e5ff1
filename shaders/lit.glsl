// Procedural meshes lit by dim moonlight and up to four warm flickering point lights.
#include "common.glsl"
#include "noise.glsl"

#if defined VERTEX_SHADER
in vec3 in_pos;
in vec3 in_normal;
in vec3 in_colour;
out vec3 v_pos;
out vec3 v_normal;
out vec3 v_colour;
void main() {
    v_pos = in_pos;
    v_normal = in_normal;
    v_colour = in_colour;
    gl_Position = u_proj * u_view * vec4(in_pos, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform vec3 u_ambient;          // moon- and sky-light filling the room
uniform vec3 u_moon_dir;         // direction the cool light comes from
uniform vec3 u_moon_colour;
uniform vec4 u_light_pos[4];     // xyz position, w flicker amount 0..1
uniform vec4 u_light_colour[4];  // rgb linear intensity, w seed
uniform int u_light_count;
uniform float u_opacity;
in vec3 v_pos;
in vec3 v_normal;
in vec3 v_colour;
out vec4 f_color;

void main() {
    vec3 n = normalize(v_normal);
    // Hemisphere ambient: a little more from above than from below.
    vec3 light = u_ambient * (0.6 + 0.4 * n.y);
    light += u_moon_colour * max(dot(n, u_moon_dir), 0.0);
    float t = u_eye_time.w;
    for (int i = 0; i < u_light_count; i++) {
        vec3 d = u_light_pos[i].xyz - v_pos;
        float dist2 = dot(d, d);
        float lambert = max(dot(n, d * inversesqrt(dist2)), 0.0) * 0.8 + 0.2;  // soft wrap
        float falloff = 1.0 / (1.0 + dist2 * 4.0);
        float flick = soft_flicker(t, u_light_colour[i].w, u_light_pos[i].w);
        light += u_light_colour[i].rgb * lambert * falloff * flick;
    }
    f_color = vec4(v_colour * light * u_opacity, u_opacity);
}
#endif
