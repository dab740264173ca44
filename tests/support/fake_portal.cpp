#include "support/fake_portal.h"

#include <systemd/sd-bus.h>

#include <atomic>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace kneeviz::test {

struct FakePortal::Impl {
  sd_bus* bus = nullptr;
  sd_bus_slot* object = nullptr;
  sd_bus_slot* requests = nullptr;
  std::atomic<bool> stop{false};
  std::thread thread;
  mutable std::mutex mutex;
  Reply reply = Reply::cancel;
  std::string uri;
  std::vector<Asked> asked;
  std::vector<std::string> closed;

  static int on_dialog(sd_bus_message* m, void* user, sd_bus_error* error);
  static int on_close(sd_bus_message* m, void* user, sd_bus_error* error);
};

namespace {

// Reads the a{sv} options of a FileChooser call into `asked`.
int read_options(sd_bus_message* m, FakePortal::Asked& asked) {
  int r = sd_bus_message_enter_container(m, 'a', "{sv}");
  while (r >= 0 && (r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
    const char* key = nullptr;
    r = sd_bus_message_read(m, "s", &key);
    if (r < 0) break;
    const char* text = nullptr;
    if (std::strcmp(key, "handle_token") == 0 || std::strcmp(key, "current_name") == 0) {
      r = sd_bus_message_read(m, "v", "s", &text);
      if (r >= 0) (key[0] == 'h' ? asked.handle_token : asked.current_name) = text;
    } else if (std::strcmp(key, "modal") == 0) {
      int modal = 0;
      r = sd_bus_message_read(m, "v", "b", &modal);
      asked.modal = modal != 0;
    } else if (std::strcmp(key, "current_folder") == 0) {
      const void* bytes = nullptr;
      std::size_t size = 0;
      r = sd_bus_message_enter_container(m, 'v', "ay");
      if (r >= 0) r = sd_bus_message_read_array(m, 'y', &bytes, &size);
      // Sent with its terminating NUL, as the portal's documentation asks.
      if (r >= 0 && size > 0) asked.current_folder.assign(static_cast<const char*>(bytes), size - 1);
      if (r >= 0) r = sd_bus_message_exit_container(m);
    } else if (std::strcmp(key, "filters") == 0) {
      r = sd_bus_message_enter_container(m, 'v', "a(sa(us))");
      if (r >= 0) r = sd_bus_message_enter_container(m, 'a', "(sa(us))");
      while (r >= 0 && (r = sd_bus_message_enter_container(m, 'r', "sa(us)")) > 0) {
        const char* label = nullptr;
        r = sd_bus_message_read(m, "s", &label);
        if (r >= 0) r = sd_bus_message_enter_container(m, 'a', "(us)");
        std::uint32_t kind = 0;
        const char* pattern = nullptr;
        while (r >= 0 && (r = sd_bus_message_read(m, "(us)", &kind, &pattern)) > 0)
          asked.patterns.emplace_back(pattern);
        if (r >= 0) r = sd_bus_message_exit_container(m);
        if (r >= 0) r = sd_bus_message_exit_container(m);
      }
      if (r >= 0) r = sd_bus_message_exit_container(m);
      if (r >= 0) r = sd_bus_message_exit_container(m);
    } else {
      r = sd_bus_message_skip(m, "v");
    }
    if (r >= 0) r = sd_bus_message_exit_container(m);
  }
  if (r >= 0) r = sd_bus_message_exit_container(m);
  return r;
}

}  // namespace

int FakePortal::Impl::on_dialog(sd_bus_message* m, void* user, sd_bus_error* error) {
  auto* self = static_cast<Impl*>(user);
  Asked asked;
  asked.method = sd_bus_message_get_member(m);
  const char* parent = nullptr;
  const char* title = nullptr;
  int r = sd_bus_message_read(m, "ss", &parent, &title);
  if (r < 0) return r;
  asked.parent_window = parent;
  asked.title = title;
  if ((r = read_options(m, asked)) < 0) return r;
  if (asked.handle_token.empty()) {
    sd_bus_error_set_const(error, "org.freedesktop.DBus.Error.InvalidArgs", "no handle_token");
    return -EINVAL;
  }
  std::string sender = sd_bus_message_get_sender(m) + 1;  // without the colon
  for (char& c : sender)
    if (c == '.') c = '_';
  const std::string handle = "/org/freedesktop/portal/desktop/request/" + sender + "/" + asked.handle_token;
  Reply reply;
  std::string uri;
  {
    std::lock_guard lock(self->mutex);
    self->asked.push_back(asked);
    reply = self->reply;
    uri = self->uri;
  }
  if ((r = sd_bus_reply_method_return(m, "o", handle.c_str())) < 0) return r;
  // Like xdg-desktop-portal, the answer comes as a signal on the request's object, after the reply.
  const char* request = "org.freedesktop.portal.Request";
  if (reply == Reply::choose)
    r = sd_bus_emit_signal(self->bus, handle.c_str(), request, "Response", "ua{sv}", 0u, 1, "uris", "as", 1,
                           uri.c_str());
  else if (reply == Reply::cancel || reply == Reply::fail)
    r = sd_bus_emit_signal(self->bus, handle.c_str(), request, "Response", "ua{sv}",
                           reply == Reply::cancel ? 1u : 2u, 0);
  return r < 0 ? r : 1;
}

int FakePortal::Impl::on_close(sd_bus_message* m, void* user, sd_bus_error*) {
  auto* self = static_cast<Impl*>(user);
  {
    std::lock_guard lock(self->mutex);
    self->closed.emplace_back(sd_bus_message_get_path(m));
  }
  return sd_bus_reply_method_return(m, "");
}

namespace {

const sd_bus_vtable kChooserVtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("OpenFile", "ssa{sv}", "o", FakePortal::Impl::on_dialog, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("SaveFile", "ssa{sv}", "o", FakePortal::Impl::on_dialog, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END};

const sd_bus_vtable kRequestVtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Close", "", "", FakePortal::Impl::on_close, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END};

}  // namespace

FakePortal::FakePortal() : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  int r = sd_bus_open_user(&s.bus);
  if (r >= 0)
    r = sd_bus_add_object_vtable(s.bus, &s.object, "/org/freedesktop/portal/desktop",
                                 "org.freedesktop.portal.FileChooser", kChooserVtable, &s);
  if (r >= 0)
    r = sd_bus_add_fallback_vtable(s.bus, &s.requests, "/org/freedesktop/portal/desktop/request",
                                   "org.freedesktop.portal.Request", kRequestVtable, nullptr, &s);
  if (r >= 0) r = sd_bus_request_name(s.bus, "org.freedesktop.portal.Desktop", 0);
  if (r < 0) {
    sd_bus_slot_unref(s.requests);
    sd_bus_slot_unref(s.object);
    sd_bus_flush_close_unref(s.bus);
    throw std::runtime_error(std::string("the fake portal cannot serve the session bus: ") +
                             std::strerror(-r));
  }
  s.thread = std::thread([&s] {
    while (!s.stop) {
      const int processed = sd_bus_process(s.bus, nullptr);
      if (processed < 0) break;
      if (processed == 0) sd_bus_wait(s.bus, 20'000);
    }
  });
}

FakePortal::~FakePortal() {
  impl_->stop = true;
  impl_->thread.join();
  sd_bus_slot_unref(impl_->requests);
  sd_bus_slot_unref(impl_->object);
  sd_bus_flush_close_unref(impl_->bus);
}

void FakePortal::answer(Reply reply, std::string uri) {
  std::lock_guard lock(impl_->mutex);
  impl_->reply = reply;
  impl_->uri = std::move(uri);
}

std::vector<FakePortal::Asked> FakePortal::asked() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->asked;
}

std::vector<std::string> FakePortal::closed() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->closed;
}

}  // namespace kneeviz::test
