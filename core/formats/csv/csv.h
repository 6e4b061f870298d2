// Posts in CSV files: the layouts research tools write (twarc-csv for API v2, twarc 1's json2csv, the X
// archive's Grailbird tweets.csv), recognised by their header row, and any other table once the user has
// said which columns hold the time, the text and the rest (reader_options::columns).
#pragma once

#include "format.h"

namespace chorus {

/// The CSV format (registry entry).
const format& csv_format();

}  // namespace chorus
