// Where programs are: this one's own path, and the program a command's
// first word names (as execvp would find it), checked before it is run.
#ifndef XSB_SHIM_ENV_BASE_PROGRAM_PATH_H_
#define XSB_SHIM_ENV_BASE_PROGRAM_PATH_H_

#include <string>

namespace xsb {

// This program's path (/proc/self/exe); "" when it cannot be read.
std::string SelfExecutable();
// The folder `name` beside this program (SelfExecutable's folder + name),
// or `name` alone when this program's path is unknown.
std::string BesideSelf(const std::string& name);

// Whether `path` is a file this process may execute; false with *error
// naming the path, e.g. "/opt/xsb_worker: no such file".
bool CheckExecutableFile(const std::string& path, std::string* error);

// The program a command's first word names: a word with a '/' is a path
// (made absolute against the working directory); any other word is looked
// up in the folders of `search_path` (PATH's format), as execvp does. False
// with *error (one phrase) when there is no such file, it is not
// executable, or no folder of the path holds it.
bool FindProgram(const std::string& word, const std::string& search_path,
                 std::string* path, std::string* error);

// The folder of `path` as the user gave it, absolute when it is relative
// (against the working directory): where a file's relative paths start.
std::string FolderOf(const std::string& path);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_PROGRAM_PATH_H_
