// Smooth value noise and fractal sums (include after common.glsl).
float vnoise(vec2 p) {
    vec2 i = floor(p);
    vec2 f = fract(p);
    vec2 u = f * f * (3.0 - 2.0 * f);
    float a = hash12(i);
    float b = hash12(i + vec2(1.0, 0.0));
    float c = hash12(i + vec2(0.0, 1.0));
    float d = hash12(i + vec2(1.0, 1.0));
    return mix(mix(a, b, u.x), mix(c, d, u.x), u.y);
}

float fbm(vec2 p, int octaves) {
    float sum = 0.0;
    float amp = 0.5;
    for (int i = 0; i < octaves; i++) {
        sum += amp * vnoise(p);
        p = mat2(1.6, 1.2, -1.2, 1.6) * p + 17.0;
        amp *= 0.5;
    }
    return sum;
}

// Gentle flame flicker: a sum of slow sines (all below 3 Hz), about 1 +- amount.
float soft_flicker(float t, float seed, float amount) {
    float f = sin(t * 6.1 + seed * 17.0) * 0.45
            + sin(t * 9.7 + seed * 5.3) * 0.3
            + sin(t * 3.3 + seed * 11.0) * 0.25;
    return 1.0 + amount * 0.15 * f;
}

// Depth-buffer value of a world point, for full-screen layers that draw surfaces.
float world_depth(vec3 p) {
    vec4 clip = u_proj * u_view * vec4(p, 1.0);
    return clamp((clip.z / clip.w) * 0.5 + 0.5, 0.0, 0.999999);
}

// Direction from the eye through this full-screen fragment.
vec3 view_ray(vec2 ndc) {
    return normalize(clip_to_world(vec4(ndc, 1.0, 1.0)) - u_eye_time.xyz);
}

// The sky's colour in a direction, for reflections (matches sky.glsl's gradient).
vec3 sky_gradient(vec3 dir, vec3 horizon, vec3 zenith) {
    float t = smoothstep(-0.05, 0.9, abs(dir.y));
    return mix(horizon, zenith, t);
}
