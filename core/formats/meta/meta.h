// Meta's "Download your information" in JSON (../shared/FORMATS.md section 5): Instagram (posts_N.json,
// post_comments_N.json and the older comments_media_comments, liked_posts.json), Facebook (your_posts_N.json
// and its 2024 name, comments.json) and Threads (threads_and_replies.json, inside the Instagram export), from the
// ZIP, a folder or loose files, in the older and the 2024-25 folder layouts. Three platforms, so three formats,
// sharing one reader: Meta writes the UTF-8 bytes of every string as if each were a character ("é" as "Ã©"),
// which is repaired, exactly and only where it happened, and counted. Messages, contacts, logins and the rest of
// the export are never opened.
#pragma once

#include "format.h"

namespace chorus {

/// The Instagram, Facebook and Threads formats (three registry entries).
const format& instagram_format();
const format& facebook_format();
const format& threads_format();

}  // namespace chorus
