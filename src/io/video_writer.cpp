#include "io/video_writer.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
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
  if (srt)
    std::snprintf(text, sizeof text, "%02ld:%02ld:%02ld,%03ld", s / 3600, s / 60 % 60, s % 60, fraction);
  else
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld.%02ld", s / 3600, s / 60 % 60, s % 60, fraction);
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
      "PlayResX: " +
      std::to_string(size.x) + "\nPlayResY: " + std::to_string(size.y) +
      "\n\n"
      "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
      "BackColour, "
      "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, "
      "Alignment, MarginL, MarginR, MarginV, Encoding\n"
      // BorderStyle 3: an opaque box behind the text, in OutlineColour (AABBGGRR, alpha 0 opaque).
      "Style: Caption,DejaVu Sans," +
      std::to_string(font) +
      ",&H00FAF2EB,&H00FAF2EB,&H30100C0A,&H30100C0A,"
      "0,0,0,0,100,100,0,0,3," +
      std::to_string(box) + ",0,2," + std::to_string(size.x / 10) + "," + std::to_string(size.x / 10) + "," +
      std::to_string(margin) +
      ",1\n\n"
      "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";
  for (const Caption& caption : captions) {
    // Braces start override codes and a backslash escapes: neither belongs in plain caption text.
    std::string text;
    for (char c : caption.text)
      text += c == '{' ? '(' : c == '}' ? ')' : c == '\\' ? '/' : c == '\n' ? ' ' : c;
    script += "Dialogue: 0," + timestamp(caption.start_s, false) + "," + timestamp(caption.end_s, false) +
              ",Caption,,0,0,0,," + text + "\n";
  }
  return script;
}

