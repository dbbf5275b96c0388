/* stb_impl.c: the one translation unit that compiles the stb_image decoder
 * (PNG, JPEG, PPM/PGM, BMP only) and stb_image_resize into the runtime, from
 * the header-only libraries in /usr/include/stb (Debian's libstb-dev). */
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_PNM
#define STBI_ONLY_BMP
#define STBI_NO_LINEAR
#include <stb/stb_image.h>

#define STB_IMAGE_RESIZE_IMPLEMENTATION
#include <stb/stb_image_resize.h>
