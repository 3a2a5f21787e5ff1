// Camera-facing quads made in the vertex shader: 6 vertices per instance, no vertex buffer.
vec2 quad_corner(int vid) {
    // Two triangles: (0,1,2) (0,2,3) over corners (-1,-1) (1,-1) (1,1) (-1,1).
    int i = vid < 3 ? vid : (vid == 3 ? 0 : vid - 2);
    return vec2(i == 1 || i == 2 ? 1.0 : -1.0, i >= 2 ? 1.0 : -1.0);
}

// An upright quad turned about world +Y to face the eye (flames stay vertical).
vec3 upright_billboard(vec3 centre, vec2 corner, vec2 half_size) {
    vec3 to_eye = u_eye_time.xyz - centre;
    vec3 right = normalize(vec3(to_eye.z, 0.0, -to_eye.x) + vec3(1e-5, 0.0, 0.0));
    return centre + right * corner.x * half_size.x + vec3(0.0, 1.0, 0.0) * corner.y * half_size.y;
}

// A quad fully facing the view (round glows, particles).
vec3 facing_billboard(vec3 centre, vec2 corner, vec2 half_size) {
    vec3 right = vec3(u_view[0][0], u_view[1][0], u_view[2][0]);
    vec3 up = vec3(u_view[0][1], u_view[1][1], u_view[2][1]);
    return centre + right * corner.x * half_size.x + up * corner.y * half_size.y;
}
