#include "desktop/portal_chooser.h"

#include <systemd/sd-bus.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <utility>

namespace kneeviz::desktop {
namespace {

constexpr const char* kPortal = "org.freedesktop.portal.Desktop";
constexpr const char* kPortalPath = "/org/freedesktop/portal/desktop";
constexpr const char* kChooser = "org.freedesktop.portal.FileChooser";
constexpr const char* kRequest = "org.freedesktop.portal.Request";
// The portal answers the call at once (the dialog opens afterwards); the first call may wait for
// the portal to be started by the bus, which takes a second or two on a slow machine.
constexpr std::uint64_t kCallTimeoutUs = 10'000'000;

std::string errno_text(int negative_errno) {
  return std::strerror(-negative_errno);
}

// The portal's object for a request: the caller's unique name without its colon, dots as
// underscores, and the caller's token (the documented scheme, so the answer can be watched for
// before the call is made and none is missed).
std::string request_path(const char* unique_name, const std::string& token) {
  std::string sender = unique_name[0] == ':' ? unique_name + 1 : unique_name;
  for (char& c : sender)
    if (c == '.') c = '_';
  return std::string(kPortalPath) + "/request/" + sender + "/" + token;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends the options of a FileChooser call: a{sv}. Returns a negative errno on failure.
int append_options(sd_bus_message* m, const ChooserRequest& request, const std::string& token) {
  int r = sd_bus_message_open_container(m, 'a', "{sv}");
  if (r >= 0) r = sd_bus_message_append(m, "{sv}", "handle_token", "s", token.c_str());
  if (r >= 0) r = sd_bus_message_append(m, "{sv}", "modal", "b", 1);
  if (r >= 0 && !request.filters.empty()) {
    // filters: a(sa(us)), each pattern tagged 0 (a glob, where 1 would be a MIME type).
    r = sd_bus_message_open_container(m, 'e', "sv");
    if (r >= 0) r = sd_bus_message_append(m, "s", "filters");
    if (r >= 0) r = sd_bus_message_open_container(m, 'v', "a(sa(us))");
    if (r >= 0) r = sd_bus_message_open_container(m, 'a', "(sa(us))");
    for (const FileFilter& filter : request.filters) {
      if (r >= 0) r = sd_bus_message_open_container(m, 'r', "sa(us)");
      if (r >= 0) r = sd_bus_message_append(m, "s", filter.label.c_str());
      if (r >= 0) r = sd_bus_message_open_container(m, 'a', "(us)");
      for (const std::string& pattern : filter.patterns)
        if (r >= 0) r = sd_bus_message_append(m, "(us)", 0u, pattern.c_str());
      if (r >= 0) r = sd_bus_message_close_container(m);
      if (r >= 0) r = sd_bus_message_close_container(m);
    }
    if (r >= 0) r = sd_bus_message_close_container(m);
    if (r >= 0) r = sd_bus_message_close_container(m);
    if (r >= 0) r = sd_bus_message_close_container(m);
  }
  const std::filesystem::path folder = request.current.parent_path();
  if (r >= 0 && folder.is_absolute() && std::filesystem::is_directory(folder)) {
    // current_folder is a byte string with its terminating NUL (paths need not be UTF-8).
    const std::string bytes = folder.string();
    r = sd_bus_message_open_container(m, 'e', "sv");
    if (r >= 0) r = sd_bus_message_append(m, "s", "current_folder");
    if (r >= 0) r = sd_bus_message_open_container(m, 'v', "ay");
    if (r >= 0) r = sd_bus_message_append_array(m, 'y', bytes.c_str(), bytes.size() + 1);
    if (r >= 0) r = sd_bus_message_close_container(m);
    if (r >= 0) r = sd_bus_message_close_container(m);
  }
  const std::string name = request.current.filename().string();
  if (r >= 0 && request.kind == ChooserRequest::Kind::save && !name.empty())
    r = sd_bus_message_append(m, "{sv}", "current_name", "s", name.c_str());
  if (r >= 0) r = sd_bus_message_close_container(m);
  return r;
}

// The first of the "uris" in a Response's results (a{sv}), or empty.
std::string first_uri(sd_bus_message* m) {
  std::string uri;
  if (sd_bus_message_enter_container(m, 'a', "{sv}") < 0) return uri;
  while (sd_bus_message_enter_container(m, 'e', "sv") > 0) {
    const char* key = nullptr;
    if (sd_bus_message_read(m, "s", &key) < 0) break;
    if (std::strcmp(key, "uris") == 0 && sd_bus_message_enter_container(m, 'v', "as") >= 0) {
      char** uris = nullptr;
      if (sd_bus_message_read_strv(m, &uris) >= 0 && uris) {
        if (uris[0]) uri = uris[0];
        for (char** u = uris; *u; ++u) std::free(*u);
        std::free(uris);
      }
      sd_bus_message_exit_container(m);
    } else if (sd_bus_message_skip(m, "v") < 0) {
      break;
    }
    sd_bus_message_exit_container(m);
  }
  return uri;
}

}  // namespace

struct PortalChooser::Bus {
  sd_bus* bus = nullptr;
  sd_bus_slot* response = nullptr;  // the match on the open request's Response signal
  ~Bus() {
    sd_bus_slot_unref(response);
    sd_bus_flush_close_unref(bus);
  }
};

PortalChooser::PortalChooser() {
  auto bus = std::make_unique<Bus>();
  const int r = sd_bus_open_user(&bus->bus);
  if (r < 0) {
    bus->bus = nullptr;
    why_ = "no session bus (" + errno_text(r) + ")";
    return;
  }
  bus_ = std::move(bus);
}

PortalChooser::~PortalChooser() {
  // A dialog still open belongs to a window about to go: ask the portal to close it.
  if (bus_ && state_ == State::dialog && !handle_.empty())
    sd_bus_call_method_async(bus_->bus, nullptr, kPortal, handle_.c_str(), kRequest, "Close", nullptr,
                             nullptr, "");
}

void PortalChooser::fail(std::string why) {
  failed_ = true;
  why_ = std::move(why);
  finish({ChooserAnswer::Outcome::unavailable, {}, why_});
}

void PortalChooser::finish(ChooserAnswer answer) {
  if (bus_) bus_->response = sd_bus_slot_unref(bus_->response);
  handle_.clear();
  state_ = State::idle;
  answer_ = std::move(answer);
}

bool PortalChooser::watch(const std::string& handle) {
  bus_->response = sd_bus_slot_unref(bus_->response);
  handle_ = handle;
  auto on_response = [](sd_bus_message* m, void* user, sd_bus_error*) -> int {
    auto* self = static_cast<PortalChooser*>(user);
    std::uint32_t code = 2;
    sd_bus_message_read(m, "u", &code);
    if (code == 1) {
      self->finish({ChooserAnswer::Outcome::cancelled, {}, {}});
    } else if (code != 0) {
      self->fail("the desktop's file chooser ended with an error");
    } else {
      const std::string uri = first_uri(m);
      if (const std::optional<std::filesystem::path> path = path_from_file_uri(uri))
        self->finish({ChooserAnswer::Outcome::chosen, *path, {}});
      else
        self->finish({ChooserAnswer::Outcome::cancelled,
                      {},
                      uri.empty() ? "no file was chosen" : "not a local file: " + uri});
    }
    return 0;
  };
  const int r = sd_bus_match_signal(bus_->bus, &bus_->response, nullptr, handle.c_str(), kRequest, "Response",
                                    on_response, this);
  if (r < 0) {
    fail("cannot watch the portal's answer (" + errno_text(r) + ")");
    return false;
  }
  return true;
}

bool PortalChooser::open(const ChooserRequest& request) {
  if (!available() || waiting()) return false;
  answer_.reset();
  const char* unique = nullptr;
  int r = sd_bus_get_unique_name(bus_->bus, &unique);
  if (r < 0) {
    fail("the session bus gave no name (" + errno_text(r) + ")");
    return false;
  }
  const std::string token = "kneeviz" + std::to_string(::getpid()) + "_" + std::to_string(++tokens_);
  if (!watch(request_path(unique, token))) return false;

  sd_bus_message* m = nullptr;
  r = sd_bus_message_new_method_call(bus_->bus, &m, kPortal, kPortalPath, kChooser,
                                     request.kind == ChooserRequest::Kind::open ? "OpenFile" : "SaveFile");
  if (r >= 0) r = sd_bus_message_append(m, "ss", request.parent_window.c_str(), request.title.c_str());
  if (r >= 0) r = append_options(m, request, token);
  auto on_reply = [](sd_bus_message* reply, void* user, sd_bus_error*) -> int {
    auto* self = static_cast<PortalChooser*>(user);
    if (self->state_ != State::calling) return 0;  // answered already
    if (const sd_bus_error* error = sd_bus_message_get_error(reply)) {
      self->fail(std::string("no desktop file chooser: ") + (error->message ? error->message : error->name));
      return 0;
    }
    const char* handle = nullptr;
    if (sd_bus_message_read(reply, "o", &handle) < 0) {
      self->fail("the desktop portal gave a malformed answer");
      return 0;
    }
    self->state_ = State::dialog;
    // Portals older than the documented scheme choose their own path: watch that one instead.
    if (self->handle_ != handle) self->watch(handle);
    return 0;
  };
  if (r >= 0) r = sd_bus_call_async(bus_->bus, nullptr, m, on_reply, this, kCallTimeoutUs);
  sd_bus_message_unref(m);
  if (r < 0) {
    fail("cannot ask the desktop portal (" + errno_text(r) + ")");
    return false;
  }
  state_ = State::calling;
  return true;
}

std::optional<ChooserAnswer> PortalChooser::poll() {
  if (bus_) {
    int r = 0;
    while ((r = sd_bus_process(bus_->bus, nullptr)) > 0) {
    }
    if (r < 0 && state_ != State::idle) fail("the session bus connection broke (" + errno_text(r) + ")");
  }
  return std::exchange(answer_, std::nullopt);
}

std::optional<ChooserAnswer> PortalChooser::wait(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    if (std::optional<ChooserAnswer> answer = poll()) return answer;
    const auto left = deadline - std::chrono::steady_clock::now();
    if (!bus_ || left <= decltype(left)::zero()) return std::nullopt;
    sd_bus_wait(bus_->bus, std::chrono::duration_cast<std::chrono::microseconds>(left).count());
  }
}

std::optional<std::filesystem::path> path_from_file_uri(const std::string& uri) {
  constexpr std::string_view scheme = "file://";
  if (uri.compare(0, scheme.size(), scheme) != 0) return std::nullopt;
  std::string_view rest = std::string_view(uri).substr(scheme.size());
  // An empty authority or "localhost": this machine.
  if (rest.starts_with("localhost/")) rest.remove_prefix(std::string_view("localhost").size());
  if (!rest.starts_with('/')) return std::nullopt;
  std::string path;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] != '%') {
      path += rest[i];
      continue;
    }
    if (i + 2 >= rest.size()) return std::nullopt;
    const int high = hex_digit(rest[i + 1]), low = hex_digit(rest[i + 2]);
    if (high < 0 || low < 0 || (high == 0 && low == 0)) return std::nullopt;
    path += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return std::filesystem::path(path);
}

}  // namespace kneeviz::desktop
