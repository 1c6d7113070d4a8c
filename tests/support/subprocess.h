// Runs a program for a test and collects its exit code, stdout and stderr
// (fork + execv, no shell, so arguments need no quoting). Plus the small
// file helpers such tests need.
#pragma once

#include <string>
#include <vector>

namespace hip::test {

struct CommandResult {
  int exit_code = -1;  // -1 when the program could not run or died on a signal
  std::string out;
  std::string err;
};

// argv[0] is the program's path (or a name looked up in PATH).
CommandResult run_command(const std::vector<std::string>& argv);

// The absolute path of `name` found in PATH, or empty.
std::string find_in_path(const std::string& name);

bool file_exists(const std::string& path);

// A path for a scratch file, unique to this process and `name`, in the test
// temp directory.
std::string scratch_path(const std::string& name);

}  // namespace hip::test
