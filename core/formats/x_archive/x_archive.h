// The X (Twitter) archive: data/tweets.js and its parts, tweet.js (to 2022), deleted-tweets.js, the old
// Grailbird month files, note-tweet.js (long posts), like.js and manifest.js; also a plain JSON array of
// tweets dropped on its own.
#pragma once

#include "format.h"

namespace chorus {

/// The X archive format (registry entry).
const format& x_archive_format();

}  // namespace chorus
