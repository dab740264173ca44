/* The floor of bench/compare.sh: the least a GL program can do to draw kneeviz's triangles.
 * One vertex buffer, one draw call, the simplest shader (a fixed light on the normal), into an
 * 8x multisampled 1920x1080 framebuffer (fewer where the driver has fewer, as kneeviz does), resolved each frame, on a GL
 * 3.3 core context from EGL's surfaceless platform. Prints the frame times; never a test.
 *
 *   cc -O2 -o floor bench/floor.c -lEGL -lOpenGL -lm
 *   kneeviz bench --dump-triangles leg.tri && ./floor leg.tri [frames] [out.ppm]
 *
 * The triangle file, what kneeviz bench's first frame draws: uint32 triangle count, the camera's
 * view-projection (16 floats, column by column), then 3 vertices a triangle of 6 floats (position,
 * normal), little endian. The floor looks through the same camera at the same triangles. */
#define GL_GLEXT_PROTOTYPES 1
#define EGL_EGLEXT_PROTOTYPES 1
#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GL/gl.h>
#include <GL/glext.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/resource.h>

enum { W = 1920, H = 1080 };
static GLint SAMPLES = 8; /* clamped to GL_MAX_SAMPLES, as kneeviz clamps (llvmpipe: 4) */

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static int compare(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static GLuint shader(GLenum type, const char* text) {
  GLuint s = glCreateShader(type);
  glShaderSource(s, 1, &text, NULL);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[1024];
    glGetShaderInfoLog(s, sizeof log, NULL, log);
    fprintf(stderr, "floor: shader: %s\n", log);
    exit(1);
  }
  return s;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: floor TRIANGLES [frames] [out.ppm]\n");
    return 2;
  }
  const int frames = argc > 2 ? atoi(argv[2]) : 120;
  FILE* in = fopen(argv[1], "rb");
  uint32_t triangles = 0;
  if (!in || fread(&triangles, 4, 1, in) != 1) {
    fprintf(stderr, "floor: cannot read %s\n", argv[1]);
    return 1;
  }
  float view_projection[16];
  if (fread(view_projection, sizeof(float), 16, in) != 16) {
    fprintf(stderr, "floor: %s has no camera\n", argv[1]);
    return 1;
  }
  const size_t floats = (size_t)triangles * 18;
  float* data = malloc(floats * sizeof(float));
  if (!data || fread(data, sizeof(float), floats, in) != floats) {
    fprintf(stderr, "floor: %s is short\n", argv[1]);
    return 1;
  }
  fclose(in);
  EGLDisplay display = EGL_NO_DISPLAY;
  PFNEGLGETPLATFORMDISPLAYEXTPROC get_platform_display =
      (PFNEGLGETPLATFORMDISPLAYEXTPROC)eglGetProcAddress("eglGetPlatformDisplayEXT");
  if (get_platform_display) display = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
  if (display == EGL_NO_DISPLAY) display = eglGetDisplay(EGL_DEFAULT_DISPLAY);
  if (!eglInitialize(display, NULL, NULL) || !eglBindAPI(EGL_OPENGL_API)) {
    fprintf(stderr, "floor: no EGL display\n");
    return 1;
  }
  const EGLint config_attributes[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
  EGLConfig config;
  EGLint count = 0;
  eglChooseConfig(display, config_attributes, &config, 1, &count);
  const EGLint context_attributes[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                       EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                       EGL_NONE};
  EGLContext context = eglCreateContext(display, count ? config : EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, context_attributes);
  if (context == EGL_NO_CONTEXT || !eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
    fprintf(stderr, "floor: no GL 3.3 core context\n");
    return 1;
  }

  GLint max_samples = 0;
  glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
  if (max_samples < SAMPLES) SAMPLES = max_samples;
  GLuint fbo[2], colour[2], depth;
  glGenFramebuffers(2, fbo);
  glGenRenderbuffers(2, colour);
  glGenRenderbuffers(1, &depth);
  glBindRenderbuffer(GL_RENDERBUFFER, colour[0]);
  glRenderbufferStorageMultisample(GL_RENDERBUFFER, SAMPLES, GL_RGBA8, W, H);
  glBindRenderbuffer(GL_RENDERBUFFER, depth);
  glRenderbufferStorageMultisample(GL_RENDERBUFFER, SAMPLES, GL_DEPTH_COMPONENT24, W, H);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo[0]);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour[0]);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth);
  glBindRenderbuffer(GL_RENDERBUFFER, colour[1]);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, W, H);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo[1]);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour[1]);

  GLuint vao, vbo;
  glGenVertexArrays(1, &vao);
  glBindVertexArray(vao);
  glGenBuffers(1, &vbo);
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(floats * sizeof(float)), data, GL_STATIC_DRAW);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 24, (void*)0);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, 24, (void*)12);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);

  const char* vs =
      "#version 330 core\n"
      "layout(location = 0) in vec3 p; layout(location = 1) in vec3 n;\n"
      "uniform mat4 view_projection; out vec3 normal;\n"
      "void main() { gl_Position = view_projection * vec4(p, 1.0); normal = n; }\n";
  const char* fs =
      "#version 330 core\n"
      "in vec3 normal; out vec4 colour;\n"
      "void main() { colour = vec4(vec3(0.2 + 0.8 * max(dot(normalize(normal), normalize(vec3(0.3, 0.5, 1.0))), 0.0)), 1.0); }\n";
  GLuint program = glCreateProgram();
  glAttachShader(program, shader(GL_VERTEX_SHADER, vs));
  glAttachShader(program, shader(GL_FRAGMENT_SHADER, fs));
  glLinkProgram(program);
  glUseProgram(program);
  glUniformMatrix4fv(glGetUniformLocation(program, "view_projection"), 1, GL_FALSE, view_projection);
  glEnable(GL_DEPTH_TEST);
  glEnable(GL_CULL_FACE);
  glViewport(0, 0, W, H);

  double* times = malloc(sizeof(double) * (size_t)(frames > 0 ? frames : 1));
  for (int i = 0; i < frames; ++i) {
    const double start = now_ms();
    glBindFramebuffer(GL_FRAMEBUFFER, fbo[0]);
    glClearColor(0.1f, 0.1f, 0.12f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    glDrawArrays(GL_TRIANGLES, 0, (GLsizei)(triangles * 3));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo[0]);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo[1]);
    glBlitFramebuffer(0, 0, W, H, 0, 0, W, H, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glFinish();
    times[i] = now_ms() - start;
  }
  if (argc > 3) {
    unsigned char* rgb = malloc((size_t)W * H * 3);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo[1]);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, W, H, GL_RGB, GL_UNSIGNED_BYTE, rgb);
    FILE* out = fopen(argv[3], "wb");
    fprintf(out, "P6 %d %d 255\n", W, H);
    for (int y = H - 1; y >= 0; --y) fwrite(rgb + (size_t)y * W * 3, 1, (size_t)W * 3, out);
    fclose(out);
  }
  /* The first frame (shader compile, first upload) is reported apart, as kneeviz bench does. */
  const double first = times[0];
  const int n = frames > 1 ? frames - 1 : 1;
  qsort(frames > 1 ? times + 1 : times, (size_t)n, sizeof(double), compare);
  const double* steady = frames > 1 ? times + 1 : times;
  printf("floor: %u triangles, %dx%d, %dx MSAA, %s\n", triangles, W, H, SAMPLES, (const char*)glGetString(GL_RENDERER));
  printf("floor: frame time median %.2f ms, p95 %.2f ms (first %.2f ms, %d frames)\n", steady[n / 2],
         steady[(int)(n * 0.95) < n ? (int)(n * 0.95) : n - 1], first, frames);
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  printf("floor: peak resident %.1f MB\n", usage.ru_maxrss / 1024.0);
  printf("FLOOR_MEDIAN_MS=%.3f\n", steady[n / 2]);
  printf("FLOOR_PEAK_MB=%.1f\n", usage.ru_maxrss / 1024.0);
  return 0;
}
