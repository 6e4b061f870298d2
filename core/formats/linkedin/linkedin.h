// LinkedIn's "Get a copy of your data" (../shared/FORMATS.md 5.6): Shares.csv (Date, ShareLink, ShareCommentary,
// SharedUrl, MediaUrl, Visibility) and Comments.csv (Date, Link, Message), read as LinkedIn writes them: in
// Shares.csv every line of a post's text is wrapped in quotes of its own; Comments.csv is not RFC 4180 (quotes
// only where needed, inner quotes as \"), so a comment starts at a line that begins with a date and a LinkedIn
// link. Dates carry no zone: they are read in the zone chosen for days and hours (reader_options::local_zone).
// Messages, connections, contacts and logins are never opened.
#pragma once

#include "format.h"

namespace chorus {

/// The LinkedIn export format (registry entry).
const format& linkedin_format();

}  // namespace chorus