namespace {

// The names kneeviz writes into a folder of frames: frame-00000.png... and captions.srt.
bool is_frame_file(const std::string& name) {
  if (name == "captions.srt") return true;
  if (name.size() != 15 || !name.starts_with("frame-") || !name.ends_with(".png")) return false;
  return std::all_of(name.begin() + 6, name.begin() + 11, [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

VideoWriter::VideoWriter(const std::filesystem::path& out, glm::ivec2 size, int fps,
                         const std::vector<Caption>& captions)
    : out_(out.filename().empty() ? out.parent_path() : out), size_(size) {
  std::error_code error;
  const std::filesystem::path folder = out_.has_parent_path() ? out_.parent_path() : ".";
  if (!is_video_name(out_)) {
    // Frames go to a fresh folder beside the target, swapped into place when the clip is whole:
    // an older, longer clip's frames never mix with these, and a clip cut short leaves the old.
    std::filesystem::create_directories(folder, error);
    if (error) throw FileError(out_.string() + ": cannot make the folder for the frames: " + error.message());
    if (std::filesystem::exists(out_, error)) {
      if (!std::filesystem::is_directory(out_, error))
        throw FileError(out_.string() +
                        ": is a file; expected a folder for the frames (or a name ending .mp4)");
      for (const auto& entry : std::filesystem::directory_iterator(out_, error))
        if (!is_frame_file(entry.path().filename().string()))
          throw FileError(out_.string() + ": the folder holds files that are not kneeviz frames (" +
                          entry.path().filename().string() +
                          "); give an empty or a new folder for the frames");
    }
    remove_stale_temporaries(folder, out_.filename().string());
    staging_ = temporary_beside(folder, out_.filename().string());
    std::filesystem::create_directory(staging_, error);
    if (error) throw FileError(out_.string() + ": cannot make the folder for the frames: " + error.message());
    if (!captions.empty()) {
      const std::string script = srt_script(captions);
      write_file_atomically(staging_ / "captions.srt",
                            {reinterpret_cast<const unsigned char*>(script.data()), script.size()});
    }
    return;
  }
  if (!std::filesystem::is_directory(folder, error))
    throw FileError(out_.string() + ": cannot write, the folder " + folder.string() + " does not exist");
  if (std::system("command -v ffmpeg > /dev/null 2>&1") != 0)
    throw FileError(out_.string() +
                    ": writing video needs ffmpeg, which is not installed (Debian/Ubuntu: "
                    "apt install ffmpeg); or give a folder instead, for PNG frames");
  // Beside the target, so the final rename stays on one file system; the extension tells ffmpeg
  // the container. What a killed run left there goes first.
  remove_stale_temporaries(folder, out_.stem().string());
  temporary_ = temporary_beside(folder, out_.stem().string(), out_.extension().string());
  // yuv420p needs even sizes; the frames are padded by a pixel if they are odd.
  std::string filters = "pad=ceil(iw/2)*2:ceil(ih/2)*2";
  if (!captions.empty()) {
    captions_file_ = temporary_beside(folder, out_.stem().string(), ".ass");
    const std::string script = captions_script(captions, size);
    std::FILE* file = std::fopen(captions_file_.c_str(), "w");
    const bool written = file && std::fwrite(script.data(), 1, script.size(), file) == script.size();
    const int write_errno = errno;
    if (file && std::fclose(file) != 0 && written)
      throw FileError(out_.string() + ": cannot write the captions beside it, in " + folder.string() + ": " +
                      std::strerror(errno));
    if (!written) {
      std::filesystem::remove(captions_file_, error);
      throw FileError(out_.string() + ": cannot write the captions beside it, in " + folder.string() + ": " +
                      std::strerror(write_errno));
    }
    filters += ",ass=" + filter_path(std::filesystem::absolute(captions_file_).string());
  }
  const std::string command = "ffmpeg -loglevel error -y -f rawvideo -pix_fmt rgba -s " +
                              std::to_string(size.x) + "x" + std::to_string(size.y) + " -r " +
                              std::to_string(fps) + " -i - -vf " + shell_quoted(filters) +
                              " -c:v libx264 -preset medium -crf 18"
                              " -pix_fmt yuv420p -movflags +faststart " +
                              shell_quoted(temporary_.string());
  pipe_ = ::popen(command.c_str(), "w");
  if (!pipe_) throw FileError(out_.string() + ": could not start ffmpeg: " + std::strerror(errno));
}

VideoWriter::~VideoWriter() {
  std::error_code error;
  if (pipe_) {
    ::pclose(pipe_);
    std::filesystem::remove(temporary_, error);
  }
  if (!captions_file_.empty()) std::filesystem::remove(captions_file_, error);
  if (!staging_.empty()) std::filesystem::remove_all(staging_, error);
}

std::optional<int> count_video_frames(const std::filesystem::path& file) {
  const std::string command =
      "ffprobe -v error -count_packets -select_streams v:0 -show_entries "
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
    write_png(staging_ / name, size_, rgba);
  }
  ++frames_;
}

void VideoWriter::finish() {
  if (!staging_.empty()) {
    finish_frames();
    return;
  }
  if (!pipe_) return;
  const int status = ::pclose(pipe_);
  pipe_ = nullptr;
  std::error_code error;
  if (status != 0) {
    std::filesystem::remove(temporary_, error);
    throw FileError(out_.string() + ": ffmpeg failed to encode the video (exit status " +
                    std::to_string(status) + ")");
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
    std::error_code cleanup;  // its own: the rename's error is the one to tell
    std::filesystem::remove(temporary_, cleanup);
    throw FileError(out_.string() + ": cannot put the video in place: " + error.message());
  }
  finished_video_ = true;
}

void VideoWriter::finish_frames() {
  const std::filesystem::path folder = out_.has_parent_path() ? out_.parent_path() : ".";
  std::error_code error;
  std::filesystem::path old;
  if (std::filesystem::exists(out_, error)) {  // the older clip steps aside, then goes
    old = temporary_beside(folder, out_.filename().string(), ".old");
    std::filesystem::rename(out_, old, error);
    if (error) throw FileError(out_.string() + ": cannot replace the older frames: " + error.message());
  }
  std::filesystem::rename(staging_, out_, error);
  if (error) {
    std::error_code cleanup;
    if (!old.empty()) std::filesystem::rename(old, out_, cleanup);
    throw FileError(out_.string() + ": cannot put the frames in place: " + error.message());
  }
  staging_.clear();
  if (!old.empty()) std::filesystem::remove_all(old, error);
}

}  // namespace kneeviz::io
