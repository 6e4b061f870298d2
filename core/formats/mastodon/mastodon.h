// A Mastodon account archive (../shared/FORMATS.md section 3): the ZIP of later 4.x versions, the .tar.gz of
// earlier ones, or its files loose. outbox.json holds the posts (Create of a Note) and boosts (Announce) as
// ActivityPub activities, likes.json the liked posts' addresses, actor.json the account. Followers-only and
// direct posts are private: counted apart and left out of the summary unless the user asks for them.
#pragma once

#include "format.h"

namespace chorus {

/// The Mastodon archive format (registry entry).
const format& mastodon_format();

}  // namespace chorus
