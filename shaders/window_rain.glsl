// Rain on a window pane: still beads and a few drops that slide slowly down, leaving trails.
#include "common.glsl"
#include "noise.glsl"

#if defined VERTEX_SHADER
uniform vec3 u_centre;
uniform vec2 u_half;        // half width, half height (metres)
out vec2 v_uv;              // metres on the pane from its lower-left corner
void main() {
    int i = gl_VertexID < 3 ? gl_VertexID : (gl_VertexID == 3 ? 0 : gl_VertexID - 2);
    vec2 c = vec2(i == 1 || i == 2 ? 1.0 : -1.0, i >= 2 ? 1.0 : -1.0);
    v_uv = (c + 1.0) * u_half;
    // The pane lies in a wall facing +Z (towards a viewer looking ahead).
    vec3 right = vec3(1.0, 0.0, 0.0);
    vec3 p = u_centre + right * c.x * u_half.x + vec3(0.0, c.y * u_half.y, 0.0);
    gl_Position = u_proj * u_view * vec4(p, 1.0);
}
#endif

#if defined FRAGMENT_SHADER
uniform vec3 u_tint;        // what shows through the glass
uniform float u_intensity;  // how much rain
uniform float u_speed;      // m/s the running drops slide
uniform float u_opacity;
in vec2 v_uv;
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
    // Still beads of water everywhere, gently catching the light.
    vec2 bg = v_uv * 60.0;
    vec2 cid = floor(bg);
    vec2 cf = fract(bg) - 0.5 - 0.3 * (vec2(hash12(cid), hash12(cid + 5.0)) - 0.5);
    float bead = smoothstep(0.2, 0.1, length(cf)) * step(hash12(cid + 9.0), u_intensity * 0.5);
    vec2 a = drops(v_uv, 0.09, t, 1.0);
    vec2 b = drops(v_uv + 0.03, 0.05, t, 2.0);
    float water = max(max(a.x, b.x) * 1.0 + max(a.y, b.y), bead * 0.6);
    // Faint cool light from outside and the glass itself; drops brighten and lens it.
    float sky = 0.8 + 0.2 * fbm(v_uv * 2.0, 3);
    vec3 col = u_tint * sky + vec3(0.05, 0.06, 0.08) * water * u_tint * 8.0;
    col += vec3(0.012, 0.014, 0.02) * water;
    f_color = vec4(col * u_opacity, u_opacity);
}
#endif
