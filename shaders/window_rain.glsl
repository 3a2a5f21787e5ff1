// Rain on a window pane: the night outside (a sky a little lighter above a dark treeline,
// soft through wet glass), still beads and a few drops sliding slowly down with trails;
// the drops lens the sky and catch the room's warm lights, and the glass keeps a faint
// reflection of them.
#include "common.glsl"
#include "noise.glsl"
#include "lights.glsl"

#if defined VERTEX_SHADER
uniform vec3 u_centre;
uniform vec2 u_half;        // half width, half height (metres)
out vec2 v_uv;              // metres on the pane from its lower-left corner
out vec3 v_world;
void main() {
    int i = gl_VertexID < 3 ? gl_VertexID : (gl_VertexID == 3 ? 0 : gl_VertexID - 2);
    vec2 c = vec2(i == 1 || i == 2 ? 1.0 : -1.0, i >= 2 ? 1.0 : -1.0);
    v_uv = (c + 1.0) * u_half;
    // The pane lies in a wall facing +Z (towards a viewer looking ahead).
    vec3 p = u_centre + vec3(c.x * u_half.x, c.y * u_half.y, 0.0);
    v_world = p;
    gl_Position = u_proj * u_view * vec4(p, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform vec3 u_tint;        // the night outside
uniform float u_intensity;  // how much rain
uniform float u_speed;      // m/s the running drops slide
uniform float u_opacity;
uniform vec2 u_half;
in vec2 v_uv;
in vec3 v_world;
out vec4 f_color;

// One layer of drops in a grid of cells; returns (drop mask, trail mask).
vec2 drops(vec2 uv, float cell, float t, float seed) {
    vec2 g = uv / cell;
    float col = floor(g.x);
    float h = hash12(vec2(col, seed));
    float speed = u_speed / cell * (0.5 + h);
    float y = g.y + t * speed + h * 10.0;     // the drop's cell moves down
    vec2 id = vec2(col, floor(y));
    vec2 f = vec2(fract(g.x), fract(y)) - 0.5;
    float wiggle = 0.25 * sin(id.y * 3.1 + h * 6.0 + g.y * 2.0);
    f.x -= wiggle * hash12(id + 2.0);
    float on = step(hash12(id + seed), u_intensity * 0.8);
    float drop = smoothstep(0.16, 0.09, length(f * vec2(1.0, 1.3))) * on;
    float trail = smoothstep(0.06, 0.02, abs(f.x)) * smoothstep(-0.1, 0.5, f.y) * on * 0.35;
    return vec2(drop, trail);
}

void main() {
    float t = u_eye_time.w;
    float h = v_uv.y / (2.0 * u_half.y);
    // Outside: the sky brightening towards the top, a soft dark line of trees below.
#if defined LOW_TIER
    float ridge = 0.3 + 0.16 * vnoise(vec2(v_uv.x * 1.7 + 3.0, 0.5));
#else
    float ridge = 0.3 + 0.16 * fbm(vec2(v_uv.x * 1.7 + 3.0, 0.5), 3);
#endif
    float trees = smoothstep(ridge + 0.04, ridge - 0.04, h);
    vec3 outside = u_tint * mix(0.9 + 1.2 * h, 0.3, trees);
    // Still beads everywhere, and the sliding drops with their trails.
    vec2 bg = v_uv * 60.0;
    vec2 cid = floor(bg);
    vec2 cf = fract(bg) - 0.5 - 0.3 * (vec2(hash12(cid), hash12(cid + 5.0)) - 0.5);
    float bead = smoothstep(0.2, 0.1, length(cf)) * step(hash12(cid + 9.0), u_intensity * 0.5);
    vec2 a = drops(v_uv, 0.09, t, 1.0);
    vec2 b = drops(v_uv + 0.03, 0.05, t, 2.0);
    float water = clamp(max(max(a.x, b.x) + max(a.y, b.y), bead * 0.6), 0.0, 1.0);
    // A drop is a small lens: it shows the sky, turned over, a little brighter.
    vec3 lensed = u_tint * (1.3 + 1.2 * (1.0 - h));
    // The room's lights: a faint reflection in the glass, a warm glint on each drop.
    vec3 room = vec3(0.0);
    for (int i = 0; i < light_count(); i++) {
        vec3 l;
        room += light_at(i, v_world, l) * max(l.z, 0.0) * light_level(i);
    }
    vec3 col = mix(outside, lensed, water * 0.75) + room * (0.02 + 0.12 * water);
    f_color = vec4(col * u_opacity, u_opacity);
}
#endif
