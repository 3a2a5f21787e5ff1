// Candle bodies: the lit surface program, as its own program so its lights are its own.
#include "lit.glsl"
