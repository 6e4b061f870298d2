// TikTok's "Download your data" in JSON (../shared/FORMATS.md 5.7): one file, user_data_tiktok.json (or
// user_data.json), one object of sections. Posts are Video.Videos.VideoList (Date, Title, Link, WhoCanView),
// comments Comment.Comments.CommentsList (date, comment), likes Activity."Like List". Key case varies between
// lists and empty lists are null. Dates carry no zone: they are read in the zone chosen for days and hours.
// Videos shown to friends or to their author only are private: counted apart unless asked. Only those three
// sections are read: direct messages, login and search history and the rest are stepped over unread.
#pragma once

#include "format.h"

namespace chorus {

/// The TikTok export format (registry entry).
const format& tiktok_format();

}  // namespace chorus
