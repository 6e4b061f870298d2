// Twitter API v2 captures as twarc2 writes them, one JSON document per line: response pages (`data` with
// `includes`, `errors`, `meta`), filtered-stream lines (`data` an object, `matching_rules`), `twarc2 flatten`
// output (one tweet per line with its `author` and referenced tweets inline), and the compliance records and
// error lines such files also hold.
#pragma once

#include "format.h"

namespace chorus {

/// The Twitter API v2 format (registry entry).
const format& twitter_api_v2_format();

}  // namespace chorus
