//===- OutputFile.cpp - Writing a tool's output files safely --------------===//
//
// See OutputFile.h for the guarantees. The one subtle case is a destination
// that is not a regular file: renaming a temporary over it would replace a
// FIFO or a device node (as root, `-o /dev/null` would leave a regular file
// named /dev/null), so such destinations are opened and written through.
//
//===----------------------------------------------------------------------===//

#include "accel/Support/OutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace accel;
namespace fs = llvm::sys::fs;

namespace {

llvm::Error cannotWrite(llvm::StringRef userPath, const llvm::Twine &why) {
  return llvm::createStringError("cannot write '" + userPath + "': " + why);
}

/// Temporaries handed to an upstream driver, removed at exit: llvm::cl
/// ends the process with exit(1) on a bad option, before the driver
/// returns and before the redirect could discard its temporary.
std::vector<std::string> &pendingTemporaries() {
  static std::vector<std::string> pending;
  return pending;
}

void removePendingTemporaries() {
  for (const std::string &temp : pendingTemporaries())
    fs::remove(temp);
}

/// A temporary sibling of `destination.path` (or, for write-through
/// destinations, a file in the system's temporary directory), removed if
/// the process is killed by a signal.
llvm::Expected<std::string> createTemporary(const OutputDestination &dest) {
  llvm::SmallString<256> temp;
  int fd = -1;
  std::error_code ec =
      dest.replace ? fs::createUniqueFile(dest.path + "-%%%%%%.tmp", fd, temp)
                   : fs::createTemporaryFile("accel-output", "tmp", fd, temp);
  if (ec)
    return cannotWrite(dest.userPath,
                       "cannot create a temporary file next to it: " +
                           ec.message());
  llvm::sys::RemoveFileOnSignal(temp);
  if (dest.replace) {
    // A replaced file keeps its permissions; a new one gets the usual
    // 0666 & ~umask instead of the temporary's 0600.
    llvm::ErrorOr<fs::perms> existing = fs::getPermissions(dest.path);
    fs::perms perms = existing ? *existing
                               : static_cast<fs::perms>(fs::all_read |
                                                        fs::all_write) &
                                     ~static_cast<fs::perms>(fs::getUmask());
    (void)fs::setPermissions(fd, perms);
  }
  fs::closeFile(fd);
  return std::string(temp);
}

void removeTemporary(llvm::StringRef temp) {
  fs::remove(temp);
  llvm::erase(pendingTemporaries(), temp.str());
  llvm::sys::DontRemoveFileOnSignal(temp);
}

llvm::Error writeBytes(llvm::StringRef path, llvm::StringRef userPath,
                       llvm::ArrayRef<uint8_t> bytes) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, fs::OF_None);
  if (ec)
    return cannotWrite(userPath, ec.message());
  os.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  os.close();
  if (os.has_error()) {
    std::string message = os.error().message();
    os.clear_error();
    return cannotWrite(userPath, message);
  }
  return llvm::Error::success();
}

/// Moves a fully written temporary to its destination.
llvm::Error putInPlace(llvm::StringRef temp, const OutputDestination &dest) {
  if (dest.replace) {
    std::error_code ec = fs::rename(temp, dest.path);
    if (ec) {
      removeTemporary(temp);
      return cannotWrite(dest.userPath, ec.message());
    }
    llvm::sys::DontRemoveFileOnSignal(temp);
    llvm::erase(pendingTemporaries(), temp.str());
    return llvm::Error::success();
  }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(temp, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer) {
    removeTemporary(temp);
    return cannotWrite(dest.userPath, buffer.getError().message());
  }
  llvm::StringRef data = (*buffer)->getBuffer();
  llvm::Error error = writeBytes(
      dest.path, dest.userPath,
      llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(data.data()),
                              data.size()));
  removeTemporary(temp);
  return error;
}

} // namespace

llvm::Expected<OutputDestination> accel::resolveOutput(llvm::StringRef path) {
  OutputDestination dest;
  dest.userPath = path.str();
  dest.path = path.str();
  if (path.empty())
    return llvm::createStringError(llvm::Twine("the output file name is empty"));
  fs::file_status status;
  std::error_code ec = fs::status(path, status, /*Follow=*/true);
  if (!ec) {
    if (fs::is_directory(status))
      return cannotWrite(path, "it is a directory");
    if (!fs::is_regular_file(status)) {
      dest.replace = false; // FIFO, device, socket: write through
      return dest;
    }
    llvm::SmallString<256> real;
    if (std::error_code realError = fs::real_path(path, real))
      return cannotWrite(path, realError.message());
    dest.path = std::string(real);
    return dest;
  }
  if (ec != std::errc::no_such_file_or_directory)
    return cannotWrite(path, ec.message());
  // A dangling symbolic link: opening it creates its target, which is what
  // writing "to the link" means; do not replace the link itself.
  fs::file_status linkStatus;
  if (!fs::status(path, linkStatus, /*Follow=*/false) &&
      linkStatus.type() == fs::file_type::symlink_file) {
    dest.replace = false;
    return dest;
  }
  llvm::StringRef parent = llvm::sys::path::parent_path(path);
  if (parent.empty())
    parent = ".";
  if (!fs::is_directory(parent))
    return cannotWrite(path, "directory '" + parent + "' does not exist");
  return dest;
}

