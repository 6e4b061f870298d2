// snscrape's Twitter output (`snscrape --jsonl twitter-search ...`): one Tweet object per line, each nested
// object tagged with its Python class in `_type`. Versions up to 0.4 wrote `content`, later ones `rawContent`.
#pragma once

#include "format.h"

namespace chorus {

/// The snscrape JSON Lines format (registry entry).
const format& snscrape_format();

}  // namespace chorus
