// Shared by every program: the per-view uniform block and small helpers.
layout(std140) uniform FrameBlock {
    mat4 u_view;          // world -> eye
    mat4 u_proj;          // eye -> clip
    mat4 u_inv_proj;      // clip -> eye (for rays through full-screen fragments)
    vec4 u_eye_time;      // xyz: eye position in world, w: scene time in seconds
    vec4 u_params;        // x: breath phase 0..1, y: brightness, z: night warmth, w: fade
    vec4 u_output;        // x: dither seed, y: 1 = encode sRGB in the shader (0: the target does),
                          // z: the person's share of brightness, w: 1 = light guard on
};

const float PI = 3.14159265359;

// The world point of a clip-space point: eye space by the inverse projection, then the
// view's rotation (the transpose of the view matrix's 3x3) and the eye position.
vec3 clip_to_world(vec4 clip) {
    vec4 e = u_inv_proj * clip;
    return transpose(mat3(u_view)) * (e.xyz / e.w) + u_eye_time.xyz;
}

float hash12(vec2 p) {
    vec3 p3 = fract(vec3(p.xyx) * 0.1031);
    p3 += dot(p3, p3.yzx + 33.33);
    return fract((p3.x + p3.y) * p3.z);
}

float hash13(vec3 p3) {
    p3 = fract(p3 * 0.1031);
    p3 += dot(p3, p3.zyx + 31.32);
    return fract((p3.x + p3.y) * p3.z);
}

vec3 srgb_to_linear(vec3 c) {
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}
