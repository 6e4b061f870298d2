// A Bluesky repository as downloaded (Settings, "Export my data": a .car file from com.atproto.sync.getRepo;
// ../shared/FORMATS.md section 4). A CAR v1 file is a header naming the root (the commit) and then blocks of
// DAG-CBOR in any order: the commit points to a Merkle Search Tree whose keys are "<collection>/<record key>"
// and whose values are the records' blocks. Posts are app.bsky.feed.post records, reposts app.bsky.feed.repost;
// likes (app.bsky.feed.like) are counted. Only records the tree reaches from the commit count: older versions
// and deleted records that a legacy repository still carries are left out, and records the tree names that are
// not in the file (a partial export) are reported.
#pragma once

#include "format.h"

namespace chorus {

/// The Bluesky repository format (registry entry).
const format& bluesky_format();

}  // namespace chorus
