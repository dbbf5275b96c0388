/* stb_impl.c: the one translation unit that compiles the stb_image decoder
 * (PNG, JPEG, PPM/PGM, BMP only) into the runtime, from the header-only
 * library in /usr/include/stb (Debian's libstb-dev). */
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_PNM
#define STBI_ONLY_BMP
#define STBI_NO_LINEAR
#include <stb/stb_image.h>
