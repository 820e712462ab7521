// A shared library opened with dlopen, closed by its destructor, and the
// symbols looked up in it.
#ifndef XSB_BENCH_TELEMETRY_DL_LIBRARY_H_
#define XSB_BENCH_TELEMETRY_DL_LIBRARY_H_

#include <dlfcn.h>

#include <memory>
#include <string>

namespace xsb {

class DlLibrary {
 public:
  // Null with *why_not (dlerror's words) when it cannot be opened.
  static std::unique_ptr<DlLibrary> Open(const std::string& name,
                                         std::string* why_not) {
    void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* error = dlerror();
      *why_not = error != nullptr ? error : name + ": cannot be opened";
      return nullptr;
    }
    return std::unique_ptr<DlLibrary>(new DlLibrary(handle));
  }
  ~DlLibrary() { dlclose(handle_); }
  DlLibrary(const DlLibrary&) = delete;
  DlLibrary& operator=(const DlLibrary&) = delete;

  // The function `name` as type F, or null when the library lacks it.
  template <typename F>
  F Find(const char* name) const {
    return reinterpret_cast<F>(dlsym(handle_, name));
  }
  // The file the loader found, for the source line.
  std::string Path() const {
    char path[4096] = {};
    if (dlinfo(handle_, RTLD_DI_ORIGIN, path) != 0) return "";
    return path;
  }

 private:
  explicit DlLibrary(void* handle) : handle_(handle) {}
  void* handle_;
};

}  // namespace xsb

#endif  // XSB_BENCH_TELEMETRY_DL_LIBRARY_H_
