// Twitter API v1.1 statuses as JSON Lines: one tweet object per line, as twarc (v1) and the streaming API
// wrote them; a single pretty-printed status too.
#pragma once

#include "format.h"

namespace chorus {

/// The Twitter API v1.1 JSON Lines format (registry entry).
const format& twitter_v1_jsonl_format();

}  // namespace chorus
