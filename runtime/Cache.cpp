//===- Cache.cpp - the persistent compile cache ---------------------------===//
//
// See Cache.h for the layout and the concurrency argument. The metadata
// carries the object's size and sha256 and a checksum of its own fields, so
// a truncated or partly overwritten entry is never loaded.
//
//===----------------------------------------------------------------------===//

#include "runtime/Cache.h"
#include "runtime/Target.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <chrono>
#include <unistd.h>

using namespace llvm;
using namespace symc::runtime;

namespace {

// 2: the IR enters the key as its xxh3-128 digest (see cacheKey).
constexpr int64_t kFormat = 2;

std::string sha256Hex(StringRef data) {
  return toHex(SHA256::hash(arrayRefFromStringRef(data)), /*LowerCase=*/true);
}

/// Hashes length-prefixed parts, so that no two part lists collide.
class KeyHasher {
public:
  KeyHasher &add(StringRef part) {
    uint64_t size = part.size();
    hasher.update(ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(&size), sizeof(size)));
    hasher.update(arrayRefFromStringRef(part));
    return *this;
  }
  std::string hex() { return toHex(hasher.final(), /*LowerCase=*/true); }

private:
  SHA256 hasher;
};

std::string metaChecksum(StringRef key, StringRef symbol, StringRef signature,
                         int64_t objectSize, StringRef objectSha) {
  return KeyHasher()
      .add(key)
      .add(symbol)
      .add(signature)
      .add(std::to_string(objectSize))
      .add(objectSha)
      .hex();
}

std::string uniqueSuffix() {
  static std::atomic<uint64_t> counter{0};
  return std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" +
         std::to_string(sys::Process::GetRandomNumber());
}

bool writeFile(const Twine &path, StringRef contents) {
  std::error_code ec;
  raw_fd_ostream out(path.str(), ec, sys::fs::OF_None);
  if (ec)
    return false;
  out << contents;
  out.close();
  return !out.has_error();
}

std::string childPath(StringRef a, StringRef b) {
  SmallString<256> path(a);
  sys::path::append(path, b);
  return std::string(path);
}

} // namespace

std::string symc::runtime::cacheKey(const CompileRequest &request) {
  // The IR (megabytes for a deep graph) enters as its xxh3-128 digest:
  // LLVM's SHA-256 hashes about 200 MB/s, 15 ms of B4's N=5000 gradient,
  // xxh3 100 times faster. 128 bits make an accidental collision
  // negligible; the cache never needed resistance to crafted collisions,
  // since whoever can write IR for it can write its directory.
  llvm::XXH128_hash_t ir = llvm::xxh3_128bits(
      ArrayRef<uint8_t>(request.ir.bytes_begin(), request.ir.size()));
  return KeyHasher()
      .add("symc-compile-cache")
      .add(std::to_string(kFormat))
      .add(formatv("{0:x16}{1:x16}-{2}", ir.high64, ir.low64,
                   request.ir.size())
               .str())
      .add(request.function)
      .add(request.pipeline)
      .add(std::to_string(request.optLevel))
      .add(compilerIdentity())
      .hex();
}

std::string CompileCache::entryDir(StringRef key) const {
  return childPath(childPath(root, key.take_front(2)), key);
}

std::optional<CompiledObject> CompileCache::lookup(StringRef key,
                                                   bool &damaged) const {
  damaged = false;
  std::string dir = entryDir(key);
  auto metaBuffer = MemoryBuffer::getFile(childPath(dir, "meta.json"), /*IsText=*/true);
  if (!metaBuffer) {
    // A directory without metadata is damaged; no directory is a plain miss.
    damaged = sys::fs::exists(dir);
    return std::nullopt;
  }
  damaged = true;
  Expected<json::Value> meta = json::parse((*metaBuffer)->getBuffer());
  if (!meta) {
    consumeError(meta.takeError());
    return std::nullopt;
  }
  const json::Object *object = meta->getAsObject();
  if (!object)
    return std::nullopt;
  std::optional<int64_t> format = object->getInteger("format");
  std::optional<StringRef> storedKey = object->getString("key");
  std::optional<StringRef> symbol = object->getString("symbol");
  std::optional<StringRef> checksum = object->getString("checksum");
  std::optional<int64_t> objectSize = object->getInteger("object_size");
  std::optional<StringRef> objectSha = object->getString("object_sha256");
  const json::Value *signatureValue = object->get("signature");
  if (!format || *format != kFormat || !storedKey || *storedKey != key ||
      !symbol || !checksum || !objectSize || !objectSha || !signatureValue)
    return std::nullopt;
  std::string signatureText;
  raw_string_ostream(signatureText) << *signatureValue;
  if (*checksum != metaChecksum(key, *symbol, signatureText, *objectSize, *objectSha))
    return std::nullopt;
  std::optional<Signature> signature = Signature::fromJSON(*signatureValue);
  if (!signature)
    return std::nullopt;
  auto objectBuffer = MemoryBuffer::getFile(childPath(dir, "object.o"), /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!objectBuffer || int64_t((*objectBuffer)->getBufferSize()) != *objectSize ||
      sha256Hex((*objectBuffer)->getBuffer()) != *objectSha)
    return std::nullopt;
  damaged = false;
  return CompiledObject{(*objectBuffer)->getBuffer().str(), symbol->str(),
                        std::move(*signature)};
}

void CompileCache::store(StringRef key, const CompiledObject &compiled,
                         const CompileRequest &request, double compileSeconds,
                         bool replaceDamaged) const {
  std::string shard = childPath(root, key.take_front(2));
  if (sys::fs::create_directories(shard))
    return;
  std::string tmp = childPath(root, (".tmp-" + key.take_front(16) + "-" + uniqueSuffix()).str());
  if (sys::fs::create_directory(tmp, /*IgnoreExisting=*/false))
    return;

  json::Value signature = compiled.signature.toJSON();
  std::string signatureText;
  raw_string_ostream(signatureText) << signature;
  std::string objectSha = sha256Hex(compiled.object);
  int64_t objectSize = int64_t(compiled.object.size());
  json::Object meta{
      {"format", kFormat},
      {"key", key},
      {"function", request.function},
      {"pipeline", request.pipeline},
      {"opt_level", request.optLevel},
      {"symbol", compiled.entrySymbol},
      {"signature", std::move(signature)},
      {"object_size", objectSize},
      {"object_sha256", objectSha},
      {"checksum", metaChecksum(key, compiled.entrySymbol, signatureText,
                                objectSize, objectSha)},
      {"compile_seconds", compileSeconds},
      {"created", int64_t(std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count())},
      {"compiler", compilerIdentity()},
  };
  std::string metaText;
  raw_string_ostream(metaText) << formatv("{0:2}", json::Value(std::move(meta)));
  // The metadata goes last: a directory is only ever renamed whole, but an
  // entry someone copied by hand half-way still has no metadata.
  if (!writeFile(childPath(tmp, "object.o"), compiled.object) ||
      !writeFile(childPath(tmp, "module.mlir"), request.ir) ||
      !writeFile(childPath(tmp, "meta.json"), metaText)) {
    sys::fs::remove_directories(tmp);
    return;
  }
  std::string dir = entryDir(key);
  if (replaceDamaged) {
    std::string trash = childPath(root, (".trash-" + key.take_front(16) + "-" + uniqueSuffix()).str());
    if (!sys::fs::rename(dir, trash))
      sys::fs::remove_directories(trash);
  }
  // Fails when another process installed the same entry first: keep theirs.
  if (sys::fs::rename(tmp, dir))
    sys::fs::remove_directories(tmp);
}
