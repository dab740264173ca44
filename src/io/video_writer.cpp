#include "io/video_writer.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "io/atomic_file.h"
#include "io/png.h"

namespace kneeviz::io {
namespace {

std::string shell_quoted(const std::string& text) {
  std::string result = "'";
  for (char c : text) result += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return result + "'";
}

bool is_video_name(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".mp4" || ext == ".mkv" || ext == ".mov" || ext == ".webm";
}

// "H:MM:SS.cc" (ASS) or "HH:MM:SS,mmm" (SRT).
std::string timestamp(double seconds, bool srt) {
  const long units = std::lround(std::max(seconds, 0.0) * (srt ? 1000.0 : 100.0));
  const long per_second = srt ? 1000 : 100;
  const long s = units / per_second, fraction = units % per_second;
  char text[32];
  if (srt) std::snprintf(text, sizeof text, "%02ld:%02ld:%02ld,%03ld", s / 3600, s / 60 % 60, s % 60, fraction);
  else std::snprintf(text, sizeof text, "%ld:%02ld:%02ld.%02ld", s / 3600, s / 60 % 60, s % 60, fraction);
  return text;
}

std::string srt_script(const std::vector<Caption>& captions) {
  std::string script;
  int number = 0;
  for (const Caption& caption : captions)
    script += std::to_string(++number) + "\n" + timestamp(caption.start_s, true) + " --> " +
              timestamp(caption.end_s, true) + "\n" + caption.text + "\n\n";
  return script;
}

// ffmpeg's filter syntax gives meaning to \ ' : , ; [ ] =: such a path is passed escaped.
std::string filter_path(const std::string& path) {
  std::string escaped;
  for (char c : path) {
    if (c == '\\' || c == '\'' || c == ':' || c == ',' || c == ';' || c == '[' || c == ']' || c == '=')
      escaped += "\\\\";
    escaped += c;
  }
  return escaped;
}

}  // namespace

std::string captions_script(const std::vector<Caption>& captions, glm::ivec2 size) {
  const int font = std::max(12, size.y / 26), margin = std::max(8, size.y / 18), box = std::max(4, font / 3);
  std::string script =
      "[Script Info]\nScriptType: v4.00+\nWrapStyle: 0\nScaledBorderAndShadow: yes\n"
      "PlayResX: " + std::to_string(size.x) + "\nPlayResY: " + std::to_string(size.y) + "\n\n"
      "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
      "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, "
      "Alignment, MarginL, MarginR, MarginV, Encoding\n"
      // BorderStyle 3: an opaque box behind the text, in OutlineColour (AABBGGRR, alpha 0 opaque).
      "Style: Caption,DejaVu Sans," + std::to_string(font) + ",&H00FAF2EB,&H00FAF2EB,&H30100C0A,&H30100C0A,"
      "0,0,0,0,100,100,0,0,3," + std::to_string(box) + ",0,2," + std::to_string(size.x / 10) + "," +
      std::to_string(size.x / 10) + "," + std::to_string(margin) + ",1\n\n"
      "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";
  for (const Caption& caption : captions) {
    // Braces start override codes and a backslash escapes: neither belongs in plain caption text.
    std::string text;
    for (char c : caption.text) text += c == '{' ? '(' : c == '}' ? ')' : c == '\\' ? '/' : c == '\n' ? ' ' : c;
    script += "Dialogue: 0," + timestamp(caption.start_s, false) + "," + timestamp(caption.end_s, false) +
              ",Caption,,0,0,0,," + text + "\n";
  }
  return script;
}

VideoWriter::VideoWriter(const std::filesystem::path& out, glm::ivec2 size, int fps, const std::vector<Caption>& captions)
    : out_(out), size_(size) {
  std::error_code error;
  if (!is_video_name(out)) {
    std::filesystem::create_directories(out, error);
    if (error) throw FileError(out.string() + ": cannot make the folder for the frames: " + error.message());
    if (!captions.empty()) {
      const std::string script = srt_script(captions);
      write_file_atomically(out / "captions.srt",
                            {reinterpret_cast<const unsigned char*>(script.data()), script.size()});
    }
    return;
  }
  const std::filesystem::path folder = out.has_parent_path() ? out.parent_path() : ".";
  if (!std::filesystem::is_directory(folder, error))
    throw FileError(out.string() + ": cannot write, the folder " + folder.string() + " does not exist");
  if (std::system("command -v ffmpeg > /dev/null 2>&1") != 0)
    throw FileError(out.string() + ": writing video needs ffmpeg, which is not installed (Debian/Ubuntu: "
                    "apt install ffmpeg); or give a folder instead, for PNG frames");
  // Beside the target, so the final rename stays on one file system; the extension tells ffmpeg
  // the container.
  temporary_ = folder / ("." + out.stem().string() + ".tmp" + std::to_string(::getpid()) + out.extension().string());
  // yuv420p needs even sizes; the frames are padded by a pixel if they are odd.
  std::string filters = "pad=ceil(iw/2)*2:ceil(ih/2)*2";
  if (!captions.empty()) {
    captions_file_ = folder / ("." + out.stem().string() + ".tmp" + std::to_string(::getpid()) + ".ass");
    std::ofstream(captions_file_) << captions_script(captions, size);
    if (!std::filesystem::exists(captions_file_, error))
      throw FileError(out.string() + ": cannot write the captions beside it, in " + folder.string());
    filters += ",ass=" + filter_path(std::filesystem::absolute(captions_file_).string());
  }
  const std::string command = "ffmpeg -loglevel error -y -f rawvideo -pix_fmt rgba -s " + std::to_string(size.x) +
                              "x" + std::to_string(size.y) + " -r " + std::to_string(fps) + " -i - -vf " +
                              shell_quoted(filters) + " -c:v libx264 -preset medium -crf 18"
                              " -pix_fmt yuv420p -movflags +faststart " + shell_quoted(temporary_.string());
  pipe_ = ::popen(command.c_str(), "w");
  if (!pipe_) throw FileError(out.string() + ": could not start ffmpeg");
}

VideoWriter::~VideoWriter() {
  std::error_code error;
  if (pipe_) {
    ::pclose(pipe_);
    std::filesystem::remove(temporary_, error);
  }
  if (!captions_file_.empty()) std::filesystem::remove(captions_file_, error);
}

std::optional<int> count_video_frames(const std::filesystem::path& file) {
  const std::string command = "ffprobe -v error -count_packets -select_streams v:0 -show_entries "
                              "stream=nb_read_packets -of csv=p=0 " +
                              shell_quoted(file.string()) + " 2>/dev/null";
  FILE* probe = ::popen(command.c_str(), "r");
  if (!probe) return std::nullopt;
  std::string out;
  char buffer[64];
  while (std::fgets(buffer, sizeof buffer, probe)) out += buffer;
  if (::pclose(probe) != 0) return std::nullopt;
  int frames = -1;
  if (std::sscanf(out.c_str(), "%d", &frames) != 1 || frames < 0) return std::nullopt;
  return frames;
}

void VideoWriter::write(const std::vector<std::uint8_t>& rgba) {
  if (pipe_) {
    if (std::fwrite(rgba.data(), 1, rgba.size(), pipe_) != rgba.size())
      throw FileError(out_.string() + ": ffmpeg stopped taking frames (see its message above)");
  } else {
    char name[32];
    std::snprintf(name, sizeof name, "frame-%05d.png", frames_);
    write_png(out_ / name, size_, rgba);
  }
  ++frames_;
}

void VideoWriter::finish() {
  if (!pipe_) return;
  const int status = ::pclose(pipe_);
  pipe_ = nullptr;
  std::error_code error;
  if (status != 0) {
    std::filesystem::remove(temporary_, error);
    throw FileError(out_.string() + ": ffmpeg failed to encode the video (exit status " + std::to_string(status) + ")");
  }
  // ffmpeg can fail to write the end of the file (a full disk) and still exit 0: the clip is read
  // back before it replaces anything, and must hold every frame.
  const std::optional<int> frames = count_video_frames(temporary_);
  if (!frames || *frames != frames_) {
    std::filesystem::remove(temporary_, error);
    throw FileError(out_.string() + ": the encoded video is incomplete (" +
                    (frames ? std::to_string(*frames) + " of " + std::to_string(frames_) + " frames"
                            : std::string("ffprobe cannot read it")) +
                    "; is the disk full?); nothing was written over " + out_.filename().string());
  }
  std::filesystem::rename(temporary_, out_, error);
  if (error) {
    std::filesystem::remove(temporary_, error);
    throw FileError(out_.string() + ": cannot put the video in place: " + error.message());
  }
  finished_video_ = true;
}

}  // namespace kneeviz::io
