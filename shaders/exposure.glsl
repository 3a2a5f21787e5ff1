// The light guard's exposure for the post pass (vrasmr/render/light_guard.py): texel 0 of
// the guard's state, applied where u_output.w says the guard is on. One multiply in post.
// Also the emitted light the guard judges, shared with shaders/light_guard.glsl.
uniform sampler2D u_exposure;

const vec3 GUARD_LUMA = vec3(0.2126, 0.7152, 0.0722);

// Linear scene colour as the scene itself emits it: through the night warmth, times its
// brightness and fade, without the person's share (u_output.z), which applies on top.
vec3 emitted(vec3 c) {
    vec3 warm = mix(vec3(1.0), vec3(1.0, 0.72, 0.42), clamp(u_params.z, 0.0, 1.0));
    float own = clamp(u_params.y, 0.0, 1.0) * clamp(u_params.w, 0.0, 1.0) / max(u_output.z, 1e-4);
    return max(c, vec3(0.0)) * warm * own;
}

float guard_exposure() {
    float e = texelFetch(u_exposure, ivec2(0, 0), 0).r;
    return mix(1.0, e, step(0.5, u_output.w));
}