namespace {
using FileRef = std::pair<llvm::StringRef, llvm::ArrayRef<uint8_t>>;

llvm::Error writeFileRefs(llvm::ArrayRef<FileRef> files);
} // namespace

llvm::Error accel::writeFileAtomically(llvm::StringRef path,
                                       llvm::ArrayRef<uint8_t> bytes) {
  return writeFileRefs({FileRef{path, bytes}});
}

llvm::Error accel::writeFilesAtomically(
    llvm::ArrayRef<std::pair<std::string, std::vector<uint8_t>>> files) {
  std::vector<FileRef> refs;
  for (const auto &[path, bytes] : files)
    refs.push_back({path, bytes});
  return writeFileRefs(refs);
}

namespace {
llvm::Error writeFileRefs(llvm::ArrayRef<FileRef> files) {
  std::vector<OutputDestination> destinations;
  llvm::StringSet<> seen;
  for (const auto &file : files) {
    llvm::Expected<OutputDestination> dest = resolveOutput(file.first);
    if (!dest)
      return dest.takeError();
    if (!seen.insert(dest->path).second)
      return llvm::createStringError("two outputs are written to '" +
                                     file.first + "'");
    destinations.push_back(std::move(*dest));
  }
  // Stage every regular-file output first; write-through destinations
  // cannot be staged and are written last, after every temporary exists.
  std::vector<std::string> temps(files.size());
  auto discardAll = [&]() {
    for (const std::string &temp : temps)
      if (!temp.empty())
        removeTemporary(temp);
  };
  for (size_t i = 0; i < files.size(); ++i) {
    if (!destinations[i].replace)
      continue;
    llvm::Expected<std::string> temp = createTemporary(destinations[i]);
    if (!temp) {
      discardAll();
      return temp.takeError();
    }
    temps[i] = *temp;
    if (llvm::Error error =
            writeBytes(temps[i], destinations[i].userPath, files[i].second)) {
      discardAll();
      return error;
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    llvm::Error error =
        destinations[i].replace
            ? putInPlace(temps[i], destinations[i])
            : writeBytes(destinations[i].path, destinations[i].userPath,
                         files[i].second);
    temps[i].clear();
    if (error) {
      // Only a vanished directory or a full disk gets here; the outputs
      // already in place are complete.
      discardAll();
      return error;
    }
  }
  return llvm::Error::success();
}
} // namespace

llvm::Expected<RedirectedOutput>
RedirectedOutput::fromArgs(std::vector<char *> &args) {
  std::optional<std::pair<size_t, llvm::StringRef>> found; // index, prefix
  for (size_t i = 1; i < args.size(); ++i) {
    llvm::StringRef arg = args[i];
    if (arg == "--")
      break;
    if ((arg == "-o" || arg == "--o") && i + 1 < args.size())
      found = {i + 1, ""};
    else if (arg.starts_with("-o="))
      found = {i, "-o="};
    else if (arg.starts_with("--o="))
      found = {i, "--o="};
  }
  RedirectedOutput redirect;
  if (!found)
    return redirect;
  llvm::StringRef value = args[found->first];
  value.consume_front(found->second);
  if (value == "-")
    return redirect;
  llvm::Expected<OutputDestination> dest = resolveOutput(value);
  if (!dest)
    return dest.takeError();
  llvm::Expected<std::string> temp = createTemporary(*dest);
  if (!temp)
    return temp.takeError();
  if (pendingTemporaries().empty())
    std::atexit(removePendingTemporaries);
  pendingTemporaries().push_back(*temp);
  redirect.destination = std::move(*dest);
  redirect.tempPath = std::move(*temp);
  redirect.argument =
      std::make_unique<std::string>((found->second + redirect.tempPath).str());
  args[found->first] = redirect.argument->data();
  return redirect;
}

RedirectedOutput::RedirectedOutput(RedirectedOutput &&other)
    : destination(std::move(other.destination)),
      tempPath(std::move(other.tempPath)),
      argument(std::move(other.argument)) {
  other.tempPath.clear();
}

RedirectedOutput::~RedirectedOutput() { discard(); }

llvm::Error RedirectedOutput::commit() {
  if (!active())
    return llvm::Error::success();
  std::string temp = std::move(tempPath);
  tempPath.clear();
  return putInPlace(temp, destination);
}

void RedirectedOutput::discard() {
  if (!active())
    return;
  removeTemporary(tempPath);
  tempPath.clear();
}

int accel::runWithRedirectedOutput(
    llvm::StringRef tool, std::vector<char *> args,
    llvm::function_ref<bool(int argc, char **argv)> driver) {
  llvm::Expected<RedirectedOutput> output = RedirectedOutput::fromArgs(args);
  if (!output) {
    llvm::WithColor::error(llvm::errs(), tool)
        << llvm::toString(output.takeError()) << "\n";
    return 1;
  }
  if (!driver(int(args.size()), args.data())) {
    output->discard();
    return 1;
  }
  if (llvm::Error error = output->commit()) {
    llvm::WithColor::error(llvm::errs(), tool)
        << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  return 0;
}
