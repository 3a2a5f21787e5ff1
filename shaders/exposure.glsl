// The light guard's exposure for the post pass (vrasmr/render/light_guard.py): texel 6 of
// the guard's state, applied where u_output.w says the guard is on. One multiply in post.
uniform sampler2D u_exposure;

float guard_exposure() {
    float e = texelFetch(u_exposure, ivec2(6, 0), 0).r;
    return mix(1.0, e, step(0.5, u_output.w));
}
