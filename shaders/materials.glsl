// Procedural materials (vrasmr.scene.props.MATERIALS, in order), drawn in a surface's local
// coordinates so a pattern stays on its object. Fine detail fades out where it would be
// smaller than a pixel (no shimmer). material() is the high tier's; broad_material() the low
// tier's: the boards of wood and nothing finer. Include after common.glsl and noise.glsl.
#if defined FRAGMENT_SHADER
#define M_PLASTER 0
#define M_WOOD 1
#define M_LINEN 2
#define M_WOOL 3
#define M_STONE 4
#define M_GLASS 5
#define M_WATER 6
#define M_WAX 7
#define M_METAL 8
#define M_PAPER 9
#define M_EARTH 10
#define M_FOLIAGE 11
#define M_BARK 12
#define M_CANVAS 13

struct Surface {
    vec3 albedo;
    float gloss;        // 0 matt .. 1 mirror-like highlights
    float through;      // light through a thin surface from behind (shades, leaves, wax)
    float sheen;        // a soft rim of light on cloth
    vec3 normal;
};

// 1 where a pattern of frequency freq (cycles per local metre) is wider than a few pixels.
float detail(vec3 local, float freq) {
    return 1.0 - smoothstep(0.25, 0.7, length(fwidth(local)) * freq);
}

// The two local axes across the surface (the one along its normal dropped).
vec2 across(vec3 local, vec3 local_n) {
    vec3 a = abs(local_n);
    return a.x > a.y && a.x > a.z ? local.yz : (a.y > a.z ? local.xz : local.xy);
}

// What each material is beside its pattern: gloss, light through it, sheen.
Surface plain(int id, vec3 colour, vec3 n) {
    Surface s = Surface(colour, 0.0, 0.0, 0.0, n);
    if (id == M_WOOD) s.gloss = 0.15;
    else if (id == M_LINEN) { s.sheen = 0.25; s.through = 0.12; }
    else if (id == M_CANVAS) { s.sheen = 0.25; s.through = 0.45; }
    else if (id == M_WOOL) s.sheen = 0.45;
    else if (id == M_STONE) s.gloss = 0.08;
    else if (id == M_GLASS) { s.gloss = 0.95; s.through = 0.2; }
    else if (id == M_WATER) s.gloss = 1.0;
    else if (id == M_WAX) { s.through = 0.8; s.gloss = 0.25; }
    else if (id == M_METAL) s.gloss = 0.6;
    else if (id == M_PAPER) s.through = 0.7;
    else if (id == M_FOLIAGE) s.through = 0.5;
    return s;
}

// The low tier: the boards of a wooden floor or wall, each its own shade; nothing finer.
Surface broad_material(int id, vec3 colour, vec3 local, vec3 n) {
    Surface s = plain(id, colour, n);
    if (id == M_WOOD) {
        float board = local.y / 0.16;
        float seam = smoothstep(0.0, 0.06, fract(board)) * smoothstep(1.0, 0.94, fract(board));
        s.albedo *= (0.8 + 0.3 * hash12(vec2(floor(board), 3.7))) * (0.6 + 0.4 * seam);
    }
    return s;
}

Surface material(int id, vec3 colour, vec3 local, vec3 n) {
    Surface s = Surface(colour, 0.0, 0.0, 0.0, n);
    vec3 local_n = normalize(cross(dFdx(local), dFdy(local)) + vec3(0.0, 1e-6, 0.0));
    vec2 uv = across(local, local_n);

    if (id == M_PLASTER) {
        float k = 0.92 + 0.16 * vnoise(uv * 2.3);
        k += 0.08 * (vnoise(uv * 19.0) - 0.5) * detail(local, 19.0);
        s.albedo *= k;
    } else if (id == M_WOOD) {
        // Boards across local y, grain along local x (the length of a plank).
        float board = local.y / 0.16;
        float id_b = floor(board);
        float seam = smoothstep(0.0, 0.06, fract(board)) * smoothstep(1.0, 0.94, fract(board));
        float grain = vnoise(vec2(local.x * 1.3 + id_b * 7.1, local.y * 38.0 + local.z * 38.0));
        float d = detail(local, 38.0);
        s.albedo *= (0.8 + 0.3 * hash12(vec2(id_b, 3.7))) * mix(1.0, 0.75 + 0.5 * grain, d)
                  * mix(1.0, 0.55 + 0.45 * seam, detail(local, 6.0));
        s.gloss = 0.15;
    } else if (id == M_LINEN || id == M_CANVAS) {
        float fold = vnoise(uv * 3.1);
        s.albedo *= 0.86 + 0.22 * fold;
        float weave = sin(uv.x * 700.0) * sin(uv.y * 700.0);
        s.albedo *= 1.0 + 0.06 * weave * detail(local, 110.0);
        s.sheen = 0.25;
        s.through = id == M_CANVAS ? 0.45 : 0.12;
    } else if (id == M_WOOL) {
        float knit = abs(sin(uv.x * 90.0 + 1.5 * abs(sin(uv.y * 90.0))));
        s.albedo *= (0.88 + 0.2 * vnoise(uv * 4.0)) * mix(1.0, 0.8 + 0.3 * knit, detail(local, 15.0));
        s.sheen = 0.45;
    } else if (id == M_STONE) {
        float big = vnoise(uv * 3.0 + local.z);
        float grit = vnoise(uv * 23.0);
        s.albedo *= 0.75 + 0.35 * big + 0.2 * (grit - 0.5) * detail(local, 23.0);
        s.gloss = 0.08;
    } else if (id == M_GLASS) {
        s.gloss = 0.95;
        s.through = 0.2;
    } else if (id == M_WATER) {
        float t = u_eye_time.w;
        vec2 q = uv * 9.0;
        s.normal = normalize(n + 0.04 * vec3(sin(q.x + t * 0.7), 0.0, cos(q.y * 1.3 - t * 0.5)));
        s.gloss = 1.0;
    } else if (id == M_WAX) {
        s.albedo *= 0.95 + 0.1 * vnoise(uv * 8.0);
        s.through = 0.8;
        s.gloss = 0.25;
    } else if (id == M_METAL) {
        s.gloss = 0.6;
    } else if (id == M_PAPER) {
        s.albedo *= 0.96 + 0.08 * vnoise(uv * 12.0);
        s.through = 0.7;
    } else if (id == M_EARTH) {
        s.albedo *= 0.7 + 0.45 * vnoise(uv * 2.1) + 0.2 * (vnoise(uv * 14.0) - 0.5) * detail(local, 14.0);
    } else if (id == M_FOLIAGE) {
        float leaf = vnoise(uv * 5.0 + local.y);
        s.albedo *= 0.55 + 0.7 * leaf;
        s.through = 0.5;
    } else if (id == M_BARK) {
        float furrow = vnoise(vec2(local.y * 40.0, local.x * 2.0));
        s.albedo *= mix(1.0, 0.6 + 0.6 * furrow, detail(local, 40.0));
    }
    return s;
}
#endif
