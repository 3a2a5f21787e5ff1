// The scene's light (vrasmr/render/layers/lights.py): fill from above and below, the moon,
// the horizon's haze and up to MAX_LIGHTS soft point lights that flicker and breathe, written
// once per scene (binding 2). Include after common.glsl and noise.glsl.
#define MAX_LIGHTS 8
layout(std140) uniform LightBlock {
    vec4 l_fill_above;            // rgb: light falling from above (sky, bounce); w: light count
    vec4 l_fill_below;            // rgb: light from below (the ground, the floor)
    vec4 l_moon_dir;              // xyz: towards the moon
    vec4 l_moon_colour;           // rgb: the moon's light (0: none)
    vec4 l_haze;                  // rgb: the horizon's haze; w: distance it is half there (0: none)
    vec4 l_pos[MAX_LIGHTS];       // xyz: position; w: size of the glowing part, metres
    vec4 l_colour[MAX_LIGHTS];    // rgb: linear light at 1 m; w: flicker 0..1
    vec4 l_extra[MAX_LIGHTS];     // x: flicker phase; y: breathing 0..1
};

int light_count() { return int(l_fill_above.w); }

// How bright light i is now: its slow flicker and, for the orb, the breath.
float light_level(int i) {
    float swell = 0.5 - 0.5 * cos(2.0 * PI * u_params.x);
    float breath = mix(1.0, 0.7 + 0.45 * swell, l_extra[i].y);
    return soft_flicker(u_eye_time.w, l_extra[i].x, l_colour[i].w) * breath;
}

// Light i at p: a soft inverse square (its size keeps it finite close by) that fades out
// by 6 m; the direction towards it in *to_light*.
vec3 light_at(int i, vec3 p, out vec3 to_light) {
    vec3 d = l_pos[i].xyz - p;
    float dist2 = dot(d, d);
    to_light = d * inversesqrt(max(dist2, 1e-8));
    float r = l_pos[i].w;
    float fade = 1.0 - smoothstep(16.0, 36.0, dist2);
    return l_colour[i].rgb * fade / (dist2 + r * r + 0.05);
}

// The far away fades into the horizon's haze (outdoors only).
vec3 hazed(vec3 col, float dist) {
    if (l_haze.w <= 0.0) return col;
    float k = dist / (dist + l_haze.w);
    return mix(col, l_haze.rgb, k * k);
}
