// Reddit's data request export (../shared/FORMATS.md 5.5): a ZIP of CSV files, of which posts.csv
// (id,permalink,date,ip,subreddit,gildings,title,url,body) and comments.csv
// (id,permalink,date,ip,subreddit,gildings,link,parent,body,media) hold what a person wrote. Dates are
// "YYYY-MM-DD HH:MM:SS UTC"; bodies are Markdown over several lines. The IP column is never read, and messages,
// chats, IP logs and the other private files are never opened.
#pragma once

#include "format.h"

namespace chorus {

/// The Reddit export format (registry entry).
const format& reddit_format();

}  // namespace chorus
