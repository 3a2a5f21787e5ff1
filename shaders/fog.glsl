// Soft ground fog as a stack of view-facing slices at growing distances: each slice adds a
// little fog in front of whatever is farther (the depth test does the rest), in one draw.
#include "common.glsl"
#include "noise.glsl"

const int SLICES = 12;

#if defined VERTEX_SHADER
out vec3 v_world;
out float v_step;
void main() {
    int i = gl_VertexID < 3 ? gl_VertexID : (gl_VertexID == 3 ? 0 : gl_VertexID - 2);
    vec2 c = vec2(i == 1 || i == 2 ? 1.0 : -1.0, i >= 2 ? 1.0 : -1.0);
    float k = float(gl_InstanceID);
    float d0 = 0.8 * pow(1.5, k);            // slice distances from 0.8 m to ~70 m
    float d = 0.8 * pow(1.5, k + 1.0);
    v_step = d - d0;
    // A full-screen quad at eye-space depth d.
    vec4 clip_far = u_proj * vec4(0.0, 0.0, -d, 1.0);
    gl_Position = vec4(c * clip_far.w, clip_far.z, clip_far.w);
    v_world = clip_to_world(vec4(c, clip_far.z / clip_far.w, 1.0));
}
#endif

#if defined FRAGMENT_SHADER
uniform vec3 u_colour;
uniform float u_density;   // 0..1
uniform float u_top;       // fog thins out above this height
uniform float u_opacity;
in vec3 v_world;
in float v_step;
out vec4 f_color;
void main() {
    float t = u_eye_time.w;
    float height = smoothstep(u_top + 0.8, u_top - 1.5, v_world.y);
    float drift = 0.7 + 0.6 * fbm(v_world.xz * 0.15 + vec2(t * 0.01, t * 0.007), 3);
    float sigma = u_density * 0.06 * height * drift;
    float a = (1.0 - exp(-sigma * v_step)) * u_opacity;
    f_color = vec4(u_colour * a, a);
}
#endif
