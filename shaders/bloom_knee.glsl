// What of a linear colour glows (vrasmr/render/bloom.py): nothing below ``threshold``, then
// more and more (a soft knee). The bloom's first step takes it; the light guard counts it,
// so that the glow the final pass adds is light the guard has judged.
vec3 bright_part(vec3 c, float threshold) {
    float peak = max(c.r, max(c.g, c.b));
    float over = max(peak - threshold, 0.0);
    return c * (over * over / (over + 0.5 * threshold + 1e-4) / max(peak, 1e-4));
}
