// Conversions between `file:` URIs (RFC 8089, as LSP clients send them) and local paths.
// Pure functions; any thread may call them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace closurelens::server {

// The local path of a `file:` URI, percent-decoded; nullopt for other schemes (untitled:, ...) or
// a URI naming another host.
std::optional<std::filesystem::path> pathFromUri(std::string_view uri);

// The `file:` URI of an absolute path, percent-encoding what RFC 3986 does not allow in a path.
std::string uriFromPath(const std::filesystem::path& path);

} // namespace closurelens::server
