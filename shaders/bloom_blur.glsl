// Bloom, second step: a 9-tap Gaussian along u_direction (five bilinear fetches).
#include "fullscreen.glsl"

#if defined FRAGMENT_SHADER
uniform sampler2D u_source;
uniform vec2 u_direction;    // (1, 0) or (0, 1)
in vec2 v_ndc;
out vec4 f_color;
void main() {
    vec2 step = u_direction / vec2(textureSize(u_source, 0));
    vec2 uv = v_ndc * 0.5 + 0.5;
    vec3 c = texture(u_source, uv).rgb * 0.2270270270;
    c += texture(u_source, uv + step * 1.3846153846).rgb * 0.3162162162;
    c += texture(u_source, uv - step * 1.3846153846).rgb * 0.3162162162;
    c += texture(u_source, uv + step * 3.2307692308).rgb * 0.0702702703;
    c += texture(u_source, uv - step * 3.2307692308).rgb * 0.0702702703;
    f_color = vec4(c, 1.0);
}
#endif
